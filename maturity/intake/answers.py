"""Answers files: an interview replayed without a terminal, and written back after one.

An answers file is TOML (or JSON) whose dotted keys are the question ids::

    [organization]
    name = "表格侠 FormHero"
    arr = 12000000

    [departments]
    sales = "Sales"            # true: the department exists, under its usual name

    [flows.sales]
    bug_report = ["product"]   # non-urgent bugs go to product
    bug_report_urgent = []

Every problem is reported at once with its key and line: an answer of the
wrong kind, a question that was never asked (a typo, or a department that
does not exist), a required answer missing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from maturity.errors import ModelError, Problem
from maturity.intake.questions import SKIP, Question
from maturity.model.vocabulary import did_you_mean


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": 1}}`` → ``{"a.b": 1}`` (lists and scalars are leaves)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def nest(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`flatten`."""
    out: dict[str, Any] = {}
    for key, value in answers.items():
        node = out
        *heads, last = key.split(".")
        for head in heads:
            node = node.setdefault(head, {})
        node[last] = value
    return out


class AnswersFile:
    """Answers questions from a file; collects every problem, raises them at :meth:`finish`."""

    def __init__(self, path: str | Path):
        from maturity.model import Limits, parse_json, parse_toml, read_text

        self.source = str(path)
        self.text = read_text(Path(path), Limits())
        parse = parse_json if self.source.lower().endswith(".json") else parse_toml
        data = parse(self.text, self.source)
        if not isinstance(data, Mapping):
            raise ModelError([Problem(self.source, "", "expected a table of answers")])
        self.answers = flatten(data)
        self.asked: set[str] = set()
        self.problems: list[Problem] = []

    def _problem(self, key: str, message: str) -> None:
        from maturity.model.locate import toml_line

        line = None if self.source.endswith(".json") else toml_line(self.text, key.split("."))
        self.problems.append(Problem(self.source, key, message, line))

    def ask(self, question: Question) -> Any:
        self.asked.add(question.id)
        if question.id not in self.answers:
            if question.required:
                self._problem(question.id, "this answer is required")
            return SKIP
        value = self.answers[question.id]
        if value is True and question.kind == "text" and question.default is not SKIP:
            return question.default
        try:
            return question.check(value)
        except ValueError as exc:
            self._problem(question.id, str(exc))
            return SKIP

    def finish(self) -> None:
        """Raise every problem: bad answers and answers to questions never asked."""
        for key in sorted(set(self.answers) - self.asked):
            hint = did_you_mean(key, self.asked)
            why = "no such question in this interview"
            if key.startswith("details."):
                sender, kind, receiver = [*key.split("."), "", "", ""][1:4]
                why += (
                    f" (details of a flow that is not answered: add {receiver!r} to "
                    f"[flows.{sender}] {kind}, and both departments under [departments])"
                )
            elif key.startswith(("roles.", "flows.")):
                why += " (is the department it names answered under [departments]?)"
            self._problem(key, f"{why}{hint}")
        if self.problems:
            raise ModelError(self.problems)


def dump_answers(answers: Mapping[str, Any], path: str | Path) -> None:
    """Write the answers an interview got, so it can be replayed or edited (TOML or JSON)."""
    from maturity.model.writer import dumps_model
    from maturity.output import write_atomic

    data = nest(answers)
    if str(path).lower().endswith(".json"):
        write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    header = [
        "Answers of a `maturity init --interview` session.",
        "Replay with: maturity init --interview --answers THIS_FILE -o model.toml",
    ]
    write_atomic(path, dumps_model(data, header))
