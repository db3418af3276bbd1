"""What a plan aims at, the order it works in, and which rules lowered a score.

A target is a level, stage scores (``quantify=60``), or both. The order of work
follows the seeds: first what blocks the next collaboration level (seed 001's
ladder), then the value loop's weakest stage, earliest first (seed 003's
refine → deliver → realize → quantify).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from maturity.assess.scoring import effective
from maturity.assess.session import Assessment
from maturity.model.vocabulary import LEVELS, STAGES
from maturity.rules.rule import Rule, rule_key

#: Stage scores are compared in bands of this many points: a stage at 10 and
#: one at 20 are equally weak, so the earlier one comes first.
BAND = 25.0


class TargetError(ValueError):
    """A ``--target`` value that is neither a level nor ``STAGE=SCORE``."""


@dataclass(frozen=True)
class Target:
    """A level to reach (``None``: keep the current one) and minimum stage scores."""

    level: str | None = None
    stages: Mapping[str, float] = field(default_factory=dict)

    def describe(self) -> str:
        parts = [self.level] if self.level else []
        parts += [f"{stage}={_number(score)}" for stage, score in self.stages.items()]
        return " ".join(parts)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def parse_targets(values: Iterable[str]) -> Target:
    """``["advanced", "quantify=60"]`` → a :class:`Target`; :class:`TargetError` if bad."""
    level: str | None = None
    stages: dict[str, float] = {}
    for raw in values:
        text = raw.strip()
        if "=" in text:
            stage, score = _stage_target(text)
            if stage in stages:
                raise TargetError(f"target '{raw}': the {stage} stage is given twice")
            stages[stage] = score
        elif text in LEVELS[1:]:
            if level is not None:
                raise TargetError(f"target '{raw}': give one level only (already '{level}')")
            level = text
        else:
            raise TargetError(_unknown(raw))
    if level is None and not stages:
        raise TargetError("give a target: a level or STAGE=SCORE")
    ordered = {stage: stages[stage] for stage in STAGES if stage in stages}
    return Target(level, ordered)


def _stage_target(text: str) -> tuple[str, float]:
    stage, _, score = (part.strip() for part in text.partition("="))
    if stage not in STAGES:
        raise TargetError(_unknown(text))
    try:
        value = float(score)
    except ValueError:
        value = float("nan")
    if not 0 <= value <= 100:
        raise TargetError(f"target '{text}': the score must be a number from 0 to 100")
    return stage, value


def _unknown(raw: str) -> str:
    return (
        f"unknown target '{raw}': give a level ({', '.join(LEVELS[1:])}) "
        f"or STAGE=SCORE with a stage of {', '.join(STAGES)} and a score from 0 to 100"
    )


def stage_score(assessment: Assessment, stage: str) -> float:
    score = assessment.scores.stages[stage].score if stage in assessment.scores.stages else None
    return 0.0 if score is None else score


def stages_met(assessment: Assessment, target: Target) -> dict[str, bool]:
    return {s: stage_score(assessment, s) >= want - 1e-9 for s, want in target.stages.items()}


# ---------------------------------------------------------------- the order of work


def work_order(assessment: Assessment) -> Any:
    """A sort key for rules: what blocks the next level, then the weakest stage, earliest first."""
    nxt = assessment.scores.levels.next
    horizon = LEVELS.index(nxt) if nxt else len(LEVELS)
    stages = {s: stage_score(assessment, s) for s in STAGES}

    def key(rule: Rule) -> tuple[Any, ...]:
        level = LEVELS.index(rule.level) if rule.level in LEVELS else len(LEVELS)
        stage = STAGES.index(rule.stage) if rule.stage in STAGES else len(STAGES)
        band = int(stages.get(rule.stage, 0.0) // BAND)
        tail = (-rule.weight, rule.effort, rule_key(rule.id))
        if level <= horizon:
            return (0, level, not rule.required, band, stage, *tail)
        return (1, band, stage, level, not rule.required, *tail)

    return key


# ---------------------------------------------------------------- lowered scores


@dataclass(frozen=True)
class Cause:
    """A rule that scores less after the plan (``before`` is ``None`` when it did not apply)."""

    rule: str
    before: float | None
    after: float


@dataclass(frozen=True)
class Lowered:
    stage: str
    before: float
    after: float
    causes: tuple[Cause, ...]


def lowered(before: Assessment, after: Assessment) -> list[Lowered]:
    """Each stage whose score the plan lowered, with the rules that caused it."""
    out = []
    for stage in STAGES:
        old, new = stage_score(before, stage), stage_score(after, stage)
        if new < old - 0.05:
            out.append(Lowered(stage, old, new, tuple(_causes(before, after, stage))))
    return out


def _scores(assessment: Assessment, stage: str) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for finding in assessment.findings:
        rule = assessment.rules.get(finding.rule)
        if rule is not None and rule.stage == stage:
            status, score = effective(finding, waivers=True)
            out[finding.rule] = None if status == "skipped" else score
    return out


def _causes(before: Assessment, after: Assessment, stage: str) -> Sequence[Cause]:
    old, new = _scores(before, stage), _scores(after, stage)
    causes = []
    for rule_id in sorted(new, key=rule_key):
        now, then = new[rule_id], old.get(rule_id)
        if now is not None and now < 1 and (then is None or now < then):
            causes.append(Cause(rule_id, then, now))
    return causes
