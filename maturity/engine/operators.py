"""Predicate operators of the declarative language (Checkov's well-known names).

An operator takes the attribute's value and the rule's value. ``SCALAR``
operators compare one value; given a list attribute they need an explicit
``quantifier`` (``any`` | ``all``), because silent any-semantics is a trap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: Marks an attribute the model does not state.
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()

OperatorFn = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Operator:
    name: str
    fn: OperatorFn
    #: Whether a rule must give ``value`` (or ``param``/``ref``).
    takes_value: bool = True
    #: Compares a single value (list attributes need a quantifier).
    scalar: bool = True
    #: Result when the attribute is not stated.
    on_missing: bool = False
    doc: str = ""


def _key(value: Any) -> Any:
    # true == 1 in Python; a model's boolean never equals a number here.
    return (type(value) is bool, value)


def _as_set(value: Any) -> set[Any]:
    items = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
    return {_key(item) for item in items}


def _member(item: Any, collection: Any) -> bool:
    if isinstance(collection, str):
        return isinstance(item, str) and item in collection
    if isinstance(collection, dict):
        return item in collection
    if isinstance(collection, (list, tuple, set, frozenset)):
        return _key(item) in _as_set(collection)
    return False


def _ordered(fn: Callable[[Any, Any], bool]) -> OperatorFn:
    def compare(left: Any, right: Any) -> bool:
        if isinstance(left, bool) or not isinstance(left, (int, float)):
            return False
        if isinstance(right, bool) or not isinstance(right, (int, float)):
            return False
        return fn(left, right)

    return compare


def _contains(left: Any, right: Any) -> bool:
    return _member(right, left)


def _length(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple, dict)) else None


def _between(left: Any, right: Any) -> bool:
    low, high = right
    return _ordered(lambda a, b: a >= b)(left, low) and _ordered(lambda a, b: a <= b)(left, high)


def _eq(left: Any, right: Any) -> bool:
    # true == 1 in Python; a model's boolean never equals a number here.
    return type(left) is type(right) or (not isinstance(left, bool) and not isinstance(right, bool))


def _builtin() -> Iterable[Operator]:
    yield Operator("equals", lambda a, b: _eq(a, b) and a == b, doc="equals the value")
    yield Operator(
        "not_equals",
        lambda a, b: not (_eq(a, b) and a == b),
        on_missing=True,
        doc="differs from the value (true when not stated)",
    )
    yield Operator("within", lambda a, b: _member(a, b), doc="is one of the listed values")
    yield Operator(
        "not_within",
        lambda a, b: not _member(a, b),
        on_missing=True,
        doc="is none of the listed values (true when not stated)",
    )
    yield Operator("contains", _contains, scalar=False, doc="the list or text contains the value")
    yield Operator(
        "not_contains",
        lambda a, b: not _contains(a, b),
        scalar=False,
        on_missing=True,
        doc="the list or text does not contain the value (true when not stated)",
    )
    yield Operator(
        "subset",
        lambda a, b: _as_set(a) <= _as_set(b),
        scalar=False,
        doc="every item of the list is among the values",
    )
    yield Operator(
        "superset",
        lambda a, b: _as_set(a) >= _as_set(b),
        scalar=False,
        doc="the list has every one of the values",
    )
    yield Operator(
        "intersects",
        lambda a, b: bool(_as_set(a) & _as_set(b)),
        scalar=False,
        doc="the list has at least one of the values",
    )
    yield Operator(
        "not_intersects",
        lambda a, b: not _as_set(a) & _as_set(b),
        scalar=False,
        on_missing=True,
        doc="the list has none of the values (true when not stated)",
    )
    yield Operator("greater_than", _ordered(lambda a, b: a > b), doc="a number above the value")
    yield Operator(
        "greater_than_or_equal", _ordered(lambda a, b: a >= b), doc="a number at least the value"
    )
    yield Operator("less_than", _ordered(lambda a, b: a < b), doc="a number below the value")
    yield Operator(
        "less_than_or_equal", _ordered(lambda a, b: a <= b), doc="a number at most the value"
    )
    yield Operator("between", _between, doc="a number within [low, high], both included")
    yield Operator("is_true", lambda a, _: a is True, takes_value=False, doc="is true")
    yield Operator(
        "is_false",
        lambda a, _: a is not True,
        takes_value=False,
        on_missing=True,
        doc="is not true: false or not stated",
    )
    yield Operator("exists", lambda a, _: True, takes_value=False, scalar=False, doc="is stated")
    yield Operator(
        "not_exists",
        lambda a, _: False,
        takes_value=False,
        scalar=False,
        on_missing=True,
        doc="is not stated",
    )
    yield Operator(
        "is_empty",
        lambda a, _: _length(a) == 0,
        takes_value=False,
        scalar=False,
        on_missing=True,
        doc="an empty list or text, or not stated",
    )
    yield Operator(
        "is_not_empty",
        lambda a, _: bool(_length(a)),
        takes_value=False,
        scalar=False,
        doc="a list or text with at least one item",
    )
    yield Operator(
        "length_greater_than_or_equal",
        lambda a, b: (_length(a) or 0) >= b,
        scalar=False,
        doc="a list or text with at least that many items",
    )


BUILTIN_OPERATORS: dict[str, Operator] = {op.name: op for op in _builtin()}


def apply(operator: Operator, value: Any, expected: Any, quantifier: str | None) -> bool:
    """Apply ``operator`` to an attribute ``value``; ``MISSING`` when not stated."""
    if value is MISSING:
        return operator.on_missing
    if isinstance(value, list) and operator.scalar:
        if quantifier is None:
            raise AmbiguousListError(operator.name)
        results = (_safe(operator, item, expected) for item in value)
        return any(results) if quantifier == "any" else all(results)
    return _safe(operator, value, expected)


def attribute_test(
    operator: Operator, attr: str, expected: Any, quantifier: str | None
) -> Callable[[Mapping[str, Any]], bool]:
    """``apply(operator, attrs.get(attr, MISSING), expected, quantifier)`` as one function
    of ``attrs``, for a value known when the rule is compiled: the expected list of a
    built-in set operator (``within``, ``subset``…) made a set once, not once per flow."""
    on_missing, scalar = operator.on_missing, operator.scalar
    fn = _prepared(operator, expected) or operator.fn

    def test(attrs: Mapping[str, Any]) -> bool:
        value = attrs.get(attr, MISSING)
        if value is MISSING:
            return on_missing
        if scalar and isinstance(value, list):
            return apply(operator, value, expected, quantifier)
        try:
            return bool(fn(value, expected))
        except TypeError:
            return False

    return test


def _prepared(operator: Operator, expected: Any) -> OperatorFn | None:
    """A built-in set operator with the set of ``expected`` made once (the same answers,
    the same errors); ``None`` for any other operator or value."""
    if BUILTIN_OPERATORS.get(operator.name) is not operator:
        return None
    if not isinstance(expected, (list, tuple, set, frozenset)):
        return None
    try:
        keys = frozenset(_as_set(expected))
    except TypeError:  # unhashable items: compared one by one, as before
        return None
    prepared: dict[str, OperatorFn] = {
        "within": lambda a, _: _key(a) in keys,
        "not_within": lambda a, _: _key(a) not in keys,
        "subset": lambda a, _: _as_set(a) <= keys,
        "superset": lambda a, _: _as_set(a) >= keys,
        "intersects": lambda a, _: bool(_as_set(a) & keys),
    }
    return prepared.get(operator.name)


def _safe(operator: Operator, value: Any, expected: Any) -> bool:
    try:
        return bool(operator.fn(value, expected))
    except TypeError:
        # Comparing incomparable types (a string with a number) is simply false.
        return False


class AmbiguousListError(Exception):
    """A scalar operator met a list attribute with no quantifier."""

    def __init__(self, operator: str):
        super().__init__(
            f"operator '{operator}' compares one value but the attribute is a list: "
            'say quantifier = "any" or "all"'
        )
