"""The process graph: drawn as SVG, written as Graphviz DOT and Mermaid.

``view`` (what is drawn) → ``layout`` (where roles go) → ``routing`` (how
arrows run) → ``svg``; ``dot`` and ``mermaid`` write text for other tools.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maturity.report.graph.dot import render_dot
from maturity.report.graph.mermaid import render_mermaid
from maturity.report.graph.svg import render_svg


def draw(data: Mapping[str, Any], fmt: str, lang: str) -> str:
    """The graph alone in ``fmt``: ``dot``, ``mermaid`` or ``svg`` (a standalone file)."""
    if fmt == "dot":
        return render_dot(data, lang)
    if fmt == "mermaid":
        return render_mermaid(data, lang)
    if fmt == "svg":
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + render_svg(data, lang, standalone=True)
    raise ValueError(f"unknown graph format {fmt!r}")
