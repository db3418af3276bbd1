"""Find the line of a JSON path in a hand-written TOML file.

``tomllib`` gives no positions for values, so this reads the text the way a
person would: the n-th ``[[rules]]`` header, then its ``[rules.en]``
sub-table, then the ``title =`` key below it. It serves error messages only;
``None`` means "no line known".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]\s][^\]]*?)\s*\]\]?\s*(#.*)?$")

Header = tuple[int, str, bool]


def _headers(lines: Sequence[str]) -> list[Header]:
    found = []
    for number, line in enumerate(lines):
        match = _HEADER.match(line)
        if match:
            name = re.sub(r"\s*\.\s*", ".", match.group(2)).replace('"', "")
            found.append((number, name, match.group(1) == "[["))
    return found


def _key_line(lines: Sequence[str], start: int, end: int, key: str) -> int | None:
    """The first line in ``[start, end)`` that sets ``key``, before any other header."""
    pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*[=.]')
    for number in range(start, end):
        if number > start and _HEADER.match(lines[number]):
            return None
        if pattern.match(lines[number]):
            return number
    return None


def _locate(
    lines: Sequence[str],
    headers: list[Header],
    table: str,
    span: tuple[int, int],
    path: Sequence[str | int],
) -> int | None:
    """Line of ``path`` inside the table named ``table`` spanning lines ``span``."""
    start, end = span
    if not path:
        return start
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        return None
    name = f"{table}.{head}" if table else head
    inside = [h for h in headers if start <= h[0] < end]
    arrays = [h for h in inside if h[2] and h[1] == name]
    if arrays and rest and isinstance(rest[0], int):
        if rest[0] >= len(arrays):
            return arrays[-1][0]
        begin = arrays[rest[0]][0]
        stop = next((h[0] for h in inside if h[0] > begin and h[1] == name), end)
        found = _locate(lines, headers, name, (begin, stop), rest[1:])
        return begin if found is None else found
    tables = [h for h in inside if not h[2] and h[1] == name]
    if tables:
        begin = tables[0][0]
        found = _locate(lines, headers, name, (begin, end), rest)
        return begin if found is None else found
    return _key_line(lines, start, end, str(head))


def toml_line(text: str, path: Sequence[str | int]) -> int | None:
    """Return the 1-based line of ``path`` (e.g. ``["flows", 3, "to"]``) in ``text``."""
    lines = text.splitlines()
    found = _locate(lines, _headers(lines), "", (0, len(lines)), list(path))
    return None if found is None else found + 1
