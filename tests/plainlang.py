"""Find rule language in what a person reads: the check behind the plain-language tests.

A line carries rule language when, once the organization's own names and rule
ids (COL-I6) are taken out, it still has ``$``, an operator name, kinds joined
with ``|`` or a snake_case identifier.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

RULE_ID = re.compile(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b")
TOKENS = re.compile(
    r"\$|\bis_true\b|\bis_false\b|\bgreater_than|\bless_than|\bsuperset\b|\bintersects\b"
    r"|\b[a-z][a-z0-9_]*\|[a-z][a-z0-9_|]*\b"  # kinds joined with |
    r"|\b[a-z][a-z0-9]*_[a-z0-9_]+\b"  # snake_case field names
)
_SKIP = re.compile(r"<(style|script)\b.*?</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def visible_lines(document: str, fmt: str) -> list[str]:
    """The lines of text a reader sees: HTML without its tags, styles and scripts."""
    if fmt == "html":
        document = _TAG.sub("\n", _SKIP.sub("", document))
        document = html.unescape(document)
    return [line.strip() for line in document.splitlines() if line.strip()]


def offending(lines: Iterable[str], own_names: Iterable[str]) -> list[str]:
    """The lines that still carry rule language after own names and rule ids are removed."""
    names = sorted({n for n in own_names if n}, key=len, reverse=True)
    found = []
    for line in lines:
        rest = line
        for name in names:
            rest = rest.replace(name, " ")
        rest = RULE_ID.sub(" ", rest)
        if TOKENS.search(rest):
            found.append(line)
    return found
