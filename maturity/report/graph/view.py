"""What the drawing shows: role families and colours, graph data, the view's nodes and edges.

Everything works from *graph data*: ``{"name", "roles": [{id, kind, name,
parent}], "flows": [{index, from, to, kind, name}]}`` (see :func:`graph_data`).
Every step sorts with the role id as the last key, so drawings are deterministic.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from maturity.i18n import STRINGS, t

if TYPE_CHECKING:
    import networkx as nx

#: Role kind → family; a kind a plugin adds falls into ``other``.
KIND_FAMILY = {
    "ceo": "leadership", "sales_lead": "leadership", "cs_lead": "leadership",
    "product": "product", "rnd": "product", "product_ops": "product",
    "marketing": "marketing", "pmm": "marketing", "virtual_team": "marketing",
    "sales": "front_line", "presales": "front_line", "sdr": "front_line",
    "channel": "front_line",
    "customer_success": "service", "support": "service", "implementation": "service",
    "customer": "customer",
}  # fmt: skip

#: Rows from top to bottom, each holding the families drawn in it, left to right.
ROWS = (
    ("leadership",),
    ("product",),
    ("marketing", "other"),
    ("front_line", "service"),
    ("customer",),
)
FAMILIES = tuple(f for row in ROWS for f in row)

#: Family → (fill, stroke). Muted fills so that red and dashed arrows stand out.
COLORS = {
    "leadership": ("#f3e8ff", "#7e22ce"),
    "product": ("#e0e7ff", "#4338ca"),
    "marketing": ("#ffedd5", "#c2410c"),
    "front_line": ("#e0f2fe", "#0369a1"),
    "service": ("#ccfbf1", "#0f766e"),
    "customer": ("#fef9c3", "#a16207"),
    "other": ("#f5f5f4", "#78716c"),
}
EDGE = "#64748b"
FAILING = "#dc2626"
PROPOSED = "#15803d"
FONT = (
    "'Noto Sans', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', "
    "'Microsoft YaHei', 'Helvetica Neue', Arial, sans-serif"
)

NODE_FONT = 12.5
LABEL_FONT = 10.5
LINE = 13.0
MAX_PER_ROW = 6
MAX_NODE_TEXT = 132.0
H_GAP = 48.0
MARGIN = 22.0

SVG_NS = ' xmlns="http://www.w3.org/2000/svg"'
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def esc(value: Any) -> str:
    """``value`` as XML/HTML text or attribute (quotes too); control characters dropped."""
    return html.escape(_CONTROL.sub("", str(value)), quote=True)


def family(kind: str) -> str:
    return KIND_FAMILY.get(kind, "other")


def kind_label(kind: str, lang: str, prefix: str = "flow_kind") -> str:
    """A built-in kind in words (``bug report``, ``Bug反馈``); a plugin's kind as it is."""
    key = f"{prefix}.{kind}"
    return t(key, lang) if key in STRINGS else str(kind)


def graph_data(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The plain data every drawing here works from, in model order."""
    roles = [
        {"id": str(node), "kind": str(attrs.get("kind", "")),
         "name": str(attrs.get("name", node)), "parent": attrs.get("parent")}
        for node, attrs in graph.nodes(data=True)
    ]  # fmt: skip
    flows = [
        {"index": key, "from": str(u), "to": str(v), "kind": str(attrs.get("kind", "")),
         "name": attrs.get("name")}
        for u, v, key, attrs in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2])
    ]  # fmt: skip
    organization = graph.graph.get("organization", {})
    return {"name": str(organization.get("name", "")), "roles": roles, "flows": flows}


# ---------------------------------------------------------------- the view


@dataclass(frozen=True)
class Overlay:
    """What an assessment adds to the drawing: failing evidence and proposed changes."""

    failing: frozenset[int] = frozenset()
    new_roles: tuple[Mapping[str, Any], ...] = ()
    new_flows: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    kind: str
    proposed: bool = False

    @property
    def family(self) -> str:
        return family(self.kind)


@dataclass(frozen=True)
class Edge:
    """All flows from ``source`` to ``target`` of one style, merged into one arrow."""

    source: str
    target: str
    kinds: tuple[str, ...]
    style: str = "flow"  # flow | failing | proposed


def build_view(data: Mapping[str, Any], overlay: Overlay) -> tuple[list[Node], list[Edge]]:
    nodes = [Node(r["id"], r.get("name") or r["id"], r["kind"]) for r in data["roles"]]
    known = {n.id for n in nodes}
    for role in overlay.new_roles:
        if role["id"] not in known:
            nodes.append(Node(role["id"], role.get("name") or role["id"], role["kind"], True))
            known.add(role["id"])
    groups: dict[tuple[str, str, str], list[str]] = {}
    for flow in data["flows"]:
        style = "failing" if flow["index"] in overlay.failing else "flow"
        groups.setdefault((flow["from"], flow["to"], style), []).append(flow["kind"])
    for source, target, kind in overlay.new_flows:
        groups.setdefault((source, target, "proposed"), []).append(kind)
    # A pair with some failing flows draws them all red: one arrow, one label.
    for source, target, style in list(groups):
        if style == "flow" and (source, target, "failing") in groups:
            groups[(source, target, "failing")] += groups.pop((source, target, style))
    edges = [
        Edge(s, tg, tuple(sorted(kinds)), style)
        for (s, tg, style), kinds in sorted(groups.items())
        if s in known and tg in known
    ]
    return nodes, edges


def edge_lines(edge: Edge, lang: str) -> list[str]:
    """One label line per flow kind (``×2`` for repeats), at most four lines."""
    counts: dict[str, int] = {}
    for kind in edge.kinds:
        counts[kind] = counts.get(kind, 0) + 1
    lines = [
        ("+ " if edge.style == "proposed" else "")
        + kind_label(kind, lang)
        + (f" ×{n}" if n > 1 else "")
        for kind, n in sorted(counts.items())
    ]
    return lines if len(lines) <= 4 else [*lines[:3], f"+{len(lines) - 3}"]


# ---------------------------------------------------------------- large graphs: a summary

#: Above this many roles (or merged arrows), one box per role kind stands for its roles:
#: drawing every role of a large organization takes minutes and cannot be read.
SUMMARY_ROLES = 40
SUMMARY_EDGES = 150


@dataclass(frozen=True)
class Summary:
    """What a summarised drawing stands for: the counts behind the boxes."""

    roles: int
    flows: int
    kinds: int
    #: Flows between two roles of the same kind: inside a box, so not drawn.
    inside: int


def needs_summary(data: Mapping[str, Any], overlay: Overlay) -> bool:
    """Whether the graph is too large to draw role by role (a summary never is)."""
    if data.get("summary"):
        return False
    if len(data["roles"]) + len(overlay.new_roles) > SUMMARY_ROLES:
        return True
    pairs = {(f["from"], f["to"]) for f in data["flows"]}
    return len(pairs) + len(overlay.new_flows) > SUMMARY_EDGES


def summarize(
    data: Mapping[str, Any], overlay: Overlay, lang: str
) -> tuple[dict[str, Any], Overlay, Summary]:
    """The graph with one role per role kind (named with its count) and the flows between
    kinds; a kind's box is failing or proposed when any of its flows is. Linear in size."""
    kind_of = {r["id"]: r["kind"] for r in data["roles"]}
    counts: dict[str, int] = {}
    for kind in kind_of.values():
        counts[kind] = counts.get(kind, 0) + 1
    kind_of.update({r["id"]: r["kind"] for r in overlay.new_roles})
    roles = [
        {"id": kind, "kind": kind, "name": f"{kind_label(kind, lang, 'role_kind')} ×{n}"}
        for kind, n in sorted(counts.items())
    ]
    new_roles = tuple(
        {"id": kind, "kind": kind, "name": kind_label(kind, lang, "role_kind")}
        for kind in sorted({r["kind"] for r in overlay.new_roles} - set(counts))
    )
    flows: list[dict[str, Any]] = []
    failing: set[int] = set()
    inside = 0
    for flow in data["flows"]:
        source, target = kind_of.get(flow["from"]), kind_of.get(flow["to"])
        if source is None or target is None or source == target:
            inside += source == target and source is not None
            continue
        if flow["index"] in overlay.failing:
            failing.add(len(flows))
        flows.append({"index": len(flows), "from": source, "to": target, "kind": flow["kind"]})
    new_flows = tuple(
        (kind_of[s], kind_of[tg], k)
        for s, tg, k in overlay.new_flows
        if s in kind_of and tg in kind_of and kind_of[s] != kind_of[tg]
    )
    summary = Summary(len(data["roles"]), len(data["flows"]), len(counts), inside)
    shown = {"name": data.get("name", ""), "roles": roles, "flows": flows, "summary": True}
    return shown, Overlay(frozenset(failing), new_roles, tuple(sorted(set(new_flows)))), summary


def summary_note(summary: Summary, lang: str) -> str:
    """The sentence that says a drawing is a summary, and of what."""
    text = t("graph_summary", lang, roles=summary.roles, flows=summary.flows)
    if summary.inside:
        text += " " + t("graph_summary_inside", lang, inside=summary.inside)
    return text
