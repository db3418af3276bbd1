"""The built-in packs against the catalog: every catalog id exists, every rule is complete
(texts in both languages, its own passing and failing tests) and passes its own tests,
and docs/rules.md is what the packs generate.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from maturity.rules import Pack, Rule
from maturity.testing import RuleTestResult, run_pack_tests, run_rule
from tests.helpers import ROOT
from tools import docs_gen

CATALOG = ROOT.parent / "shared" / "RULES.md"
RULES_MD = ROOT / "docs" / "rules.md"
#: A table row whose first cell is a rule id, like ``| COL-I6 | ...``.
CATALOG_ROW = re.compile(r"^\|\s*([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\s*\|", re.MULTILINE)

PACKS: tuple[Pack, ...] = tuple(docs_gen.builtin_packs())
RULES: dict[str, Rule] = {rule.id: rule for pack in PACKS for rule in pack.rules}
PACK_OF: dict[str, Pack] = {rule.id: pack for pack in PACKS for rule in pack.rules}


@cache
def _results(pack_id: str) -> tuple[RuleTestResult, ...]:
    pack = next(p for p in PACKS if p.id == pack_id)
    return tuple(run_pack_tests(pack))


def test_every_catalog_id_is_a_built_in_rule() -> None:
    if not CATALOG.is_file():
        pytest.skip(f"the rule catalog {CATALOG} is not here (it lives beside the repository)")
    ids = CATALOG_ROW.findall(CATALOG.read_text(encoding="utf-8"))
    assert len(ids) > 40, "the catalog parser found too few rule ids"
    missing = sorted(set(ids) - set(RULES))
    assert not missing, f"catalog rules missing from the built-in packs: {missing}"


def test_rule_ids_are_unique_across_packs() -> None:
    ids = [rule.id for pack in PACKS for rule in pack.rules]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_is_complete(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert set(rule.texts) >= {"en", "zh"}, f"{rule_id}: texts in both languages"
    for lang in ("en", "zh"):
        text = rule.texts[lang]
        for field in ("title", "summary", "rationale", "recommendation", "fail", "passed"):
            assert getattr(text, field).strip(), f"{rule_id}: {lang}.{field} is empty"
    assert re.search(r"[\u4e00-\u9fff]", rule.texts["zh"].rationale), f"{rule_id}: zh is Chinese"
    assert "eed 0" in rule.texts["en"].rationale, f"{rule_id}: the rationale cites its seed"
    assert "种子文档" in rule.texts["zh"].rationale, f"{rule_id}: the zh rationale cites its seed"
    expected = {test.expect for test in rule.tests}
    assert {"pass", "fail"} <= expected, f"{rule_id}: needs a passing and a failing test"
    if rule.when is not None:
        assert "skipped" in expected, f"{rule_id}: has a `when`, so needs a skipped test"
    assert rule.fix, f"{rule_id}: has no fix"
    assert rule.recommendation_type in ("role_change", "process_change")


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_passes_its_own_tests(rule_id: str) -> None:
    results = [r for r in _results(PACK_OF[rule_id].id) if r.rule == rule_id]
    assert results, f"{rule_id}: no tests ran"
    wrong = [f"{r.name}: expected {r.expected}, got {r.actual} ({r.detail})"
             for r in results if not r.ok]  # fmt: skip
    assert not wrong, f"{rule_id}:\n  " + "\n  ".join(wrong)


def _score(rule_id: str, practices: dict[str, object], flows: list[dict[str, object]]) -> float:
    model = {
        "organization": {"name": "t"},
        "roles": [{"id": "po", "kind": "product_ops"}, {"id": "c", "kind": "customer"}],
        "flows": flows,
        "practices": practices,
    }
    return run_rule(RULES[rule_id], model).score


USAGE: list[dict[str, object]] = [
    {"from": "po", "to": "c", "kind": "usage_report", "cadence": "quarterly"}
]


def test_value_quantification_credit_grows_manual_best_practice_automated() -> None:
    practices = {"usage_analytics": True}
    scores = [_score("VAL-Q1", {**practices, "value_quantification": level}, USAGE)
              for level in ("none", "manual", "best_practice", "automated")]  # fmt: skip
    assert scores[0] == 0 < scores[1] < scores[2] < scores[3] == 1


def test_value_quantification_without_realized_usage_counts_as_by_hand() -> None:
    # Seed 003's order: no usage measured and reported, so no level beyond manual counts.
    scores = [_score("VAL-Q1", {"value_quantification": level}, [])
              for level in ("manual", "best_practice", "automated")]  # fmt: skip
    assert scores == [0.33, 0.33, 0.33]


def test_a_value_report_by_hand_earns_partial_credit() -> None:
    report: dict[str, object] = {"from": "po", "to": "c", "kind": "value_report"}
    measured = {"usage_analytics": True}
    assert 0 < _score("VAL-Q3", measured, [report]) < 1
    assert _score("VAL-Q3", measured, [{**report, "automated": True}]) == 1
    assert _score("VAL-Q3", {}, [{**report, "automated": True}]) == 0.5


# ------------------------------------------------------------------ docs/rules.md


def test_docs_rules_md_is_current() -> None:
    assert RULES_MD.is_file(), "docs/rules.md is missing: run `python -m tools.docs_gen`"
    assert RULES_MD.read_text(encoding="utf-8") == docs_gen.render(), (
        "docs/rules.md is stale: run `python -m tools.docs_gen`"
    )


def test_docs_describe_every_rule_and_every_fix_operation() -> None:
    text = docs_gen.render()
    for rule_id, rule in RULES.items():
        assert f"### {rule_id} — {rule.text('en').title}" in text
        for op in rule.fix:
            assert hasattr(docs_gen._Words, f"op_{op['op']}"), f"{rule_id}: {op['op']} not worded"


def test_docs_gen_check_and_write(tmp_path: Path) -> None:
    target = tmp_path / "rules.md"
    assert docs_gen.main(["--check", "-o", str(target)]) == 1
    assert docs_gen.main(["-o", str(target)]) == 0
    assert docs_gen.main(["--check", "-o", str(target)]) == 0
    target.write_text("stale", encoding="utf-8")
    assert docs_gen.main(["--check", "-o", str(target)]) == 1
