"""The shipped examples assess to their levels, and their JSON reports keep the contract."""

from __future__ import annotations

import json

import jsonschema
import pytest

from maturity.resources import schema
from tests.helpers import EXAMPLES, run

LEVELS = {"beginner": "beginner", "intermediate": "intermediate", "advanced": "advanced"}


@pytest.mark.parametrize("name", sorted(LEVELS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_example_level_and_report_schema(name: str, lang: str) -> None:
    result = run("assess", str(EXAMPLES / f"{name}.toml"), "--format", "json", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.output)
    jsonschema.Draft202012Validator(schema("report")).validate(report)
    assert report["level"]["achieved"] == LEVELS[name]
    assert report["errors"] == []


@pytest.mark.parametrize("name", sorted(LEVELS))
def test_reports_are_deterministic(name: str) -> None:
    path = str(EXAMPLES / f"{name}.toml")
    first = run("assess", path, "--format", "json").output
    assert first == run("assess", path, "--format", "json").output


def test_intermediate_is_blocked_by_the_required_advanced_rules() -> None:
    report = json.loads(run("assess", str(EXAMPLES / "intermediate.toml"), "-f", "json").output)
    advanced = report["level"]["levels"]["advanced"]
    assert set(advanced["required_failed"]) == {"COL-A2", "COL-A3", "COL-A4", "COL-A8"}
    assert advanced["blockers"][: len(advanced["required_failed"])] == advanced["required_failed"]
