"""The starter model ``maturity init`` writes: valid, commented, and beginner-level.

Its text, in each language, is ``template.model`` in the message catalog.
"""

from __future__ import annotations

from maturity.i18n import t


def starter_model(lang: str = "en") -> str:
    return t("template.model", lang)
