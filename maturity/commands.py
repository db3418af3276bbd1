"""The built-in subcommands. Each stays thin: options in, library call, output out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from maturity.history.record import history_options
from maturity.options import LEVEL_CHOICES, ExitCode, make_session, session_options


def clean(text: Any) -> str:
    from maturity.report.text import clean as _clean

    return _clean(text)


def visible(text: Any) -> str:
    from maturity.report.text import visible as _visible

    return _visible(text)


LANG = click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
                    help="Language of the report and rule texts.")  # fmt: skip


def _emit(text: str, output: str | None) -> None:
    if output is None or output == "-":
        click.echo(text, nl=False)
    else:
        from maturity.output import write_atomic

        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--format",
    "-f",
    "fmt",
    default="text",
    show_default=True,
    metavar="FORMAT",
    help="Report format: text, json, or one a plugin adds (see `maturity plugins`).",
)
@click.option(
    "--output",
    "-o",
    metavar="PATH",
    help="Write the report to PATH (atomically) instead of standard output; with "
    "several models, PATH is a folder that gets one report per model.",
)
@LANG
@click.option(
    "--fail-under",
    type=click.Choice(LEVEL_CHOICES),
    metavar="LEVEL",
    help="Exit 1 when the level achieved is below LEVEL (for CI).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    metavar="N",
    help="Assess up to N models at once, in parallel processes "
    "[default: the number of CPUs; 1: one after another].",
)
@history_options
@session_options
def assess(files: tuple[str, ...], fmt: str, output: str | None, lang: str,
           fail_under: str | None, jobs: int | None, **options: Any) -> None:  # fmt: skip
    """Assess organization models and report level, stages, findings and recommendations.

    FILE is a model in TOML or JSON (see docs/model.md), or a directory: every
    model file inside is assessed, sorted by name. With several models, a
    summary (file, organization, level, stage scores, failures, errors) follows
    the reports; with --format json the output is one portfolio document. A
    model with bad input does not stop the others (exit 2 at the end). Example:

        maturity assess examples/intermediate.toml --format json -o report.json
    """
    from maturity.history.record import attach_history, pop_history_options
    from maturity.portfolio import expand
    from maturity.report.data import build_report

    history = pop_history_options(options)
    session = make_session(options, files)
    reporter = session.registry.reporters.get(fmt)
    if reporter is None:
        known = ", ".join(sorted(session.registry.reporters))
        raise click.BadParameter(f"unknown format '{fmt}' (known: {known})", param_hint="--format")
    paths = expand(files, (s for loader in session.loaders for s in loader.suffixes))
    if len(paths) > 1:
        _assess_portfolio(session, paths, reporter, output, lang, fail_under, jobs, history)
        return
    _refuse_overwriting_inputs(output, paths)
    result = session.assess(session.load(paths[0]))
    report = build_report(result, lang, reporter.needs_graph)
    attach_history(history, paths[0], result.model, report)
    _emit(render_with(session, reporter, report, lang), output)
    _exit_code([result], fail_under)


def render_with(session: Any, reporter: Any, report: Any, lang: str) -> str:
    """Render with a reporter; a plugin's reporter that raises is that plugin's error."""
    owner = session.registry.owners.get(("report format", reporter.name), "maturity")
    try:
        document: str = reporter.render(report, lang)
    except Exception as exc:
        if owner == "maturity":
            raise
        from maturity.errors import PluginError

        raise PluginError(owner, f"report format '{reporter.name}' failed: {exc!r}") from exc
    return document


def _refuse_overwriting_inputs(output: str | None, inputs: Any) -> None:
    """Never let a report (or a written model) replace a model the run reads."""
    if not output or output == "-":
        return
    target = Path(output).resolve()
    if any(Path(p).resolve() == target for p in inputs):
        from maturity.errors import OutputError

        raise OutputError(f"{output}: is one of the models being read; choose another path")


def _assess_portfolio(session: Any, files: list[str], reporter: Any, output: str | None,
                      lang: str, fail_under: str | None, jobs: int | None,
                      history: dict[str, Any]) -> None:  # fmt: skip
    """Several models: reports in input order, then the summary; bad input exits 2 at the end."""
    from maturity import portfolio

    as_json = reporter.name == "json"
    folder = output is not None and Path(output).is_dir()
    run = portfolio.Run(session, reporter.name, lang, render=folder or not as_json)
    items = portfolio.assess_all(run, files, jobs)
    from maturity.history.record import record_many

    record_many(history, session, items)
    for line in portfolio.problems(items):
        click.echo(f"error: {visible(line)}", err=True)
    if as_json and not folder:
        document = json.dumps(portfolio.portfolio_document(items, lang), ensure_ascii=False,
                              indent=2, sort_keys=True) + "\n"  # fmt: skip
        _emit(document, output)
    else:
        assessed = [i for i in items if i.document is not None]
        names = tuple(i.file for i in assessed)
        _emit_many(names, [i.document or "" for i in assessed], output, reporter.suffix)
        click.echo(portfolio.summary_table(items), nl=False)
    code = portfolio.exit_code(items, fail_under)
    if code:
        raise ExitCode(code)


def _emit_many(files: tuple[str, ...], documents: list[str], output: str | None,
               suffix: str) -> None:  # fmt: skip
    if output is None or output == "-":
        for document in documents:
            click.echo(document, nl=False)
        return
    folder = Path(output)
    if not folder.is_dir():
        from maturity.errors import OutputError

        raise OutputError(f"{output}: with several models, -o must name an existing folder")
    from maturity.output import write_atomic

    for name, document in zip(files, documents, strict=True):
        target = folder / (Path(name).stem + suffix)
        write_atomic(target, document)
        click.echo(f"wrote {target}", err=True)


def _exit_code(results: list[Any], fail_under: str | None) -> None:
    if any(r.has_errors for r in results):
        raise ExitCode(3)
    if fail_under is not None:
        floor = LEVEL_CHOICES.index(fail_under)
        if any(LEVEL_CHOICES.index(r.scores.levels.achieved) < floor for r in results):
            raise ExitCode(1)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@session_options
def validate(files: tuple[str, ...], **options: Any) -> None:
    """Check organization models: syntax, schema, references, cycles. Exit 2 when invalid."""
    from maturity.errors import ModelError

    session = make_session(options, files)
    failed = False
    for name in files:
        try:
            model = session.load(name)
        except ModelError as exc:
            failed = True
            for line in exc.lines():
                click.echo(f"error: {visible(line)}", err=True)
            continue
        click.echo(f"{name}: ok ({len(model.roles)} roles, {len(model.flows)} flows)")
    if failed:
        raise ExitCode(2)


@click.group()
def rules() -> None:
    """List and explain the rules of the enabled packs."""


@rules.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)  # fmt: skip
@LANG
@session_options
def rules_list(fmt: str, lang: str, **options: Any) -> None:
    """Every rule: id, level, stage, whether required, title."""
    from maturity.explain import rule_summary

    session = make_session(options)
    items = [rule_summary(rule, lang) for rule in session.rules.values()]
    if fmt == "json":
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    for item in items:
        level = item["level"] or "-"
        req = "required" if item["required"] else ""
        click.echo(
            f"{item['id']:<8} {level:<12} {item['stage']:<9} {req:<8} {clean(item['title'])}"
        )


@rules.command("show")
@click.argument("rule_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)  # fmt: skip
@LANG
@session_options
def rules_show(rule_id: str, fmt: str, lang: str, **options: Any) -> None:
    """Explain one rule: what it checks, why (citing the seed), the recommendation, the fix."""
    from maturity.explain import explain_rule, rule_detail

    session = make_session(options)
    rule = session.rules.get(rule_id) or session.rules.get(rule_id.upper())
    if rule is None:
        from maturity.errors import UsageError
        from maturity.vocabulary import did_you_mean

        hint = did_you_mean(rule_id.upper(), session.rules)
        raise UsageError(f"unknown rule '{rule_id}'{hint}; `maturity rules list` shows them")
    if fmt == "json":
        click.echo(json.dumps(rule_detail(rule, lang), ensure_ascii=False, indent=2))
    else:
        click.echo(explain_rule(rule, lang))


@rules.command("test")
@click.argument("targets", nargs=-1, required=True, metavar="PACK_OR_DIR...")
@click.option("--verbose", "-v", is_flag=True, help="List every test, not only failures.")
@session_options
def rules_test(targets: tuple[str, ...], verbose: bool, **options: Any) -> None:
    """Run the rule tests ([[rules.tests]]) of pack files, folders of packs, or loaded packs.

    Exit 0 when every test gets its expected status, 1 when one does not, 2 when a
    pack is invalid. Example: maturity rules test my_packs/
    """
    from maturity.packtest import resolve_packs, run_tests, untested

    session = make_session(options)
    packs = resolve_packs(session, targets)
    results = run_tests(session, packs)
    for pack, result in results:
        if verbose or not result.ok:
            mark = "ok  " if result.ok else "FAIL"
            line = f"{mark} {pack.id} {result.rule} {result.name}: expected {result.expected}"
            if not result.ok:
                line += f", got {result.actual}" + (f" ({result.detail})" if result.detail else "")
            click.echo(clean(line))
    for rule_id in untested(packs):
        click.echo(f"note: {rule_id} lacks a passing or a failing test", err=True)
    failed = sum(1 for _, r in results if not r.ok)
    click.echo(f"{len(results) - failed} passed, {failed} failed")
    if failed:
        raise ExitCode(1)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)  # fmt: skip
@session_options
def plugins(fmt: str, **options: Any) -> None:
    """List plugins: distribution, version, hooks, packs and rules supplied, load errors."""
    from maturity.explain import plugin_table

    session = make_session(options)
    items = plugin_table(session)
    if fmt == "json":
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    for item in items:
        state = "  (blocked: not imported)" if item["blocked"] else ""
        state += f"  ERROR: {item['error']}" if item["error"] else ""
        click.echo(f"{item['name']} ({item['distribution']} {item['version']}){state}")
        if item["hooks"]:
            click.echo(f"    hooks: {', '.join(item['hooks'])}")
        for pack in item["packs"]:
            click.echo(f"    pack {pack['id']} {pack['version']}: {', '.join(pack['rules'])}")


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
    type=click.Choice(["en", "zh"]),
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
@session_options
def init(path: str | None, output: str | None, lang: str, interview: bool, answers: str | None,
         save_answers: str | None, **options: Any) -> None:  # fmt: skip
    """Write a commented starter organization model to PATH (never overwrites).

    With --interview, ask in the consultant's language about the organization,
    its departments, who sends what to whom, and its practices; the questions
    come from the enabled rule packs (plugins' too). Examples:

        maturity init --interview --lang zh -o client.toml
        maturity init --answers answers.toml -o client.toml
    """
    from maturity.errors import OutputError
    from maturity.output import write_atomic
    from maturity.template import starter_model

    path = output or path or "organization.toml"
    if Path(path).exists():
        raise OutputError(f"{path}: already exists; choose another path or remove it")
    if interview or answers:
        from maturity.intake.commands import run_interview

        run_interview(path, lang, answers, save_answers, options)
        return
    write_atomic(path, starter_model(lang))
    click.echo(f"wrote {path}; edit it, then run: maturity assess {path}")


@click.command()
@click.argument("file", type=click.Path(path_type=str))
@click.option(
    "--target",
    "-t",
    required=True,
    type=click.Choice(LEVEL_CHOICES[1:]),
    help="The level to reach.",
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
@click.option("--output", "-o", metavar="PATH", help="Write the plan to PATH instead.")
@session_options
def plan(
    file: str,
    target: str,
    fmt: str,
    lang: str,
    write_model: str | None,
    output: str | None,
    **options: Any,
) -> None:
    """Plan the changes that reach a target level: pick fixes, apply them, re-assess.

    Exit 0 when the target is reached, 1 when fixes alone cannot reach it (the
    plan says which rules still fail and why). See docs/plan.md. Example:

        maturity plan examples/beginner.toml --target intermediate --write-model next.toml
    """
    from maturity.plan import make_plan, plan_data, write_target
    from maturity.report.plan_text import render_plan

    session = make_session(options, (file,))
    _refuse_overwriting_inputs(output, [file])
    _refuse_overwriting_inputs(write_model, [file])
    result = make_plan(session, session.load(file), target)
    document = plan_data(result, lang)
    if fmt == "json":
        _emit(json.dumps(document, ensure_ascii=False, indent=2) + "\n", output)
    else:
        _emit(render_plan(document, lang), output)
    if write_model:
        write_target(write_model, result)
        click.echo(f"wrote {write_model}", err=True)
    if not result.reached:
        raise ExitCode(1)


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
    "--output", "-o", metavar="PATH", help="Write to PATH (atomically) instead of standard output."
)
@LANG
def graph(file: str, fmt: str, output: str | None, lang: str) -> None:
    """Draw a model's process graph (roles, and flows between them) without assessing it.

    Example:

        maturity graph examples/intermediate.toml --format svg -o graph.svg
    """
    from maturity.graph import build_graph
    from maturity.report.svg import draw, graph_data

    model = make_session({}, (file,)).load(file)
    _emit(draw(graph_data(build_graph(model)), fmt, lang), output)


def register_commands(group: click.Group) -> None:
    from maturity.history.commands import COMMANDS as HISTORY_COMMANDS
    from maturity.intake.commands import COMMANDS as INTAKE_COMMANDS

    more = (*HISTORY_COMMANDS, *INTAKE_COMMANDS)
    for command in (assess, validate, rules, plugins, init, plan, graph, *more):
        group.add_command(command)
