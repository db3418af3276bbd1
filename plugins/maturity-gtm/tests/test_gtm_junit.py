"""``--format junit``: well-formed XML whatever the texts hold, counts CI can trust."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from maturity_gtm.junit import JUNIT, clean, render_junit

from maturity.cli import cli

NASTY = "R&D <\"quotes\"> 'apos' ]]> \x00\x1b\ud800 bell\x07 🚀 客户成功"


def finding(rule: str, status: str, **extra: Any) -> dict[str, Any]:
    return {
        "rule": rule,
        "pack": "acme",
        "status": status,
        "severity": "high",
        "title": f"{rule} title {NASTY}",
        "message": f"message {NASTY}",
        "evidence": [],
        "missing": [],
        **extra,
    }


def report(
    findings: list[dict[str, Any]], errors: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    return {
        "organization": {"name": f"Org {NASTY}", "source": "org.toml"},
        "packs": [{"id": "acme", "version": "1.0", "source": "acme-maturity"}],
        "level": {"achieved": "beginner", "next": "intermediate"},
        "findings": findings,
        "recommendations": [{"rule": "A-2", "text": f"do {NASTY}"}],
        "errors": errors or [],
    }


EVIDENCE = [
    {"type": "role", "id": "s", "kind": "sales", "name": "销售 & <Sales>"},
    {"type": "flow", "index": 3, "from": "s", "to": "p", "kind": "feature_request"},
    {"type": "fact", "path": "practices.x", "value": None, "stated": False},
]

FINDINGS = [
    finding("A-1", "pass"),
    finding("A-2", "fail", evidence=EVIDENCE, missing=["a flow <x>"]),
    finding("A-3", "error"),
    finding("A-4", "skipped"),
    finding("A-5", "waived", waiver={"reason": "reorg & merger", "owner": "x"}),
]


def parse(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_counts_per_suite_and_overall() -> None:
    root = parse(render_junit(report(FINDINGS), "en"))
    (suite,) = root.findall("testsuite")
    expected = {"tests": "5", "failures": "1", "errors": "1", "skipped": "2"}
    assert {k: suite.get(k) for k in expected} == expected
    assert {k: root.get(k) for k in expected} == expected
    assert suite.get("name") == "maturity.acme"


def test_each_status_maps_to_its_element() -> None:
    root = parse(render_junit(report(FINDINGS), "en"))
    cases = {c.get("name", "").split()[0]: c for c in root.iter("testcase")}
    assert list(cases["A-1"]) == []
    assert cases["A-2"].find("failure") is not None
    assert cases["A-3"].find("error") is not None
    assert cases["A-4"].find("skipped") is not None
    waived = cases["A-5"].find("skipped")
    assert waived is not None and waived.get("message") == "waived: reorg & merger"


def test_a_failure_carries_missing_evidence_and_advice() -> None:
    root = parse(render_junit(report(FINDINGS), "en"))
    failure = next(root.iter("failure"))
    text = failure.text or ""
    assert "missing: a flow <x>" in text
    assert "role s (sales): 销售 & <Sales>" in text
    assert "flow #3: s -> p [feature_request]" in text
    assert "fact practices.x = None (not stated)" in text
    assert "recommendation: do R&D" in text
    assert failure.get("type") == "high"


def test_markup_is_escaped_and_illegal_characters_dropped() -> None:
    text = render_junit(report(FINDINGS), "en")
    root = parse(text)  # would raise on a stray "<", "&" or control character
    assert "\x00" not in text and "\x1b" not in text and "\x07" not in text
    name = root.get("name", "")
    assert name == "maturity: Org R&D <\"quotes\"> 'apos' ]]>  bell 🚀 客户成功"


def test_clean_keeps_tabs_newlines_and_astral_characters() -> None:
    assert clean("a\tb\nc\r🚀\x0b\ufffe") == "a\tb\nc\r🚀"


def test_run_errors_become_error_cases_of_a_maturity_suite() -> None:
    errors = [{"source": "broken-plugin", "message": "failed to load: ImportError: <numpy>"}]
    root = parse(render_junit(report(FINDINGS, errors), "en"))
    suite = root.findall("testsuite")[-1]
    assert suite.get("name") == "maturity" and suite.get("errors") == "1"
    error = suite.find("testcase/error")
    assert error is not None and error.get("message") == "failed to load: ImportError: <numpy>"
    assert root.get("errors") == "2"


def test_the_reporter_writes_xml_files() -> None:
    assert (JUNIT.name, JUNIT.suffix) == ("junit", ".xml")


@pytest.fixture
def plugins_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MATURITY_NO_PLUGINS", raising=False)


@pytest.mark.usefixtures("plugins_on")
def test_the_cli_writes_a_junit_report(tmp_path: Path) -> None:
    model = tmp_path / "org.toml"
    model.write_text(
        '[organization]\nname = "Acme & <Co>"\n\n'
        '[[roles]]\nid = "s"\nkind = "sales"\n\n[[roles]]\nid = "p"\nkind = "product"\n\n'
        '[[flows]]\nfrom = "s"\nto = "p"\nkind = "feature_request"\n',
        encoding="utf-8",
    )
    out = tmp_path / "report.xml"
    result = CliRunner().invoke(
        cli, ["assess", str(model), "--format", "junit", "-o", str(out), "--plugin", "gtm"]
    )
    assert result.exit_code == 0, result.output
    root = ET.parse(out).getroot()
    assert root.get("name") == "maturity: Acme & <Co>"
    suites = {s.get("name") for s in root.iter("testsuite")}
    assert {"maturity.collaboration", "maturity.gtm", "maturity.gtm_graph"} <= suites
    total = sum(int(s.get("tests", "0")) for s in root.iter("testsuite"))
    assert total == int(root.get("tests", "0")) == len(list(root.iter("testcase")))
