"""Plain-language names of the model's fields and values (``field.*`` and ``value.*`` in the
message catalog, :mod:`maturity.i18n`).

The interview's questions, the workbook's headers and the diff's sentences
name fields this way (the glossary's terms), never by their snake_case keys.
A field a plugin adds and this table lacks is shown by its key with
underscores as spaces: readable, if not translated.
"""

from __future__ import annotations

import re

from maturity.i18n import STRINGS

#: A snake_case key (``brand_awareness``) that the catalog lacks: shown with spaces.
_KEY = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")


def _pick(prefix: str, key: str, lang: str) -> str | None:
    entry = STRINGS.get(f"{prefix}.{key}")
    return (entry.get(lang) or entry["en"]) if entry else None


def field_name(key: str, lang: str) -> str:
    """A field in words: ``arr`` → "annual recurring revenue (ARR)"."""
    return _pick("field", key, lang) or key.replace("_", " ")


def value_name(value: object, lang: str, key: str = "") -> str:
    """A value in words: ``per_release`` → "every release", ``True`` → "yes".

    ``key`` is the field holding the value: a table's fields are then named as
    that field's (``issue_tracker.links_customers``).
    """
    if isinstance(value, bool):
        return _pick("value", str(value).lower(), lang) or str(value)
    if isinstance(value, list):
        sep = "、" if lang == "zh" else ", "
        return sep.join(value_name(v, lang) for v in value) or "–"
    if isinstance(value, dict):
        sep = "；" if lang == "zh" else "; "
        return sep.join(
            f"{_sub_field(key, str(k), lang)}{_colon(lang)}{value_name(v, lang)}"
            for k, v in value.items()
        )
    if value is None:
        return "–"
    text = str(value)
    found = _pick("value", text, lang)
    if found:
        return found
    return text.replace("_", " ") if _KEY.fullmatch(text) else text


def _sub_field(key: str, sub: str, lang: str) -> str:
    return (_pick("field", f"{key}.{sub}", lang) if key else None) or field_name(sub, lang)


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def kind_name(kind: str, lang: str, prefix: str = "role_kind") -> str:
    """A role or flow kind by the glossary's term (plugins' kinds by their key)."""
    from maturity.report.graph.view import kind_label

    return kind_label(kind, lang, prefix)
