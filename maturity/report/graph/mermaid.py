"""The process graph written as a Mermaid flowchart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maturity.report.graph.dot import safe_ids
from maturity.report.graph.view import (
    _CONTROL,
    COLORS,
    FAMILIES,
    Overlay,
    build_view,
    edge_lines,
)

_MERMAID_SAFE = " .,:-_/+×·()"


def mermaid_text(value: Any) -> str:
    """Mermaid label text: everything but letters, digits and plain spaces as ``#code;``."""
    text = " ".join(_CONTROL.sub("", str(value)).split())
    return "".join(c if c.isalnum() or c in _MERMAID_SAFE else f"#{ord(c)};" for c in text)


def render_mermaid(data: Mapping[str, Any], lang: str) -> str:
    ids = safe_ids(r["id"] for r in data["roles"])
    nodes, edges = build_view(data, Overlay())
    lines = ["flowchart TB"]
    for node in nodes:
        lines.append(f'  {ids[node.id]}["{mermaid_text(node.name)}"]')
    for edge in edges:
        label = "<br/>".join(mermaid_text(line) for line in edge_lines(edge, lang))
        lines.append(f'  {ids[edge.source]} -->|"{label}"| {ids[edge.target]}')
    for fam in FAMILIES:
        members = [ids[n.id] for n in nodes if n.family == fam]
        if members:
            fill, stroke = COLORS[fam]
            lines.append(f"  classDef fam_{fam} fill:{fill},stroke:{stroke},color:#0f172a")
            lines.append(f"  class {','.join(members)} fam_{fam}")
    return "\n".join(lines) + "\n"
