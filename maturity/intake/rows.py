"""Tables back into a model, every problem located by table, row and column.

Cell problems (a number that is not one, an unknown column) are found while
reading; the model's own checks (unknown kinds, dangling ids, cycles) run
after, and their locations (``flows[3].to``) are translated back to the
sheet, row and column the consultant typed them in.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from maturity.errors import ModelError, Problem
from maturity.intake.tables import (
    KEY_HEADER,
    VALUE_HEADER,
    CellError,
    Column,
    Table,
    column_key,
    columns,
    decode,
)
from maturity.model.vocabulary import Vocabulary, did_you_mean

Spot = tuple[str, int, int]  # sheet, row (1-based), column (1-based)
_PATH = re.compile(r"^(roles|flows)\[(\d+)\](?:\.([A-Za-z_]+))?|^(organization|practices)\.(\S+)")


class Reader:
    """Collects the model's data, the spot of every value, and the problems found."""

    def __init__(
        self,
        source: str,
        practices: Mapping[str, Any] | None = None,
        sources: Mapping[str, str] | None = None,
    ):
        self.source = source
        self.sources = dict(sources or {})
        self.practices = practices
        self.problems: list[Problem] = []
        self.spots: dict[str, Spot] = {}

    def problem(self, spot: Spot | None, message: str, key: str = "") -> None:
        source = self.sources.get(spot[0], self.source) if spot else self.source
        self.problems.append(Problem(source, where(spot, key), message))

    def read(self, tables: Mapping[str, Table], empty: set[str]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name in ("roles", "flows"):
            if name in tables:
                items = self._items(tables[name])
                if items or name in empty:
                    data[name] = items
        org = self._keyed(tables["organization"]) if "organization" in tables else {}
        if "schema_version" in org:
            data["schema_version"] = org.pop("schema_version")
        data["organization"] = org
        if "practices" in tables:
            practices = self._keyed(tables["practices"])
            if practices or "practices" in empty:
                data["practices"] = practices
        return {
            k: data[k]
            for k in ("schema_version", "organization", "roles", "flows", "practices")
            if k in data
        }

    def _keyed(self, table: Table) -> dict[str, Any]:
        cols = {c.key: c for c in columns(table.name, self.practices)}
        key_at, value_at = _keyed_columns(table.header)
        out: dict[str, Any] = {}
        for row, line in zip(table.rows, table.where, strict=True):
            key = row[key_at] if key_at < len(row) else None
            value = row[value_at] if value_at < len(row) else None
            if key in (None, "") or value in (None, ""):
                continue
            spot = (table.name, line, value_at + 1)
            column = cols.get(str(key))
            if column is None:
                hint = did_you_mean(str(key), cols)
                self.problem((table.name, line, key_at + 1), f"unknown field '{key}'{hint}")
                continue
            self._put(out, column, value, spot, f"{table.name}.{key}")
        return out

    def _put(self, out: dict[str, Any], column: Column, value: Any, spot: Spot, path: str) -> None:
        try:
            decoded = decode(value, column)
        except CellError as exc:
            self.problem(spot, str(exc), column.key)
            return
        self.spots[path] = spot
        head, _, tail = column.key.partition(".")
        if tail:
            out.setdefault(head, {})[tail] = decoded
        else:
            out[head] = decoded

    def _items(self, table: Table) -> list[dict[str, Any]]:
        cols = {c.key: c for c in columns(table.name)}
        keys: list[Column | None] = []
        for index, text in enumerate(table.header):
            key = column_key(text, cols)
            if key is None and text not in (None, ""):
                hint = did_you_mean(str(text).split(" ")[0], cols)
                self.problem((table.name, 1, index + 1), f"unknown column '{text}'{hint}")
            keys.append(cols[key] if key else None)
        items: list[dict[str, Any]] = []
        for row, line in zip(table.rows, table.where, strict=True):
            if all(cell in (None, "") for cell in row):
                continue
            item: dict[str, Any] = {}
            path = f"{table.name}[{len(items)}]"
            self.spots[path] = (table.name, line, 1)
            for index, cell in enumerate(row):
                column = keys[index] if index < len(keys) else None
                if column is not None and cell not in (None, ""):
                    self._put(
                        item, column, cell, (table.name, line, index + 1), f"{path}.{column.key}"
                    )
            items.append(item)
        return items

    def locate(self, problem: Problem) -> Problem:
        """A model problem with its location turned into sheet, row and column."""
        spot, key = self._spot(problem.location)
        if spot is None:
            return problem
        source = self.sources.get(spot[0], self.source)
        return Problem(source, where(spot, key), problem.message)

    def _spot(self, location: str) -> tuple[Spot | None, str]:
        match = _PATH.match(location)
        if not match:
            return None, ""
        if match.group(1):
            item = f"{match.group(1)}[{match.group(2)}]"
            key = match.group(3) or ""
            return self.spots.get(f"{item}.{key}") or self.spots.get(item), key
        key = match.group(5).split("[")[0]
        return self.spots.get(f"{match.group(4)}.{key}"), key


def column_letter(index: int) -> str:
    """Spreadsheet column name of 1-based ``index``: 1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _keyed_columns(head: Sequence[Any]) -> tuple[int, int]:
    keys = [column_key(h, (KEY_HEADER, VALUE_HEADER)) for h in head]
    key_at = keys.index(KEY_HEADER) if KEY_HEADER in keys else 0
    value_at = keys.index(VALUE_HEADER) if VALUE_HEADER in keys else 1
    return key_at, value_at


def where(spot: Spot | None, key: str = "") -> str:
    """``sheet roles, row 5, column B (kind)``."""
    if spot is None:
        return ""
    sheet, row, col = spot
    text = f"sheet {sheet}, row {row}, column {column_letter(col)}"
    return f"{text} ({key})" if key else text


def tables_to_model(
    tables: Mapping[str, Table],
    source: str,
    vocabulary: Vocabulary,
    empty: Collection[str] = (),
    sources: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Read tables into validated model data; raise :class:`ModelError` with located problems."""
    from maturity.model import validate_data

    reader = Reader(source, vocabulary.practices, sources)
    missing = [name for name in ("organization",) if name not in tables]
    for name in missing:
        reader.problem(None, f"no '{name}' sheet: the organization's name at least is needed")
    data = reader.read(tables, set(empty))
    if reader.problems:
        raise ModelError(reader.problems)
    try:
        validate_data(data, source, vocabulary)
    except ModelError as exc:
        raise ModelError([reader.locate(p) for p in exc.problems]) from None
    return data
