"""The collaboration pack's flow rules as hand-written, single-pass Python: the engine's limit.

One loop over the parsed model's flows sets every rule's flags at once; no
index, no selectors, no predicates, no evidence objects. ``bench/run.py`` times it against the
engine evaluating the same compiled rules, and checks that both agree on
pass/fail and on COL-I6's offending flows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The rules written here, with their type (an anti-pattern fails when it matches).
RULES = {
    "COL-I1": "practice",
    "COL-I2": "practice",
    "COL-I3": "practice",
    "COL-I5": "practice",
    "COL-I6": "anti_pattern",
    "COL-I10": "practice",
    "COL-A1": "practice",
    "COL-A2": "practice",
    "COL-A5": "practice",
}

REGULAR = frozenset(("per_release", "weekly", "monthly", "quarterly", "continuous"))
HUB = frozenset(("marketing", "pmm"))
BUILD = frozenset(("product", "rnd"))


def _briefing(a: str, b: str, data: dict[str, Any], flags: dict[str, bool]) -> None:
    if data.get("cadence") != "per_release":
        return
    ends = {a, b}
    if ends == {"product", "marketing"}:
        flags["i1_marketing"] = True
    elif ends == {"product", "customer_success"}:
        flags["i1_cs"] = True


def _i6(a: str, b: str, kind: str, data: dict[str, Any]) -> bool:
    """Sales or unprepared CS throwing non-urgent bugs and requests at product or R&D."""
    if b not in BUILD:
        return False
    if a == "sales":
        return data.get("urgent") is not True
    if a != "customer_success":
        return False
    if kind == "bug_report":
        return data.get("urgent") is not True and data.get("reproduced") is not True
    return data.get("classified") is not True


def _flow(a: str, b: str, kind: str, data: dict[str, Any], flags: dict[str, bool]) -> None:
    if kind == "release_briefing":
        _briefing(a, b, data, flags)
    elif kind == "sales_toolkit":
        flags["i2"] = flags["i2"] or (a in HUB and b == "sales")
    elif kind == "success_case":
        flags["i3"] = flags["i3"] or (a == "customer_success" and b in HUB)
    elif kind == "training":
        if b == "customer_success" and {"operations", "features"} & set(data.get("content", ())):
            flags["i5"] = True
    elif kind == "value_feedback":
        flags["a1_value"] = flags["a1_value"] or (a == "sales" and b in HUB)
    elif kind == "feature_feedback":
        flags["a1_feature"] = flags["a1_feature"] or (a == "sales" and b == "customer_success")
    elif kind == "design_review":
        ends_ok = (a == "product" and b in HUB) or (b == "product" and a in HUB)
        flags["a5"] = flags["a5"] or (ends_ok and data.get("cadence") in REGULAR)
    if kind == "feature_request" and a == "customer_success" and b == "product":
        flags["a2"] = flags["a2"] or data.get("classified") is True
    if kind == "bug_report" and a in ("sales", "support") and b in BUILD:
        flags["i10"] = flags["i10"] or data.get("urgent") is True


def evaluate(model: Mapping[str, Any]) -> tuple[dict[str, str], list[int]]:
    """Every rule's status, and COL-I6's offending flow indexes (sorted), in one pass
    over a parsed model's plain data."""
    names = ("i1_marketing", "i1_cs", "i2", "i3", "i5", "i10", "a1_value", "a1_feature", "a2")
    flags = dict.fromkeys((*names, "a5"), False)
    kinds = {role["id"]: role.get("kind") for role in model.get("roles", ())}
    offending: list[int] = []
    for key, data in enumerate(model.get("flows", ())):
        a, b, kind = kinds[data["from"]], kinds[data["to"]], data.get("kind")
        if kind in ("bug_report", "feature_request") and _i6(a, b, kind, data):
            offending.append(key)
        _flow(a, b, kind, data, flags)
    holds = {
        "COL-I1": flags["i1_marketing"] and flags["i1_cs"],
        "COL-I2": flags["i2"],
        "COL-I3": flags["i3"],
        "COL-I5": flags["i5"],
        "COL-I6": bool(offending),
        "COL-I10": flags["i10"],
        "COL-A1": flags["a1_value"] and flags["a1_feature"],
        "COL-A2": flags["a2"],
        "COL-A5": flags["a5"],
    }
    status = {
        rule: ("pass" if holds[rule] == (kind == "practice") else "fail")
        for rule, kind in RULES.items()
    }
    return status, sorted(offending)
