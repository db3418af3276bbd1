"""The fast schema check agrees with jsonschema: it may speed a run up, never loosen it."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.model.fastcheck import compile_check
from maturity.model.validate import _organization_schema
from maturity.model.vocabulary import Vocabulary
from tests import strategies as S
from tests.helpers import EXAMPLES

SCHEMA = _organization_schema(Vocabulary())
FAST = compile_check(SCHEMA)
SLOW = jsonschema.Draft202012Validator(SCHEMA)


def agree(data: Any) -> None:
    assert FAST is not None
    assert FAST(data) == SLOW.is_valid(data), json.dumps(data, default=str)[:400]


def test_the_shipped_schema_is_within_reach() -> None:
    assert FAST is not None


def test_examples_are_valid_both_ways() -> None:
    import tomllib

    for path in sorted(EXAMPLES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert FAST is not None and FAST(data)
        agree(data)


JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(model=S.valid_models(), path_choice=st.integers(0, 10_000), junk=JUNK)
def test_agrees_on_valid_models_and_every_single_corruption(
    model: dict[str, Any], path_choice: int, junk: Any
) -> None:
    agree(model)
    paths = list(_paths(model))
    path = paths[path_choice % len(paths)]
    broken = copy.deepcopy(model)
    _replace(broken, path, junk)
    agree(broken)


def test_booleans_are_not_numbers_and_unknown_fields_are_refused() -> None:
    base = {"organization": {"name": "x"}}
    agree({**base, "practices": {"bug_severity_levels": True}})
    agree({"organization": {"name": "x", "arr": True}})
    agree({"organization": {"name": "x", "headcount": 0.0}})  # an integer, to JSON Schema
    agree({"organization": {"name": "x", "headcount": 0.5}})
    agree({**base, "roles": [{"id": "a", "kind": "sales", "okrs": ["x", "x"]}]})
    agree({**base, "extra": 1})


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Any:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> None:
    if not path:
        return
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
