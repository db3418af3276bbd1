"""Where roles go: rows by family, ordered by the barycenter of their neighbours.

The layout is written by hand because networkx's layouts need numpy. Roles sit
in rows by family — leadership, product side, marketing and PMM, the front
line and support, customers — ordered within a row to cut crossings, long rows
wrapped; arrows that skip rows get waypoints.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from maturity.report.graph.view import (
    FAMILIES,
    H_GAP,
    LINE,
    MARGIN,
    MAX_NODE_TEXT,
    MAX_PER_ROW,
    NODE_FONT,
    ROWS,
    Edge,
    Node,
    edge_lines,
)

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


def layout(nodes: Sequence[Node], edges: Sequence[Edge], lang: str, spread: float = 1.0) -> Layout:
    """Boxes for ``nodes`` in rows; ``spread`` widens the gaps between rows (for labels)."""
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
        y += height + spread * _gap_below(index, rows, edges, out.chains, lang)
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
