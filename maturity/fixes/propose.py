"""What the recommendations would change: their fixes applied in order, read as changes.

The HTML report draws these on the process graph (dashed boxes and arrows), so
the drawing shows exactly what ``maturity plan`` would apply: both come from
:func:`~maturity.fixes.apply.apply_fix`, the one interpreter of the fix language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from maturity.engine.language import Language
from maturity.errors import MaturityError
from maturity.fixes.apply import apply_fix
from maturity.model.validate import Model
from maturity.rules.rule import Rule

ROLE_FIELDS = ("id", "kind", "name", "parent")
FLOW_FIELDS = ("from", "to", "kind")


def proposed(
    model: Model, rules: Iterable[Rule], language: Language | None = None, lang: str = "en"
) -> dict[str, list[dict[str, Any]]]:
    """The roles and flows the rules' fixes add (a rerouted flow: where it goes), each fix
    applied to the result of the one before; a fix that fails on this organization is
    left out."""
    roles: list[dict[str, Any]] = []
    flows: list[dict[str, Any]] = []
    state = model
    for rule in rules:
        if not rule.fix:
            continue
        try:
            result = apply_fix(state, rule, language, validate=False, lang=lang)
        except MaturityError:
            continue
        state = result.model
        roles += [_pick(role, ROLE_FIELDS, rule.id) for role in result.items("added", "role")]
        moved = result.items("added", "flow") + result.items("moved", "flow")
        flows += [_pick(flow, FLOW_FIELDS, rule.id) for flow in moved]
    return {"roles": roles, "flows": flows}


def _pick(item: Mapping[str, Any], fields: tuple[str, ...], rule: str) -> dict[str, Any]:
    """The fields to draw, and the rule whose fix makes the change."""
    return {**{key: item[key] for key in fields if key in item}, "rule": rule}
