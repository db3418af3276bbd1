"""The command line: the ``maturity`` group (``app``), shared options, one module per command group.

The console script is ``maturity.cli:main``. ``maturity --version`` (or ``-V``)
answers before the command group is imported: the same line click prints,
at the cost of a bare interpreter.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["cli", "main"]


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: see :func:`maturity.cli.app.main`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args in (["--version"], ["-V"]):
        from maturity import __version__

        sys.stdout.write(f"maturity, version {__version__}\n")
        return
    from maturity.cli.app import main as run

    run(None if argv is None else args)  # None: the process's own command line


def __getattr__(name: str) -> Any:
    if name == "cli":
        from maturity.cli.app import cli

        return cli
    raise AttributeError(f"module 'maturity.cli' has no attribute {name!r}")
