"""What a rule sees while it runs: the graph, indexed once, and run-wide caches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from maturity.engine.operators import MISSING


@dataclass(frozen=True)
class RoleRef:
    """Evidence: a role, by id."""

    id: str


@dataclass(frozen=True)
class FlowRef:
    """Evidence: a flow, by its index in the model's ``flows``."""

    index: int


@dataclass(frozen=True)
class Fact:
    """Evidence: an organization-wide fact, or a measured value; ``stated`` false = not stated."""

    path: str
    value: Any = None
    stated: bool = True


Evidence = RoleRef | FlowRef | Fact

#: A flow as the engine iterates it: (index, from id, to id, attributes).
FlowRow = tuple[int, str, str, Mapping[str, Any]]


class Context:
    """Indexes over one graph, built once and shared by every rule of a run."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph
        self.roles: Mapping[str, Mapping[str, Any]] = graph.nodes
        self.role_ids: tuple[str, ...] = tuple(sorted(graph.nodes))
        by_kind: dict[str, list[str]] = defaultdict(list)
        for role_id in self.role_ids:
            by_kind[graph.nodes[role_id].get("kind", "")].append(role_id)
        self.roles_by_kind: Mapping[str, list[str]] = by_kind
        flows: list[FlowRow] = sorted(
            ((key, u, v, data) for u, v, key, data in graph.edges(keys=True, data=True)),
            key=lambda row: row[0],
        )
        self.flows: tuple[FlowRow, ...] = tuple(flows)
        flows_by_kind: dict[str, list[FlowRow]] = defaultdict(list)
        for row in flows:
            flows_by_kind[row[3].get("kind", "")].append(row)
        self.flows_by_kind: Mapping[str, list[FlowRow]] = flows_by_kind
        members: dict[str, set[str]] = defaultdict(set)
        for role_id in self.role_ids:
            for member in graph.nodes[role_id].get("members", ()):
                members[member].add(role_id)
        self.teams_of: Mapping[str, set[str]] = members
        self.cache: dict[Hashable, Any] = {}

    def kind_of(self, role_id: str) -> str:
        return str(self.roles[role_id].get("kind", ""))

    def fact(self, path: str) -> Any:
        """Look up ``practices.x.y`` or ``organization.x``; ``MISSING`` when not stated."""
        head, _, rest = path.partition(".")
        value: Any = self.graph.graph.get(head, {})
        for part in rest.split(".") if rest else ():
            if not isinstance(value, Mapping) or part not in value:
                return MISSING
            value = value[part]
        return value


def lookup(attrs: Mapping[str, Any], attr: str) -> Any:
    """A (dotted) attribute of a role or flow; ``MISSING`` when not stated."""
    value: Any = attrs
    for part in attr.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return MISSING
        value = value[part]
    return value
