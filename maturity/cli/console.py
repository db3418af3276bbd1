"""The text report on a terminal: colour, wrapped to the width, and progress on stderr.

A report piped or written to a file stays plain text, byte for byte what the
text format renders. On a terminal (a TTY) it is drawn with ``rich``: coloured
unless ``NO_COLOR`` is set or ``--no-color`` is given, and wrapped to the
terminal's width with hanging indents. Styles come from the report's own
structure (status marks, headings, evidence lines), applied as ``rich.Text``
spans: no text, ours or the model's, is ever read as ``rich`` markup.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

#: Status marks of the text report, and their styles.
MARKS = {"✗": "bold red", "✓": "green", "!": "bold magenta", "-": "dim", "~": "yellow"}
_FINDING = re.compile(r"^(\s{2})([✗✓!\-~]) (\S+)(\s+)")
_NUMBERED = re.compile(r"^(\s*)(\d+\.|\*|-)\s")
_LABEL = re.compile(r"^(\s+)([^:：]{1,24}[:：])\s?")


def wants_color(no_color: bool, stream: IO[str] | None = None) -> bool:
    """Colour only on a terminal, and never with ``--no-color`` or ``NO_COLOR``."""
    stream = stream or sys.stdout
    if no_color or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def is_terminal(stream: IO[str] | None = None) -> bool:
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def _style(line: str) -> Any:
    from rich.text import Text

    text = Text(line)
    found = _FINDING.match(line)
    if found:
        style = MARKS.get(found.group(2), "")
        text.stylize(style, found.start(2), found.end(3))
        if found.group(2) == "✗":
            text.stylize("bold", found.end(), len(line))
        return text
    if line and not line.startswith(" "):
        text.stylize("bold", 0, len(line))
        return text
    label = _LABEL.match(line)
    if label and len(label.group(1)) >= 4:
        text.stylize("dim", label.start(2), label.end(2))
    return text


def _hanging(line: str) -> int:
    """How far the continuation of a wrapped line is indented."""
    found = _FINDING.match(line)
    if found:
        return found.end()
    numbered = _NUMBERED.match(line)
    if numbered:
        return numbered.end()
    return len(line) - len(line.lstrip(" ")) + 2


def draw(document: str, color: bool, file: IO[str] | None = None, width: int | None = None) -> None:
    """Write a text report to a terminal: styled when ``color``, wrapped to ``width``."""
    from rich.console import Console

    console = Console(file=file or sys.stdout, width=width, no_color=not color, highlight=False,
                      markup=False, emoji=False, soft_wrap=False, force_terminal=color)  # fmt: skip
    for line in document.rstrip("\n").split("\n"):
        for row in wrap(line, console):
            console.print(row)


def wrap(line: str, console: Any) -> list[Any]:
    """``line`` as styled rows no wider than the console, continuation rows indented."""
    from rich.text import Text

    styled = _style(line)
    width = console.width
    if styled.cell_len <= width:
        return [styled]
    hang = min(_hanging(line), width // 2)
    rows: list[Any] = []
    rest, room, pad = styled, width, ""
    while rest.plain:
        first = rest.wrap(console, room)[0]
        used = len(first.plain)
        rows.append(Text(pad) + first)
        rest = rest.divide([used])[1] if used < len(rest.plain) else Text("")
        spaces = len(rest.plain) - len(rest.plain.lstrip(" "))
        rest = rest.divide([spaces])[1] if spaces else rest
        room, pad = width - hang, " " * hang
    return rows


@contextmanager
def progress(label: str, delay: float = 1.0, stream: IO[str] | None = None) -> Iterator[None]:
    """A spinner with ``label`` on stderr when the work inside takes over ``delay`` seconds
    (and stderr is a terminal); nothing otherwise."""
    stream = stream or sys.stderr
    if not is_terminal(stream):
        yield
        return
    from rich.console import Console

    console = Console(file=stream, highlight=False, markup=False)
    status = console.status(label, spinner="dots")
    timer = threading.Timer(delay, status.start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        status.stop()
