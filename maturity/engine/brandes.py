"""Subset betweenness (Brandes) over integer-indexed adjacency lists.

The same numbers as ``networkx.betweenness_centrality_subset(G, sources,
targets, normalized=False)``, bit for bit: the same breadth-first order, the
same sums in the same order; only the bookkeeping is cheaper (lists indexed
by node number instead of dicts, predecessors read from the reverse adjacency
instead of a list per node and per source). The metric costs one BFS per
source, O(sources × (roles + flows)): the slowest rule on large models, so directed
graphs go to igraph's compiled implementation (:func:`subset_betweenness_lists`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING

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
#: Sources per igraph call (the sums of the slices are added up).
CHUNK = 512


def subset_betweenness_lists(
    nodes: Sequence[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    sources: Iterable[Hashable],
    targets: Iterable[Hashable],
) -> dict[Hashable, float]:
    """The same values for the directed graph ``nodes`` + ``edges`` (parallel edges once),
    without a networkx graph: exact, never sampled. Large graphs go to igraph's
    compiled Brandes; small ones stay here (bit for bit networkx's sums)."""
    number = {node: i for i, node in enumerate(nodes)}
    pairs = list(dict.fromkeys((number[u], number[v]) for u, v in edges))
    chosen = [number[s] for s in sources if s in number]
    ends = [number[t] for t in targets if t in number]
    if not chosen or not ends:
        return dict.fromkeys(nodes, 0.0)
    if len(chosen) * (len(nodes) + len(pairs)) > SMALL:
        import igraph

        graph = igraph.Graph(n=len(nodes), edges=pairs, directed=True)
        totals = [0.0] * len(nodes)
        # In slices of sources: a rule's time limit can stop it between two calls.
        for start in range(0, len(chosen), CHUNK):
            part = chosen[start : start + CHUNK]
            values = graph.betweenness(directed=True, sources=part, targets=ends)
            totals = [a + b for a, b in zip(totals, values, strict=True)]
        return dict(zip(nodes, totals, strict=True))
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
    return dict(zip(nodes, b, strict=True))
