"""The built-in report formats: terminal text, JSON, Markdown and a self-contained HTML page."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from maturity import hookimpl
from maturity.report import Reporter
from maturity.report.html import render_html
from maturity.report.jsonout import dumps, dumps_bytes
from maturity.report.markdown import render_markdown
from maturity.report.text import render_text


def render_json(report: Mapping[str, Any], lang: str) -> str:
    return dumps(report)


def render_json_bytes(report: Mapping[str, Any], lang: str) -> bytes:
    return dumps_bytes(report)


@hookimpl
def maturity_register_reporters(register: Callable[[Any], None]) -> None:
    register(Reporter("text", render_text, ".txt", "terminal text", concatenates=True))
    register(
        Reporter(
            "json",
            render_json,
            ".json",
            "the JSON report contract",
            render_bytes=render_json_bytes,
        )
    )
    register(
        Reporter(
            "markdown",
            render_markdown,
            ".md",
            "Markdown, for wikis and pull requests",
            concatenates=True,
        )
    )
    register(
        Reporter(
            "html",
            render_html,
            ".html",
            "one self-contained HTML page (print: A4)",
            needs_graph=True,
        )
    )
