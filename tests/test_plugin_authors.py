"""Plugin authors, second round: one rule for id clashes, causes never hidden, Python rules
checked as strictly as TOML ones, local plugins, the full listing, the template."""

from __future__ import annotations

from click.testing import CliRunner

from maturity.cli import cli
from tests import test_plugins
from tests.test_plugins import assess, finding

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
