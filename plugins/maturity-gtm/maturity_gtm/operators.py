"""The ``matches_any_prefix`` operator: free-text names matched by their start.

OKRs and similar names are free text that consultants write as they hear them
(``arr_growth``, ``ARR``, ``renewal_rate``); ``contains`` would need every
spelling. This operator matches a text, or any text of a list, that starts with
one of the given prefixes, ignoring case.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from maturity.engine.operators import Operator


def _texts(value: Any) -> Iterable[str]:
    items = value if isinstance(value, (list, tuple)) else [value]
    return (item.casefold() for item in items if isinstance(item, str))


def matches_any_prefix(value: Any, prefixes: Any) -> bool:
    """True when ``value`` (a text or a list of texts) starts with one of ``prefixes``."""
    wanted = tuple(_texts(prefixes))
    return any(text.startswith(wanted) for text in _texts(value)) if wanted else False


MATCHES_ANY_PREFIX = Operator(
    "matches_any_prefix",
    matches_any_prefix,
    # Handles lists itself (any item), so rules need no quantifier.
    scalar=False,
    doc="a text, or any text of a list, starts with one of the listed prefixes (any case)",
)
