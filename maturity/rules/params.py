"""Pack parameters: each declared with a default, and optionally a type and a range.

In a pack, ``[pack.params]`` gives each parameter its default, either plainly
(``quick_deal_acv = 40000``: the type follows the default) or as a declaration
(``max_feedback_hops = { default = 3, type = "integer", minimum = 1, maximum = 50 }``).
Every value a run gives (``--param``, ``[params]`` in maturity.toml, a rule
test's ``params``) is checked against the declaration; a plugin's Python pack
declares the same way in ``Pack.params``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

#: The types a declaration may name, and how a person reads each.
TYPES: Mapping[str, str] = {
    "integer": "a whole number",
    "number": "a number",
    "string": "a text",
    "boolean": "true or false",
    "array": "a list",
}

#: Declarations of the parameters every run knows.
GLOBAL_SPECS: Mapping[str, Mapping[str, Any]] = {
    "level_threshold": {"default": 0.8, "type": "number", "minimum": 0, "maximum": 1},
}


def split(declared: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """A pack's ``params`` as (defaults, declarations); a plain value declares its own type."""
    values: dict[str, Any] = {}
    specs: dict[str, dict[str, Any]] = {}
    for name, item in declared.items():
        if isinstance(item, Mapping) and "default" in item:
            values[name] = item["default"]
            specs[name] = dict(item)
        else:
            values[name] = item
            specs[name] = {"default": item, "type": type_of(item)}
    return values, specs


def type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "array" if isinstance(value, list) else "string"


def problem(value: Any, spec: Mapping[str, Any]) -> str | None:
    """Why ``value`` cannot stand for a parameter declared by ``spec``, or None."""
    kind = spec.get("type") or type_of(spec.get("default"))
    example = spec.get("default")
    like = f" (like {_show(example)})" if example is not None else ""
    got = _show(value)
    if not _has_type(value, kind):
        return f"expected {TYPES.get(kind, kind)}{like}, got {got}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"expected a finite number, got {got}"
    low, high = spec.get("minimum"), spec.get("maximum")
    if low is not None and high is not None and not low <= value <= high:
        return f"expected {TYPES[kind]} between {low} and {high}, got {got}"
    if low is not None and value < low:
        return f"expected {TYPES[kind]} of at least {low}, got {got}"
    if high is not None and value > high:
        return f"expected {TYPES[kind]} of at most {high}, got {got}"
    return None


def _show(value: Any) -> str:
    """A value as a pack author writes it in TOML: true, 3, 'text'."""
    if isinstance(value, bool):
        return str(value).lower()
    return repr(value)


def _has_type(value: Any, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return type_of(value) == kind


def declaration_problems(specs: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(parameter, message) for declarations that contradict themselves."""
    out = []
    for name, spec in specs.items():
        kind = spec.get("type", "number")
        if kind not in TYPES:
            out.append((name, f"unknown type '{kind}' (known: {', '.join(TYPES)})"))
            continue
        ranged = spec.get("minimum") is not None or spec.get("maximum") is not None
        if ranged and kind not in ("integer", "number"):
            out.append((name, f"minimum and maximum need a number type, not '{kind}'"))
        elif message := problem(spec.get("default"), spec):
            out.append((name, f"the default does not fit its declaration: {message}"))
    return out
