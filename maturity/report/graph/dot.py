"""The process graph written as Graphviz DOT."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from maturity.report.graph.layout import family_rows
from maturity.report.graph.view import _CONTROL, COLORS, Overlay, build_view, edge_lines

# ---------------------------------------------------------------- DOT and Mermaid


def safe_ids(ids: Iterable[str]) -> dict[str, str]:
    """Role id → an identifier safe in DOT and Mermaid (``r_`` + [A-Za-z0-9_]), unique."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for rid in sorted(set(ids)):
        base = "r_" + re.sub(r"[^A-Za-z0-9_]", "_", rid)
        name, n = base, 2
        while name in used:
            name, n = f"{base}_{n}", n + 1
        used.add(name)
        out[rid] = name
    return out


def _rows_by_id(data: Mapping[str, Any]) -> list[list[str]]:
    nodes, _ = build_view(data, Overlay())
    return family_rows(nodes)


def dot_text(value: Any) -> str:
    """A DOT double-quoted string body: backslashes and quotes escaped, one line."""
    text = " ".join(_CONTROL.sub("", str(value)).split())
    return text.replace("\\", "\\\\").replace('"', '\\"')


def render_dot(data: Mapping[str, Any], lang: str) -> str:
    ids = safe_ids(r["id"] for r in data["roles"])
    nodes, edges = build_view(data, Overlay())
    lines = [
        "digraph maturity {",
        f'  graph [label="{dot_text(data.get("name", ""))}", labelloc=t, fontname="sans-serif"];',
        '  node [shape=box, style="rounded,filled", fontname="sans-serif"];',
        '  edge [fontname="sans-serif", fontsize=10, color="#64748b"];',
    ]
    for node in nodes:
        fill, stroke = COLORS[node.family]
        style = f'fillcolor="{fill}", color="{stroke}"'
        lines.append(f'  {ids[node.id]} [label="{dot_text(node.name)}", {style}];')
    for row in _rows_by_id(data):
        if len(row) > 1:
            lines.append("  { rank=same; " + " ".join(ids[n] for n in row) + "; }")
    for edge in edges:
        label = "\\n".join(dot_text(line) for line in edge_lines(edge, lang))
        lines.append(f'  {ids[edge.source]} -> {ids[edge.target]} [label="{label}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"
