"""``maturity rules``: list, show and test rules and packs."""

from __future__ import annotations

import json
from typing import Any

import click

from maturity.cli.options import ExitCode, make_session, session_options
from maturity.cli.terminal import LANG, clean


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
    from maturity.rules.explain import rule_summary

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
    from maturity.rules.explain import explain_rule, rule_detail

    session = make_session(options)
    rule = session.rules.get(rule_id) or session.rules.get(rule_id.upper())
    if rule is None:
        from maturity.errors import UsageError
        from maturity.model.vocabulary import did_you_mean

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
    pack is invalid, 3 when a plugin or pack failed to load (a rule id supplied
    twice included). Example: maturity rules test my_packs/
    """
    from maturity.cli.packtest import load_errors, resolve_packs, run_tests, untested

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
    errors = load_errors(session, packs)
    for line in errors:
        click.echo(clean(f"error: {line}"), err=True)
    failed = sum(1 for _, r in results if not r.ok)
    click.echo(f"{len(results) - failed} passed, {failed} failed")
    if failed or errors:
        raise ExitCode(1 if failed else 3)
