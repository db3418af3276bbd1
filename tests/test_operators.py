"""The predicate operators of the declarative language, one by one.

Every operator in ``BUILTIN_OPERATORS`` has a row in ``CASES``: a value it
matches, one it does not, what it gives when the model does not state the
attribute, and values of the wrong type. ``test_every_operator_is_covered``
fails when an operator is added without a row here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from maturity.engine.operators import (
    BUILTIN_OPERATORS,
    MISSING,
    AmbiguousListError,
    apply,
)


@dataclass(frozen=True)
class Case:
    """How one operator behaves: ``expected`` is the rule's value."""

    expected: Any
    match: Any
    no_match: Any
    on_missing: bool
    #: ``(attribute value, result)`` rows for values of the wrong type.
    wrong_types: tuple[tuple[Any, bool], ...] = ()
    #: Further ``(attribute value, result)`` rows: boundaries, edge cases.
    extra: tuple[tuple[Any, bool], ...] = field(default=())


CASES: dict[str, Case] = {
    "equals": Case(
        expected=1,
        match=1,
        no_match=2,
        on_missing=False,
        wrong_types=((True, False), ("1", False), (None, False), ({"a": 1}, False)),
        extra=((1.0, True),),
    ),
    "not_equals": Case(
        expected=1,
        match=2,
        no_match=1,
        on_missing=True,
        wrong_types=((True, True), ("1", True)),
    ),
    "within": Case(
        expected=["weekly", "monthly"],
        match="weekly",
        no_match="ad_hoc",
        on_missing=False,
        wrong_types=((7, False), (None, False)),
    ),
    "not_within": Case(
        expected=["weekly", "monthly"],
        match="ad_hoc",
        no_match="weekly",
        on_missing=True,
        wrong_types=((7, True),),
    ),
    "contains": Case(
        expected="value",
        match=["features", "value"],
        no_match=["features"],
        on_missing=False,
        wrong_types=((5, False), ("some value", True), ("abc", False), (True, False)),
        extra=(({"value": 1}, True), ([], False)),
    ),
    "not_contains": Case(
        expected="value",
        match=["features"],
        no_match=["value", "features"],
        on_missing=True,
        extra=(([], True),),
    ),
    "subset": Case(
        expected=["value", "scenarios", "cases"],
        match=["value", "cases"],
        no_match=["value", "features"],
        on_missing=False,
        extra=(([], True), (["value", "scenarios", "cases"], True)),
    ),
    "superset": Case(
        expected=["persona", "scenarios"],
        match=["persona", "scenarios", "pricing"],
        no_match=["scenarios"],
        on_missing=False,
        extra=(([], False), (["persona", "scenarios"], True)),
    ),
    "intersects": Case(
        expected=["value", "scenarios"],
        match=["features", "scenarios"],
        no_match=["features", "operations"],
        on_missing=False,
        extra=(([], False),),
    ),
    "not_intersects": Case(
        expected=["value", "scenarios"],
        match=["features", "operations"],
        no_match=["features", "value"],
        on_missing=True,
        extra=(([], True),),
    ),
    "greater_than": Case(
        expected=3,
        match=4,
        no_match=3,
        on_missing=False,
        wrong_types=(("5", False), (True, False), (None, False)),
        extra=((3.5, True),),
    ),
    "greater_than_or_equal": Case(
        expected=3,
        match=3,
        no_match=2,
        on_missing=False,
        wrong_types=(("5", False), (True, False)),
        extra=((2.999, False),),
    ),
    "less_than": Case(
        expected=50_000_000,
        match=49_999_999,
        no_match=50_000_000,
        on_missing=False,
        wrong_types=(("1", False), (False, False)),
    ),
    "less_than_or_equal": Case(
        expected=5,
        match=5,
        no_match=6,
        on_missing=False,
        wrong_types=(("1", False), (False, False)),
    ),
    "between": Case(
        expected=[3, 5],
        match=4,
        no_match=6,
        on_missing=False,
        wrong_types=(("4", False), (True, False)),
        extra=((3, True), (5, True), (2, False), (4.5, True)),
    ),
    "is_true": Case(
        expected=None,
        match=True,
        no_match=False,
        on_missing=False,
        wrong_types=((1, False), ("true", False)),
    ),
    "is_false": Case(
        expected=None,
        match=False,
        no_match=True,
        on_missing=True,
        # "is not true": anything that is not the boolean true.
        wrong_types=((1, True), ("true", True)),
    ),
    "exists": Case(
        expected=None,
        match=False,
        no_match=MISSING,
        on_missing=False,
        extra=(([], True), (0, True), ("", True)),
    ),
    "not_exists": Case(
        expected=None,
        match=MISSING,
        no_match=False,
        on_missing=True,
        extra=(([], False), (0, False)),
    ),
    "is_empty": Case(
        expected=None,
        match=[],
        no_match=["value"],
        on_missing=True,
        wrong_types=((0, False), (False, False)),
        extra=(("", True), ({}, True)),
    ),
    "is_not_empty": Case(
        expected=None,
        match=["value"],
        no_match=[],
        on_missing=False,
        wrong_types=((5, False), (True, False)),
        extra=(("x", True), ("", False)),
    ),
    "length_greater_than_or_equal": Case(
        expected=2,
        match=["value", "cases"],
        no_match=["value"],
        on_missing=False,
        wrong_types=((5, False), ("ab", True)),
        extra=(([], False), (["a", "b", "c"], True)),
    ),
}

SCALAR = sorted(name for name, op in BUILTIN_OPERATORS.items() if op.scalar)
NON_SCALAR = sorted(name for name, op in BUILTIN_OPERATORS.items() if not op.scalar)


def check(name: str, value: Any, expected: Any, quantifier: str | None = None) -> bool:
    return apply(BUILTIN_OPERATORS[name], value, expected, quantifier)


def test_every_operator_is_covered() -> None:
    assert set(CASES) == set(BUILTIN_OPERATORS), (
        "add a Case for every new operator (and drop the cases of removed ones): "
        f"missing {sorted(set(BUILTIN_OPERATORS) - set(CASES))}, "
        f"stale {sorted(set(CASES) - set(BUILTIN_OPERATORS))}"
    )


def test_operator_names_are_their_keys() -> None:
    for name, op in BUILTIN_OPERATORS.items():
        assert op.name == name
        assert op.doc, f"{name} has no doc (shown to pack authors)"


@pytest.mark.parametrize("name", sorted(CASES))
def test_matching_value(name: str) -> None:
    case = CASES[name]
    assert check(name, case.match, case.expected) is True


@pytest.mark.parametrize("name", sorted(CASES))
def test_non_matching_value(name: str) -> None:
    case = CASES[name]
    assert check(name, case.no_match, case.expected) is False


@pytest.mark.parametrize("name", sorted(CASES))
def test_missing_value_gives_on_missing(name: str) -> None:
    case = CASES[name]
    assert BUILTIN_OPERATORS[name].on_missing is case.on_missing
    assert check(name, MISSING, case.expected) is case.on_missing
    # Not stated is never ambiguous, whatever the quantifier.
    assert check(name, MISSING, case.expected, "all") is case.on_missing


WRONG_TYPES = [
    pytest.param(name, value, result, id=f"{name}-{value!r}")
    for name, case in sorted(CASES.items())
    for value, result in case.wrong_types
]


@pytest.mark.parametrize(("name", "value", "result"), WRONG_TYPES)
def test_wrong_types(name: str, value: Any, result: bool) -> None:
    assert check(name, value, CASES[name].expected) is result


EXTRA = [
    pytest.param(name, value, result, id=f"{name}-{value!r}")
    for name, case in sorted(CASES.items())
    for value, result in case.extra
]


@pytest.mark.parametrize(("name", "value", "result"), EXTRA)
def test_edge_values(name: str, value: Any, result: bool) -> None:
    assert check(name, value, CASES[name].expected) is result


def test_takes_value_flags() -> None:
    no_value = {name for name, op in BUILTIN_OPERATORS.items() if not op.takes_value}
    assert no_value == {
        "is_true",
        "is_false",
        "exists",
        "not_exists",
        "is_empty",
        "is_not_empty",
    }


# ------------------------------------------------------------ booleans and numbers


@pytest.mark.parametrize(
    ("name", "value", "expected", "result"),
    [
        ("equals", True, 1, False),
        ("equals", False, 0, False),
        ("equals", 1, True, False),
        ("equals", True, True, True),
        ("not_equals", True, 1, True),
        ("not_equals", 0, False, True),
        ("greater_than", True, 0, False),
        ("greater_than", 5, True, False),
        ("less_than", 0, True, False),
        ("between", 1, [True, 5], False),
    ],
)
def test_booleans_never_equal_numbers(name: str, value: Any, expected: Any, result: bool) -> None:
    assert check(name, value, expected) is result


@pytest.mark.parametrize(
    ("name", "value", "expected", "result"),
    [
        ("within", True, [1, 2], False),
        ("within", 1, [True], False),
        ("within", True, [True, 2], True),
        ("not_within", True, [1, 2], True),
        ("not_within", False, [0], True),
        ("contains", [True], 1, False),
        ("contains", [1], True, False),
        ("not_contains", [True], 1, True),
        ("intersects", [True], [1], False),
        ("not_intersects", [False], [0], True),
        ("subset", [True], [1], False),
        ("superset", [1, 2], [True], False),
    ],
)
def test_booleans_never_equal_numbers_in_collections(
    name: str, value: Any, expected: Any, result: bool
) -> None:
    # `equals 1` on true is false; so is `within [1, 2]` on true.
    assert check(name, value, expected) is result


def test_string_is_not_a_number() -> None:
    assert check("equals", "3", 3) is False
    assert check("greater_than_or_equal", "3", 3) is False
    assert check("within", "3", [3]) is False
    assert check("between", "4", [3, 5]) is False


def test_between_with_a_non_pair_value_is_false() -> None:
    # A scalar where a [low, high] pair belongs cannot be unpacked: simply false.
    assert check("between", 4, 4) is False


# ------------------------------------------------------------ lists and quantifiers


@pytest.mark.parametrize("name", SCALAR)
def test_scalar_operator_on_a_list_needs_a_quantifier(name: str) -> None:
    case = CASES[name]
    with pytest.raises(AmbiguousListError) as raised:
        check(name, [case.match, case.no_match], case.expected)
    message = str(raised.value)
    assert f"'{name}'" in message
    assert 'quantifier = "any" or "all"' in message


@pytest.mark.parametrize("name", SCALAR)
def test_scalar_operator_quantifier_any(name: str) -> None:
    case = CASES[name]
    assert check(name, [case.no_match, case.match], case.expected, "any") is True
    assert check(name, [case.no_match, case.no_match], case.expected, "any") is False


@pytest.mark.parametrize("name", SCALAR)
def test_scalar_operator_quantifier_all(name: str) -> None:
    case = CASES[name]
    assert check(name, [case.match, case.match], case.expected, "all") is True
    assert check(name, [case.match, case.no_match], case.expected, "all") is False


def test_quantifier_over_an_empty_list() -> None:
    # any over nothing is false; all over nothing is vacuously true.
    assert check("equals", [], "value", "any") is False
    assert check("equals", [], "value", "all") is True


def test_quantifier_with_wrong_typed_items() -> None:
    # An item of the wrong type simply does not satisfy the operator.
    assert check("greater_than", ["a", 5], 3, "any") is True
    assert check("greater_than", ["a", 5], 3, "all") is False
    assert check("equals", [True, 1], 1, "all") is False


@pytest.mark.parametrize("name", NON_SCALAR)
def test_list_operator_takes_a_list_without_quantifier(name: str) -> None:
    case = CASES[name]
    value = case.match if isinstance(case.match, list) else [case.match]
    # Does not raise: these operators compare the list as a whole.
    assert isinstance(check(name, value, case.expected), bool)


def test_scalar_and_list_operator_sets() -> None:
    assert set(NON_SCALAR) == {
        "contains",
        "not_contains",
        "subset",
        "superset",
        "intersects",
        "not_intersects",
        "exists",
        "not_exists",
        "is_empty",
        "is_not_empty",
        "length_greater_than_or_equal",
    }


def test_contains_on_text() -> None:
    assert check("contains", "value and scenarios", "scenarios") is True
    assert check("not_contains", "value and scenarios", "cases") is True


def test_missing_is_distinct_from_none_and_false() -> None:
    assert repr(MISSING) == "MISSING"
    assert check("exists", None, None) is True
    assert check("is_false", False, None) is True
    assert check("not_exists", None, None) is False


VALUES = [MISSING, None, True, False, 0, 1, 1.0, 2.5, "", "a", "b", "monthly", [], ["a"],
          ["a", "b"], [1, True], [["a"]], {"a": 1}, [{"a": 1}]]  # fmt: skip


@pytest.mark.parametrize("name", sorted(BUILTIN_OPERATORS))
def test_a_compiled_attribute_test_answers_as_apply(name: str) -> None:
    """The one-call test a rule's predicate compiles to gives what ``apply`` gives, for
    every value, expected value and quantifier (or raises as it does)."""
    from maturity.engine.operators import attribute_test

    operator = BUILTIN_OPERATORS[name]
    for expected in [v for v in VALUES if v is not MISSING]:
        for quantifier in (None, "any", "all"):
            test = attribute_test(operator, "x", expected, quantifier)
            for value in VALUES:
                attrs = {} if value is MISSING else {"x": value}
                try:
                    wanted: Any = apply(operator, value, expected, quantifier)
                except Exception as exc:  # noqa: BLE001 - the same error either way
                    wanted = type(exc)
                try:
                    got: Any = test(attrs)
                except Exception as exc:  # noqa: BLE001
                    got = type(exc)
                assert got == wanted, (name, value, expected, quantifier)
