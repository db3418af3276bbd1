"""bench/eventlog.py: seeded ticket logs, the same bytes for the same seed, readable by discover."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bench.eventlog import generate
from tests.helpers import run

pytest.importorskip("duckdb", reason="the discover extra (duckdb) is not installed")


def test_same_seed_same_log_and_discover_reads_it(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    count = generate(3000, 7, first)
    generate(3000, 7, second)
    generate(3000, 8, other)
    assert first.read_bytes() == second.read_bytes() != other.read_bytes()
    with first.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == count and 2000 < count < 4000
    assert {r["issue_type"] for r in rows} == {"Bug", "Story", "Task"}
    assert len({r["resource"] for r in rows}) > 50  # many people, skewed per department
    assert len({r["case"] for r in rows}) < count  # cases of several events
    result = run("discover", str(first), "--handover")
    assert result.exit_code == 0, result.output
