"""``maturity plan``: choose the fixes that reach a target level, apply them, re-assess.

The choice (docs/plan.md): for each level from intermediate up to the target,
every failing ``required`` rule, then the cheapest other failing rules (by
``effort``, then weight descending, then id) until the level's weighted
threshold would be met. The chosen fixes apply in order — lower level first,
then required, weight descending, effort, id — each to the result of the one
before, skipping a rule that already passes by then. The model is re-assessed
after each round: a fix can make another rule pass or fail, so a round picks
again from what still fails, up to :data:`MAX_ROUNDS` rounds, and no rule's fix
is applied more than :data:`MAX_ATTEMPTS` times.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maturity import __version__
from maturity.assess.scoring import effective
from maturity.assess.session import Assessment, Session
from maturity.fixes.apply import Change, FixError, apply_fix
from maturity.model.validate import Model
from maturity.model.vocabulary import LEVELS
from maturity.model.writer import write_model
from maturity.rules.rule import Finding, Rule, evaluate, rule_key

SCHEMA_VERSION = 1
MAX_ROUNDS = 4
MAX_ATTEMPTS = 2


@dataclass(frozen=True)
class Step:
    """One rule's fix as applied: the concrete changes, and whether the rule passes after it."""

    rule: str
    round: int
    changes: tuple[Change, ...]
    passes: bool


#: Why a rule still fails after the plan, per language; ``{detail}`` is filled in.
REASONS: Mapping[str, Mapping[str, str]] = {
    "error": {"en": "the rule errored: {detail}", "zh": "规则运行出错：{detail}"},
    "no_fix": {
        "en": "it has no fix: change the organization by hand",
        "zh": "没有可自动模拟的修复，需要人工调整组织",
    },
    "fix_error": {"en": "its fix is malformed: {detail}", "zh": "修复操作有误：{detail}"},
    "no_effect": {
        "en": "its fix changes nothing in this organization",
        "zh": "修复操作对该组织没有产生任何变更",
    },
    "still_fails": {
        "en": "its fix was applied but the rule still fails",
        "zh": "已应用修复操作，但规则仍未通过",
    },
    "attempts": {
        "en": "its fix was applied {detail} times and another change undoes it",
        "zh": "修复操作已应用 {detail} 次，仍被其他变更抵消",
    },
    "undone": {
        "en": "another change undoes it (rounds exhausted)",
        "zh": "被其他变更抵消（已达最大轮数）",
    },
    "not_needed": {"en": "not needed to reach the target", "zh": "达到目标段位不需要此项"},
}


@dataclass(frozen=True)
class Unmet:
    """A rule at or below the target level that still does not pass, and why."""

    rule: str
    status: str
    code: str
    detail: str = ""
    missing: tuple[str, ...] = ()

    def reason(self, lang: str = "en") -> str:
        texts = REASONS[self.code]
        return (texts.get(lang) or texts["en"]).format(detail=self.detail)


@dataclass(frozen=True)
class Plan:
    target: str
    before: Assessment
    after: Assessment
    steps: tuple[Step, ...]
    remaining: tuple[Unmet, ...]
    rounds: int

    @property
    def reached(self) -> bool:
        return reached(self.after, self.target)

    @property
    def model(self) -> Model:
        """The target organization: the model with every step applied."""
        return self.after.model


def reached(assessment: Assessment, target: str) -> bool:
    return LEVELS.index(assessment.scores.levels.achieved) >= LEVELS.index(target)


def make_plan(session: Session, model: Model, target: str) -> Plan:
    """Plan the changes that take ``model`` to ``target`` (a level name)."""
    if target not in LEVELS:
        raise ValueError(f"unknown level '{target}'")
    return _Planner(session, target).run(model)


def apply_order(rule: Rule) -> tuple[Any, ...]:
    """Lower level first, then what the recommendations rank first: required, weight, effort."""
    level = LEVELS.index(rule.level) if rule.level in LEVELS else len(LEVELS)
    return (level, not rule.required, -rule.weight, rule.effort, rule_key(rule.id))


def _cost(rule: Rule) -> tuple[Any, ...]:
    return (rule.effort, -rule.weight, rule_key(rule.id))


class _Planner:
    def __init__(self, session: Session, target: str):
        self.session = session
        self.target = target
        self.levels = LEVELS[1 : LEVELS.index(target) + 1]
        self.attempts: Counter[str] = Counter()
        #: Rules not to pick again: reason code and detail.
        self.exhausted: dict[str, tuple[str, str]] = {}
        self.steps: list[Step] = []

    def run(self, model: Model) -> Plan:
        before = current = self.session.assess(model)
        rounds = 0
        while rounds < MAX_ROUNDS and not reached(current, self.target):
            picks = self.select(current)
            if not picks:
                break
            rounds += 1
            state = self.apply(current.model, picks, rounds)
            if state is current.model:
                break
            current = self.session.assess(state)
        remaining = tuple(self.remaining(current))
        return Plan(self.target, before, current, tuple(self.steps), remaining, rounds)

    # ------------------------------------------------------------ choosing

    def select(self, assessment: Assessment) -> list[Rule]:
        picks: list[Rule] = []
        for level in self.levels:
            picks += self._select_level(assessment, level)
        return sorted(picks, key=apply_order)

    def _scored(self, assessment: Assessment, level: str) -> list[tuple[Rule, str, float]]:
        findings = {f.rule: f for f in assessment.findings}
        out = []
        for rule in assessment.rules.values():
            if rule.level == level and rule.id in findings:
                status, score = effective(findings[rule.id], waivers=True)
                if status != "skipped":
                    out.append((rule, status, score))
        return out

    def _select_level(self, assessment: Assessment, level: str) -> list[Rule]:
        scored = self._scored(assessment, level)
        total = sum(rule.weight for rule, _, _ in scored)
        if not total:
            return []
        gain = {rule.id: rule.weight * (1 - score) / total for rule, _, score in scored}
        fixable = [r for r, status, _ in scored if status == "fail" and self._fixable(r)]
        picks = [r for r in fixable if r.required]
        ratio = sum(rule.weight * score for rule, _, score in scored) / total
        ratio += sum(gain[r.id] for r in picks)
        threshold = assessment.scores.levels.threshold
        for rule in sorted((r for r in fixable if not r.required), key=_cost):
            if ratio >= threshold - 1e-9:
                break
            picks.append(rule)
            ratio += gain[rule.id]
        return picks

    def _fixable(self, rule: Rule) -> bool:
        return bool(rule.fix) and rule.id not in self.exhausted

    # ------------------------------------------------------------ applying

    def passes(self, rule: Rule, model: Model) -> bool:
        ctx, _ = self.session.prepare(model)
        return evaluate(rule, ctx).status == "pass"

    def apply(self, model: Model, picks: list[Rule], round_: int) -> Model:
        state = model
        for rule in picks:
            if self.passes(rule, state):
                continue
            self.attempts[rule.id] += 1
            try:
                result = apply_fix(state, rule, self.session.language)
            except FixError as exc:
                self.exhausted[rule.id] = ("fix_error", str(exc))
                continue
            if not result.applied:
                self.exhausted[rule.id] = ("no_effect", "")
                continue
            state = result.model
            passes = self.passes(rule, state)
            self.steps.append(Step(rule.id, round_, result.changes, passes))
            if not passes:
                self.exhausted[rule.id] = ("still_fails", "")
            elif self.attempts[rule.id] >= MAX_ATTEMPTS:
                self.exhausted[rule.id] = ("attempts", str(MAX_ATTEMPTS))
        return state

    # ------------------------------------------------------------ reporting

    def remaining(self, assessment: Assessment) -> list[Unmet]:
        out = []
        ok = reached(assessment, self.target)
        findings = {f.rule: f for f in assessment.findings}
        for level in self.levels:
            for rule, status, _ in self._scored(assessment, level):
                if status != "pass":
                    finding = findings[rule.id]
                    code, detail = self._reason(rule, finding, ok)
                    out.append(Unmet(rule.id, status, code, detail, finding.unmet))
        return out

    def _reason(self, rule: Rule, finding: Finding, ok: bool) -> tuple[str, str]:
        if finding.status == "error":
            return "error", finding.error or ""
        if not rule.fix:
            return "no_fix", ""
        if rule.id in self.exhausted:
            return self.exhausted[rule.id]
        if ok or not rule.required:
            return "not_needed", ""
        return "undone", ""


def write_target(path: str | Path, plan: Plan) -> None:
    """Write the plan's target organization as a model ``maturity assess`` reads."""
    source = plan.before.model.source
    achieved = plan.after.scores.levels.achieved
    header = [
        f"Target organization planned by `maturity plan {source} --target {plan.target}`.",
        f"Assessed level: {achieved}. Changes: {len(plan.steps)} rules' fixes applied;",
        "comments of the original file are not kept.",
    ]
    write_model(path, plan.model, header)


# ---------------------------------------------------------------- the JSON contract


def plan_data(plan: Plan, lang: str = "en") -> dict[str, Any]:
    """The plan as plain, JSON-ready data (``schemas/plan.schema.json``)."""
    rules = plan.after.rules
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "maturity", "version": __version__},
        "lang": lang,
        "organization": {
            "name": plan.before.model.organization["name"],
            "source": plan.before.model.source,
        },
        "target": plan.target,
        "reached": plan.reached,
        "rounds": plan.rounds,
        "before": snapshot(plan.before),
        "after": snapshot(plan.after),
        "changes": [_step(n, s, rules[s.rule], lang) for n, s in enumerate(plan.steps, 1)],
        "remaining": [_unmet(u, rules[u.rule], lang) for u in plan.remaining],
        "errors": [{"source": s, "message": m} for s, m in plan.after.errors],
    }


def snapshot(assessment: Assessment) -> dict[str, Any]:
    """Level and stage scores of one assessment."""
    levels = assessment.scores.levels
    return {
        "level": {
            "achieved": levels.achieved,
            "next": levels.next,
            "progress": round(levels.progress, 4),
            "threshold": levels.threshold,
            "levels": {name: _level(s) for name, s in levels.levels.items()},
        },
        "stages": {
            name: {"score": s.score, "passed": s.passed, "total": s.total}
            for name, s in assessment.scores.stages.items()
        },
    }


def _level(score: Any) -> dict[str, Any]:
    return {
        "score": score.score,
        "passed": score.passed,
        "total": score.total,
        "achieved": score.achieved,
        "required_failed": list(score.required_failed),
    }


def _rule_fields(rule: Rule, lang: str) -> dict[str, Any]:
    return {
        "rule": rule.id,
        "pack": rule.pack,
        "level": rule.level,
        "required": rule.required,
        "effort": rule.effort,
        "weight": rule.weight,
        "title": rule.text(lang).title,
    }


def _step(number: int, step: Step, rule: Rule, lang: str) -> dict[str, Any]:
    return {
        "step": number,
        "round": step.round,
        **_rule_fields(rule, lang),
        "type": rule.recommendation_type,
        "text": rule.text(lang).recommendation,
        "passes": step.passes,
        "operations": [c.as_dict(lang) for c in step.changes],
    }


def _unmet(unmet: Unmet, rule: Rule, lang: str) -> dict[str, Any]:
    return {
        **_rule_fields(rule, lang),
        "status": unmet.status,
        "reason_code": unmet.code,
        "reason": unmet.reason(lang),
        "missing": list(unmet.missing),
    }
