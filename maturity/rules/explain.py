"""Explain rules to people: ``maturity rules list`` and ``maturity rules show``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from maturity.i18n import t
from maturity.rules.rule import Rule, rule_fields
from maturity.terminal import clean

if TYPE_CHECKING:
    pass


def rule_summary(rule: Rule, lang: str) -> dict[str, Any]:
    names = ("pack", "level", "stage", "required", "severity", "weight", "type", "title")
    return {"id": rule.id, **rule_fields(rule, lang, names)}


def rule_detail(rule: Rule, lang: str) -> dict[str, Any]:
    texts = rule.text(lang)
    return {
        **rule_summary(rule, lang),
        "summary": texts.summary,
        "rationale": texts.rationale,
        "seed": rule.seed,
        "recommendation": {"type": rule.recommendation_type, "text": texts.recommendation},
        "effort": rule.effort,
        "fix": [dict(op) for op in rule.fix],
        "condition": rule.match.describe() if rule.match else "(Python rule)",
        "when": rule.when.describe() if rule.when else None,
        "source": rule.source,
        "tests": len(rule.tests),
    }


def explain_rule(rule: Rule, lang: str) -> str:
    d = rule_detail(rule, lang)
    level = t(d["level"], lang) if d["level"] else t("loop_only", lang)
    kind = t(d["type"], lang)
    lines = [
        f"{d['id']} — {d['title']}",
        f"  pack {d['pack']} · {level} · {t(d['stage'], lang)} · {t(d['severity'], lang)}"
        f" · {t('weight', lang)} {d['weight']:g} · {kind}"
        + (f" · {t('required', lang)}" if d["required"] else ""),
        "",
        f"{t('checks', lang)}:",
        f"  {d['summary']}",
        f"  [{d['condition']}]",
    ]
    if d["when"]:
        lines.append(f"  when: {d['when']}")
    lines += ["", f"{t('rationale', lang)}:", f"  {d['rationale']}"]
    if d["seed"]:
        lines.append(f"  seed: {d['seed']}")
    rec = d["recommendation"]
    lines += ["", f"{t('recommendation', lang)} ({t(rec['type'], lang)}):", f"  {rec['text']}"]
    if d["fix"]:
        lines += ["", f"{t('fix', lang)}:"]
        lines += [f"  {json.dumps(op, ensure_ascii=False, sort_keys=True)}" for op in d["fix"]]
    return "\n".join(clean(line) for line in lines)
