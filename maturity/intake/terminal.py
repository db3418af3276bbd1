"""The interview at a terminal, with questionary prompts (the ``interview`` extra).

Enter alone skips a question (the fact stays unstated): text prompts accept
an empty answer, pick-one prompts start on "skip", pick-many prompts accept
no selection. Ctrl-C stops the interview and writes nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import click

from maturity.intake.questions import SKIP, Question, say


def _questionary() -> Any:
    try:
        import questionary
    except ImportError:
        from maturity.errors import UsageError

        raise UsageError(
            "the interactive interview needs questionary: pip install 'maturity[interview]' "
            "(or replay a file with --answers)"
        ) from None
    return questionary


def _number(kind: str, text: str) -> int | float | None:
    cleaned = text.strip().replace(",", "")
    try:
        value: int | float = int(cleaned) if kind == "integer" else float(cleaned)
    except ValueError:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if value >= 0 else None


class Terminal:
    """Asks each question with a questionary prompt."""

    def __init__(self, lang: str = "en"):
        self.q = _questionary()
        self.lang = lang
        self._where = ""

    def progress(self, n: int, total: int) -> None:
        """Where the interview stands, shown before the next question."""
        self._where = say("progress", self.lang, n=n, total=total)

    def _shown(self, question: Question) -> Question:
        sep = "" if self.lang == "zh" else " "
        return replace(question, text=f"{question.text}{sep}{self._where}".rstrip())

    def _run(self, prompt: Any) -> Any:
        answer = prompt.unsafe_ask()
        return answer

    def choose(self, question: Question) -> list[str]:
        """Pick many, no skip: which departments exist."""
        return self._ask_multi(self._shown(question))

    def ask(self, question: Question) -> Any:
        try:
            return getattr(self, f"_ask_{question.kind}")(self._shown(question))
        except KeyboardInterrupt:
            raise click.Abort() from None

    def _ask_text(self, question: Question) -> Any:
        default = "" if question.default is SKIP else str(question.default)

        def valid(text: str) -> bool | str:
            return bool(text.strip()) or not question.required or "required"

        answer = self._run(self.q.text(question.text, default=default, validate=valid))
        return answer.strip() if answer and answer.strip() else SKIP

    def _ask_number(self, question: Question) -> Any:
        def valid(text: str) -> bool | str:
            if not text.strip() or _number(question.kind, text) is not None:
                return True
            return say("number", self.lang)

        answer = self._run(self.q.text(question.text, validate=valid))
        value = _number(question.kind, answer or "")
        return SKIP if value is None else value

    _ask_integer = _ask_number

    def _ask_choice(self, question: Question) -> Any:
        skip = self.q.Choice(say("skip", self.lang), value=SKIP)
        items = [skip] + [self.q.Choice(label, value=v) for v, label in question.choices]
        return self._run(self.q.select(question.text, choices=items))

    def _ask_boolean(self, question: Question) -> Any:
        choices = ((True, say("yes", self.lang)), (False, say("no", self.lang)))
        return self._ask_choice(Question(question.id, question.text, "choice", choices))

    def _ask_multi(self, question: Question) -> Any:
        items = [self.q.Choice(label, value=value) for value, label in question.choices]
        text = f"{question.text} {say('hint.multi', self.lang)}"
        return list(self._run(self.q.checkbox(text, choices=items)) or [])

    def _ask_texts(self, question: Question) -> Any:
        answer = self._run(self.q.text(f"{question.text} (a, b, …)"))
        items = [part.strip() for part in (answer or "").replace("，", ",").split(",")]
        return [item for item in items if item] or SKIP
