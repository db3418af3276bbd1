"""The process graph as views that read: the organization as it is, and the changes apart.

One drawing with every recommended arrow laid over the real flows is a
tangle. The report draws two: the **current** organization alone, its
offending flows (evidence of failing findings) marked; and the **changes**
the recommendations would make, drawn apart: the roles they add (dashed) and
the roles they connect, with only the flows they add or move.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from maturity.report.graph.view import Overlay


@dataclass(frozen=True)
class View:
    """One drawing: which part of the graph, and what is laid over it."""

    name: str
    data: Mapping[str, Any]
    overlay: Overlay


def current(data: Mapping[str, Any], over: Overlay) -> View:
    """Every role and flow as it is; flows that are evidence of failing findings marked."""
    return View("current", data, Overlay(failing=over.failing))


def changes(data: Mapping[str, Any], over: Overlay) -> View | None:
    """The roles the recommendations add and the roles their new flows connect, with only
    those flows; ``None`` when the recommendations change no role or flow."""
    if not over.new_roles and not over.new_flows:
        return None
    touched = {end for source, target, _ in over.new_flows for end in (source, target)}
    touched |= {str(r.get("parent")) for r in over.new_roles if r.get("parent")}
    roles = [r for r in data["roles"] if r["id"] in touched]
    shown = {**data, "roles": roles, "flows": []}
    return View("changes", shown, Overlay(new_roles=over.new_roles, new_flows=over.new_flows))


#: How many recommendations the changes view draws when none is for the next level.
TOP = 5


def focus(report: Mapping[str, Any]) -> tuple[set[str], str | None]:
    """The recommendations the changes view draws: those for the next level (the level the
    client works toward), else the first few; and that level."""
    nxt = report["level"]["next"]
    recs = report.get("recommendations", [])
    chosen = {r["rule"] for r in recs if nxt and r.get("level") == nxt}
    if chosen:
        return chosen, nxt
    return {r["rule"] for r in recs[:TOP]}, None


def only(proposed: Mapping[str, Any], rules: set[str]) -> dict[str, Any]:
    """The proposed roles and flows that ``rules``' fixes make (all, for older reports)."""

    def keep(item: Mapping[str, Any]) -> bool:
        return "rule" not in item or item["rule"] in rules

    return {key: [i for i in proposed.get(key, []) if keep(i)] for key in ("roles", "flows")}


def views(data: Mapping[str, Any], over: Overlay, focused: Overlay | None = None) -> list[View]:
    """The current organization, then the changes (of ``focused``, when given)."""
    found = [current(data, over), changes(data, focused or over)]
    return [v for v in found if v is not None]
