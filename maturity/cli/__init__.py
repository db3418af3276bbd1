"""The command line: the ``maturity`` group (``app``), shared options, one module per command group.

The console script is ``maturity.cli:main``.
"""

from maturity.cli.app import cli, main

__all__ = ["cli", "main"]
