"""``maturity history`` and ``maturity diff``: what was recorded, and what changed since."""

from __future__ import annotations

import json
from collections.abc import Callable, MutableMapping, Sequence
from pathlib import Path
from typing import Any

import click

from maturity.cli.options import make_session, session_options
from maturity.cli.terminal import emit, lang_option

_LANG = lang_option("Language of the output.")
_HISTORY = click.option(
    "--history",
    "history_path",
    metavar="PATH",
    help="History file [default: .maturity/history.sqlite in the current "
    "folder, or beside CLIENT when it is a model file; also "
    "MATURITY_HISTORY].",
)


@click.command()
@click.argument("client", required=False, metavar="[CLIENT]")
@_HISTORY
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@_LANG
def history(client: str | None, history_path: str | None, fmt: str, lang: str) -> None:
    """List recorded assessments (`maturity assess MODEL --record`), oldest first.

    CLIENT is a client's name (the organization's name unless --client was
    given when recording; any case), or a model file: then the history beside
    it, for its organization. Without CLIENT, every client's assessments.
    Example:

        maturity history "表格侠 FormHero"
    """
    from maturity.history.store import HistoryStore, default_path

    model = client if client and Path(client).is_file() else None
    if model is not None:
        client = str(make_session({"no_config": True}, (model,)).load(model).organization["name"])
    with HistoryStore(default_path(model, history_path), create=False) as store:
        entries = store.entries(client)
    if fmt == "json":
        click.echo(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=2))
        return
    click.echo(history_table(entries, lang), nl=False)


def history_table(entries: Sequence[Any], lang: str) -> str:
    """The entries as an aligned table: id, date, client, level, stages, label."""
    from maturity.history.render import readable_time
    from maturity.i18n import t
    from maturity.model.vocabulary import STAGES
    from maturity.terminal import aligned, clean

    if not entries:
        return t("history.history_empty", lang) + "\n"
    head = [
        "#",
        t("history.when", lang),
        t("history.client", lang),
        t("level", lang),
        *(t(s, lang) for s in STAGES),
        t("history.label", lang),
    ]
    rows = [head]
    for e in entries:
        stages = [_score(e.stages.get(s)) for s in STAGES]
        rows.append(
            [
                str(e.id),
                readable_time(e.recorded_at),
                clean(e.client),
                t(e.level, lang),
                *stages,
                clean(e.label),
            ]
        )
    return aligned(rows)


def _score(value: float | None) -> str:
    return "–" if value is None else f"{round(value)}"  # stage scores run 0-100


@click.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "markdown", "html", "json"]),
    default="text",
    show_default=True,
)
@click.option("--output", "-o", metavar="PATH", help="Write to PATH (atomically) instead.")
@_LANG
@_HISTORY
@session_options
def diff(
    old: str,
    new: str,
    fmt: str,
    output: str | None,
    lang: str,
    history_path: str | None,
    **options: Any,
) -> None:
    """Say what changed between two assessments of a client, and what that did to the scores.

    OLD and NEW are model files (assessed now) or recorded assessments: #3 or 3,
    as `maturity history` numbers them, read from --history, else from the
    history beside the model file given as the other argument, else from
    .maturity/history.sqlite in the current folder. Reports the organization's changes
    (departments and flows added, removed, changed), the level and stage
    changes, which findings flipped and why. When the engine or the rule packs
    changed in between, the older side is re-assessed with the current packs,
    so that a changed rule is not taken for progress. Examples:

        maturity diff client-q1.toml client-q2.toml
        maturity diff 1 3 --format html -o changes.html --lang zh
        maturity diff 1 clients/formhero.toml   # #1 beside the model, vs the model now
    """
    from maturity.history.diff import diff as make_diff
    from maturity.history.diff import resolve
    from maturity.history.render import render
    from maturity.outpaths import Outputs

    files = tuple(p for p in (old, new) if Path(p).is_file())
    output = Outputs([*files, history_path]).claim(output, "the diff")
    session = make_session(options, files)
    beside = files[0] if files else None
    before = resolve(old, session, lang, history_path, beside)
    after = resolve(new, session, lang, history_path, beside)
    emit(render(make_diff(before, after, session, lang), fmt, lang), output, lang=lang)


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


COMMANDS = (history, diff)
