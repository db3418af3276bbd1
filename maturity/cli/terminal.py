"""Terminal output for commands: text cleaned of control sequences, the --lang option,
writing to stdout or a file.
"""

from __future__ import annotations

import click

from maturity.cli.options import LANG_CHOICE
from maturity.terminal import clean, visible

__all__ = ["LANG", "_emit", "clean", "visible"]


LANG = click.option("--lang", type=LANG_CHOICE, default="en", show_default=True,
                    help="Language of the report and rule texts.")  # fmt: skip


def _emit(text: str, output: str | None) -> None:
    if output is None or output == "-":
        click.echo(text, nl=False)
    else:
        from maturity.output import write_atomic

        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
