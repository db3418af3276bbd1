"""JSON at speed: orjson's parse where it provably gives what the checked stdlib parse gives.

The loader's stdlib parse refuses duplicate keys (through a hook called for
every object), NaN and Infinity, and integers too long to convert; its error
messages are located. orjson parses several times faster but keeps the last
of two equal keys and reads an integer beyond 64 bits as a float. So orjson
is used only when it can be shown to agree: it parsed, no number became a
float of 64-bit-integer size or more, and the text has exactly as many keys
as the parsed objects hold (each key ends in ``":``; a text with an escaped
quote or a space before a colon is not counted, it takes the stdlib path).
The key count comes from the pass that checks the model's limits
(:func:`maturity.model.limits.scan`), so data that breaks a limit takes the
stdlib path too, where each problem is located. Anything else — every error
included — goes to the stdlib parse, whose messages are the ones users see.

The file's bytes can be given as they are: orjson checks they are UTF-8, and
the text is decoded only when the stdlib has to decide.
"""

from __future__ import annotations

import re
from typing import Any

from maturity.model.limits import scan
from maturity.model.validate import Limits

_SPACED_KEY = re.compile(r'"\s+:')
_SPACED_KEY_BYTES = re.compile(rb'"\s+:')


def parse(text: str | bytes, limits: Limits | None = None) -> Any | None:
    """The data (within ``limits``), or ``None`` when only the stdlib parse can decide."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - a core dependency, but never required
        return None
    raw = isinstance(text, bytes)
    escaped, key_end, spaced = (
        (b'\\"', b'":', _SPACED_KEY_BYTES) if raw else ('\\"', '":', _SPACED_KEY)
    )
    if escaped in text:  # type: ignore[operator]  # bytes in bytes, str in str
        return None
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    keys = scan(data, limits or Limits(), wide=True)
    if keys < 0 or text.count(key_end) != keys or spaced.search(text):  # type: ignore[arg-type]
        return None
    return data


def parse_bytes(raw: bytes, limits: Limits) -> Any | None:
    """:func:`parse` of a file's bytes: ``None`` when the stdlib must decide, a byte-order
    mark included (the text path strips it)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return None
    return parse(raw, limits)
