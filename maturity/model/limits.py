"""The model's size limits, checked before anything else reads the data.

One level-by-level pass (:func:`scan`) says whether the data is within the
limits — nesting depth, text length, finite numbers, keys and text that are
Unicode — and counts the keys on the way, which the fast JSON parse needs to
rule out duplicate keys. Only data that breaks a limit is walked again
(:func:`walk`) to locate each problem.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from maturity.model.validate import Limits

RawProblem = tuple[tuple[str | int, ...], str]

#: A lone surrogate: JSON can escape one (``"\\ud800"``), but it is not a character.
SURROGATE = re.compile("[\ud800-\udfff]")
#: Any float at least this large may stand for an integer orjson could not hold.
WIDE = float(2**63)


def surrogate_message(char: str) -> str:
    return (f"holds a lone surrogate ({ascii(char)[1:-1]}), which is not a Unicode character; "
            "an escape like \\ud83d must be followed by its pair (\\ude00)")  # fmt: skip


def scan(data: Any, limits: Limits, wide: bool = False) -> int:
    """How many keys the objects hold in all, or -1 when :func:`walk` would find a problem
    (or, with ``wide``, a float is as large as a 64-bit integer: orjson's reading of an
    integer it cannot hold)."""
    keys, level, depth = 0, [data], 0
    while level:
        deeper: list[Any] = []
        for item in level:
            kind = type(item)
            if kind is str:
                if len(item) > limits.max_text or (not item.isascii() and SURROGATE.search(item)):
                    return -1
            elif kind is dict or kind is list:
                if depth >= limits.max_depth:
                    return -1
                if kind is dict:
                    if not _ascii_keys(item):
                        return -1  # keys beyond ASCII: the walk looks at each
                    keys += len(item)
                    deeper.extend(item.values())
                else:
                    deeper.extend(item)
            elif kind is float and (not math.isfinite(item) or (wide and not -WIDE < item < WIDE)):
                return -1
        level, depth = deeper, depth + 1
    return keys


def walk(value: Any, limits: Limits) -> Iterator[RawProblem]:
    """Every limit problem with its path: nesting depth, text length, numbers that are not
    finite, lone surrogates in keys and text."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), value)]
    too_deep = False
    while stack:
        path, item = stack.pop()
        kind = type(item)
        if kind is str:
            if len(item) > limits.max_text:
                yield path, f"text of {len(item)} characters; the limit is {limits.max_text}"
            if not item.isascii() and (surrogate := SURROGATE.search(item)):
                yield path, surrogate_message(surrogate.group())
        elif kind is float:
            if not math.isfinite(item):
                yield path, "not a finite number (nan and inf are not amounts)"
        elif kind is dict or kind is list:
            if len(path) >= limits.max_depth:
                too_deep = True
                continue
            pairs = item.items() if kind is dict else enumerate(item)
            stack.extend(((*path, k), v) for k, v in pairs)
            if kind is dict and not _ascii_keys(item):
                yield from _key_problems(path, item)
    if too_deep:
        yield (), f"nested deeper than {limits.max_depth} levels"


def limit_problems(data: Any, limits: Limits, scanned: bool = False) -> Iterator[RawProblem]:
    """The problems of ``data`` against ``limits``; ``scanned``: :func:`scan` already found
    it within them (the fast JSON parse does), so only the counts are left to check."""
    if not isinstance(data, dict):
        kind = type(data).__name__
        yield (), f"expected a table/object at the top level, got {kind}"
        return
    if not scanned and scan(data, limits) < 0:
        yield from walk(data, limits)
    for key, limit in (("roles", limits.max_roles), ("flows", limits.max_flows)):
        items = data.get(key)
        if isinstance(items, list) and len(items) > limit:
            yield (key,), f"{len(items)} {key}; the limit is {limit}"


def _ascii_keys(table: dict[Any, Any]) -> bool:
    """Whether every key is ASCII text (one C-level pass; the common case)."""
    try:
        return "".join(table).isascii()
    except TypeError:  # keys that are not text: let the schema name them
        return False


def _key_problems(path: tuple[str | int, ...], table: dict[Any, Any]) -> Iterator[RawProblem]:
    for key in table:
        if isinstance(key, str) and not key.isascii() and SURROGATE.search(key):
            char = SURROGATE.findall(key)[0]
            yield (*path, ascii(key)[1:-1]), f"the key {surrogate_message(char)}"
