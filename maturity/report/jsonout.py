"""The JSON report's text: ``json.dumps(indent=2, sort_keys=True, ensure_ascii=False)``, fast.

The standard library indents in pure Python (seconds for a report of 100,000
flows); orjson writes the same bytes in C for everything a report holds but
floats in exponent form (``1e-05`` for the stdlib, ``0.00001`` or ``1e-5`` for
orjson) and non-finite floats. Such numbers are found by a look over the
output (a number starting ``0.0000`` or holding ``e-`` and a digit) and by the facts'
values: when one may be there, the standard library writes the report.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

#: Where orjson and the stdlib may write a float differently (or a string merely looks so);
#: two plain searches, as an alternation makes the regex engine try every byte.
_EXPONENT = re.compile(rb"e-[0-9]")
_SMALL = re.compile(rb"0\.0000")


def dumps(report: Mapping[str, Any]) -> str:
    """The report as indented, key-sorted JSON text, ending in a newline."""
    return dumps_bytes(report).decode("utf-8")


def dumps_bytes(report: Mapping[str, Any]) -> bytes:
    """:func:`dumps` encoded as UTF-8, without making the text first."""
    fast = _orjson(report)
    if fast is not None:
        return fast
    text = json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return text.encode("utf-8")


def _orjson(report: Mapping[str, Any]) -> bytes | None:
    try:
        import orjson
    except ImportError:  # pragma: no cover - a core dependency, but never required
        return None
    if not _finite_facts(report):
        return None
    try:
        options = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
        data = orjson.dumps(report, option=options)
    except (TypeError, orjson.JSONEncodeError):  # e.g. an integer beyond 64 bits
        return None
    if _EXPONENT.search(data) or _SMALL.search(data):
        return None
    return data


def _finite_facts(report: Mapping[str, Any]) -> bool:
    """Whether every fact's value is free of NaN and infinities (the model's are: validated;
    a plugin's metric may not be)."""
    for finding in report.get("findings", ()):
        for item in finding.get("evidence", ()):
            value = item.get("value") if item.get("type") == "fact" else None
            if isinstance(value, float) and not math.isfinite(value):
                return False
    return True
