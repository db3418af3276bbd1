"""Portfolios on a Dask cluster (``--scheduler``): the same output as a local run."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, run

distributed = pytest.importorskip("distributed", reason="the 'cluster' extra is not installed")

BROKEN = '[organization]\nname = "Broken"\n\n[[roles]]\nid = "s"\nkind = "salez"\n'


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A local cluster of two worker processes (one thread each), as a user would start."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("advanced.toml", "beginner.toml", "intermediate.toml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    (tmp_path / "broken.toml").write_text(BROKEN, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("args", [("--format", "json"), ("--lang", "zh"), ("-f", "markdown")])
def test_a_cluster_run_gives_what_a_local_run_gives(
    scheduler: str, folder: Path, args: tuple[str, ...]
) -> None:
    local = run("assess", str(folder), *args, "--jobs", "1")
    remote = run("assess", str(folder), *args, "--scheduler", scheduler)
    assert local.exit_code == remote.exit_code == 2
    assert remote.stdout == local.stdout
    assert remote.stderr == local.stderr


def test_a_cluster_run_honours_the_session_options(scheduler: str, folder: Path) -> None:
    args = ("--format", "json", "--pack", "collaboration", "--param", "level_threshold=0.5")
    local = run("assess", str(folder), *args)
    remote = run("assess", str(folder), *args, "--scheduler", scheduler)
    assert remote.stdout == local.stdout
    packs = json.loads(remote.stdout)["reports"][0]["packs"]
    assert [p["id"] for p in packs] == ["collaboration"]


def test_an_unreachable_scheduler_is_a_usage_error(folder: Path) -> None:
    result = run("assess", str(folder), "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 2
    assert "cannot reach the scheduler" in result.output
