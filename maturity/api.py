"""Everything a plugin author needs, importable from one place.

    from maturity.api import hookimpl, Pack, python_rule, Operator, Reporter, Loader

These names are public and stable; the modules they come from may move.
"""

from maturity import hookimpl
from maturity.engine.conditions import Outcome
from maturity.engine.context import Fact, FlowRef, RoleRef
from maturity.engine.operators import MISSING, Operator
from maturity.errors import ModelError, Problem
from maturity.model.load import Loader
from maturity.report import Reporter
from maturity.rules.python_packs import compile_condition
from maturity.rules.rule import Finding, Pack, Rule, RuleTest, RuleTexts, python_rule
from maturity.testing import assert_status, run_pack_tests, run_rule

__all__ = [
    "MISSING",
    "Fact",
    "Finding",
    "FlowRef",
    "Loader",
    "ModelError",
    "Operator",
    "Outcome",
    "Pack",
    "Problem",
    "Reporter",
    "RoleRef",
    "Rule",
    "RuleTest",
    "RuleTexts",
    "assert_status",
    "compile_condition",
    "hookimpl",
    "python_rule",
    "run_pack_tests",
    "run_rule",
]
