"""The model as an Excel workbook (``.xlsx``), for consultants who collect it in a spreadsheet.

Sheets ``organization`` and ``practices`` are field/value lists (every known
field listed, empty when not stated); ``roles`` and ``flows`` have one row
per role or flow. Drop-downs come from the vocabulary in force (plugins'
kinds included) and from the roles sheet's ids. Text is stored as text,
never as a formula, and characters a workbook cannot hold are escaped the
way the file format specifies (``_x001B_``), so the round trip is exact.
Needs the ``sheets`` extra (openpyxl).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from maturity.errors import ModelError, Problem
from maturity.intake.tables import KEYED, SHEETS, Column, Table, columns, model_tables
from maturity.model.vocabulary import CADENCES, FLOW_KINDS, ROLE_KINDS, Vocabulary

LISTS, META = "lists", "about"
#: Rows each id drop-down reaches below the last role, so new rows get one too.
SPARE_ROWS = 300
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\r\x0e-\x1f\ufffe\uffff]")  # XML reads \r as \n
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_BIG = 2**53


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        from maturity.errors import UsageError

        raise UsageError(
            "workbooks need openpyxl: pip install 'maturity[sheets]' (or use --format csv)"
        ) from None
    return openpyxl


def escape(text: str) -> str:
    """Text as a workbook cell holds it: OOXML ``_xHHHH_`` escapes for what XML cannot carry."""
    text = _ESCAPED.sub(lambda m: "_x005F" + m.group(0), text)
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _BIG:
        return str(value)  # a spreadsheet number is a double: keep every digit as text
    if isinstance(value, float) and float(f"{value:.15g}") != value:
        return repr(value)  # more digits than a spreadsheet keeps: as text, exactly
    return value


def _ordered(kinds: frozenset[str], builtin: Sequence[str]) -> list[str]:
    return [k for k in builtin if k in kinds] + sorted(kinds - set(builtin))


def write_workbook(
    path: str | Path, data: Mapping[str, Any], vocabulary: Vocabulary, lang: str = "en"
) -> None:
    """Write ``data`` (a validated model) to ``path`` as an ``.xlsx`` workbook, atomically."""
    from maturity.output import write_atomic

    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    book.remove(book.active)
    tables, empty = model_tables(data, vocabulary.practices, lang)
    lists = _lists_sheet(book, vocabulary)
    rows_for_ids = len(data.get("roles", [])) + SPARE_ROWS
    for table in tables:
        sheet = _table_sheet(book, table)
        _validations(sheet, table, vocabulary, lists, rows_for_ids)
    meta = book.create_sheet(META)
    meta.append(["maturity workbook", 1])
    meta.append(["empty but present", "\n".join(sorted(empty))])
    meta.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(path, buffer.getvalue())


def _table_sheet(book: Any, table: Table) -> Any:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(table.name)
    sheet.append(table.header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_cell(v) for v in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":  # text that starts with '=' stays text
                cell.data_type = "s"
            if isinstance(cell.value, str) and "\n" in cell.value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    for index, text in enumerate(table.header, start=1):
        letter = sheet.cell(1, index).column_letter
        sheet.column_dimensions[letter].width = max(12, min(40, len(str(text)) + 4))
    return sheet


def _lists_sheet(book: Any, vocabulary: Vocabulary) -> dict[str, str]:
    """A hidden sheet of the drop-downs' choices; returns a range per list name."""
    choices = {
        "role_kind": _ordered(vocabulary.role_kinds, ROLE_KINDS),
        "flow_kind": _ordered(vocabulary.flow_kinds, FLOW_KINDS),
        "cadence": list(CADENCES),
        "boolean": ["TRUE", "FALSE"],
    }
    for col in [*columns("organization"), *columns("practices", vocabulary.practices)]:
        if "enum" in col.spec:
            choices[col.key] = [str(v) for v in col.spec["enum"]]
    sheet = book.create_sheet(LISTS)
    ranges = {}
    for index, (name, values) in enumerate(choices.items(), start=1):
        letter = sheet.cell(1, index).column_letter
        sheet.cell(1, index, name)
        for row, value in enumerate(values, start=2):
            sheet.cell(row, index, value)
        ranges[name] = f"{LISTS}!${letter}$2:${letter}${len(values) + 1}"
    sheet.sheet_state = "hidden"
    return ranges


def _list_for(col: Column, lists: Mapping[str, str], ids: str) -> str | None:
    if col.key == "kind":
        return None  # decided by the sheet (role or flow kinds)
    if col.key in ("parent", "from", "to"):
        return ids
    if col.kind == "boolean":
        return lists["boolean"]
    if col.key == "cadence":
        return lists["cadence"]
    return lists.get(col.key) if "enum" in col.spec else None


def _validations(
    sheet: Any, table: Table, vocabulary: Vocabulary, lists: Mapping[str, str], id_rows: int
) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    ids = f"roles!$A$2:$A${id_rows + 1}"
    last = max(len(table.rows), 0) + SPARE_ROWS + 1

    def add(formula: str, cells: str) -> None:
        rule = DataValidation(type="list", formula1=f"={formula}", allow_blank=True)
        rule.error, rule.errorTitle = "Choose a value from the list.", "maturity"
        sheet.add_data_validation(rule)
        rule.add(cells)

    if table.name in KEYED:
        for offset, row in enumerate(table.rows, start=2):
            col = _keyed_column(table.name, str(row[0]), vocabulary)
            formula = _list_for(col, lists, ids) if col else None
            if formula:
                add(formula, f"B{offset}")
        return
    for index, col in enumerate(columns(table.name), start=1):
        letter = sheet.cell(1, index).column_letter
        kind_list = lists["role_kind" if table.name == "roles" else "flow_kind"]
        formula = kind_list if col.key == "kind" else _list_for(col, lists, ids)
        if formula:
            add(formula, f"{letter}2:{letter}{last}")


def _keyed_column(sheet: str, key: str, vocabulary: Vocabulary) -> Column | None:
    for col in columns(sheet, vocabulary.practices):
        if col.key == key:
            return col
    return None


# ------------------------------------------------------------------ reading


def read_workbook(path: str | Path, vocabulary: Vocabulary) -> dict[str, Any]:
    """Read a workbook into validated model data; located problems raise ModelError."""
    from maturity.intake.rows import tables_to_model

    source = str(path)
    book = _load(path)
    tables = {}
    for name in SHEETS:
        if name in book.sheetnames:
            tables[name] = _read_sheet(book[name])
    empty: set[str] = set()
    if META in book.sheetnames:
        flags = book[META].cell(2, 2).value
        empty = set(str(flags).split("\n")) if flags else set()
    return tables_to_model(tables, source, vocabulary, empty)


def _load(path: str | Path) -> Any:
    openpyxl = _openpyxl()
    source = str(path)
    if not Path(path).is_file():
        raise ModelError([Problem(source, "", "no such file")])
    try:
        return openpyxl.load_workbook(path, data_only=True, read_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        message = f"not an Excel workbook (.xlsx) that can be read: {exc}"
        raise ModelError([Problem(source, "", message)]) from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on broken files
        message = f"not an Excel workbook (.xlsx) that can be read: {type(exc).__name__}"
        raise ModelError([Problem(source, "", message)]) from None


def _read_sheet(sheet: Any) -> Table:
    rows = [[_value(c) for c in row] for row in sheet.iter_rows()]
    header = rows[0] if rows else []
    body = rows[1:]
    return Table(sheet.title, header, body, list(range(2, len(body) + 2)))


def _value(cell: Any) -> Any:
    value = cell.value
    if isinstance(value, str):
        return unescape(value)
    if value is not None and not isinstance(value, (bool, int, float)):
        return str(value)  # a date or a time the consultant typed: its text
    return value
