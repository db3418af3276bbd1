"""Every user-facing string in every language maturity speaks. A test checks each has all.

One catalog, :data:`STRINGS`, looked up with :func:`t`: report texts, the words
of fix changes (``verb.*``), why a plan leaves a rule failing (``reason.*``)
(``strings.py``), the consultant's workflow (``workflow.py``), the what-if
studio (``studio.py``), and the starter model of ``maturity init``
(``template.model``, in ``documents.py``). Rule texts live in the rule packs.
"""

from __future__ import annotations

from maturity.i18n.documents import DOCUMENTS
from maturity.i18n.strings import STRINGS as _SHORT
from maturity.i18n.studio import STRINGS as _STUDIO
from maturity.i18n.workflow import STRINGS as _WORKFLOW

#: The languages maturity speaks: every entry has a text in each.
LANGS = ("en", "zh")

STRINGS: dict[str, dict[str, str]] = {**_SHORT, **_WORKFLOW, **_STUDIO, **DOCUMENTS}

__all__ = ["LANGS", "STRINGS", "t"]


def t(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang`` (English when missing), formatted with ``values``."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
