"""Write a network as CSV or JSON: one row per ``source,target`` with ``count`` and ``value``."""

from __future__ import annotations

import csv
import io
import json

from maturity.discover.handover import Network


def network_csv(network: Network) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "target", "count", "value"])
    for edge in network.edges:
        writer.writerow([edge.source, edge.target, edge.count, repr(edge.value)])
    return out.getvalue()


def network_json(network: Network) -> str:
    return json.dumps(network.as_dict(), ensure_ascii=False, indent=2) + "\n"


def render_network(network: Network, fmt: str) -> str:
    return network_json(network) if fmt == "json" else network_csv(network)
