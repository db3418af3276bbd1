"""The graph overlay of the HTML report shows exactly what ``maturity plan`` applies.

Both read the changes of the one interpreter of the fix language
(:func:`maturity.fixes.apply.apply_fix`); here the overlay is compared with the
model that applying the fix produces, for every built-in rule's failing tests.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import pytest

from maturity.fixes.apply import apply_fix, apply_ops
from maturity.fixes.propose import proposed
from maturity.model.validate import Model, validate_data
from maturity.report.html import overlay
from maturity.rules.rule import Rule
from tools import docs_gen

CASES = [
    pytest.param(rule, test.model, id=f"{rule.id}-{number}")
    for pack in docs_gen.builtin_packs()
    for rule in pack.rules
    if rule.fix
    for number, test in enumerate(rule.tests)
    if test.expect == "fail" and not test.params
]


def _added(before: Model, after: Model) -> tuple[set[str], Counter[tuple[str, str, str]]]:
    """Roles and flows in ``after`` that ``before`` has not: read from the models themselves."""
    old_ids = {role["id"] for role in before.roles}
    roles = {role["id"] for role in after.roles if role["id"] not in old_ids}
    flows = Counter((f["from"], f["to"], f["kind"]) for f in after.flows)
    flows.subtract(Counter((f["from"], f["to"], f["kind"]) for f in before.flows))
    return roles, +flows


def _drawn(model: Model, rule: Rule) -> tuple[set[str], Counter[tuple[str, str, str]]]:
    data: Mapping[str, Any] = {"roles": [], "flows": [], "proposed": proposed(model, [rule])}
    drawn = overlay({"findings": []}, data, "en")
    return {role["id"] for role in drawn.new_roles}, Counter(drawn.new_flows)


def test_there_are_fixes_to_compare() -> None:
    assert len(CASES) > 20


@pytest.mark.parametrize(("rule", "data"), CASES)
def test_overlay_equals_what_plan_applies(rule: Rule, data: Mapping[str, Any]) -> None:
    model = validate_data(dict(data))
    applied = apply_fix(model, rule)  # what `maturity plan` applies (validated)
    assert _drawn(model, rule) == _added(model, applied.model)


def test_some_fix_adds_roles_and_flows_to_the_drawing() -> None:
    roles = flows = 0
    for case in CASES:
        rule, data = case.values
        model = validate_data(dict(data))  # type: ignore[arg-type]
        drawn_roles, drawn_flows = _drawn(model, rule)  # type: ignore[arg-type]
        roles, flows = roles + len(drawn_roles), flows + sum(drawn_flows.values())
    assert roles > 0 and flows > 0


def test_changes_say_what_happened_to_what() -> None:
    model = validate_data({
        "organization": {"name": "Acme"},
        "roles": [{"id": "m", "kind": "marketing"}, {"id": "s", "kind": "sales"}],
        "flows": [{"from": "m", "to": "s", "kind": "training"}],
    })  # fmt: skip
    ops = [
        {"op": "add_role", "id": "pmm", "kind": "pmm", "name": "PMM"},
        {"op": "add_flow", "kind": "training", "from": {"kind": "marketing"},
         "to": {"kind": "sales"}},
        {"op": "reroute_flow", "match": {"kind": "training"}, "from": {"kind": "pmm"}},
        {"op": "remove_flow", "match": {"kind": "sales_toolkit"}},
    ]  # fmt: skip
    changes = apply_ops(model, ops).changes
    assert [(c.effect, c.entity) for c in changes] == [
        ("added", "role"),
        ("unchanged", ""),
        ("moved", "flow"),
        ("unchanged", ""),
    ]
    assert changes[0].item["id"] == "pmm" and changes[2].item["from"] == "pmm"
    assert changes[1].reason.endswith("exists already")
    assert changes[3].reason.startswith("no flow matches")
