"""Commands about the model file: ``validate``, ``init`` and ``graph``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from maturity.cli.options import LANG_CHOICE, ExitCode, make_session, session_options
from maturity.cli.terminal import LANG, _emit, visible


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@session_options
def validate(files: tuple[str, ...], **options: Any) -> None:
    """Check organization models: syntax, schema, references, cycles. Exit 2 when invalid.

    FILE is a model, or a directory: every model file inside is checked, sorted by name.
    """
    from maturity.errors import ModelError
    from maturity.report.portfolio import expand

    session = make_session(options, files)
    failed = False
    for name in expand(files, (s for loader in session.loaders for s in loader.suffixes)):
        try:
            model = session.load(name)
        except ModelError as exc:
            failed = True
            for line in exc.lines():
                click.echo(f"error: {visible(line)}", err=True)
            continue
        click.echo(f"{visible(name)}: ok ({len(model.roles)} roles, {len(model.flows)} flows)")
    if failed:
        raise ExitCode(2)


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=str))
@click.option(
    "--output",
    "-o",
    metavar="PATH",
    help="Where to write the model (same as PATH) [default: organization.toml].",
)
@click.option(
    "--lang",
    type=LANG_CHOICE,
    default="en",
    show_default=True,
    help="Language of the template's comments and names, or of the interview.",
)
@click.option(
    "--interview",
    is_flag=True,
    help="Ask what the enabled rule packs need to know, then write the model "
    "(needs maturity[interview]; Enter skips a question).",
)
@click.option(
    "--answers",
    metavar="FILE",
    help="Replay an answers file (TOML or JSON) instead of asking; implies "
    "--interview. See docs/workflow.md.",
)
@click.option(
    "--save-answers",
    metavar="FILE",
    help="Also write the interview's answers to FILE, to replay or edit later.",
)
@click.option(
    "--answers-template",
    "template",
    metavar="FILE",
    help="Write a blank answers file instead: every question as a comment, to fill "
    "in (e.g. by email) and replay with --answers.",
)
@session_options
def init(path: str | None, output: str | None, lang: str, interview: bool, answers: str | None,
         save_answers: str | None, template: str | None, **options: Any) -> None:  # fmt: skip
    """Write a commented starter organization model to PATH (never overwrites; - prints it).

    With --interview, ask in the consultant's language about the organization,
    its departments, who sends what to whom, and its practices; the questions
    come from the enabled rule packs (plugins' too). Examples:

    \b
        maturity init --interview --lang zh -o client.toml
        maturity init --answers answers.toml -o client.toml
        maturity init --interview --answers-template answers.toml --lang zh
    """
    from maturity.errors import OutputError
    from maturity.model.template import starter_model
    from maturity.outpaths import Outputs
    from maturity.output import write_atomic

    if template:
        from maturity.cli.intake import write_answers_template

        write_answers_template(template, lang, options)
        return
    path = output or path or "organization.toml"
    outputs = Outputs([answers] if answers else [])
    if outputs.claim(path, "the model") is None:
        if interview or answers:
            raise OutputError("-: the interview writes a model file; give a path")
        click.echo(starter_model(lang), nl=False)
        return
    if save_answers:
        outputs.claim(save_answers, "the answers of --save-answers")
    if Path(path).exists():
        raise OutputError(f"{path}: already exists; choose another path or remove it")
    if interview or answers:
        from maturity.cli.intake import run_interview

        run_interview(path, lang, answers, save_answers, options)
        return
    write_atomic(path, starter_model(lang))
    from maturity.i18n import t

    click.echo(t("cli.wrote_edit", lang, path=path))


@click.command()
@click.argument("file", type=click.Path(path_type=str))
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["dot", "mermaid", "svg"]),
    default="dot",
    show_default=True,
    help="Graphviz DOT, a Mermaid flowchart, or a standalone SVG.",
)
@click.option(
    "--output",
    "-o",
    metavar="PATH",
    help="Write to PATH (atomically) instead of standard output (- or /dev/stdout); "
    "never a device, a pipe or the model.",
)
@LANG
def graph(file: str, fmt: str, output: str | None, lang: str) -> None:
    """Draw a model's process graph (roles, and flows between them) without assessing it.

    Example:

        maturity graph examples/intermediate.toml --format svg -o graph.svg
    """
    from maturity.cli.assess import run_outputs
    from maturity.model.graph import build_graph
    from maturity.report.graph import draw
    from maturity.report.graph.view import graph_data

    session = make_session({}, (file,))
    target = run_outputs(session, [file]).claim(output, "the graph")
    model = session.load(file)
    _emit(draw(graph_data(build_graph(model)), fmt, lang), target, lang=lang)
