"""The model as CSV files, one per table, for teams who keep roles and flows in other tools.

``roles.csv`` and ``flows.csv`` have the workbook's columns; ``organization.csv``
and ``practices.csv`` its field/value lists. Files are UTF-8 with a byte-order
mark, so spreadsheet programs open Chinese text correctly. An import takes a
folder of such files, or the files themselves (named by the table they hold).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from maturity.errors import ModelError, Problem
from maturity.intake.tables import SHEETS, Table, model_tables
from maturity.model.vocabulary import Vocabulary


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv(
    folder: str | Path, data: Mapping[str, Any], vocabulary: Vocabulary, lang: str = "en"
) -> list[Path]:
    """Write one CSV per table into ``folder`` (atomically each); return the paths."""
    from maturity.errors import OutputError
    from maturity.output import write_atomic

    target = Path(folder)
    if not target.is_dir():
        raise OutputError(f"{folder}: with --format csv, -o must name an existing folder")
    tables, _ = model_tables(data, vocabulary.practices, lang)
    written = []
    for table in tables:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(table.header)
        writer.writerows([_text(v) for v in row] for row in table.rows)
        path = target / f"{table.name}.csv"
        write_atomic(path, "\ufeff" + buffer.getvalue())
        written.append(path)
    return written


def csv_files(paths: Sequence[str | Path]) -> dict[str, Path]:
    """The tables' files among ``paths`` (folders are searched for ``<table>.csv``)."""
    found: dict[str, Path] = {}
    for item in map(Path, paths):
        candidates = [item / f"{name}.csv" for name in SHEETS] if item.is_dir() else [item]
        for path in candidates:
            if path.stem in SHEETS and path.is_file():
                found[path.stem] = path
            elif not item.is_dir():
                known = ", ".join(f"{n}.csv" for n in SHEETS)
                message = "no such file" if not path.exists() else f"expected one of {known}"
                raise ModelError([Problem(str(path), "", message)])
    return found


def read_csv(paths: Sequence[str | Path], vocabulary: Vocabulary) -> dict[str, Any]:
    """Read CSV tables into validated model data; located problems raise ModelError."""
    from maturity.intake.rows import tables_to_model

    files = csv_files(paths)
    if not files:
        where = ", ".join(str(p) for p in paths)
        raise ModelError(
            [Problem(where, "", "no organization.csv, roles.csv, flows.csv or practices.csv here")]
        )
    tables = {name: _read(name, path) for name, path in files.items()}
    source = str(files.get("organization") or next(iter(files.values())))
    empty = {name for name in ("roles", "flows") if name in tables}
    sources = {name: str(path) for name, path in files.items()}
    return tables_to_model(tables, source, vocabulary, empty, sources)


def _read(name: str, path: Path) -> Table:
    try:
        text = path.read_bytes().decode("utf-8-sig")  # not read_text: keep \r inside cells
    except UnicodeDecodeError as exc:
        raise ModelError([Problem(str(path), "", f"not UTF-8 text (byte {exc.start})")]) from None
    except OSError as exc:
        raise ModelError([Problem(str(path), "", f"cannot read: {exc.strerror}")]) from None
    try:
        rows: list[list[Any]] = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ModelError([Problem(str(path), "", f"invalid CSV: {exc}")]) from None
    header = rows[0] if rows else []
    body = rows[1:]
    return Table(name, list(header), body, list(range(2, len(body) + 2)))
