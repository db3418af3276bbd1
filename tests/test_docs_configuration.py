"""Every configuration example in docs/configuration.md is valid and means what it says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from maturity.assess.config import load_config
from tests.helpers import ROOT

DOC = ROOT / "docs" / "configuration.md"
BLOCKS = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_examples_are_valid(block: str, tmp_path: Path) -> None:
    name = "pyproject.toml" if "[tool.maturity" in block else "maturity.toml"
    path = tmp_path / name
    path.write_text(block, encoding="utf-8")
    config = load_config(path)
    assert config.source == str(path)
    assert config.select or config.ignore or config.params


def test_complete_example_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "maturity.toml"
    path.write_text(BLOCKS[0], encoding="utf-8")
    config = load_config(path)
    assert config.enable == ("collaboration", "value_loop")
    assert config.limits["max_roles"] == 20000
    assert [w.rule for w in config.waivers] == ["COL-A2", "COL-I6"]
    assert config.waivers[1].flow == {"from": "sales", "to": "product", "kind": "bug_report"}
    assert config.wants("COL-I6") and not config.wants("COL-A7") and not config.wants("PMM-1")
