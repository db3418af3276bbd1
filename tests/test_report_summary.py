"""The summary every human format opens with, the assessment date, and what assess
says on stderr: the format from -o's suffix, why --fail-under failed, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from maturity.cli import cli
from tests.helpers import EXAMPLES, run

BEGINNER = str(EXAMPLES / "beginner.toml")
ADVANCED = str(EXAMPLES / "advanced.toml")
ENV = {"MATURITY_NO_PLUGINS": "1"}


def test_text_report_opens_with_the_summary() -> None:
    out = run("assess", BEGINNER, "--lang", "zh").output
    head = out.split("\n\n")[1]
    assert head.startswith("摘要\n组织：表格侠 FormHero")
    assert "协同段位：初段 — 仅靠产品部门输出产品价值" in head
    assert "价值闭环各环节：价值提炼 0 · 价值传递" in head
    assert (
        "最重要的 3 项改进：\n1. 销售工具包由市场部或产品市场经理提供（COL-I2；中段必需项" in head
    )


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_every_human_format_has_the_summary_first(fmt: str) -> None:
    out = run("assess", BEGINNER, "--format", fmt).output
    summary = out.index("Summary")
    assert summary < out.index("Collaboration level: beginner</") if fmt == "html" else True
    assert "The 3 changes that matter most" in out
    assert out.index("COL-I2") > summary


def test_date_and_assessor_from_the_model_and_date_overrides() -> None:
    report = json.loads(run("assess", ADVANCED, "--format", "json").output)
    assert report["organization"]["assessed_on"] == "2026-11-30"
    assert report["organization"]["assessor"].startswith("Lin Qiao")
    out = run("assess", ADVANCED, "--date", "2027-01-05").output
    assert "Assessed on: 2027-01-05" in out and "Assessor: Lin Qiao" in out
    plain = json.loads(run("assess", BEGINNER, "--format", "json").output)
    assert "assessed_on" not in plain["organization"]  # no date unless one is given


def test_a_toml_date_is_read_as_a_date(tmp_path: Path) -> None:
    model = tmp_path / "m.toml"
    text = Path(BEGINNER).read_text(encoding="utf-8")
    dated = text.replace("[organization]\n", "[organization]\nassessed_on = 2026-03-31\n", 1)
    model.write_text(dated, encoding="utf-8")
    report = json.loads(run("assess", str(model), "--format", "json").output)
    assert report["organization"]["assessed_on"] == "2026-03-31"
    bad = run("assess", str(model), "--date", "31.03.2026")
    assert bad.exit_code == 2 and "--date" in bad.output


@pytest.mark.parametrize(
    ("name", "start"),
    [("r.html", "<!DOCTYPE html>"), ("r.md", "# "), ("r.json", "{"), ("r.txt", "Collaboration")],
)
def test_output_suffix_picks_the_format(tmp_path: Path, name: str, start: str) -> None:
    target = tmp_path / name
    result = run("assess", BEGINNER, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith(start)


def test_format_option_wins_over_the_suffix(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    run("assess", BEGINNER, "-o", str(target), "--format", "json")
    assert target.read_text(encoding="utf-8").startswith("{")


def test_fail_under_says_which_level_and_what_blocks(tmp_path: Path) -> None:
    args = ["assess", BEGINNER, "--fail-under", "intermediate", "-o", str(tmp_path / "r.json")]
    result = CliRunner().invoke(cli, args, env=ENV)
    assert result.exit_code == 1
    assert "level beginner reached, intermediate required" in result.stderr
    assert "required failing: COL-I2, COL-I4, COL-I6, COL-I7" in result.stderr
    assert "COL-I1, COL-I3, COL-I8, COL-I9, COL-I10" in result.stderr  # natural order


def test_rule_errors_are_summarised_on_stderr_with_output_to_a_file(tmp_path: Path) -> None:
    pack = tmp_path / "p.toml"
    pack.write_text(
        """
id = "bad"
version = "1.0"
[en]
name = "Bad"
[[rules]]
id = "BAD-1"
check = "no_such_module:check"
stage = "deliver"
[rules.en]
title = "t"
summary = "s"
recommendation = "r"
fail = "f"
""",
        encoding="utf-8",
    )
    args = ["assess", BEGINNER, "--pack", str(pack), "-o", str(tmp_path / "r.html")]
    result = CliRunner().invoke(cli, args, env=ENV)
    assert result.exit_code in (2, 3), result.output
    assert "error" in result.stderr
