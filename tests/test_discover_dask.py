"""The handover network on a Dask cluster equals the embedded run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.discover_logs import random_log
from tests.helpers import run

pytest.importorskip("duckdb", reason="the discover extra (duckdb) is not installed")
distributed = pytest.importorskip(
    "distributed", reason="the discover extra (dask) is not installed"
)


def _json(*args: str) -> dict:
    result = run("discover", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_scheduler_and_local_workers_equal_embedded(tmp_path: Path) -> None:
    log = str(random_log(tmp_path / "log.csv", 11, cases=200))
    embedded = _json(log, "--handover")
    together = _json(log, "--working-together")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        assert _json(log, "--handover", "--scheduler", cluster.scheduler_address) == embedded
        assert (
            _json(log, "--working-together", "--scheduler", cluster.scheduler_address) == together
        )
    assert _json(log, "--handover", "--workers", "2") == embedded


def test_bad_input_fails_before_the_cluster_starts(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("case,resource,timestamp\n1,a,never\n", encoding="utf-8")
    result = run("discover", str(log), "--handover", "--workers", "2")
    assert result.exit_code == 2
    assert "cannot read 'never'" in result.stderr


def test_a_model_or_drift_report_says_it_runs_embedded(tmp_path: Path) -> None:
    from tests.helpers import EXAMPLES

    log, mapping = EXAMPLES / "discover" / "tickets.csv", EXAMPLES / "discover" / "mapping.toml"
    args = ("discover", str(log), "--mapping", str(mapping))
    plain = run(*args, "--format", "json")
    result = run(*args, "--format", "json", "--scheduler", "tcp://127.0.0.1:1")  # never dialled
    assert result.exit_code == 0, result.output
    assert "--scheduler applies to --handover and --working-together only" in result.stderr
    assert "computed embedded, on this machine" in result.stderr
    assert result.stdout == plain.stdout
    declared = EXAMPLES / "discover" / "declared.toml"
    drift = run(*args, "--compare", str(declared), "--workers", "2")
    assert drift.exit_code == 0 and "--workers applies to" in drift.stderr
