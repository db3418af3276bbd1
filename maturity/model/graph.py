"""The model as a ``networkx.MultiDiGraph``: what rules and plugins see.

One node per role (attributes: the role's fields; ``name`` defaults to the
id), one edge per flow (key: the flow's index; attributes: the flow's fields
plus ``index``), and ``graph.graph`` holding ``organization``, ``practices``
and ``source``.
"""

from __future__ import annotations

import copy

import networkx as nx

from maturity.model.validate import Model


def build_graph(model: Model) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(
        organization=copy.deepcopy(dict(model.organization)),
        practices=copy.deepcopy(dict(model.practices)),
        source=model.source,
    )
    # Roles and flows hold scalars and lists of strings: copying one level deep keeps
    # the graph independent of the model (deep copies cost seconds at 100k flows).
    for role in model.roles:
        attrs = _copy(role)
        attrs.setdefault("name", role["id"])
        graph.add_node(role["id"], **attrs)
    for index, flow in enumerate(model.flows):
        attrs = _copy(flow)
        attrs["index"] = index
        graph.add_edge(flow["from"], flow["to"], key=index, **attrs)
    return graph


def _copy(item: dict[str, object]) -> dict[str, object]:
    return {k: list(v) if isinstance(v, list) else v for k, v in item.items()}


def role_label(graph: nx.MultiDiGraph, role_id: str) -> str:
    """``name (id)`` when the role has a display name of its own, else the id."""
    name = graph.nodes[role_id].get("name", role_id)
    return role_id if name == role_id else f"{name} ({role_id})"
