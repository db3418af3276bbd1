"""``maturity discover``: the observed organization from event logs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from maturity.cli.options import session_options

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
    "--lang",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="Language of the drift report.",
)
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

    inputs = [*logs, *(p for p in (mapping_path, declared) if p)]
    steps.refuse_overwrite(output, inputs)
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
    elif scheduler or workers:
        raise click.UsageError(
            "--scheduler and --workers apply to --handover and --working-together"
        )
    elif declared:
        if mapping_path is None:
            raise click.UsageError("--compare needs --mapping (roles and flow kinds)")
        document = steps.drift_document(
            logs,
            mapping_path,
            declared,
            steps.Choice(fmt, DRIFT_FORMATS, "text"),
            lang,
            (min_count, min_share),
            options,
        )
    else:
        if mapping_path is None:
            raise click.UsageError(
                "a model needs --mapping (roles and flow kinds); "
                "use --handover for the network alone"
            )
        default = "json" if output and Path(output).suffix.lower() == ".json" else "toml"
        document = steps.model_document(
            logs,
            mapping_path,
            steps.Choice(fmt, MODEL_FORMATS, default),
            (min_count, min_share),
            options,
        )
    steps.emit(document, output)
