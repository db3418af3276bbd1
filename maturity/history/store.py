"""The assessment history: an embedded SQLite file that several runs may write at once.

Each ``maturity assess --record`` adds one row: the report contract, the model
as assessed, its hash, the engine and pack versions, the date. Safe for
concurrent writers: write-ahead logging, a busy timeout, and every write in
an immediate transaction. The schema is versioned (``PRAGMA user_version``)
and migrated forward in order; a file written by a newer maturity is refused
rather than guessed at.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maturity.errors import MaturityError

#: Default location, relative to the model's folder.
DEFAULT_NAME = Path(".maturity") / "history.sqlite"
#: Environment variable naming the history file (``--history`` wins over it).
ENV = "MATURITY_HISTORY"
#: Seconds a writer waits for another one to finish.
BUSY_TIMEOUT = 30.0

#: Migrations in order: migration ``i`` brings the schema from version ``i`` to ``i + 1``.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE assessments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        client TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        source TEXT NOT NULL,
        model_hash TEXT NOT NULL,
        model_json TEXT NOT NULL,
        report_json TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        packs_json TEXT NOT NULL,
        level TEXT NOT NULL,
        stages_json TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX assessments_client ON assessments (client, recorded_at);
    """,
)


class HistoryError(MaturityError):
    """The history file cannot be opened, read or written."""


@dataclass(frozen=True)
class Entry:
    """One recorded assessment, as ``maturity history`` lists it."""

    id: int
    client: str
    recorded_at: str
    source: str
    model_hash: str
    engine_version: str
    packs: Mapping[str, str]
    level: str
    stages: Mapping[str, float | None]
    label: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "client": self.client,
            "recorded_at": self.recorded_at,
            "source": self.source,
            "model_hash": self.model_hash,
            "engine_version": self.engine_version,
            "packs": dict(self.packs),
            "level": self.level,
            "stages": dict(self.stages),
            "label": self.label,
        }


@dataclass(frozen=True)
class Record:
    """A recorded assessment in full: its entry, the model data and the report contract."""

    entry: Entry
    model: Mapping[str, Any]
    report: Mapping[str, Any]


def model_hash(data: Mapping[str, Any]) -> str:
    """A stable hash of a model's data (key order and formatting do not count)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_path(model: str | Path | None = None, explicit: str | None = None) -> Path:
    """``--history`` if given, else ``$MATURITY_HISTORY``, else ``.maturity/`` beside the model."""
    if explicit:
        return Path(explicit)
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    folder = Path(model).resolve().parent if model else Path.cwd()
    return folder / DEFAULT_NAME


def now() -> str:
    """The current UTC time, to the second, in ISO 8601 (sortable as text)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class HistoryStore:
    """The history file at ``path``: opened (and migrated) on first use, closed by ``close``."""

    def __init__(self, path: str | Path, create: bool = True):
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        self.create = create

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        if not self.path.exists() and not self.create:
            raise HistoryError(
                f"{self.path}: no assessment history here (record one with "
                "`maturity assess MODEL --record`)"
            )
        if self.create:
            self._make_folder()
        try:
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            db.execute("PRAGMA journal_mode = WAL")
            migrate(db, MIGRATIONS)
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"{self.path}: not a maturity history file ({exc})") from None
        except HistoryError as exc:
            raise HistoryError(f"{self.path}: {exc}") from None
        return db

    def _make_folder(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryError(f"{self.path}: cannot create its folder: {exc.strerror}") from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise HistoryError(f"{self.path}: cannot write: {exc}") from None
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def record(
        self,
        client: str,
        model: Mapping[str, Any],
        report: Mapping[str, Any],
        source: str = "",
        label: str = "",
        when: str | None = None,
    ) -> Entry:
        """Store one assessment; return its entry (with the id it got)."""
        row = _row(client, model, report, source, label, when or now())
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        try:
            with self._write() as db:
                cursor = db.execute(
                    f"INSERT INTO assessments ({columns}) VALUES ({marks})", tuple(row.values())
                )
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"{self.path}: cannot record: {exc}") from None
        return self.get(int(cursor.lastrowid or 0)).entry

    def entries(self, client: str | None = None) -> list[Entry]:
        """Recorded assessments, oldest first; only ``client``'s when given (case-insensitive)."""
        query = f"SELECT {_ENTRY_COLUMNS} FROM assessments"
        args: tuple[str, ...] = ()
        if client is not None:
            query += " WHERE lower(client) = lower(?)"
            args = (client,)
        rows = self._read(query + " ORDER BY recorded_at, id", args)
        return [_entry(row) for row in rows]

    def clients(self) -> list[str]:
        return [r[0] for r in self._read("SELECT DISTINCT client FROM assessments ORDER BY 1")]

    def get(self, ident: int) -> Record:
        rows = self._read(
            f"SELECT {_ENTRY_COLUMNS}, model_json, report_json FROM assessments WHERE id = ?",
            (ident,),
        )
        if not rows:
            raise HistoryError(
                f"{self.path}: no recorded assessment #{ident} (`maturity history` lists them)"
            )
        row = rows[0]
        return Record(_entry(row[:-2]), json.loads(row[-2]), json.loads(row[-1]))

    def _read(self, query: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return list(self.db.execute(query, tuple(args)))
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"{self.path}: cannot read: {exc}") from None


_ENTRY_COLUMNS = (
    "id, client, recorded_at, source, model_hash, engine_version, packs_json, level, "
    "stages_json, label"
)


def _row(
    client: str,
    model: Mapping[str, Any],
    report: Mapping[str, Any],
    source: str,
    label: str,
    when: str,
) -> dict[str, Any]:
    packs = {p["id"]: p["version"] for p in report.get("packs", [])}
    stages = {name: s.get("score") for name, s in report.get("stages", {}).items()}
    kept = {k: v for k, v in report.items() if k not in ("graph", "history")}
    return {
        "client": client,
        "recorded_at": when,
        "source": source,
        "model_hash": model_hash(model),
        "model_json": json.dumps(model, ensure_ascii=False, sort_keys=True, default=str),
        "report_json": json.dumps(kept, ensure_ascii=False, sort_keys=True),
        "engine_version": str(report.get("tool", {}).get("version", "")),
        "packs_json": json.dumps(packs, sort_keys=True),
        "level": str(report.get("level", {}).get("achieved", "")),
        "stages_json": json.dumps(stages, sort_keys=True),
        "label": label,
    }


def _entry(row: Sequence[Any]) -> Entry:
    ident, client, when, source, digest, engine, packs, level, stages, label = row
    return Entry(
        int(ident),
        client,
        when,
        source,
        digest,
        engine,
        json.loads(packs),
        level,
        json.loads(stages),
        label,
    )


def migrate(db: sqlite3.Connection, migrations: Sequence[str]) -> int:
    """Bring the schema to ``len(migrations)``, in one immediate transaction; return it."""
    target = len(migrations)
    if _version(db) == target:
        return target
    db.execute("BEGIN IMMEDIATE")
    try:
        current = _version(db)  # another writer may have migrated while this one waited
        if current > target:
            raise HistoryError(
                f"schema version {current} is newer than this maturity reads ({target}); "
                "upgrade maturity"
            )
        for step in range(current, target):
            for statement in migrations[step].split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {step + 1}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return target


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])
