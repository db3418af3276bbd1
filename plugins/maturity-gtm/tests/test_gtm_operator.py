"""``matches_any_prefix``: free-text names matched by their start, in rules and alone."""

from __future__ import annotations

import pytest
from maturity_gtm.operators import MATCHES_ANY_PREFIX, matches_any_prefix

from maturity.engine.operators import apply


@pytest.mark.parametrize(
    ("value", "prefixes", "expected"),
    [
        ("arr_growth", ["arr"], True),
        ("ARR", ["arr"], True),
        (["launch_calendar", "Win_Rate_Q3"], ["win_rate"], True),
        (["collateral_count"], ["arr", "renewal"], False),
        ("narrative", ["arr"], False),  # a prefix, not a substring
        ([], ["arr"], False),
        ("arr", [], False),
        ("arr_growth", "arr", True),  # one prefix as a plain string
        ([3, None, "renewal_rate"], ["renewal"], True),  # non-texts are ignored
        (True, ["t"], False),
    ],
)
def test_matches_any_prefix(value: object, prefixes: object, expected: bool) -> None:
    assert matches_any_prefix(value, prefixes) is expected


def test_the_operator_takes_lists_without_a_quantifier() -> None:
    assert not MATCHES_ANY_PREFIX.scalar
    assert apply(MATCHES_ANY_PREFIX, ["nrr_target"], ["nrr"], None) is True


def test_an_unstated_attribute_does_not_match() -> None:
    from maturity.engine.operators import MISSING

    assert apply(MATCHES_ANY_PREFIX, MISSING, ["arr"], None) is False
