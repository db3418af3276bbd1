"""Levels and stages: cumulative levels, required rules, thresholds, partial credit, waivers."""

from __future__ import annotations

from maturity.assess.scoring import score
from maturity.rules import Finding, Rule, RuleTexts

TEXTS = {"en": RuleTexts("t", "s", "r", "rec", "f")}


def rule(rule_id: str, level: str | None, stage: str = "deliver", weight: float = 1.0,
         required: bool = False) -> Rule:  # fmt: skip
    return Rule(rule_id, "p", stage, TEXTS, level=level, weight=weight, required=required)


def finding(rule_id: str, status: str, value: float | None = None, **extra: object) -> Finding:
    default = 1.0 if status == "pass" else 0.0
    return Finding(rule_id, "p", status, default if value is None else value, **extra)  # type: ignore[arg-type]


def by_id(*findings: Finding) -> dict[str, Finding]:
    return {f.rule: f for f in findings}


RULES = [
    rule("I1", "intermediate", required=True, weight=2),
    rule("I2", "intermediate"),
    rule("I3", "intermediate"),
    rule("A1", "advanced", stage="refine", required=True),
    rule("A2", "advanced", stage="refine"),
    rule("L1", None, stage="quantify"),
]


def test_beginner_is_the_floor() -> None:
    result = score(RULES, by_id(*(finding(r.id, "fail") for r in RULES)))
    assert result.levels.achieved == "beginner"
    assert result.levels.next == "intermediate"
    assert result.levels.levels["intermediate"].required_failed == ("I1",)


def test_weighted_threshold_and_required_rules() -> None:
    # I1 (weight 2) and I2 pass: 3 of 4 = 0.75 < 0.8.
    findings = by_id(finding("I1", "pass"), finding("I2", "pass"), finding("I3", "fail"))
    assert score(RULES, findings).levels.achieved == "beginner"
    assert score(RULES, findings, threshold=0.75).levels.achieved == "intermediate"
    # All weight passes but the required rule: blocked whatever the ratio.
    blocked = by_id(finding("I1", "fail"), finding("I2", "pass"), finding("I3", "pass"))
    assert score(RULES, blocked, threshold=0.1).levels.achieved == "beginner"


def test_levels_are_cumulative() -> None:
    findings = by_id(
        finding("I1", "fail"), finding("I2", "pass"), finding("I3", "pass"),
        finding("A1", "pass"), finding("A2", "pass"),
    )  # fmt: skip
    result = score(RULES, findings)
    assert result.levels.levels["advanced"].score == 1.0
    assert not result.levels.levels["advanced"].achieved
    assert result.levels.achieved == "beginner"


def test_skipped_rules_leave_the_fraction_and_errors_count_as_failed() -> None:
    findings = by_id(
        finding("I1", "pass"), finding("I2", "skipped"), finding("I3", "error"),
        finding("A1", "pass"), finding("L1", "skipped"),
    )  # fmt: skip
    result = score(RULES, findings)
    intermediate = result.levels.levels["intermediate"]
    assert (intermediate.passed, intermediate.total) == (1, 2)
    assert intermediate.score == round(2 / 3, 4)
    assert result.stages["quantify"].score is None
    assert result.stages["deliver"].score == round(100 * 2 / 3, 1)


def test_partial_credit_counts_toward_stage_and_level() -> None:
    findings = by_id(finding("I1", "pass"), finding("I2", "fail", 0.5), finding("I3", "pass"))
    result = score(RULES, findings)
    assert result.levels.levels["intermediate"].score == 0.875
    assert result.levels.achieved == "intermediate"
    assert result.stages["deliver"].contributions[1].score == 0.5


def test_waivers_count_only_when_applied() -> None:
    waiver = {"status": "fail", "score": 0.0, "reason": "reorg under way"}
    findings = by_id(
        finding("I1", "waived", waiver=waiver), finding("I2", "pass"), finding("I3", "pass")
    )
    assert score(RULES, findings, waivers=True).levels.achieved == "intermediate"
    raw = score(RULES, findings, waivers=False)
    assert raw.levels.achieved == "beginner"
    assert raw.levels.levels["intermediate"].required_failed == ("I1",)


def test_blockers_list_required_first_then_weight() -> None:
    rules = [
        rule("I1", "intermediate", weight=1),
        rule("I2", "intermediate", weight=3),
        rule("I3", "intermediate", required=True),
    ]
    findings = by_id(*(finding(r.id, "fail") for r in rules))
    assert score(rules, findings).levels.levels["intermediate"].blockers == ("I3", "I2", "I1")
