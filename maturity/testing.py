"""Helpers for pack and plugin authors: run a rule on a small model, run a pack's own tests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maturity.engine.context import Context
from maturity.errors import ModelError
from maturity.graph import build_graph
from maturity.model import validate_data
from maturity.packs import Language, load_pack_file
from maturity.rules import Finding, Pack, Rule, evaluate
from maturity.vocabulary import Vocabulary


def run_rule(rule: Rule, model: Mapping[str, Any], vocabulary: Vocabulary | None = None) -> Finding:
    """Evaluate one rule on a model given as plain data (validated first)."""
    validated = validate_data(dict(model), f"<test of {rule.id}>", vocabulary)
    return evaluate(rule, Context(build_graph(validated)))


def assert_status(rule: Rule, model: Mapping[str, Any], expected: str) -> Finding:
    """Run ``rule`` on ``model`` and fail with the finding's details unless it is ``expected``."""
    finding = run_rule(rule, model)
    if finding.status != expected:
        detail = finding.error or "; ".join(finding.unmet) or "no details"
        raise AssertionError(f"{rule.id}: expected {expected}, got {finding.status} ({detail})")
    return finding


@dataclass(frozen=True)
class RuleTestResult:
    rule: str
    name: str
    expected: str
    actual: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


def run_pack_tests(pack: Pack, language: Language | None = None) -> list[RuleTestResult]:
    """Run every ``[[rules.tests]]`` of ``pack``; a test with ``params`` recompiles the pack."""
    language = language or Language()
    results = []
    for rule in pack.rules:
        for number, test in enumerate(rule.tests):
            name = test.name or f"test {number + 1}"
            target = rule
            if test.params and pack.path:
                variant = load_pack_file(Path(pack.path), language, test.params, pack.source)
                target = next(r for r in variant.rules if r.id == rule.id)
            try:
                finding = run_rule(target, test.model, language.vocabulary)
            except ModelError as exc:
                results.append(
                    RuleTestResult(
                        rule.id, name, test.expect, "invalid model", "; ".join(exc.lines())
                    )
                )
                continue
            detail = finding.error or "; ".join(finding.unmet)
            results.append(RuleTestResult(rule.id, name, test.expect, finding.status, detail))
    return results
