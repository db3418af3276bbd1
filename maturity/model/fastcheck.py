"""A fast yes/no check of data against the simple JSON Schemas maturity ships.

jsonschema explains every error well but is slow on 100,000 flows. This
compiles the subset of JSON Schema our model schema uses into plain closures
that only answer "valid?"; when the answer is no — or the schema uses a keyword
this does not know — the caller runs jsonschema for the located messages. So
it can make a run faster, never more lenient: a keyword it cannot judge makes
it decline (``None``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Check = Callable[[Any], bool]

_ANNOTATIONS = frozenset(
    {"description", "title", "$schema", "$id", "$defs", "default", "examples", "$comment"}
)
_TYPES: Mapping[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    # As JSON Schema (and jsonschema) read it: 3.0 is an integer.
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


class _Unsupported(Exception):
    pass


def compile_check(schema: Mapping[str, Any]) -> Check | None:
    """A function telling whether data is valid, or ``None`` if the schema is beyond it."""
    try:
        return _Compiler(schema).build(schema)
    except _Unsupported:
        return None


def _is_closed_object(schema: Mapping[str, Any]) -> bool:
    keys = set(schema) - _ANNOTATIONS
    return (
        schema.get("type") == "object"
        and schema.get("additionalProperties") is False
        and keys <= {"type", "properties", "required", "additionalProperties"}
    )


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


class _Compiler:
    def __init__(self, root: Mapping[str, Any]):
        self.root = root
        self.refs: dict[str, Check] = {}

    def build(self, schema: Any) -> Check:
        if schema is True:
            return lambda v: True
        if not isinstance(schema, Mapping):
            raise _Unsupported(schema)
        if _is_closed_object(schema):
            return self._closed_object(schema)
        checks = [self._keyword(k, schema[k], schema) for k in schema if k not in _ANNOTATIONS]
        active = [c for c in checks if c is not None]
        if len(active) == 1:
            return active[0]
        return lambda v: all(c(v) for c in active)

    def _closed_object(self, schema: Mapping[str, Any]) -> Check:
        """The common case in one pass: a table with known fields and nothing else."""
        fields = {k: self.build(s) for k, s in schema.get("properties", {}).items()}
        required = tuple(schema.get("required", ()))

        def check(v: Any) -> bool:
            if type(v) is not dict:
                return False
            for key, item in v.items():
                test = fields.get(key)
                if test is None or not test(item):
                    return False
            return all(k in v for k in required)

        return check

    def _ref(self, ref: str) -> Check:
        if not ref.startswith("#/$defs/"):
            raise _Unsupported(ref)
        name = ref.removeprefix("#/$defs/")
        if name not in self.refs:
            self.refs[name] = lambda v: True  # placeholder while compiling (recursion)
            built = self.build(self.root["$defs"][name])
            self.refs[name] = built
        return lambda v: self.refs[name](v)

    def _keyword(self, key: str, value: Any, schema: Mapping[str, Any]) -> Check | None:
        method = getattr(self, "_k_" + key.lstrip("$"), None)
        if method is None:
            raise _Unsupported(key)
        result: Check | None = method(value, schema)
        return result

    def _k_ref(self, value: str, schema: Mapping[str, Any]) -> Check:
        return self._ref(value)

    def _k_type(self, value: Any, schema: Mapping[str, Any]) -> Check:
        tests = [_TYPES[t] for t in ([value] if isinstance(value, str) else value)]
        return lambda v: any(t(v) for t in tests)

    def _k_enum(self, value: list[Any], schema: Mapping[str, Any]) -> Check:
        if all(isinstance(e, str) for e in value):
            allowed = frozenset(value)
            return lambda v: isinstance(v, str) and v in allowed
        return lambda v: any(_same(v, e) for e in value)

    def _k_const(self, value: Any, schema: Mapping[str, Any]) -> Check:
        return lambda v: _same(v, value)

    def _k_pattern(self, value: str, schema: Mapping[str, Any]) -> Check:
        pattern = re.compile(value)
        return lambda v: not isinstance(v, str) or pattern.search(v) is not None

    def _k_minLength(self, value: int, schema: Mapping[str, Any]) -> Check:
        return lambda v: not isinstance(v, str) or len(v) >= value

    def _k_maxLength(self, value: int, schema: Mapping[str, Any]) -> Check:
        return lambda v: not isinstance(v, str) or len(v) <= value

    def _k_minimum(self, value: float, schema: Mapping[str, Any]) -> Check:
        return lambda v: not _number(v) or v >= value

    def _k_maximum(self, value: float, schema: Mapping[str, Any]) -> Check:
        return lambda v: not _number(v) or v <= value

    def _k_exclusiveMinimum(self, value: float, schema: Mapping[str, Any]) -> Check:
        return lambda v: not _number(v) or v > value

    def _k_required(self, value: list[str], schema: Mapping[str, Any]) -> Check:
        return lambda v: not isinstance(v, dict) or all(k in v for k in value)

    def _k_properties(self, value: Mapping[str, Any], schema: Mapping[str, Any]) -> Check:
        checks = {k: self.build(s) for k, s in value.items()}
        return lambda v: (
            not isinstance(v, dict) or all(checks[k](item) for k, item in v.items() if k in checks)
        )

    def _k_additionalProperties(self, value: Any, schema: Mapping[str, Any]) -> Check:
        known = frozenset(schema.get("properties", {}))
        if value is False:
            return lambda v: not isinstance(v, dict) or known.issuperset(v)
        extra = self.build(value)
        return lambda v: (
            not isinstance(v, dict) or all(extra(item) for k, item in v.items() if k not in known)
        )

    def _k_items(self, value: Any, schema: Mapping[str, Any]) -> Check:
        check = self.build(value)
        return lambda v: not isinstance(v, list) or all(check(item) for item in v)

    def _k_uniqueItems(self, value: bool, schema: Mapping[str, Any]) -> Check | None:
        if not value:
            return None

        def unique(v: Any) -> bool:
            if not isinstance(v, list):
                return True
            if all(isinstance(i, str) for i in v):
                return len(set(v)) == len(v)
            seen = [repr((type(i) is bool, i)) for i in v]
            return len(set(seen)) == len(seen)

        return unique
