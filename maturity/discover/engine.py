"""The embedded DuckDB connection every discovery runs on."""

from __future__ import annotations

from typing import Any

from maturity.errors import UsageError

EXTRA_HINT = "install the discover extra: pip install 'maturity[discover]'"


def duckdb_module() -> Any:
    """The ``duckdb`` module, or a usage error that says how to install it."""
    try:
        import duckdb
    except ImportError:
        raise UsageError(f"maturity discover needs DuckDB; {EXTRA_HINT}") from None
    return duckdb


def connect(threads: int | None = None) -> Any:
    """A fresh in-memory DuckDB connection: UTC, input order kept, spilling to a temp folder."""
    con = duckdb_module().connect(":memory:")
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET preserve_insertion_order = true")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con
