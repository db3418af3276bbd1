"""Report formats. Each renders the report contract (a dict, see ``data.py``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

#: ``render(report, lang)`` returns the whole document as text.
Render = Callable[[Mapping[str, Any], str], str]


@dataclass(frozen=True)
class Reporter:
    """A report format for ``--format NAME``."""

    name: str
    render: Render
    suffix: str = ".txt"
    description: str = ""
    #: The format draws the organization: the report then carries ``graph``
    #: (every role and flow), so the renderer needs nothing but the report.
    needs_graph: bool = False
