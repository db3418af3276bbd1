"""The built-in language: operators, graph metrics and vocabulary, registered like a plugin's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from maturity import hookimpl
from maturity.engine.graphconds import BUILTIN_METRICS
from maturity.engine.operators import BUILTIN_OPERATORS
from maturity.model.vocabulary import CONTENT, FLOW_KINDS, ROLE_KINDS


@hookimpl
def maturity_register_operators(register: Callable[[Any], None]) -> None:
    for operator in BUILTIN_OPERATORS.values():
        register(operator)


@hookimpl
def maturity_register_metrics(register: Callable[[str, Callable[..., Any]], None]) -> None:
    for name, metric in BUILTIN_METRICS.items():
        register(name, metric)


@hookimpl
def maturity_register_vocabulary(register: Callable[..., None]) -> None:
    register(role_kinds=ROLE_KINDS, flow_kinds=FLOW_KINDS, content=CONTENT)
