"""Portfolios: directories of models assessed in parallel, in input order, with a summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from maturity.report.portfolio import expand
from maturity.resources import schema
from tests.helpers import EXAMPLES, run

NAMES = ("advanced.toml", "beginner.toml", "intermediate.toml")
BROKEN = '[organization]\nname = "Broken"\n\n[[roles]]\nid = "s"\nkind = "salez"\n'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The three examples, plus files that are not models."""
    for name in NAMES:
        shutil.copy(EXAMPLES / name, tmp_path / name)
    (tmp_path / "README.md").write_text("not a model\n", encoding="utf-8")
    (tmp_path / "maturity.toml").write_text("", encoding="utf-8")
    return tmp_path


def _one_by_one(paths: list[Path], *args: str) -> list[dict]:
    reports = []
    for path in paths:
        result = run("assess", str(path), "--format", "json", *args)
        reports.append(json.loads(result.stdout))
    return reports


def test_a_directory_expands_to_its_models_sorted(folder: Path) -> None:
    found = expand([str(folder)], (".toml", ".json"))
    assert found == [str(folder / name) for name in NAMES]


def test_an_empty_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = run("assess", str(tmp_path))
    assert result.exit_code == 2
    assert "no model files" in result.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_directory_gives_the_same_reports_as_one_by_one_in_order(folder: Path, jobs: str) -> None:
    result = run("assess", str(folder), "--format", "json", "--jobs", jobs)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    jsonschema.validate(document, schema("portfolio"))
    assert document["reports"] == _one_by_one([folder / n for n in NAMES])
    rows = document["summary"]
    assert [r["file"] for r in rows] == [str(folder / n) for n in NAMES]
    assert [r["level"] for r in rows] == ["advanced", "beginner", "intermediate"]
    assert document["totals"]["models"] == 3
    assert document["totals"]["levels"] == {"beginner": 1, "intermediate": 1, "advanced": 1}


def test_output_does_not_depend_on_the_number_of_jobs(folder: Path) -> None:
    sequential = run("assess", str(folder), "--jobs", "1")
    parallel = run("assess", str(folder), "--jobs", "3")
    assert sequential.exit_code == parallel.exit_code == 0
    assert sequential.output == parallel.output


STAGE_NAMES = ["refine", "deliver", "realize", "quantify"]


def test_text_reports_are_followed_by_the_summary_table(folder: Path) -> None:
    result = run("assess", str(folder), "--lang", "zh")
    assert result.exit_code == 0
    alone = [run("assess", str(folder / n), "--lang", "zh").output for n in NAMES]
    reports, table = result.output[: len("".join(alone))], result.output[len("".join(alone)) :]
    assert reports == "".join(alone)
    header, rule, *rows = table.splitlines()
    # The summary in the report's language: headers, levels, stages and totals.
    zh = ["文件", "组织", "段位", "价值提炼", "价值传递", "价值实现", "价值量化", "未通过", "出错"]
    assert header.split() == zh
    assert set(rule) <= {"-", " "}
    assert [row.split()[0] for row in rows[:3]] == [str(folder / n) for n in NAMES]
    assert "云帆智服科技有限公司" in rows[2] and "中段" in rows[2]
    assert rows[-1].startswith("共 ") and "已评估" in rows[-1]
    english = run("assess", str(folder)).output.splitlines()
    head = english[english.index(next(x for x in english if x.startswith("file  "))) :]
    assert head[0].split() == ["file", "organization", "level", *STAGE_NAMES, "failures", "errors"]
    assert "intermediate" in head[4] and head[-1] == "3 models: 3 assessed, 0 with bad input"
    assert rows[-1] == "共 3 个模型：已评估 3 个，输入有误 0 个"


def test_a_bad_model_is_reported_and_the_others_are_assessed(folder: Path) -> None:
    (folder / "broken.toml").write_text(BROKEN, encoding="utf-8")
    result = run("assess", str(folder), "--format", "json")
    assert result.exit_code == 2
    assert "salez" in result.stderr
    document = json.loads(result.stdout)
    jsonschema.validate(document, schema("portfolio"))
    rows = {Path(r["file"]).name: r for r in document["summary"]}
    assert list(rows) == ["advanced.toml", "beginner.toml", "broken.toml", "intermediate.toml"]
    assert "unknown role kind" in rows["broken.toml"]["error"]
    assert rows["broken.toml"]["level"] is None
    assert [r["organization"]["name"] for r in document["reports"]] == [
        "衡度数据 Hengdu Data",
        "表格侠 FormHero",
        "云帆智服科技有限公司",
    ]
    assert document["totals"]["invalid"] == 1


def test_a_bad_model_in_text_mode_is_in_the_summary(folder: Path) -> None:
    (folder / "broken.toml").write_text(BROKEN, encoding="utf-8")
    result = run("assess", str(folder), "--jobs", "2")
    assert result.exit_code == 2
    assert "error: " in result.output and "salez" in result.output
    assert "4 models: 3 assessed, 1 with bad input" in result.output
    broken_row = next(
        line
        for line in result.output.splitlines()
        if line.startswith(str(folder / "broken.toml")) and "invalid" in line
    )
    assert broken_row.split()[2] == "invalid"


def test_files_and_directories_mix_in_the_order_given(folder: Path, tmp_path: Path) -> None:
    single = EXAMPLES / "beginner.toml"
    result = run("assess", str(single), str(folder), "--format", "json", "-j", "2")
    files = [r["file"] for r in json.loads(result.stdout)["summary"]]
    assert files == [str(single)] + [str(folder / n) for n in NAMES]


def test_fail_under_applies_to_every_model(folder: Path) -> None:
    assert run("assess", str(folder), "--fail-under", "intermediate").exit_code == 1
    assert run("assess", str(folder), "--fail-under", "beginner").exit_code == 0


def test_a_folder_output_gets_each_report_and_stdout_the_summary(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = run("assess", str(folder), "--format", "json", "-o", str(out))
    assert result.exit_code == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == ["advanced.json", "beginner.json", "intermediate.json"]
    assert result.stdout.splitlines()[-1] == "3 models: 3 assessed, 0 with bad input"
    alone = run("assess", str(folder / "beginner.toml"), "--format", "json")
    assert json.loads((out / "beginner.json").read_text("utf-8")) == json.loads(alone.stdout)


def _expected_document(folder: Path, lang: str = "en") -> str:
    """The portfolio document as one ``json.dumps`` of everything, built in this process."""
    from maturity import __version__
    from maturity.assess import Options, Session
    from maturity.errors import MaturityError
    from maturity.report.contract import build_report
    from maturity.report.portfolio import Item, error_row, summary_row, totals

    session = Session(Options(plugins=False))
    reports, items = [], []
    for name in expand([str(folder)], (".toml", ".json")):
        try:
            report = build_report(session.assess(session.load(name)), lang)
        except MaturityError as exc:
            items.append(Item(name, error_row(name, exc.lines()[0]), problems=("x",)))
            continue
        reports.append(report)
        items.append(Item(name, summary_row(name, report), level=report["level"]["achieved"]))
    document = {
        "schema_version": 1,
        "tool": {"name": "maturity", "version": __version__},
        "lang": lang,
        "reports": reports,
        "summary": [dict(i.row) for i in items],
        "totals": totals(items),
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_streamed_document_is_byte_for_byte_one_json_dump(folder: Path, jobs: str) -> None:
    (folder / "broken.toml").write_text(BROKEN, encoding="utf-8")
    result = run("assess", str(folder), "--format", "json", "--lang", "zh", "-j", jobs)
    assert result.exit_code == 2
    assert result.stdout == _expected_document(folder, "zh")


def test_a_document_without_any_assessed_model_is_still_one_json_dump(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    for name in ("a.toml", "b.toml"):
        (models / name).write_text(BROKEN, encoding="utf-8")
    out = tmp_path / "out.json"
    result = run("assess", str(models), "--format", "json", "-o", str(out))
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == _expected_document(models)
    assert '"reports": [],' in out.read_text(encoding="utf-8")
