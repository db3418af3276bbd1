"""The plugin's rules, loaded the way users load them: through the installed entry point."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from maturity.assess import Options, Session
from maturity.fixes import apply_fix
from maturity.rules import Pack, Rule
from maturity.testing import assert_status, run_pack_tests, run_rule

PACKS = ("gtm", "gtm_graph")


@pytest.fixture(scope="module")
def session() -> Iterator[Session]:
    """A session with this plugin only: a fresh plugin manager, other plugins not imported."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("MATURITY_NO_PLUGINS", raising=False)
        yield Session(Options(only=("gtm",), packs=PACKS))


def packs(session: Session) -> list[Pack]:
    return [p for p in session.all_packs if p.id in PACKS]


def test_the_plugin_loads_cleanly(session: Session) -> None:
    assert session.errors == []
    assert sorted(p.id for p in packs(session)) == list(PACKS)
    assert all(p.source == "maturity-gtm" for p in packs(session))


def test_every_rule_passes_its_own_tests(session: Session) -> None:
    results = [r for pack in packs(session) for r in run_pack_tests(pack, session.language)]
    failed = [f"{r.rule} {r.name}: got {r.actual} ({r.detail})" for r in results if not r.ok]
    assert results and failed == []


def test_every_rule_has_a_passing_and_a_failing_test(session: Session) -> None:
    for rule in (r for pack in packs(session) for r in pack.rules):
        assert {"pass", "fail"} <= {t.expect for t in rule.tests}, rule.id


def test_every_rule_speaks_english_and_chinese_and_cites_a_seed(session: Session) -> None:
    for rule in (r for pack in packs(session) for r in pack.rules):
        assert set(rule.texts) == {"en", "zh"}, rule.id
        assert rule.seed and "Seed" in rule.texts["en"].rationale, rule.id
        assert "种子文档" in rule.texts["zh"].rationale, rule.id
        assert rule.level is None, f"{rule.id}: a plugin must not move the collaboration level"


def _failing_models(rule: Rule) -> list[dict[str, object]]:
    return [dict(t.model) for t in rule.tests if t.expect == "fail" and not t.params]


def test_each_fix_makes_its_rule_pass(session: Session) -> None:
    fixed_some = 0
    for rule in (r for pack in packs(session) for r in pack.rules if r.fix):
        for model in _failing_models(rule):
            fixed = apply_fix(model, rule, session.language)
            finding = run_rule(rule, fixed.data, session.language.vocabulary)
            assert finding.status == "pass", f"{rule.id}: {finding.unmet}"
            fixed_some += 1
    assert fixed_some >= 7


def test_lead_and_opportunity_are_flow_kinds_only_with_the_plugin(session: Session) -> None:
    assert {"lead", "opportunity"} <= session.registry.vocabulary.flow_kinds
    assert "lead" not in Session(Options(plugins=False)).registry.vocabulary.flow_kinds


def test_the_handoff_rule_on_a_plain_model(session: Session) -> None:
    rule = session.rules["GTMX-1"]
    model = {
        "organization": {"name": "t"},
        "roles": [{"id": "m", "kind": "marketing"}, {"id": "sdr", "kind": "sdr"}],
    }
    finding = assert_status(rule, model, "fail")
    lead, opportunity = finding.unmet
    assert "lead flow marketing → $sdr" in lead
    assert "opportunity flow $sdr → sales" in opportunity


def test_a_param_override_reaches_the_python_rule() -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("MATURITY_NO_PLUGINS", raising=False)
        lenient = Session(
            Options(only=("gtm",), packs=("gtm_graph",), params={"max_flow_share": 0.9})
        )
    assert lenient.rules["GTMX-8"].params["max_flow_share"] == 0.9
