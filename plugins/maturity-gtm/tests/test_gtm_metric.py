"""``reach_within_two_hops`` on small graphs, and as rules see it."""

from __future__ import annotations

import networkx as nx
import pytest
from maturity_gtm.metrics import reach_within_two_hops


def test_a_chain() -> None:
    graph = nx.DiGraph([("pmm", "m"), ("m", "s"), ("s", "cs")])
    reach = reach_within_two_hops(graph)
    assert reach == pytest.approx({"pmm": 2 / 3, "m": 2 / 3, "s": 1 / 3, "cs": 0.0})


def test_direction_matters() -> None:
    graph = nx.DiGraph([("s", "pmm")])
    assert reach_within_two_hops(graph) == {"s": 1.0, "pmm": 0.0}


def test_a_hub_reaches_everyone() -> None:
    graph = nx.DiGraph([("pmm", r) for r in ("s", "cs", "hotline", "partners")])
    assert reach_within_two_hops(graph)["pmm"] == 1.0


def test_isolated_roles_count_in_the_denominator() -> None:
    graph = nx.DiGraph([("pmm", "s")])
    graph.add_node("cs")
    assert reach_within_two_hops(graph)["pmm"] == 0.5


@pytest.mark.parametrize("nodes", [[], ["pmm"]])
def test_degenerate_graphs(nodes: list[str]) -> None:
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    assert reach_within_two_hops(graph) == dict.fromkeys(nodes, 0.0)


def test_parallel_flows_and_undirected_projections() -> None:
    multi = nx.MultiDiGraph([("pmm", "s"), ("pmm", "s"), ("s", "cs")])
    assert reach_within_two_hops(multi)["pmm"] == 1.0
    undirected = nx.Graph([("s", "pmm"), ("cs", "s")])
    assert reach_within_two_hops(undirected)["cs"] == 1.0
