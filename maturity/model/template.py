"""The starter model ``maturity init`` writes: valid, commented, its example flows good
practice (bugs through a support hotline, value training for sales), never the beginner
anti-patterns a consultant would otherwise keep by accident.

Its text, in each language, is ``template.model`` in the message catalog.
"""

from __future__ import annotations

from maturity.i18n import t


def starter_model(lang: str = "en") -> str:
    return t("template.model", lang)
