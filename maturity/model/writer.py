"""Write an organization model as TOML, the format consultants read and edit by hand.

Hand-written rather than ``tomli_w`` so the file looks like the examples:
``[organization]``, one ``[[roles]]`` and ``[[flows]]`` table per item with the
identifying keys first, short lists inline (``content = ["value", "scenarios"]``),
Unicode kept as is. Every document is parsed back and compared with the data
before it is returned, so what is written is exactly what was planned.
"""

from __future__ import annotations

import datetime
import json
import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from maturity.model.validate import Model
from maturity.output import write_atomic

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+\Z")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
            "\r": "\\r"}  # fmt: skip

#: Keys written first, in this order, in each kind of table.
_LEADING: Mapping[str, tuple[str, ...]] = {
    "": ("schema_version", "organization", "roles", "flows", "practices"),
    "organization": ("name", "currency", "arr", "acv", "product_type", "headcount"),
    "roles": ("id", "kind", "name", "parent", "headcount", "okrs", "members"),
    "flows": ("from", "to", "kind", "name"),
}


def dumps_model(data: Mapping[str, Any], header: Sequence[str] = ()) -> str:
    """The model ``data`` as a TOML document, with ``header`` lines as leading comments."""
    body: list[str] = []
    _table((), data, body)
    comments = "\n".join(f"# {line}".rstrip() for line in header)
    text = "\n\n".join(p for p in (comments, "\n".join(body).strip("\n")) if p) + "\n"
    if tomllib.loads(text) != data:
        raise ValueError("the TOML writer lost information; please report this model")
    return text


def write_model(path: str | Path, model: Model, header: Sequence[str] = ()) -> None:
    """Write ``model`` atomically: JSON when ``path`` ends in ``.json``, else TOML."""
    if Path(path).suffix.lower() == ".json":
        write_atomic(path, json.dumps(model.data, ensure_ascii=False, indent=2) + "\n")
    else:
        write_atomic(path, dumps_model(model.data, header))


def _ordered(path: tuple[str, ...], table: Mapping[str, Any]) -> list[tuple[str, Any]]:
    leading = _LEADING.get(path[-1] if path else "", ())
    first = [(k, table[k]) for k in leading if k in table]
    return first + [(k, v) for k, v in table.items() if k not in leading]


def _is_table(value: Any) -> bool:
    return isinstance(value, Mapping)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _table(path: tuple[str, ...], table: Mapping[str, Any], lines: list[str]) -> None:
    """Write a table's plain values, then its sub-tables and arrays of tables, in key order."""
    items = _ordered(path, table)
    for key, value in items:
        if not _is_table(value) and not _is_table_array(value):
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in items:
        inner = (*path, key)
        header = ".".join(_key(k) for k in inner)
        if _is_table(value):
            lines += ["", f"[{header}]"]
            _table(inner, value, lines)
        elif _is_table_array(value):
            for item in value:
                lines += ["", f"[[{header}]]"]
                _table(inner, item, lines)


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _string(key)


def _string(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _float(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)
