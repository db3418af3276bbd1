"""``--format junit``: findings as JUnit XML, the test-report format every CI reads.

GitLab merge requests, Jenkins, Azure Pipelines, CircleCI and GitHub test-report
actions all show JUnit XML, so a team that assesses its model in CI sees which
rules fail next to its tests. One ``testsuite`` per pack, one ``testcase`` per
rule: ``fail`` becomes ``<failure>``, ``error`` ``<error>``, ``skipped`` and
``waived`` ``<skipped>``. Plugin and pack errors of the run (``report.errors``)
become ``<error>`` test cases of a ``maturity`` suite, so they cannot go unseen.

ElementTree escapes markup; characters XML 1.0 forbids (control characters) are
dropped first, because no escape makes them legal and one would break the file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from maturity.report import Reporter

#: Everything XML 1.0 allows: tab, newline, carriage return and the printable planes.
_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

COUNTED = ("tests", "failures", "errors", "skipped")


def clean(text: Any) -> str:
    """``text`` as a string XML 1.0 can hold."""
    return _ILLEGAL.sub("", str(text))


def _element(tag: str, attrs: Mapping[str, Any], text: str = "") -> ET.Element:
    element = ET.Element(tag, {key: clean(value) for key, value in attrs.items()})
    if text:
        element.text = clean(text)
    return element


def _evidence_line(item: Mapping[str, Any]) -> str:
    if item["type"] == "role":
        return f"role {item['id']} ({item.get('kind', '')}): {item.get('name', '')}"
    if item["type"] == "flow":
        return f"flow #{item['index']}: {item['from']} -> {item['to']} [{item['kind']}]"
    state = "" if item.get("stated", True) else " (not stated)"
    return f"fact {item['path']} = {item.get('value')!r}{state}"


def _details(finding: Mapping[str, Any], advice: str) -> str:
    lines = [finding["message"]]
    lines += [f"missing: {m}" for m in finding.get("missing", ())]
    lines += [_evidence_line(e) for e in finding.get("evidence", ())]
    if advice:
        lines.append(f"recommendation: {advice}")
    return "\n".join(lines)


def _outcome(finding: Mapping[str, Any], advice: str) -> ET.Element | None:
    status = finding["status"]
    if status == "fail":
        return _element(
            "failure",
            {"message": finding["message"], "type": finding["severity"]},
            _details(finding, advice),
        )
    if status == "error":
        return _element("error", {"message": finding["message"], "type": "error"})
    if status == "waived":
        reason = (finding.get("waiver") or {}).get("reason", "")
        return _element("skipped", {"message": f"waived: {reason}".rstrip(": ")})
    if status == "skipped":
        return _element("skipped", {"message": finding["message"]})
    return None


def _testcase(finding: Mapping[str, Any], advice: str) -> ET.Element:
    case = _element(
        "testcase",
        {
            "classname": f"maturity.{finding['pack']}",
            "name": f"{finding['rule']} {finding['title']}",
            "time": "0",
        },
    )
    outcome = _outcome(finding, advice)
    if outcome is not None:
        case.append(outcome)
    return case


def _suite(name: str, cases: list[ET.Element], properties: Mapping[str, Any]) -> ET.Element:
    counts = _count(cases)
    suite = _element("testsuite", {"name": name, **counts, "time": "0"})
    if properties:
        holder = ET.SubElement(suite, "properties")
        for key, value in properties.items():
            holder.append(_element("property", {"name": key, "value": value}))
    suite.extend(cases)
    return suite


def _count(cases: Iterable[ET.Element]) -> dict[str, int]:
    counts = dict.fromkeys(COUNTED, 0)
    for case in cases:
        counts["tests"] += 1
        for tag, key in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
            counts[key] += case.find(tag) is not None
    return counts


def _pack_suites(report: Mapping[str, Any]) -> list[ET.Element]:
    advice = {r["rule"]: r["text"] for r in report.get("recommendations", ())}
    level = report["level"]
    suites = []
    for pack in report["packs"]:
        findings = [f for f in report["findings"] if f["pack"] == pack["id"]]
        cases = [_testcase(f, advice.get(f["rule"], "")) for f in findings]
        properties = {
            "pack.version": pack["version"],
            "pack.source": pack["source"],
            "organization": report["organization"]["name"],
            "model": report["organization"]["source"],
            "level.achieved": level["achieved"],
            "level.next": level["next"] or "",
        }
        suites.append(_suite(f"maturity.{pack['id']}", cases, properties))
    return suites


def _error_suite(errors: list[Mapping[str, Any]]) -> ET.Element:
    cases = []
    for error in errors:
        case = _element("testcase", {"classname": "maturity", "name": error["source"], "time": "0"})
        case.append(_element("error", {"message": error["message"], "type": "plugin"}))
        cases.append(case)
    return _suite("maturity", cases, {})


def _report_suites(report: Mapping[str, Any]) -> list[ET.Element]:
    suites = _pack_suites(report)
    if report.get("errors"):
        suites.append(_error_suite(report["errors"]))
    return suites


def render_junit(report: Mapping[str, Any], lang: str) -> str:
    """The report contract as a JUnit XML document (``lang`` is already applied to its texts)."""
    return _document(_report_suites(report), f"maturity: {report['organization']['name']}")


def render_junit_many(reports: Sequence[Mapping[str, Any]], lang: str) -> str:
    """Several models' reports as one JUnit XML document: each suite named by its model."""
    suites = []
    for report in reports:
        for suite in _report_suites(report):
            suite.set("name", f"{report['organization']['source']}: {suite.get('name')}")
            suites.append(suite)
    return _document(suites, f"maturity: {len(reports)} models")


def _document(suites: list[ET.Element], name: str) -> str:
    root = _element("testsuites", {"name": name})
    root.attrib.update({key: str(value) for key, value in _totals(suites).items()})
    root.extend(suites)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _totals(suites: Iterable[ET.Element]) -> dict[str, int]:
    totals = dict.fromkeys(COUNTED, 0)
    for suite in suites:
        for key in COUNTED:
            totals[key] += int(suite.get(key, "0"))
    return totals


JUNIT = Reporter(
    "junit",
    render_junit,
    ".xml",
    "JUnit XML of the findings, for CI test reports (maturity-gtm)",
    render_many=render_junit_many,
)
