"""`maturity diff`: organization changes by display name, flipped findings, method changes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest

from maturity.history.changes import model_changes
from maturity.resources import schema
from tests.helpers import EXAMPLES, run

BEGINNER = str(EXAMPLES / "beginner.toml")
INTERMEDIATE = str(EXAMPLES / "intermediate.toml")


def diff_json(*args: str) -> dict:
    result = run("diff", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, schema("diff"))  # the machine contract
    return doc


def test_two_model_files() -> None:
    doc = diff_json(BEGINNER, INTERMEDIATE)
    assert doc["level"] == {"old": "beginner", "new": "intermediate", "change": 1}
    assert doc["stages"]["deliver"]["change"] > 0
    fixed = {f["rule"] for f in doc["findings"] if f["direction"] == "fixed"}
    assert {"COL-I6", "COL-I7", "COL-I2"} <= fixed
    i7 = next(f for f in doc["findings"] if f["rule"] == "COL-I7")
    assert "热线客服" in i7["related"]  # the support hotline that was added, by display name
    added = {r["name"] for r in doc["changes"]["roles"]["added"]}
    assert "热线客服" in added
    assert doc["method"] == {"changed": False}


def test_same_file_has_no_changes() -> None:
    doc = diff_json(BEGINNER, BEGINNER)
    assert doc["findings"] == [] and doc["level"]["change"] == 0
    text = run("diff", BEGINNER, BEGINNER).output
    assert "did not change" in text and "No finding changed" in text


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_format_in_both_languages_speaks_plainly(fmt: str) -> None:
    en = run("diff", BEGINNER, INTERMEDIATE, "--format", fmt).output
    zh = run("diff", BEGINNER, INTERMEDIATE, "--format", fmt, "--lang", "zh").output
    assert "beginner → intermediate" in en and "Support hotline" in en
    assert "初段 → 中段" in zh and "新增角色" in zh and "价值传递" in zh
    for out in (en, zh):
        assert "bug_report" not in out and "support_request" not in out  # kinds in words
        assert "severity_slas" not in out


def test_html_escapes_model_text(tmp_path: Path) -> None:
    hostile = tmp_path / "h.toml"
    hostile.write_text(
        Path(BEGINNER)
        .read_text("utf-8")
        .replace('name = "Sales"', 'name = "<script>alert(1)</script>"')
    )
    out = run("diff", BEGINNER, str(hostile), "--format", "html").output
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_flows_are_matched_by_ends_and_kind_in_order() -> None:
    old = {
        "roles": [{"id": "s", "kind": "sales", "name": "Sales"}, {"id": "p", "kind": "product"}],
        "flows": [
            {"from": "s", "to": "p", "kind": "bug_report", "urgent": False},
            {"from": "s", "to": "p", "kind": "bug_report", "urgent": True},
        ],
    }
    new = {**old, "flows": [{"from": "s", "to": "p", "kind": "bug_report", "urgent": False}]}
    changes = model_changes(old, new)["flows"]
    assert changes["changed"] == [] and len(changes["removed"]) == 1
    assert changes["removed"][0]["from_name"] == "Sales" and changes["removed"][0]["to_name"] == "p"


def test_bad_reference_is_a_located_error(tmp_path: Path) -> None:
    missing = run("diff", BEGINNER, str(tmp_path / "nope.toml"))
    assert missing.exit_code == 2 and "nope.toml: no such file" in missing.stderr
    record = run("diff", "#4", BEGINNER, "--history", str(tmp_path / "h.sqlite"))
    assert record.exit_code == 2 and "no assessment history here" in record.stderr


def _age_record(path: Path, ident: int) -> None:
    """Make record ``ident`` look as if an older pack version had assessed it."""
    with sqlite3.connect(path) as db:
        (report_json,) = db.execute(
            "SELECT report_json FROM assessments WHERE id = ?", (ident,)
        ).fetchone()
        report = json.loads(report_json)
        for pack in report["packs"]:
            if pack["id"] == "collaboration":
                pack["version"] = "0.9.0"
        for finding in report["findings"]:
            if finding["rule"] == "COL-I9":  # the older rule was laxer
                finding["status"] = "pass"
        packs = {p["id"]: p["version"] for p in report["packs"]}
        db.execute(
            "UPDATE assessments SET report_json = ?, packs_json = ? WHERE id = ?",
            (json.dumps(report), json.dumps(packs), ident),
        )


def test_recorded_assessments_and_a_method_change(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    for model in (BEGINNER, BEGINNER, INTERMEDIATE):
        assert (
            run("assess", model, "--record", "--client", "C", "--history", str(history)).exit_code
            == 0
        )
    same = diff_json("1", "#2", "--history", str(history))
    assert same["method"]["changed"] is False and same["findings"] == []
    _age_record(history, 1)
    doc = diff_json("1", "3", "--history", str(history))
    method = doc["method"]
    assert method["changed"] is True
    assert method["packs"] == [{"id": "collaboration", "old": "0.9.0", "new": "1.0.0"}]
    assert method["reassessed"] == ["#1"]
    (effect,) = method["effects"]
    assert [f["rule"] for f in effect["findings"]] == ["COL-I9"]  # the method's own change
    i9 = next(f for f in doc["findings"] if f["rule"] == "COL-I9")
    assert (i9["old"], i9["new"]) == ("fail", "pass")  # progress, measured with one method
    text = run("diff", "1", "3", "--history", str(history)).output
    assert "pack collaboration 0.9.0 → 1.0.0" in text and "re-assessed" in text
    zh = run("diff", "1", "3", "--history", str(history), "--lang", "zh").output
    assert "重新评估" in zh


def test_recorded_ids_are_read_beside_the_model_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = tmp_path / "clients"
    client.mkdir()
    model = client / "formhero.toml"
    model.write_text(Path(BEGINNER).read_text("utf-8"), "utf-8")
    assert run("assess", str(model), "--record").exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("MATURITY_HISTORY", raising=False)
    doc = diff_json("1", str(model))  # #1 sits in clients/.maturity, not in the current folder
    assert doc["level"]["change"] == 0
    lost = run("diff", "1", "2")
    assert lost.exit_code == 2
    assert str(elsewhere / ".maturity" / "history.sqlite") in lost.stderr
    assert "--history" in lost.stderr and "Traceback" not in lost.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_no_rule_language_in_any_human_format(fmt: str, lang: str) -> None:
    import re

    advanced = str(EXAMPLES / "advanced.toml")
    models = (BEGINNER, INTERMEDIATE, advanced)
    import tomllib

    def words(node: object) -> list[str]:  # the client's own words: names and notes
        if isinstance(node, dict):
            own = [str(v) for k, v in node.items() if k in ("name", "notes")]
            return own + [w for v in node.values() for w in words(v)]
        return [w for v in node for w in words(v)] if isinstance(node, list) else []

    typed = " ".join(w for m in models for w in words(tomllib.loads(Path(m).read_text("utf-8"))))
    for old, new in ((BEGINNER, INTERMEDIATE), (INTERMEDIATE, advanced)):
        out = run("diff", old, new, "--format", fmt, "--lang", lang).output
        keys = set(re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", out))
        assert {k for k in keys if k not in typed} == set(), keys
        assert "level(s)" not in out and "greater_than" not in out and "$" not in out
        assert "links customers" not in out  # a practice's sub-field by its full name
    urgent = run("diff", BEGINNER, INTERMEDIATE, "--lang", lang).output
    assert ("紧急Bug反馈" if lang == "zh" else "urgent bug report") in urgent
