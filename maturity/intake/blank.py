"""A blank answers file: every question of the interview as a comment, to send by email.

``maturity init --interview --answers-template FILE`` writes it. The client
(or the consultant) removes the ``#`` before each key they answer and writes
the value; ``maturity init --answers FILE`` then replays it. The questions are
the interview's own, asked about every kind of department (the client deletes
those it does not have), so the file and the interview cannot disagree.
"""

from __future__ import annotations

import json
from collections.abc import Container, Mapping
from typing import Any

from maturity.i18n import t
from maturity.intake.facts import Facts
from maturity.intake.interview import Interview, kind_label, resolve
from maturity.intake.questions import SKIP, Question, field_question
from maturity.intake.terms import field_name
from maturity.model.vocabulary import Vocabulary
from maturity.resources import schema


class _Every:
    """Answers like a client with every department and no flows: records each question."""

    def __init__(self) -> None:
        self.questions: list[Question] = []

    def ask(self, question: Question) -> Any:
        self.questions.append(question)
        if question.id == "organization.name":
            return "?"
        if question.id.startswith("departments."):
            return question.default
        return SKIP


def _say(key: str, lang: str, **values: Any) -> str:
    return t(f"ask.template.{key}", lang, **values)


def _example(question: Question) -> str:
    """A value of the right shape for the commented-out key."""
    if question.id.startswith("departments."):
        return "true"
    value: Any = {"text": "", "number": 0, "integer": 0, "boolean": True}.get(question.kind)
    if question.kind == "choice":
        value = question.choices[0][0]
    if question.kind in ("multi", "texts"):
        value = []
    return json.dumps(value, ensure_ascii=False)


def _hint(question: Question, lang: str, departments: Container[str] = ()) -> str:
    """What the answer may be, in words: the choices with their labels."""
    if question.id.startswith("departments."):
        return _say("department", lang)
    if question.choices and all(v in departments for v, _ in question.choices):
        return _say("roles", lang)
    if question.kind in ("choice", "multi") and question.choices:
        items = ", ".join(
            f"{json.dumps(v, ensure_ascii=False)} ({label})" for v, label in question.choices
        )
        return _say(f"{question.kind}", lang, items=items)
    return _say(question.kind, lang)


def _table_and_key(qid: str) -> tuple[str, str]:
    table, _, key = qid.rpartition(".")
    return table, key


def _detail_lines(facts: Facts, vocabulary: Vocabulary, lang: str) -> list[str]:
    """How a flow's details are written, once per kind of flow with details."""
    flow_props = schema("organization")["$defs"]["flow"]["properties"]
    lines = ["", f"# {_say('details', lang)}"]
    for kind in facts.flow_kinds(vocabulary):
        attrs = [a for a in sorted(facts.flows[kind].attrs) if a in flow_props]
        if not attrs:
            continue
        senders = sorted(facts.flows[kind].senders) or ["SENDER"]
        lines += [
            "#",
            f"# [details.{senders[0]}.{kind}.RECEIVER]   # {kind_label(kind, None, lang)}",
        ]
        for attr in attrs:
            question = field_question(attr, attr, resolve(flow_props[attr]), "", lang)
            hint = f"{field_name(attr, lang)}: {_hint(question, lang)}"
            lines.append(f"# {attr} = {_example(question)}   # {hint}")
    return lines


def _flow_table(
    sender: str, questions: list[Question], facts: Facts, names: Mapping[str, str], lang: str
) -> list[str]:
    """A department's flows: the question once, then one key per kind of flow."""
    lines = [f"# {_say('flows', lang, sender=names.get(sender, sender))}"]
    for question in questions:
        key = _table_and_key(question.id)[1]
        kind = key.removesuffix("_urgent")
        urgent = key != kind or (False if facts.flows[kind].split else None)
        lines.append(f"# {key} = []   # {kind_label(kind, urgent, lang)}")
    return lines


def answers_template(facts: Facts, vocabulary: Vocabulary, lang: str = "en") -> str:
    """The blank answers file's text: tables, and each question commented above its key."""
    asker = _Every()
    Interview(facts, vocabulary, asker, lang).run()
    tables: dict[str, list[Question]] = {}
    for question in asker.questions:
        tables.setdefault(_table_and_key(question.id)[0], []).append(question)
    names = {q.id.split(".")[1]: str(q.default) for q in tables.get("departments", [])}
    lines = [f"# {line}".rstrip() for line in _say("header", lang).splitlines()]
    for table, questions in _ordered(tables, list(names)).items():
        lines += ["", f"[{table}]"]
        if table.startswith("flows."):
            lines += _flow_table(table.split(".")[1], questions, facts, names, lang)
            continue
        if table == "departments":
            lines.append(f"# {_say('departments', lang)}")
        for question in questions:
            key = _table_and_key(question.id)[1]
            text = names[key] if table == "departments" else question.text
            lines.append(f"# {text} — {_hint(question, lang, names)}")
            lines.append(f"# {key} = {_example(question)}")
    lines += _detail_lines(facts, vocabulary, lang)
    return "\n".join(lines) + "\n"


def _ordered(
    tables: Mapping[str, list[Question]], departments: list[str]
) -> dict[str, list[Question]]:
    """Tables in the interview's order; a department's tables in the departments' order."""
    order = list(tables)

    def rank(table: str) -> tuple[int, int, int]:
        head, _, rest = table.partition(".")
        first = next(i for i, name in enumerate(order) if name.split(".")[0] == head)
        sub = rest.split(".")[0]
        dept = departments.index(sub) if head in ("roles", "flows") and sub in departments else 0
        return first, dept, order.index(table)

    return dict(sorted(tables.items(), key=lambda item: rank(item[0])))
