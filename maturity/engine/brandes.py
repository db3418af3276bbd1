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

from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

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
#: Processes the slices may use (:func:`use_processes`); 0: one per usable core.
SETTINGS = {"processes": 0}


def use_processes(count: int) -> int:
    """Let one metric use up to ``count`` processes (0: one per usable core); returns the
    previous setting. A portfolio's workers use 1: the models already fill the cores."""
    previous = SETTINGS["processes"]
    SETTINGS["processes"] = max(0, count)
    return previous


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
    work = len(chosen) * (len(nodes) + len(pairs))
    if work > SMALL:
        import igraph

        graph = igraph.Graph(n=len(nodes), edges=pairs, directed=True)
        # In slices of sources: a rule's time limit can stop it between two calls.
        slices = [chosen[start : start + CHUNK] for start in range(0, len(chosen), CHUNK)]
        processes = _processes(len(slices)) if work > PARALLEL else 1
        parts = _sliced(graph, slices, ends, processes)
        totals = [0.0] * len(nodes)
        for values in parts:  # slice order, whichever process ran a slice: the same sums
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


def _processes(slices: int) -> int:
    """How many processes may share ``slices``: one per usable core, unless told otherwise
    or unsafe (no fork, or other threads running: a forked child would inherit their locks)."""
    import os
    import threading

    wanted = SETTINGS["processes"]
    if not wanted:
        affinity = getattr(os, "sched_getaffinity", None)
        wanted = len(affinity(0)) if affinity else (os.cpu_count() or 1)
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    return max(1, min(wanted, slices, 8))


def _sliced(graph: Any, slices: list[list[int]], ends: list[int], processes: int) -> list[Any]:
    """Each slice's betweenness values, in slice order. Slice ``i`` runs in process
    ``i % processes``: this one and forked children, each sending its values back through a
    pipe. A child that fails has its slices run here; an interrupt (a rule's time limit,
    Ctrl-C) stops the children before it goes on."""
    import os
    from array import array

    def run(i: int) -> list[float]:
        values: list[float] = graph.betweenness(directed=True, sources=slices[i], targets=ends)
        return values

    children: list[tuple[int, int, list[int]]] = []
    try:
        for worker in range(1, processes):
            mine = list(range(worker, len(slices), processes))
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: compute, send, leave without running any cleanup
                code = 1
                try:
                    os.close(read)
                    # All slices first: a pipe holds less than one slice's values, and the
                    # parent reads only once its own slices are done.
                    values = [array("d", run(i)).tobytes() for i in mine]
                    with os.fdopen(write, "wb") as out:
                        out.write(b"".join(values))
                    code = 0
                finally:
                    os._exit(code)
            os.close(write)
            children.append((pid, read, mine))
        results: dict[int, Any] = {i: run(i) for i in range(0, len(slices), processes)}
        size = graph.vcount() * 8
        while children:
            pid, read, mine = children[0]
            with open(read, "rb", closefd=False) as got:
                data = got.read()
            os.close(read)
            _, status = os.waitpid(pid, 0)
            children.pop(0)
            if status != 0 or len(data) != size * len(mine):
                results.update((i, run(i)) for i in mine)
                continue
            for k, i in enumerate(mine):
                results[i] = array("d", data[k * size : (k + 1) * size])
        return [results[i] for i in range(len(slices))]
    finally:
        for pid, read, _ in children:  # only if interrupted: stop and reap the rest
            _stop(pid, read)


def _stop(pid: int, read: int) -> None:
    import os
    import signal
    from contextlib import suppress

    with suppress(ProcessLookupError, ChildProcessError):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    with suppress(OSError):  # already closed: the child was being reaped
        os.close(read)
