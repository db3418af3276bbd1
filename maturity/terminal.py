"""Text safe on a terminal: escape sequences and control characters removed or shown."""

from __future__ import annotations

import re
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


def clean(text: Any) -> str:
    """User text with terminal control sequences removed (a model cannot drive the terminal)."""
    return _BREAKS.sub(" ", _CONTROL.sub("", str(text)))


_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: Any) -> str:
    """User text in an error message: control characters shown as escapes (\\x1b), so a
    message still names the offending key while the terminal is never driven by it."""
    return _ANY_CONTROL.sub(lambda m: repr(m.group())[1:-1], str(text))
