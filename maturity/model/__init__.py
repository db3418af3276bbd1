"""The organization model: read a file, validate it, and the vocabulary it is written in.

Public names (``maturity.model.Loader``, ``load_model``, ``validate_data``...)
are importable from here; the code lives in ``load`` and ``validate``.
"""

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
