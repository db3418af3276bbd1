"""What ``maturity assess --record`` and ``--trend`` do: store the run, attach the trend."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any

import click

#: How many recorded assessments the report's trend shows at most (the latest ones).
TREND_LIMIT = 12


def history_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--record``, ``--trend``, ``--history``, ``--client`` and ``--label``."""
    options = [
        click.option(
            "--record",
            is_flag=True,
            help="Store this assessment in the history file (see --history); the "
            "HTML and Markdown reports then show the client's trend.",
        ),
        click.option(
            "--trend",
            is_flag=True,
            help="Show the client's recorded trend in the report without recording.",
        ),
        click.option(
            "--history",
            "history_path",
            metavar="PATH",
            help="History file [default: .maturity/history.sqlite beside the model; "
            "also MATURITY_HISTORY].",
        ),
        click.option(
            "--client",
            metavar="NAME",
            help="Client the assessment is recorded under [default: the organization's name].",
        ),
        click.option(
            "--label",
            default="",
            metavar="TEXT",
            help="A note stored with the recorded assessment, e.g. 2026-Q1.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def pop_history_options(options: MutableMapping[str, Any]) -> dict[str, Any]:
    """Take this module's options out of a command's keyword arguments."""
    names = ("record", "trend", "history_path", "client", "label")
    return {name: options.pop(name, None) for name in names}


def attach_history(
    settings: Mapping[str, Any], model_path: str, model: Any, report: MutableMapping[str, Any]
) -> None:
    """Record the assessment when asked, and put the client's trend in the report."""
    if not settings.get("record") and not settings.get("trend"):
        return
    from maturity.history.store import HistoryStore, default_path

    path = default_path(model_path, settings.get("history_path"))
    client = settings.get("client") or str(report["organization"]["name"])
    with HistoryStore(path, create=bool(settings.get("record"))) as store:
        if settings.get("record"):
            entry = store.record(
                client,
                dict(model.data),
                report,
                source=str(model_path),
                label=settings.get("label") or "",
            )
            click.echo(f"recorded assessment #{entry.id} of {client} in {path}", err=True)
        entries = store.entries(client)
    report["history"] = [e.as_dict() for e in entries[-TREND_LIMIT:]]


def record_many(settings: Mapping[str, Any], session: Any, items: Sequence[Any]) -> None:
    """``--record`` with several models: record each one that was assessed."""
    if not settings.get("record"):
        return
    for item in items:
        if item.report is None:
            continue
        model = session.load(item.file)
        # Each model is its own client here: one --client for all would mix them.
        one = {**settings, "trend": False, "client": None}
        attach_history(one, item.file, model, dict(item.report))
