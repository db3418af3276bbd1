"""Helpers for pack and plugin authors: run a rule on a small model, run a pack's own tests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from maturity.engine.context import Context, Evidence, FlowRef, RoleRef
from maturity.engine.language import Language
from maturity.errors import ModelError, PackError, Problem
from maturity.model.graph import build_graph
from maturity.model.validate import validate_data
from maturity.model.vocabulary import Vocabulary
from maturity.rules.packs import load_pack
from maturity.rules.params import problem as param_problem
from maturity.rules.rule import Finding, Pack, Rule, evaluate


def run_rule(rule: Rule, model: Mapping[str, Any], vocabulary: Vocabulary | None = None,
             timeout: float | None = None) -> Finding:  # fmt: skip
    """Evaluate one rule on a model given as plain data (validated first); a rule that runs
    past ``timeout`` seconds is an ``error`` finding, as in an assessment."""
    validated = validate_data(dict(model), f"<test of {rule.id}>", vocabulary)
    return evaluate(rule, Context(build_graph(validated)), timeout)


def assert_status(
    rule: Rule, model: Mapping[str, Any], expected: str, vocabulary: Vocabulary | None = None
) -> Finding:
    """Run ``rule`` on ``model`` and fail with the finding's details unless it is ``expected``.

    Pass ``vocabulary`` (``session.language.vocabulary``) when the model uses a plugin's kinds.
    """
    finding = run_rule(rule, model, vocabulary)
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


def run_pack_tests(
    pack: Pack,
    language: Language | None = None,
    overrides: Mapping[str, Any] | None = None,
    timeout: float | None = None,
) -> list[RuleTestResult]:
    """Run every ``[[rules.tests]]`` of ``pack``.

    A test with its own ``params`` recompiles the pack with them (over
    ``overrides``, the run's ``--param`` values); a parameter the pack does not
    declare is a failed test, not silently ignored. A rule that runs longer than
    ``timeout`` seconds gets ``error`` (``--rule-timeout``).
    """
    language = language or Language()
    results = []
    for rule in pack.rules:
        for number, test in enumerate(rule.tests):
            name = test.name or f"test {number + 1}"
            try:
                target = _variant(pack, rule, test.params, language, overrides or {})
                finding = run_rule(target, test.model, language.vocabulary, timeout)
            except (ModelError, PackError) as exc:
                detail = "; ".join(exc.lines())
                results.append(RuleTestResult(rule.id, name, test.expect, "invalid test", detail))
                continue
            results.append(
                RuleTestResult(rule.id, name, test.expect, finding.status, _detail(finding))
            )
    return results


def _variant(
    pack: Pack, rule: Rule, params: Mapping[str, Any], language: Language,
    overrides: Mapping[str, Any],
) -> Rule:  # fmt: skip
    if not params:
        return rule
    unknown = sorted(set(params) - set(pack.params))
    where = pack.path or pack.id
    if unknown:
        message = f"test params name unknown parameters: {', '.join(unknown)}"
        raise PackError([Problem(where, rule.id, message)])
    wrong = [
        f"parameter {name}: {why}"
        for name, value in params.items()
        if name in pack.param_specs and (why := param_problem(value, pack.param_specs[name]))
    ]
    if wrong:
        raise PackError([Problem(where, rule.id, "; ".join(wrong))])
    if pack.data is None:
        message = "test params need a declarative (TOML or dict) pack"
        raise PackError([Problem(where, rule.id, message)])
    variant = load_pack(dict(pack.data), pack.path, language, {**overrides, **params}, pack.source)
    return next(r for r in variant.rules if r.id == rule.id)


def _detail(finding: Finding) -> str:
    """Why a rule got its status: the error, what was missing, or what it pointed at."""
    if finding.error:
        return finding.error
    if finding.unmet:
        return "; ".join(finding.unmet)
    shown = [_evidence_text(e) for e in finding.evidence[:5]]
    more = len(finding.evidence) - len(shown)
    return ", ".join(shown) + (f" (+{more} more)" if more > 0 else "")


def _evidence_text(item: Evidence) -> str:
    if isinstance(item, RoleRef):
        return f"role {item.id}"
    if isinstance(item, FlowRef):
        return f"flow #{item.index}"
    return f"{item.path} = {item.value if item.stated else 'not stated'}"
