"""The first-party plugin plugins/maturity-gtm, end to end through the CLI, when it is installed.

CI installs every plugins/*/ distribution into the test venv; a developer runs
``pip install -e plugins/maturity-gtm``. Each test goes through the entry point,
as a user's run does, with only this third-party plugin imported (``--plugin gtm``).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.helpers import EXAMPLES

gtm = pytest.importorskip("maturity_gtm")

from maturity.cli import cli  # noqa: E402 - after the skip, like the rest of the module

TOML_RULES = [f"GTMX-{n}" for n in range(1, 8)]
HOOKS = [
    "maturity_register_metrics",
    "maturity_register_operators",
    "maturity_register_packs",
    "maturity_register_reporters",
    "maturity_register_vocabulary",
]


def run(*args: str) -> Result:
    """The CLI with plugins on (whatever the caller's environment) and gtm the only third party."""
    env: Any = {"MATURITY_NO_PLUGINS": None, "MATURITY_PLUGINS": None}
    env["MATURITY_BLOCK_PLUGINS"] = None
    return CliRunner().invoke(cli, [*args, "--plugin", "gtm"], env=env)


def report(model: str, *args: str) -> dict[str, Any]:
    result = run("assess", str(EXAMPLES / model), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def statuses(data: dict[str, Any]) -> dict[str, str]:
    return {f["rule"]: f["status"] for f in data["findings"] if f["rule"].startswith("GTMX-")}


def test_maturity_plugins_lists_the_plugin_its_version_hooks_and_packs() -> None:
    result = run("plugins", "--format", "json")
    assert result.exit_code == 0, result.output
    (entry,) = [p for p in json.loads(result.stdout) if p["name"] == "gtm"]
    assert entry["distribution"] == "maturity-gtm"
    assert entry["version"] == metadata.version("maturity-gtm") == gtm.__version__
    assert entry["builtin"] is False and entry["error"] is None
    assert entry["hooks"] == HOOKS
    assert entry["packs"] == [
        {"id": "gtm", "version": "0.1.0", "rules": TOML_RULES},
        {"id": "gtm_graph", "version": "0.1.0", "rules": ["GTMX-8"]},
    ]


def test_assess_shows_its_rules_in_the_findings() -> None:
    data = report("advanced.toml")
    assert data["errors"] == []
    assert statuses(data) == {
        "GTMX-1": "skipped",  # no SDR in the example
        "GTMX-2": "skipped",
        **{rule: "pass" for rule in ("GTMX-3", "GTMX-4", "GTMX-5", "GTMX-6", "GTMX-7")},
        "GTMX-8": "pass",
    }
    packs = {p["id"]: p["source"] for p in data["packs"]}
    assert packs["gtm"] == packs["gtm_graph"] == "maturity-gtm"


def test_the_plugin_does_not_move_the_collaboration_level() -> None:
    for model in ("beginner.toml", "intermediate.toml", "advanced.toml"):
        with_gtm = report(model)["level"]
        without = CliRunner().invoke(
            cli, ["assess", str(EXAMPLES / model), "--format", "json", "--no-plugins"]
        )
        assert with_gtm == json.loads(without.stdout)["level"], model


def test_its_findings_speak_chinese() -> None:
    data = report("intermediate.toml", "--lang", "zh")
    finding = next(f for f in data["findings"] if f["rule"] == "GTMX-3")
    assert finding["status"] == "fail"
    assert finding["title"] == "竞品作战卡送达销售"


def test_maturity_register_packs_rule_tests_pass() -> None:
    result = run("rules", "test", "gtm", "gtm_graph")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("passed, 0 failed")


def test_maturity_register_operators_adds_matches_any_prefix() -> None:
    data = report("advanced.toml")  # the PMM's OKRs include win_rate
    assert statuses(data)["GTMX-6"] == "pass"
    leaner = report("advanced.toml", "--param", 'gtm_okr_prefixes=["revenue"]')
    assert statuses(leaner)["GTMX-6"] == "fail"


def test_maturity_register_metrics_adds_reach_within_two_hops() -> None:
    finding = next(f for f in report("intermediate.toml")["findings"] if f["rule"] == "GTMX-7")
    assert finding["status"] == "fail"
    facts = [e for e in finding["evidence"] if e["type"] == "fact"]
    assert facts == [
        {
            "type": "fact",
            "path": "reach_within_two_hops(marketing)",
            "value": 0.333333,
            "stated": True,
        }
    ]


LEADS = """
[organization]
name = "Leads"

[[roles]]
id = "m"
kind = "marketing"

[[roles]]
id = "sdr"
kind = "sdr"

[[roles]]
id = "s"
kind = "sales"

[[flows]]
from = "m"
to = "sdr"
kind = "lead"

[[flows]]
from = "sdr"
to = "s"
kind = "opportunity"
"""


def test_maturity_register_vocabulary_adds_lead_and_opportunity(tmp_path: Path) -> None:
    model = tmp_path / "leads.toml"
    model.write_text(LEADS, encoding="utf-8")
    assert run("validate", str(model)).exit_code == 0
    without = CliRunner().invoke(cli, ["validate", str(model), "--no-plugins"])
    assert without.exit_code == 2
    assert "lead" in without.stderr
    result = run("assess", str(model), "--format", "json", "--pack", "gtm")
    assert statuses(json.loads(result.stdout))["GTMX-1"] == "pass"


def test_maturity_register_reporters_adds_junit() -> None:
    data = report("intermediate.toml")
    result = run("assess", str(EXAMPLES / "intermediate.toml"), "--format", "junit")
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.stdout.encode("utf-8"))
    cases = list(root.iter("testcase"))
    assert len(cases) == len(data["findings"]) == int(root.get("tests", "-1"))
    failed = sum(f["status"] == "fail" for f in data["findings"])
    assert int(root.get("failures", "-1")) == failed == len(list(root.iter("failure")))
    suites = {s.get("name") for s in root.iter("testsuite")}
    assert {"maturity.gtm", "maturity.gtm_graph", "maturity.collaboration"} <= suites


def test_junit_of_several_models_is_one_document() -> None:
    models = [str(EXAMPLES / name) for name in ("beginner.toml", "intermediate.toml")]
    result = run("assess", *models, "--format", "junit")
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.stdout.encode("utf-8"))  # one XML document, nothing else
    assert root.get("name") == "maturity: 2 models"
    names = [s.get("name", "") for s in root.iter("testsuite")]
    assert any(n.endswith("beginner.toml: maturity.collaboration") for n in names)
    assert any(n.endswith("intermediate.toml: maturity.collaboration") for n in names)
    assert int(root.get("tests", "-1")) == len(list(root.iter("testcase")))


def test_a_blocked_plugin_adds_nothing() -> None:
    result = run(
        "assess", str(EXAMPLES / "advanced.toml"), "--format", "junit", "--block-plugin", "gtm"
    )
    assert result.exit_code == 2
    assert "unknown format 'junit'" in result.output
    blocked = json.loads(
        run("plugins", "--format", "json", "--block-plugin", "maturity-gtm").stdout
    )
    (entry,) = [p for p in blocked if p["name"] == "gtm"]
    assert entry["blocked"] and entry["error"] is None and entry["packs"] == []


def test_the_plugins_own_test_suite_passes() -> None:
    """plugins/maturity-gtm/tests run with the main suite (pytest's testpaths is only tests/)."""
    import subprocess
    import sys

    folder = Path(__file__).resolve().parent.parent / "plugins" / "maturity-gtm" / "tests"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
