"""Fixes: apply a rule's fix to a model, read what it changed, and plan the changes that
reach a level.

``apply_fix`` and ``apply_ops`` (the one interpreter of the fix language) and
the :class:`Change` records they return are importable from here.
"""

from maturity.fixes.apply import apply_fix, apply_ops, check_ops
from maturity.fixes.changes import EFFECTS, Change, FixError, FixResult, flow_label, show

__all__ = [
    "EFFECTS",
    "Change",
    "FixError",
    "FixResult",
    "apply_fix",
    "apply_ops",
    "check_ops",
    "flow_label",
    "show",
]
