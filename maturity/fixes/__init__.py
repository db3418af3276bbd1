"""Fixes: apply a rule's fix to a model, and plan the changes that reach a level.

``apply_fix`` and ``apply_ops`` are importable from here.
"""

from maturity.fixes.apply import (
    Change,
    Data,
    FixError,
    FixResult,
    apply_fix,
    apply_ops,
    check_ops,
    flow_label,
    show,
)

__all__ = [
    "Change",
    "Data",
    "FixError",
    "FixResult",
    "apply_fix",
    "apply_ops",
    "check_ops",
    "flow_label",
    "show",
]
