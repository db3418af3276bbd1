"""Apply a mapping to the ``events`` table and count the observed flows between roles.

A hand-over between roles is a pair of consecutive events of a case (by
time, ties by input order) whose resources belong to different roles. Its
flow kind and ``when`` flags are read on the receiving event; a ``before``
flag is true when an earlier event of the case (up to the sending one)
matches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from maturity.discover.mapping import STANDARD, Mapping_
from maturity.discover.readers import _ident

MICROSECONDS_PER_HOUR = 3_600_000_000


def _column(name: str) -> str:
    return STANDARD.get(name) or _ident("a:" + name)


def _condition(when: Mapping[str, Sequence[str]], params: list[Any]) -> str:
    """SQL true when every named column has one of its values (NULL counts as no)."""
    parts = []
    for column, values in when.items():
        params.extend(values)
        marks = ", ".join("?" for _ in values)
        parts.append(f"coalesce({_column(column)} IN ({marks}), false)")
    return " AND ".join(parts) or "true"


@dataclass(frozen=True)
class RoleRules:
    """Resource → role id: exact names first, then glob patterns, then role column values."""

    roles: tuple[dict[str, Any], ...]

    def expression(self, params: list[Any]) -> str:
        cases = []
        for key, test in (
            ("resources", "resource IN"),
            ("patterns", "resource GLOB"),
            ("values", "role IN"),
        ):
            for role in self.roles:
                for value in role.get(key, ()):
                    if test.endswith("GLOB"):
                        cases.append(f"WHEN {test} ? THEN ?")
                        params += [value, role["id"]]
                    else:
                        cases.append(f"WHEN {test} (?) THEN ?")
                        params += [value, role["id"]]
        return f"CASE {' '.join(cases)} END" if cases else "NULL::VARCHAR"

    def apply(self, con: Any) -> None:
        """Replace the ``role`` column by the role id (NULL: unmapped resource)."""
        params: list[Any] = []
        expression = self.expression(params)
        con.execute(f"UPDATE events SET role = {expression}", params)


@dataclass
class Observed:
    """What the log shows, after the mapping: flows, and what could not be mapped."""

    flows: list[dict[str, Any]] = field(default_factory=list)
    unmapped_resources: list[tuple[str, int]] = field(default_factory=list)
    unmapped_activities: list[tuple[str, int]] = field(default_factory=list)
    events: int = 0
    cases: int = 0
    handovers: int = 0
    span: tuple[str, str] | None = None


def _flag_columns(mapping: Mapping_, params: list[Any]) -> tuple[list[str], list[str]]:
    """SELECT items on each event for the flags, and what the pairs take from them."""
    on_event, on_pair = [], []
    for index, flag in enumerate(mapping.flags):
        name = _ident(f"f{index}")
        if "when" in flag:
            on_event.append(f"{_condition(flag['when'], params)} AS {name}")
            on_pair.append(f"lead({name}) OVER w AS {name}")
        else:
            on_event.append(
                f"bool_or({_condition(flag['before'], params)}) OVER (PARTITION BY case_id "
                f"ORDER BY ts, rowid ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS {name}"
            )
            on_pair.append(name)
    return on_event, on_pair


def _kind_expression(mapping: Mapping_, params: list[Any]) -> str:
    cases = []
    for rule in mapping.kinds:
        condition = _condition(rule.get("when", {}), params)
        cases.append(f"WHEN {condition} THEN ?")
        params.append(rule["kind"])
    default = mapping.default_kind
    if default is not None:
        params.append(default)
    tail = " ELSE ?" if default is not None else ""
    return f"CASE {' '.join(cases)}{tail} END" if cases or tail else "NULL::VARCHAR"


def build_pairs(con: Any, mapping: Mapping_) -> None:
    """Create the ``pairs`` table: each hand-over between two different roles, or unknown."""
    params: list[Any] = []
    kind = _kind_expression(mapping, params)
    on_event, on_pair = _flag_columns(mapping, params)
    extra_event = "".join(f", {c}" for c in on_event)
    extra_pair = "".join(f", {c}" for c in on_pair)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE pairs AS
        SELECT * FROM (
            SELECT case_id, role AS src, lead(role) OVER w AS dst, lead(kind) OVER w AS kind,
                   lead(activity) OVER w AS activity, lead(ts) OVER w - ts AS wait,
                   lead(seq) OVER w AS nxt{extra_pair}
            FROM (SELECT case_id, ts, rowid AS seq, role, activity, {kind} AS kind{extra_event}
                  FROM events)
            WINDOW w AS (PARTITION BY case_id ORDER BY ts, seq)
        )
        WHERE nxt IS NOT NULL AND src IS DISTINCT FROM dst
        """,
        params,
    )


def observe(con: Any, mapping: Mapping_) -> Observed:
    """Count the observed flows and what the mapping left unmapped."""
    build_pairs(con, mapping)
    flags = [f["flag"] for f in mapping.flags]
    params: list[Any] = []
    keys = ", ".join(["src", "dst", "kind", *_flag_values(mapping, params)])
    rows = con.execute(
        f"""
        SELECT {keys}, count(*) AS n, count(DISTINCT case_id) AS cases, median(wait) AS wait
        FROM pairs WHERE src IS NOT NULL AND dst IS NOT NULL AND kind IS NOT NULL
        GROUP BY ALL ORDER BY ALL
        """,
        params,
    ).fetchall()
    result = Observed(flows=[_flow(row, flags) for row in rows])
    _shares(result.flows)
    _unmapped(con, result)
    return result


def _flag_values(mapping: Mapping_, params: list[Any]) -> list[str]:
    """Each flag's value on a pair: false when not seen, NULL on kinds it does not apply to."""
    out = []
    for index, flag in enumerate(mapping.flags):
        value = f"coalesce({_ident(f'f{index}')}, false)"
        kinds = flag.get("kinds")
        if kinds:
            params.extend(kinds)
            value = f"CASE WHEN kind IN ({', '.join('?' for _ in kinds)}) THEN {value} END"
        out.append(value)
    return out


def _flow(row: Sequence[Any], flags: Sequence[str]) -> dict[str, Any]:
    src, dst, kind, *rest = row
    values, (n, cases, wait) = rest[: len(flags)], rest[len(flags) :]
    flow: dict[str, Any] = {"from": src, "to": dst, "kind": kind}
    for flag, value in zip(flags, values, strict=True):
        if value is not None:  # NULL: the flag does not apply to this kind
            flow[flag] = bool(value)
    observed: dict[str, Any] = {"handovers": int(n), "cases": int(cases)}
    if wait is not None:
        observed["median_lead_time_hours"] = round(float(wait) / MICROSECONDS_PER_HOUR, 2)
    flow["observed"] = observed
    return flow


def _shares(flows: list[dict[str, Any]]) -> None:
    """Each flow's share of its sender's hand-overs of the same kind."""
    totals: dict[tuple[str, str], int] = {}
    for flow in flows:
        key = (flow["from"], flow["kind"])
        totals[key] = totals.get(key, 0) + flow["observed"]["handovers"]
    for flow in flows:
        seen = flow["observed"]
        share = round(seen["handovers"] / totals[(flow["from"], flow["kind"])], 4)
        wait = {k: v for k, v in seen.items() if k == "median_lead_time_hours"}
        flow["observed"] = {
            "handovers": seen["handovers"],
            "cases": seen["cases"],
            "share": share,
            **wait,
        }


def _unmapped(con: Any, result: Observed) -> None:
    result.unmapped_resources = [
        (str(r), int(n))
        for r, n in con.execute(
            "SELECT resource, count(*) AS n FROM events WHERE role IS NULL "
            "GROUP BY resource ORDER BY n DESC, resource"
        ).fetchall()
    ]
    result.unmapped_activities = [
        (str(a), int(n))
        for a, n in con.execute(
            "SELECT coalesce(activity, '?') AS a, count(*) AS n FROM pairs "
            "WHERE src IS NOT NULL AND dst IS NOT NULL AND kind IS NULL "
            "GROUP BY a ORDER BY n DESC, a"
        ).fetchall()
    ]
    events, cases, first, last = con.execute(
        "SELECT count(*), count(DISTINCT case_id), min(ts), max(ts) FROM events"
    ).fetchone()
    result.events, result.cases = int(events), int(cases)
    result.handovers = sum(f["observed"]["handovers"] for f in result.flows)
    if first is not None:
        span = con.execute(
            "SELECT make_timestamp(?)::DATE, make_timestamp(?)::DATE", [first, last]
        ).fetchone()
        result.span = (str(span[0]), str(span[1]))
