"""The interview's questions: ids, words in both languages, and what an answer may be.

A question id is a dotted path that is also where the answer sits in an
answers file (``organization.arr``, ``departments.sales``,
``flows.sales.bug_report``, ``details.sales.bug_report.product.reproduced``,
``practices.issue_tracker.links_customers``), so a replayed file reads like
the interview did.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from maturity.i18n import t
from maturity.intake.terms import field_name, kind_name, value_name

#: An answer left out: the model then does not state the fact.
SKIP: Any = type("Skip", (), {"__repr__": lambda self: "SKIP"})()


def say(key: str, lang: str, **values: Any) -> str:
    """The interview's words: ``ask.<key>`` in the message catalog."""
    return t(f"ask.{key}", lang, **values)


@dataclass(frozen=True)
class Question:
    """One question: ``kind`` is text, number, integer, boolean, choice, multi or texts."""

    id: str
    text: str
    kind: str
    choices: tuple[tuple[Any, str], ...] = ()  # (value, label)
    default: Any = SKIP
    required: bool = False

    def check(self, value: Any) -> Any:
        """``value`` as this question's answer; raise ValueError saying why it cannot be."""
        checker = getattr(self, f"_check_{self.kind}")
        return checker(value)

    def _check_text(self, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("expected a text")
        return value.strip()

    def _check_number(self, value: Any) -> int | float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ValueError("expected a number, 0 or more")
        return value

    def _check_integer(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError("expected a whole number, 0 or more")
        return value

    def _check_boolean(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValueError("expected true or false")
        return value

    def _check_choice(self, value: Any) -> Any:
        allowed = [c for c, _ in self.choices]
        if value not in allowed:
            raise ValueError(f"expected one of {', '.join(map(str, allowed))}")
        return value

    def _check_texts(self, value: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ValueError('expected a list of texts, e.g. ["renewal", "upsell"]')
        return list(dict.fromkeys(value))

    def _check_multi(self, value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise ValueError('expected a list, e.g. ["a", "b"]')
        for item in value:
            self._check_choice(item)
        return list(dict.fromkeys(value))


def choices(values: Sequence[Any], lang: str) -> tuple[tuple[str, str], ...]:
    return tuple((v, value_name(v, lang)) for v in values)


def role_choices(roles: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((ident, name) for ident, name in roles.items())


def field_question(qid: str, key: str, spec: Mapping[str, Any], text: str, lang: str) -> Question:
    """A question for a schema-typed field: the answer kind follows the field's type."""
    if "enum" in spec:
        return Question(qid, text, "choice", choices(spec["enum"], lang))
    kind = spec.get("type")
    if kind == "array" and "enum" in spec.get("items", {}):
        return Question(qid, text, "multi", choices(spec["items"]["enum"], lang))
    if kind in ("integer", "number", "boolean"):
        return Question(qid, text, kind)
    return Question(qid, text, "text")


def flow_kind_phrase(kind: str, lang: str) -> str:
    return kind_name(kind, lang, "flow_kind")


__all__ = ["SKIP", "Question", "field_name", "field_question", "say"]
