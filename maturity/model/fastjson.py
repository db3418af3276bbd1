"""JSON at speed: orjson's parse where it provably gives what the checked stdlib parse gives.

The loader's stdlib parse refuses duplicate keys (through a hook called for
every object), NaN and Infinity, and integers too long to convert; its error
messages are located. orjson parses several times faster but keeps the last
of two equal keys and reads an integer beyond 64 bits as a float. So orjson
is used only when it can be shown to agree: it parsed, no number became a
float of 64-bit-integer size or more, and the text has exactly as many keys
as the parsed objects hold (each key ends in ``":``; a text with an escaped
quote or a space before a colon is not counted, it takes the stdlib path).
Anything else — every error included — goes to the stdlib parse, whose
messages are the ones users see.
"""

from __future__ import annotations

import re
from typing import Any

#: Any float at least this large may stand for an integer orjson could not hold.
_WIDE = float(2**63)
_SPACED_KEY = re.compile(r'"\s+:')


def parse(text: str) -> Any | None:
    """The data, or ``None`` when only the stdlib parse can decide."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - a core dependency, but never required
        return None
    if '\\"' in text:
        return None
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    keys = _keys(data)
    if keys < 0 or text.count('":') != keys or _SPACED_KEY.search(text):
        return None
    return data


def _keys(data: Any) -> int:
    """How many keys the objects hold in all; -1 when a float is integer-wide."""
    keys = 0
    level = [data]
    while level:
        deeper: list[Any] = []
        for item in level:
            kind = type(item)
            if kind is dict:
                keys += len(item)
                deeper.extend(item.values())
            elif kind is list:
                deeper.extend(item)
            elif kind is float and not -_WIDE < item < _WIDE:
                return -1
        level = deeper
    return keys
