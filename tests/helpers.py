"""Shared helpers for the test suite."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from maturity.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run(*args: str) -> Result:
    """Run the CLI with built-ins only (a user's installed plugins must not change results)."""
    runner = CliRunner()
    return runner.invoke(cli, [*args], env={"MATURITY_NO_PLUGINS": "1"}, catch_exceptions=False)
