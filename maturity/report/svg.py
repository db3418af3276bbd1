"""The process graph drawn as SVG, and written as Graphviz DOT and Mermaid.

Everything works from *graph data*: ``{"name", "roles": [{id, kind, name,
parent}], "flows": [{index, from, to, kind, name}]}`` (see :func:`graph_data`).

The layout is written by hand because networkx's layouts need numpy. Roles sit
in rows by family — leadership, product side, marketing and PMM, the front
line and support, customers — ordered within a row by the barycenter of their
neighbours to cut crossings, long rows wrapped. Parallel flows between two
roles merge into one arrow with one label line per flow kind. Every step sorts
with the role id as the last key, so the drawing is deterministic.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import networkx as nx

from maturity.report.i18n import STRINGS, t

#: Role kind → family; a kind a plugin adds falls into ``other``.
KIND_FAMILY = {
    "ceo": "leadership", "sales_lead": "leadership", "cs_lead": "leadership",
    "product": "product", "rnd": "product", "product_ops": "product",
    "marketing": "marketing", "pmm": "marketing", "virtual_team": "marketing",
    "sales": "front_line", "presales": "front_line", "sdr": "front_line",
    "channel": "front_line",
    "customer_success": "service", "support": "service", "implementation": "service",
    "customer": "customer",
}  # fmt: skip

#: Rows from top to bottom, each holding the families drawn in it, left to right.
ROWS = (
    ("leadership",),
    ("product",),
    ("marketing", "other"),
    ("front_line", "service"),
    ("customer",),
)
FAMILIES = tuple(f for row in ROWS for f in row)

#: Family → (fill, stroke). Muted fills so that red and dashed arrows stand out.
COLORS = {
    "leadership": ("#f3e8ff", "#7e22ce"),
    "product": ("#e0e7ff", "#4338ca"),
    "marketing": ("#ffedd5", "#c2410c"),
    "front_line": ("#e0f2fe", "#0369a1"),
    "service": ("#ccfbf1", "#0f766e"),
    "customer": ("#fef9c3", "#a16207"),
    "other": ("#f5f5f4", "#78716c"),
}
EDGE = "#64748b"
FAILING = "#dc2626"
PROPOSED = "#15803d"
FONT = (
    "'Noto Sans', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', "
    "'Microsoft YaHei', 'Helvetica Neue', Arial, sans-serif"
)

NODE_FONT = 12.5
LABEL_FONT = 10.5
LINE = 13.0
MAX_PER_ROW = 6
MAX_NODE_TEXT = 132.0
H_GAP = 48.0
MARGIN = 22.0

SVG_NS = ' xmlns="http://www.w3.org/2000/svg"'
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def esc(value: Any) -> str:
    """``value`` as XML/HTML text or attribute (quotes too); control characters dropped."""
    return html.escape(_CONTROL.sub("", str(value)), quote=True)


def family(kind: str) -> str:
    return KIND_FAMILY.get(kind, "other")


def kind_label(kind: str, lang: str, prefix: str = "flow_kind") -> str:
    """A built-in kind in words (``bug report``, ``Bug反馈``); a plugin's kind as it is."""
    key = f"{prefix}.{kind}"
    return t(key, lang) if key in STRINGS else str(kind)


def graph_data(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The plain data every drawing here works from, in model order."""
    roles = [
        {"id": str(node), "kind": str(attrs.get("kind", "")),
         "name": str(attrs.get("name", node)), "parent": attrs.get("parent")}
        for node, attrs in graph.nodes(data=True)
    ]  # fmt: skip
    flows = [
        {"index": key, "from": str(u), "to": str(v), "kind": str(attrs.get("kind", "")),
         "name": attrs.get("name")}
        for u, v, key, attrs in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2])
    ]  # fmt: skip
    organization = graph.graph.get("organization", {})
    return {"name": str(organization.get("name", "")), "roles": roles, "flows": flows}


# ---------------------------------------------------------------- the view


@dataclass(frozen=True)
class Overlay:
    """What an assessment adds to the drawing: failing evidence and proposed changes."""

    failing: frozenset[int] = frozenset()
    new_roles: tuple[Mapping[str, Any], ...] = ()
    new_flows: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    kind: str
    proposed: bool = False

    @property
    def family(self) -> str:
        return family(self.kind)


@dataclass(frozen=True)
class Edge:
    """All flows from ``source`` to ``target`` of one style, merged into one arrow."""

    source: str
    target: str
    kinds: tuple[str, ...]
    style: str = "flow"  # flow | failing | proposed


def build_view(data: Mapping[str, Any], overlay: Overlay) -> tuple[list[Node], list[Edge]]:
    nodes = [Node(r["id"], r.get("name") or r["id"], r["kind"]) for r in data["roles"]]
    known = {n.id for n in nodes}
    for role in overlay.new_roles:
        if role["id"] not in known:
            nodes.append(Node(role["id"], role.get("name") or role["id"], role["kind"], True))
            known.add(role["id"])
    groups: dict[tuple[str, str, str], list[str]] = {}
    for flow in data["flows"]:
        style = "failing" if flow["index"] in overlay.failing else "flow"
        groups.setdefault((flow["from"], flow["to"], style), []).append(flow["kind"])
    for source, target, kind in overlay.new_flows:
        groups.setdefault((source, target, "proposed"), []).append(kind)
    # A pair with some failing flows draws them all red: one arrow, one label.
    for source, target, style in list(groups):
        if style == "flow" and (source, target, "failing") in groups:
            groups[(source, target, "failing")] += groups.pop((source, target, style))
    edges = [
        Edge(s, tg, tuple(sorted(kinds)), style)
        for (s, tg, style), kinds in sorted(groups.items())
        if s in known and tg in known
    ]
    return nodes, edges


def edge_lines(edge: Edge, lang: str) -> list[str]:
    """One label line per flow kind (``×2`` for repeats), at most four lines."""
    counts: dict[str, int] = {}
    for kind in edge.kinds:
        counts[kind] = counts.get(kind, 0) + 1
    lines = [
        ("+ " if edge.style == "proposed" else "")
        + kind_label(kind, lang)
        + (f" ×{n}" if n > 1 else "")
        for kind, n in sorted(counts.items())
    ]
    return lines if len(lines) <= 4 else [*lines[:3], f"+{len(lines) - 3}"]


# ---------------------------------------------------------------- layout


def text_width(text: str, size: float) -> float:
    """An estimate good enough to size boxes: CJK full width, Latin about half."""
    width = 0.0
    for char in text:
        if ord(char) >= 0x2E80:
            width += 1.0
        elif char in "il.,:;|!'` ":
            width += 0.3
        elif char.isupper() or char in "mw@%&":
            width += 0.72
        else:
            width += 0.56
    return width * size


def wrap(text: str, size: float, limit: float, max_lines: int = 2) -> list[str]:
    """Greedy wrap at spaces; a word too wide (a CJK name) breaks anywhere; … marks a cut."""
    lines: list[str] = []
    for word in text.split():
        pieces = [word] if text_width(word, size) <= limit else list(word)
        for k, piece in enumerate(pieces):
            glue = " " if k == 0 and lines and lines[-1] else ""
            if lines and text_width(lines[-1] + glue + piece, size) <= limit:
                lines[-1] += glue + piece
            else:
                lines.append(piece)
    lines = lines or [""]
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "…", size) > limit:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return lines


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def overlap(self, other: Box) -> float:
        dx = min(self.x + self.w, other.x + other.w) - max(self.x, other.x)
        dy = min(self.y + self.h, other.y + other.h) - max(self.y, other.y)
        return dx * dy if dx > 0 and dy > 0 else 0.0


#: Waypoints of arrows that skip rows get ids no role can have (ids are slugs).
WAYPOINT = "~"


@dataclass
class Layout:
    """Boxes of roles and waypoints, the row of each, and each arrow's waypoints."""

    boxes: dict[str, Box] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    lines: dict[str, list[str]] = field(default_factory=dict)
    chains: dict[int, list[str]] = field(default_factory=dict)
    width: float = 0.0
    height: float = 0.0


def _row_of(node: Node) -> int:
    return next(i for i, families in enumerate(ROWS) if node.family in families)


def family_rows(nodes: Sequence[Node]) -> list[list[str]]:
    """Role ids by row (families in ``ROWS`` order, then model order), long rows wrapped."""
    rows: list[list[Node]] = [[] for _ in ROWS]
    for node in nodes:
        rows[_row_of(node)].append(node)
    out = []
    for row in rows:
        row.sort(key=lambda n: FAMILIES.index(n.family))
        out += [[n.id for n in chunk] for chunk in _chunks(row)] if row else []
    return out


def _chunks(row: list[Node]) -> list[list[Node]]:
    count = math.ceil(len(row) / MAX_PER_ROW)
    size = math.ceil(len(row) / count)
    return [row[i : i + size] for i in range(0, len(row), size)]


def add_waypoints(rows: list[list[str]], edges: Sequence[Edge]) -> dict[int, list[str]]:
    """Give each arrow that skips rows a waypoint in every row between, in travel order."""
    rank = {n: r for r, row in enumerate(rows) for n in row}
    chains: dict[int, list[str]] = {}
    for i, edge in enumerate(edges):
        start, end = rank[edge.source], rank[edge.target]
        step = 1 if end > start else -1
        chains[i] = [f"{WAYPOINT}{i}.{r}" for r in range(start + step, end, step)]
        for r, waypoint in zip(range(start + step, end, step), chains[i], strict=True):
            rows[r].append(waypoint)
    return chains


def _neighbours(
    rows: Sequence[Sequence[str]], edges: Sequence[Edge], chains: Mapping[int, list[str]]
) -> dict[str, set[str]]:
    """Who each role or waypoint is linked to in other rows (one hop along an arrow)."""
    rank = {n: r for r, row in enumerate(rows) for n in row}
    neighbours: dict[str, set[str]] = {n: set() for n in rank}
    for i, edge in enumerate(edges):
        for u, v in pairwise([edge.source, *chains[i], edge.target]):
            if rank[u] != rank[v]:
                neighbours[u].add(v)
                neighbours[v].add(u)
    return neighbours


def _mean(values: Sequence[float], default: float) -> float:
    return sum(values) / len(values) if values else default


def order_rows(rows: list[list[str]], neighbours: Mapping[str, set[str]]) -> None:
    """Sort each row by the mean position of its neighbours (sweeping down and up)."""
    pos = {n: (i + 0.5) / len(row) for row in rows for i, n in enumerate(row)}
    for sweep in range(8):
        for row in rows if sweep % 2 == 0 else reversed(rows):
            before = {n: i for i, n in enumerate(row)}
            bary = {n: _mean([pos[m] for m in neighbours[n]], pos[n]) for n in row}
            row.sort(key=lambda n: (round(bary[n], 6), before[n]))
            pos.update({n: (i + 0.5) / len(row) for i, n in enumerate(row)})


def place_x(
    rows: Sequence[Sequence[str]], widths: Mapping[str, float], neighbours: Mapping[str, set[str]]
) -> dict[str, float]:
    """Centres: rows packed and centred, then pulled toward their neighbours, order kept."""
    span = max((_row_width(row, widths) for row in rows), default=0.0)
    centers: dict[str, float] = {}
    for row in rows:
        x = (span - _row_width(row, widths)) / 2
        for k, item in enumerate(row):
            x += _gap(row[k - 1], item) if k else 0.0
            centers[item] = x + widths[item] / 2
            x += widths[item]
    for sweep in range(8):
        for row in rows if sweep % 2 == 0 else reversed(rows):
            want = [_mean([centers[m] for m in neighbours[n]], centers[n]) for n in row]
            centers.update(_fit(row, want, widths))
    shift = MARGIN - min((centers[n] - widths[n] / 2 for n in centers), default=MARGIN)
    return {n: round(c + shift, 3) for n, c in centers.items()}


def _fit(
    row: Sequence[str], want: Sequence[float], widths: Mapping[str, float]
) -> dict[str, float]:
    """The wanted centres, pushed apart just enough: the mean of a left and a right pass."""
    seps = [(widths[a] + widths[b]) / 2 + _gap(a, b) for a, b in pairwise(row)]
    left, right = list(want), list(want)
    for k in range(1, len(row)):
        left[k] = max(want[k], left[k - 1] + seps[k - 1])
    for k in range(len(row) - 2, -1, -1):
        right[k] = min(want[k], right[k + 1] - seps[k])
    return {item: (left[k] + right[k]) / 2 for k, item in enumerate(row)}


def layout(nodes: Sequence[Node], edges: Sequence[Edge], lang: str) -> Layout:
    out = Layout()
    rows = family_rows(nodes)
    top = MARGIN + (44.0 if rows and _arc_within(rows[0], edges) else 0.0)
    out.chains = add_waypoints(rows, edges)
    neighbours = _neighbours(rows, edges, out.chains)
    order_rows(rows, neighbours)
    heights: dict[str, float] = {}
    widths = {n: WAYPOINT_W for row in rows for n in row}
    for node in nodes:
        lines = wrap(node.name, NODE_FONT, MAX_NODE_TEXT, 3)
        out.lines[node.id] = lines
        widths[node.id] = max(84.0, max(text_width(line, NODE_FONT) for line in lines) + 26)
        heights[node.id] = 18 + LINE * 1.25 * len(lines)
    centers = place_x(rows, widths, neighbours)
    out.width = max([*(centers[n] + widths[n] / 2 for n in centers), 360.0]) + MARGIN
    y = top
    for index, row in enumerate(rows):
        height = max([heights[n] for n in row if n in heights] or [24.0])
        for item in row:
            h = heights.get(item, height)
            out.boxes[item] = Box(
                centers[item] - widths[item] / 2, y + (height - h) / 2, widths[item], h
            )
            out.rows[item] = index
        y += height + _gap_below(index, rows, edges, out.chains, lang)
    out.height = y
    return out


WAYPOINT_W = 10.0


def _gap(left: str, right: str) -> float:
    return H_GAP if not (left.startswith(WAYPOINT) or right.startswith(WAYPOINT)) else 12.0


def _row_width(row: Sequence[str], widths: Mapping[str, float]) -> float:
    return sum(_gap(a, b) for a, b in pairwise(row)) + sum(widths[n] for n in row)


def _arc_within(row: Sequence[str], edges: Sequence[Edge]) -> bool:
    """Whether two roles of ``row`` have an arrow between them (it arcs above the row)."""
    ids = set(row)
    return any(e.source in ids and e.target in ids and e.source != e.target for e in edges)


def _gap_below(
    index: int,
    rows: Sequence[Sequence[str]],
    edges: Sequence[Edge],
    chains: Mapping[int, list[str]],
    lang: str,
) -> float:
    """Room for the labels of arrows that cross from row ``index`` to the next."""
    here, below = set(rows[index]), set(rows[index + 1]) if index + 1 < len(rows) else set()
    tallest, crossing = 1, 0
    for i, edge in enumerate(edges):
        hops = [edge.source, *chains[i], edge.target]
        if any({u, v} & here and {u, v} & below for u, v in pairwise(hops)):
            tallest = max(tallest, len(edge_lines(edge, lang)))
            crossing += 1
    # Many arrows through one gap need room to spread their labels.
    return max(50.0 + LINE * tallest, 24.0 + 11.0 * crossing)


# ---------------------------------------------------------------- routing

Point = tuple[float, float]
Segment = tuple[Point, Point, Point, Point]  # a cubic Bézier: start, two controls, end


@dataclass(frozen=True)
class Route:
    edge: Edge
    segments: tuple[Segment, ...]
    curved: tuple[bool, ...]  # straight runs through waypoints carry no label


def _sides(edge: Edge, lay: Layout) -> tuple[str, str]:
    above, below = lay.rows[edge.source], lay.rows[edge.target]
    if above < below:
        return "bottom", "top"
    if above > below:
        return "top", "bottom"
    return "top", "top"


def route(edges: Sequence[Edge], lay: Layout) -> list[Route]:
    """Spread each side's arrow ends along it, ordered by where the next hop lies."""
    slots: dict[tuple[str, str], list[tuple[float, int, int]]] = {}
    for i, edge in enumerate(edges):
        if edge.source == edge.target:
            continue
        out_side, in_side = _sides(edge, lay)
        hops = [edge.source, *lay.chains[i], edge.target]
        slots.setdefault((edge.source, out_side), []).append((lay.boxes[hops[1]].cx, i, 0))
        slots.setdefault((edge.target, in_side), []).append((lay.boxes[hops[-2]].cx, i, 1))
    ends: dict[tuple[int, int], Point] = {}
    for (node, side), items in slots.items():
        box = lay.boxes[node]
        y = box.y if side == "top" else box.y + box.h
        for k, (_, i, end) in enumerate(sorted(items)):
            ends[(i, end)] = (box.x + box.w * (k + 1) / (len(items) + 1), y)
    return [_route(edge, i, ends, lay) for i, edge in enumerate(edges)]


def _curve(a: Point, b: Point) -> Segment:
    bend = max(18.0, abs(b[1] - a[1]) * 0.45) * (1 if b[1] > a[1] else -1)
    return (a, (a[0], a[1] + bend), (b[0], b[1] - bend), b)


def _line(a: Point, b: Point) -> Segment:
    third = ((b[0] - a[0]) / 3, (b[1] - a[1]) / 3)
    return (a, (a[0] + third[0], a[1] + third[1]), (b[0] - third[0], b[1] - third[1]), b)


def _route(edge: Edge, i: int, ends: Mapping[tuple[int, int], Point], lay: Layout) -> Route:
    if edge.source == edge.target:
        box = lay.boxes[edge.source]
        x, y = box.x + box.w, box.cy
        return Route(edge, (((x, y - 6), (x + 34, y - 22), (x + 34, y + 22), (x, y + 6)),), (True,))
    start, end = ends[(i, 0)], ends[(i, 1)]
    if lay.rows[edge.source] == lay.rows[edge.target]:
        lift = 26 + min(50.0, abs(end[0] - start[0]) * 0.18)
        arc = (start, (start[0], start[1] - lift), (end[0], end[1] - lift), end)
        return Route(edge, (arc,), (True,))
    down = end[1] > start[1]
    segments, curved, here = [], [], start
    for waypoint in lay.chains[i]:
        box = lay.boxes[waypoint]
        enter, leave = (box.y, box.y + box.h) if down else (box.y + box.h, box.y)
        segments += [_curve(here, (box.cx, enter)), _line((box.cx, enter), (box.cx, leave))]
        curved += [True, False]
        here = (box.cx, leave)
    segments.append(_curve(here, end))
    curved.append(True)
    return Route(edge, tuple(segments), tuple(curved))


def bezier(points: Segment, t_: float) -> Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    a, b, c, d = (1 - t_) ** 3, 3 * (1 - t_) ** 2 * t_, 3 * (1 - t_) * t_**2, t_**3
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


_STOPS = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82)


def _spots(item: Route) -> list[Point]:
    """Where a label may go: curved segments, the middle one first, mid-curve first."""
    middle = (len(item.segments) - 1) / 2
    order = sorted(
        (k for k, curved in enumerate(item.curved) if curved), key=lambda k: (abs(k - middle), k)
    )
    return [bezier(item.segments[k], stop) for stop in _STOPS for k in order]


def place_labels(routes: Sequence[Route], lay: Layout, lang: str) -> list[Box]:
    """A label box per route: the first spot on its path that hits nothing placed."""
    taken = [
        Box(b.x - 3, b.y - 3, b.w + 6, b.h + 6)
        for n, b in lay.boxes.items()
        if not n.startswith(WAYPOINT)
    ]
    placed = []
    for item in routes:
        lines = edge_lines(item.edge, lang)
        w = max(text_width(line, LABEL_FONT) for line in lines) + 8
        h = LINE * len(lines) + 3
        best: tuple[float, int, Box] | None = None
        for rank, (x, y) in enumerate(_spots(item)):
            shift = w / 2 + 4 if item.edge.source == item.edge.target else 0.0
            box = Box(min(max(x + shift - w / 2, 2.0), lay.width - w - 2), y - h / 2, w, h)
            cost = sum(box.overlap(other) for other in taken)
            if best is None or (cost, rank) < (best[0], best[1]):
                best = (cost, rank, box)
            if cost == 0:
                break
        assert best is not None
        taken.append(best[2])
        placed.append(best[2])
    return placed


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
    carries no URL at all; a ``standalone`` file declares it.
    """
    nodes, edges = build_view(data, overlay or Overlay())
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
        f"<title>{esc(title)}</title>",
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


def draw(data: Mapping[str, Any], fmt: str, lang: str) -> str:
    """The graph alone in ``fmt``: ``dot``, ``mermaid`` or ``svg`` (a standalone file)."""
    if fmt == "dot":
        return render_dot(data, lang)
    if fmt == "mermaid":
        return render_mermaid(data, lang)
    if fmt == "svg":
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + render_svg(data, lang, standalone=True)
    raise ValueError(f"unknown graph format {fmt!r}")
