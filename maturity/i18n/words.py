"""Words for the model's identifiers in a reader's language: kinds, fields, values, numbers.

Shared by the report's phrases (:mod:`maturity.report.phrase`) and the
sentences a fix's changes read as (:mod:`maturity.fixes.apply`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maturity.i18n import STRINGS, t


def humanize(word: object) -> str:
    """An identifier the catalog does not know, readable: ``lead_scoring`` → ``lead scoring``."""
    return str(word).replace("_", " ").replace(".", " ")


def term(prefix: str, word: object, lang: str) -> str:
    key = f"{prefix}.{word}"
    return t(key, lang) if key in STRINGS else humanize(word)


def number(value: float, lang: str) -> str:
    """A number as a reader writes it: 50,000,000 (en), 5000万 (zh)."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}".rstrip("0").rstrip(".")
    whole = int(value)
    if lang == "zh" and whole and whole % 10_000 == 0:
        return f"{whole // 10_000:,}万".replace(",", "")
    return f"{whole:,}"


def value_text(value: Any, lang: str, joiner: str = "w.and") -> str:
    """A value in words: booleans yes/no, numbers grouped, lists joined, tags by their terms."""
    if isinstance(value, bool):
        return t("say.value.true" if value else "say.value.false", lang)
    if isinstance(value, int | float):
        return number(value, lang)
    if isinstance(value, list | tuple | set | frozenset):
        return join([value_text(v, lang) for v in value], lang, joiner)
    if isinstance(value, Mapping):
        parts = [f"{term('say.field', k, lang)} {value_text(v, lang)}" for k, v in value.items()]
        return join(parts, lang, "w.and")
    return term("say.value", value, lang)


def join(parts: list[str], lang: str, last: str = "w.or") -> str:
    """``a, b or c`` (``a、b或c``)."""
    if len(parts) <= 1:
        return "".join(parts)
    return t("w.list", lang).join(parts[:-1]) + t(last, lang) + parts[-1]
