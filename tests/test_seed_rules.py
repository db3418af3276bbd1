"""Rules that test what the seeds describe: organizations written from the seeds'
own words assess to the seed's level, fixes build the seed's organization, and
``maturity plan`` works in the seeds' order (what blocks the next level, then the
weakest stage of the loop, earliest first) towards levels and stage scores.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from maturity.assess import Assessment, Options, Session
from maturity.engine.context import Context
from maturity.fixes import apply_fix
from maturity.fixes.plan import make_plan
from maturity.fixes.targets import Target, TargetError, lowered, parse_targets
from maturity.model import validate_data
from maturity.model.graph import build_graph
from maturity.report.plan_contract import plan_data
from maturity.rules import evaluate
from tests.helpers import EXAMPLES, ROOT, run

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
SESSION = Session(Options(plugins=False))


def assess(path: Path | str) -> Assessment:
    return SESSION.assess(SESSION.load(str(path)))


def status(assessment: Assessment, rule_id: str) -> str:
    return next(f.status for f in assessment.findings if f.rule == rule_id)


def stage(assessment: Assessment, name: str) -> float:
    return assessment.scores.stages[name].score or 0.0


# ---------------------------------------------------------------- organizations from the seeds


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("001-beginner.toml", "beginner"),
        ("001-intermediate-hotline-under-cs-vp.toml", "intermediate"),
        ("001-advanced-virtual-team.toml", "advanced"),
        ("001-pmm-on-paper.toml", "intermediate"),
        ("000-quick-deals-with-custom-decks.toml", "beginner"),
        ("003-numbers-without-usage.toml", "beginner"),
    ],
)
def test_an_organization_written_from_a_seed_assesses_to_its_level(name: str, level: str) -> None:
    assert assess(SEEDS / name).scores.levels.achieved == level


def test_seed_001_beginner_symptoms_are_the_failing_rules() -> None:
    result = assess(SEEDS / "001-beginner.toml")
    for rule_id in ("COL-I2", "COL-I4", "COL-I6", "COL-I7"):
        assert status(result, rule_id) == "fail", rule_id


def test_a_hotline_under_the_cs_vp_and_walkthroughs_for_service_only_pass() -> None:
    result = assess(SEEDS / "001-intermediate-hotline-under-cs-vp.toml")
    assert status(result, "COL-I7") == "pass"
    assert status(result, "COL-I4") == "pass"
    assert status(result, "COL-I5") == "pass"


def test_a_small_companys_virtual_team_is_accepted_where_a_pmm_is() -> None:
    result = assess(SEEDS / "001-advanced-virtual-team.toml")
    for rule_id in ("COL-A8", "VAL-R4", "PMM-6"):
        assert status(result, rule_id) == "pass", rule_id
    assert not any(r["kind"] == "pmm" for r in result.model.roles)


def test_a_pmm_on_paper_is_not_a_hub() -> None:
    result = assess(SEEDS / "001-pmm-on-paper.toml")
    assert status(result, "COL-A8") == "fail"
    assert status(result, "VAL-R4") == "fail"
    assert result.scores.levels.levels["advanced"].required_failed == ("COL-A8",)


def test_quantified_value_without_realized_usage_is_capped_and_says_why() -> None:
    result = assess(SEEDS / "003-numbers-without-usage.toml")
    assert stage(result, "realize") == 0.0
    assert stage(result, "quantify") < 50  # was 100 when each rule looked at its own fact only
    q4 = next(f for f in result.findings if f.rule == "VAL-Q4")
    assert q4.status == "fail"
    assert "before its realization is measured" in SESSION.rules["VAL-Q4"].text("en").fail
    assert {e.path for e in q4.evidence if hasattr(e, "path")} >= {"practices.usage_analytics"}
    q1 = next(f for f in result.findings if f.rule == "VAL-Q1")
    assert q1.score == pytest.approx(0.33)
    assert any("usage_analytics" in line for line in q1.unmet)


def test_quick_deals_with_per_deal_decks_fail_the_deal_size_rules() -> None:
    result = assess(SEEDS / "000-quick-deals-with-custom-decks.toml")
    for rule_id in ("PMM-3", "PMM-12", "PMM-13", "VC-7"):
        assert status(result, rule_id) == "fail", rule_id


# ---------------------------------------------------------------- fixes build the seed's org


def _fixed(rule_id: str, data: dict[str, Any]) -> Any:
    model = validate_data(data, "<t>", SESSION.language.vocabulary)
    return apply_fix(model, SESSION.rules[rule_id], SESSION.language).model


def _passes(rule_id: str, model: Any) -> bool:
    return evaluate(SESSION.rules[rule_id], Context(build_graph(model))).status == "pass"


def test_the_hotline_fix_moves_the_existing_hotline_instead_of_adding_one() -> None:
    data = {
        "organization": {"name": "t"},
        "roles": [
            {"id": "csvp", "kind": "cs_lead"},
            {"id": "r", "kind": "rnd"},
            {"id": "hl", "kind": "support", "parent": "r"},
        ],
        "flows": [{"from": "hl", "to": "r", "kind": "bug_report", "reproduced": True}],
    }
    for rule_id in ("COL-I7", "COL-I6"):
        model = _fixed(rule_id, data)
        hotlines = [r for r in model.roles if r["kind"] == "support"]
        assert [(r["id"], r.get("parent")) for r in hotlines] == [("hl", "csvp")], rule_id
    assert _passes("COL-I7", _fixed("COL-I7", data))


@pytest.mark.parametrize(("arr", "kind"), [(30_000_000, "virtual_team"), (90_000_000, "pmm")])
def test_the_pmm_fix_adds_a_hub_with_its_flows(arr: int, kind: str) -> None:
    data = {
        "organization": {"name": "t", "arr": arr},
        "roles": [
            {"id": "p", "kind": "product"},
            {"id": "m", "kind": "marketing"},
            {"id": "s", "kind": "sales"},
            {"id": "cs", "kind": "customer_success"},
        ],
    }
    model = _fixed("COL-A8", data)
    hub = next(r["id"] for r in model.roles if r["kind"] == kind)
    touching = {(f["from"], f["to"]) for f in model.flows if hub in (f["from"], f["to"])}
    assert ("s", hub) in touching and (hub, "p") in touching and ("p", hub) in touching
    assert _passes("COL-A8", model) and _passes("VAL-R4", model)


# ---------------------------------------------------------------- the plan: targets and order


def test_targets_parse_levels_and_stage_scores() -> None:
    assert parse_targets(["quantify=60"]) == Target(None, {"quantify": 60.0})
    both = parse_targets(["realize=50", "advanced", "refine = 40"])
    assert both == Target("advanced", {"refine": 40.0, "realize": 50.0})
    assert both.describe() == "advanced refine=40 realize=50"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["expert"], "unknown target 'expert'"),
        (["quantifi=60"], "unknown target 'quantifi=60'"),
        (["quantify=160"], "from 0 to 100"),
        (["quantify=lots"], "from 0 to 100"),
        (["quantify=60", "quantify=70"], "given twice"),
        (["intermediate", "advanced"], "one level only"),
        (["beginner"], "unknown target 'beginner'"),
    ],
)
def test_a_bad_target_is_a_clear_error(values: list[str], message: str) -> None:
    with pytest.raises(TargetError, match=message):
        parse_targets(values)


def test_a_bad_target_exits_2_on_the_command_line() -> None:
    result = run("plan", str(EXAMPLES / "beginner.toml"), "--target", "quantify=lots")
    assert result.exit_code == 2
    assert "--target" in result.output and "from 0 to 100" in result.output


#: The order of work for the shipped examples: the rules whose fixes the plan
#: applies, in order. Blockers of the next level first (required first); then
#: the weakest stage of the loop, the earliest first (refine before realize
#: while both are weak); a step-by-step fix appears once per step.
PLAN_ORDER = [
    ("beginner.toml", ["intermediate"],
     ["COL-I2", "COL-I4", "COL-I6", "COL-I1", "COL-I10", "COL-I3"]),
    ("beginner.toml", ["advanced"],
     ["COL-I2", "COL-I4", "COL-I6", "COL-I1", "COL-I10", "COL-I3",
      "COL-A4", "COL-A8", "COL-A1", "COL-A5", "COL-A3"]),
    ("intermediate.toml", ["advanced"],
     ["COL-A4", "COL-A8", "COL-A2", "COL-A3", "COL-A1", "COL-A5"]),
    ("beginner.toml", ["quantify=60"],
     ["VAL-Q1", "VAL-Q1", "VAL-Q1", "VAL-Q2", "GTM-1"]),
    ("beginner.toml", ["intermediate", "realize=60"],
     ["COL-I2", "COL-I4", "COL-I6", "COL-I1", "COL-I10", "COL-I3", "COL-A3", "VAL-Z1", "VC-5"]),
]  # fmt: skip


@pytest.mark.parametrize(("example", "targets", "order"), PLAN_ORDER)
def test_the_plan_order_for_the_shipped_examples(
    example: str, targets: list[str], order: list[str]
) -> None:
    plan = make_plan(SESSION, SESSION.load(str(EXAMPLES / example)), parse_targets(targets))
    assert plan.reached
    assert [step.rule for step in plan.steps] == order


def test_value_quantification_is_planned_one_step_at_a_time() -> None:
    beginner = SESSION.load(str(EXAMPLES / "beginner.toml"))
    plan = make_plan(SESSION, beginner, parse_targets(["quantify=60"]))
    values = [
        next(c.text for c in step.changes if "value_quantification" in c.text)
        for step in plan.steps
        if step.rule == "VAL-Q1"
    ]
    steps = [v.split("= ")[-1].rstrip(")") for v in values]
    assert steps == ["manual", "best_practice", "automated"]
    # Realized usage comes first, in the first step.
    first = [c.text for c in plan.steps[0].changes]
    assert any("usage_analytics" in text for text in first)
    assert any("usage_report" in text for text in first)


def test_plan_for_a_stage_target_writes_a_model_that_meets_it(tmp_path: Path) -> None:
    written = tmp_path / "target.toml"
    beginner = str(EXAMPLES / "beginner.toml")
    result = run("plan", beginner, "--target", "quantify=60", "--write-model", str(written))
    assert result.exit_code == 0, result.output
    assert "quantify at least 60" in result.output and "target 60: met" in result.output
    again = json.loads(run("assess", str(written), "--format", "json").output)
    assert again["stages"]["quantify"]["score"] >= 60
    assert again["level"]["achieved"] == "beginner"  # the level is kept, not lost
    assert "--target quantify=60" in written.read_text(encoding="utf-8")


def test_plan_json_carries_stage_targets_and_what_lowered_a_score() -> None:
    result = run(
        "plan", str(EXAMPLES / "beginner.toml"), "--target", "intermediate",
        "--target", "realize=60", "--format", "json",
    )  # fmt: skip
    document = json.loads(result.output)
    assert document["stage_targets"] == {"realize": 60}
    assert document["stages_reached"] == {"realize": True}
    assert document["reached"] is True and document["lowered"] == []


def test_a_lowered_score_names_the_rules_that_caused_it() -> None:
    base = {
        "organization": {"name": "t"},
        "roles": [{"id": "m", "kind": "marketing"}, {"id": "s", "kind": "sales"}],
        "flows": [{"from": "m", "to": "s", "kind": "sales_toolkit"}],
    }
    with_pmm = {**base, "roles": [*base["roles"], {"id": "pmm", "kind": "pmm"}]}
    before = SESSION.assess(validate_data(base, "<a>", SESSION.language.vocabulary))
    after = SESSION.assess(validate_data(with_pmm, "<b>", SESSION.language.vocabulary))
    items = {item.stage: item for item in lowered(before, after)}
    assert "deliver" in items
    causes = {c.rule: c for c in items["deliver"].causes}
    assert causes["PMM-5"].before is None and causes["PMM-5"].after == 0


def test_the_plan_text_explains_a_lowered_score_in_both_languages() -> None:
    from maturity.report.plan_text import render_plan

    plan = make_plan(SESSION, SESSION.load(str(EXAMPLES / "beginner.toml")), "intermediate")
    document = plan_data(plan, "zh")
    cause = {"rule": "PMM-5", "title": "产品市场经理输出价值主张", "before": None, "after": 0.0}
    document["lowered"] = [{"stage": "quantify", "before": 13.2, "after": 11.0, "rules": [cause]}]
    text = render_plan(document, "zh")
    assert "变更导致下降的得分及原因" in text and "PMM-5" in text and "现在开始适用" in text
    english = render_plan({**document, "lang": "en"}, "en")
    assert "Scores the changes lowered, and why" in english
    assert "applies now and scores 0.00" in english


def test_recommendations_follow_the_seeds_order_of_work() -> None:
    from maturity.report.contract import recommendations

    data = {
        "organization": {"name": "t", "product_type": "data", "acv": 90000},
        "roles": [{"id": "m", "kind": "marketing"}, {"id": "s", "kind": "sales"}],
        "flows": [{"from": "m", "to": "s", "kind": "sales_toolkit", "content": ["value"]}],
        "practices": {"value_quantification": "none", "usage_analytics": True},
    }
    result = SESSION.assess(validate_data(data, "<t>", SESSION.language.vocabulary))
    order = [r["rule"] for r in recommendations(result, "en")]
    # What blocks the next level comes first; then deliver (the data product's
    # security documents) before quantify (automating value quantification).
    assert order[0] == "COL-I2" or SESSION.rules[order[0]].level == "intermediate"
    assert order.index("PMM-4") < order.index("VAL-Q1")
    stages = [SESSION.rules[r].stage for r in order if SESSION.rules[r].level != "intermediate"]
    assert stages.index("quantify") > stages.index("realize") > stages.index("deliver")
