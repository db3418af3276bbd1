"""What ``maturity assess --record`` and ``--trend`` do: store the run, attach the trend.

The options themselves are in :mod:`maturity.cli.history`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import replace
from typing import Any

#: How many recorded assessments the report's trend shows at most (the latest ones).
TREND_LIMIT = 12


def attach_history(
    settings: Mapping[str, Any], model_path: str, model: Any, report: MutableMapping[str, Any]
) -> str | None:
    """Record the assessment when asked, and put the client's trend in the report.

    Returns what was recorded (or why there is no trend), in words for the terminal,
    or None.
    """
    if not settings.get("record") and not settings.get("trend"):
        return None
    from maturity.history.store import HistoryStore, default_path
    from maturity.i18n import t

    lang = settings.get("lang") or "en"
    path = default_path(model_path, settings.get("history_path"))
    if not settings.get("record") and not path.exists():
        return t("history.no_trend_note", lang, path=path)
    client = settings.get("client") or str(report["organization"]["name"])
    done = None
    with HistoryStore(path, create=bool(settings.get("record"))) as store:
        if settings.get("record"):
            entry = store.record(
                client,
                dict(model.data),
                report,
                source=str(model_path),
                label=settings.get("label") or "",
            )
            done = t("history.recorded_note", lang, id=entry.id, client=client, path=path)
        entries = store.entries(client)
    report["history"] = [e.as_dict() for e in entries[-TREND_LIMIT:]]
    return done if settings.get("record") else None


def record_many(
    settings: Mapping[str, Any],
    session: Any,
    items: Sequence[Any],
    render: Callable[[Mapping[str, Any]], str] | None = None,
) -> tuple[list[str], list[Any]]:
    """``--record`` or ``--trend`` with several models: record each assessed one.

    Returns the notes for the terminal and the items, each report carrying its
    client's trend and its document rendered again with ``render`` so that the
    trend shows, as it does for one model.
    """
    done: list[str] = []
    if not settings.get("record") and not settings.get("trend"):
        return done, list(items)
    out = []
    for item in items:
        if item.report is None:
            out.append(item)
            continue
        model = session.load(item.file)
        report = dict(item.report)
        # Each model is its own client here: one --client for all would mix them.
        note = attach_history({**settings, "client": None}, item.file, model, report)
        done += [note] if note else []
        document = item.document
        if render is not None and document is not None:
            document = render(report)
        out.append(replace(item, report=report, document=document))
    return done, out
