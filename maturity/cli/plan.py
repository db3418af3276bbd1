"""``maturity plan``: the changes that reach a level or stage scores, simulated."""

from __future__ import annotations

import json
from typing import Any

import click

from maturity.cli.assess import run_outputs
from maturity.cli.options import ExitCode, make_session, session_options
from maturity.cli.terminal import LANG, NO_COLOR, _emit, wrote


def _targets(values: Any) -> Any:
    from maturity.fixes.targets import TargetError, parse_targets

    try:
        return parse_targets(values)
    except TargetError as exc:
        raise click.BadParameter(str(exc), param_hint="--target") from None


@click.command()
@click.argument("file", type=click.Path(path_type=str))
@click.option(
    "--target",
    "-t",
    "targets",
    required=True,
    multiple=True,
    metavar="LEVEL|STAGE=SCORE",
    callback=lambda _ctx, _param, values: _targets(values),
    help="What to reach: a level (intermediate, advanced) and/or a minimum stage score "
    "such as quantify=60 (refine, deliver, realize, quantify; 0-100). Repeatable.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@LANG
@click.option(
    "--write-model",
    metavar="PATH",
    help="Write the target organization to PATH as a TOML model (atomically).",
)
@click.option(
    "--output",
    "-o",
    metavar="PATH",
    help="Write the plan to PATH instead (never the model, nor the path of --write-model).",
)
@NO_COLOR
@session_options
def plan(
    file: str,
    targets: Any,
    fmt: str,
    lang: str,
    write_model: str | None,
    output: str | None,
    no_color: bool = False,
    **options: Any,
) -> None:
    """Plan the changes that reach a target: pick fixes, apply them, re-assess.

    The target is a level, stage scores, or both; a plan for stage scores
    alone keeps the current level. Exit 0 when the target is reached, 1 when
    fixes alone cannot reach it (the plan says which rules still fail and
    why). See docs/plan.md. Examples:

        maturity plan examples/beginner.toml --target intermediate --write-model next.toml

        maturity plan examples/beginner.toml --target quantify=60
    """
    from maturity.cli.console import progress
    from maturity.errors import UsageError
    from maturity.fixes.plan import make_plan, write_target
    from maturity.report.plan_contract import plan_data
    from maturity.report.plan_text import render_plan

    session = make_session(options, (file,))
    outputs = run_outputs(session, [file])
    output = outputs.claim(output, "the plan")
    if write_model is not None:
        write_model = outputs.claim(write_model, "the model of --write-model")
        if write_model is None:
            raise UsageError("--write-model: give a file path (the model is TOML or JSON)")
    with progress(f"planning {file}…"):
        result = make_plan(session, session.load(file), targets, lang)
        document = plan_data(result, lang)
    if fmt == "json":
        _emit(json.dumps(document, ensure_ascii=False, indent=2) + "\n", output, lang=lang)
    else:
        _emit(render_plan(document, lang), output, terminal=True, no_color=no_color, lang=lang)
    if write_model:
        write_target(write_model, result)
        wrote(write_model, lang)
    if not result.reached:
        raise ExitCode(1)
