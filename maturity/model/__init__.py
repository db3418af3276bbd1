"""The organization model: read a file, validate it, and the vocabulary it is written in.

Public names (``maturity.model.Loader``, ``load_model``, ``validate_data``...)
are importable from here; the code lives in ``load`` and ``validate``. They are
imported on first use, so that the light modules of this package (the
vocabulary, locations) do not pull in JSON Schema.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from maturity.model.load import (
        JSON_LOADER,
        TOML_LOADER,
        Loader,
        Parser,
        choose_loader,
        load_model,
        parse_json,
        parse_toml,
        read_text,
        syntax_problem,
    )
    from maturity.model.validate import Limits, Model, RawProblem, validate_data

__all__ = [
    "JSON_LOADER",
    "TOML_LOADER",
    "Limits",
    "Loader",
    "Model",
    "Parser",
    "RawProblem",
    "choose_loader",
    "load_model",
    "parse_json",
    "parse_toml",
    "read_text",
    "syntax_problem",
    "validate_data",
]

_VALIDATE = frozenset({"Limits", "Model", "RawProblem", "validate_data"})


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    home = "maturity.model.validate" if name in _VALIDATE else "maturity.model.load"
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
