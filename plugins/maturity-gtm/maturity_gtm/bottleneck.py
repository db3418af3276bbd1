"""GTMX-8, a Python rule: no role outside the hub carries most of the value flows.

The declarative language counts flows but cannot divide one count by another,
so this share needs code. It is registered in its own pack, ``gtm_graph``,
because a pack is either a TOML file or a Python :class:`~maturity.rules.Pack`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from maturity.engine.conditions import Condition, Env, Outcome
from maturity.engine.context import Context, Evidence, Fact, FlowRef, RoleRef
from maturity.rules import Pack, RuleTest, python_rule

#: Roles meant to sit in the middle of value flows (seed 001: the "business traffic cop").
HUB_KINDS = frozenset({"marketing", "pmm", "presales"})
#: Flows about defects and service, not value; they have their own channel (seed 001, flow B).
NON_VALUE_KINDS = frozenset({"bug_report", "support_request"})
EXTERNAL_KINDS = frozenset({"customer"})

PARAMS: Mapping[str, Any] = {"max_flow_share": 0.5}
#: Below this many value flows a graph shows no bottleneck worth the name: the rule is skipped.
#: (A ``when`` sees the graph but not the params, so this is not a pack parameter.)
MIN_FLOWS = 6


def value_flows(graph: nx.MultiDiGraph) -> list[tuple[int, str, str]]:
    """Internal value flows as ``(index, from, to)``: no customer end, no bug or support flow."""

    def internal(role: str) -> bool:
        return graph.nodes[role].get("kind") not in EXTERNAL_KINDS

    return sorted(
        (key, u, v)
        for u, v, key, kind in graph.edges(keys=True, data="kind")
        if kind not in NON_VALUE_KINDS and internal(u) and internal(v)
    )


def flows_by_role(flows: list[tuple[int, str, str]]) -> dict[str, list[int]]:
    """The indexes of the flows each role sends or receives."""
    touching: dict[str, list[int]] = defaultdict(list)
    for index, source, target in flows:
        touching[source].append(index)
        touching[target].append(index)
    return touching


def bottlenecks(graph: nx.MultiDiGraph, params: Mapping[str, Any]) -> tuple[bool, list[Evidence]]:
    """The check: ``(ok, evidence)``; evidence names each offending role, its share and flows."""
    flows = value_flows(graph)
    limit = float(params["max_flow_share"])
    evidence: list[Evidence] = []
    for role, indexes in sorted(flows_by_role(flows).items()):
        share = len(indexes) / len(flows)
        if graph.nodes[role].get("kind") in HUB_KINDS or share <= limit:
            continue
        evidence += [RoleRef(role), Fact(f"flow_share({role})", round(share, 4))]
        evidence += [FlowRef(index) for index in indexes]
    return not evidence, evidence


@dataclass(frozen=True)
class EnoughValueFlows(Condition):
    """The rule's ``when``: a graph with only a few flows shows no bottleneck worth the name."""

    minimum: int

    def evaluate(self, ctx: Context, env: Env) -> Outcome:
        count = len(value_flows(ctx.graph))
        fact = Fact("value_flows", count)
        if count >= self.minimum:
            return Outcome(True, (fact,))
        return Outcome(False, (fact,), (self.describe(),))

    def describe(self) -> str:
        return f"at least {self.minimum} internal value flows"


EN = {
    "title": "No role outside the hub carries most of the value flows",
    "summary": "Among internal value flows (every kind but bug_report and support_request, "
    "no customer end), no role other than marketing, pmm or presales sends or receives more "
    "than max_flow_share (50%) of them. Skipped below 6 such flows.",
    "rationale": "Seed 000, §2: a mature organization must not depend on individual ability "
    "(a product manager with a strong sales mind, a salesperson with a product mind); product "
    "marketing's part in the whole flow from product to sales is what gives it the full "
    "picture. Seed 002: the PMM is the link between product, marketing and sales. When one "
    "other role — typically product — sits on most flows, the beginner pattern of seed 001 is "
    "back: everyone throws everything at the product manager.",
    "recommendation": "Route value flows through the middle platform: front-line input to "
    "product marketing, which aggregates it for product; product's briefings to product "
    "marketing, which turns them into toolkits and training for the front line.",
    "fail": "A role outside the hub takes part in more than the allowed share of value flows.",
    "pass": "No role outside the hub carries most of the value flows.",
}

ZH = {
    "title": "枢纽之外没有角色承担大部分价值流程",
    "summary": "在内部价值流程（除 bug_report、support_request 外，且不涉及客户）中，"
    "市场部、产品市场经理、售前以外的任何角色，发送或接收的流程都不超过 "
    "max_flow_share（50%）。流程少于 6 条时跳过。",
    "rationale": "种子文档 000 第二节：成熟的组织不应当依赖个人能力（销售思维极强的产品经理，"
    "或产品思维极强的销售）；产品市场从产到销的全流程参与，保障了它窥探全貌、"
    "掌握全面信息的能力。种子文档 002：PMM 是产品、市场、销售以及各相关部门之间的纽带。"
    "若某个其他角色（通常是产品）压着大部分流程，就回到了种子文档 001 的初段模式："
    "什么都直接丢给产品经理。",
    "recommendation": "让价值流程经过中台：一线的输入交给产品市场，由它汇总后提供给产品；"
    "产品的发版沟通交给产品市场，由它转化为面向一线的工具包和培训。",
    "fail": "枢纽之外有角色参与的价值流程超过了允许的比例。",
    "pass": "枢纽之外没有角色承担大部分价值流程。",
}


def _model(flows: list[tuple[str, str, str]]) -> dict[str, Any]:
    kinds = {"p": "product", "s": "sales", "cs": "customer_success", "m": "marketing"}
    return {
        "organization": {"name": "t"},
        "roles": [{"id": rid, "kind": kind} for rid, kind in kinds.items()],
        "flows": [{"from": a, "to": b, "kind": k} for a, b, k in flows],
    }


TESTS = (
    RuleTest(
        "fail",
        _model(
            [
                ("s", "p", "feature_request"),
                ("cs", "p", "feature_request"),
                ("p", "s", "training"),
                ("p", "cs", "training"),
                ("p", "m", "release_briefing"),
                ("s", "m", "value_feedback"),
            ]
        ),
        "everyone talks to product",
    ),
    RuleTest(
        "pass",
        _model(
            [
                ("s", "m", "value_feedback"),
                ("cs", "m", "success_case"),
                ("m", "p", "market_insight"),
                ("p", "m", "release_briefing"),
                ("m", "s", "training"),
                ("m", "cs", "training"),
            ]
        ),
        "marketing is the hub",
    ),
    RuleTest(
        "skipped",
        _model([("s", "p", "feature_request"), ("p", "s", "training")]),
        "too few flows to judge",
    ),
)

RULE = python_rule(
    "GTMX-8",
    "deliver",
    bottlenecks,
    {"en": EN, "zh": ZH},
    severity="medium",
    weight=1,
    effort=3,
    recommendation_type="role_change",
    seed="000-pmm-middle-platform, 002-gtm-and-pmm",
    when=EnoughValueFlows(MIN_FLOWS),
    tests=TESTS,
)

PACK = Pack(
    id="gtm_graph",
    version="0.1.0",
    rules=(RULE,),
    names={"en": "GTM graph checks", "zh": "GTM图结构检查"},
    descriptions={
        "en": "Rules over the shape of the value-flow graph that need code (seeds 000, 002).",
        "zh": "需要代码实现的价值流程图结构规则（种子文档 000、002）。",
    },
    params=PARAMS,
)
