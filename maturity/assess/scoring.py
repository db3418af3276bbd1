"""Levels and stage scores from findings: every figure explainable.

A level is achieved when every required rule at it and below passes and its
weighted score ratio reaches the threshold; levels are cumulative. A stage
scores the weighted mean rule score (0–100) of its rules; skipped rules are
left out of both sides of the fraction. ``error`` counts as not passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from maturity.model.vocabulary import LEVELS, STAGES
from maturity.rules.rule import Finding, Rule

SCORED_LEVELS = LEVELS[1:]


@dataclass(frozen=True)
class LevelScore:
    level: str
    score: float
    passed: int
    total: int
    required_failed: tuple[str, ...]
    #: Failing rules at this level: required first, then by weight.
    blockers: tuple[str, ...]
    achieved: bool


@dataclass(frozen=True)
class Levels:
    achieved: str
    next: str | None
    progress: float
    threshold: float
    levels: Mapping[str, LevelScore]


@dataclass(frozen=True)
class Contribution:
    rule: str
    weight: float
    score: float


@dataclass(frozen=True)
class StageScore:
    stage: str
    score: float | None
    passed: int
    total: int
    contributions: tuple[Contribution, ...]


@dataclass(frozen=True)
class Scores:
    levels: Levels
    stages: Mapping[str, StageScore]


def effective(finding: Finding, waivers: bool) -> tuple[str, float]:
    """The status and score that count: a waiver counts as a pass only when applied."""
    if finding.status == "waived":
        if waivers:
            return "pass", 1.0
        raw = finding.waiver or {}
        return str(raw.get("status", "fail")), float(raw.get("score", 0.0))
    return finding.status, finding.score


def _scored(
    rules: Iterable[Rule], findings: Mapping[str, Finding], waivers: bool
) -> list[tuple[Rule, str, float]]:
    out = []
    for rule in rules:
        finding = findings.get(rule.id)
        if finding is None:
            continue
        status, score = effective(finding, waivers)
        if status != "skipped":
            out.append((rule, status, score))
    return out


def _level(
    level: str, scored: Sequence[tuple[Rule, str, float]], threshold: float, below_ok: bool
) -> LevelScore:
    mine = [(r, s, v) for r, s, v in scored if r.level == level]
    weight = sum(r.weight for r, _, _ in mine)
    ratio = sum(r.weight * v for r, _, v in mine) / weight if weight else 0.0
    failing = sorted(
        ((r, s) for r, s, _ in mine if s != "pass"),
        key=lambda item: (not item[0].required, -item[0].weight, item[0].id),
    )
    required_failed = tuple(r.id for r, _ in failing if r.required)
    achieved = below_ok and bool(mine) and not required_failed and ratio >= threshold - 1e-9
    return LevelScore(
        level=level,
        score=round(ratio, 4),
        passed=sum(1 for _, s, _ in mine if s == "pass"),
        total=len(mine),
        required_failed=required_failed,
        blockers=tuple(r.id for r, _ in failing),
        achieved=achieved,
    )


def score(
    rules: Sequence[Rule],
    findings: Mapping[str, Finding],
    threshold: float = 0.8,
    waivers: bool = True,
) -> Scores:
    scored = _scored(rules, findings, waivers)
    levels: dict[str, LevelScore] = {}
    achieved, below_ok = LEVELS[0], True
    for level in SCORED_LEVELS:
        result = _level(level, scored, threshold, below_ok)
        levels[level] = result
        below_ok = result.achieved
        if result.achieved:
            achieved = level
    position = LEVELS.index(achieved)
    nxt = LEVELS[position + 1] if position + 1 < len(LEVELS) else None
    progress = 1.0 if nxt is None else levels[nxt].score
    stages = {stage: _stage(stage, scored) for stage in STAGES}
    return Scores(Levels(achieved, nxt, progress, threshold, levels), stages)


def _stage(stage: str, scored: Sequence[tuple[Rule, str, float]]) -> StageScore:
    mine = [(r, s, v) for r, s, v in scored if r.stage == stage]
    weight = sum(r.weight for r, _, _ in mine)
    value = round(100 * sum(r.weight * v for r, _, v in mine) / weight, 1) if weight else None
    return StageScore(
        stage=stage,
        score=value,
        passed=sum(1 for _, s, _ in mine if s == "pass"),
        total=len(mine),
        contributions=tuple(Contribution(r.id, r.weight, round(v, 4)) for r, _, v in mine),
    )


def levels_data(scores: Scores, detail: bool = True) -> dict[str, Any]:
    """The level scores as JSON data; ``detail`` adds each level's blockers (the report)."""
    lv = scores.levels
    return {
        "achieved": lv.achieved,
        "next": lv.next,
        "progress": round(lv.progress, 4),
        "threshold": lv.threshold,
        "levels": {name: _level_data(s, detail) for name, s in lv.levels.items()},
    }


def _level_data(s: LevelScore, detail: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "score": s.score,
        "passed": s.passed,
        "total": s.total,
        "achieved": s.achieved,
        "required_failed": list(s.required_failed),
    }
    if detail:
        data["blockers"] = list(s.blockers)
    return data


def stages_data(scores: Scores, detail: bool = True) -> dict[str, Any]:
    """The stage scores as JSON data; ``detail`` adds each rule's contribution (the report)."""
    out: dict[str, Any] = {}
    for name, s in scores.stages.items():
        out[name] = {"score": s.score, "passed": s.passed, "total": s.total}
        if detail:
            out[name]["contributions"] = [
                {"rule": c.rule, "weight": c.weight, "score": c.score} for c in s.contributions
            ]
    return out
