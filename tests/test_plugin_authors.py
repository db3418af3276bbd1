"""Plugin authors, second round: one rule for id clashes, causes never hidden, Python rules
checked as strictly as TOML ones (local plugins, the listing, the template and portfolios:
test_plugin_local.py)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from maturity.cli import cli
from tests import test_plugins
from tests.test_plugins import MODEL, assess, finding

#: The fixture that installs a throwaway plugin distribution: ``plugin(code)``.
plugin = test_plugins.plugin

CLASH = """
@hookimpl
def maturity_register_packs(register):
    rules = (python_rule("COL-I2", "deliver", lambda g, p: False, TEXTS),
             python_rule("ACME-1", "deliver", lambda g, p: True, TEXTS))
    register(Pack("acme", "1.0", rules))
"""
ONLY_ACME = {"MATURITY_PLUGINS": "acme-maturity"}


def test_a_clashing_rule_id_is_the_later_plugins_load_error(plugin) -> None:  # type: ignore[no-untyped-def]
    _, clean, _ = assess("--no-plugins")
    plugin(CLASH)
    code, report, _ = assess()
    assert code == 3
    # The built-in rule runs unharmed; the plugin's other rule runs too.
    assert finding(report, "COL-I2") == finding(clean, "COL-I2")
    assert finding(report, "ACME-1")["status"] == "pass"
    (error,) = report["errors"]
    assert error["source"] == "acme-maturity"
    assert (
        "by pack 'collaboration' (maturity) and by pack 'acme' (acme-maturity)"
        in (error["message"])
    )


def test_a_clash_is_reported_with_only_the_plugins_pack_enabled(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin(CLASH)
    code, report, _ = assess("--pack", "acme")
    assert code == 3
    assert [f["rule"] for f in report["findings"]] == ["ACME-1"]
    assert "COL-I2 is supplied twice" in report["errors"][0]["message"]
    code, report, stderr = assess("--pack", "acme", "--strict")
    assert code == 3 and report == {}
    assert "error: plugin acme-maturity: rule id COL-I2 is supplied twice" in stderr


def test_rules_test_reports_a_clash(plugin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    plugin(CLASH)
    result = CliRunner().invoke(cli, ["rules", "test", "acme"], env=ONLY_ACME)
    assert result.exit_code == 3, result.output
    assert "error: acme-maturity: rule id COL-I2 is supplied twice" in result.stderr
    pack = tmp_path / "mine.toml"
    pack.write_text(
        '[pack]\nid = "mine"\nversion = "1.0"\n[pack.en]\nname = "m"\n'
        '[[rules]]\nid = "COL-I2"\nstage = "deliver"\nmatch = { role = { kind = "pmm" } }\n'
        '[rules.en]\ntitle = "t"\nsummary = "s"\nrationale = "r"\n'
        'recommendation = "c"\nfail = "f"\n'
    )
    result = CliRunner().invoke(cli, ["rules", "test", str(pack), "--no-plugins"])
    assert result.exit_code == 3, result.output
    assert "by pack 'collaboration' (maturity) and by pack 'mine'" in result.stderr


BROKEN = "raise ImportError('okrlib is missing')\n"


def test_a_failed_plugin_is_named_where_its_contribution_is_missing(plugin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    plugin(BROKEN)
    cause = "acme-maturity: failed to load: ImportError: okrlib is missing (at "
    for args in (["--pack", "okr"], ["--format", "csv"]):
        code, _, stderr = assess(*args)
        assert code == 2
        assert "unknown" in stderr and cause in stderr, stderr
    model = tmp_path / "org.toml"
    model.write_text('organization = { name = "t" }\nroles = [{ id = "o", kind = "okr_owner" }]\n')
    result = CliRunner().invoke(cli, ["validate", str(model)], env=ONLY_ACME)
    assert result.exit_code == 2
    assert "unknown role kind" in result.stderr and cause in result.stderr
    pack = tmp_path / "okr.toml"
    pack.write_text(
        '[pack]\nid = "okr"\nversion = "1.0"\n[pack.en]\nname = "o"\n[[rules]]\nid = "OKR-1"\n'
        'stage = "deliver"\nmatch = { flow = { where = [{ attr = "x", op = "okr_ok" }] } }\n'
        '[rules.en]\ntitle = "t"\nsummary = "s"\nrationale = "r"\nrecommendation = "c"\n'
        'fail = "f"\n'
    )
    result = CliRunner().invoke(cli, ["rules", "test", str(pack)], env=ONLY_ACME)
    assert result.exit_code == 2
    assert "unknown operator 'okr_ok'" in result.stderr and cause in result.stderr


def test_plugins_exits_3_when_a_plugin_failed(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin(BROKEN)
    for args in ([], ["--format", "json"]):
        result = CliRunner().invoke(cli, ["plugins", *args], env=ONLY_ACME)
        assert result.exit_code == 3, result.output
        assert result.output.count("ImportError: okrlib is missing") == 1


RAISING_RULE = """
def check(graph, params):
    return params["missing_param"]

@hookimpl
def maturity_register_packs(register):
    register(Pack("acme", "1.0", (python_rule("ACME-1", "deliver", check, TEXTS),)))
"""


def test_debug_shows_the_rules_own_traceback(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin(RAISING_RULE)
    env = {**ONLY_ACME, "MATURITY_DEBUG": ""}
    args = ["assess", str(MODEL), "--format", "json"]
    result = CliRunner().invoke(cli, args, env=env)
    message = finding(json.loads(result.output), "ACME-1")["message"]
    assert message.startswith("acme-maturity: KeyError: 'missing_param' (at ")
    assert message.endswith("acme_plugin.py:9, in check)")  # file and line, without --debug
    result = CliRunner().invoke(cli, ["--debug", *args], env=env)
    assert result.exit_code == 3
    assert "debug: traceback of rule ACME-1 (acme-maturity)" in result.stderr
    assert 'acme_plugin.py", line 9, in check' in result.stderr
    result = CliRunner().invoke(cli, ["--debug", *args, "--strict"], env=env)
    assert result.exit_code == 3
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("error: plugin acme-maturity: rule ACME-1: KeyError")
    assert "acme-maturity: KeyError" not in error  # the distribution, once


def test_a_renamed_hook_argument_gets_a_readable_message(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin("@hookimpl\ndef maturity_register_packs(regster):\n    pass\n")
    code, report, _ = assess()
    assert code == 3
    (error,) = report["errors"]
    assert error["message"] == (
        "failed to load: hook maturity_register_packs takes (register), but its implementation "
        "asks for regster: name the arguments as the hook does (they are never renamed; you "
        "may leave some out)"
    )


def test_a_raising_loader_or_command_hook_is_contained(
    plugin, tmp_path, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cli, "commands", {n: c for n, c in cli.commands.items() if n != "hello"})
    plugin("""
from maturity.model import Loader

def parse(text, source):
    raise ValueError("bad yaml")

@hookimpl
def maturity_register_loaders(register):
    register(Loader("yaml", (".yaml",), parse))

@hookimpl
def maturity_register_commands(cli):
    raise RuntimeError("no commands today")
""")
    model = tmp_path / "org.yaml"
    model.write_text("organization: {}\n")
    result = CliRunner().invoke(cli, ["validate", str(model)], env=ONLY_ACME)
    assert result.exit_code == 3
    assert "error: plugin acme-maturity: loader failed on" in result.stderr
    assert "ValueError: bad yaml (at " in result.stderr
    from maturity.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["hello", "--plugin", "acme-maturity"])
    assert exit_info.value.code == 2  # no such command, and the reason above it
    assert "error: plugin acme-maturity: maturity_register_commands raised RuntimeError" in (
        capsys.readouterr().err
    )


def _python_rule_error(plugin, fields: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    plugin(f"""
@hookimpl
def maturity_register_packs(register):
    register(Pack("acme", "1.0", (python_rule("ACME-1", "deliver", lambda g, p: True, TEXTS,
                                              {fields}),)))
""")
    code, report, _ = assess()
    assert code == 3
    assert all(f["pack"] != "acme" for f in report["findings"])  # the pack is left out
    (error,) = report["errors"]
    assert error["source"] == "acme-maturity"
    return error


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ('severity="hgih"', "ACME-1: rules[0].severity: 'hgih' is not one of"),
        ("effort=99", "ACME-1: rules[0].effort: 99 is greater than the maximum of 5"),
        ("weight=-5", "ACME-1: rules[0].weight: -5 is less than or equal to the minimum of 0"),
        ('fix=[{"op": "add_flows", "from": "a", "to": "b", "kind": "x"}]', "rules[0].fix[0]"),
        ('level="expert"', "ACME-1: rules[0].level: 'expert' is not one of"),
        ('when="arr > 1"', "ACME-1: rules[0].when: expected a condition as a dict"),
        (
            'when={"organization": {"field": "arr", "op": "greather_than", "value": 1}}',
            "ACME-1: rules[0].when.organization.op: unknown operator 'greather_than'",
        ),
    ],
)
def test_python_rules_are_checked_like_toml_rules(plugin, fields, message) -> None:  # type: ignore[no-untyped-def]
    error = _python_rule_error(plugin, fields)
    assert error["message"].startswith("invalid rule pack: <pack acme from acme-maturity>")
    assert message in error["message"]


def test_a_python_rules_when_can_be_declarative(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin("""
from maturity.api import compile_condition

BIG = {"organization": {"field": "arr", "op": "greater_than", "param": "big_arr"}}

@hookimpl
def maturity_register_packs(register):
    rules = (
        python_rule("ACME-1", "deliver", lambda g, p: True, TEXTS, when=BIG),
        python_rule("ACME-2", "deliver", lambda g, p: True, TEXTS,
                    when=compile_condition(BIG, params={"big_arr": 10**12})),
    )
    register(Pack("acme", "1.0", rules, params={"big_arr": 1}))
""")
    code, report, _ = assess()
    assert code == 0, report.get("errors")
    assert finding(report, "ACME-1")["status"] == "pass"  # arr > 1
    assert finding(report, "ACME-2")["status"] == "skipped"  # arr is not > 10**12
