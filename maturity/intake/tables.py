"""The model as four tables (organization, roles, flows, practices), and back.

Workbooks and CSV files share this layout. Columns follow the model's JSON
Schema, so a field the format gains is a column the next export carries.
Headers carry both languages (``kind · 类型``); an import accepts the key,
either language's label, or both. Cells convert by the field's schema type;
a list is one item per line (or a JSON array when an item would not survive
that: a line break inside, spaces around, a leading ``[``). Every problem is
reported with its table, row and column.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from maturity.intake.terms import field_name
from maturity.resources import schema

SHEETS = ("organization", "roles", "flows", "practices")
KEYED = ("organization", "practices")  # field/value tables; roles and flows are one row each
KEY_HEADER, VALUE_HEADER, MEANING_HEADER = "field", "value", "meaning"
SEP = " · "


@dataclass(frozen=True)
class Column:
    """One field: its key (dotted for a nested practice) and its JSON Schema."""

    key: str
    spec: Mapping[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        if "enum" in self.spec:
            return "enum"
        kind = self.spec.get("type", "any")
        return kind if isinstance(kind, str) else "any"

    def header(self) -> str:
        return header(self.key)


def header(key: str) -> str:
    """``kind · 类型``: the key, then the Chinese label (English labels are the keys' words)."""
    zh = field_name(key, "zh")
    return key if zh == key else f"{key}{SEP}{zh}"


def _resolve(spec: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = spec.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return {
            **schema("organization")["$defs"][ref.split("/")[-1]],
            **{k: v for k, v in spec.items() if k != "$ref"},
        }
    return spec


def _columns(props: Mapping[str, Any], prefix: str = "", nested: bool = True) -> list[Column]:
    """Columns for ``props``; with ``nested``, a table's fields get columns of their own
    (``issue_tracker.links_customers``), else the table is one cell of JSON."""
    out = []
    for key, spec in props.items():
        spec = _resolve(spec)
        if nested and spec.get("type") == "object" and "properties" in spec:
            out.append(Column(prefix + key, spec))  # the object itself: written only when empty
            out += _columns(spec["properties"], f"{prefix}{key}.")
        else:
            out.append(Column(prefix + key, spec))
    return out


def columns(sheet: str, practices: Mapping[str, Any] | None = None) -> list[Column]:
    """The columns (or, for keyed tables, the rows) of ``sheet``; plugins' practices included."""
    root = schema("organization")
    if sheet == "organization":
        top = Column("schema_version", root["properties"]["schema_version"])
        return [*_columns(root["properties"]["organization"]["properties"]), top]
    if sheet in ("roles", "flows"):
        return _columns(root["$defs"][sheet[:-1]]["properties"], nested=False)
    props = dict(root["$defs"]["practices"]["properties"])
    props.update(practices or {})
    return _columns(props)


# ------------------------------------------------------------------ cells


_NEEDS_JSON = re.compile(r"^\s|\s$|\n|\r|^\[|^$")


def encode(value: Any) -> Any:
    """A model value as a cell: scalars as they are, lists as lines (or JSON), objects as JSON."""
    if isinstance(value, list):
        texts = [v for v in value if isinstance(v, str)]
        if len(texts) != len(value) or any(_NEEDS_JSON.search(v) for v in texts) or not value:
            return json.dumps(value, ensure_ascii=False)
        return "\n".join(texts)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


class CellError(ValueError):
    """A cell whose text cannot stand for its field."""


_TRUE = {"true", "yes", "y", "1", "是", "对", "有"}
_FALSE = {"false", "no", "n", "0", "否", "不", "无"}


def decode(value: Any, column: Column) -> Any:
    """A cell as the model value its column expects; raise :class:`CellError` when it cannot be."""
    kind = column.kind
    if kind == "boolean":
        return _boolean(value)
    if kind in ("integer", "number"):
        return _number(value, kind)
    if kind == "array":
        return _list(value)
    if kind == "object" or kind == "any":
        return _json(value) if isinstance(value, str) and value[:1] in "[{" else value
    if isinstance(value, bool):
        raise CellError(f"expected a text, got {value}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, str) else str(value)


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"expected yes or no (true/false, 是/否), got {value!r}")


def _number(value: Any, kind: str) -> int | float:
    if isinstance(value, bool):
        raise CellError(f"expected a number, got {value}")
    if isinstance(value, (int, float)):
        if kind == "integer" and isinstance(value, float) and value.is_integer():
            return int(value)
        return value
    text = str(value).strip().replace(",", "")
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        raise CellError(f"expected a number, got {value!r}") from None
    return int(number) if kind == "integer" and number.is_integer() else number


def _list(value: Any) -> list[Any]:
    if not isinstance(value, str):
        return [value]
    if value.startswith("["):
        parsed = _json(value)
        if not isinstance(parsed, list):
            raise CellError("expected a list")
        return parsed
    return value.split("\n")


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise CellError(f"not a valid JSON list or table: {exc}") from None


# ------------------------------------------------------------------ tables


@dataclass
class Table:
    """A sheet's header and rows, as cells; ``where[i]`` locates row ``i`` (1-based, header 1)."""

    name: str
    header: list[str]
    rows: list[list[Any]]
    where: list[int] = field(default_factory=list)


def _keyed_rows(values: Mapping[str, Any], cols: Sequence[Column], lang: str) -> list[list[Any]]:
    rows = []
    known = {c.key for c in cols}
    flat = _flatten(values)
    for col in cols:
        rows.append(
            [col.key, encode(flat[col.key]) if col.key in flat else None, field_name(col.key, lang)]
        )
    rows += [[k, encode(v), ""] for k, v in flat.items() if k not in known]
    return rows


def _flatten(values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dict) and value and prefix == "":
            out.update(_flatten(value, f"{key}."))
        else:
            out[prefix + key] = value
    return out


def model_tables(
    data: Mapping[str, Any], practices: Mapping[str, Any] | None = None, lang: str = "en"
) -> tuple[list[Table], set[str]]:
    """The model as tables, and the parts present though empty (``roles = []`` is not an
    absent ``roles``: the workbook keeps that apart, so the round trip is exact)."""
    head = [header(KEY_HEADER), header(VALUE_HEADER), header(MEANING_HEADER)]
    org = dict(data["organization"])
    if "schema_version" in data:
        org["schema_version"] = data["schema_version"]
    tables = [Table("organization", head, _keyed_rows(org, columns("organization"), lang))]
    for sheet in ("roles", "flows"):
        cols = columns(sheet)
        rows = [
            [encode(item[c.key]) if c.key in item else None for c in cols]
            for item in data.get(sheet, [])
        ]
        extra = sorted({k for item in data.get(sheet, []) for k in item} - {c.key for c in cols})
        rows = [
            r + [encode(item.get(k)) for k in extra]
            for r, item in zip(rows, data.get(sheet, []), strict=True)
        ]
        tables.append(Table(sheet, [c.header() for c in cols] + extra, rows))
    prac = _keyed_rows(data.get("practices", {}), columns("practices", practices), lang)
    tables.append(Table("practices", head, prac))
    empty = {p for p in ("roles", "flows", "practices") if p in data and not data[p]}
    return tables, empty


def column_key(text: Any, known: Iterable[str]) -> str | None:
    """The field a header cell names: its key, ``key · label``, or either language's label."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    head = text.split(SEP)[0].strip()
    keys = list(known)
    if head in keys:
        return head
    for key in keys:
        if text in (field_name(key, "en"), field_name(key, "zh"), header(key)):
            return key
    return None
