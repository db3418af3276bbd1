"""The executive summary every human format opens with: for a reader with two minutes.

What level the organization is at and what that means (seed 001), the three
changes that matter most and why (the recommendations' own order: what blocks
the next level first, required rules first, then weight), the stage scores in
one line, and who was assessed, when and by whom. Figures without waivers
stand beside the headline ones whenever they differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maturity.i18n import t
from maturity.model.vocabulary import STAGES

#: How many changes the summary names.
TOP = 3


def executive(report: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The summary as plain data (text, not markup): every format renders it its own way."""
    level = report["level"]
    achieved = level["achieved"]
    nxt = level["next"]
    out: dict[str, Any] = {
        "level": achieved,
        "headline": t("sum.headline", lang, level=t(achieved, lang)),
        "meaning": t(f"meaning.{achieved}", lang),
        "next": _next(level, lang) if nxt else _cap(t("top_level", lang)),
        "changes": [_change(rec, report, lang) for rec in report["recommendations"][:TOP]],
        "stages": stages_line(report["stages"], lang),
        "meta": meta(report, lang),
    }
    out["top"] = top_heading(len(out["changes"]), lang)
    raw = report.get("raw")
    if raw and _differs(report, raw):
        out["raw"] = t(
            "sum.raw",
            lang,
            level=t(raw["level"]["achieved"], lang),
            stages=stages_line(raw["stages"], lang),
            count=report["summary"].get("waived", 0),
        )
    return out


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _next(level: Mapping[str, Any], lang: str) -> str:
    info = level["levels"][level["next"]]
    score, threshold = f"{info['score']:.0%}", f"{level['threshold']:.0%}"
    blockers = len(info["required_failed"])
    key = "sum.next" if blockers else "sum.next_clear"
    return t(key, lang, level=t(level["next"], lang), score=score,
             threshold=threshold, blockers=blockers)  # fmt: skip


def _change(rec: Mapping[str, Any], report: Mapping[str, Any], lang: str) -> dict[str, str]:
    if rec.get("blocks"):
        why = t("sum.why_required", lang, level=t(rec["blocks"], lang))
    elif rec.get("level") and rec["level"] == report["level"]["next"]:
        why = t("sum.why_next", lang, level=t(rec["level"], lang))
    elif rec.get("level"):
        why = t("sum.why_later", lang, level=t(rec["level"], lang))
    else:
        why = t("sum.why_loop", lang)
    if rec.get("stage"):
        why += t("sum.why_stage", lang, stage=t(rec["stage"], lang))
    finding: Mapping[str, Any] = next(
        (f for f in report["findings"] if f["rule"] == rec["rule"]), {}
    )
    return {"rule": rec["rule"], "title": rec["title"], "action": rec.get("text", ""),
            "tag": why, "why": finding.get("message", "")}  # fmt: skip


def top_heading(count: int, lang: str) -> str:
    return t("sum.top_one", lang) if count == 1 else t("sum.top", lang, count=count)


def stages_line(stages: Mapping[str, Any], lang: str) -> str:
    """``refine 0 · deliver 12 · realize 17 · quantify 0`` (– for a stage without rules)."""
    parts = []
    for name in STAGES:
        score = stages.get(name, {}).get("score")
        parts.append(f"{t(name, lang)} {'–' if score is None else round(score)}")
    return " · ".join(parts)


def _differs(report: Mapping[str, Any], raw: Mapping[str, Any]) -> bool:
    if raw["level"]["achieved"] != report["level"]["achieved"]:
        return True
    return stages_line(raw["stages"], "en") != stages_line(report["stages"], "en")


def meta(report: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """Who was assessed, when and by whom (what the model or ``--date`` states)."""
    org = report["organization"]
    rows = [(t("organization", lang), str(org["name"]))]
    if org.get("assessed_on"):
        rows.append((t("sum.date", lang), str(org["assessed_on"])))
    if org.get("assessor"):
        rows.append((t("sum.assessor", lang), str(org["assessor"])))
    return rows


def summary_lines(report: Mapping[str, Any], lang: str) -> list[str]:
    """The summary as plain lines (the text report; Markdown escapes each)."""
    s = executive(report, lang)
    c = t("colon", lang)
    lines = [t("sum.title", lang), "  ".join(f"{k}{c}{v}" for k, v in s["meta"])]
    lines += [f"{s['headline']} — {s['meaning']}", s["next"]]
    if "raw" in s:
        lines.append(s["raw"])
    lines.append(f"{t('stages', lang)}{c}{s['stages']}")
    if s["changes"]:
        lines.append(top_heading(len(s["changes"]), lang))
    for number, change in enumerate(s["changes"], start=1):
        tag = t("sum.tag", lang, rule=change["rule"], tag=change["tag"])
        lines.append(f"{number}. {change['title']}{tag}")
        lines.append(f"   {change['why']}")
    return lines


def score_notes(report: Mapping[str, Any], lang: str) -> list[str]:
    """Why a stage's score is not its pass ratio: weights, partial credit, waivers."""
    weights: set[float] = set()
    partial: list[tuple[str, float]] = []
    for stage in report["stages"].values():
        for c in stage.get("contributions", []):
            weights.add(c["weight"])
            if 0 < c["score"] < 1:
                partial.append((c["rule"], c["score"]))
    notes = []
    if len(weights) > 1:
        notes.append(t("note.weights", lang))
    if partial:
        shown = ", ".join(f"{rule} {score:.0%}" for rule, score in sorted(set(partial))[:6])
        notes.append(t("note.partial", lang, rules=shown))
    raw = report.get("raw")
    if raw and _differs(report, raw):
        notes.append(t("note.raw", lang, stages=stages_line(raw["stages"], lang)))
    return notes
