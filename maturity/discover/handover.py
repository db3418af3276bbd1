"""The handover-of-work and working-together networks, computed in DuckDB SQL.

Hand-over of work (pm4py's ``discover_handover_of_work_network`` with
``beta=0``): order each case's events by time, ties by input order; every
pair of consecutive events is one hand-over from the first event's resource
to the second's (the same resource twice counts too). ``value`` is an edge's
share of all such pairs in the log.

Working together (pm4py's ``discover_working_together_network``): two
different resources work together when they appear in the same case;
``count`` is the number of cases they share and ``value`` that count divided
by the number of events in the log, as pm4py normalises it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

BY = ("resource", "role")


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    count: int
    value: float


@dataclass(frozen=True)
class Counts:
    """Edge counts and the denominator, as one partition computes them (they sum)."""

    edges: dict[tuple[str, str], int]
    total: int
    skipped: int = 0  # hand-overs to or from an event whose role is unknown

    def __add__(self, other: Counts) -> Counts:
        edges = dict(self.edges)
        for key, count in other.edges.items():
            edges[key] = edges.get(key, 0) + count
        return Counts(edges, self.total + other.total, self.skipped + other.skipped)


@dataclass(frozen=True)
class Network:
    """A finished network: edges sorted by source then target."""

    kind: str  # "handover" or "working_together"
    by: str
    edges: tuple[Edge, ...]
    total: int
    skipped: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "network": self.kind,
            "by": self.by,
            "total": self.total,
            "skipped": self.skipped,
            "edges": [
                {"source": e.source, "target": e.target, "count": e.count, "value": e.value}
                for e in self.edges
            ],
        }


HANDOVER_SQL = """
SELECT src, dst, count(*) AS n, bool_or(src IS NULL OR dst IS NULL) AS unknown
FROM (
    SELECT {col} AS src, lead({col}) OVER w AS dst, lead(seq) OVER w AS nxt
    FROM (SELECT *, rowid AS seq FROM events)
    WINDOW w AS (PARTITION BY case_id ORDER BY ts, seq)
)
WHERE nxt IS NOT NULL
GROUP BY src, dst
"""

WORKING_TOGETHER_SQL = """
WITH cr AS (SELECT DISTINCT case_id, {col} AS who FROM events WHERE {col} IS NOT NULL)
SELECT a.who, b.who, count(*) AS n
FROM cr AS a JOIN cr AS b ON a.case_id = b.case_id AND a.who <> b.who
GROUP BY a.who, b.who
"""


def _column(by: str) -> str:
    if by not in BY:
        raise ValueError(f"by must be one of {BY}")
    return by


def handover_counts(con: Any, by: str = "resource") -> Counts:
    """Count consecutive pairs per case in ``events``; pairs with an unknown role are skipped."""
    rows = con.execute(HANDOVER_SQL.format(col=_column(by))).fetchall()
    edges: dict[tuple[str, str], int] = {}
    skipped = 0
    for src, dst, n, unknown in rows:
        if unknown:
            skipped += n
        else:
            edges[(src, dst)] = n
    return Counts(edges, sum(edges.values()), skipped)


def working_together_counts(con: Any, by: str = "resource") -> Counts:
    """Cases shared by each ordered pair of different resources; the total is the event count."""
    rows = con.execute(WORKING_TOGETHER_SQL.format(col=_column(by))).fetchall()
    events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    return Counts({(a, b): n for a, b, n in rows}, events)


def finish(kind: str, by: str, counts: Counts | Iterable[Counts]) -> Network:
    """Turn counts (or partitions' counts, summed) into a network with values."""
    if not isinstance(counts, Counts):
        parts = list(counts)
        counts = sum(parts[1:], parts[0]) if parts else Counts({}, 0)
    total = counts.total
    edges = tuple(
        Edge(src, dst, n, n / total if total else 0.0)
        for (src, dst), n in sorted(counts.edges.items())
    )
    return Network(kind, by, edges, total, counts.skipped)
