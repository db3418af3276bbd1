"""``maturity export`` and ``maturity import``: a model to a workbook or CSV files, and back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from maturity.cli.options import make_session, session_options
from maturity.cli.terminal import lang_option, wrote

_FORMATS = ("xlsx", "csv")


def _format(fmt: str | None, path: str) -> str:
    if fmt:
        return fmt
    return "csv" if Path(path).is_dir() or path.lower().endswith(".csv") else "xlsx"


@click.command("export")
@click.argument("model", type=click.Path(path_type=str))
@click.option(
    "--output",
    "-o",
    required=True,
    metavar="PATH",
    help="The workbook to write (.xlsx), or with --format csv an existing folder.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS),
    metavar="FORMAT",
    help="xlsx (a workbook; needs maturity[sheets]) or csv (organization.csv, "
    "roles.csv, flows.csv, practices.csv) [default: from PATH].",
)
@lang_option("Language of the field descriptions (headers carry both).")
@session_options
def export_model(model: str, output: str, fmt: str | None, lang: str, **options: Any) -> None:
    """Write a model as a workbook (sheets organization, roles, flows, practices) or CSV files.

    The workbook has drop-downs for kinds (plugins' included), cadences, yes/no
    fields and role ids, headers in English and Chinese, and imports back to
    the same model. Examples:

        maturity export client.toml -o client.xlsx
        maturity export client.toml --format csv -o client-tables/
    """
    session = make_session(options, (model,))
    loaded = session.load(model)
    vocabulary = session.registry.vocabulary
    if _format(fmt, output) == "csv":
        from maturity.intake.csvfiles import write_csv

        for path in write_csv(output, loaded.data, vocabulary, lang):
            wrote(path, lang)
        return
    from maturity.cli.assess import _refuse_overwriting_inputs
    from maturity.intake.workbook import write_workbook

    _refuse_overwriting_inputs(output, [model])
    write_workbook(output, loaded.data, vocabulary, lang)
    wrote(output, lang)


@click.command("import")
@click.argument(
    "sources", nargs=-1, required=True, metavar="WORKBOOK|CSV...", type=click.Path(path_type=str)
)
@click.option(
    "--output",
    "-o",
    required=True,
    metavar="PATH",
    help="The model to write: TOML, or JSON when PATH ends in .json (never overwrites a source).",
)
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@session_options
def import_model(sources: tuple[str, ...], output: str, force: bool, **options: Any) -> None:
    """Read a workbook (.xlsx) or CSV files back into a validated model.

    Problems are reported with their sheet, row and column, all at once (exit 2),
    and nothing is written then. CSV: a folder holding organization.csv,
    roles.csv, flows.csv and practices.csv, or those files. Example:

        maturity import client.xlsx -o client.toml
    """
    from maturity.cli.assess import _refuse_overwriting_inputs
    from maturity.errors import OutputError
    from maturity.model import validate_data
    from maturity.model.writer import write_model

    _refuse_overwriting_inputs(output, sources)
    if Path(output).exists() and not force:
        raise OutputError(f"{output}: already exists; choose another path or add --force")
    session = make_session(options)
    vocabulary = session.registry.vocabulary
    if _format(None, sources[0]) == "csv":
        from maturity.intake.csvfiles import read_csv

        data = read_csv(sources, vocabulary)
    else:
        from maturity.intake.workbook import read_workbook

        data = read_workbook(sources[0], vocabulary)
    header = [f"Imported from {', '.join(Path(s).name for s in sources)} by maturity import."]
    write_model(output, validate_data(data, output, vocabulary), header)
    click.echo(f"wrote {output}; check it with: maturity assess {output}", err=True)


COMMANDS = (export_model, import_model)


def run_interview(
    target: str, lang: str, answers: str | None, save_answers: str | None, options: dict[str, Any]
) -> None:
    """``maturity init --interview``: ask (or replay ``answers``), then write ``target``."""
    import sys

    from maturity.errors import UsageError
    from maturity.intake.commented import _plain, commented_model
    from maturity.intake.facts import pack_facts, widened
    from maturity.intake.interview import Interview
    from maturity.model import validate_data
    from maturity.output import write_atomic

    session = make_session(options)
    vocabulary = session.registry.vocabulary
    if answers:
        from maturity.intake.answers import AnswersFile

        asker: Any = AnswersFile(answers)
    elif not sys.stdin.isatty():
        raise UsageError(
            "--interview asks at a terminal; without one, replay a file: "
            "--answers FILE (see docs/workflow.md)"
        )
    else:
        from maturity.intake.terminal import Terminal

        asker = Terminal(lang)
    facts = pack_facts(session.packs, vocabulary)
    if answers:  # replay every answer the format can hold, not only what the packs read
        facts = widened(facts, vocabulary)
    transcript = Interview(facts, vocabulary, asker, lang, wide=bool(answers)).run()
    if answers:
        asker.finish()
    validate_data(_plain(transcript.data), answers or target, vocabulary)
    write_atomic(target, commented_model(transcript, lang))
    if save_answers:
        from maturity.intake.answers import dump_answers

        dump_answers(transcript.answers, save_answers)
        wrote(save_answers, lang)
    from maturity.i18n import t

    click.echo(t("cli.wrote_check", lang, path=target))


def write_answers_template(target: str, lang: str, options: dict[str, Any]) -> None:
    """``maturity init --answers-template FILE``: the blank answers file (never overwrites)."""
    from maturity.errors import OutputError
    from maturity.intake.blank import answers_template
    from maturity.intake.facts import pack_facts
    from maturity.outpaths import Outputs
    from maturity.output import write_atomic

    path = Outputs([]).claim(target, "the answers template")
    if path is not None and Path(path).exists():
        raise OutputError(f"{path}: already exists; choose another path or remove it")
    session = make_session(options)
    vocabulary = session.registry.vocabulary
    text = answers_template(pack_facts(session.packs, vocabulary), vocabulary, lang)
    if path is None:  # "-": standard output
        click.echo(text, nl=False)
        return
    write_atomic(path, text)
    from maturity.i18n import t

    click.echo(t("cli.wrote_fill", lang, path=path))
