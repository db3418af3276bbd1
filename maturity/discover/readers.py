"""Read event logs into one DuckDB table, ``events``, with located errors for bad input.

Every log becomes rows of ``case_id``, ``activity``, ``resource``, ``ts``
(microseconds since 1970, UTC), ``role`` (the role column, if any) and the
attribute columns a mapping asks for, all text. The table's ``rowid`` is the
input order (files in the order given, rows in file order): it breaks ties
between events of a case with the same timestamp.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maturity.discover.words import words
from maturity.errors import InputError, Problem

#: The standard columns and the names recognised for each, in order of preference.
ALIASES: Mapping[str, tuple[str, ...]] = {
    "case": ("case", "case:concept:name", "case_id", "case id"),
    "activity": ("activity", "concept:name"),
    "resource": ("resource", "org:resource"),
    "timestamp": ("timestamp", "time:timestamp"),
    "role": ("role", "org:role", "department"),
}
REQUIRED = ("case", "resource", "timestamp")
FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}
_TIME_TYPES = (
    "TIMESTAMP",
    "DATE",
    "TIMESTAMP WITH TIME ZONE",
    "TIMESTAMP_NS",
    "TIMESTAMP_MS",
    "TIMESTAMP_S",
)
MAX_SHOWN = 5

Progress = Callable[[str], None]


class LogError(InputError):
    """An event log (or the mapping's view of it) that cannot be read."""


@dataclass(frozen=True)
class Source:
    """One file of the log: where its rows start in ``events`` and how to name a row."""

    path: str
    fmt: str
    start: int
    rows: int = 0

    def where(self, rowid: int) -> tuple[str, int | None, str]:
        """File, line (CSV and JSON Lines) and a row label for the event at ``rowid``."""
        index = rowid - self.start
        if self.fmt == "csv":
            return self.path, index + 2, ""
        if self.fmt == "jsonl":
            return self.path, index + 1, ""
        return self.path, None, f"row {index + 1}"


@dataclass
class EventLog:
    """The ``events`` table on ``con`` and what it was read from."""

    con: Any
    sources: list[Source] = field(default_factory=list)
    has_activity: bool = False
    has_role: bool = False
    attributes: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        return sum(s.rows for s in self.sources)

    def source_of(self, rowid: int) -> Source:
        return next(s for s in reversed(self.sources) if s.start <= rowid)


@dataclass(frozen=True)
class Request:
    """What to read: column names from the mapping, attribute columns, what is required."""

    columns: Mapping[str, str] = field(default_factory=dict)
    attributes: tuple[str, ...] = ()
    need_activity: bool = False
    bucket: tuple[int, int] | None = None  # (k, n): only cases with hash(case) % n == k


def fmt_of(path: str) -> str:
    name = path.lower().removesuffix(".gz")
    fmt = FORMATS.get(Path(name).suffix)
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise LogError([Problem(path, "", f"unknown log type (known: {known})")])
    return fmt


def read_logs(
    con: Any, paths: Sequence[str], request: Request, progress: Progress | None = None
) -> EventLog:
    """Read every log in ``paths`` into ``events``; raise :class:`LogError` on bad input."""
    log = EventLog(con, attributes=request.attributes)
    with tempfile.TemporaryDirectory(prefix="maturity-discover-") as scratch:
        for number, path in enumerate(paths):
            if progress:
                progress(words("reading", path=path, n=number + 1, total=len(paths)))
            _read_one(log, path, request, Path(scratch), first=number == 0)
    problems = list(_value_problems(log))
    if not problems and log.size == 0:
        problems.append(Problem(", ".join(paths), "", "the log has no events"))
    if problems:
        raise LogError(problems)
    if progress:
        progress(words("read", events=log.size, files=len(paths)))
    return log


def _scan_sql(path: str, fmt: str) -> str:
    quoted = _literal(path)
    if fmt == "csv":
        return f"read_csv({quoted}, header = true, all_varchar = true)"
    if fmt == "parquet":
        return f"read_parquet({quoted})"
    return f"read_json({quoted}, format = 'newline_delimited')"


def _read_one(log: EventLog, path: str, request: Request, scratch: Path, first: bool) -> None:
    fmt = fmt_of(path)
    if not Path(path).is_file():
        raise LogError([Problem(path, "", "no such file")])
    if fmt == "json":
        from maturity.discover.adapters import to_jsonl

        target = scratch / f"{len(log.sources)}.jsonl"
        to_jsonl(path, target)
        scan, fmt = _scan_sql(str(target), "jsonl"), "json"
    else:
        scan = _scan_sql(path, fmt)
    columns = _describe(log.con, scan, path)
    chosen = _resolve(path, columns, request)
    if first:
        log.has_activity = "activity" in chosen
        log.has_role = "role" in chosen
    select = _select_sql(scan, chosen, columns, log, request)
    start = log.size
    verb = "CREATE TABLE events AS " if first else "INSERT INTO events "
    try:
        log.con.execute(verb + select)
    except duckdb_error() as exc:  # a file DuckDB cannot read
        raise LogError([Problem(path, "", f"cannot read: {_short(exc)}")]) from None
    rows = log.con.execute("SELECT count(*) FROM events").fetchone()[0] - start
    log.sources.append(Source(path, "json" if fmt == "json" else fmt, start, rows))


def _describe(con: Any, scan: str, path: str) -> dict[str, str]:
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()
    except duckdb_error() as exc:  # an empty or broken file
        message = _short(exc)
        if "empty" in message.lower() or "no columns" in message.lower():
            raise LogError([Problem(path, "", "the log is empty")]) from None
        raise LogError([Problem(path, "", f"cannot read: {message}")]) from None
    return {str(name): str(kind) for name, kind, *_ in rows}


def duckdb_error() -> type[Exception]:
    from maturity.discover.engine import duckdb_module

    error: type[Exception] = duckdb_module().Error
    return error


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _find(columns: Mapping[str, str], names: Sequence[str]) -> str | None:
    for name in names:
        if name in columns:
            return name
    lowered = {c.lower(): c for c in columns}
    return next((lowered[n.lower()] for n in names if n.lower() in lowered), None)


def _resolve(path: str, columns: Mapping[str, str], request: Request) -> dict[str, str]:
    """Standard name → column of this file; every missing required column is a problem."""
    chosen: dict[str, str] = {}
    problems = []
    need = (*REQUIRED, "activity") if request.need_activity else REQUIRED
    for standard, aliases in ALIASES.items():
        names = (request.columns[standard],) if standard in request.columns else aliases
        found = _find(columns, names)
        if found is not None:
            chosen[standard] = found
        elif standard in need or standard in request.columns:
            problems.append(_missing(path, standard, names, columns))
    for name in request.attributes:
        if name not in columns and name not in chosen.values():
            problems.append(_missing(path, name, (name,), columns))
    if problems:
        raise LogError(problems)
    return chosen


def _missing(path: str, what: str, names: Sequence[str], columns: Mapping[str, str]) -> Problem:
    looked = ", ".join(f"'{n}'" for n in names)
    have = ", ".join(list(columns)[:20]) or "none"
    return Problem(
        path, "columns", f"missing column for {what} (looked for {looked}; the file has: {have})"
    )


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _text(column: str | None) -> str:
    return "NULL::VARCHAR" if column is None else f"CAST({_ident(column)} AS VARCHAR)"


def _timestamp(column: str, kind: str) -> tuple[str, str]:
    """SQL for the timestamp in microseconds, and for its raw text when it does not parse."""
    col = _ident(column)
    if kind.upper() in _TIME_TYPES:
        return f"epoch_us(CAST({col} AS TIMESTAMPTZ))", f"CAST({col} AS VARCHAR)"
    parsed = f"epoch_us(TRY_CAST(CAST({col} AS VARCHAR) AS TIMESTAMPTZ))"
    return parsed, f"coalesce(CAST({col} AS VARCHAR), '')"


def _select_sql(
    scan: str,
    chosen: Mapping[str, str],
    columns: Mapping[str, str],
    log: EventLog,
    request: Request,
) -> str:
    ts, raw = _timestamp(chosen["timestamp"], columns[chosen["timestamp"]])
    parts = [
        f"{_text(chosen['case'])} AS case_id",
        f"{_text(chosen.get('activity') if log.has_activity else None)} AS activity",
        f"{_text(chosen['resource'])} AS resource",
        f"{ts} AS ts",
        f"{_text(chosen.get('role') if log.has_role else None)} AS role",
        *(f"{_text(name)} AS {_ident('a:' + name)}" for name in request.attributes),
        f"CASE WHEN {ts} IS NULL THEN {raw} END AS bad_ts",
    ]
    where = ""
    if request.bucket is not None:
        k, n = request.bucket
        where = f" WHERE hash({_text(chosen['case'])}) % {int(n)} = {int(k)}"
    return f"SELECT {', '.join(parts)} FROM {scan}{where}"


def _value_problems(log: EventLog) -> Iterator[Problem]:
    """Empty cases or resources and timestamps that do not parse, located, a few of each."""
    if not log.sources:
        return
    checks = (
        (
            "timestamp",
            "bad_ts IS NOT NULL",
            "bad_ts",
            "cannot read {value!r} as a date and time (use ISO 8601, e.g. 2024-05-01T09:30:00Z)",
        ),
        ("case", "case_id IS NULL OR case_id = ''", "case_id", "the case is empty"),
        ("resource", "resource IS NULL OR resource = ''", "resource", "the resource is empty"),
    )
    for column, condition, value, message in checks:
        total = log.con.execute(f"SELECT count(*) FROM events WHERE {condition}").fetchone()[0]
        if not total:
            continue
        rows = log.con.execute(
            f"SELECT rowid, {value} FROM events WHERE {condition} ORDER BY rowid LIMIT {MAX_SHOWN}"
        ).fetchall()
        for rowid, found in rows:
            path, line, label = log.source_of(rowid).where(rowid)
            yield Problem(
                path, ", ".join(p for p in (label, column) if p), message.format(value=found), line
            )
        if total > MAX_SHOWN:
            yield Problem(log.sources[0].path, column, f"… and {total - MAX_SHOWN:,} more")
