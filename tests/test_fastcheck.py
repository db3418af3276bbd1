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
from maturity.resources import schema
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


def _fix_ops() -> list[dict[str, Any]]:
    import tomllib

    from maturity.resources import data_dir

    ops = []
    for path in sorted(data_dir("rules").glob("*.toml")):
        for rule in tomllib.loads(path.read_text(encoding="utf-8")).get("rules", []):
            ops += [{k: v for k, v in op.items() if k != "when"} for op in rule.get("fix", [])]
    return ops


FIX_SCHEMA = {
    "$schema": SCHEMA["$schema"],
    "$defs": schema("rulepack")["$defs"],
    "$ref": "#/$defs/fixOp",
}
FIX_FAST = compile_check(FIX_SCHEMA)
FIX_SLOW = jsonschema.Draft202012Validator(FIX_SCHEMA)
FIX_OPS = _fix_ops()


def test_fix_operations_are_within_reach_and_the_shipped_ones_valid() -> None:
    assert FIX_FAST is not None and len(FIX_OPS) > 20
    assert all(FIX_FAST(op) and FIX_SLOW.is_valid(op) for op in FIX_OPS)


@settings(max_examples=300, deadline=None)
@given(choice=st.integers(0, 10_000), path_choice=st.integers(0, 10_000), junk=JUNK)
def test_agrees_on_every_single_corruption_of_a_fix_operation(
    choice: int, path_choice: int, junk: Any
) -> None:
    assert FIX_FAST is not None
    op = copy.deepcopy(FIX_OPS[choice % len(FIX_OPS)])
    paths = list(_paths(op))
    _replace(op, paths[path_choice % len(paths)], junk)
    assert FIX_FAST(op) == FIX_SLOW.is_valid(op), json.dumps(op, default=str)[:400]


def _shipped_packs() -> list[dict[str, Any]]:
    import tomllib

    from maturity.resources import data_dir

    paths = sorted(data_dir("rules").glob("*.toml"))
    return [tomllib.loads(p.read_text(encoding="utf-8")) for p in paths]


PACK_SCHEMA = schema("rulepack")
PACK_FAST = compile_check(PACK_SCHEMA)
PACK_SLOW = jsonschema.Draft202012Validator(PACK_SCHEMA)
PACKS = _shipped_packs()


@settings(max_examples=60, deadline=None)
@given(choice=st.integers(0, 3), path_choice=st.integers(0, 100_000), junk=JUNK)
def test_agrees_on_every_single_corruption_of_a_shipped_pack(
    choice: int, path_choice: int, junk: Any
) -> None:
    assert PACK_FAST is not None
    pack = copy.deepcopy(PACKS[choice % len(PACKS)])
    assert PACK_FAST(pack) and PACK_SLOW.is_valid(pack)
    paths = list(_paths(pack))
    _replace(pack, paths[path_choice % len(paths)], junk)
    assert PACK_FAST(pack) == PACK_SLOW.is_valid(pack), json.dumps(pack, default=str)[:400]
