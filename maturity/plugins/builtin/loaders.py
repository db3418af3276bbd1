"""The built-in model formats: TOML and JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from maturity import hookimpl
from maturity.model.load import JSON_LOADER, TOML_LOADER


@hookimpl
def maturity_register_loaders(register: Callable[[Any], None]) -> None:
    register(TOML_LOADER)
    register(JSON_LOADER)
