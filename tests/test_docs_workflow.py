"""docs/workflow.md stays true: its answers file replays, its commands exist, its words are ours."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from maturity.i18n import LANGS, STRINGS
from tests.helpers import ROOT, run

DOC = (ROOT / "docs" / "workflow.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", DOC, re.S)


def test_the_answers_file_on_the_page_replays(tmp_path: Path) -> None:
    (body,) = [b for lang, b in BLOCKS if lang == "toml"]
    answers = tmp_path / "answers.toml"
    answers.write_text(body, "utf-8")
    target = tmp_path / "m.toml"
    result = run("init", "--answers", str(answers), "-o", str(target))
    assert result.exit_code == 0, result.output
    data = tomllib.loads(target.read_text("utf-8"))
    assert data["organization"]["name"] == "表格侠 FormHero"
    routine_bug = {"from": "sales", "to": "product", "kind": "bug_report", "urgent": False}
    assert routine_bug in data["flows"]


COMMANDS = sorted({m for _, b in BLOCKS for m in re.findall(r"^maturity (\w+)", b, re.M)})


def test_the_page_shows_every_workflow_command() -> None:
    assert {"init", "export", "import", "assess", "history", "diff"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_on_the_page_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output


SOURCES = [
    *sorted((ROOT / "maturity" / "history").glob("*.py")),
    *sorted((ROOT / "maturity" / "intake").glob("*.py")),
    ROOT / "maturity" / "report" / "trend.py",
    ROOT / "maturity" / "cli" / "history.py",
]
LOOKUPS = {
    r"""\bt\(\s*f?["']((?:history|field|value|ask|interview)\.[\w.]+)["']""": "{}",
    r"""\bsay\(\s*["']([\w.]+)["']""": "ask.{}",
    r"""\b_word\(\s*["']([\w.]+)["']""": "interview.{}",
}


def test_every_string_the_workflow_looks_up_is_in_the_catalog_in_every_language() -> None:
    keys = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for pattern, form in LOOKUPS.items():
            keys |= {form.format(k) for k in re.findall(pattern, text) if not k.endswith(".")}
    assert len(keys) > 40, "the look-ups were not found"
    missing = sorted(k for k in keys if k not in STRINGS)
    assert not missing
    for prefix in ("history.", "ask.", "interview.", "field.", "value."):
        for key in (k for k in STRINGS if k.startswith(prefix)):
            assert all(STRINGS[key].get(lang) for lang in LANGS), key


def test_the_starter_model_shows_good_practice_not_anti_patterns(tmp_path: Path) -> None:
    import json

    for lang in LANGS:
        target = tmp_path / f"starter.{lang}.toml"
        assert run("init", str(target), "--lang", lang).exit_code == 0
        report = json.loads(run("assess", str(target), "-f", "json").stdout)
        status = {f["rule"]: f["status"] for f in report["findings"]}
        assert status["COL-I4"] == status["COL-I6"] == status["COL-I7"] == "pass"
