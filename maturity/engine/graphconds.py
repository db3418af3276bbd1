"""Conditions over the graph's structure: paths, metrics and scopes."""

from __future__ import annotations

import dataclasses
import itertools
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from maturity.engine.brandes import (
    start_subset_betweenness,
    subset_betweenness,
    subset_betweenness_lists,
)
from maturity.engine.conditions import Condition, Outcome, RoleExists, Unmet, unmet
from maturity.engine.context import Context, Evidence, Fact, FlowRef, RoleRef
from maturity.engine.selectors import Env, FlowSelector, Predicate, RoleSelector
from maturity.model import scc

if TYPE_CHECKING:
    import networkx as nx

Adjacency = dict[str, dict[str, int]]

#: Relative difference under which two metric values are the same (``highest`` ties).
TIE = 1e-9


def _adjacency(ctx: Context, flows: FlowSelector) -> Adjacency:
    """``{from: {to: lowest flow index}}`` over the flows the selector admits (cached)."""
    key = ("adjacency", flows)
    if key not in ctx.cache:
        adjacency: Adjacency = {}
        for index, source, target, _ in flows.select(ctx, {}):
            targets = adjacency.get(source)
            if targets is None:  # no empty dict made (and dropped) for every flow
                adjacency[source] = {target: index}
            elif target not in targets:
                targets[target] = index
        ctx.cache[key] = adjacency
    result: Adjacency = ctx.cache[key]
    return result


def _bfs(adjacency: Adjacency, sources: list[str], limit: int | None) -> dict[str, str | None]:
    parents: dict[str, str | None] = {s: None for s in sources}
    frontier = deque((s, 0) for s in sources)
    while frontier:
        node, hops = frontier.popleft()
        if limit is not None and hops >= limit:
            continue
        for nxt in adjacency.get(node, {}):
            if nxt not in parents:
                parents[nxt] = node
                frontier.append((nxt, hops + 1))
    return parents


def _trail(adjacency: Adjacency, parents: Mapping[str, str | None], end: str) -> list[Evidence]:
    nodes = [end]
    while (parent := parents[nodes[-1]]) is not None:
        nodes.append(parent)
    nodes.reverse()
    evidence: list[Evidence] = [RoleRef(n) for n in nodes]
    evidence += [FlowRef(adjacency[a][b]) for a, b in itertools.pairwise(nodes)]
    return evidence


@dataclass(frozen=True)
class PathExists(Condition):
    """Some role matching ``source`` reaches some role matching ``target`` along ``flows``."""

    source: RoleSelector
    target: RoleSelector
    flows: FlowSelector
    max_hops: int | None = None
    both_ways: bool = False

    def evaluate(self, ctx: Context, env: Env) -> Outcome:
        adjacency = _adjacency(ctx, self.flows)
        sources = list(self.source.candidates(ctx, env))
        starts = set(sources)
        targets = [t for t in self.target.candidates(ctx, env) if t not in starts]
        if self.both_ways and self.max_hops is not None:
            return self._mutual_within(adjacency, sources, targets, self.max_hops, env)
        if self.both_ways:
            return self._mutual(adjacency, sources, targets, env)
        parents = _bfs(adjacency, sources, self.max_hops)
        reached = [t for t in targets if t in parents]
        if not reached:
            return Outcome(False, (), (unmet(self, env),))
        return Outcome(True, tuple(_trail(adjacency, parents, reached[0])))

    def _mutual_within(
        self, adjacency: Adjacency, sources: list[str], targets: list[str], limit: int, env: Env
    ) -> Outcome:
        """A pair that reaches each other both ways, each way within ``limit`` hops."""
        reverse: Adjacency = {}
        for a, bs in adjacency.items():
            for b, index in bs.items():
                reverse.setdefault(b, {})[a] = index
        wanted = set(targets)
        for source in sources:
            there = _bfs(adjacency, [source], limit)
            back = _bfs(reverse, [source], limit)
            both = sorted(wanted & there.keys() & back.keys())
            if both:
                target = both[0]
                going = _trail(adjacency, there, target)
                coming = _trail(adjacency, _bfs(adjacency, [target], limit), source)
                return Outcome(True, tuple(dict.fromkeys(going + coming)))
        return Outcome(False, (), (unmet(self, env),))

    def _mutual(
        self, adjacency: Adjacency, sources: list[str], targets: list[str], env: Env
    ) -> Outcome:
        succ = scc.adjacency((a, b) for a, bs in adjacency.items() for b in bs)
        # Each end grouped by its component once: no scan of every end per component.
        number = {
            node: i
            for i, component in enumerate(scc.strongly_connected(succ))
            for node in component
        }
        src_in: dict[int, list[str]] = {}
        dst_in: dict[int, list[str]] = {}
        for ends, groups in ((sources, src_in), (targets, dst_in)):
            for end in ends:
                if end in number:
                    groups.setdefault(number[end], []).append(end)
        both = src_in.keys() & dst_in.keys()
        if not both:
            return Outcome(False, (), (unmet(self, env),))
        first = min(both)  # the first component found holding both ends
        src, dst = src_in[first], dst_in[first]
        there = _trail(adjacency, _bfs(adjacency, src[:1], None), dst[0])
        back = _trail(adjacency, _bfs(adjacency, dst[:1], None), src[0])
        return Outcome(True, tuple(dict.fromkeys(there + back)))

    def describe(self) -> str:
        hops = f" within {self.max_hops} hops" if self.max_hops is not None else ""
        way = "and back " if self.both_ways else ""
        return (
            f"a path from {self.source.describe()} to {self.target.describe()} {way}"
            f"along {self.flows.describe().split(' ', 1)[1]}{hops}"
        )


#: A metric: a networkx algorithm over the projected graph, keyed by role id.
MetricFn = Callable[..., Mapping[str, float]]


def _subset_betweenness(graph: nx.Graph, sources: list[str], targets: list[str]) -> Any:
    """``nx.betweenness_centrality_subset(..., normalized=False)``, the same numbers, faster."""
    return subset_betweenness(graph, sources, targets)


def _networkx(name: str) -> MetricFn:
    def metric(graph: nx.Graph, **_: Any) -> Mapping[str, float]:
        import networkx as nx

        result: Mapping[str, float] = getattr(nx, name)(graph)
        return result

    return metric


BUILTIN_METRICS: dict[str, MetricFn] = {
    "betweenness_centrality": _networkx("betweenness_centrality"),
    "betweenness_centrality_subset": _subset_betweenness,
    "degree_centrality": _networkx("degree_centrality"),
    "in_degree_centrality": _networkx("in_degree_centrality"),
    "out_degree_centrality": _networkx("out_degree_centrality"),
    "closeness_centrality": _networkx("closeness_centrality"),
    "in_degree": lambda g, **_: dict(g.in_degree()),
    "out_degree": lambda g, **_: dict(g.out_degree()),
}

#: Metrics that take ``sources`` and ``targets`` role sets.
SUBSET_METRICS = frozenset({"betweenness_centrality_subset"})


def _projected(projection: str) -> nx.Graph:
    import networkx as nx

    if projection == "undirected":
        return nx.Graph()
    return nx.MultiDiGraph() if projection == "multi" else nx.DiGraph()


@dataclass(frozen=True)
class MetricTest(Condition):
    """Compute a metric per role; test the top role (``highest``) or roles' values."""

    algorithm: str
    fn: MetricFn = field(compare=False, hash=False)
    projection: str
    roles: RoleSelector
    flows: FlowSelector
    sources: RoleSelector | None
    targets: RoleSelector | None
    highest: RoleSelector | None
    subject: RoleSelector | None
    predicate: Predicate | None

    def _key(self) -> tuple[Any, ...]:
        return (
            "metric",
            self.algorithm,
            self.projection,
            self.roles,
            self.flows,
            self.sources,
            self.targets,
        )

    def _inputs(
        self, ctx: Context, env: Env
    ) -> tuple[list[str], list[tuple[str, str]], dict[str, Any]]:
        """The roles, the flows between them (as pairs; each pair once for the compiled
        metric, which parallel flows do not change) and the sources and targets."""
        nodes = list(self.roles.candidates(ctx, env))
        keep = set(nodes)
        edges = [(row[1], row[2]) for row in self.flows.select(ctx, env)]
        if self._compiled:
            edges = list(dict.fromkeys(edges))
        edges = [(u, v) for u, v in edges if u in keep and v in keep]
        extra: dict[str, Any] = {}
        if self.sources is not None and self.targets is not None:
            extra["sources"] = [r for r in self.sources.candidates(ctx, env) if r in keep]
            extra["targets"] = [r for r in self.targets.candidates(ctx, env) if r in keep]
        return nodes, edges, extra

    @property
    def _compiled(self) -> bool:
        """Whether a compiled library computes it (directed subset betweenness)."""
        return self.fn is _subset_betweenness and self.projection != "undirected"

    def start(self, ctx: Context) -> bool:
        """Start computing the values in forked workers, when large enough to share (other
        rules run meanwhile: :func:`start_metrics`); whether they are under way."""
        key = self._key()
        if (STARTED, key) in ctx.cache:
            return True
        if not self._compiled or key in ctx.cache:
            return False
        try:
            nodes, edges, extra = self._inputs(ctx, {})
        except Exception:  # noqa: BLE001 - e.g. a plugin's selector: its rule reports it
            return False
        job = start_subset_betweenness(nodes, edges, extra["sources"], extra["targets"])
        if job is None:  # too small to share: its rule computes it, from these inputs
            ctx.cache[INPUTS, key] = (nodes, edges, extra)
            return False
        ctx.cache[STARTED, key] = job
        return True

    def _values(self, ctx: Context, env: Env) -> Mapping[str, float]:
        key = self._key()
        if key in ctx.cache:
            cached: Mapping[str, float] = ctx.cache[key]
            return cached
        started = ctx.cache.pop((STARTED, key), None)
        if started is not None:
            found: Mapping[Any, float] = started.values()
        elif self._compiled:
            # Parallel flows never add shortest paths: a compiled library, no networkx graph.
            nodes, edges, extra = ctx.cache.pop((INPUTS, key), None) or self._inputs(ctx, env)
            found = subset_betweenness_lists(nodes, edges, extra["sources"], extra["targets"])
        else:
            nodes, edges, extra = self._inputs(ctx, env)
            graph = _projected(self.projection)
            graph.add_nodes_from(nodes)
            graph.add_edges_from(edges)
            found = self.fn(graph, **extra)
        values = {str(k): float(v) for k, v in found.items()}
        ctx.cache[key] = values
        return values

    def evaluate(self, ctx: Context, env: Env) -> Outcome:
        values = self._values(ctx, env)
        if self.highest is not None:
            return self._top(ctx, env, values)
        assert self.subject is not None and self.predicate is not None
        chosen = [r for r in self.subject.candidates(ctx, env) if r in values]
        passing = [r for r in chosen if self.predicate.test(ctx, values[r])]
        if self.predicate.quantifier == "all":  # every chosen role, not just one
            failing = [r for r in chosen if r not in passing]
            if chosen and not failing:
                return Outcome(True, tuple(self._fact(r, values[r]) for r in chosen))
            shown = tuple(self._fact(r, values[r]) for r in failing)
            return Outcome(False, shown, (unmet(self, env),))
        evidence = tuple(self._fact(r, values[r]) for r in (passing or chosen))
        if passing:
            return Outcome(True, evidence)
        return Outcome(False, evidence, (unmet(self, env),))

    def _top(self, ctx: Context, env: Env, values: Mapping[str, float]) -> Outcome:
        assert self.highest is not None
        best = max(values.values(), default=0.0)
        # Sums of path shares in another order may differ in the last bits: a tie is a tie.
        floor = best - abs(best) * TIE
        leaders = sorted(r for r, v in values.items() if v >= floor) if best > 0 else []
        winners = [r for r in leaders if self.highest.matches(ctx, r, env)]
        shown = winners or leaders
        evidence = tuple(self._fact(r, values[r]) for r in shown) + tuple(RoleRef(r) for r in shown)
        if winners:
            return Outcome(True, evidence)
        return Outcome(False, evidence, (unmet(self, env),))

    def _fact(self, role_id: str, value: float) -> Fact:
        return Fact(f"{self.algorithm}({role_id})", round(value, 6))

    def describe(self) -> str:
        if self.highest is not None:
            return f"{self.algorithm} is highest for {self.highest.describe()}"
        assert self.subject is not None and self.predicate is not None
        test = self.predicate.describe().split(" ", 1)[1]
        every = "every " if self.predicate.quantifier == "all" else ""
        return f"{self.algorithm} of {every}{self.subject.describe()} {test}"


@dataclass(frozen=True)
class Scope(Condition):
    """Bind each role matching ``roles`` as ``$name`` and test ``match`` for it."""

    roles: RoleSelector
    name: str
    quantifier: str
    match: Condition

    def evaluate(self, ctx: Context, env: Env) -> Outcome:
        results = []
        for role_id in self.roles.candidates(ctx, env):
            outcome = self.match.evaluate(ctx, {**env, self.name: role_id})
            if self.quantifier == "any" and outcome.ok:
                return Outcome(True, (RoleRef(role_id), *outcome.evidence))
            results.append((role_id, outcome))
        if self.quantifier == "all":
            failed = [(r, o) for r, o in results if not o.ok]
            if not failed:
                return Outcome(True, tuple(RoleRef(r) for r, _ in results))
            return Outcome(
                False,
                tuple(RoleRef(r) for r, _ in failed),
                tuple(_scoped(r, u) for r, o in failed for u in o.unmet),
            )
        if not results:
            missed = Unmet(f"a role: {self.roles.describe()}", RoleExists(self.roles), env)
            return Outcome(False, (), (missed,))
        unmets = tuple(_scoped(r, u) for r, o in results for u in o.unmet)
        return Outcome(False, tuple(RoleRef(r) for r, _ in results), unmets)

    def describe(self) -> str:
        every = "every" if self.quantifier == "all" else "some"
        return f"for {every} {self.roles.describe()} as ${self.name}: {self.match.describe()}"


def _scoped(role_id: str, inner: str) -> Unmet:
    """``inner`` as a scope reports it: prefixed with the bound role's id."""
    if isinstance(inner, Unmet):
        return Unmet(f"{role_id}: {inner}", inner.condition, inner.env, inner.found, inner.unstated)
    return Unmet(f"{role_id}: {inner}")


#: Marks a cache entry holding a metric under way in forked workers; and one holding the
#: inputs of a metric too small to start ahead.
STARTED, INPUTS = "started", "inputs"


def start_metrics(condition: Condition, ctx: Context) -> bool:
    """Start the large metrics ``condition`` holds in forked workers, so that this process
    evaluates other rules while they run; whether any is under way. :func:`stop_metrics`
    ends what no rule used."""
    return any([metric.start(ctx) for metric in _metric_tests(condition)])


def stop_metrics(ctx: Context) -> None:
    for key in [k for k in ctx.cache if isinstance(k, tuple) and k[:1] in ((STARTED,), (INPUTS,))]:
        left = ctx.cache.pop(key)
        if key[0] == STARTED:
            left.stop()


def _metric_tests(value: Any) -> Iterator[MetricTest]:
    """The metric tests inside a condition (any, all, not, scope... hold others)."""
    if isinstance(value, MetricTest):
        yield value
    elif isinstance(value, Condition) and dataclasses.is_dataclass(value):
        for part in dataclasses.fields(value):
            yield from _metric_tests(getattr(value, part.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _metric_tests(item)
