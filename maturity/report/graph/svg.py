"""The process graph drawn as SVG: boxes, arrows, labels and a legend (a Jinja2 template)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from maturity.i18n import t
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
    kind_label,
    needs_summary,
    summarize,
    summary_note,
)

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


def _edge(item: Route, lang: str) -> dict[str, Any]:
    color, dash = _STYLE[item.edge.style]
    return {"style": item.edge.style, "d": _path(item.segments), "color": color, "dash": dash,
            "width": "2" if item.edge.style == "failing" else "1.4",
            "tip": " · ".join(edge_lines(item.edge, lang))}  # fmt: skip


def _label(item: Route, box: Box, lang: str) -> dict[str, Any]:
    color = _STYLE[item.edge.style][0] if item.edge.style != "flow" else "#334155"
    texts = [(_num(box.cx), _num(box.y + LINE * (k + 1) - 1), line)
             for k, line in enumerate(edge_lines(item.edge, lang))]  # fmt: skip
    return {"color": color, "x": _num(box.x), "y": _num(box.y), "w": _num(box.w),
            "h": _num(box.h), "texts": texts}  # fmt: skip


def _node(node: Node, box: Box, lines: Sequence[str], lang: str) -> dict[str, Any]:
    fill, stroke = COLORS[node.family]
    first = box.cy - LINE * 1.25 * (len(lines) - 1) / 2 + NODE_FONT * 0.36
    texts = [(_num(box.cx), _num(first + LINE * 1.25 * k), line) for k, line in enumerate(lines)]
    return {
        "id": node.id, "proposed": node.proposed, "texts": texts,
        "tip": f"{node.name} ({node.id}) — {kind_label(node.kind, lang, 'role_kind')}",
        "x": _num(box.x), "y": _num(box.y), "w": _num(box.w), "h": _num(box.h),
        "fill": fill if not node.proposed else "#ffffff", "stroke": stroke,
    }  # fmt: skip


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


def _legend_mark(item: str, x: float, y: float) -> dict[str, Any]:
    kind, name = item.split(":")
    mark: dict[str, Any] = {"kind": kind, "name": name, "x": _num(x), "y": _num(y - 9)}
    if kind == "family":
        mark["fill"], mark["stroke"] = COLORS[name]
    elif kind == "edge":
        mark["color"], mark["dash"] = _STYLE[name]
        mark["y"], mark["x2"] = _num(y - 3), _num(x + 18)
    return mark


def _legend(items: Sequence[str], lang: str, width: float, top: float) -> tuple[list[Any], float]:
    marks, x, y = [], MARGIN, top + 14
    for item in items:
        label = _legend_label(item, lang)
        span = 26 + text_width(label, 11) + 18
        if x + span > width - MARGIN and x > MARGIN:
            x, y = MARGIN, y + 20
        marks.append({**_legend_mark(item, x, y), "label": label, "text_x": _num(x + 24),
                      "text_y": _num(y)})  # fmt: skip
        x += span
    return marks, y + 12


def render_svg(
    data: Mapping[str, Any],
    lang: str,
    overlay: Overlay | None = None,
    standalone: bool = False,
    note: str = "",
) -> str:
    """The process graph as one ``<svg>`` element, styled inline (no CSS, no fonts): the
    template ``templates/graph.svg.j2``, escaping on by default.

    Inside HTML the element needs no namespace (the parser gives it), so a page
    carries no URL at all; a ``standalone`` file declares it. A large graph is drawn
    as a summary, one box per role kind (see :func:`~maturity.report.graph.view.summarize`),
    and its title says so (``note``: the summary's note, when the caller summarised).
    """
    from maturity.report.templating import render

    overlay = overlay or Overlay()
    if needs_summary(data, overlay):
        data, overlay, summary = summarize(data, overlay, lang)
        note = summary_note(summary, lang)
    note = f" — {note}" if note else ""
    nodes, edges = build_view(data, overlay)
    lay = layout(nodes, edges, lang)
    routes = route(edges, lay)
    routes.sort(key=lambda r: ("flow", "failing", "proposed").index(r.edge.style))
    labels = place_labels(routes, lay, lang)
    legend, bottom = _legend(_legend_items(nodes, edges, lang), lang, lay.width, lay.height - 20)
    height = bottom + MARGIN / 2
    return render(
        "graph.svg.j2",
        namespace=Markup(SVG_NS if standalone else ""),
        width=_num(lay.width),
        height=_num(height),
        font=FONT,
        title=t("graph_title", lang, name=data.get("name", "")) + note,
        markers=[(style, color) for style, (color, _) in sorted(_STYLE.items())],
        edges=[_edge(r, lang) for r in routes],
        nodes=[_node(n, lay.boxes[n.id], lay.lines[n.id], lang) for n in nodes],
        label_font=LABEL_FONT,
        labels=[_label(r, b, lang) for r, b in zip(routes, labels, strict=True)],
        legend=legend,
    )
