"""Terminal output for commands: text cleaned of control sequences, the --lang option,
writing to stdout or a file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from maturity.cli.options import LANG_CHOICE
from maturity.terminal import clean, visible

__all__ = [
    "LANG",
    "NO_COLOR",
    "QUICK_EXIT",
    "_emit",
    "clean",
    "emit",
    "lang_option",
    "quick_exit",
    "visible",
    "wrote",
]

#: Whether the command asked to leave without freeing its memory (:func:`quick_exit`), and
#: whether the command line is the process's own (``maturity.cli.main`` sets it).
QUICK_EXIT = {"on": False, "process": False}


def quick_exit() -> bool:
    """Let the process end without freeing the objects of a large run, one by one: once the
    command is done (output written and closed), ``maturity.cli.main`` flushes the
    standard streams, runs the exit handlers and ends the process. Whether it will (the
    command line is the process's own, not a caller's that lives on)."""
    QUICK_EXIT["on"] = True
    return QUICK_EXIT["process"]


def lang_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The ``--lang en|zh`` option (default en), with this command's help text."""
    return click.option("--lang", type=LANG_CHOICE, default="en", show_default=True, help=help)


LANG = lang_option("Language of the report and rule texts.")


NO_COLOR = click.option("--no-color", is_flag=True,
                        help="No colour on a terminal (NO_COLOR in the environment does the "
                        "same; piped output never has colour).")  # fmt: skip


def emit(
    text: str | bytes,
    output: str | None,
    terminal: bool = False,
    no_color: bool = False,
    lang: str = "en",
) -> None:
    """Write ``text`` (or its UTF-8 bytes) to ``output``, a path already claimed (see
    maturity.outpaths); a ``terminal`` text report on a TTY is drawn with colour and
    wrapped to the width. "wrote PATH" is said on stderr in ``lang``."""
    from maturity.outpaths import is_stdout

    if is_stdout(output):
        from maturity.cli.console import draw, is_terminal, wants_color

        if terminal and isinstance(text, str) and is_terminal():
            draw(text, wants_color(no_color))
            return
        click.echo(text, nl=False)
    else:
        from maturity.output import write_atomic

        assert output is not None
        write_atomic(output, text)
        wrote(output, lang)


_emit = emit


def wrote(path: object, lang: str = "en", what: str = "cli.wrote") -> None:
    """Say on stderr that ``path`` was written (``what``: the catalog's sentence)."""
    from maturity.i18n import t

    click.echo(t(what, lang, path=path), err=True)
