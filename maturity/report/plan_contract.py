"""The plan as plain, JSON-ready data: the contract of ``schemas/plan.schema.json``."""

from __future__ import annotations

from typing import Any

from maturity import __version__
from maturity.assess.scoring import levels_data, stages_data
from maturity.assess.session import Assessment
from maturity.fixes.plan import SCHEMA_VERSION, Plan, Step, Unmet
from maturity.fixes.targets import Lowered, Target, stages_met
from maturity.rules.rule import Rule, rule_fields


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
        "stage_targets": dict(plan.stages),
        "reached": plan.reached,
        "stages_reached": stages_met(plan.after, Target(plan.target, plan.stages)),
        "rounds": plan.rounds,
        "before": snapshot(plan.before),
        "after": snapshot(plan.after),
        "changes": [_step(n, s, rules[s.rule], lang) for n, s in enumerate(plan.steps, 1)],
        "remaining": [_unmet(u, rules[u.rule], lang) for u in plan.remaining],
        "lowered": [_lowered(item, plan.after, lang) for item in plan.lowered],
        "errors": [{"source": s, "message": m} for s, m in plan.after.errors],
    }


def snapshot(assessment: Assessment) -> dict[str, Any]:
    """Level and stage scores of one assessment."""
    scores = assessment.scores
    return {"level": levels_data(scores, detail=False), "stages": stages_data(scores, detail=False)}


def _rule_fields(rule: Rule, lang: str) -> dict[str, Any]:
    names = ("pack", "level", "required", "effort", "weight", "title")
    return {"rule": rule.id, **rule_fields(rule, lang, names)}


def _step(number: int, step: Step, rule: Rule, lang: str) -> dict[str, Any]:
    out = {
        "step": number,
        "round": step.round,
        **_rule_fields(rule, lang),
        "type": rule.recommendation_type,
        "text": rule.text(lang).recommendation,
        "passes": step.passes,
        "operations": [c.as_dict(lang) for c in step.changes],
    }
    if step.keeps:
        out["keeps"] = list(step.keeps)
    return out


def _lowered(item: Lowered, after: Assessment, lang: str) -> dict[str, Any]:
    causes = [_cause(c, after, lang) for c in item.causes]
    return {"stage": item.stage, "before": item.before, "after": item.after, "rules": causes}


def _cause(cause: Any, after: Assessment, lang: str) -> dict[str, Any]:
    title = after.rules[cause.rule].text(lang).title
    return {"rule": cause.rule, "title": title, "before": cause.before, "after": cause.after}


def _unmet(unmet: Unmet, rule: Rule, lang: str) -> dict[str, Any]:
    return {
        **_rule_fields(rule, lang),
        "status": unmet.status,
        "reason_code": unmet.code,
        "reason": unmet.reason(lang),
        "missing": list(unmet.missing),
    }
