"""The studio's words: its own (``studio.*`` in :mod:`maturity.i18n`), else the report's."""

from __future__ import annotations

from maturity.i18n import t as catalog_t
from maturity.i18n.studio import WORDS as STUDIO

__all__ = ["STUDIO", "t"]


def t(key: str, lang: str, **values: object) -> str:
    """A studio string, else the report's string of that key."""
    return catalog_t(f"studio.{key}" if key in STUDIO else key, lang, **values)
