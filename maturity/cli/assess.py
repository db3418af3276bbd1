"""``maturity assess``: one model or a portfolio, in any report format."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from maturity.cli.history import history_options, pop_history_options
from maturity.cli.options import LEVEL_CHOICES, ExitCode, make_session, session_options
from maturity.cli.terminal import LANG, NO_COLOR, _emit, quick_exit, visible, wrote
from maturity.report.render import render_with


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--format",
    "-f",
    "fmt",
    default=None,
    metavar="FORMAT",
    help="Report format: text, json, markdown, html, or one a plugin adds (see `maturity "
    "plugins`) [default: from the suffix of -o FILE (.json, .md, .html…), else text].",
)
@click.option(
    "--output",
    "-o",
    metavar="PATH",
    help="Write the report to PATH (atomically) instead of standard output (- or "
    "/dev/stdout); with several models, PATH is a folder that gets one report per model. "
    "Never a device, a pipe or a file the run reads.",
)
@LANG
@click.option(
    "--fail-under",
    type=click.Choice(LEVEL_CHOICES),
    metavar="LEVEL",
    help="Exit 1 when the level achieved is below LEVEL (for CI).",
)
@click.option(
    "--date",
    "assessed_on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="The assessment date shown on the report (instead of the model's "
    "organization.assessed_on).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    metavar="N",
    help="Use up to N processes: N models at once, or for one large model, its path "
    "metrics shared among them [default: the number of CPUs; 1: one after another].",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Assess a portfolio on a Dask cluster, e.g. tcp://10.0.0.5:8786 (needs the "
    "'cluster' extra; every worker must read the model paths). Results as a local run.",
)
@NO_COLOR
@history_options
@session_options
def assess(files: tuple[str, ...], fmt: str | None, output: str | None, lang: str,
           fail_under: str | None, jobs: int | None, scheduler: str | None,
           assessed_on: Any = None, no_color: bool = False,
           **options: Any) -> None:  # fmt: skip
    """Assess organization models and report level, stages, findings and recommendations.

    FILE is a model in TOML or JSON (see docs/model.md), or a directory: every
    model file inside is assessed, sorted by name. With several models, a
    summary (file, organization, level, stage scores, failures, errors) follows
    the reports; with --format json the output is one portfolio document. A
    model with bad input does not stop the others (exit 2 at the end). Example:

        maturity assess examples/intermediate.toml --format json -o report.json
    """
    from maturity.cli.console import progress
    from maturity.cli.outcome import pick_format
    from maturity.history.record import attach_history
    from maturity.report.contract import build_report
    from maturity.report.portfolio import expand

    history = {**pop_history_options(options), "lang": lang}
    ending = quick_exit()  # a large model's objects need not be freed one by one at the end
    session = make_session(options, files)
    paths = expand(files, (s for loader in session.loaders for s in loader.suffixes))
    # The suffix of -o FILE names the format of one model's report (several need a folder).
    fmt = pick_format(fmt, output if len(paths) == 1 else None, session.registry.reporters)
    reporter = session.registry.reporters.get(fmt)
    if reporter is None:
        known = ", ".join(sorted(session.registry.reporters))
        message = session.explain_unknown(f"unknown format '{fmt}' (known: {known})")
        raise click.BadParameter(message, param_hint="--format")
    outputs = run_outputs(session, paths)
    date = assessed_on.date().isoformat() if assessed_on else None
    if jobs is not None:  # also the processes one large model's path metrics may use
        from maturity.engine.forked import use_processes

        previous = use_processes(jobs)
        click.get_current_context().call_on_close(lambda: use_processes(previous))
    if len(paths) > 1:
        _check_portfolio_output(reporter, output, len(paths))
        with progress(f"assessing {len(paths)} models…"):
            _assess_portfolio(session, paths, reporter, outputs, output, lang, fail_under,
                              jobs, history, scheduler, date)  # fmt: skip
        return
    target = outputs.claim(output, "the report")
    from maturity.model.nogc import paused_gc

    # One model, start to finish: nothing for the cyclic collector to find on the way.
    with progress(f"assessing {paths[0]}…"), paused_gc(resume=not ending):
        result = session.assess(session.load(paths[0]))
        report = build_report(result, lang, reporter.needs_graph, date=date)
        note = attach_history(history, paths[0], result.model, report)
        document = render_with(session, reporter, report, lang, encoded=True)
    if note:
        click.echo(note, err=True)
    _emit(document, target, terminal=fmt == "text", no_color=no_color, lang=lang)
    _exit_code([result], fail_under, [report])


def _check_portfolio_output(reporter: Any, output: str | None, count: int) -> None:
    """Several models in one stream must make one valid document of the format, or go to
    a folder: a format that can do neither says so before any model is assessed."""
    if reporter.name == "json" or reporter.concatenates or reporter.render_many is not None:
        return
    if output is not None and output != "-" and Path(output).is_dir():
        return
    from maturity.errors import UsageError

    raise UsageError(
        f"--format {reporter.name} makes one document per model, and {count} models "
        f"cannot share one: give -o FOLDER (an existing folder) to get "
        f"one {reporter.suffix} file per model"
    )


def render_many_with(session: Any, reporter: Any, reports: Any, lang: str) -> str:
    """Several reports as one document; a plugin's renderer that raises is its error."""
    return render_with(session, replace(reporter, render=reporter.render_many), reports, lang)


def _refuse_overwriting_inputs(output: str | None, inputs: Any) -> str | None:
    """The one output of a command that reads ``inputs``, checked (maturity.outpaths)."""
    from maturity.outpaths import Outputs

    return Outputs(inputs).claim(output, "the output")


def run_outputs(session: Any, inputs: Any) -> Any:
    """The run's output checker: nothing may replace a model or the configuration it reads."""
    from maturity.outpaths import Outputs

    return Outputs([*inputs, session.options.config.source])


def _assess_portfolio(session: Any, files: list[str], reporter: Any, outputs: Any,
                      output: str | None, lang: str, fail_under: str | None, jobs: int | None,
                      history: dict[str, Any], scheduler: str | None,
                      date: str | None = None) -> None:  # fmt: skip
    """Several models: reports in input order, then the summary; bad input exits 2 at the end.

    Each report is written as soon as it and those before it are done (unless the
    reports must all be there first: ``--record``, or a format that renders many).
    """
    from maturity.outpaths import is_stdout
    from maturity.report import portfolio

    as_json = reporter.name == "json"
    folder = not is_stdout(output) and Path(str(output)).is_dir()
    many = reporter.render_many is not None and not folder
    one_document = not folder and (as_json or many)
    if one_document:
        targets = {"": outputs.claim(output, "the portfolio report")}
    else:
        targets = _claim_reports(outputs, files, output, reporter.suffix)
    nested = as_json and not folder and not many
    recording = bool(history.get("record") or history.get("trend"))
    # Each item keeps its report until it is written: stderr says what failed and why a
    # model is below --fail-under, --record stores it, a format that renders many reads it.
    run = portfolio.Run(session, reporter.name, lang, render=not one_document,
                        nested=nested and not recording, keep_report=True,
                        date=date)  # fmt: skip
    if scheduler:
        from maturity.report.cluster import assess_on_cluster

        items: Iterable[Any] = assess_on_cluster(run, files, scheduler)
    else:
        items = portfolio.assess_iter(run, files, jobs)
    if recording:
        items = _record(portfolio, session, reporter, list(items), history, lang, nested)
    items = _report_problems(items, fail_under)
    if many:
        kept = list(items)
        reports = [i.report for i in kept if i.report is not None]
        _emit(render_many_with(session, reporter, reports, lang), targets[""], lang=lang)
        click.echo(portfolio.summary_table(kept, lang), nl=False, err=True)
    elif nested:
        kept = _write_document(portfolio, items, lang, targets[""])
    else:
        kept, written = [], set()
        for item in items:
            if item.document is not None:
                _emit(item.document, targets[item.file], lang=lang)
                written.add(item.file)
            kept.append(replace(item, document=None, report=None))
        click.echo(portfolio.summary_table(kept, lang), nl=False)
        if folder and reporter.name == "html":
            _write_index(kept, written, outputs, Path(str(output)), reporter.suffix, lang)
    code = portfolio.exit_code(kept, fail_under)
    if code:
        raise ExitCode(code)


def _record(portfolio: Any, session: Any, reporter: Any, items: list[Any],
            history: dict[str, Any], lang: str, nested: bool) -> list[Any]:  # fmt: skip
    """``--record`` each assessed model (its report gains ``history``), then nest the JSON."""
    from maturity.history.record import record_many

    notes, items = record_many(
        history, session, items, lambda report: render_with(session, reporter, report, lang)
    )
    for note in notes:
        click.echo(note, err=True)
    if not nested:
        return list(items)
    return [replace(i, document=portfolio.nest(i.report)) if i.report is not None else i
            for i in items]  # fmt: skip


def _report_problems(items: Iterable[Any], fail_under: str | None) -> Iterator[Any]:
    """Each model's load problems, rule and plugin errors, and why it is below --fail-under."""
    from maturity.cli.outcome import below_lines, problem_lines, tell

    for item in items:
        for line in item.problems:
            click.echo(f"error: {visible(line)}", err=True)
        if item.report is not None:
            tell(problem_lines(item.report, item.file))
            if fail_under is not None:
                tell(below_lines(item.report, fail_under, item.file))
        yield item


def _write_index(items: list[Any], written: set[str], outputs: Any, folder: Path,
                 suffix: str, lang: str) -> None:  # fmt: skip
    """``index.html`` beside the reports: a summary table linking each one."""
    from maturity.report.index import render_index

    links = {i.file: Path(i.file).stem + suffix for i in items if i.file in written}
    target = outputs.claim(str(folder / "index.html"), "the index page")
    _emit(render_index([i.row for i in items], links, lang), target, lang=lang)


def _write_document(portfolio: Any, items: Iterable[Any], lang: str,
                    target: Any) -> list[Any]:  # fmt: skip
    from maturity.outpaths import is_stdout

    if is_stdout(target):
        return list(portfolio.write_document(items, lang, lambda t: click.echo(t, nl=False)))
    from maturity.output import open_atomic

    with open_atomic(target) as handle:
        kept = portfolio.write_document(items, lang, lambda text: handle.write(text.encode()))
    wrote(target, lang)
    return list(kept)


def _claim_reports(outputs: Any, files: list[str], output: str | None,
                   suffix: str) -> dict[str, str | None]:  # fmt: skip
    """Each model's report path in the ``-o`` folder (None: standard output), all checked."""
    from maturity.outpaths import is_stdout

    if is_stdout(output):
        return dict.fromkeys(files)
    folder = outputs.claim_folder(str(output))
    return {
        name: outputs.claim(str(folder / (Path(name).stem + suffix)), f"the report of {name}")
        for name in files
    }


def _exit_code(results: list[Any], fail_under: str | None, reports: list[Any]) -> None:
    from maturity.cli.outcome import below_lines, problem_lines, tell

    for report in reports:
        tell(problem_lines(report))
        if fail_under is not None:
            tell(below_lines(report, fail_under))
    if any(r.has_errors for r in results):
        raise ExitCode(3)
    if fail_under is not None:
        floor = LEVEL_CHOICES.index(fail_under)
        if any(LEVEL_CHOICES.index(r.scores.levels.achieved) < floor for r in results):
            raise ExitCode(1)
