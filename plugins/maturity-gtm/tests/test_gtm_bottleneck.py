"""GTMX-8's check, alone: which flows count, who may be a hub, what the evidence says."""

from __future__ import annotations

from typing import Any

import pytest
from maturity_gtm.bottleneck import PARAMS, RULE, bottlenecks, value_flows

from maturity.engine.context import Fact, FlowRef, RoleRef
from maturity.model import validate_data
from maturity.model.graph import build_graph
from maturity.testing import assert_status


def graph(roles: dict[str, str], flows: list[tuple[str, str, str]]) -> Any:
    data = {
        "organization": {"name": "t"},
        "roles": [{"id": rid, "kind": kind} for rid, kind in roles.items()],
        "flows": [{"from": a, "to": b, "kind": k} for a, b, k in flows],
    }
    return build_graph(validate_data(data, "<test>"))


ROLES = {"p": "product", "s": "sales", "cs": "customer_success", "pmm": "pmm", "c": "customer"}


def test_bugs_support_and_customer_flows_do_not_count() -> None:
    g = graph(
        ROLES,
        [
            ("s", "p", "bug_report"),
            ("c", "cs", "support_request"),
            ("cs", "c", "usage_report"),
            ("s", "pmm", "value_feedback"),
        ],
    )
    assert value_flows(g) == [(3, "s", "pmm")]


def test_a_hub_may_carry_every_flow() -> None:
    g = graph(ROLES, [("s", "pmm", "value_feedback"), ("pmm", "p", "market_insight")] * 3)
    assert bottlenecks(g, PARAMS) == (True, [])


def test_evidence_names_the_role_its_share_and_its_flows() -> None:
    g = graph(
        ROLES,
        [
            ("s", "p", "feature_request"),
            ("cs", "p", "feature_request"),
            ("pmm", "s", "training"),
            ("pmm", "cs", "training"),
            ("p", "pmm", "release_briefing"),
        ],
    )
    ok, evidence = bottlenecks(g, PARAMS)
    assert not ok
    assert evidence == [
        RoleRef("p"),
        Fact("flow_share(p)", 0.6),
        FlowRef(0),
        FlowRef(1),
        FlowRef(4),
    ]


@pytest.mark.parametrize(("limit", "ok"), [(0.5, False), (0.75, True)])
def test_the_limit_is_a_parameter(limit: float, ok: bool) -> None:
    g = graph(
        ROLES,
        [("s", "p", "feature_request"), ("cs", "p", "feature_request"), ("pmm", "s", "training")],
    )
    assert bottlenecks(g, {"max_flow_share": limit})[0] is ok


def test_small_graphs_are_skipped() -> None:
    model = {
        "organization": {"name": "t"},
        "roles": [{"id": "p", "kind": "product"}, {"id": "s", "kind": "sales"}],
        "flows": [{"from": "s", "to": "p", "kind": "feature_request"}],
    }
    finding = assert_status(RULE, model, "skipped")
    assert finding.evidence == (Fact("value_flows", 1),)
