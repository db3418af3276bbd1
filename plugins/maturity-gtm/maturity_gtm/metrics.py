"""The ``reach_within_two_hops`` metric: how much of the graph a role reaches in two hops.

Seed 000 makes product marketing a middle platform that serves the front office;
seed 003 says every hop a message takes adds, drops or distorts information.
Enablement may pass through one intermediary (PMM → marketing → sales) but a
role that needs three hops is not really served.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

HOPS = 2


def reach_within_two_hops(graph: nx.Graph, **_: Any) -> Mapping[str, float]:
    """Per role, the share (0–1) of the other roles of ``graph`` it reaches within two hops.

    ``graph`` is the projection the ``metric`` condition built: only the roles
    and flows its ``roles`` and ``flows`` selectors admit, so the share is of
    those roles. A graph of one role gives 0.
    """
    others = graph.number_of_nodes() - 1
    if others <= 0:
        return {str(node): 0.0 for node in graph}
    return {str(node): _reached(graph, node) / others for node in graph}


def _reached(graph: nx.Graph, node: Any) -> int:
    lengths = nx.single_source_shortest_path_length(graph, node, cutoff=HOPS)
    return len(lengths) - 1  # the role itself is at distance 0
