"""Every condition kind of the declarative language, on small models.

Each test builds a model with ``validate_data`` + ``build_graph`` + ``Context``,
compiles one condition with the built-in operators and metrics, and checks
the Outcome: ``ok``, its ``evidence`` (RoleRef / FlowRef / Fact) and ``unmet``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from maturity.engine.compiler import Compiler
from maturity.engine.conditions import CompileProblems, Outcome
from maturity.engine.context import Context, Fact, FlowRef, RoleRef
from maturity.engine.graphconds import BUILTIN_METRICS
from maturity.engine.operators import BUILTIN_OPERATORS
from maturity.model import validate_data
from maturity.model.graph import build_graph
from maturity.model.vocabulary import Vocabulary

RoleSpec = str | Mapping[str, Any]
FlowSpec = tuple[Any, ...]


def context(
    roles: Mapping[str, RoleSpec],
    flows: list[FlowSpec] | tuple[FlowSpec, ...] = (),
    practices: Mapping[str, Any] | None = None,
    **organization: Any,
) -> Context:
    """``roles``: id -> kind (or a dict of fields); ``flows``: (from, to, kind[, fields])."""
    data: dict[str, Any] = {
        "organization": {"name": "t", **organization},
        "roles": [
            {"id": rid, "kind": spec} if isinstance(spec, str) else {"id": rid, **spec}
            for rid, spec in roles.items()
        ],
        "flows": [
            {"from": f[0], "to": f[1], "kind": f[2], **(f[3] if len(f) > 3 else {})} for f in flows
        ],
    }
    if practices is not None:
        data["practices"] = dict(practices)
    return Context(build_graph(validate_data(data)))


def compile_(condition: Mapping[str, Any], params: Mapping[str, Any] | None = None) -> Any:
    compiler = Compiler(BUILTIN_OPERATORS, BUILTIN_METRICS, dict(params or {}), Vocabulary())
    return compiler.compile(condition, ())


def run(
    condition: Mapping[str, Any], ctx: Context, params: Mapping[str, Any] | None = None
) -> Outcome:
    return compile_(condition, params).evaluate(ctx, {})


def problems(condition: Mapping[str, Any], params: Mapping[str, Any] | None = None) -> list[Any]:
    with pytest.raises(CompileProblems) as raised:
        compile_(condition, params)
    return raised.value.problems


def roles_of(outcome: Outcome) -> list[str]:
    return [e.id for e in outcome.evidence if isinstance(e, RoleRef)]


def flows_of(outcome: Outcome) -> list[int]:
    return [e.index for e in outcome.evidence if isinstance(e, FlowRef)]


# ===================================================================== role

ORG = {
    "ceo": "ceo",
    "s1": {"kind": "sales", "headcount": 8, "okrs": ["revenue"]},
    "s2": {"kind": "sales", "headcount": 2},
    "cs": {"kind": "customer_success", "okrs": ["renewal", "success_cases"]},
    "hl": {"kind": "support", "parent": "cs"},
    "sup2": "support",
    "m": "marketing",
    "vt": {"kind": "virtual_team", "members": ["s1", "hl"]},
}


@pytest.fixture(scope="module")
def org() -> Context:
    return context(ORG)


def test_role_by_kind(org: Context) -> None:
    outcome = run({"role": {"kind": "sales"}}, org)
    assert outcome.ok
    assert outcome.evidence == (RoleRef("s1"), RoleRef("s2"))
    assert outcome.unmet == ()


def test_role_by_kind_list(org: Context) -> None:
    outcome = run({"role": {"kind": ["support", "marketing"]}}, org)
    assert roles_of(outcome) == ["hl", "m", "sup2"]


def test_role_kind_absent(org: Context) -> None:
    outcome = run({"role": {"kind": "pmm"}}, org)
    assert not outcome.ok
    assert outcome.evidence == ()
    assert outcome.unmet == ("a role: pmm",)


def test_role_not_kind(org: Context) -> None:
    outcome = run({"role": {"not_kind": ["sales", "support", "virtual_team"]}}, org)
    assert roles_of(outcome) == ["ceo", "cs", "m"]


def test_role_kind_and_not_kind_combine(org: Context) -> None:
    outcome = run({"role": {"kind": "sales", "not_kind": "sales"}}, org)
    assert not outcome.ok


def test_role_by_id(org: Context) -> None:
    assert roles_of(run({"role": {"id": "s2"}}, org)) == ["s2"]
    assert roles_of(run({"role": {"id": ["m", "ceo", "nobody"]}}, org)) == ["ceo", "m"]
    assert not run({"role": {"id": "nobody"}}, org).ok


def test_role_id_and_kind_must_both_hold(org: Context) -> None:
    assert not run({"role": {"id": "m", "kind": "sales"}}, org).ok
    assert roles_of(run({"role": {"id": ["m", "s1"], "kind": "sales"}}, org)) == ["s1"]


def test_role_parent_by_kind(org: Context) -> None:
    outcome = run({"role": {"kind": "support", "parent": "customer_success"}}, org)
    assert outcome.ok
    # sup2 has no parent: not matched.
    assert roles_of(outcome) == ["hl"]


def test_role_parent_by_selector(org: Context) -> None:
    assert roles_of(run({"role": {"parent": {"id": "cs"}}}, org)) == ["hl"]
    assert not run({"role": {"parent": {"id": "m"}}}, org).ok
    assert not run({"role": {"kind": "support", "parent": "marketing"}}, org).ok


def test_role_member_of(org: Context) -> None:
    assert roles_of(run({"role": {"member_of": "virtual_team"}}, org)) == ["hl", "s1"]
    assert roles_of(run({"role": {"kind": "sales", "member_of": {"id": "vt"}}}, org)) == ["s1"]
    assert not run({"role": {"kind": "marketing", "member_of": "virtual_team"}}, org).ok


def test_role_where(org: Context) -> None:
    where = [{"attr": "okrs", "op": "contains", "value": "success_cases"}]
    assert roles_of(run({"role": {"where": where}}, org)) == ["cs"]


def test_role_where_several_predicates_all_hold(org: Context) -> None:
    where = [
        {"attr": "headcount", "op": "greater_than", "value": 1},
        {"attr": "okrs", "op": "is_not_empty"},
    ]
    # s2 has a headcount but no okrs; cs has okrs but no headcount.
    assert roles_of(run({"role": {"where": where}}, org)) == ["s1"]


def test_role_where_on_an_unstated_attribute(org: Context) -> None:
    gt = [{"attr": "headcount", "op": "greater_than", "value": 0}]
    absent = [{"attr": "headcount", "op": "not_exists"}]
    assert roles_of(run({"role": {"kind": "sales", "where": gt}}, org)) == ["s1", "s2"]
    assert not run({"role": {"kind": "support", "where": gt}}, org).ok
    assert roles_of(run({"role": {"kind": "support", "where": absent}}, org)) == ["hl", "sup2"]


def test_role_where_list_attribute_with_quantifier(org: Context) -> None:
    any_ = [{"attr": "okrs", "op": "equals", "value": "renewal", "quantifier": "any"}]
    all_ = [{"attr": "okrs", "op": "equals", "value": "renewal", "quantifier": "all"}]
    assert roles_of(run({"role": {"where": any_}}, org)) == ["cs"]
    assert not run({"role": {"where": all_, "kind": "customer_success"}}, org).ok


def test_role_is_binds_a_scope_variable(org: Context) -> None:
    condition = {
        "scope": {
            "roles": {"kind": "sales"},
            "as": "rep",
            "quantifier": "all",
            "match": {
                "role": {
                    "is": "$rep",
                    "where": [{"attr": "headcount", "op": "greater_than", "value": 5}],
                }
            },
        }
    }
    outcome = run(condition, org)
    assert not outcome.ok
    assert outcome.evidence == (RoleRef("s2"),)
    assert outcome.unmet == ("s2: a role: $rep with headcount greater_than 5",)


def test_role_describe_names_everything() -> None:
    cond = compile_(
        {
            "role": {
                "kind": "support",
                "not_kind": "customer",
                "parent": "customer_success",
                "member_of": "virtual_team",
                "where": [{"attr": "headcount", "op": "greater_than", "value": 2}],
            }
        }
    )
    assert cond.describe() == (
        "a role: support except customer under customer_success in virtual_team "
        "with headcount greater_than 2"
    )


# ===================================================================== flow

BUGS = context(
    {
        "s": "sales",
        "cs": "customer_success",
        "hl": {"kind": "support", "parent": "cs"},
        "p": "product",
        "r": "rnd",
        "m": "marketing",
    },
    [
        ("s", "p", "bug_report", {"urgent": False}),  # 0
        ("s", "r", "bug_report", {"urgent": True}),  # 1
        ("cs", "p", "bug_report", {"urgent": False, "reproduced": True}),  # 2
        ("cs", "r", "feature_request"),  # 3
        ("p", "m", "release_briefing", {"cadence": "per_release"}),  # 4
        ("cs", "p", "release_briefing", {"cadence": "ad_hoc"}),  # 5
        ("m", "s", "training", {"content": ["value", "scenarios"]}),  # 6
        ("hl", "r", "bug_report", {"reproduced": True}),  # 7
    ],
    practices={"issue_tracker": {"links_customers": True, "visible_to": ["s", "hl"]}},
)


def test_flow_by_kind() -> None:
    outcome = run({"flow": {"kind": "bug_report"}}, BUGS)
    assert outcome.ok
    assert outcome.evidence == (FlowRef(0), FlowRef(1), FlowRef(2), FlowRef(7))


def test_flow_by_kind_list_in_index_order() -> None:
    outcome = run({"flow": {"kind": ["feature_request", "bug_report"]}}, BUGS)
    assert flows_of(outcome) == [0, 1, 2, 3, 7]


def test_flow_from_to_kinds() -> None:
    cond = {"flow": {"kind": "bug_report", "from": "sales", "to": ["product", "rnd"]}}
    assert flows_of(run(cond, BUGS)) == [0, 1]


def test_flow_direction_matters() -> None:
    assert run({"flow": {"kind": "training", "from": "marketing", "to": "sales"}}, BUGS).ok
    outcome = run({"flow": {"kind": "training", "from": "sales", "to": "marketing"}}, BUGS)
    assert not outcome.ok
    assert outcome.evidence == ()
    assert outcome.unmet == ("a training flow sales → marketing",)


def test_flow_only_one_end_given() -> None:
    assert flows_of(run({"flow": {"to": "rnd"}}, BUGS)) == [1, 3, 7]
    assert flows_of(run({"flow": {"from": "customer_success"}}, BUGS)) == [2, 3, 5]


def test_flow_between_either_direction() -> None:
    with_marketing = {"flow": {"kind": "release_briefing", "between": ["product", "marketing"]}}
    reversed_ = {"flow": {"kind": "release_briefing", "between": ["marketing", "product"]}}
    with_cs = {"flow": {"kind": "release_briefing", "between": ["product", "customer_success"]}}
    assert flows_of(run(with_marketing, BUGS)) == [4]
    assert flows_of(run(reversed_, BUGS)) == [4]
    assert flows_of(run(with_cs, BUGS)) == [5]
    outcome = run({"flow": {"kind": "release_briefing", "between": ["sales", "product"]}}, BUGS)
    assert not outcome.ok
    assert outcome.unmet == ("a release_briefing flow sales ↔ product",)


def test_flow_not_kind() -> None:
    cond = {"flow": {"from": "customer_success", "not_kind": ["bug_report", "release_briefing"]}}
    assert flows_of(run(cond, BUGS)) == [3]


def test_flow_where_several_predicates_must_all_hold() -> None:
    cond = {
        "flow": {
            "kind": "bug_report",
            "where": [
                {"attr": "urgent", "op": "is_false"},
                {"attr": "reproduced", "op": "is_false"},
            ],
        }
    }
    # 0: not urgent, not reproduced. 2: reproduced. 1: urgent. 7: reproduced.
    assert flows_of(run(cond, BUGS)) == [0]


def test_flow_where_with_a_list_attribute() -> None:
    cond = {
        "flow": {
            "where": [{"attr": "content", "op": "superset", "value": ["value", "scenarios"]}],
        }
    }
    assert flows_of(run(cond, BUGS)) == [6]


def test_flow_where_ref_to_a_practice_list() -> None:
    visible = {"attr": "to", "op": "within", "ref": "practices.issue_tracker.visible_to"}
    from_visible = {**visible, "attr": "from"}
    assert not run({"flow": {"kind": "bug_report", "where": [visible]}}, BUGS).ok
    assert flows_of(run({"flow": {"kind": "bug_report", "where": [from_visible]}}, BUGS)) == [
        0,
        1,
        7,
    ]


def test_flow_where_ref_to_an_unstated_fact_is_false() -> None:
    ctx = context({"s": "sales", "p": "product"}, [("s", "p", "bug_report")])
    visible = {"attr": "from", "op": "within", "ref": "practices.issue_tracker.visible_to"}
    assert not run({"flow": {"where": [visible]}}, ctx).ok


def test_flow_where_param_value() -> None:
    cond = {"flow": {"where": [{"attr": "cadence", "op": "within", "param": "regular"}]}}
    assert flows_of(run(cond, BUGS, {"regular": ["per_release", "weekly"]})) == [4]
    assert flows_of(run(cond, BUGS, {"regular": ["ad_hoc"]})) == [5]


def test_flow_unknown_param_is_a_compile_problem() -> None:
    cond = {"flow": {"where": [{"attr": "cadence", "op": "within", "param": "regulr"}]}}
    found = problems(cond, {"regular": []})
    assert found == [
        (("flow", "where", 0, "param"), "unknown parameter 'regulr' (did you mean 'regular'?)")
    ]


def test_flow_describe() -> None:
    cond = compile_(
        {
            "flow": {
                "kind": ["bug_report", "feature_request"],
                "from": "sales",
                "to": ["product", "rnd"],
                "where": [{"attr": "urgent", "op": "is_false"}],
            }
        }
    )
    assert (
        cond.describe()
        == "a bug_report|feature_request flow sales → product|rnd with urgent is_false"
    )


# ===================================================================== path

CHAIN = context(
    {"s": "sales", "m": "marketing", "pmm": "pmm", "p": "product", "r": "rnd"},
    [
        ("s", "m", "value_feedback"),  # 0
        ("m", "pmm", "market_insight", {"cadence": "monthly"}),  # 1
        ("pmm", "p", "market_insight", {"cadence": "monthly"}),  # 2
        ("s", "r", "bug_report"),  # 3
        ("r", "p", "bug_report"),  # 4
    ],
)


def test_path_reaches_with_trail_as_evidence() -> None:
    outcome = run({"path": {"from": "sales", "to": "pmm"}}, CHAIN)
    assert outcome.ok
    assert outcome.evidence == (
        RoleRef("s"),
        RoleRef("m"),
        RoleRef("pmm"),
        FlowRef(0),
        FlowRef(1),
    )
    assert outcome.unmet == ()


def test_path_shortest_trail_is_shown() -> None:
    outcome = run({"path": {"from": "sales", "to": "product"}}, CHAIN)
    assert outcome.ok
    assert roles_of(outcome) == ["s", "r", "p"]
    assert flows_of(outcome) == [3, 4]


def test_path_none() -> None:
    outcome = run({"path": {"from": "product", "to": "sales"}}, CHAIN)
    assert not outcome.ok
    assert outcome.evidence == ()
    assert outcome.unmet == ("a path from product to sales along flow",)


def test_path_max_hops_exactly_at_the_limit() -> None:
    # marketing -> pmm -> product: two hops.
    assert run({"path": {"from": "marketing", "to": "product", "max_hops": 2}}, CHAIN).ok
    # sales -> marketing -> pmm -> product: three hops along market flows.
    market = {"kind": ["value_feedback", "market_insight"]}
    cond = {"path": {"from": "sales", "to": "product", "flows": market, "max_hops": 3}}
    outcome = run(cond, CHAIN)
    assert outcome.ok
    assert flows_of(outcome) == [0, 1, 2]


def test_path_max_hops_one_beyond_the_limit() -> None:
    one_hop = {"path": {"from": "marketing", "to": "product", "max_hops": 1}}
    outcome = run(one_hop, CHAIN)
    assert not outcome.ok
    assert outcome.evidence == ()
    assert outcome.unmet == ("a path from marketing to product along flow within 1 hops",)
    market = {"kind": ["value_feedback", "market_insight"]}
    cond = {"path": {"from": "sales", "to": "product", "flows": market, "max_hops": 2}}
    assert not run(cond, CHAIN).ok


def test_path_max_hops_from_a_param() -> None:
    cond = {"path": {"from": "sales", "to": "pmm", "max_hops": {"param": "hops"}}}
    assert run(cond, CHAIN, {"hops": 2}).ok
    assert not run(cond, CHAIN, {"hops": 1}).ok


def test_path_flows_filter() -> None:
    only_insight = {"kind": ["value_feedback", "market_insight"]}
    cond = {"path": {"from": "sales", "to": "product", "flows": only_insight}}
    outcome = run(cond, CHAIN)
    assert outcome.ok
    assert roles_of(outcome) == ["s", "m", "pmm", "p"]
    no_bugs = {"path": {"from": "sales", "to": "product", "flows": {"not_kind": "bug_report"}}}
    assert flows_of(run(no_bugs, CHAIN)) == [0, 1, 2]
    bugs_only = {"path": {"from": "marketing", "to": "product", "flows": {"kind": "bug_report"}}}
    assert not run(bugs_only, CHAIN).ok


def test_path_flows_filter_with_a_list_value() -> None:
    regular = {"where": [{"attr": "cadence", "op": "within", "value": ["weekly", "monthly"]}]}
    cond = {"path": {"from": "marketing", "to": "product", "flows": regular}}
    assert run(cond, CHAIN).ok


def test_path_flows_filter_with_a_scalar_value() -> None:
    monthly = {"where": [{"attr": "cadence", "op": "equals", "value": "monthly"}]}
    assert run({"path": {"from": "marketing", "to": "product", "flows": monthly}}, CHAIN).ok
    assert not run({"path": {"from": "sales", "to": "product", "flows": monthly}}, CHAIN).ok


LOOP = context(
    {"s": "sales", "x": "support", "y": "rnd", "p": "product", "m": "marketing"},
    [
        ("s", "x", "bug_report"),  # 0
        ("x", "y", "bug_report"),  # 1
        ("y", "p", "bug_report"),  # 2
        ("p", "s", "training"),  # 3
        ("p", "m", "release_briefing"),  # 4
    ],
)


def test_path_both_ways_needs_a_path_each_way() -> None:
    outcome = run({"path": {"from": "sales", "to": "product", "both_ways": True}}, LOOP)
    assert outcome.ok
    assert set(flows_of(outcome)) == {0, 1, 2, 3}
    one_way = run({"path": {"from": "product", "to": "marketing", "both_ways": True}}, LOOP)
    assert run({"path": {"from": "product", "to": "marketing"}}, LOOP).ok
    assert not one_way.ok
    assert one_way.unmet == ("a path from product to marketing and back along flow",)


def test_path_both_ways_with_flows_filter() -> None:
    bugs = {"kind": "bug_report"}
    cond = {"path": {"from": "sales", "to": "product", "both_ways": True, "flows": bugs}}
    assert not run(cond, LOOP).ok


def test_path_both_ways_respects_max_hops() -> None:
    # sales -> product takes 3 hops; product -> sales 1.
    cond = {"path": {"from": "sales", "to": "product", "both_ways": True, "max_hops": 1}}
    assert not run(cond, LOOP).ok


def test_path_ends_as_selectors_and_variables() -> None:
    cond = {
        "scope": {
            "roles": {"kind": ["marketing", "rnd"]},
            "as": "hub",
            "quantifier": "all",
            "match": {"path": {"from": "$hub", "to": {"id": "p"}, "max_hops": 2}},
        }
    }
    assert run(cond, CHAIN).ok
    cond["scope"]["match"]["path"]["max_hops"] = 1
    outcome = run(cond, CHAIN)
    assert not outcome.ok
    assert outcome.evidence == (RoleRef("m"),)


# ===================================================================== count

TRAINING = context(
    {
        "p": "product",
        "s1": "sales",
        "s2": "sales",
        "cs": "customer_success",
        "m": "marketing",
        "ps": "presales",
        "hl": {"kind": "support", "parent": "cs"},
        "vt": {"kind": "virtual_team", "members": ["ps", "s1", "s2", "hl"]},
    },
    [
        ("p", "s1", "training", {"content": ["features"], "cadence": "weekly"}),  # 0
        ("p", "s1", "training", {"content": ["features"], "cadence": "monthly"}),  # 1
        ("p", "cs", "training", {"content": ["features"]}),  # 2
        ("m", "s2", "training", {"content": ["value"], "cadence": "weekly"}),  # 3
    ],
)


def test_count_flows() -> None:
    cond = {"count": {"flows": {"kind": "training", "from": "product"}, "op": "equals", "value": 3}}
    outcome = run(cond, TRAINING)
    assert outcome.ok
    assert outcome.evidence == (FlowRef(0), FlowRef(1), FlowRef(2))


def test_count_flows_fails_with_found_number() -> None:
    flows = {"kind": "training", "from": "product"}
    cond = {"count": {"flows": flows, "op": "greater_than_or_equal", "value": 4}}
    outcome = run(cond, TRAINING)
    assert not outcome.ok
    assert flows_of(outcome) == [0, 1, 2]
    assert outcome.unmet == (
        "number of a training flow product → any role greater_than_or_equal 4 (found 3)",
    )


def test_count_roles() -> None:
    cond = {"count": {"roles": {"kind": "sales"}, "op": "equals", "value": 2}}
    outcome = run(cond, TRAINING)
    assert outcome.ok
    assert outcome.evidence == (RoleRef("s1"), RoleRef("s2"))
    assert run({"count": {"roles": {"kind": "pmm"}, "op": "equals", "value": 0}}, TRAINING).ok


def test_count_distinct_flow_ends() -> None:
    flows = {"kind": "training", "from": "product"}
    to = {"count": {"flows": flows, "distinct": "to", "op": "equals", "value": 2}}
    to_kind = {"count": {"flows": flows, "distinct": "to.kind", "op": "equals", "value": 2}}
    from_ = {
        "count": {"flows": {"kind": "training"}, "distinct": "from", "op": "equals", "value": 2}
    }
    assert run(to, TRAINING).ok
    assert run(to_kind, TRAINING).ok
    assert run(from_, TRAINING).ok
    sales_kind = {
        "count": {
            "flows": {"kind": "training", "to": "sales"},
            "distinct": "to.kind",
            "op": "equals",
            "value": 1,
        }
    }
    assert run(sales_kind, TRAINING).ok


def test_count_distinct_attribute() -> None:
    cond = {"count": {"flows": {"to": "sales"}, "distinct": "cadence", "op": "equals", "value": 2}}
    assert run(cond, TRAINING).ok


def test_count_distinct_ignores_unstated_values() -> None:
    # Cadences stated: weekly, monthly, weekly; flow 2 states none.
    cond = {"count": {"flows": {}, "distinct": "cadence", "op": "equals", "value": 2}}
    assert run(cond, TRAINING).ok


def test_count_roles_distinct() -> None:
    kinds = {
        "count": {
            "roles": {"member_of": {"id": "vt"}},
            "distinct": "kind",
            "op": "equals",
            "value": 3,
        }
    }
    ids = {
        "count": {
            "roles": {"member_of": {"id": "vt"}},
            "distinct": "id",
            "op": "equals",
            "value": 4,
        }
    }
    assert run(kinds, TRAINING).ok
    assert run(ids, TRAINING).ok


def test_count_groups_covered() -> None:
    groups = ["presales", "sales", ["customer_success", "support"], "marketing"]
    cond = {
        "count": {
            "roles": {"member_of": "virtual_team"},
            "groups": groups,
            "op": "greater_than_or_equal",
            "value": 3,
        }
    }
    # Two sales members count as one group; support covers the CS group.
    outcome = run(cond, TRAINING)
    assert outcome.ok
    assert roles_of(outcome) == ["hl", "ps", "s1", "s2"]
    cond["count"]["value"] = 4
    outcome = run(cond, TRAINING)
    assert not outcome.ok
    assert outcome.unmet[0].endswith("(found 3)")
    assert outcome.unmet[0].startswith("groups covered by roles:")


def test_count_groups_of_flow_ends() -> None:
    cond = {
        "count": {
            "flows": {"kind": "training"},
            "distinct": "to.kind",
            "groups": [["sales", "presales"], "customer_success", "marketing"],
            "op": "equals",
            "value": 2,
        }
    }
    assert run(cond, TRAINING).ok


def test_count_param() -> None:
    cond = {"count": {"roles": {"kind": "sales"}, "op": "greater_than_or_equal", "param": "least"}}
    assert run(cond, TRAINING, {"least": 2}).ok
    assert not run(cond, TRAINING, {"least": 3}).ok


def test_count_in_a_scope() -> None:
    cond = {
        "scope": {
            "roles": {"kind": "sales"},
            "as": "rep",
            "quantifier": "all",
            "match": {
                "count": {"flows": {"to": "$rep"}, "op": "greater_than_or_equal", "value": 2}
            },
        }
    }
    outcome = run(cond, TRAINING)
    assert not outcome.ok
    assert outcome.evidence == (RoleRef("s2"),)


# ===================================================================== metric

HUB = {
    "algorithm": "betweenness_centrality_subset",
    "sources": {"kind": ["sales", "customer_success"]},
    "targets": {"kind": "product"},
    "highest": {"kind": ["marketing", "pmm"]},
}

FRONT = {"s": "sales", "cs": "customer_success", "m": "marketing", "p": "product"}


def test_metric_highest_passes() -> None:
    ctx = context(
        FRONT,
        [("s", "m", "value_feedback"), ("cs", "m", "success_case"), ("m", "p", "market_insight")],
    )
    outcome = run({"metric": HUB}, ctx)
    assert outcome.ok
    assert outcome.evidence == (Fact("betweenness_centrality_subset(m)", 2.0), RoleRef("m"))
    assert outcome.unmet == ()


def test_metric_highest_fails_and_names_the_leader() -> None:
    ctx = context(
        FRONT,
        [("s", "cs", "feature_feedback"), ("cs", "p", "feature_request"), ("m", "p", "training")],
    )
    outcome = run({"metric": HUB}, ctx)
    assert not outcome.ok
    assert outcome.evidence == (Fact("betweenness_centrality_subset(cs)", 1.0), RoleRef("cs"))
    assert outcome.unmet == ("betweenness_centrality_subset is highest for marketing|pmm",)


def test_metric_highest_ties_pass() -> None:
    ctx = context(
        {**FRONT, "x": "pmm"},
        [
            ("s", "m", "value_feedback"),
            ("cs", "x", "success_case"),
            ("m", "p", "market_insight"),
            ("x", "p", "market_insight"),
        ],
    )
    only_marketing = {**HUB, "highest": {"kind": "marketing"}}
    outcome = run({"metric": only_marketing}, ctx)
    assert outcome.ok
    assert outcome.evidence == (Fact("betweenness_centrality_subset(m)", 1.0), RoleRef("m"))


def test_metric_highest_all_zero_fails() -> None:
    ctx = context(FRONT, [("s", "p", "value_feedback"), ("cs", "p", "success_case")])
    outcome = run({"metric": HUB}, ctx)
    assert not outcome.ok
    assert outcome.evidence == ()
    assert outcome.unmet == ("betweenness_centrality_subset is highest for marketing|pmm",)


def test_metric_flows_and_roles_filters() -> None:
    flows = [
        ("s", "m", "bug_report"),
        ("m", "p", "bug_report"),
        ("s", "cs", "feature_feedback"),
        ("cs", "p", "feature_request"),
    ]
    ctx = context(FRONT, flows)
    no_bugs = {**HUB, "flows": {"not_kind": "bug_report"}}
    outcome = run({"metric": no_bugs}, ctx)
    assert not outcome.ok
    assert roles_of(outcome) == ["cs"]
    no_cs = {**HUB, "roles": {"not_kind": "customer_success"}}
    assert run({"metric": no_cs}, ctx).ok


def test_metric_predicate_form() -> None:
    ctx = context(FRONT, [("s", "p", "value_feedback"), ("cs", "p", "success_case")])
    cond = {
        "metric": {
            "algorithm": "in_degree",
            "role": {"kind": "product"},
            "op": "greater_than_or_equal",
            "value": 2,
        }
    }
    outcome = run(cond, ctx)
    assert outcome.ok
    assert outcome.evidence == (Fact("in_degree(p)", 2.0),)
    cond["metric"]["value"] = 3
    outcome = run(cond, ctx)
    assert not outcome.ok
    assert outcome.evidence == (Fact("in_degree(p)", 2.0),)
    assert outcome.unmet == ("in_degree of product greater_than_or_equal 3",)


def test_metric_predicate_evidence_is_the_passing_roles() -> None:
    ctx = context(FRONT, [("s", "p", "value_feedback"), ("cs", "p", "success_case")])
    cond = {
        "metric": {"algorithm": "out_degree", "role": {}, "op": "equals", "value": 1},
    }
    outcome = run(cond, ctx)
    assert outcome.ok
    assert outcome.evidence == (Fact("out_degree(cs)", 1.0), Fact("out_degree(s)", 1.0))


def test_metric_projection_simple_merges_parallel_flows() -> None:
    ctx = context(FRONT, [("s", "p", "value_feedback"), ("s", "p", "feature_request")])
    cond: dict[str, Any] = {
        "algorithm": "in_degree",
        "role": {"kind": "product"},
        "op": "equals",
        "value": 1,
    }
    assert run({"metric": cond}, ctx).ok
    assert run({"metric": {**cond, "projection": "simple"}}, ctx).ok
    outcome = run({"metric": {**cond, "projection": "multi"}}, ctx)
    assert not outcome.ok
    assert outcome.evidence == (Fact("in_degree(p)", 2.0),)


def test_metric_projection_undirected() -> None:
    ctx = context(FRONT, [("s", "m", "value_feedback"), ("m", "p", "market_insight")])
    cond = {
        "algorithm": "degree_centrality",
        "projection": "undirected",
        "role": {"kind": "marketing"},
        "op": "equals",
        "value": 2 / 3,
    }
    assert run({"metric": cond}, ctx).ok


def test_metric_roles_filter_with_a_list_value() -> None:
    ctx = context(FRONT, [("s", "p", "value_feedback"), ("cs", "p", "success_case")])
    front = {"where": [{"attr": "kind", "op": "within", "value": ["sales", "product"]}]}
    cond = {
        "algorithm": "in_degree",
        "roles": front,
        "role": {"kind": "product"},
        "op": "equals",
        "value": 1,
    }
    assert run({"metric": cond}, ctx).ok


def test_metric_unknown_algorithm_is_a_compile_problem() -> None:
    found = problems({"metric": {"algorithm": "betweeness_centrality", "highest": {}}})
    assert found == [
        (
            ("metric", "algorithm"),
            "unknown metric 'betweeness_centrality' (did you mean 'betweenness_centrality'?)",
        )
    ]


def test_metric_subset_needs_sources_and_targets() -> None:
    found = problems({"metric": {"algorithm": "betweenness_centrality_subset", "highest": {}}})
    assert found == [
        (("metric",), "metric 'betweenness_centrality_subset' needs 'sources' and 'targets'")
    ]


# ===================================================================== practice, organization

FACTS = context(
    {"s": "sales"},
    practices={
        "bug_severity_levels": 4,
        "issue_tracker": {"links_customers": True, "visible_to": ["s"]},
        "value_metrics": ["time_saved"],
    },
    arr=30_000_000,
)


def test_practice_stated() -> None:
    outcome = run(
        {"practice": {"name": "bug_severity_levels", "op": "between", "value": [3, 5]}}, FACTS
    )
    assert outcome.ok
    assert outcome.evidence == (Fact("practices.bug_severity_levels", 4, True),)
    assert outcome.unmet == ()


def test_practice_stated_but_failing() -> None:
    cond = {"practice": {"name": "bug_severity_levels", "op": "greater_than", "value": 5}}
    outcome = run(cond, FACTS)
    assert not outcome.ok
    assert outcome.evidence == (Fact("practices.bug_severity_levels", 4, True),)
    assert outcome.unmet == ("practices.bug_severity_levels greater_than 5",)


def test_practice_not_stated() -> None:
    outcome = run({"practice": {"name": "severity_slas", "op": "is_true"}}, FACTS)
    assert not outcome.ok
    assert outcome.evidence == (Fact("practices.severity_slas", None, stated=False),)
    assert outcome.unmet == ("practices.severity_slas is_true",)


def test_practice_not_stated_with_an_on_missing_operator() -> None:
    outcome = run({"practice": {"name": "severity_slas", "op": "not_exists"}}, FACTS)
    assert outcome.ok
    assert outcome.evidence == (Fact("practices.severity_slas", None, stated=False),)


def test_practice_default_operator_is_exists() -> None:
    assert run({"practice": {"name": "bug_severity_levels"}}, FACTS).ok
    assert not run({"practice": {"name": "severity_slas"}}, FACTS).ok


def test_practice_dotted_name() -> None:
    cond = {"practice": {"name": "issue_tracker.links_customers", "op": "is_true"}}
    outcome = run(cond, FACTS)
    assert outcome.ok
    assert outcome.evidence == (Fact("practices.issue_tracker.links_customers", True),)
    assert outcome.unmet == ()
    unstated = context({"s": "sales"})
    outcome = run(cond, unstated)
    assert not outcome.ok
    assert outcome.evidence == (Fact("practices.issue_tracker.links_customers", None, False),)
    assert outcome.unmet == ("practices.issue_tracker.links_customers is_true",)


def test_practice_list_value() -> None:
    cond = {"practice": {"name": "issue_tracker.visible_to", "op": "contains", "value": "s"}}
    assert run(cond, FACTS).ok
    metrics = {"name": "value_metrics", "op": "equals", "value": "time_saved", "quantifier": "all"}
    assert run({"practice": metrics}, FACTS).ok


def test_practice_unknown_name_is_a_compile_problem() -> None:
    found = problems({"practice": {"name": "severity_sla", "op": "is_true"}})
    assert found == [
        (("practice", "name"), "unknown practice 'severity_sla' (did you mean 'severity_slas'?)")
    ]
    found = problems({"practice": {"name": "issue_trackr.links_customers", "op": "is_true"}})
    assert "unknown practice 'issue_trackr'" in found[0][1]


def test_practice_list_needs_a_quantifier() -> None:
    found = problems({"practice": {"name": "value_metrics", "op": "equals", "value": "revenue"}})
    assert found == [
        (
            ("practice",),
            "'value_metrics' is a list and 'equals' compares one value: "
            'add quantifier = "any" or "all"',
        )
    ]


def test_organization_field() -> None:
    cond = {"organization": {"field": "arr", "op": "less_than", "param": "small_company_arr"}}
    outcome = run(cond, FACTS, {"small_company_arr": 50_000_000})
    assert outcome.ok
    assert outcome.evidence == (Fact("organization.arr", 30_000_000),)
    outcome = run(cond, FACTS, {"small_company_arr": 20_000_000})
    assert not outcome.ok
    assert outcome.unmet == ("organization.arr less_than 20000000",)


def test_organization_field_not_stated() -> None:
    cond = {"organization": {"field": "arr", "op": "less_than", "value": 50_000_000}}
    outcome = run(cond, context({"s": "sales"}))
    assert not outcome.ok
    assert outcome.evidence == (Fact("organization.arr", None, stated=False),)
    assert outcome.unmet == ("organization.arr less_than 50000000",)


def test_value_operator_without_value_is_a_compile_problem() -> None:
    found = problems({"organization": {"field": "arr", "op": "less_than"}})
    assert found == [(("organization",), "operator 'less_than' needs 'value', 'param' or 'ref'")]


# ===================================================================== scope

TEAMS = context(
    {
        "s": "sales",
        "cs": "customer_success",
        "m": "marketing",
        "p": "product",
        "vt1": {"kind": "virtual_team", "members": ["s", "cs"]},
        "vt2": {"kind": "virtual_team", "members": ["m"]},
    },
    [
        ("s", "p", "value_feedback"),  # 0
        ("cs", "p", "feature_request"),  # 1
    ],
)

TO_PRODUCT = {"flow": {"from": "$who", "to": "product"}}


def test_scope_any() -> None:
    cond = {"scope": {"roles": {"kind": ["marketing", "sales"]}, "as": "who", "match": TO_PRODUCT}}
    outcome = run(cond, TEAMS)
    assert outcome.ok
    assert outcome.evidence == (RoleRef("s"), FlowRef(0))
    assert outcome.unmet == ()


def test_scope_any_none_match() -> None:
    cond = {
        "scope": {"roles": {"kind": ["marketing", "product"]}, "as": "who", "match": TO_PRODUCT}
    }
    outcome = run(cond, TEAMS)
    assert not outcome.ok
    assert outcome.evidence == (RoleRef("m"), RoleRef("p"))
    assert outcome.unmet == ("m: a flow $who → product", "p: a flow $who → product")


def test_scope_all() -> None:
    members = {"member_of": {"id": "vt1"}}
    cond = {"scope": {"roles": members, "as": "who", "quantifier": "all", "match": TO_PRODUCT}}
    outcome = run(cond, TEAMS)
    assert outcome.ok
    assert outcome.evidence == (RoleRef("cs"), RoleRef("s"))


def test_scope_all_reports_each_failing_role() -> None:
    cond = {
        "scope": {
            "roles": {"not_kind": ["product", "virtual_team"]},
            "as": "who",
            "quantifier": "all",
            "match": TO_PRODUCT,
        }
    }
    outcome = run(cond, TEAMS)
    assert not outcome.ok
    assert outcome.evidence == (RoleRef("m"),)
    assert outcome.unmet == ("m: a flow $who → product",)


def test_scope_all_over_no_roles_is_vacuously_true() -> None:
    cond = {
        "scope": {"roles": {"kind": "pmm"}, "as": "who", "quantifier": "all", "match": TO_PRODUCT}
    }
    outcome = run(cond, TEAMS)
    assert outcome.ok
    assert outcome.evidence == ()


def test_scope_any_over_no_roles_is_false() -> None:
    cond = {"scope": {"roles": {"kind": "pmm"}, "as": "who", "match": TO_PRODUCT}}
    outcome = run(cond, TEAMS)
    assert not outcome.ok
    assert outcome.unmet == ("a role: pmm",)


def test_scope_nested_variables() -> None:
    cond = {
        "scope": {
            "roles": {"kind": "virtual_team"},
            "as": "team",
            "quantifier": "all",
            "match": {
                "scope": {
                    "roles": {"member_of": "$team"},
                    "as": "who",
                    "match": {
                        "flow": {"from": {"is": "$who", "member_of": "$team"}, "to": "product"}
                    },
                }
            },
        }
    }
    outcome = run(cond, TEAMS)
    # vt1 has a member with a flow to product; vt2's only member (m) has none.
    assert not outcome.ok
    assert outcome.evidence == (RoleRef("vt2"),)
    assert outcome.unmet == ("vt2: m: a flow $who in $team → product",)


def test_scope_variable_in_a_nested_role_selector() -> None:
    cond = {
        "scope": {
            "roles": {"kind": "virtual_team"},
            "as": "team",
            "match": {"count": {"roles": {"member_of": "$team"}, "op": "equals", "value": 2}},
        }
    }
    outcome = run(cond, TEAMS)
    assert outcome.ok
    assert outcome.evidence == (RoleRef("vt1"), RoleRef("cs"), RoleRef("s"))


def test_unbound_variable_is_a_compile_problem() -> None:
    found = problems({"flow": {"from": "$hub", "to": "product"}})
    assert found == [(("flow", "from"), "variable $hub is not bound by an enclosing scope")]
    found = problems({"role": {"is": "$x"}})
    assert found == [(("role", "is"), "variable $x is not bound by an enclosing scope")]


def test_variable_out_of_its_scope_is_a_compile_problem() -> None:
    cond = {
        "all": [
            {"scope": {"roles": {"kind": "sales"}, "as": "who", "match": TO_PRODUCT}},
            TO_PRODUCT,
        ]
    }
    found = problems(cond)
    assert found == [
        (("all", 1, "flow", "from"), "variable $who is not bound by an enclosing scope")
    ]


def test_rebinding_a_variable_is_a_compile_problem() -> None:
    inner = {"scope": {"roles": {"kind": "sales"}, "as": "who", "match": TO_PRODUCT}}
    found = problems({"scope": {"roles": {"kind": "sales"}, "as": "who", "match": inner}})
    assert found == [
        (("scope", "match", "scope", "as"), "variable $who is already bound by an outer scope")
    ]


def test_path_flows_cannot_use_a_scope_variable() -> None:
    cond = {
        "scope": {
            "roles": {"kind": "sales"},
            "as": "who",
            "match": {"path": {"from": "$who", "to": "product", "flows": {"from": "$who"}}},
        }
    }
    found = problems(cond)
    assert found == [
        (
            ("scope", "match", "path", "flows", "from"),
            "$who: variables cannot be used here (a path's flows and a metric's roles, "
            "flows, sources and targets describe the whole graph)",
        )
    ]


# ===================================================================== all, any, not

SIMPLE = context(
    {"s": "sales", "m": "marketing", "p": "product"},
    [("m", "s", "sales_toolkit"), ("p", "m", "release_briefing")],
    practices={"severity_slas": True},
)
TOOLKIT = {"flow": {"kind": "sales_toolkit"}}
BRIEFING = {"flow": {"kind": "release_briefing"}}
TRAINING_FLOW = {"flow": {"kind": "training"}}
SLAS = {"practice": {"name": "severity_slas", "op": "is_true"}}
LEVELS = {"practice": {"name": "bug_severity_levels", "op": "exists"}}


def test_all_holds() -> None:
    outcome = run({"all": [TOOLKIT, BRIEFING, SLAS]}, SIMPLE)
    assert outcome.ok
    assert outcome.evidence == (FlowRef(0), FlowRef(1), Fact("practices.severity_slas", True))
    assert outcome.unmet == ()


def test_all_fails_with_the_unmet_parts_only() -> None:
    outcome = run({"all": [TOOLKIT, TRAINING_FLOW, LEVELS]}, SIMPLE)
    assert not outcome.ok
    assert outcome.evidence == (FlowRef(0), Fact("practices.bug_severity_levels", None, False))
    assert outcome.unmet == ("a training flow", "practices.bug_severity_levels exists")


def test_all_merges_duplicate_evidence() -> None:
    outcome = run({"all": [TOOLKIT, TOOLKIT]}, SIMPLE)
    assert outcome.evidence == (FlowRef(0),)


def test_any_holds_with_evidence_of_the_holding_parts() -> None:
    outcome = run({"any": [TRAINING_FLOW, BRIEFING, LEVELS]}, SIMPLE)
    assert outcome.ok
    assert outcome.evidence == (FlowRef(1),)
    assert outcome.unmet == ()


def test_any_fails_with_one_unmet_line() -> None:
    outcome = run({"any": [TRAINING_FLOW, LEVELS]}, SIMPLE)
    assert not outcome.ok
    assert outcome.evidence == (Fact("practices.bug_severity_levels", None, False),)
    assert outcome.unmet == ("one of: a training flow | practices.bug_severity_levels exists",)


def test_not_of_a_holding_condition_fails_with_its_evidence() -> None:
    outcome = run({"not": TOOLKIT}, SIMPLE)
    assert not outcome.ok
    assert outcome.evidence == (FlowRef(0),)
    assert outcome.unmet == ("not (a sales_toolkit flow)",)


def test_not_of_a_failing_condition_holds_keeping_facts() -> None:
    outcome = run({"not": TRAINING_FLOW}, SIMPLE)
    assert outcome.ok
    assert outcome.evidence == ()
    outcome = run({"not": LEVELS}, SIMPLE)
    assert outcome.ok
    assert outcome.evidence == (Fact("practices.bug_severity_levels", None, False),)


def test_nested_combinators() -> None:
    cond = {"all": [{"any": [TRAINING_FLOW, TOOLKIT]}, {"not": {"all": [TRAINING_FLOW, SLAS]}}]}
    outcome = run(cond, SIMPLE)
    assert outcome.ok
    assert FlowRef(0) in outcome.evidence


def test_describe_of_combinators() -> None:
    cond = compile_({"all": [TOOLKIT, {"any": [BRIEFING, {"not": SLAS}]}]})
    assert cond.describe() == (
        "all of: a sales_toolkit flow; any of: a release_briefing flow | "
        "not (practices.severity_slas is_true)"
    )


def test_condition_with_two_keys_is_a_compile_problem() -> None:
    found = problems({"flow": {}, "role": {}})
    assert len(found) == 1
    assert found[0][0] == ()
    assert found[0][1].startswith("a condition is a table with exactly one of: all, any, not")


def test_unknown_condition_key_is_a_compile_problem() -> None:
    found = problems({"all": [TOOLKIT, {"flws": {}}]})
    assert found == [(("all", 1), "unknown condition 'flws' (did you mean 'flow'?)")]


def test_compile_collects_every_problem() -> None:
    cond = {
        "all": [
            {"flow": {"kind": "trainin"}},
            {"role": {"kind": "sales", "where": [{"attr": "okrs", "op": "equal", "value": 1}]}},
            {"organization": {"field": "arr", "op": "less_than", "param": "nope"}},
        ]
    }
    found = problems(cond)
    assert [path for path, _ in found] == [
        ("all", 0, "flow", "kind"),
        ("all", 1, "role", "where", 0, "op"),
        ("all", 2, "organization", "param"),
    ]
    assert "did you mean 'training'" in found[0][1]
    assert "did you mean 'equals'" in found[1][1]


def test_metric_predicate_with_quantifier_all_needs_every_role() -> None:
    ctx = context({"s": "sales", "s2": "sales", "p": "product"}, [("s", "p", "bug_report")])
    base = {"algorithm": "out_degree", "role": {"kind": "sales"}, "op": "greater_than", "value": 0}
    assert run({"metric": base}, ctx).ok
    every = run({"metric": {**base, "quantifier": "all"}}, ctx)
    assert not every.ok
    assert every.evidence == (Fact("out_degree(s2)", 0.0),)


@pytest.mark.parametrize("compiled", [False, True], ids=["python", "igraph"])
def test_subset_betweenness_is_exact_and_equals_networkx(
    compiled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import random

    import networkx as nx

    from maturity.engine import brandes
    from maturity.engine.brandes import subset_betweenness_lists

    monkeypatch.setattr(brandes, "SMALL", -1 if compiled else 10**12)
    monkeypatch.setattr(brandes, "CHUNK", 3)  # several igraph calls, summed

    rng = random.Random(11)
    for _ in range(200):
        nodes = [f"r{i}" for i in range(rng.randint(2, 30))]
        edges = [tuple(rng.sample(nodes, 2)) for _ in range(rng.randint(0, 90))]
        sources = rng.sample(nodes, rng.randint(0, len(nodes)))
        targets = rng.sample(nodes, rng.randint(0, len(nodes)))
        graph = nx.DiGraph()
        graph.add_nodes_from(nodes)
        graph.add_edges_from(edges)
        expected = nx.betweenness_centrality_subset(graph, sources, targets, normalized=False)
        found = subset_betweenness_lists(nodes, edges, sources, targets)
        assert found.keys() == expected.keys()
        if compiled:
            assert all(found[n] == pytest.approx(expected[n], rel=1e-12) for n in nodes)
        else:  # the same sums in the same order: bit for bit
            assert found == expected


def test_highest_metric_ties_hold_when_sums_differ_in_the_last_bits() -> None:
    ctx = context({"m": "marketing", "q": "pmm", "s": "sales"}, [("s", "m", "value_feedback")])
    values = {"m": 0.1 + 0.2, "q": 0.3, "s": 0.0}  # 0.30000000000000004 and 0.3: one tie
    metrics = {**BUILTIN_METRICS, "fixed": lambda g, **_: values}
    compiler = Compiler(BUILTIN_OPERATORS, metrics, {}, Vocabulary())
    cond = compiler.compile({"metric": {"algorithm": "fixed", "highest": {"kind": "pmm"}}}, ())
    outcome = cond.evaluate(ctx, {})
    assert outcome.ok and roles_of(outcome) == ["q"]
