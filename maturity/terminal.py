"""Text safe on a terminal: escape sequences and control characters removed or shown."""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from typing import Any

# Whole escape sequences first (CSI, OSC, other ESC sequences), then any other
# control character; line breaks become spaces so a name cannot forge a line.
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, screen clears
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, hyperlinks
    r"|\x1b[ -/]*[0-~]?"  # other ESC sequences
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)
_BREAKS = re.compile(r"[\n\r\t\x85\u2028\u2029]+")
#: Lone surrogates (from a file name that is not UTF-8) cannot be printed: shown as escapes.
_SURROGATES = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return ascii(match.group())[1:-1]


def clean(text: Any) -> str:
    """User text with terminal control sequences removed (a model cannot drive the terminal)."""
    text = _BREAKS.sub(" ", _CONTROL.sub("", str(text)))
    return text if text.isascii() else _SURROGATES.sub(_escape, text)


_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def visible(text: Any) -> str:
    """User text in an error message: control characters shown as escapes (\\x1b), so a
    message still names the offending key while the terminal is never driven by it."""
    return _ANY_CONTROL.sub(_escape, str(text))


def text_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide (CJK) characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` columns (right-aligned when ``right``)."""
    fill = " " * max(0, width - text_width(text))
    return fill + text if right else text + fill


def aligned(rows: Sequence[Sequence[str]], right: Container[int] = ()) -> str:
    """Rows as columns two spaces apart, wide characters counted; ``right``: column indexes."""
    widths = [max(text_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(pad(c, w, i in right) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in rows
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"
