"""``maturity discover``: the observed organization from event logs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from maturity.cli.options import session_options
from maturity.cli.terminal import lang_option

MODEL_FORMATS = ("toml", "json")
NETWORK_FORMATS = ("csv", "json")
DRIFT_FORMATS = ("text", "markdown", "html", "json")


@click.command()
@click.argument("logs", nargs=-1, required=True, type=click.Path(path_type=str), metavar="LOG...")
@click.option(
    "--mapping",
    "-m",
    "mapping_path",
    metavar="MAP.toml",
    help="Mapping: columns, resource → role, role → kind, attributes → flow kind "
    "and flags (see docs/discover.md).",
)
@click.option(
    "--output", "-o", metavar="PATH", help="Write to PATH (atomically) instead of standard output."
)
@click.option(
    "--format",
    "-f",
    "fmt",
    metavar="FORMAT",
    help="Model: toml (default) or json. Network: csv (default) or json. "
    "Drift report: text (default), markdown, html or json.",
)
@click.option(
    "--handover",
    is_flag=True,
    help="Write the handover-of-work network (source, target, count, value).",
)
@click.option(
    "--working-together",
    is_flag=True,
    help="Write the working-together network (resources sharing a case).",
)
@click.option(
    "--by",
    type=click.Choice(["resource", "role"]),
    default="resource",
    show_default=True,
    help="Network nodes: resources, or roles (needs --mapping).",
)
@click.option(
    "--min-count",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Keep observed flows with at least this many hand-overs.",
)
@click.option(
    "--min-share",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Keep observed flows with at least this share of the sender's hand-overs of their kind.",
)
@click.option(
    "--compare",
    "declared",
    metavar="DECLARED.toml",
    help="Compare the observed organization with this declared model (drift report).",
)
@click.option(
    "--contradiction-share",
    type=click.FloatRange(0, 1, min_open=True),
    default=0.2,
    show_default=True,
    metavar="SHARE",
    help="With --compare: the share of a sender's hand-overs of a kind (or of a flow's) "
    "at or above which the log contradicts the declared model.",
)
@lang_option("Language of the drift report and of the notes on stderr.")
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    help="Count the network on this Dask scheduler (workers must see the logs).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    metavar="N",
    help="Count the network on a local Dask cluster of N worker processes.",
)
@session_options
def discover(
    logs: tuple[str, ...],
    mapping_path: str | None,
    output: str | None,
    fmt: str | None,
    handover: bool,
    working_together: bool,
    by: str,
    min_count: int,
    min_share: float,
    declared: str | None,
    contradiction_share: float,
    lang: str,
    scheduler: str | None,
    workers: int | None,
    **options: Any,
) -> None:
    """Discover the observed organization from event logs, or its handover network.

    LOG is an event log: CSV, Parquet or JSON Lines with the columns case,
    activity, resource and timestamp (XES names such as case:concept:name,
    concept:name, org:resource and time:timestamp work too), a Jira issue
    changelog export (.json) or a Zendesk ticket audit export (.json).
    Nothing is written when an input is bad (exit 2). Examples:

    \b
        maturity discover tickets.csv --handover -o handover.csv
        maturity discover tickets.csv --mapping mapping.toml -o observed.toml
        maturity discover tickets.csv --mapping mapping.toml --compare declared.toml
    """
    from maturity.discover import cli_steps as steps
    from maturity.discover.words import set_language

    set_language(lang)
    inputs = [*logs, *(p for p in (mapping_path, declared) if p)]
    output = steps.refuse_overwrite(output, inputs)
    if handover or working_together:
        document = steps.network_document(
            options,
            logs,
            mapping_path,
            steps.Choice(fmt, NETWORK_FORMATS, "csv"),
            by,
            "working_together" if working_together else "handover",
            scheduler,
            workers,
        )
    else:
        _embedded_note(scheduler, workers)
        thresholds = (min_count, min_share, contradiction_share)
        document = _observed_document(
            logs, mapping_path, declared, output, fmt, lang, thresholds, options
        )
    steps.emit(document, output)


def _embedded_note(scheduler: str | None, workers: int | None) -> None:
    """A Dask cluster counts only the networks: say so when asked for one anyway."""
    if not (scheduler or workers):
        return
    from maturity.discover.run import progress
    from maturity.discover.words import words

    asked = "--scheduler" if scheduler else "--workers"
    progress(words("note", text=words("embedded", option=asked)))


def _observed_document(
    logs: tuple[str, ...],
    mapping_path: str | None,
    declared: str | None,
    output: str | None,
    fmt: str | None,
    lang: str,
    thresholds: tuple[int, float, float],
    options: dict[str, Any],
) -> str:
    """The observed model, or with ``declared`` the drift report."""
    from maturity.discover import cli_steps as steps

    if mapping_path is None:
        raise click.UsageError(
            "--compare needs --mapping (roles and flow kinds)"
            if declared
            else "a model needs --mapping (roles and flow kinds); "
            "use --handover for the network alone"
        )
    if declared:
        choice = steps.Choice(fmt, DRIFT_FORMATS, "text")
        return steps.drift_document(logs, mapping_path, declared, choice, lang, thresholds, options)
    default = "json" if output and Path(output).suffix.lower() == ".json" else "toml"
    choice = steps.Choice(fmt, MODEL_FORMATS, default)
    return steps.model_document(logs, mapping_path, choice, thresholds[:2], options)
