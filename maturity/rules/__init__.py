"""Rules and rule packs: what a rule is, loading packs, explaining rules, testing packs.

Public names (``Pack``, ``Rule``, ``python_rule``, ``evaluate``...) are importable from here.
"""

from maturity.rules.python_packs import compile_condition
from maturity.rules.rule import (
    SEVERITIES,
    STATUSES,
    Finding,
    Pack,
    PythonCheck,
    Rule,
    RuleTest,
    RuleTexts,
    RuleTimeout,
    evaluate,
    gate_value,
    python_rule,
    rule_key,
)

__all__ = [
    "SEVERITIES",
    "STATUSES",
    "Finding",
    "Pack",
    "PythonCheck",
    "Rule",
    "RuleTest",
    "RuleTexts",
    "RuleTimeout",
    "compile_condition",
    "evaluate",
    "gate_value",
    "python_rule",
    "rule_key",
]
