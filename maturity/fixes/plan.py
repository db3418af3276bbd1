"""``maturity plan``: choose the fixes that reach a target, apply them, re-assess.

A target is a level, stage scores, or both (:mod:`maturity.fixes.targets`). The
choice (docs/plan.md): for each level from intermediate up to the target,
every failing ``required`` rule, then the cheapest other failing rules (by
``effort``, then weight descending, then id) until the level's weighted
threshold would be met; for each stage below its target score, the cheapest
failing rules of that stage, loop-only ones included, until the score would be
met. The chosen fixes apply in the seeds' order of work
(:func:`maturity.fixes.targets.work_order`), each to the result of the one before,
skipping a rule that already passes by then; a fix that advances one step at a
time (VAL-Q1) is applied again while it raises the rule's score, up to
:data:`MAX_STEPS` times. The model is re-assessed after each round: a fix can
make another rule pass or fail, so a round picks again from what still fails,
up to :data:`MAX_ROUNDS` rounds, and no rule is picked in more than
:data:`MAX_ATTEMPTS` rounds.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maturity.assess.scoring import effective
from maturity.assess.session import Assessment, Session
from maturity.fixes.apply import apply_fix
from maturity.fixes.changes import Change, FixError
from maturity.fixes.targets import (
    Lowered,
    Target,
    lowered,
    stage_score,
    stages_met,
    work_order,
)
from maturity.i18n import t
from maturity.model.validate import Model
from maturity.model.vocabulary import LEVELS
from maturity.model.writer import write_model
from maturity.rules.rule import Finding, Rule, evaluate, rule_key

SCHEMA_VERSION = 1
MAX_ROUNDS = 4
MAX_ATTEMPTS = 2
MAX_STEPS = 3
#: Extra rounds that fix what the plan lowered (:meth:`_Planner.repair`).
MAX_REPAIRS = 2


@dataclass(frozen=True)
class Step:
    """One rule's fix as applied: the concrete changes, and whether the rule passes after it."""

    rule: str
    round: int
    changes: tuple[Change, ...]
    passes: bool
    #: Stages this step keeps from dropping: an earlier change brought the rule into play.
    keeps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unmet:
    """A rule at or below the target level that still does not pass, and why."""

    rule: str
    status: str
    code: str
    detail: str = ""
    missing: tuple[str, ...] = ()

    def reason(self, lang: str = "en") -> str:
        return t(f"reason.{self.code}", lang, detail=self.detail)


@dataclass(frozen=True)
class Plan:
    target: str
    before: Assessment
    after: Assessment
    steps: tuple[Step, ...]
    remaining: tuple[Unmet, ...]
    rounds: int
    #: Minimum stage scores asked for (``--target quantify=60``).
    stages: Mapping[str, float] = dataclasses.field(default_factory=dict)

    @property
    def reached(self) -> bool:
        goal = Target(self.target, self.stages)
        return reached(self.after, self.target) and all(stages_met(self.after, goal).values())

    @property
    def lowered(self) -> list[Lowered]:
        """Stages the plan lowered, with the rules that caused it."""
        return lowered(self.before, self.after)

    @property
    def model(self) -> Model:
        """The target organization: the model with every step applied."""
        return self.after.model


def reached(assessment: Assessment, target: str) -> bool:
    return LEVELS.index(assessment.scores.levels.achieved) >= LEVELS.index(target)


def make_plan(session: Session, model: Model, target: str | Target, lang: str = "en") -> Plan:
    """Plan the changes that take ``model`` to ``target``: a level name or a :class:`Target`.

    A target without a level keeps the level the organization has.
    """
    goal = Target(target) if isinstance(target, str) else target
    if goal.level is not None and goal.level not in LEVELS:
        raise ValueError(f"unknown level '{goal.level}'")
    before = session.assess(model)
    level = goal.level or before.scores.levels.achieved
    planner = _Planner(session, Target(level, goal.stages))
    planner.lang = lang  # roles the fixes add are named in this language
    return planner.run(before)


def _loss(before: Assessment, after: Assessment) -> float:
    """How many stage points ``after`` lost against ``before``, summed over the lowered stages."""
    return sum(low.before - low.after for low in lowered(before, after))


def _cost(rule: Rule) -> tuple[Any, ...]:
    return (rule.effort, -rule.weight, rule_key(rule.id))


class _Planner:
    def __init__(self, session: Session, target: Target):
        self.session = session
        self.goal = target
        self.target = target.level or LEVELS[0]
        self.levels = LEVELS[1 : LEVELS.index(self.target) + 1]
        self.attempts: Counter[str] = Counter()
        #: Rules not to pick again: reason code and detail.
        self.exhausted: dict[str, tuple[str, str]] = {}
        self.steps: list[Step] = []
        self.lang = "en"

    def reached(self, assessment: Assessment) -> bool:
        met = stages_met(assessment, self.goal).values()
        return reached(assessment, self.target) and all(met)

    def run(self, before: Assessment) -> Plan:
        current = before
        rounds = 0
        while rounds < MAX_ROUNDS and not self.reached(current):
            picks = self.select(current)
            if not picks:
                break
            rounds += 1
            state = self.apply(current.model, picks, rounds)
            if state is current.model:
                break
            current = self.session.assess(state)
        current, rounds = self.repair(before, current, rounds)
        remaining = tuple(self.remaining(current))
        steps = tuple(self.steps)
        return Plan(self.target, before, current, steps, remaining, rounds, self.goal.stages)

    def repair(
        self, before: Assessment, current: Assessment, rounds: int
    ) -> tuple[Assessment, int]:
        """Fix what the plan lowered, when it can without losing the target or lowering more.

        A rule that applies only once a change lands (a PMM brings the PMM rules
        into play) or scores less after it is a cause of a lowered stage; its own
        fix is tried in an extra round, kept only if the target still holds and
        the stages lose less than before. What remains lowered is explained.
        """
        for _ in range(MAX_REPAIRS):
            lows = lowered(before, current) if self.reached(current) else []
            causes = dict.fromkeys(c.rule for low in lows for c in low.causes)
            picks = [current.rules[r] for r in causes if r in current.rules]
            picks = sorted((r for r in picks if self._fixable(r)), key=work_order(current))
            kept = len(self.steps)
            candidate = self._try(current, picks, rounds + 1)
            if candidate is None or _loss(before, candidate) >= _loss(before, current):
                del self.steps[kept:]
                break
            for i in range(kept, len(self.steps)):
                rule = self.steps[i].rule
                keeps = tuple(low.stage for low in lows if rule in {c.rule for c in low.causes})
                self.steps[i] = dataclasses.replace(self.steps[i], keeps=keeps)
            current, rounds = candidate, rounds + 1
        return current, rounds

    def _try(self, current: Assessment, picks: list[Rule], round_: int) -> Assessment | None:
        """``current`` with the fixes applied; ``None`` if nothing changed or the target is lost."""
        if not picks:
            return None
        state = self.apply(current.model, picks, round_)
        if state is current.model:
            return None
        candidate = self.session.assess(state)
        return candidate if self.reached(candidate) else None

    # ------------------------------------------------------------ choosing

    def select(self, assessment: Assessment) -> list[Rule]:
        picks: list[Rule] = []
        for level in self.levels:
            picks += self._select_level(assessment, level)
        for stage, want in self.goal.stages.items():
            picks += [r for r in self._select_stage(assessment, stage, want) if r not in picks]
        return sorted(picks, key=work_order(assessment))

    def _select_stage(self, assessment: Assessment, stage: str, want: float) -> list[Rule]:
        """The cheapest failing rules of ``stage``, any level or none, until it scores ``want``."""
        contributions = assessment.scores.stages[stage].contributions
        total = sum(c.weight for c in contributions)
        score = stage_score(assessment, stage)
        picks: list[Rule] = []
        failing = [assessment.rules[c.rule] for c in contributions if c.score < 1]
        for rule in sorted((r for r in failing if self._fixable(r)), key=_cost):
            if score >= want - 1e-9:
                break
            picks.append(rule)
            contribution = next(c for c in contributions if c.rule == rule.id)
            score += 100 * rule.weight * (1 - contribution.score) / total
        return picks

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

    def score(self, rule: Rule, model: Model) -> float:
        ctx, _ = self.session.prepare(model)
        return evaluate(rule, ctx).score

    def apply(self, model: Model, picks: list[Rule], round_: int) -> Model:
        state = model
        for rule in picks:
            if self.passes(rule, state):
                continue
            self.attempts[rule.id] += 1
            state = self._steps(rule, state, round_)
            if rule.id not in self.exhausted and self.attempts[rule.id] >= MAX_ATTEMPTS:
                self.exhausted[rule.id] = ("attempts", str(MAX_ATTEMPTS))
        return state

    def _steps(self, rule: Rule, state: Model, round_: int) -> Model:
        """Apply ``rule``'s fix, again while each application raises its score (one step each)."""
        score = self.score(rule, state)
        for _ in range(MAX_STEPS):
            try:
                result = apply_fix(state, rule, self.session.language, lang=self.lang)
            except FixError as exc:
                self.exhausted[rule.id] = ("fix_error", str(exc))
                return state
            if not result.applied:
                self.exhausted.setdefault(rule.id, ("no_effect", ""))
                return state
            state = result.model
            passes = self.passes(rule, state)
            self.steps.append(Step(rule.id, round_, result.changes, passes))
            if passes:
                self.exhausted.pop(rule.id, None)
                return state
            new = self.score(rule, state)
            if new <= score:
                break
            score = new
        self.exhausted[rule.id] = ("still_fails", "")
        return state

    # ------------------------------------------------------------ reporting

    def remaining(self, assessment: Assessment) -> list[Unmet]:
        out = []
        ok = self.reached(assessment)
        findings = {f.rule: f for f in assessment.findings}
        failing = [(r, s) for level in self.levels for r, s, _ in self._scored(assessment, level)]
        met = stages_met(assessment, self.goal)
        for stage in self.goal.stages:
            for c in assessment.scores.stages[stage].contributions:
                rule = assessment.rules[c.rule]
                if not rule.level or rule.level not in self.levels:
                    failing.append((rule, findings[c.rule].status))
        for rule, status in failing:
            if status != "pass":
                finding = findings[rule.id]
                needed = not ok and (rule.required or not met.get(rule.stage, True))
                code, detail = self._reason(rule, finding, not needed)
                out.append(Unmet(rule.id, status, code, detail, finding.unmet))
        return out

    def _reason(self, rule: Rule, finding: Finding, ok: bool) -> tuple[str, str]:
        if finding.status == "error":
            return "error", finding.error or ""
        if not rule.fix:
            return "no_fix", ""
        if rule.id in self.exhausted:
            return self.exhausted[rule.id]
        if ok:
            return "not_needed", ""
        return "undone", ""


def write_target(path: str | Path, plan: Plan) -> None:
    """Write the plan's target organization as a model ``maturity assess`` reads."""
    source = plan.before.model.source
    achieved = plan.after.scores.levels.achieved
    header = [
        f"Target organization planned by `maturity plan {source}{_target_args(plan)}`.",
        f"Assessed level: {achieved}. Changes: {len(plan.steps)} rules' fixes applied;",
        "comments of the original file are not kept.",
    ]
    write_model(path, plan.model, header)


def _target_args(plan: Plan) -> str:
    goal = Target(plan.target if plan.target != LEVELS[0] else None, plan.stages)
    return "".join(f" --target {part}" for part in goal.describe().split())
