"""Workbooks and CSV files: lossless round trips, drop-downs, located problems on import."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from maturity.intake.csvfiles import read_csv, write_csv
from maturity.intake.workbook import escape, read_workbook, unescape, write_workbook
from maturity.model.vocabulary import Vocabulary
from tests.helpers import EXAMPLES, run
from tests.strategies import valid_models

openpyxl = pytest.importorskip("openpyxl", reason="workbooks need the sheets extra")

VOCABULARY = Vocabulary()
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.toml"))
FIXTURE = [HealthCheck.function_scoped_fixture]


def round_trip(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    path = folder / "m.xlsx"
    write_workbook(path, data, VOCABULARY)
    return read_workbook(path, VOCABULARY)


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_examples_round_trip_through_the_cli(example: Path, tmp_path: Path) -> None:
    book, back = tmp_path / "c.xlsx", tmp_path / "c.toml"
    assert run("export", str(example), "-o", str(book)).exit_code == 0
    assert run("import", str(book), "-o", str(back)).exit_code == 0
    assert tomllib.loads(back.read_text("utf-8")) == tomllib.loads(example.read_text("utf-8"))
    assert run("assess", str(back)).exit_code == 0


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(model=valid_models())
def test_generated_models_round_trip_losslessly(model: dict[str, Any], tmp_path: Path) -> None:
    back = round_trip(model, tmp_path)
    assert back == model
    assert {k: type(v) for k, v in back.items()} == {k: type(v) for k, v in model.items()}


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(model=valid_models())
def test_generated_models_round_trip_through_csv(model: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir(exist_ok=True)
    write_csv(folder, model, VOCABULARY)
    back = read_csv([folder], VOCABULARY)
    # CSV files always exist, so an absent list comes back empty; all else is exact.
    for part in ("roles", "flows"):
        model.setdefault(part, [])
    if not model.get("practices"):
        model.pop("practices", None)
    assert back == model


@pytest.mark.parametrize("text", ["_x0041_", "a\x1bb", "_x005F_", "=1+1", "\x00", "x\r\ny"])
def test_text_escapes_are_exact(text: str) -> None:
    assert unescape(escape(text)) == text


def test_formula_like_text_stays_text(tmp_path: Path) -> None:
    data = {
        "organization": {"name": '=HYPERLINK("http://x")'},
        "roles": [{"id": "s", "kind": "sales", "name": "+cmd|' /C calc'!A0"}],
    }
    path = tmp_path / "m.xlsx"
    write_workbook(path, data, VOCABULARY)
    book = openpyxl.load_workbook(path)
    assert book["organization"]["B2"].data_type == "s"
    assert book["roles"]["C2"].data_type == "s"
    assert read_workbook(path, VOCABULARY) == data


def test_dropdowns_come_from_the_vocabulary_including_plugins(tmp_path: Path) -> None:
    vocabulary = VOCABULARY.extended(flow_kinds=["lead", "opportunity"])
    path = tmp_path / "m.xlsx"
    data = tomllib.loads((EXAMPLES / "beginner.toml").read_text("utf-8"))
    write_workbook(path, data, vocabulary)
    book = openpyxl.load_workbook(path)
    lists = book["lists"]
    flow_kinds = [c.value for c in lists["B"][1:] if c.value]
    assert flow_kinds[-2:] == ["lead", "opportunity"] and "bug_report" in flow_kinds
    formulas = {str(v.sqref): v.formula1 for v in book["flows"].data_validations.dataValidation}
    assert any(f.startswith("=lists!$B$2") for f in formulas.values())
    assert any(f.startswith("=roles!$A$2") for f in formulas.values())  # from/to: role ids
    headers = [c.value for c in book["roles"][1]]
    assert "kind · 类型" in headers and "parent · 上级部门" in headers
    flow_headers = [c.value for c in book["flows"][1]]
    assert all(" · " in h for h in flow_headers), flow_headers  # every column in both languages


def _broken(tmp_path: Path, edits: dict[tuple[str, str], Any]) -> Path:
    source = tmp_path / "ok.xlsx"
    write_workbook(
        source, tomllib.loads((EXAMPLES / "beginner.toml").read_text("utf-8")), VOCABULARY
    )
    book = openpyxl.load_workbook(source)
    for (sheet, cell), value in edits.items():
        book[sheet][cell] = value
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    return bad


def test_bad_workbooks_get_every_problem_located(tmp_path: Path) -> None:
    bad = _broken(
        tmp_path,
        {
            ("roles", "B3"): "salse",
            ("roles", "E4"): "many",
            ("flows", "B2"): "nobody",
            ("roles", "J1"): "colour",
            ("organization", "B4"): "lots",
        },
    )
    result = run("import", str(bad), "-o", str(tmp_path / "out.toml"))
    assert result.exit_code == 2
    err = result.stderr
    assert "sheet roles, row 1, column J: unknown column 'colour'" in err
    assert "sheet roles, row 4, column E (headcount): expected a number" in err
    assert "sheet organization, row 4, column B (arr): expected a number" in err
    assert not (tmp_path / "out.toml").exists()
    bad = _broken(tmp_path, {("roles", "B3"): "salse", ("flows", "B2"): "nobody"})
    err = run("import", str(bad), "-o", str(tmp_path / "out.toml")).stderr
    assert "sheet flows, row 2, column B (to): unknown role 'nobody'" in err
    assert "sheet roles, row 3, column B (kind)" in err and "did you mean 'sales'" in err


def test_not_a_workbook(tmp_path: Path) -> None:
    fake = tmp_path / "x.xlsx"
    fake.write_text("hello")
    result = run("import", str(fake), "-o", str(tmp_path / "o.toml"))
    assert result.exit_code == 2 and "not an Excel workbook" in result.stderr
    assert "Traceback" not in result.output


def test_hand_made_workbook_with_chinese_headers_and_yes_no(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    org = book.active
    org.title = "organization"
    org.append(["字段", "值"])
    org.append(["name", "示例"])
    roles = book.create_sheet("roles")
    roles.append(["编号", "类型", "名称"])
    roles.append(["s", "sales", "销售部"])
    roles.append(["p", "product", "产品部"])
    flows = book.create_sheet("flows")
    flows.append(["发出方", "接收方", "类型", "紧急"])
    flows.append(["s", "p", "bug_report", "是"])
    path = tmp_path / "hand.xlsx"
    book.save(path)
    data = read_workbook(path, VOCABULARY)
    assert data["flows"] == [{"from": "s", "to": "p", "kind": "bug_report", "urgent": True}]
    assert data["roles"][0] == {"id": "s", "kind": "sales", "name": "销售部"}


def test_csv_problems_name_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    assert (
        run(
            "export", str(EXAMPLES / "beginner.toml"), "--format", "csv", "-o", str(folder)
        ).exit_code
        == 0
    )
    flows = folder / "flows.csv"
    flows.write_text(
        flows.read_text("utf-8-sig").replace("customers,sales", "customers,nobody"), "utf-8"
    )
    result = run("import", str(folder), "-o", str(tmp_path / "o.toml"))
    assert result.exit_code == 2
    assert "flows.csv: sheet flows, row 2, column B (to): unknown role 'nobody'" in result.stderr


def test_export_refuses_to_overwrite_its_model(tmp_path: Path) -> None:
    model = tmp_path / "m.toml"
    model.write_text((EXAMPLES / "beginner.toml").read_text("utf-8"), "utf-8")
    assert run("export", str(model), "-o", str(model)).exit_code == 2
    assert run("import", str(model), "-o", str(model)).exit_code == 2


def test_without_openpyxl_the_message_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if not installed
    result = run("export", str(EXAMPLES / "beginner.toml"), "-o", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2 and "pip install 'maturity[sheets]'" in result.stderr
    csv = tmp_path / "csv"
    csv.mkdir()
    assert (
        run("export", str(EXAMPLES / "beginner.toml"), "--format", "csv", "-o", str(csv)).exit_code
        == 0
    )


def test_a_discovered_flow_keeps_its_observed_counts(tmp_path: Path) -> None:
    data = tomllib.loads((EXAMPLES / "beginner.toml").read_text("utf-8"))
    data["flows"][2]["observed"] = {"handovers": 12, "cases": 5, "share": 0.5}
    assert round_trip(data, tmp_path) == data
    folder = tmp_path / "csv"
    folder.mkdir()
    write_csv(folder, data, VOCABULARY)
    assert read_csv([folder], VOCABULARY)["flows"][2]["observed"]["handovers"] == 12
