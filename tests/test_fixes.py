"""Fix operations: their semantics on tiny models, and the property every built-in fix keeps.

The property (DESIGN.md §6): for every rule of every built-in pack and each of
its own tests that expects ``fail``, applying the rule's fix to that model
makes the rule pass and makes no previously passing required rule fail.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from maturity.assess import Options, Session
from maturity.engine.context import Context
from maturity.engine.operators import Operator
from maturity.errors import MaturityError
from maturity.fixes import FixError, FixResult, apply_fix, apply_ops
from maturity.model import Model, validate_data
from maturity.model.graph import build_graph
from maturity.resources import schema
from maturity.rules import Finding, Rule, RuleTest, evaluate
from maturity.rules.packs import load_pack_file

SESSION = Session(Options(plugins=False))

#: Fixes known not to keep the property, with why. Strict: once fixed, remove the entry.
KNOWN_BROKEN: Mapping[str, str] = {}


def _fail_cases() -> Iterator[Any]:
    for rule in SESSION.rules.values():
        for number, test in enumerate(rule.tests):
            if test.expect == "fail":
                label = f"{rule.id}: {test.name or f'test {number + 1}'}"
                marks = ()
                if label in KNOWN_BROKEN:
                    marks = (pytest.mark.xfail(reason=KNOWN_BROKEN[label], strict=True),)
                yield pytest.param(rule.id, number, id=label, marks=marks)


def _variant(rule: Rule, test: RuleTest) -> Rule:
    """The rule compiled with the test's own parameters, as `maturity rules test` does."""
    if not test.params:
        return rule
    pack = next(p for p in SESSION.packs if p.id == rule.pack)
    variant = load_pack_file(Path(pack.path), SESSION.language, test.params, pack.source)
    return next(r for r in variant.rules if r.id == rule.id)


def _evaluate_all(model: Model) -> dict[str, Finding]:
    ctx = Context(build_graph(model))
    return {rule_id: evaluate(rule, ctx) for rule_id, rule in SESSION.rules.items()}


def test_every_built_in_pack_is_loaded() -> None:
    assert not SESSION.errors, SESSION.errors
    assert {"collaboration"} <= {pack.id for pack in SESSION.packs}
    assert len(list(_fail_cases())) > 20


@pytest.mark.parametrize(("rule_id", "number"), list(_fail_cases()))
def test_a_rules_fix_makes_it_pass_without_breaking_required_rules(
    rule_id: str, number: int
) -> None:
    test = SESSION.rules[rule_id].tests[number]
    rule = _variant(SESSION.rules[rule_id], test)
    assert rule.fix, f"{rule_id} has no fix"
    model = validate_data(dict(test.model), f"<{rule_id} test>", SESSION.language.vocabulary)
    before = _evaluate_all(model)
    result, finding, changes = _fix_step_by_step(rule, model)
    assert finding.status == "pass", (
        f"{rule_id}: its fix leaves it {finding.status}: {'; '.join(finding.unmet)}\n"
        f"changes:\n  {changes}"
    )
    after = _evaluate_all(result.model)
    broken = [
        r
        for r, f in before.items()
        if f.status == "pass" and SESSION.rules[r].required and after[r].status != "pass"
    ]
    assert not broken, f"{rule_id}: its fix makes required rules fail: {broken}\n  {changes}"


#: A fix may advance one step per application (VAL-Q1: none → manual → best
#: practice → automated); each application must raise the rule's score.
MAX_STEPS = 3


def _fix_step_by_step(rule: Rule, model: Model) -> tuple[FixResult, Finding, str]:
    score = evaluate(rule, Context(build_graph(model))).score
    texts: list[str] = []
    for _ in range(MAX_STEPS):
        result = apply_fix(model, rule, SESSION.language)
        finding = evaluate(rule, Context(build_graph(result.model)))
        texts += [c.text for c in result.changes]
        if finding.status == "pass" or finding.score <= score:
            break
        model, score = result.model, finding.score
    return result, finding, "\n  ".join(texts)


def test_value_quantification_is_fixed_one_step_at_a_time() -> None:
    rule = SESSION.rules["VAL-Q1"]
    data = {"organization": {"name": "t"}, "practices": {"value_quantification": "none"}}
    model = validate_data(data, "<t>", SESSION.language.vocabulary)
    seen = []
    for _ in range(3):
        model = apply_fix(model, rule, SESSION.language).model
        seen.append(model.practices.get("value_quantification"))
    assert seen == ["manual", "best_practice", "automated"]
    assert evaluate(rule, Context(build_graph(model))).status == "pass"


# ---------------------------------------------------------------- semantics, tiny models


def org(
    roles: list[dict[str, Any]], flows: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {"organization": {"name": "t"}, "roles": roles, **extra}
    if flows is not None:
        data["flows"] = flows
    return data


def fix(data: Mapping[str, Any], *ops: Mapping[str, Any]) -> FixResult:
    return apply_ops(data, list(ops), SESSION.language, label="TEST-1")


def flows_of(result: FixResult) -> list[tuple[str, str, str]]:
    return [(f["from"], f["to"], f["kind"]) for f in result.data.get("flows", [])]


TEAM = [
    {"id": "m", "kind": "marketing"},
    {"id": "s1", "kind": "sales"},
    {"id": "s2", "kind": "sales"},
    {"id": "p", "kind": "product"},
]


def test_the_input_is_not_changed() -> None:
    data = org(list(TEAM), [])
    fix(
        data,
        {
            "op": "add_flow",
            "from": {"kind": "marketing"},
            "to": {"kind": "sales"},
            "kind": "training",
        },
    )
    assert data["flows"] == []


def test_add_flow_first_listed_kind_wins_and_each_takes_every_role() -> None:
    roles = [*TEAM, {"id": "a_pmm", "kind": "pmm"}]
    result = fix(
        org(roles),
        {
            "op": "add_flow",
            "from": {"kind": ["marketing", "pmm"]},
            "to": {"kind": "sales", "each": True},
            "kind": "sales_toolkit",
        },
    )
    assert flows_of(result) == [("m", "s1", "sales_toolkit"), ("m", "s2", "sales_toolkit")]
    first = fix(
        org(roles),
        {
            "op": "add_flow",
            "from": {"kind": ["pmm", "marketing"]},
            "to": {"kind": "sales"},
            "kind": "sales_toolkit",
        },
    )
    assert flows_of(first) == [("a_pmm", "s1", "sales_toolkit")]


def test_add_flow_is_an_upsert_merging_lists_in_a_stable_order() -> None:
    flows = [{"from": "m", "to": "s1", "kind": "training", "content": ["value", "cases"]}]
    result = fix(
        org(list(TEAM), flows),
        {
            "op": "add_flow",
            "from": {"id": "m"},
            "to": {"id": "s1"},
            "kind": "training",
            "set": {"content": ["scenarios", "value"], "cadence": "per_release"},
        },
    )
    assert result.data["flows"] == [
        {
            "from": "m",
            "to": "s1",
            "kind": "training",
            "content": ["value", "cases", "scenarios"],
            "cadence": "per_release",
        }
    ]
    assert [c.action for c in result.changes] == ["update_flow"]
    again = fix(
        result.data,
        {
            "op": "add_flow",
            "from": {"id": "m"},
            "to": {"id": "s1"},
            "kind": "training",
            "set": {"content": ["value"]},
        },
    )
    assert again.data == result.data
    assert not again.applied


def test_create_adds_a_role_with_a_unique_id_when_none_matches() -> None:
    roles = [{"id": "pmm", "kind": "marketing"}, {"id": "pmm_2", "kind": "sales"}]
    result = fix(
        org(roles),
        {
            "op": "add_flow",
            "from": {
                "kind": "pmm",
                "create": {
                    "kind": "pmm",
                    "id": "pmm",
                    "name": "产品市场",
                    "parent": {"kind": "marketing"},
                },
            },
            "to": {"kind": "sales"},
            "kind": "sales_toolkit",
        },
    )
    created = result.data["roles"][-1]
    assert created == {"id": "pmm_3", "kind": "pmm", "name": "产品市场", "parent": "pmm"}
    assert flows_of(result) == [("pmm_3", "pmm_2", "sales_toolkit")]


def test_a_reference_that_matches_nothing_is_a_reported_no_op() -> None:
    data = org(list(TEAM))
    result = fix(
        data,
        {
            "op": "add_flow",
            "from": {"kind": "marketing"},
            "to": {"kind": "support", "each": True},
            "kind": "training",
        },
    )
    assert "flows" not in result.data
    assert [(c.applied, c.action) for c in result.changes] == [(False, "no_change")]
    assert "no role matches 'to'" in result.changes[0].text


def test_add_role_unless_and_members() -> None:
    data = org(
        [
            {"id": "s", "kind": "sales"},
            {"id": "m", "kind": "marketing"},
            {"id": "pmm", "kind": "pmm"},
        ]
    )
    skipped = fix(data, {"op": "add_role", "kind": "pmm", "unless": {"kind": "pmm"}})
    assert skipped.data == data
    assert not skipped.applied
    team = fix(
        data,
        {
            "op": "add_role",
            "kind": "virtual_team",
            "id": "vt",
            "members": [{"kind": ["sales", "marketing"], "each": True}],
        },
    )
    assert team.data["roles"][-1] == {"id": "vt", "kind": "virtual_team", "members": ["s", "m"]}


def test_remove_flow_keeps_the_other_flows_in_order() -> None:
    flows = [
        {"from": "p", "to": "s1", "kind": "training"},
        {"from": "m", "to": "s1", "kind": "training"},
        {"from": "p", "to": "s2", "kind": "training"},
        {"from": "m", "to": "s2", "kind": "sales_toolkit"},
    ]
    result = fix(
        org(list(TEAM), flows),
        {"op": "remove_flow", "match": {"kind": "training", "from": "product"}},
    )
    assert flows_of(result) == [("m", "s1", "training"), ("m", "s2", "sales_toolkit")]


def test_set_flow_sets_and_extends() -> None:
    flows = [{"from": "p", "to": "s1", "kind": "training", "content": ["features"]}]
    result = fix(
        org(list(TEAM), flows),
        {
            "op": "set_flow",
            "match": {"kind": "training"},
            "set": {"cadence": "monthly"},
            "add": {"content": ["value", "features"]},
        },
    )
    assert result.data["flows"][0]["content"] == ["features", "value"]
    assert result.data["flows"][0]["cadence"] == "monthly"
    assert (
        result.changes[0].text
        == "update flow p → s1 [training] (cadence: monthly; content += value)"
    )


def test_reroute_flow_moves_the_matching_ends_and_sets_attributes() -> None:
    roles = [
        *TEAM,
        {"id": "cs", "kind": "customer_success"},
        {"id": "hl", "kind": "support", "parent": "cs"},
    ]
    flows = [
        {"from": "s1", "to": "p", "kind": "bug_report"},
        {"from": "s2", "to": "p", "kind": "bug_report", "urgent": True},
    ]
    result = fix(
        org(roles, flows),
        {
            "op": "reroute_flow",
            "match": {
                "kind": "bug_report",
                "from": "sales",
                "where": [{"attr": "urgent", "op": "is_false"}],
            },
            "to": {"kind": "support", "parent": "customer_success"},
            "set": {"tracked": True},
        },
    )
    assert result.data["flows"] == [
        {"from": "s1", "to": "hl", "kind": "bug_report", "tracked": True},
        {"from": "s2", "to": "p", "kind": "bug_report", "urgent": True},
    ]
    assert result.changes[0].text == (
        "reroute flow s1 → p [bug_report] (now s1 → hl; tracked: true)"
    )


def test_set_role_applies_to_every_match_or_the_first() -> None:
    roles = [
        {"id": "cs2", "kind": "customer_success"},
        {"id": "cs1", "kind": "customer_success", "okrs": ["renewal"]},
    ]
    every = fix(
        org(roles),
        {
            "op": "set_role",
            "match": {"kind": "customer_success"},
            "add": {"okrs": ["success_cases"]},
        },
    )
    assert [r.get("okrs") for r in every.data["roles"]] == [
        ["success_cases"],
        ["renewal", "success_cases"],
    ]
    first = fix(
        org(roles),
        {
            "op": "set_role",
            "match": {"kind": "customer_success"},
            "set": {"headcount": 3},
            "first": True,
        },
    )
    assert [r.get("headcount") for r in first.data["roles"]] == [None, 3]  # cs1 sorts first


def test_set_practice_dotted_names_and_add_ids_without_duplicates() -> None:
    roles = [
        {"id": "s", "kind": "sales"},
        {"id": "cs", "kind": "customer_success"},
        {"id": "hl", "kind": "support"},
    ]
    data = org(roles, practices={"issue_tracker": {"visible_to": ["cs"]}})
    result = fix(
        data,
        {
            "op": "set_practice",
            "set": {"issue_tracker.links_customers": True, "bug_severity_levels": 4},
            "add_ids": {
                "issue_tracker.visible_to": {"kind": ["sales", "support", "customer_success"]}
            },
        },
    )
    assert result.data["practices"] == {
        "issue_tracker": {"visible_to": ["cs", "s", "hl"], "links_customers": True},
        "bug_severity_levels": 4,
    }
    assert result.changes[-1].text == "set practice issue_tracker.visible_to (+= s, hl)"


def test_operations_apply_in_order_each_seeing_the_last() -> None:
    result = fix(
        org([{"id": "s", "kind": "sales"}]),
        {"op": "add_role", "kind": "marketing", "id": "m"},
        {
            "op": "add_flow",
            "from": {"kind": "marketing"},
            "to": {"kind": "sales"},
            "kind": "training",
        },
        {"op": "set_flow", "match": {"kind": "training"}, "set": {"cadence": "weekly"}},
    )
    assert result.data["flows"] == [
        {"from": "m", "to": "s", "kind": "training", "cadence": "weekly"}
    ]


def test_an_operation_applies_only_when_its_condition_holds() -> None:
    quick = {"organization": {"field": "acv", "op": "less_than", "param": "quick_deal_acv"}}
    ops = [
        {"op": "set_practice", "when": quick, "set": {"toolkit_mode": "standardized"}},
        {"op": "set_practice", "when": {"not": quick}, "set": {"toolkit_mode": "customizable"}},
    ]
    params = {"quick_deal_acv": 40000}
    for acv, mode in ((25000, "standardized"), (150000, "customizable")):
        data = {"organization": {"name": "t", "acv": acv}}
        result = apply_ops(data, ops, SESSION.language, params, "TEST-1")
        assert result.data["practices"] == {"toolkit_mode": mode}
        # The branch not taken is not a change, and not a "no change" either: it is silent.
        assert [c.applied for c in result.changes] == [True]


def test_changes_read_in_chinese_too() -> None:
    result = fix(
        org(list(TEAM)),
        {
            "op": "add_flow",
            "from": {"kind": "marketing"},
            "to": {"kind": "sales"},
            "kind": "training",
        },
    )
    assert result.changes[0].render("zh") == "新增流程 m → s1 [training]"


@pytest.mark.parametrize(
    ("ops", "message"),
    [
        ([{"op": "explode"}], "fix[0].op"),
        ([{"op": "add_flow", "from": {"kind": "sales"}}], "fix[0]"),
        (
            [
                {
                    "op": "add_flow",
                    "from": {"kind": "saels"},
                    "to": {"kind": "sales"},
                    "kind": "training",
                }
            ],
            "unknown role kind 'saels'",
        ),
        (
            [
                {
                    "op": "add_flow",
                    "from": {"kind": "marketing"},
                    "to": {"kind": "sales"},
                    "kind": "telepathy",
                }
            ],
            "unknown flow kind",
        ),
        (
            [{"op": "set_flow", "match": {"kind": "training"}, "set": {"from": "p"}}],
            "cannot change 'from'",
        ),
        ("add_flow", "expected a list of operations"),
    ],
)
def test_a_malformed_fix_raises_a_clear_error_naming_the_rule(ops: Any, message: str) -> None:
    flows = [{"from": "m", "to": "s1", "kind": "training"}]
    with pytest.raises(FixError) as info:
        apply_ops(org(list(TEAM), flows), ops, SESSION.language, label="PLUG-1")
    assert isinstance(info.value, MaturityError)
    assert "rule PLUG-1" in str(info.value)
    assert message in str(info.value)


def test_an_operator_that_raises_becomes_a_fix_error() -> None:
    def boom(left: Any, right: Any) -> bool:
        raise RuntimeError("boom")

    operators = {**SESSION.language.operators, "boom": Operator("boom", boom)}
    language = dataclasses.replace(SESSION.language, operators=operators)
    ops = [{"op": "remove_flow", "match": {"where": [{"attr": "kind", "op": "boom", "value": 1}]}}]
    flows = [{"from": "m", "to": "s1", "kind": "training"}]
    with pytest.raises(FixError, match=r"rule PLUG-2: fix: fix\[0\]: RuntimeError: boom"):
        apply_ops(org(list(TEAM), flows), ops, language, label="PLUG-2")


def test_fixes_are_deterministic() -> None:
    rule = SESSION.rules["COL-A7"]
    model = SESSION.load(Path(__file__).parent.parent / "examples" / "beginner.toml")
    first, second = (
        apply_fix(model, rule, SESSION.language),
        apply_fix(model, rule, SESSION.language),
    )
    assert first.data == second.data
    assert first.changes == second.changes


def test_report_recommendations_carry_the_concrete_changes() -> None:
    from maturity.report.contract import build_report

    model = SESSION.load(Path(__file__).parent.parent / "examples" / "beginner.toml")
    report = build_report(SESSION.assess(model), "en")
    jsonschema.validate(report, schema("report"))
    by_rule = {r["rule"]: r for r in report["recommendations"]}
    assert [r["rule"] for r in report["recommendations"]][:4] == [
        "COL-I2",
        "COL-I4",
        "COL-I6",
        "COL-I7",
    ]
    assert by_rule["COL-I2"]["changes"] == [
        {
            "op": "add_flow",
            "action": "add_flow",
            "text": "add flow marketing → sales [sales_toolkit] "
            "(content: value, scenarios, cases; cadence: per_release)",
            "applied": True,
        }
    ]
    zh = build_report(SESSION.assess(model), "zh")
    assert zh["recommendations"][0]["changes"][0]["text"].startswith("新增流程 marketing → sales")
