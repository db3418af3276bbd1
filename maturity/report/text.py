"""The terminal report: level, what blocks the next, stages, findings, recommendations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maturity.engine.selectors import show_value
from maturity.i18n import t
from maturity.terminal import clean

_MARKS = {"pass": "✓", "fail": "✗", "error": "!", "skipped": "-", "waived": "~"}


def bar(score: float | None, width: int = 20) -> str:
    if score is None:
        return "·" * width
    filled = round(width * score / 100)
    return "█" * filled + "░" * (width - filled)


def evidence_text(item: Mapping[str, Any], lang: str) -> str:
    kind = item["type"]
    if kind == "role":
        name, rid = clean(item["name"]), clean(item["id"])
        return f"{t('role', lang)} {name}" + ("" if name == rid else f" ({rid})")
    if kind == "flow":
        label = f" “{clean(item['name'])}”" if item.get("name") else ""
        seen = item.get("observed")
        if seen:
            share = f"{seen.get('share', 0):.0%}"
            counts = {"handovers": seen.get("handovers", 0), "cases": seen.get("cases", "?")}
            label += " " + t("observed_counts", lang, share=share, **counts)
        return (
            f"{t('flow', lang)} #{item['index']} {clean(item['from_name'])} → "
            f"{clean(item['to_name'])} [{item['kind']}]{label}"
        )
    value = t("not_stated", lang) if not item["stated"] else clean(show_value(item["value"]))
    return f"{clean(item['path'])} = {value}"


def _level_lines(report: Mapping[str, Any], lang: str) -> list[str]:
    level = report["level"]
    lines = [f"{t('level', lang)}: {t(level['achieved'], lang).upper()}"]
    raw = report["raw"]["level"]["achieved"]
    if raw != level["achieved"]:
        lines.append(f"  ({t('raw_level', lang)}: {t(raw, lang)})")
    nxt = level["next"]
    if nxt is None:
        lines.append(f"  {t('top_level', lang)}")
        return lines
    info = level["levels"][nxt]
    lines.append(
        f"{t('next_level', lang)}: {t(nxt, lang)} — {t('progress', lang)} "
        f"{info['score']:.0%} ({t('threshold', lang)} {level['threshold']:.0%}, "
        f"{t('passed_of', lang, passed=info['passed'], total=info['total'])})"
    )
    blockers = _blockers(report, nxt)
    if blockers:
        lines.append(f"  {t('blocked_by', lang)}:")
        lines += [f"    {b}" for b in blockers]
    return lines


def _blockers(report: Mapping[str, Any], nxt: str) -> list[str]:
    titles = {f["rule"]: f["title"] for f in report["findings"]}
    out = []
    for level, info in report["level"]["levels"].items():
        if level == nxt or (not info["achieved"] and info["required_failed"]):
            for rule in info["blockers"]:
                mark = "*" if rule in info["required_failed"] else " "
                out.append(f"{mark} {rule}  {clean(titles.get(rule, ''))}")
        if level == nxt:
            break
    return out


def render_text(report: Mapping[str, Any], lang: str) -> str:
    org = report["organization"]
    lines = [
        f"{t('assessment', lang)} — {clean(org['name'])}",
        f"{t('source', lang)}: {clean(org['source'])}",
        "",
        *_level_lines(report, lang),
        "",
        f"{t('stages', lang)}:",
    ]
    for name, stage in report["stages"].items():
        score = stage["score"]
        shown = "  –  " if score is None else f"{score:5.1f}"
        detail = t("passed_of", lang, passed=stage["passed"], total=stage["total"])
        lines.append(f"  {t(name, lang):<10} {bar(score)} {shown}  {detail}")
    counts = report["summary"]
    lines += [
        "",
        f"{t('findings', lang)} — "
        + t(
            "summary",
            lang,
            passed=counts["pass"],
            failed=counts["fail"],
            skipped=counts["skipped"],
            errors=counts["error"],
        ),
    ]
    order = {"error": 0, "fail": 1, "waived": 2, "skipped": 3, "pass": 4}
    for finding in sorted(report["findings"], key=lambda f: order[f["status"]]):
        lines += _finding_lines(finding, lang)
    lines += _recommendation_lines(report, lang)
    if report.get("waivers"):
        lines += ["", f"{t('waivers', lang)}:"]
        lines += [
            f"  {w['rule']} [{t('waiver_' + w['state'], lang)}] {clean(w['owner'])}, "
            f"{w['expires']}: {clean(w['reason'])}"
            for w in report["waivers"]
        ]
    if report["errors"]:
        lines += ["", f"{t('errors', lang)}:"]
        lines += [f"  {clean(e['source'])}: {clean(e['message'])}" for e in report["errors"]]
    if report["notices"]:
        lines += ["", f"{t('notices', lang)}:"] + [f"  {clean(n)}" for n in report["notices"]]
    return "\n".join(lines) + "\n"


def _finding_lines(finding: Mapping[str, Any], lang: str) -> list[str]:
    level = t(finding["level"], lang) if finding["level"] else t("loop_only", lang)
    required = f" · {t('required', lang)}" if finding["required"] else ""
    head = (
        f"  {_MARKS[finding['status']]} {finding['rule']:<9} {clean(finding['title'])}  "
        f"[{level} · {t(finding['stage'], lang)}{required}]"
    )
    lines = [head]
    if finding["status"] in ("fail", "error", "waived"):
        lines.append(f"      {clean(finding['message'])}")
        waiver = finding.get("waiver")
        if waiver:
            lines.append(
                f"      {t('waived', lang)}: {clean(waiver['owner'])}, {waiver['expires']}: "
                f"{clean(waiver['reason'])}"
            )
        for item in finding["evidence"][:12]:
            lines.append(f"      {t('evidence', lang)}: {evidence_text(item, lang)}")
        if len(finding["evidence"]) > 12:
            lines.append(f"      … +{len(finding['evidence']) - 12}")
        for missing in finding["missing"][:6]:
            lines.append(f"      {t('missing', lang)}: {clean(missing)}")
    return lines


def _recommendation_lines(report: Mapping[str, Any], lang: str) -> list[str]:
    recs = report["recommendations"]
    if not recs:
        return []
    lines = ["", f"{t('recommendations', lang)}:"]
    for kind in ("role_change", "process_change"):
        group = [r for r in recs if r["type"] == kind]
        if not group:
            continue
        lines.append(f"  {t(kind, lang)}:")
        for rec in group:
            blocks = (
                f" ({t('blocks', lang, level=t(rec['blocks'], lang))})" if rec["blocks"] else ""
            )
            lines.append(f"   {rec['priority']:>2}. {rec['rule']}{blocks}: {clean(rec['text'])}")
    return lines
