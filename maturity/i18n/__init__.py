"""Every user-facing string in every language maturity speaks. A test checks each has all.

One catalog, :data:`STRINGS`, looked up with :func:`t`: report texts, the words
of fix changes (``verb.*``), why a plan leaves a rule failing (``reason.*``)
(``strings.py``), the consultant's workflow (``workflow.py``), the what-if
studio (``studio.py``), the plain-language words for the model's fields, values
and conditions (``terms.py``), and the starter model of ``maturity init``
(``template.model``, in ``documents.py``). Rule texts live in the rule packs.
"""

from __future__ import annotations

from collections.abc import Mapping

from maturity.i18n.documents import DOCUMENTS
from maturity.i18n.strings import STRINGS as _SHORT
from maturity.i18n.studio import STRINGS as _STUDIO
from maturity.i18n.terms import TERMS
from maturity.i18n.workflow import STRINGS as _WORKFLOW

#: The languages maturity speaks: every entry has a text in each.
LANGS = ("en", "zh")

#: maturity's own strings (a test checks each has every language).
BUILT_IN: dict[str, dict[str, str]] = {**_SHORT, **_WORKFLOW, **_STUDIO, **DOCUMENTS, **TERMS}
#: The catalog: maturity's own strings, then the words plugins add (:func:`add_words`).
STRINGS: dict[str, dict[str, str]] = dict(BUILT_IN)

__all__ = ["BUILT_IN", "LANGS", "STRINGS", "add_words", "t"]


def add_words(words: Mapping[str, object], keys: Mapping[str, str]) -> None:
    """Add a plugin's words ``{name: {"en": text, "zh": text}}`` (English required) for the
    names it registers, under their catalog keys (``keys``: name → key). maturity's own
    words are never replaced, nor an earlier plugin's; a wrong table raises ``ValueError``
    and adds nothing."""
    checked: dict[str, dict[str, str]] = {}
    for name, texts in words.items():
        if name not in keys:
            raise ValueError(f"words for '{name}', which this call does not register")
        if not isinstance(texts, Mapping) or not isinstance(texts.get("en"), str):
            raise ValueError(f"words for '{name}': give {{'en': text, 'zh': text}}")
        wrong = [k for k, text in texts.items() if k not in LANGS or not isinstance(text, str)]
        if wrong:
            raise ValueError(f"words for '{name}': no text, or a language not in {LANGS}: {wrong}")
        checked[keys[name]] = dict(texts)
    for key, texts in checked.items():
        STRINGS.setdefault(key, texts)


def t(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang`` (English when missing), formatted with ``values``."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
