"""Find the line of a JSON path in a hand-written TOML file.

``tomllib`` gives no positions for values, so this reads the text the way a
person would: the n-th ``[[flows]]`` header, then the ``to =`` key below it.
It serves error messages only; ``None`` means "no line known".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]\s][^\]]*?)\s*\]\]?\s*(#.*)?$")


def _headers(lines: Sequence[str]) -> list[tuple[int, str, bool]]:
    found = []
    for number, line in enumerate(lines):
        match = _HEADER.match(line)
        if match:
            name = re.sub(r"\s*\.\s*", ".", match.group(2)).replace('"', "")
            found.append((number, name, match.group(1) == "[["))
    return found


def _key_line(lines: Sequence[str], start: int, key: str) -> int | None:
    pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*[=.]')
    for number in range(start, len(lines)):
        if number > start and _HEADER.match(lines[number]):
            return None
        if pattern.match(lines[number]):
            return number
    return None


def toml_line(text: str, path: Sequence[str | int]) -> int | None:
    """Return the 1-based line of ``path`` (e.g. ``["flows", 3, "to"]``) in ``text``."""
    lines = text.splitlines()
    headers = _headers(lines)
    if len(path) >= 2 and isinstance(path[0], str) and isinstance(path[1], int):
        blocks = [n for n, name, array in headers if array and name == path[0]]
        if path[1] >= len(blocks):
            return None
        start = blocks[path[1]]
        if len(path) > 2 and isinstance(path[2], str):
            found = _key_line(lines, start, path[2])
            return (found if found is not None else start) + 1
        return start + 1
    names = [segment for segment in path if isinstance(segment, str)]
    for size in range(len(names), 0, -1):
        table = ".".join(names[:size])
        starts = [n for n, name, array in headers if not array and name == table]
        if starts:
            if size < len(names):
                found = _key_line(lines, starts[0], names[size])
                return (found if found is not None else starts[0]) + 1
            return starts[0] + 1
    if names:
        top = _key_line(lines, 0, names[0]) if not headers or headers[0][0] > 0 else None
        return None if top is None else top + 1
    return None
