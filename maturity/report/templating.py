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


class JoinedLines(jinja2.BaseLoader):
    """Templates from ``PACKAGE/templates``, their lines joined."""

    def __init__(self, package: str = "maturity.report") -> None:
        self.package = package

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        path = resources.files(self.package).joinpath("templates", template)
        if not path.is_file():
            raise jinja2.TemplateNotFound(template)
        text = path.read_text("utf-8")
        return "".join(line.lstrip() for line in text.splitlines()), None, lambda: True


def _finalize(value: Any) -> Any:
    return value if isinstance(value, Markup) else Markup(esc(value))


def make_environment(*packages: str, keep_trailing_newline: bool = True) -> jinja2.Environment:
    """An environment over the templates of ``packages`` (first found wins), escaping always."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([JoinedLines(package) for package in packages]),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=keep_trailing_newline,
    )
    env.globals["NL"] = Markup("\n")
    return env


@cache
def environment() -> jinja2.Environment:
    return make_environment("maturity.report")


def render(template: str, **context: Any) -> str:
    return str(environment().get_template(template).render(**context))


def css() -> Markup:
    """The page's style sheet (trusted: it ships with maturity)."""
    path = resources.files("maturity.report").joinpath("templates", "report.css")
    return Markup(path.read_text("utf-8"))
