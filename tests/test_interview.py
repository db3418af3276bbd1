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
        # one pick-many per department: the first offer is the non-urgent bug report
        "Which of these does 销售部 send": [SPACE, ENTER],
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
    assert "(question 1 of ~" in asked[0] and "of ~" in asked[-1], asked  # progress shown
    assert len(asked) < 40, asked  # not one question per department and kind of flow
    assert not any("Product has a non-urgent" in text for text in asked)  # Product chose none
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


class Chooser(Recorder):
    """At a terminal: picks the departments, and for each department the kinds of flow."""

    def __init__(self, departments: dict[str, str], sends: dict[str, list[str]]):
        super().__init__(departments)
        self.sends = sends
        self.groups: list[Question] = []
        self.seen: list[tuple[int, int]] = []

    def progress(self, n: int, total: int) -> None:
        self.seen.append((n, total))

    def choose(self, question: Question) -> list[str]:
        if question.id == "departments":
            return list(self.departments)
        if question.id == "practices":
            self.practices = question
            return self.sends.get("practices", [])
        self.groups.append(question)
        return self.sends.get(question.id.removeprefix("flows."), [])

    def ask(self, question: Question) -> Any:
        if question.id.startswith("flows."):
            self.asked.append(question)
            return ["product"]
        return super().ask(question)


def test_flows_are_asked_per_department_only_for_the_kinds_it_sends() -> None:
    session = Session()
    vocabulary = session.registry.vocabulary
    depts = {k: k.title() for k in ("ceo", "product", "rnd", "marketing", "sales", "support")}
    sends = {"sales": ["bug_report_urgent", "-"], "practices": ["severity_slas"]}
    asker = Chooser({**depts, "customer_success": "CS"}, sends)
    out = Interview(pack_facts(session.packs, vocabulary), vocabulary, asker).run()
    assert sorted(q.id for q in asker.groups) == sorted(f"flows.{d}" for d in asker.departments)
    sales = next(q for q in asker.groups if q.id == "flows.sales")
    labels = dict(sales.choices)
    assert labels["bug_report_urgent"] == "urgent bug report" and labels["-"] == "none of these"
    assert "lead" not in labels  # only marketing sends leads in the packs' rules
    flow_questions = [q.id for q in asker.asked if q.id.startswith("flows.")]
    assert flow_questions == ["flows.sales.bug_report_urgent"]  # nothing for the "none"s
    assert {"from": "sales", "to": "product", "kind": "bug_report", "urgent": True} in [
        {k: v for k, v in f.items() if k != "reproduced"} for f in out.data["flows"]
    ]
    counts = [n for n, _ in asker.seen]
    assert counts == list(range(1, len(counts) + 1))
    assert asker.seen[-1][0] == asker.seen[-1][1]  # the estimate ends on the count
    assert len(counts) < 40, len(counts)
    # the yes/no practices: one pick-many, picked is yes, the rest no
    assert out.data["practices"]["severity_slas"] is True
    assert out.data["practices"]["usage_analytics"] is False
    assert not any(q.id == "practices.usage_analytics" for q in asker.asked)
    unknown = Chooser(depts, {"practices": ["-"]})
    out = Interview(pack_facts(session.packs, vocabulary), vocabulary, unknown).run()
    assert "usage_analytics" not in out.data.get("practices", {})  # not known: unstated
    assert dict(unknown.practices.choices)["-"].startswith("not known")


def _fill(template: str, answers: dict[tuple[str, str], str]) -> str:
    """Uncomment ``(table, key)`` lines of a blank answers file with the given values."""
    out, table = [], ""
    for line in template.splitlines():
        if line.startswith("["):
            table = line.strip("[]")
        key = line[2:].split(" = ")[0] if line.startswith("# ") and " = " in line else None
        if key is not None and (table, key) in answers:
            line = f"{key} = {answers.pop((table, key))}"
        out.append(line)
    assert not answers, f"not in the template: {answers}"
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_blank_answers_file_filled_in_replays(tmp_path: Path, lang: str) -> None:
    blank = tmp_path / "blank.toml"
    result = run("init", "--interview", "--answers-template", str(blank), "--lang", lang)
    assert result.exit_code == 0, result.output
    text = blank.read_text("utf-8")
    assert tomllib.loads(text)["flows"]["sales"] == {}  # every answer commented out
    assert ("不紧急的Bug反馈" if lang == "zh" else "# non-urgent bug report") in text
    if lang == "zh":
        assert "Whom" not in text and "non-urgent" not in text
    replayed = run("init", "--answers", str(blank), "-o", str(tmp_path / "x.toml"))
    assert replayed.exit_code == 2 and "organization.name" in replayed.stderr
    filled = tmp_path / "filled.toml"
    filled.write_text(
        _fill(
            text,
            {
                ("organization", "name"): '"Acme"',
                ("departments", "sales"): '"销售部"',
                ("departments", "product"): "true",
                ("departments", "support"): "true",
                ("flows.sales", "bug_report"): '["support"]',
                ("flows.support", "bug_report"): '["product"]',
                ("practices", "bug_severity_levels"): "3",
            },
        )
        + "\n[details.support.bug_report.product]\nreproduced = true\n",
        "utf-8",
    )
    target = tmp_path / "m.toml"
    result = run("init", "--answers", str(filled), "-o", str(target))
    assert result.exit_code == 0, result.output
    data = tomllib.loads(target.read_text("utf-8"))
    assert {"from": "support", "to": "product", "kind": "bug_report", "urgent": False,
            "reproduced": True} in data["flows"]  # fmt: skip
    assert data["practices"]["bug_severity_levels"] == 3
    assert run("assess", str(target)).exit_code == 0
    again = run("init", "--answers-template", str(blank))
    assert again.exit_code == 2 and "already exists" in again.stderr
    printed = run("init", "--answers-template", "-", "--lang", lang)
    assert printed.exit_code == 0 and printed.stdout == text  # "-": standard output
