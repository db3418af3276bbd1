"""Locate the data shipped with the package: rule packs and JSON Schemas.

In a wheel they live in ``maturity/_data``; in a source checkout (editable
install, tests) they are the top-level ``rules/`` and ``schemas/`` folders.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder of shipped data called ``name`` (``rules`` or ``schemas``)."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


@cache
def schema(name: str) -> dict[str, Any]:
    """Load ``schemas/<name>.schema.json``."""
    path = data_dir("schemas") / f"{name}.schema.json"
    with path.open(encoding="utf-8") as fh:
        result: dict[str, Any] = json.load(fh)
    return result
