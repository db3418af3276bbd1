"""The built-in rule packs: every ``rules/*.toml`` shipped with maturity."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from maturity import hookimpl
from maturity.resources import data_dir


@hookimpl
def maturity_register_packs(register: Callable[[Any], None]) -> None:
    for path in sorted(data_dir("rules").glob("*.toml")):
        register(path)
