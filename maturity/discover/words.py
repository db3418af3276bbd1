"""The language of what ``maturity discover`` says on stderr (progress and notes).

The command sets it once from ``--lang``; the readers, the cluster run and the
steps word their progress with :func:`words`, so that a Chinese session reads
Chinese notes as well as a Chinese drift report.
"""

from __future__ import annotations

from typing import Any

from maturity.i18n import t

_STATE = {"lang": "en"}


def set_language(lang: str) -> None:
    _STATE["lang"] = lang


def language() -> str:
    return _STATE["lang"]


def words(key: str, **values: Any) -> str:
    """``discover.<key>`` in the message catalog, in the command's language."""
    return t(f"discover.{key}", _STATE["lang"], **values)
