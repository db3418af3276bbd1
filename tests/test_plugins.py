"""Plugins: discovery, attribution and isolation. A broken plugin never corrupts a run."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from maturity.assess import Options, Session
from maturity.cli import cli
from tests.fakeplugins import install_plugin
from tests.helpers import EXAMPLES

MODEL = str(EXAMPLES / "intermediate.toml")

HEADER = """
from maturity import hookimpl
from maturity.rules import Pack, python_rule

TEXTS = {"en": {"title": "t", "summary": "s", "rationale": "r", "recommendation": "c",
                "fail": "f"}}
"""


def assess(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    """Assess with only the test's plugin (other installed plugins must not interfere)."""
    env = {"MATURITY_PLUGINS": "acme-maturity", **(env or {})}
    result = CliRunner().invoke(cli, ["assess", MODEL, "--format", "json", *args], env=env)
    report = json.loads(result.output) if result.output.startswith("{") else {}
    return result.exit_code, report, result.stderr


@pytest.fixture
def plugin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(code: str, dist: str = "acme-maturity", module: str = "acme_plugin") -> None:
        install_plugin(monkeypatch, tmp_path / dist, dist, module, HEADER + code)

    monkeypatch.delenv("MATURITY_NO_PLUGINS", raising=False)
    return make


def finding(report: dict, rule: str) -> dict:  # type: ignore[type-arg]
    return next(f for f in report["findings"] if f["rule"] == rule)


def test_a_working_python_rule_plugin(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin("""
@hookimpl
def maturity_register_packs(register):
    rule = python_rule("ACME-1", "deliver", lambda graph, params: (True, ["sales"]), TEXTS)
    register(Pack("acme", "1.0", (rule,)))
""")
    code, report, _ = assess()
    assert code == 0
    assert finding(report, "ACME-1")["status"] == "pass"
    assert {"id": "acme", "version": "1.0", "name": "acme", "source": "acme-maturity"} in report[
        "packs"
    ]
    listing = json.loads(
        CliRunner().invoke(cli, ["plugins", "--format", "json", "--plugin", "acme-maturity"]).output
    )
    acme = next(p for p in listing if p["distribution"] == "acme-maturity")
    assert acme["version"] == "1.0"
    assert acme["hooks"] == ["maturity_register_packs"]
    assert acme["packs"] == [{"id": "acme", "version": "1.0", "rules": ["ACME-1"]}]


def test_plugin_that_fails_to_import(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin("raise ImportError('numpy is missing')\n")
    code, report, _ = assess()
    assert code == 3
    assert report["level"]["achieved"] == "intermediate"  # everything else still ran
    (error,) = report["errors"]
    assert error["source"] == "acme-maturity"
    assert "failed to load: ImportError: numpy is missing" in error["message"]
    listing = CliRunner().invoke(cli, ["plugins", "--plugin", "acme-maturity"]).output
    assert "acme-maturity 1.0)  ERROR: ImportError: numpy is missing" in listing


def test_hook_that_raises(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin("""
@hookimpl
def maturity_register_packs(register):
    raise RuntimeError("boom")
""")
    code, report, _ = assess()
    assert code == 3
    (error,) = report["errors"]
    assert error["source"] == "acme-maturity"
    assert error["message"].startswith("maturity_register_packs raised RuntimeError: boom (at ")
    assert "acme_plugin.py:10, in maturity_register_packs)" in error["message"]


def test_rule_that_raises_is_marked_error(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin("""
def check(graph, params):
    return 1 / 0

@hookimpl
def maturity_register_packs(register):
    register(Pack("acme", "1.0", (python_rule("ACME-1", "deliver", check, TEXTS),)))
""")
    code, report, _ = assess()
    assert code == 3
    broken = finding(report, "ACME-1")
    assert broken["status"] == "error"
    assert "ZeroDivisionError" in broken["message"]
    assert finding(report, "COL-I2")["status"] == "pass"


def test_rule_that_loops_is_stopped(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin("""
def check(graph, params):
    while True:
        pass

@hookimpl
def maturity_register_packs(register):
    register(Pack("acme", "1.0", (python_rule("ACME-1", "deliver", check, TEXTS),)))
""")
    code, report, _ = assess("--rule-timeout", "0.3")
    assert code == 3
    assert "time limit of 0.3 s" in finding(report, "ACME-1")["message"]


def test_pack_that_fails_its_schema(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin("""
@hookimpl
def maturity_register_packs(register):
    register({"pack": {"id": "acme", "version": "1.0"},
              "rules": [{"id": "ACME-1", "stage": "deliver", "match": {"flow": {}, "role": {}},
                         "en": {"title": "t"}}]})
""")
    code, report, _ = assess()
    assert code == 3
    messages = [e["message"] for e in report["errors"] if e["source"] == "acme-maturity"]
    assert messages and all(m.startswith("invalid rule pack") for m in messages)
    assert "ACME-1" in messages[0]


def test_duplicate_rule_id_names_both_sources(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin("""
@hookimpl
def maturity_register_packs(register):
    register(Pack("acme", "1.0", (python_rule("COL-I2", "deliver", lambda g, p: True, TEXTS),)))
""")
    code, report, _ = assess()
    assert code == 3
    assert finding(report, "COL-I2")["status"] != "error"  # the built-in runs unharmed
    assert (
        "by pack 'collaboration' (maturity) and by pack 'acme' (acme-maturity)"
        in report["errors"][0]["message"]
    )


def test_duplicate_operator_names_both(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin("""
from maturity.engine.operators import Operator

@hookimpl
def maturity_register_operators(register):
    register(Operator("equals", lambda a, b: True))
""")
    code, report, _ = assess()
    assert code == 3
    assert "operator 'equals' is already registered by maturity" in report["errors"][0]["message"]


def test_prepare_graph_that_raises(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin("""
@hookimpl
def maturity_prepare_graph(graph):
    raise KeyError("nope")
""")
    code, report, _ = assess()
    assert code == 3
    assert report["errors"][0]["source"] == "acme-maturity"


def test_strict_fails_at_once(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin("raise ImportError('numpy is missing')\n")
    code, report, stderr = assess("--strict")
    assert code == 3
    assert report == {}
    assert "plugin acme-maturity: failed to load: ImportError: numpy is missing" in stderr


def test_blocked_plugin_is_never_imported(plugin, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    plugin("raise SystemExit('imported!')\n")
    for args, env in (
        (["--block-plugin", "acme-maturity"], None),
        (["--block-plugin", "acme_plugin"], None),
        ([], {"MATURITY_BLOCK_PLUGINS": "acme-maturity"}),
        (["--no-plugins"], None),
        ([], {"MATURITY_NO_PLUGINS": "1"}),
        (["--plugin", "someone-else"], {"MATURITY_PLUGINS": ""}),
    ):
        code, _report, _ = assess(*args, env=env)
        assert code == 0, (args, env)
        assert "acme_plugin" not in sys.modules


def test_results_do_not_depend_on_plugin_order(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("MATURITY_NO_PLUGINS", raising=False)
    for dist, module, rule in (
        ("zz-plugin", "zz_plugin", "ZZ-1"),
        ("aa-plugin", "aa_plugin", "AA-1"),
    ):
        install_plugin(
            monkeypatch,
            tmp_path / dist,
            dist,
            module,
            HEADER
            + f"""
@hookimpl
def maturity_register_packs(register):
    register(Pack("{module}", "1.0", (python_rule("{rule}", "deliver", lambda g, p: True, TEXTS),)))
""",
        )
    session = Session(Options(only=("zz-plugin", "aa-plugin")))
    ids = list(session.rules)
    assert ids.index("AA-1") < ids.index("COL-I1") < ids.index("ZZ-1")


def test_loader_and_command_hooks(plugin, tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cli, "commands", dict(cli.commands))  # the plugin's command: this test's
    plugin("""
import json
import click
from maturity.model import Loader

@hookimpl
def maturity_register_loaders(register):
    register(Loader("orgjson", (".orgjson",), lambda text, source: json.loads(text)))

@hookimpl
def maturity_register_commands(cli):
    @click.command()
    def hello():
        click.echo("hello from acme")
    cli.add_command(hello)
""")
    model = tmp_path / "client.orgjson"
    model.write_text('{"organization": {"name": "Acme"}, "roles": [{"id": "s", "kind": "sales"}]}')
    result = CliRunner().invoke(
        cli, ["validate", str(model)], env={"MATURITY_PLUGINS": "acme-maturity"}
    )
    assert result.exit_code == 0, result.stderr
    assert "ok (1 roles, 0 flows)" in result.output

    from maturity.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["hello"])
    assert exit_info.value.code == 0
    assert "hello from acme" in capsys.readouterr().out


def test_prepare_graph_enriches_what_rules_see(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin("""
@hookimpl
def maturity_prepare_graph(graph):
    for role_id, data in graph.nodes(data=True):
        data["x_fan_in"] = graph.in_degree(role_id)

def check(graph, params):
    return all("x_fan_in" in data for _, data in graph.nodes(data=True))

@hookimpl
def maturity_register_packs(register):
    register(Pack("acme", "1.0", (python_rule("ACME-1", "deliver", check, TEXTS),)))
""")
    code, report, _ = assess()
    assert code == 0
    assert finding(report, "ACME-1")["status"] == "pass"


def test_misspelled_hook_is_reported_with_the_distribution(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin("""
@hookimpl
def maturity_register_pack(register):
    pass
""")
    code, report, _ = assess()
    assert code == 3
    (error,) = [e for e in report["errors"] if e["source"] == "acme-maturity"]
    assert "unknown hook maturity_register_pack" in error["message"]
    assert "did you mean 'maturity_register_packs'" in error["message"]
    assert report["level"]["achieved"] == "intermediate"


def test_a_duplicate_does_not_lose_the_plugins_other_registrations(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin("""
from maturity.api import Operator

@hookimpl
def maturity_register_operators(register):
    register(Operator("equals", lambda a, b: True))
    register(Operator("acme_always", lambda a, b: True, takes_value=False))

@hookimpl
def maturity_register_packs(register):
    register({
        "pack": {"id": "acme", "version": "1.0"},
        "rules": [{
            "id": "ACME-1", "stage": "deliver",
            "match": {"practice": {"name": "severity_slas", "op": "acme_always"}},
            "en": {"title": "t", "summary": "s", "rationale": "r", "recommendation": "c",
                   "fail": "f"},
        }],
    })
""")
    code, report, _ = assess()
    assert code == 3  # the duplicate is reported ...
    assert finding(report, "ACME-1")["status"] == "pass"  # ... and the rest was registered


def test_a_plugin_rules_error_names_its_distribution(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin("""
def check(graph, params):
    raise ValueError("bad data")

@hookimpl
def maturity_register_packs(register):
    register(Pack("acme", "1.0", (python_rule("ACME-1", "deliver", check, TEXTS),)))
""")
    _, report, _ = assess()
    message = finding(report, "ACME-1")["message"]
    assert message.startswith("acme-maturity: ValueError: bad data (at ")
    assert message.endswith("acme_plugin.py:9, in check)")  # the rule's own file and line
