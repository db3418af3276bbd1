"""`maturity init --interview`: questions from the packs, answers files, the terminal path."""

from __future__ import annotations

import json
import os
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from maturity.assess import Session
from maturity.cli import cli
from maturity.intake.answers import AnswersFile
from maturity.intake.facts import pack_facts
from maturity.intake.interview import Interview
from maturity.intake.questions import SKIP, Question
from tests.fakeplugins import install_plugin
from tests.helpers import EXAMPLES, ROOT, run

ANSWERS = ROOT / "examples" / "answers" / "beginner.toml"


def statuses(path: Path | str) -> tuple[str, dict[str, str], dict[str, float]]:
    report = json.loads(run("assess", str(path), "-f", "json").stdout)
    found = {f["rule"]: f["status"] for f in report["findings"]}
    return report["level"]["achieved"], found, {k: v["score"] for k, v in report["stages"].items()}


def test_beginner_answers_reproduce_the_beginner_assessment(tmp_path: Path) -> None:
    target = tmp_path / "formhero.toml"
    result = run("init", "--answers", str(ANSWERS), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert statuses(target) == statuses(EXAMPLES / "beginner.toml")
    text = target.read_text("utf-8")
    assert "# When Sales has a non-urgent bug report, whom do they send it to? → Product team" in (
        text
    )
    assert "# Not stated (skipped in the interview):" in text and "north-star metric" in text
    assert run("validate", str(target)).exit_code == 0


def test_saved_answers_replay_to_the_same_model(tmp_path: Path) -> None:
    first, saved, second = tmp_path / "a.toml", tmp_path / "answers.toml", tmp_path / "b.toml"
    assert (
        run(
            "init", "--answers", str(ANSWERS), "-o", str(first), "--save-answers", str(saved)
        ).exit_code
        == 0
    )
    assert run("init", "--answers", str(saved), "-o", str(second)).exit_code == 0
    assert tomllib.loads(first.read_text("utf-8")) == tomllib.loads(second.read_text("utf-8"))


def test_chinese_interview_comments(tmp_path: Path) -> None:
    target = tmp_path / "zh.toml"
    assert run("init", "--answers", str(ANSWERS), "-o", str(target), "--lang", "zh").exit_code == 0
    text = target.read_text("utf-8")
    assert "# Sales遇到不紧急的Bug反馈，发给谁？ → Product team" in text
    assert "未说明（访谈中跳过）" in text


def test_bad_answers_are_located_all_at_once(tmp_path: Path) -> None:
    bad = tmp_path / "answers.toml"
    bad.write_text(
        '[organization]\nname = "X"\narr = "lots"\nproduct_type = "saas"\n\n'
        '[departments]\nsales = "Sales"\nproduct = "Product"\n\n'
        '[flows.sales]\nbug_reprt = ["product"]\nfeature_request = ["nobody"]\n\n'
        '[flows.hotline]\nbug_report = ["product"]\n',
        "utf-8",
    )
    result = run("init", "--answers", str(bad), "-o", str(tmp_path / "m.toml"))
    assert result.exit_code == 2
    err = result.stderr
    assert "answers.toml:3: organization.arr: expected a number" in err
    assert "answers.toml:4: organization.product_type: expected one of data, general" in err
    assert "flows.sales.bug_reprt: no such question" in err and "did you mean" in err
    assert "flows.sales.feature_request: expected one of" in err
    assert "flows.hotline.bug_report: no such question" in err
    assert not (tmp_path / "m.toml").exists()


def test_a_missing_name_and_a_broken_file(tmp_path: Path) -> None:
    empty = tmp_path / "a.toml"
    empty.write_text("[departments]\nsales = true\n", "utf-8")
    result = run("init", "--answers", str(empty), "-o", str(tmp_path / "m.toml"))
    assert result.exit_code == 2 and "organization.name: this answer is required" in result.stderr
    broken = tmp_path / "b.toml"
    broken.write_text("[organization\nname = 1", "utf-8")
    result = run("init", "--answers", str(broken), "-o", str(tmp_path / "m.toml"))
    assert result.exit_code == 2 and "invalid TOML" in result.stderr


def test_no_terminal_no_answers_is_a_usage_error(tmp_path: Path) -> None:
    result = run("init", "--interview", "-o", str(tmp_path / "m.toml"))
    assert result.exit_code == 2 and "--answers FILE" in result.stderr


class Recorder:
    """Skips everything except the departments it is told exist; remembers what was asked."""

    def __init__(self, departments: dict[str, str]):
        self.departments = departments
        self.asked: list[Question] = []

    def ask(self, question: Question) -> Any:
        self.asked.append(question)
        if question.id == "organization.name":
            return "Acme"
        kind = question.id.removeprefix("departments.")
        return self.departments.get(kind, SKIP) if question.id.startswith("departments.") else SKIP


def test_questions_follow_the_enabled_packs() -> None:
    session = Session()
    only_loop = Session(session.options.__class__(packs=("value_loop",), plugins=False))
    every = Recorder({"sales": "Sales", "product": "Product", "customer": "Clients"})
    Interview(
        pack_facts(session.packs, session.registry.vocabulary), session.registry.vocabulary, every
    ).run()
    loop = Recorder({"sales": "Sales", "product": "Product", "customer": "Clients"})
    Interview(
        pack_facts(only_loop.packs, only_loop.registry.vocabulary),
        only_loop.registry.vocabulary,
        loop,
    ).run()
    every_ids = {q.id for q in every.asked}
    loop_ids = {q.id for q in loop.asked}
    assert "practices.bug_severity_levels" in every_ids - loop_ids  # a collaboration fact
    assert "practices.usage_analytics" in loop_ids
    assert "flows.sales.bug_report_urgent" in every_ids  # urgent bugs asked apart
    texts = {q.id: q.text for q in every.asked}
    assert texts["flows.sales.bug_report"] == (
        "When Sales has a non-urgent bug report, whom do they send it to?"
    )


PLUGIN = """
from maturity import hookimpl

TEXTS = {"title": "t", "summary": "s", "rationale": "r", "recommendation": "c", "fail": "f"}

@hookimpl
def maturity_register_vocabulary(register):
    register(flow_kinds=["lead"], practices={"nps_survey": {"type": "boolean"}})

@hookimpl
def maturity_register_packs(register):
    register({"pack": {"id": "acme", "version": "1.0", "en": {"name": "Acme"}},
              "rules": [{"id": "ACME-1", "stage": "refine", "en": TEXTS,
                         "match": {"flow": {"kind": "lead", "from": "marketing", "to": "sales"}}},
                        {"id": "ACME-2", "stage": "refine", "en": TEXTS,
                         "match": {"practice": {"name": "nps_survey", "op": "is_true"}}}]})
"""


def test_a_plugin_packs_facts_are_asked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    install_plugin(monkeypatch, tmp_path / "acme", "acme-maturity", "acme_plugin", PLUGIN)
    answers = tmp_path / "answers.toml"
    answers.write_text(
        '[organization]\nname = "Acme"\n[departments]\nmarketing = true\nsales = true\n'
        '[flows.marketing]\nlead = ["sales"]\n[practices]\nnps_survey = true\n',
        "utf-8",
    )
    target = tmp_path / "m.toml"
    env = {"MATURITY_PLUGINS": "acme-maturity"}
    result = CliRunner().invoke(
        cli, ["init", "--answers", str(answers), "-o", str(target)], env=env
    )
    assert result.exit_code == 0, result.output
    data = tomllib.loads(target.read_text("utf-8"))
    assert {"from": "marketing", "to": "sales", "kind": "lead"} in data["flows"]
    assert data["practices"] == {"nps_survey": True}
    assert data["roles"][0]["name"] == "Marketing"  # `true`: the usual name


def test_answers_file_records_what_was_asked(tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"organization": {"name": "J"}}), "utf-8")
    asker = AnswersFile(answers)
    assert asker.ask(Question("organization.name", "?", "text")) == "J"
    assert asker.ask(Question("organization.arr", "?", "number")) is SKIP
    asker.finish()


# ------------------------------------------------------------------ the terminal

DOWN, SPACE, ENTER, CLEAR = "\x1b[B", " ", "\r", "\x15"  # CLEAR: Ctrl-U


def test_the_interactive_interview_in_a_pseudo_terminal(tmp_path: Path) -> None:
    """Type a name, pick departments, answer one flow, press Enter through the rest."""
    pexpect = pytest.importorskip("pexpect", reason="the terminal test drives a pseudo-terminal")
    pytest.importorskip("questionary")
    target = tmp_path / "pty.toml"
    env = {
        **os.environ,
        "MATURITY_NO_PLUGINS": "1",
        "TERM": "xterm",
        "COLUMNS": "120",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "LC_ALL": "C.UTF-8",
    }
    child = pexpect.spawn(
        sys.executable,
        ["-m", "maturity", "init", "--interview", "--pack", "collaboration", "-o", str(target)],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 120),
    )
    replies = {
        "What is the organization called": ["PTY Co", ENTER],
        # ceo, product, rnd, marketing, pmm, sales: select product (2nd) and sales (6th)
        "Which departments": [DOWN, SPACE, DOWN, DOWN, DOWN, DOWN, SPACE, ENTER],
        "Product department called": [ENTER],  # keep the usual name
        "Sales department called": [CLEAR, "销售部", ENTER],  # replace the usual name
        "When 销售部 has a non-urgent bug report": [SPACE, ENTER],  # → Product, the only choice
    }
    asked: list[str] = []
    try:
        while child.expect([r"\?\x1b\[0;1m ([^\x1b]+)", pexpect.EOF]) == 0:
            text = child.match.group(1).strip()
            if text in asked:  # the prompt drawn again with its answer
                continue
            asked.append(text)
            keys = next((r for part, r in replies.items() if part in text), [ENTER])
            time.sleep(0.4)  # a key sent before the prompt listens is lost
            for key in keys:  # anything else: Enter, i.e. skip
                child.send(key)
                time.sleep(0.15)
    finally:
        child.close()
    assert any("currency" in text for text in asked), asked
    assert child.exitstatus == 0, child.before
    data = tomllib.loads(target.read_text("utf-8"))
    assert data["organization"] == {"name": "PTY Co"}
    assert {r["name"] for r in data["roles"]} == {"Product", "销售部"}
    assert {"from": "sales", "to": "product", "kind": "bug_report", "urgent": False} in [
        {k: v for k, v in f.items() if k != "reproduced"} for f in data["flows"]
    ]
    assert run("assess", str(target)).exit_code == 0


def test_without_questionary_the_message_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from maturity.errors import UsageError
    from maturity.intake.terminal import Terminal

    monkeypatch.setitem(sys.modules, "questionary", None)  # as if not installed
    with pytest.raises(UsageError, match=r"maturity\[interview\]"):
        Terminal("en")
