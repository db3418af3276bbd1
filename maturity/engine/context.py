"""What a rule sees while it runs: the graph, indexed once, and run-wide caches."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from maturity.engine.operators import MISSING
from maturity.model.nogc import paused_gc

if TYPE_CHECKING:
    import networkx as nx

    from maturity.model.validate import Model


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

    def __hash__(self) -> int:
        # A fact's value may be a list or a table (value_metrics, issue_tracker).
        return hash((self.path, repr(self.value), self.stated))


Evidence = RoleRef | FlowRef | Fact

#: A flow as the engine iterates it: (index, from id, to id, attributes).
FlowRow = tuple[int, str, str, Mapping[str, Any]]


#: Flows bucketed by (flow kind, source role kind, target role kind).
EndsIndex = Mapping[tuple[Any, Any, Any], list[FlowRow]]


class Context:
    """Indexes over one model, built once and shared by every rule of a run.

    ``flows`` are sorted by index; ``flows_by_kind`` and ``flows_by_ends``
    (flow kind, source kind, target kind) keep that order in every bucket, so
    a selector that tests kinds only reads whole buckets, never single flows.

    ``Context(graph)`` indexes a networkx graph (one a plugin's
    ``maturity_prepare_graph`` may have changed); :meth:`from_model` indexes a
    validated model's data directly, with the same contents, and builds the
    networkx graph only when something asks for ``graph``.
    """

    def __init__(self, graph: nx.MultiDiGraph):
        # networkx's own adjacency dicts: iterating its read-only views costs 4x more.
        adjacency: Mapping[str, Mapping[str, Mapping[int, Any]]] = getattr(graph, "_adj", graph.adj)
        self._graph: nx.MultiDiGraph | None = graph
        self._make_graph: Callable[[], nx.MultiDiGraph] | None = None
        self._facts: Mapping[str, Any] = graph.graph
        with paused_gc():
            flows = [
                (key, u, v, data)
                for u, targets in adjacency.items()
                for v, keyed in targets.items()
                for key, data in keyed.items()
            ]
            flows.sort(key=itemgetter(0))
            self._build(dict(graph.nodes(data=True)), flows)

    @classmethod
    def from_model(cls, model: Model, loose_ends: bool = False) -> Context:
        """Index ``model`` as ``build_graph(model)`` would show it, without building it.

        ``loose_ends``: the data may name roles it does not define (a model being
        edited); they become roles without attributes, as in the graph.
        """
        ctx = cls.__new__(cls)
        with paused_gc():
            roles: dict[str, Mapping[str, Any]] = {}
            for role in model.roles:
                attrs = dict(role)
                attrs.setdefault("name", role["id"])
                roles[role["id"]] = attrs
            if loose_ends:
                for flow in model.flows:
                    roles.setdefault(flow["from"], {})
                    roles.setdefault(flow["to"], {})

            def make_graph() -> nx.MultiDiGraph:
                from maturity.model.graph import build_graph

                return build_graph(model)

            ctx._graph = None
            ctx._make_graph = make_graph
            ctx._facts = {"organization": model.organization, "practices": model.practices}
            ctx._build(roles, model.flows)
        return ctx

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The model as a networkx graph (built on first use when indexed from a model)."""
        if self._graph is None:
            assert self._make_graph is not None
            self._graph = self._make_graph()
        return self._graph

    def _build(
        self, roles: dict[str, Mapping[str, Any]], flows: list[FlowRow] | list[dict[str, Any]]
    ) -> None:
        """Index ``roles`` and ``flows``: rows in index order, or a model's flow tables (a
        flow's index is then its position; rows are made while indexing)."""
        # Plain dicts: a networkx view costs a Python call per lookup.
        self.roles: Mapping[str, Mapping[str, Any]] = roles
        self.role_ids: tuple[str, ...] = tuple(sorted(roles))
        #: Each role's kind ("" when it has none).
        self.kinds: Mapping[str, Any] = {r: attrs.get("kind", "") for r, attrs in roles.items()}
        by_kind: dict[str, list[str]] = defaultdict(list)
        for role_id in self.role_ids:
            by_kind[self.kinds[role_id]].append(role_id)
        self.roles_by_kind: Mapping[str, list[str]] = by_kind
        rows, self.flows_by_ends = self._index_flows(flows)
        self.flows: tuple[FlowRow, ...] = tuple(rows)
        self._by_kind: dict[str, list[FlowRow]] | None = None
        members: dict[str, set[str]] = defaultdict(set)
        for role_id in self.role_ids:
            for member in roles[role_id].get("members", ()):
                members[member].add(role_id)
        self.teams_of: Mapping[str, set[str]] = members
        self.cache: dict[Hashable, Any] = {}
        self._at: tuple[Mapping[str, list[FlowRow]], Mapping[str, list[FlowRow]]] | None = None
        self._by_index: dict[int, FlowRow] | None = None
        self._both: dict[str, list[FlowRow]] = {}

    def flow(self, index: int) -> FlowRow | None:
        """The flow whose index (the graph's edge key) is ``index``, if there is one."""
        flows = self.flows
        if isinstance(index, int) and 0 <= index < len(flows) and flows[index][0] == index:
            return flows[index]
        if self._by_index is None:
            self._by_index = {row[0]: row for row in flows}
        return self._by_index.get(index)

    def _index_flows(
        self, flows: list[FlowRow] | list[dict[str, Any]]
    ) -> tuple[list[FlowRow], EndsIndex]:
        """The rows, and the rows by (flow kind, source kind, target kind); one pass."""
        kinds = self.kinds
        by_ends: dict[tuple[Any, Any, Any], list[FlowRow]] = {}
        bucket_of = by_ends.get
        rows: list[FlowRow] = []
        keep = rows.append
        items: list[Any] = flows  # rows, or flow tables
        for index, item in enumerate(items):
            if type(item) is tuple:  # a row already (indexed from a graph)
                row, attrs = item, item[3]
            else:
                attrs = item
                row = (index, attrs["from"], attrs["to"], attrs)
            keep(row)
            key = (attrs.get("kind", ""), kinds[row[1]], kinds[row[2]])
            bucket = bucket_of(key)
            if bucket is None:
                by_ends[key] = [row]
            else:
                bucket.append(row)
        return rows, by_ends

    @property
    def flows_by_kind(self) -> Mapping[str, list[FlowRow]]:
        """Flows by kind, in index order (merged from ``flows_by_ends`` on first use)."""
        if self._by_kind is None:
            parts: dict[str, list[list[FlowRow]]] = defaultdict(list)
            for (kind, _, _), rows in self.flows_by_ends.items():
                parts[kind].append(rows)
            self._by_kind = {kind: _merged(rows) for kind, rows in parts.items()}
        return self._by_kind

    def flows_at(self, role_id: str, outgoing: bool, both: bool = False) -> list[FlowRow]:
        """The flows from (``outgoing``) or into a role — or both ways — in index order."""
        if self._at is None:
            out: dict[str, list[FlowRow]] = defaultdict(list)
            into: dict[str, list[FlowRow]] = defaultdict(list)
            for row in self.flows:
                out[row[1]].append(row)
                into[row[2]].append(row)
            self._at = (out, into)
        leaving, arriving = self._at
        if both:
            found = self._both.get(role_id)
            if found is None:
                found = leaving.get(role_id, []) + arriving.get(role_id, [])
                found.sort(key=itemgetter(0))
                self._both[role_id] = found
            return found
        return (leaving if outgoing else arriving).get(role_id, [])

    def kind_of(self, role_id: str) -> str:
        return str(self.kinds[role_id])

    def fact(self, path: str) -> Any:
        """Look up ``practices.x.y`` or ``organization.x``; ``MISSING`` when not stated."""
        head, _, rest = path.partition(".")
        value: Any = self._facts.get(head, {})
        for part in rest.split(".") if rest else ():
            if not isinstance(value, Mapping) or part not in value:
                return MISSING
            value = value[part]
        return value


def _merged(parts: list[list[FlowRow]]) -> list[FlowRow]:
    """Buckets of flows, each in index order, as one list in index order."""
    if len(parts) == 1:
        return list(parts[0])
    return sorted(itertools.chain.from_iterable(parts), key=itemgetter(0))


def lookup(attrs: Mapping[str, Any], attr: str) -> Any:
    """A (dotted) attribute of a role or flow; ``MISSING`` when not stated."""
    value: Any = attrs
    for part in attr.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return MISSING
        value = value[part]
    return value
