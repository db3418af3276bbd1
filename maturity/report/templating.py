"""Jinja2 for the HTML page and the SVG drawing: escaping is the default, never opt-in.

Every ``{{ expression }}`` goes through :func:`~maturity.report.graph.view.esc`
(control characters dropped, ``& < > " '`` escaped) unless it is already
markup: a template cannot forget to escape. Templates are written one element
per line for people; the loader joins the lines (leading indentation and line
breaks are layout of the template, not of the output), and ``{{ NL }}`` writes
a line break where the output wants one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from maturity.report.graph.view import esc


class _JoinedLines(jinja2.BaseLoader):
    """Templates from ``maturity/report/templates``, their lines joined."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        path = resources.files("maturity.report").joinpath("templates", template)
        if not path.is_file():
            raise jinja2.TemplateNotFound(template)
        text = path.read_text("utf-8")
        return "".join(line.lstrip() for line in text.splitlines()), None, lambda: True


def _finalize(value: Any) -> Any:
    return value if isinstance(value, Markup) else Markup(esc(value))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_JoinedLines(),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.globals["NL"] = Markup("\n")
    return env


def render(template: str, **context: Any) -> str:
    return str(environment().get_template(template).render(**context))


def css() -> Markup:
    """The page's style sheet (trusted: it ships with maturity)."""
    path = resources.files("maturity.report").joinpath("templates", "report.css")
    return Markup(path.read_text("utf-8"))
