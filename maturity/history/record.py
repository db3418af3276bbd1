"""What ``maturity assess --record`` and ``--trend`` do: store the run, attach the trend.

The options themselves are in :mod:`maturity.cli.history`.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
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

    path = default_path(model_path, settings.get("history_path"))
    if not settings.get("record") and not path.exists():
        return f"note: no assessment history at {path} yet, so the report shows no trend"
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
            done = f"recorded assessment #{entry.id} of {client} in {path}"
        entries = store.entries(client)
    report["history"] = [e.as_dict() for e in entries[-TREND_LIMIT:]]
    return done if settings.get("record") else None


def record_many(settings: Mapping[str, Any], session: Any, items: Sequence[Any]) -> list[str]:
    """``--record`` with several models: record each one that was assessed."""
    done: list[str] = []
    if not settings.get("record"):
        return done
    for item in items:
        if item.report is None:
            continue
        model = session.load(item.file)
        # Each model is its own client here: one --client for all would mix them.
        one = {**settings, "trend": False, "client": None}
        note = attach_history(one, item.file, model, dict(item.report))
        done += [note] if note else []
    return done
