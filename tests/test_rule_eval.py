"""One rule on one model: ``maturity.rules.evaluate`` and the Finding it gives.

Practice vs anti-pattern, ``when`` gates, partial credit, errors, and Python
rules. Conditions are compiled with the engine's own compiler, so these rules
behave exactly as a pack's would.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import pytest

from maturity.engine.compiler import Compiler
from maturity.engine.conditions import Condition, Outcome
from maturity.engine.context import Context, Fact, FlowRef, RoleRef
from maturity.engine.graphconds import BUILTIN_METRICS
from maturity.engine.operators import BUILTIN_OPERATORS
from maturity.model import validate_data
from maturity.model.graph import build_graph
from maturity.model.vocabulary import Vocabulary
from maturity.rules import Finding, Rule, RuleTexts, evaluate
from maturity.rules.packs import load_pack

TEXTS = {"en": RuleTexts("title", "summary", "rationale", "recommendation", "fail")}
PARAMS = {"small_company_arr": 50_000_000, "level_threshold": 0.8}


def compile_(data: Mapping[str, Any]) -> Condition:
    return Compiler(BUILTIN_OPERATORS, BUILTIN_METRICS, PARAMS, Vocabulary()).compile(data, ())


def rule(
    match: Mapping[str, Any] | None = None,
    *,
    when: Mapping[str, Any] | None = None,
    credit: tuple[tuple[float, Mapping[str, Any]], ...] = (),
    **fields: Any,
) -> Rule:
    return Rule(
        "T-1",
        "test",
        "deliver",
        TEXTS,
        match=None if match is None else compile_(match),
        when=None if when is None else compile_(when),
        credit=tuple((score, compile_(c)) for score, c in credit),
        params=PARAMS,
        **fields,
    )


def context(
    roles: Mapping[str, str],
    flows: tuple[tuple[Any, ...], ...] = (),
    practices: Mapping[str, Any] | None = None,
    **organization: Any,
) -> Context:
    data: dict[str, Any] = {
        "organization": {"name": "t", **organization},
        "roles": [{"id": rid, "kind": kind} for rid, kind in roles.items()],
        "flows": [
            {"from": f[0], "to": f[1], "kind": f[2], **(f[3] if len(f) > 3 else {})} for f in flows
        ],
    }
    if practices is not None:
        data["practices"] = dict(practices)
    return Context(build_graph(validate_data(data)))


ROLES = {"s": "sales", "cs": "customer_success", "hl": "support", "p": "product", "r": "rnd"}

BUGS = context(
    ROLES,
    (
        ("s", "p", "bug_report", {"urgent": False}),  # 0: offending
        ("s", "r", "bug_report", {"urgent": True}),  # 1: urgent, fine
        ("s", "hl", "bug_report"),  # 2: to the hotline, fine
        ("s", "r", "feature_request"),  # 3: offending (urgent not stated)
    ),
)
CLEAN = context(ROLES, (("s", "hl", "bug_report"), ("hl", "r", "bug_report", {"urgent": True})))

#: COL-I6's first part: non-urgent bugs and requests from sales straight to product/R&D.
SALES_TO_PRODUCT = {
    "flow": {
        "kind": ["bug_report", "feature_request"],
        "from": "sales",
        "to": ["product", "rnd"],
        "where": [{"attr": "urgent", "op": "is_false"}],
    }
}


# ===================================================================== practice / anti-pattern


def test_practice_passes_when_it_matches() -> None:
    finding = evaluate(rule({"flow": {"kind": "bug_report", "to": "support"}}), BUGS)
    assert finding == Finding("T-1", "test", "pass", 1.0, (FlowRef(2),))
    assert finding.passed


def test_practice_fails_when_it_does_not_match() -> None:
    finding = evaluate(rule({"flow": {"kind": "bug_report", "from": "support"}}), BUGS)
    assert finding.status == "fail"
    assert not finding.passed
    assert finding.score == 0.0
    assert finding.evidence == ()
    assert finding.unmet == ("a bug_report flow support → any role",)
    assert finding.error is None


def test_anti_pattern_fails_with_the_offending_flows_as_evidence() -> None:
    finding = evaluate(rule(SALES_TO_PRODUCT, type="anti_pattern"), BUGS)
    assert finding.status == "fail"
    assert finding.score == 0.0
    assert finding.evidence == (FlowRef(0), FlowRef(3))


def test_anti_pattern_passes_when_nothing_offends() -> None:
    finding = evaluate(rule(SALES_TO_PRODUCT, type="anti_pattern"), CLEAN)
    assert finding == Finding("T-1", "test", "pass", 1.0)


def test_anti_pattern_with_any_points_at_the_matching_parts_only() -> None:
    match = {
        "any": [
            SALES_TO_PRODUCT,
            {"flow": {"kind": "training", "from": "product"}},
            {"not": {"role": {"kind": "support"}}},
        ]
    }
    finding = evaluate(rule(match, type="anti_pattern"), BUGS)
    assert finding.status == "fail"
    assert finding.evidence == (FlowRef(0), FlowRef(3))


def test_anti_pattern_on_a_missing_role() -> None:
    # "No support role" as an anti-pattern: fails on a model without one.
    no_support = {"not": {"role": {"kind": "support"}}}
    without = context({"s": "sales", "p": "product"})
    assert evaluate(rule(no_support, type="anti_pattern"), without).status == "fail"
    assert evaluate(rule(no_support, type="anti_pattern"), BUGS).status == "pass"


def test_practice_and_anti_pattern_are_opposites() -> None:
    for ctx in (BUGS, CLEAN):
        practice = evaluate(rule(SALES_TO_PRODUCT), ctx)
        anti = evaluate(rule(SALES_TO_PRODUCT, type="anti_pattern"), ctx)
        assert {practice.status, anti.status} == {"pass", "fail"}


# ===================================================================== when


def test_when_false_skips_with_its_facts() -> None:
    when = {
        "all": [
            {"role": {"kind": "sales"}},
            {"organization": {"field": "product_type", "op": "equals", "value": "data"}},
        ]
    }
    ctx = context(ROLES, product_type="general")
    finding = evaluate(rule({"role": {"kind": "pmm"}}, when=when), ctx)
    assert finding.status == "skipped"
    assert finding.score == 0.0
    # Only facts: the roles and flows of the gate are not the rule's evidence.
    assert finding.evidence == (Fact("organization.product_type", "general"),)
    assert finding.unmet == ("organization.product_type equals data",)


def test_when_true_runs_the_rule() -> None:
    when = {"organization": {"field": "product_type", "op": "equals", "value": "data"}}
    ctx = context(ROLES, product_type="data")
    assert evaluate(rule({"role": {"kind": "pmm"}}, when=when), ctx).status == "fail"
    assert evaluate(rule({"role": {"kind": "sales"}}, when=when), ctx).status == "pass"


def test_when_true_evidence_is_the_matchs_only() -> None:
    when = {"organization": {"field": "arr", "op": "less_than", "param": "small_company_arr"}}
    ctx = context(ROLES, arr=30_000_000)
    finding = evaluate(rule({"role": {"kind": "sales"}}, when=when), ctx)
    assert finding.status == "pass"
    assert finding.evidence == (RoleRef("s"),)


SMALL = {"organization": {"field": "arr", "op": "less_than", "param": "small_company_arr"}}


@pytest.mark.parametrize(
    "when",
    [
        SMALL,
        {"organization": {"field": "arr", "op": "greater_than_or_equal", "value": 50_000_000}},
    ],
    ids=["small", "large"],
)
def test_when_on_an_unstated_organization_fact_skips(when: Mapping[str, Any]) -> None:
    finding = evaluate(rule({"role": {"kind": "sales"}}, when=when), context(ROLES))
    assert finding.status == "skipped"
    assert finding.evidence == (Fact("organization.arr", None, stated=False),)
    assert len(finding.unmet) == 1
    assert finding.unmet[0].startswith("organization.arr ")


@pytest.mark.parametrize(
    "when",
    [
        {"not": SMALL},
        {"organization": {"field": "arr", "op": "not_equals", "value": 0}},
    ],
    ids=["not-small", "not-equals"],
)
def test_when_on_an_unstated_fact_skips_whatever_its_operator(when: Mapping[str, Any]) -> None:
    finding = evaluate(rule({"role": {"kind": "sales"}}, when=when), context(ROLES))
    assert finding.status == "skipped"


def test_when_on_a_stated_fact_with_not() -> None:
    large = rule({"role": {"kind": "sales"}}, when={"not": SMALL})
    assert evaluate(large, context(ROLES, arr=1)).status == "skipped"
    assert evaluate(large, context(ROLES, arr=90_000_000)).status == "pass"


# ===================================================================== credit

LEVELS = {"practice": {"name": "bug_severity_levels", "op": "between", "value": [3, 5]}}
SLAS = {"practice": {"name": "severity_slas", "op": "is_true"}}
TRACKER = {"practice": {"name": "issue_tracker", "op": "exists"}}

GRADED = rule(
    {"all": [LEVELS, SLAS]},
    credit=((0.25, TRACKER), (0.5, {"any": [LEVELS, SLAS]})),
)


@pytest.mark.parametrize(
    ("practices", "status", "score"),
    [
        ({"bug_severity_levels": 4, "severity_slas": True}, "pass", 1.0),
        ({"bug_severity_levels": 4}, "fail", 0.5),
        ({"severity_slas": True, "issue_tracker": {}}, "fail", 0.5),
        ({"issue_tracker": {"links_customers": True}}, "fail", 0.25),
        ({"bug_severity_levels": 9}, "fail", 0.0),
        ({}, "fail", 0.0),
    ],
)
def test_credit_tiers(practices: Mapping[str, Any], status: str, score: float) -> None:
    finding = evaluate(GRADED, context(ROLES, practices=practices))
    assert finding.status == status
    assert finding.score == score
    assert finding.passed is (status == "pass")


def test_credit_keeps_the_matchs_evidence_and_unmet() -> None:
    finding = evaluate(GRADED, context(ROLES, practices={"bug_severity_levels": 4}))
    assert finding.evidence == (
        Fact("practices.bug_severity_levels", 4),
        Fact("practices.severity_slas", None, stated=False),
    )
    assert finding.unmet == ("practices.severity_slas is_true",)


def test_credit_from_a_pack_is_highest_first() -> None:
    texts = {"title": "t", "summary": "s", "rationale": "r", "recommendation": "x", "fail": "f"}
    data = {
        "pack": {"id": "demo", "version": "1.0"},
        "rules": [
            {
                "id": "T-1",
                "stage": "deliver",
                "en": texts,
                "match": {"all": [LEVELS, SLAS]},
                "credit": [
                    {"score": 0.25, "match": TRACKER},
                    {"score": 0.75, "match": LEVELS},
                    {"score": 0.5, "match": SLAS},
                ],
            }
        ],
    }
    (compiled,) = load_pack(data, "<test>").rules
    assert [score for score, _ in compiled.credit] == [0.75, 0.5, 0.25]
    practices = {"bug_severity_levels": 3, "severity_slas": False, "issue_tracker": {}}
    finding = evaluate(compiled, context(ROLES, practices=practices))
    assert (finding.status, finding.score) == ("fail", 0.75)


def test_credit_on_an_anti_pattern() -> None:
    anti = rule(
        SALES_TO_PRODUCT,
        type="anti_pattern",
        credit=((0.5, {"flow": {"kind": "bug_report", "to": "support"}}),),
    )
    finding = evaluate(anti, BUGS)
    assert (finding.status, finding.score) == ("fail", 0.5)
    assert finding.evidence == (FlowRef(0), FlowRef(3))


def test_credit_is_not_given_to_a_skipped_rule() -> None:
    gated = rule({"all": [LEVELS, SLAS]}, when=SMALL, credit=((0.5, LEVELS),))
    finding = evaluate(gated, context(ROLES, practices={"bug_severity_levels": 4}))
    assert (finding.status, finding.score) == ("skipped", 0.0)


# ===================================================================== errors


class Exploding(Condition):
    def evaluate(self, ctx: Context, env: Mapping[str, str]) -> Outcome:
        raise RuntimeError("the condition broke")

    def describe(self) -> str:
        return "explodes"


def test_a_raising_check_gives_an_error_finding() -> None:
    def check(graph: Any, params: Mapping[str, Any]) -> bool:
        raise ValueError("no hotline table")

    finding = evaluate(Rule("T-9", "test", "deliver", TEXTS, check=check), BUGS)
    # The error says where the check raised it: its own file, line and function.
    where = f" (at {__file__}:{check.__code__.co_firstlineno + 1}, in check)"
    error = "ValueError: no hotline table" + where
    assert finding == Finding("T-9", "test", "error", 0.0, error=error)
    assert not finding.passed


def test_a_raising_condition_gives_an_error_finding() -> None:
    finding = evaluate(Rule("T-9", "test", "deliver", TEXTS, match=Exploding()), BUGS)
    assert finding.status == "error"
    assert finding.error.startswith("RuntimeError: the condition broke (at ")


def test_a_raising_when_gives_an_error_finding() -> None:
    gated = Rule("T-9", "test", "deliver", TEXTS, match=compile_(SLAS), when=Exploding())
    finding = evaluate(gated, BUGS)
    assert finding.status == "error"
    assert finding.error.startswith("RuntimeError: the condition broke (at ")


def test_a_raising_credit_gives_an_error_finding() -> None:
    credited = Rule(
        "T-9", "test", "deliver", TEXTS, match=compile_(SLAS), credit=((0.5, Exploding()),)
    )
    assert evaluate(credited, BUGS).status == "error"


def test_a_rule_with_neither_match_nor_check_is_an_error() -> None:
    finding = evaluate(Rule("T-9", "test", "deliver", TEXTS), BUGS)
    assert finding.status == "error"
    assert finding.error == "ValueError: rule has neither match nor check"


def test_an_ambiguous_list_at_run_time_is_an_error() -> None:
    # A plugin's condition that hands a list to a one-value operator.
    from maturity.engine.conditions import FactTest
    from maturity.engine.selectors import Predicate

    equals = BUILTIN_OPERATORS["equals"]
    condition = FactTest(
        "practices.value_metrics", Predicate("value_metrics", equals, "time_saved", None, None)
    )
    ctx = context(ROLES, practices={"value_metrics": ["time_saved"]})
    finding = evaluate(Rule("T-9", "test", "quantify", TEXTS, match=condition), ctx)
    assert finding.status == "error"
    assert finding.error is not None
    assert finding.error.startswith("AmbiguousListError: operator 'equals' compares one value")


def test_a_slow_rule_is_stopped_at_the_time_limit() -> None:
    def check(graph: Any, params: Mapping[str, Any]) -> bool:
        time.sleep(5)
        return True

    started = time.monotonic()
    finding = evaluate(Rule("T-9", "test", "deliver", TEXTS, check=check), BUGS, timeout=0.05)
    assert time.monotonic() - started < 2
    assert finding.status == "error"
    assert finding.error is not None
    assert "time limit" in finding.error


# ===================================================================== Python rules


def python(check: Any, **fields: Any) -> Rule:
    return Rule("PY-1", "test", "deliver", TEXTS, check=check, params=PARAMS, **fields)


def test_python_rule_returning_a_bool() -> None:
    assert evaluate(python(lambda g, p: True), BUGS) == Finding("PY-1", "test", "pass", 1.0)
    assert evaluate(python(lambda g, p: False), BUGS) == Finding("PY-1", "test", "fail", 0.0)


def test_python_rule_returning_evidence() -> None:
    finding = evaluate(python(lambda g, p: (False, ["s", 0, 3])), BUGS)
    assert finding.status == "fail"
    assert finding.evidence == (RoleRef("s"), FlowRef(0), FlowRef(3))
    finding = evaluate(python(lambda g, p: (True, ["hl"])), BUGS)
    assert finding.status == "pass"
    assert finding.evidence == (RoleRef("hl"),)


def test_python_rule_evidence_objects_pass_through() -> None:
    fact = Fact("practices.severity_slas", None, stated=False)
    finding = evaluate(python(lambda g, p: (False, [fact, FlowRef(1), RoleRef("p")])), BUGS)
    assert finding.evidence == (fact, FlowRef(1), RoleRef("p"))


def test_python_rule_returning_an_outcome() -> None:
    outcome = Outcome(False, (RoleRef("s"),), ("sales has no hotline",))
    finding = evaluate(python(lambda g, p: outcome), BUGS)
    assert finding.status == "fail"
    assert finding.evidence == (RoleRef("s"),)
    assert finding.unmet == ("sales has no hotline",)


def test_python_rule_sees_the_graph_and_the_params() -> None:
    seen: dict[str, Any] = {}

    def check(graph: Any, params: Mapping[str, Any]) -> tuple[bool, list[Any]]:
        seen["params"] = dict(params)
        offending = [
            key
            for _, target, key, data in graph.edges(keys=True, data=True)
            if data["kind"] == "bug_report" and graph.nodes[target]["kind"] == "product"
        ]
        return not offending, offending

    finding = evaluate(python(check), BUGS)
    assert seen["params"] == PARAMS
    assert finding.status == "fail"
    assert finding.evidence == (FlowRef(0),)


def test_python_anti_pattern() -> None:
    finding = evaluate(python(lambda g, p: (True, [0]), type="anti_pattern"), BUGS)
    assert finding.status == "fail"
    assert finding.evidence == (FlowRef(0),)
    assert evaluate(python(lambda g, p: False, type="anti_pattern"), BUGS).status == "pass"


def test_python_rule_with_when_and_credit() -> None:
    gated = python(lambda g, p: False, when=compile_(SMALL))
    assert evaluate(gated, context(ROLES)).status == "skipped"
    credited = python(lambda g, p: False, credit=((0.5, compile_({"role": {"kind": "sales"}})),))
    assert (evaluate(credited, BUGS).status, evaluate(credited, BUGS).score) == ("fail", 0.5)


@pytest.mark.parametrize(
    ("item", "shown"),
    [(True, "True"), ("nobody", "'nobody'"), (1.5, "1.5")],
    ids=["bool", "unknown-role", "float"],
)
def test_python_rule_with_bad_evidence_is_an_error(item: Any, shown: str) -> None:
    finding = evaluate(python(lambda g, p: (False, [item])), BUGS)
    assert finding.status == "error"
    assert finding.error == f"TypeError: evidence must be a role id or a flow index, not {shown}"
