"""How arrows run: Bézier routes between role boxes and where their labels go."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from maturity.report.graph.layout import WAYPOINT, Box, Layout, text_width
from maturity.report.graph.view import LABEL_FONT, LINE, Edge, edge_lines

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
#: Further stops, tried when every first choice hits something.
_MORE_STOPS = (0.46, 0.54, 0.38, 0.62, 0.3, 0.7, 0.22, 0.78, 0.14, 0.86, 0.1, 0.9)


def _spots(item: Route, stops: Sequence[float] = _STOPS, straight: bool = False) -> list[Point]:
    """Where a label may go: curved segments (and straight ones too, if ``straight``), the
    middle one first, mid-curve first."""
    middle = (len(item.segments) - 1) / 2
    order = sorted(
        (k for k, curved in enumerate(item.curved) if curved or straight),
        key=lambda k: (abs(k - middle), k),
    )
    return [bezier(item.segments[k], stop) for stop in stops for k in order]


def _nudges(w: float, h: float) -> list[Point]:
    """Offsets of a label box that keep its arrow's point inside the box (so the label
    stays on its arrow), the centred one first."""
    dx, dy = w / 2 - 3, h / 2 - 2
    return [(0.0, 0.0), (dx, 0.0), (-dx, 0.0), (0.0, dy), (0.0, -dy),
            (dx, dy), (-dx, dy), (dx, -dy), (-dx, -dy)]  # fmt: skip


def _candidates(item: Route, w: float, h: float) -> list[Point]:
    """Label centres to try, in order of preference: on the curve's middle, then further
    along it, then shifted so the arrow runs along the label's edge."""
    first = _spots(item)
    more = _spots(item, _STOPS + _MORE_STOPS, straight=True)
    shifted = [(x + dx, y + dy) for dx, dy in _nudges(w, h)[1:] for x, y in more]
    # Last: beside the arrow, a few pixels off it (still read as its label).
    beside = [(x + dx, y + dy) for dx, dy in _nudges(w + 16, h + 14)[1:] for x, y in more]
    return first + more + shifted + beside


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
        for rank, (x, y) in enumerate(_candidates(item, w, h)):
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


def crowded(labels: Sequence[Box], lay: Layout) -> bool:
    """Whether a label overlaps another label or a role's box."""
    roles = [b for n, b in lay.boxes.items() if not n.startswith(WAYPOINT)]
    for k, box in enumerate(labels):
        if any(box.overlap(other) > 0.25 for other in (*labels[k + 1 :], *roles)):
            return True
    return False
