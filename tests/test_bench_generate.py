"""The benchmark generator: valid, realistic and deterministic organizations."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bench.generate import dump, generate, write
from maturity.model import load_model, validate_data
from tests.helpers import run


@pytest.mark.parametrize("flows", [5, 100, 2000])
def test_generated_models_validate(flows: int) -> None:
    data = generate(flows, seed=3)
    model = validate_data(data)
    assert len(model.flows) == flows
    assert len(model.roles) == max(8, round(flows / 10))


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_written_files_pass_maturity_validate(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path / f"org{suffix}", 500, seed=11)
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output
    assert "50 roles, 500 flows" in result.output
    assert load_model(path).data == generate(500, seed=11)


def test_same_seed_same_bytes_other_seed_other_model() -> None:
    assert dump(generate(800, seed=5), "toml") == dump(generate(800, seed=5), "toml")
    assert dump(generate(800, seed=5), "json") == dump(generate(800, seed=5), "json")
    assert generate(800, seed=5) != generate(800, seed=6)


def test_a_realistic_mix_of_kinds() -> None:
    data = generate(5000, seed=1)
    roles = Counter(r["kind"] for r in data["roles"])
    flows = Counter(f["kind"] for f in data["flows"])
    assert len(roles) >= 14 and len(flows) >= 16
    assert roles["sales"] > roles["marketing"] > 0
    assert flows["bug_report"] > flows["design_review"] > 0
    assert all(f["from"] != f["to"] for f in data["flows"])


def test_generated_models_both_pass_and_fail_rules(tmp_path: Path) -> None:
    path = write(tmp_path / "org.json", 1000, seed=2)
    result = run("assess", str(path), "--format", "json")
    statuses = {f["status"] for f in json.loads(result.stdout)["findings"]}
    assert {"pass", "fail"} <= statuses


def test_the_wide_generator_makes_few_large_departments_and_parallel_flows() -> None:
    from bench import generate_wide

    data = generate_wide.generate(20_000, seed=2)
    model = validate_data(data)
    assert len(model.flows) == 20_000 and len(model.roles) == 40
    pairs = Counter((f["from"], f["to"]) for f in model.flows)
    assert max(pairs.values()) > 50  # many flows between the same two departments
    assert generate_wide.generate(2_000, seed=2) == generate_wide.generate(2_000, seed=2)
    assert generate_wide.generate(2_000, seed=2) != generate_wide.generate(2_000, seed=3)
