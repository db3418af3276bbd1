"""Subset betweenness (Brandes) over integer-indexed adjacency lists.

The same numbers as ``networkx.betweenness_centrality_subset(G, sources,
targets, normalized=False)``, bit for bit: the same breadth-first order, the
same sums in the same order; only the bookkeeping is cheaper (lists indexed
by node number instead of dicts, predecessors read from the reverse adjacency
instead of a list per node and per source). The metric costs one BFS per
source, O(sources × (roles + flows)): the slowest rule on large models, so directed
graphs go to igraph's compiled implementation (:func:`subset_betweenness_lists`), its
slices of sources shared among the machine's cores when the work is large.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from maturity.engine import forked
from maturity.engine.forked import Slices

if TYPE_CHECKING:
    import networkx as nx


def _adjacency(graph: nx.Graph) -> tuple[list[Hashable], list[list[int]], list[list[int]]]:
    nodes = list(graph)
    number = {node: i for i, node in enumerate(nodes)}
    succ = [[number[w] for w in graph[v]] for v in nodes]
    pred: list[list[int]] = [[] for _ in nodes]
    for v, targets in enumerate(succ):
        for w in targets:
            pred[w].append(v)
    return nodes, succ, pred


def _from_source(
    s: int, succ: list[list[int]], pred: list[list[int]], is_target: bytearray, b: list[float]
) -> None:
    """One source: BFS counting shortest paths, then dependencies accumulated into ``b``."""
    n = len(succ)
    dist = [-1] * n
    sigma = [0.0] * n
    dist[s] = 0
    sigma[s] = 1.0
    order = [s]
    for v in order:  # the list grows while it is read: a FIFO queue
        after = dist[v] + 1
        paths = sigma[v]
        for w in succ[v]:
            seen = dist[w]
            if seen < 0:
                dist[w] = after
                sigma[w] = paths
                order.append(w)
            elif seen == after:
                sigma[w] += paths
    delta = [0.0] * n
    for w in reversed(order):
        if w == s:
            continue
        coeff = ((delta[w] + 1.0) if is_target[w] else delta[w]) / sigma[w]
        before = dist[w] - 1
        for v in pred[w]:
            if dist[v] == before:
                delta[v] += sigma[v] * coeff
        b[w] += delta[w]


def subset_betweenness(
    graph: nx.Graph, sources: Iterable[Hashable], targets: Iterable[Hashable]
) -> dict[Hashable, float]:
    """``betweenness_centrality_subset(graph, sources, targets, normalized=False)``."""
    nodes, succ, pred = _adjacency(graph)
    number = {node: i for i, node in enumerate(nodes)}
    is_target = bytearray(len(nodes))
    for t in targets:
        if t in number:
            is_target[number[t]] = 1
    b = [0.0] * len(nodes)
    for s in sources:
        _from_source(number[s], succ, pred, is_target, b)
    if not graph.is_directed() and len(nodes) - 1 >= 2:
        scale = (len(nodes) - 1) / ((len(nodes) - 1) * 2)
        b = [value * scale for value in b]
    return dict(zip(nodes, b, strict=True))


#: Work (sources × (roles + flows)) up to which pure Python beats importing igraph.
SMALL = 2_000_000
#: Sources per igraph call (the sums of the slices are added up, always in slice order).
CHUNK = 512
#: Work from which the slices are shared among the machine's cores (forked processes).
PARALLEL = 20_000_000


class Betweenness:
    """A subset betweenness computed, or under way in forked workers: :meth:`values`."""

    def __init__(self, nodes: Sequence[Hashable], found: list[float] | None,
                 slices: Slices | None = None):  # fmt: skip
        self.nodes, self.found, self.slices = nodes, found, slices

    def values(self) -> dict[Hashable, float]:
        if self.found is None:
            assert self.slices is not None
            totals = [0.0] * len(self.nodes)
            for part in self.slices.results():  # slice order, whoever ran it: the same sums
                totals = [a + b for a, b in zip(totals, part, strict=True)]
            self.found = totals
        return dict(zip(self.nodes, self.found, strict=True))

    def stop(self) -> None:
        if self.slices is not None:
            self.slices.stop()


def subset_betweenness_lists(
    nodes: Sequence[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    sources: Iterable[Hashable],
    targets: Iterable[Hashable],
) -> dict[Hashable, float]:
    """The same values for the directed graph ``nodes`` + ``edges`` (parallel edges once),
    without a networkx graph: exact, never sampled. Large graphs go to igraph's
    compiled Brandes, their slices of sources shared among the cores; small ones stay
    here (bit for bit networkx's sums)."""
    job = _betweenness(nodes, edges, sources, targets, ahead=False)
    assert job is not None
    return job.values()


def start_subset_betweenness(
    nodes: Sequence[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    sources: Iterable[Hashable],
    targets: Iterable[Hashable],
) -> Betweenness | None:
    """:func:`subset_betweenness_lists` started in forked workers, this process left free
    until it asks for the values; ``None`` when the work is too small to share."""
    return _betweenness(nodes, edges, sources, targets, ahead=True)


def _betweenness(
    nodes: Sequence[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    sources: Iterable[Hashable],
    targets: Iterable[Hashable],
    ahead: bool,
) -> Betweenness | None:
    number = {node: i for i, node in enumerate(nodes)}
    pairs = list(dict.fromkeys((number[u], number[v]) for u, v in edges))
    chosen = [number[s] for s in sources if s in number]
    ends = [number[t] for t in targets if t in number]
    if not chosen or not ends:
        return None if ahead else Betweenness(nodes, [0.0] * len(nodes))
    work = len(chosen) * (len(nodes) + len(pairs))
    if work > SMALL:
        workers = forked.processes(-(-len(chosen) // CHUNK)) if work > PARALLEL else 1
        if ahead and workers < 2:
            return None
        # In slices of sources: a rule's time limit can stop it between two calls.
        parts = [chosen[start : start + CHUNK] for start in range(0, len(chosen), CHUNK)]
        pruned = _Pruned(len(nodes), pairs, chosen, ends)
        slices = Slices(pruned.run_on(parts), len(parts), len(nodes), workers, not ahead)
        return Betweenness(nodes, None, slices)
    if ahead:
        return None
    succ: list[list[int]] = [[] for _ in nodes]
    pred: list[list[int]] = [[] for _ in nodes]
    for u, v in pairs:
        succ[u].append(v)
    for v, targets_of_v in enumerate(succ):
        for w in targets_of_v:
            pred[w].append(v)
    is_target = bytearray(len(nodes))
    for t in ends:
        is_target[t] = 1
    b = [0.0] * len(nodes)
    for s in chosen:
        _from_source(s, succ, pred, is_target, b)
    return Betweenness(nodes, b)


class _Pruned:
    """igraph's graph of the roles on some path from a source to a target: the others add
    nothing to any value, and the breadth-first order of the rest is unchanged (the same
    sums). Built on first use in each process that runs slices: forked workers build
    their own, so the process that forks them needs neither igraph nor the graph."""

    def __init__(self, count: int, pairs: list[tuple[int, int]], sources: list[int],
                 targets: list[int]):  # fmt: skip
        self.count, self.pairs, self.sources, self.targets = count, pairs, sources, targets
        self.built: tuple[Any, dict[int, int], list[int]] | None = None

    def _build(self) -> tuple[Any, dict[int, int], list[int]]:
        import igraph

        count, pairs = self.count, self.pairs
        first, last = count, count + 1
        around = [(first, s) for s in self.sources] + [(t, last) for t in self.targets]
        whole = igraph.Graph(n=count + 2, edges=pairs + around, directed=True)
        reached = set(whole.subcomponent(first, mode="out"))
        reaching = set(whole.subcomponent(last, mode="in"))
        alive = sorted((reached & reaching) - {first, last})
        new = {number: i for i, number in enumerate(alive)}
        kept = [(new[u], new[v]) for u, v in pairs if u in new and v in new]
        graph = igraph.Graph(n=len(alive), edges=kept, directed=True)
        return graph, new, [new[t] for t in self.targets if t in new]

    def run_on(self, parts: list[list[int]]) -> Callable[[int], list[float]]:
        """The values of slice ``i`` of ``parts``, for every role (0 for those left out: a
        source left out adds nothing, so each slice sums what it summed with it)."""

        def run(i: int) -> list[float]:
            if self.built is None:
                self.built = self._build()
            graph, new, stops = self.built
            values = [0.0] * self.count
            starts = [new[s] for s in parts[i] if s in new]
            if starts:
                found = graph.betweenness(directed=True, sources=starts, targets=stops)
                for number, value in zip(new, found, strict=True):
                    values[number] = value
            return values

        return run
