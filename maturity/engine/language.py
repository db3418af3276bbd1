"""The declarative language a session knows: operators, metrics and vocabulary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from maturity.engine.graphconds import BUILTIN_METRICS, MetricFn
from maturity.engine.operators import BUILTIN_OPERATORS, Operator
from maturity.model.vocabulary import Vocabulary


@dataclass(frozen=True)
class Language:
    """What the declarative language knows: operators, metrics and vocabulary."""

    operators: Mapping[str, Operator] = field(default_factory=lambda: dict(BUILTIN_OPERATORS))
    metrics: Mapping[str, MetricFn] = field(default_factory=lambda: dict(BUILTIN_METRICS))
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
