"""The process graph drawn as SVG: boxes, arrows, labels and a legend."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from maturity.report.graph.layout import Box, layout, text_width
from maturity.report.graph.routing import Route, Segment, place_labels, route
from maturity.report.graph.view import (
    COLORS,
    EDGE,
    FAILING,
    FAMILIES,
    FONT,
    LABEL_FONT,
    LINE,
    MARGIN,
    NODE_FONT,
    PROPOSED,
    SVG_NS,
    Edge,
    Node,
    Overlay,
    build_view,
    edge_lines,
    esc,
    kind_label,
    needs_summary,
    summarize,
    summary_note,
)
from maturity.report.i18n import t

# ---------------------------------------------------------------- drawing


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _path(segments: Sequence[Segment]) -> str:
    (x0, y0) = segments[0][0]
    parts = [f"M{_num(x0)},{_num(y0)}"]
    for _, (x1, y1), (x2, y2), (x3, y3) in segments:
        parts.append(f"C{_num(x1)},{_num(y1)} {_num(x2)},{_num(y2)} {_num(x3)},{_num(y3)}")
    return " ".join(parts)


_STYLE = {"flow": (EDGE, ""), "failing": (FAILING, ""), "proposed": (PROPOSED, "6 4")}


def _markers() -> str:
    parts = []
    for style, (color, _) in sorted(_STYLE.items()):
        parts.append(
            f'<marker id="mt-arrow-{style}" viewBox="0 0 10 10" refX="9.5" refY="5" '
            f'markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>'
        )
    return "<defs>" + "".join(parts) + "</defs>"


def _draw_edge(item: Route, lang: str) -> str:
    color, dash = _STYLE[item.edge.style]
    width = "2" if item.edge.style == "failing" else "1.4"
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    tip = " · ".join(edge_lines(item.edge, lang))
    return (
        f'<path class="edge edge-{item.edge.style}" d="{_path(item.segments)}" fill="none" '
        f'stroke="{color}" stroke-width="{width}"{dashed} '
        f'marker-end="url(#mt-arrow-{item.edge.style})"><title>{esc(tip)}</title></path>'
    )


def _draw_label(item: Route, box: Box, lang: str) -> str:
    color = _STYLE[item.edge.style][0] if item.edge.style != "flow" else "#334155"
    texts = "".join(
        f'<text x="{_num(box.cx)}" y="{_num(box.y + LINE * (k + 1) - 1)}">{esc(line)}</text>'
        for k, line in enumerate(edge_lines(item.edge, lang))
    )
    return (
        f'<g class="edge-label" fill="{color}"><rect x="{_num(box.x)}" y="{_num(box.y)}" '
        f'width="{_num(box.w)}" height="{_num(box.h)}" rx="3" fill="#ffffff" '
        f'fill-opacity="0.88"/>{texts}</g>'
    )


def _draw_node(node: Node, box: Box, lines: Sequence[str], lang: str) -> str:
    fill, stroke = COLORS[node.family]
    dashed = ' stroke-dasharray="5 3"' if node.proposed else ""
    first = box.cy - LINE * 1.25 * (len(lines) - 1) / 2 + NODE_FONT * 0.36
    texts = "".join(
        f'<text x="{_num(box.cx)}" y="{_num(first + LINE * 1.25 * k)}">{esc(line)}</text>'
        for k, line in enumerate(lines)
    )
    tip = f"{node.name} ({node.id}) — {kind_label(node.kind, lang, 'role_kind')}"
    return (
        f'<g class="node{" node-proposed" if node.proposed else ""}" data-role="{esc(node.id)}">'
        f"<title>{esc(tip)}</title>"
        f'<rect x="{_num(box.x)}" y="{_num(box.y)}" width="{_num(box.w)}" '
        f'height="{_num(box.h)}" rx="8" fill="{fill if not node.proposed else "#ffffff"}" '
        f'stroke="{stroke}" stroke-width="1.5"{dashed}/>{texts}</g>'
    )


def _legend_items(nodes: Sequence[Node], edges: Sequence[Edge], lang: str) -> list[str]:
    present = {n.family for n in nodes}
    items = [f"family:{f}" for f in FAMILIES if f in present]
    styles = {e.style for e in edges}
    items += [f"edge:{s}" for s in ("flow", "failing", "proposed") if s in styles]
    if any(n.proposed for n in nodes):
        items.append("node:proposed")
    return items


def _legend_label(item: str, lang: str) -> str:
    kind, name = item.split(":")
    if kind == "family":
        return t(f"family.{name}", lang)
    if kind == "node":
        return t("legend_new_role", lang)
    return t(
        {"flow": "legend_flow", "failing": "legend_failing", "proposed": "legend_proposed"}[name],
        lang,
    )


def _legend_mark(item: str, x: float, y: float) -> str:
    kind, name = item.split(":")
    if kind == "family":
        fill, stroke = COLORS[name]
        return (
            f'<rect x="{_num(x)}" y="{_num(y - 9)}" width="18" height="12" rx="3" '
            f'fill="{fill}" stroke="{stroke}"/>'
        )
    if kind == "node":
        return (
            f'<rect x="{_num(x)}" y="{_num(y - 9)}" width="18" height="12" rx="3" fill="#ffffff" '
            f'stroke="#475569" stroke-dasharray="4 2"/>'
        )
    color, dash = _STYLE[name]
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<path d="M{_num(x)},{_num(y - 3)} L{_num(x + 18)},{_num(y - 3)}" stroke="{color}" '
        f'stroke-width="2"{dashed} marker-end="url(#mt-arrow-{name})"/>'
    )


def _legend(items: Sequence[str], lang: str, width: float, top: float) -> tuple[str, float]:
    parts, x, y = [], MARGIN, top + 14
    for item in items:
        label = _legend_label(item, lang)
        span = 26 + text_width(label, 11) + 18
        if x + span > width - MARGIN and x > MARGIN:
            x, y = MARGIN, y + 20
        parts.append(_legend_mark(item, x, y))
        parts.append(f'<text x="{_num(x + 24)}" y="{_num(y)}">{esc(label)}</text>')
        x += span
    body = f'<g class="legend" font-size="11" fill="#334155">{"".join(parts)}</g>'
    return body, y + 12


def render_svg(
    data: Mapping[str, Any], lang: str, overlay: Overlay | None = None, standalone: bool = False
) -> str:
    """The process graph as one ``<svg>`` element, styled inline (no CSS, no fonts).

    Inside HTML the element needs no namespace (the parser gives it), so a page
    carries no URL at all; a ``standalone`` file declares it. A large graph is drawn
    as a summary, one box per role kind (see :func:`~maturity.report.graph.view.summarize`),
    and its title says so.
    """
    overlay = overlay or Overlay()
    note = ""
    if needs_summary(data, overlay):
        data, overlay, summary = summarize(data, overlay, lang)
        note = " — " + summary_note(summary, lang)
    nodes, edges = build_view(data, overlay)
    lay = layout(nodes, edges, lang)
    routes = route(edges, lay)
    routes.sort(key=lambda r: ("flow", "failing", "proposed").index(r.edge.style))
    labels = place_labels(routes, lay, lang)
    legend, bottom = _legend(_legend_items(nodes, edges, lang), lang, lay.width, lay.height - 20)
    height = bottom + MARGIN / 2
    title = t("graph_title", lang, name=data.get("name", ""))
    body = [
        f'<svg{SVG_NS if standalone else ""} class="process-graph" role="img" '
        f'viewBox="0 0 {_num(lay.width)} {_num(height)}" width="{_num(lay.width)}" '
        f'height="{_num(height)}" font-family="{esc(FONT)}">',
        f"<title>{esc(title + note)}</title>",
        _markers(),
        '<g class="edges">' + "".join(_draw_edge(r, lang) for r in routes) + "</g>",
        '<g class="nodes" font-size="12.5" fill="#0f172a" text-anchor="middle">'
        + "".join(_draw_node(n, lay.boxes[n.id], lay.lines[n.id], lang) for n in nodes)
        + "</g>",
        f'<g class="labels" font-size="{LABEL_FONT}" text-anchor="middle">'
        + "".join(_draw_label(r, b, lang) for r, b in zip(routes, labels, strict=True))
        + "</g>",
        legend,
        "</svg>",
    ]
    return "\n".join(body) + "\n"
