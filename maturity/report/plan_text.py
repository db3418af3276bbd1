"""The terminal rendering of a plan, from the same data as ``--format json``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maturity.i18n import t
from maturity.terminal import clean


def _s(key: str, lang: str, **values: object) -> str:
    return t(f"plan_{key}", lang, **values)


def render_plan(doc: Mapping[str, Any], lang: str = "en") -> str:
    """The plan document (``maturity.report.plan_contract.plan_data``) as terminal text."""
    lines = _header(doc, lang)
    lines += _levels(doc, lang)
    lines += _stages(doc, lang)
    lines += _changes(doc, lang)
    lines += _lowered(doc, lang)
    lines += _remaining(doc, lang)
    return "\n".join(lines).rstrip("\n") + "\n"


def _header(doc: Mapping[str, Any], lang: str) -> list[str]:
    org = doc["organization"]
    state = _s("reached", lang) if doc["reached"] else _s("not_reached", lang)
    operations = sum(1 for c in doc["changes"] for o in c["operations"] if o["applied"])
    rules = len({c["rule"] for c in doc["changes"]})
    summary = _s("summary", lang, rules=rules, changes=operations, rounds=doc["rounds"])
    return [
        f"{_s('plan', lang)} — {clean(org['name'])}",
        f"{t('source', lang)}: {clean(org['source'])}",
        f"{_s('target', lang)}: {_target(doc, lang)} — {state} ({summary})",
        "",
    ]


def _target(doc: Mapping[str, Any], lang: str) -> str:
    stages = doc.get("stage_targets") or {}
    level = doc["target"]
    before = doc["before"]["level"]["achieved"]
    kept = stages and level == before
    parts = [_s("keep", lang, level=t(level, lang)) if kept else t(level, lang)]
    parts += [
        _s("stage_target", lang, stage=t(stage, lang), score=f"{score:g}")
        for stage, score in stages.items()
    ]
    return ", ".join(parts)


def _levels(doc: Mapping[str, Any], lang: str) -> list[str]:
    before, after = doc["before"]["level"], doc["after"]["level"]
    lines = [
        f"{t('level', lang)}: {t(before['achieved'], lang)} → {t(after['achieved'], lang)}"
        f"  ({_s('before_after', lang)})"
    ]
    for name, old in before["levels"].items():
        new = after["levels"][name]
        failed = f"{len(old['required_failed'])} → {len(new['required_failed'])}"
        lines.append(
            f"  {t(name, lang):<14} {_percent(old['score'])} → {_percent(new['score'])}"
            f"   {t('passed_of', lang, passed=new['passed'], total=new['total'])}"
            f"   {_s('required_failed', lang)}: {failed}"
        )
    return [*lines, ""]


def _percent(score: float) -> str:
    return f"{round(100 * score):>3}%"


def _stages(doc: Mapping[str, Any], lang: str) -> list[str]:
    lines = [f"{t('stages', lang)}:"]
    targets = doc.get("stage_targets") or {}
    met = doc.get("stages_reached") or {}
    for name, old in doc["before"]["stages"].items():
        new = doc["after"]["stages"][name]
        line = f"  {t(name, lang):<10} {_score(old['score'])} → {_score(new['score'])}"
        if name in targets:
            key = "stage_met" if met.get(name) else "stage_unmet"
            line += f"   ({_s(key, lang, score=f'{targets[name]:g}')})"
        lines.append(line)
    return [*lines, ""]


def _score(value: float | None) -> str:
    return "    –" if value is None else f"{value:5.1f}"


def _changes(doc: Mapping[str, Any], lang: str) -> list[str]:
    if not doc["changes"]:
        return [_s("no_changes", lang), ""]
    lines = [f"{_s('changes', lang)}:"]
    steps = doc["changes"]
    for number, step in enumerate(steps):
        tags = [t(step["level"], lang)] if step["level"] else []
        if step["required"]:
            tags.append(t("required", lang))
        tags.append(f"{t('effort', lang)} {step['effort']}")
        more = any(later["rule"] == step["rule"] for later in steps[number + 1 :])
        failing = "" if step["passes"] else f" {_s('one_step' if more else 'still_fails', lang)}"
        lines.append(
            f"  {step['step']:>2}. {step['rule']}  {clean(step['title'])}  "
            f"[{' · '.join(tags)}]{failing}"
        )
        lines.append(f"      {clean(step['text'])}")
        if step.get("keeps"):
            stages = ", ".join(t(stage, lang) for stage in step["keeps"])
            lines.append(f"      {_s('keeps', lang, stages=stages)}")
        for op in step["operations"]:
            lines.append(f"      {'+' if op['applied'] else '·'} {clean(op['text'])}")
    return [*lines, ""]


def _lowered(doc: Mapping[str, Any], lang: str) -> list[str]:
    """Each stage the changes lowered, and the rules that now score less."""
    items = doc.get("lowered") or []
    if not items:
        return []
    lines = [f"{_s('lowered', lang)}:"]
    for item in items:
        scores = f"{_score(item['before'])} → {_score(item['after'])}"
        lines.append(f"  {t(item['stage'], lang):<10} {scores}")
        for cause in item["rules"]:
            key = "lowered_new" if cause["before"] is None else "lowered_less"
            before = "–" if cause["before"] is None else f"{cause['before']:.2f}"
            text = _s(key, lang, rule=cause["rule"], title=clean(cause["title"]),
                      before=before, after=f"{cause['after']:.2f}")  # fmt: skip
            lines.append(f"      {text}")
    return [*lines, ""]


def _unmet_levels(doc: Mapping[str, Any], lang: str) -> list[str]:
    """Why the target is not reached, level by level: the score or the required rules."""
    after = doc["after"]["level"]
    lines = []
    for name, level in after["levels"].items():
        if not level["achieved"]:
            required = ", ".join(level["required_failed"]) or "–"
            lines.append(
                _s(
                    "level_unmet",
                    lang,
                    level=t(name, lang),
                    score=_percent(level["score"]).strip(),
                    threshold=_percent(after["threshold"]).strip(),
                    required=required,
                )
            )
        if name == doc["target"]:
            break
    return lines


def _remaining(doc: Mapping[str, Any], lang: str) -> list[str]:
    lines = [] if doc["reached"] else [*_unmet_levels(doc, lang), ""]
    if not doc["remaining"]:
        return lines
    lines.append(f"{_s('remaining', lang)}:")
    for item in doc["remaining"]:
        required = f" [{t('required', lang)}]" if item["required"] else ""
        lines.append(f"  {item['rule']}  {clean(item['title'])}{required}: {clean(item['reason'])}")
        if not doc["reached"]:
            lines += [f"      {t('missing', lang)}: {clean(m)}" for m in item["missing"]]
    return lines
