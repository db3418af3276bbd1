"""Terminal output for commands: text cleaned of control sequences, the --lang option,
writing to stdout or a file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from maturity.cli.options import LANG_CHOICE
from maturity.terminal import clean, visible

__all__ = ["LANG", "_emit", "clean", "emit", "lang_option", "visible"]


def lang_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The ``--lang en|zh`` option (default en), with this command's help text."""
    return click.option("--lang", type=LANG_CHOICE, default="en", show_default=True, help=help)


LANG = lang_option("Language of the report and rule texts.")


def emit(text: str, output: str | None) -> None:
    """Write ``text`` to ``output``, a path already claimed (see maturity.outpaths)."""
    from maturity.outpaths import is_stdout

    if is_stdout(output):
        click.echo(text, nl=False)
    else:
        from maturity.output import write_atomic

        assert output is not None
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)


_emit = emit
