"""The parsed-pack cache: keyed by content, never stale, whole entries only, optional."""

from __future__ import annotations

import shutil
import threading
import tomllib
from pathlib import Path

import pytest

from maturity.resources import data_dir
from maturity.rules import cache
from maturity.rules.packs import read_pack_file

PACK = data_dir("rules") / "collaboration.toml"


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("MATURITY_CACHE_DIR", str(where))
    monkeypatch.delenv("MATURITY_NO_CACHE", raising=False)
    return where


def _copy(tmp_path: Path) -> Path:
    path = tmp_path / "pack.toml"
    shutil.copy(PACK, path)
    return path


def test_a_pack_is_parsed_once_then_read_from_the_cache(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _copy(tmp_path)
    first, _ = read_pack_file(path)
    entries = list(folder.glob("pack-*.marshal"))
    assert len(entries) == 1

    def no_parsing(text: str) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(tomllib, "loads", no_parsing)
    second, text = read_pack_file(path)
    monkeypatch.undo()
    assert first == second == tomllib.loads(text)
    assert list(folder.iterdir()) == entries  # no temporary files left behind


def test_any_change_to_the_file_reads_another_entry(folder: Path, tmp_path: Path) -> None:
    path = _copy(tmp_path)
    read_pack_file(path)
    path.write_text(path.read_text(encoding="utf-8").replace("COL-A7", "COL-A70"), "utf-8")
    data, _ = read_pack_file(path)
    assert any(rule["id"] == "COL-A70" for rule in data["rules"])
    assert len(list(folder.glob("pack-*.marshal"))) == 2


def test_a_damaged_entry_is_parsed_again(folder: Path, tmp_path: Path) -> None:
    path = _copy(tmp_path)
    expected, _ = read_pack_file(path)
    (entry,) = folder.glob("pack-*.marshal")
    entry.write_bytes(b"\x00garbage")
    assert read_pack_file(path)[0] == expected


def test_the_cache_can_be_turned_off_or_unwritable(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _copy(tmp_path)
    monkeypatch.setenv("MATURITY_NO_CACHE", "1")
    assert read_pack_file(path)[0]["pack"]["id"] == "collaboration"
    assert not folder.exists()
    monkeypatch.delenv("MATURITY_NO_CACHE")
    folder.write_text("a file where the folder should be")
    assert read_pack_file(path)[0]["pack"]["id"] == "collaboration"


def test_concurrent_readers_all_get_the_whole_pack(folder: Path, tmp_path: Path) -> None:
    path = _copy(tmp_path)
    expected = tomllib.loads(PACK.read_text(encoding="utf-8"))
    results: list[object] = []

    def read() -> None:
        for _ in range(5):
            results.append(cache.cached(path.read_bytes(), "pack", lambda: tomllib.loads(
                path.read_text(encoding="utf-8"))))  # fmt: skip

    threads = [threading.Thread(target=read) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 30 and all(r == expected for r in results)
    assert len(list(folder.iterdir())) == 1
