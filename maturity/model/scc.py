"""Strongly connected components without building a graph object.

An iterative Tarjan over plain adjacency dicts, linear in nodes and edges. It
walks nodes and neighbours in the dicts' order, depth first, and yields each
component when the walk leaves its root: the order networkx's
``strongly_connected_components`` yields them for a graph built from the same
edges in the same order (a component's members as a set, order-free).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import TypeVar

N = TypeVar("N", bound=Hashable)


def adjacency(edges: Iterable[tuple[N, N]]) -> dict[N, list[N]]:
    """``{node: [successors]}`` in first-seen order, parallel edges once (as ``nx.DiGraph``)."""
    succ: dict[N, dict[N, None]] = {}
    for u, v in edges:
        targets = succ.get(u)
        if targets is None:  # no empty dict made (and dropped) for every edge
            succ[u] = {v: None}
        else:
            targets[v] = None
        if v not in succ:
            succ[v] = {}
    return {node: list(targets) for node, targets in succ.items()}


def strongly_connected(succ: Mapping[N, list[N]]) -> Iterator[set[N]]:
    """Each strongly connected component of the graph ``succ`` (every node a key)."""
    number: dict[N, int] = {}
    low: dict[N, int] = {}
    stack: list[N] = []
    done: set[N] = set()
    for root in succ:
        if root in number:
            continue
        number[root] = low[root] = len(number)
        stack.append(root)
        walk = [(root, iter(succ[root]))]
        while walk:
            node, todo = walk[-1]
            for nxt in todo:
                if nxt not in number:
                    number[nxt] = low[nxt] = len(number)
                    stack.append(nxt)
                    walk.append((nxt, iter(succ[nxt])))
                    break
                if nxt not in done:
                    low[node] = min(low[node], number[nxt])
            else:
                walk.pop()
                if walk:
                    parent = walk[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == number[node]:
                    component: set[N] = set()
                    while True:
                        member = stack.pop()
                        component.add(member)
                        done.add(member)
                        if member == node:
                            break
                    yield component
