"""Report formats. Each renders the report contract (a dict, see ``data.py``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: ``render(report, lang)`` returns the whole document as text.
Render = Callable[[Mapping[str, Any], str], str]
#: ``render_many(reports, lang)``: several models' reports as one document.
RenderMany = Callable[[Sequence[Mapping[str, Any]], str], str]
#: ``render_bytes(report, lang)``: the document of ``render``, encoded as UTF-8.
RenderBytes = Callable[[Mapping[str, Any], str], bytes]


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
    #: Several models on standard output, as one document of this format
    #: (``maturity assess DIR --format NAME``). Without it, and unless
    #: ``concatenates``, several models need ``-o FOLDER`` (one file each).
    render_many: RenderMany | None = None
    #: Documents of several models, one after another, are still one valid
    #: document of this format (terminal text, Markdown).
    concatenates: bool = False
    #: The same document as UTF-8 bytes, made without a round trip through text (a large
    #: JSON report is written straight from the encoder); optional.
    render_bytes: RenderBytes | None = None
