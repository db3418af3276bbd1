"""A fast yes/no check of data against the simple JSON Schemas maturity ships.

jsonschema explains every error well but is slow on 100,000 flows. This
translates the subset of JSON Schema our model schema uses into the source of
plain Python functions (one per schema, its keywords as ``if`` statements) that
only answer "valid?"; when the answer is no — or the schema uses a keyword
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
#: A test that ``v`` is of a JSON type, as an expression (3.0 is an integer, as
#: JSON Schema and jsonschema read it; a boolean is not a number).
_TYPES: Mapping[str, str] = {
    "object": "isinstance(v, dict)",
    "array": "isinstance(v, list)",
    "string": "isinstance(v, str)",
    "integer": "((isinstance(v, int) and not isinstance(v, bool))"
    " or (isinstance(v, float) and v.is_integer()))",
    "number": "_number(v)",
    "boolean": "isinstance(v, bool)",
    "null": "v is None",
}


class _Unsupported(Exception):
    pass


def compile_check(schema: Mapping[str, Any]) -> Check | None:
    """A function telling whether data is valid, or ``None`` if the schema is beyond it."""
    try:
        return _Compiler(schema).compile()
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


def _unique(v: list[Any]) -> bool:
    if all(isinstance(i, str) for i in v):
        return len(set(v)) == len(v)
    seen = [repr((type(i) is bool, i)) for i in v]
    return len(set(seen)) == len(seen)


class _Compiler:
    """Writes one function per schema (``$defs`` once each) and compiles them together."""

    def __init__(self, root: Mapping[str, Any]):
        self.root = root
        self.refs: dict[str, str] = {}
        self.functions: list[str] = []
        self.names: dict[str, Any] = {"_number": _number, "_same": _same, "_unique": _unique}
        #: Tables of field name -> function name, resolved to functions once compiled.
        self.tables: dict[str, dict[str, str]] = {}

    def compile(self) -> Check:
        entry = self.build(self.root)
        namespace = dict(self.names)
        exec("\n\n".join(self.functions), namespace)  # our own generated source only
        for table, fields in self.tables.items():
            namespace[table] = {key: namespace[function] for key, function in fields.items()}
        memos: list[dict[str, set[str]]] = []
        for table in self.tables:
            memos.append(namespace.setdefault("m" + table[1:], {}))
        test: Check = namespace[entry]

        def check(data: Any) -> bool:
            try:
                return test(data)
            finally:  # nothing of one document is kept for the next
                for memo in memos:
                    memo.clear()

        return check

    def table(self, fields: dict[str, str]) -> str:
        name = f"t{len(self.tables)}"
        self.tables[name] = fields
        return name

    def constant(self, value: Any) -> str:
        name = f"c{len(self.names)}"
        self.names[name] = value
        return name

    def build(self, schema: Any) -> str:
        """The name of a function testing ``schema`` (written into ``functions``)."""
        if isinstance(schema, Mapping) and set(schema) - _ANNOTATIONS == {"$ref"}:
            return self._ref(schema["$ref"])  # the definition's own function: no wrapper call
        name = f"f{len(self.functions)}"
        self.functions.append("")  # reserve the slot: nested schemas come after
        if schema is True:
            body = ["return True"]
        elif not isinstance(schema, Mapping):
            raise _Unsupported(schema)
        elif _is_closed_object(schema):
            body = self._closed_object(schema)
        else:
            body = []
            for key in schema:
                if key not in _ANNOTATIONS:
                    body += self._keyword(key, schema[key], schema)
            body.append("return True")
        source = "\n    ".join(body)
        self.functions[int(name[1:])] = f"def {name}(v):\n    {source}"
        return name

    def _closed_object(self, schema: Mapping[str, Any]) -> list[str]:
        """The common case in one pass: a table with known fields and nothing else."""
        fields = {k: self.build(s) for k, s in schema.get("properties", {}).items()}
        table = self.table(fields)
        required = tuple(schema.get("required", ()))
        memo = "m" + table[1:]  # per field, the texts it accepted: tested once each
        lines = [
            "if type(v) is not dict: return False",
            "for key, item in v.items():",
            "    if type(item) is str:",
            f"        seen = {memo}.get(key)",
            "        if seen is not None and item in seen: continue",
            f"    test = {table}.get(key)",
            "    if test is None or not test(item): return False",
            f"    if type(item) is str: {memo}.setdefault(key, set()).add(item)",
        ]
        lines += [f"if {k!r} not in v: return False" for k in required]
        return [*lines, "return True"]

    def _ref(self, ref: str) -> str:
        if not ref.startswith("#/$defs/"):
            raise _Unsupported(ref)
        name = ref.removeprefix("#/$defs/")
        if name not in self.refs:
            self.refs[name] = f"f{len(self.functions)}"
            self.build(self.root["$defs"][name])
        return self.refs[name]

    def _keyword(self, key: str, value: Any, schema: Mapping[str, Any]) -> list[str]:
        method = getattr(self, "_k_" + key.lstrip("$"), None)
        if method is None:
            raise _Unsupported(key)
        lines: list[str] = method(value, schema)
        return lines

    def _k_ref(self, value: str, schema: Mapping[str, Any]) -> list[str]:
        return [f"if not {self._ref(value)}(v): return False"]

    def _k_type(self, value: Any, schema: Mapping[str, Any]) -> list[str]:
        tests = [_TYPES[t] for t in ([value] if isinstance(value, str) else value)]
        return [f"if not ({' or '.join(tests)}): return False"]

    def _k_enum(self, value: list[Any], schema: Mapping[str, Any]) -> list[str]:
        if all(isinstance(e, str) for e in value):
            allowed = self.constant(frozenset(value))
            return [f"if not (isinstance(v, str) and v in {allowed}): return False"]
        choices = self.constant(list(value))
        return [f"if not any(_same(v, e) for e in {choices}): return False"]

    def _k_const(self, value: Any, schema: Mapping[str, Any]) -> list[str]:
        return [f"if not _same(v, {self.constant(value)}): return False"]

    def _k_pattern(self, value: str, schema: Mapping[str, Any]) -> list[str]:
        pattern = self.constant(re.compile(value))
        return [f"if isinstance(v, str) and {pattern}.search(v) is None: return False"]

    def _k_minLength(self, value: int, schema: Mapping[str, Any]) -> list[str]:
        return [f"if isinstance(v, str) and len(v) < {int(value)}: return False"]

    def _k_maxLength(self, value: int, schema: Mapping[str, Any]) -> list[str]:
        return [f"if isinstance(v, str) and len(v) > {int(value)}: return False"]

    def _k_minProperties(self, value: int, schema: Mapping[str, Any]) -> list[str]:
        return [f"if isinstance(v, dict) and len(v) < {int(value)}: return False"]

    def _k_maxProperties(self, value: int, schema: Mapping[str, Any]) -> list[str]:
        return [f"if isinstance(v, dict) and len(v) > {int(value)}: return False"]

    def _k_minItems(self, value: int, schema: Mapping[str, Any]) -> list[str]:
        return [f"if isinstance(v, list) and len(v) < {int(value)}: return False"]

    def _k_maxItems(self, value: int, schema: Mapping[str, Any]) -> list[str]:
        return [f"if isinstance(v, list) and len(v) > {int(value)}: return False"]

    def _bound(self, value: Any, fails: str) -> list[str]:
        if not _number(value):
            raise _Unsupported(value)
        return [f"if _number(v) and v {fails} {self.constant(value)}: return False"]

    def _k_minimum(self, value: float, schema: Mapping[str, Any]) -> list[str]:
        return self._bound(value, "<")

    def _k_maximum(self, value: float, schema: Mapping[str, Any]) -> list[str]:
        return self._bound(value, ">")

    def _k_exclusiveMaximum(self, value: float, schema: Mapping[str, Any]) -> list[str]:
        return self._bound(value, ">=")

    def _k_exclusiveMinimum(self, value: float, schema: Mapping[str, Any]) -> list[str]:
        return self._bound(value, "<=")

    def _k_required(self, value: list[str], schema: Mapping[str, Any]) -> list[str]:
        keys = self.constant(tuple(value))
        return [f"if isinstance(v, dict) and not all(k in v for k in {keys}): return False"]

    def _k_properties(self, value: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
        table = self.table({k: self.build(s) for k, s in value.items()})
        return [
            "if isinstance(v, dict):",
            "    for key, item in v.items():",
            f"        test = {table}.get(key)",
            "        if test is not None and not test(item): return False",
        ]

    def _k_additionalProperties(self, value: Any, schema: Mapping[str, Any]) -> list[str]:
        known = self.constant(frozenset(schema.get("properties", {})))
        if value is False:
            return [f"if isinstance(v, dict) and not {known}.issuperset(v): return False"]
        extra = self.build(value)
        return [
            "if isinstance(v, dict):",
            "    for key, item in v.items():",
            f"        if key not in {known} and not {extra}(item): return False",
        ]

    def _k_items(self, value: Any, schema: Mapping[str, Any]) -> list[str]:
        check = self.build(value)
        start = len(schema.get("prefixItems", ()))  # 2020-12: items after the prefix
        return [
            "if isinstance(v, list):",
            f"    for item in v[{start}:]:",
            f"        if not {check}(item): return False",
        ]

    def _k_prefixItems(self, value: list[Any], schema: Mapping[str, Any]) -> list[str]:
        lines = []
        for index, part in enumerate(value):
            check = self.build(part)
            test = f"len(v) > {index} and not {check}(v[{index}])"
            lines.append(f"if isinstance(v, list) and {test}: return False")
        return lines

    def _k_allOf(self, value: list[Any], schema: Mapping[str, Any]) -> list[str]:
        return [f"if not {self.build(part)}(v): return False" for part in value]

    def _k_anyOf(self, value: list[Any], schema: Mapping[str, Any]) -> list[str]:
        parts = " or ".join(f"{self.build(part)}(v)" for part in value)
        return [f"if not ({parts}): return False"]

    def _k_oneOf(self, value: list[Any], schema: Mapping[str, Any]) -> list[str]:
        parts = ", ".join(f"{self.build(part)}(v)" for part in value)
        return [f"if [{parts}].count(True) != 1: return False"]

    def _k_not(self, value: Any, schema: Mapping[str, Any]) -> list[str]:
        return [f"if {self.build(value)}(v): return False"]

    def _k_if(self, value: Any, schema: Mapping[str, Any]) -> list[str]:
        then = self.build(schema.get("then", True))
        otherwise = self.build(schema.get("else", True))
        return [f"if not ({then}(v) if {self.build(value)}(v) else {otherwise}(v)): return False"]

    def _k_then(self, value: Any, schema: Mapping[str, Any]) -> list[str]:
        return []  # part of ``if``

    def _k_else(self, value: Any, schema: Mapping[str, Any]) -> list[str]:
        return []  # part of ``if``

    def _k_uniqueItems(self, value: bool, schema: Mapping[str, Any]) -> list[str]:
        return ["if isinstance(v, list) and not _unique(v): return False"] if value else []
