"""The assessment history: recording, listing, migrations, concurrent writers, bad files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from maturity.history.store import HistoryError, HistoryStore, migrate, model_hash
from tests.helpers import EXAMPLES, run


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("beginner", "intermediate", "advanced"):
        (tmp_path / f"{name}.toml").write_text((EXAMPLES / f"{name}.toml").read_text("utf-8"))
    return tmp_path


def record(folder: Path, name: str, *extra: str) -> None:
    result = run("assess", str(folder / f"{name}.toml"), "--record", "--client", "FormHero", *extra)
    assert result.exit_code == 0, result.output
    assert "recorded assessment #" in result.stderr


def test_record_stores_report_model_hash_and_versions(folder: Path) -> None:
    record(folder, "beginner", "--label", "2026-Q1")
    path = folder / ".maturity" / "history.sqlite"
    with HistoryStore(path, create=False) as store:
        (entry,) = store.entries("formhero")  # any case
        full = store.get(entry.id)
    assert entry.level == "beginner" and entry.label == "2026-Q1"
    assert entry.packs["collaboration"] == "1.0.0"
    assert entry.model_hash == model_hash(full.model)
    assert full.report["level"]["achieved"] == "beginner"
    assert set(entry.stages) == {"refine", "deliver", "realize", "quantify"}


def test_history_lists_level_and_stages(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record(folder, "beginner")
    record(folder, "intermediate")
    monkeypatch.chdir(folder)
    result = run("history")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "refine" in lines[0] and len(lines) == 3
    assert "beginner" in lines[1] and "intermediate" in lines[2]
    zh = run("history", "FormHero", "--lang", "zh").output
    assert "初段" in zh and "中段" in zh and "价值提炼" in zh
    items = json.loads(run("history", "--format", "json").output)
    assert [i["level"] for i in items] == ["beginner", "intermediate"]
    beside = run("history", str(folder / "beginner.toml")).output  # the model's organization
    assert "No recorded assessments" in beside  # recorded under --client FormHero, not its name


def test_history_without_a_file_is_a_located_error(tmp_path: Path) -> None:
    result = run("history", "--history", str(tmp_path / "none.sqlite"))
    assert result.exit_code == 2
    assert "none.sqlite: no assessment history here" in result.stderr


def test_a_file_that_is_not_a_history_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "h.sqlite"
    bad.write_text("this is not sqlite " * 100)
    model = str(EXAMPLES / "beginner.toml")
    result = run("assess", model, "--record", "--history", str(bad))
    assert result.exit_code == 2
    assert "h.sqlite: not a maturity history file" in result.stderr
    assert bad.read_text().startswith("this is not sqlite")  # nothing overwritten


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    result = run("history", "--history", str(path))
    assert result.exit_code == 2
    assert "schema version 99 is newer" in result.stderr


def test_migrations_run_in_order_and_once(tmp_path: Path) -> None:
    steps = ("CREATE TABLE a (x INTEGER)", "ALTER TABLE a ADD COLUMN y TEXT; CREATE TABLE b (z)")
    db = sqlite3.connect(tmp_path / "m.sqlite", isolation_level=None)
    assert migrate(db, steps[:1]) == 1
    db.execute("INSERT INTO a (x) VALUES (1)")
    assert migrate(db, steps) == 2  # from 1 to 2 only: the table and its row survive
    assert migrate(db, steps) == 2
    assert list(db.execute("SELECT x, y FROM a")) == [(1, None)]
    assert db.execute("PRAGMA user_version").fetchone()[0] == 2


def test_a_failing_migration_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "m.sqlite", isolation_level=None)
    migrate(db, ("CREATE TABLE a (x)",))
    with pytest.raises(sqlite3.OperationalError):
        migrate(db, ("CREATE TABLE a (x)", "CREATE TABLE b (y); CREATE TABLE a (x)"))
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"a"}


def test_the_store_uses_write_ahead_logging(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite") as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_concurrent_record_runs_all_land(folder: Path) -> None:
    """Several `maturity assess --record` processes at once, on a fresh file."""
    env = {**os.environ, "MATURITY_NO_PLUGINS": "1"}
    names = ["beginner", "intermediate", "advanced", "beginner"]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "maturity",
                "assess",
                str(folder / f"{n}.toml"),
                "--record",
                "--client",
                "C",
                "-f",
                "json",
            ],
            env=env,
            stdout=subprocess.DEVNULL,  # never `-o /dev/null`: a device is not a report path
            stderr=subprocess.PIPE,
        )
        for n in names
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    with HistoryStore(folder / ".maturity" / "history.sqlite", create=False) as store:
        levels = sorted(e.level for e in store.entries("C"))
    assert levels == sorted(["beginner", "intermediate", "advanced", "beginner"])


def test_history_path_from_the_environment(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = folder / "elsewhere.sqlite"
    monkeypatch.setenv("MATURITY_HISTORY", str(target))
    record(folder, "beginner")
    assert target.exists() and not (folder / ".maturity").exists()


def test_record_with_several_models_records_each(folder: Path) -> None:
    out = folder / "out"
    out.mkdir()
    result = run(
        "assess",
        str(folder / "beginner.toml"),
        str(folder / "advanced.toml"),
        "--record",
        "-o",
        str(out),
        "-j",
        "1",
    )
    assert result.exit_code == 0, result.output
    with HistoryStore(folder / ".maturity" / "history.sqlite", create=False) as store:
        assert len(store.clients()) == 2


def test_store_errors_are_maturity_errors(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite") as store, pytest.raises(HistoryError, match="#7"):
        store.get(7)


def test_recorded_json_report_carries_history_and_fits_the_schema(folder: Path) -> None:
    import jsonschema

    from maturity.resources import schema

    record(folder, "beginner")
    result = run(
        "assess", str(folder / "advanced.toml"), "--record", "--client", "FormHero", "-f", "json"
    )
    report = json.loads(result.stdout)
    assert [h["level"] for h in report["history"]] == ["beginner", "advanced"]
    jsonschema.validate(report, schema("report"))
    plain = json.loads(run("assess", str(folder / "advanced.toml"), "-f", "json").output)
    assert "history" not in plain  # deterministic output unless asked


def test_trend_without_a_history_file_is_a_note(tmp_path: Path) -> None:
    result = run(
        "assess",
        str(EXAMPLES / "beginner.toml"),
        "--trend",
        "--history",
        str(tmp_path / "none.sqlite"),
        "-f",
        "markdown",
    )
    assert result.exit_code == 0
    assert "no assessment history at" in result.stderr and "## Trend" not in result.stdout
    assert not (tmp_path / "none.sqlite").exists()


def test_record_with_several_models_shows_each_clients_trend(folder: Path) -> None:
    from maturity.i18n import t

    out = folder / "out"
    out.mkdir()
    files = [str(folder / "beginner.toml"), str(folder / "advanced.toml")]
    for _ in range(2):
        result = run("assess", *files, "--record", "-f", "markdown", "-o", str(out), "-j", "1")
        assert result.exit_code == 0, result.output
    for name in ("beginner", "advanced"):
        text = (out / f"{name}.md").read_text("utf-8")
        assert t("history.trend", "en") in text, name


def test_aligned_counts_wide_characters_as_two_columns() -> None:
    from maturity.terminal import aligned, pad, text_width

    assert text_width("表格侠 X") == 8
    assert pad("7", 3, right=True) == "  7"
    table = aligned([["#", "client"], ["1", "表格侠"], ["12", "Acme"]], right={0})
    assert table.splitlines() == [" #  client", " 1  表格侠", "12  Acme"]


def test_history_speaks_the_chosen_language_with_readable_times(folder: Path) -> None:
    result = run("assess", str(folder / "beginner.toml"), "--record", "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "已记录 表格侠 FormHero 的评估 #1" in result.stderr
    assert "recorded" not in result.stderr
    table = run("history", str(folder / "beginner.toml"), "--lang", "zh").stdout
    import re

    assert re.search(r"^1  \d{4}-\d\d-\d\d \d\d:\d\d UTC  表格侠 FormHero  初段", table, re.M)
