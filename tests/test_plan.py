"""`maturity plan`: the choice of fixes, the target model it writes, its JSON contract, exits."""

from __future__ import annotations

import dataclasses
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from maturity.assess import Options, Session
from maturity.cli import main
from maturity.fixes.plan import Plan, make_plan
from maturity.fixes.targets import work_order
from maturity.model import load_model
from maturity.model.writer import dumps_model
from maturity.report.plan_contract import plan_data
from maturity.resources import schema
from tests.helpers import EXAMPLES, run

BEGINNER = str(EXAMPLES / "beginner.toml")
INTERMEDIATE = str(EXAMPLES / "intermediate.toml")
ADVANCED = str(EXAMPLES / "advanced.toml")


@pytest.fixture(scope="module")
def session() -> Session:
    return Session(Options(plugins=False))


def exit_code(args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    """Run through ``main``, which maps errors to exit codes, as a user's shell would."""
    monkeypatch.setenv("MATURITY_NO_PLUGINS", "1")
    with pytest.raises(SystemExit) as info:
        main(args)
    return int(info.value.code or 0)


def level_of(path: Path, session: Session) -> str:
    return session.assess(session.load(path)).scores.levels.achieved


# ---------------------------------------------------------------- the examples


@pytest.mark.parametrize(
    ("source", "target"), [(BEGINNER, "intermediate"), (INTERMEDIATE, "advanced")]
)
def test_plan_reaches_the_next_level_and_writes_a_model_at_it(
    source: str, target: str, tmp_path: Path, session: Session
) -> None:
    written = tmp_path / "target.toml"
    result = run("plan", source, "--target", target, "--write-model", str(written))
    assert result.exit_code == 0, result.output
    assert "reached" in result.output
    assert level_of(written, session) == target
    again = run("assess", str(written), "--format", "json")
    assert json.loads(again.output)["level"]["achieved"] == target


def test_the_written_model_keeps_unicode_names_and_the_models_layout(
    tmp_path: Path, session: Session
) -> None:
    written = tmp_path / "next.toml"
    assert run("plan", BEGINNER, "-t", "intermediate", "--write-model", str(written)).exit_code == 0
    text = written.read_text(encoding="utf-8")
    assert 'name = "表格侠 FormHero"' in text
    assert text.count("[[roles]]") == len(tomllib.loads(text)["roles"])
    assert "[organization]" in text and "[[flows]]" in text and "[practices]" in text
    assert 'content = ["value", "scenarios", "cases"]' in text
    assert text.startswith("# Target organization planned by `maturity plan")
    original = load_model(BEGINNER)
    planned = load_model(written)
    assert planned.organization == original.organization
    assert {r["id"] for r in original.roles} < {r["id"] for r in planned.roles}


def test_plan_text_lists_scores_before_and_after_and_each_change() -> None:
    result = run("plan", BEGINNER, "--target", "intermediate")
    out = result.output
    assert "beginner → intermediate" in out
    assert "COL-I2" in out and "+ add flow marketing → sales [sales_toolkit]" in out
    assert "+ add role support_hotline [support]" in out
    assert "reroute flow sales → product [bug_report]" in out
    assert "Value loop stages" in out
    # The cheapest optional rules come in until the threshold is met; the others stay.
    assert "Still failing" in out and "not needed to reach the target" in out


def test_plan_speaks_chinese() -> None:
    out = run("plan", BEGINNER, "--target", "intermediate", "--lang", "zh").output
    assert "协同段位提升计划" in out and "新增流程" in out and "中段" in out


def test_plan_json_validates_against_its_schema(tmp_path: Path) -> None:
    validator = jsonschema.Draft202012Validator(schema("plan"))
    for lang in ("en", "zh"):
        out = tmp_path / f"plan-{lang}.json"
        args = ["plan", BEGINNER, "-t", "advanced", "--format", "json", "--lang", lang]
        result = run(*args, "-o", str(out))
        assert result.exit_code == 0, result.output
        document = json.loads(out.read_text(encoding="utf-8"))
        validator.validate(document)
        assert document["reached"] is True
        assert document["before"]["level"]["achieved"] == "beginner"
        assert document["after"]["level"]["achieved"] == "advanced"
        assert [c["step"] for c in document["changes"]] == list(
            range(1, len(document["changes"]) + 1)
        )


def test_plan_json_is_deterministic() -> None:
    args = ("plan", INTERMEDIATE, "-t", "advanced", "--format", "json")
    assert run(*args).output == run(*args).output


def test_a_target_already_reached_needs_no_change(session: Session) -> None:
    plan = make_plan(session, session.load(ADVANCED), "advanced")
    assert plan.reached and plan.steps == () and plan.rounds == 0
    assert plan.after.model.data == plan.before.model.data


# ---------------------------------------------------------------- the choice


def test_every_required_rule_comes_first_and_lower_levels_before_higher(
    session: Session,
) -> None:
    plan = make_plan(session, session.load(BEGINNER), "advanced")
    rules = [plan.after.rules[s.rule] for s in plan.steps if s.round == 1]
    assert rules == sorted(rules, key=work_order(plan.before))
    levels = [r.level for r in rules]
    assert levels == sorted(levels, key=["intermediate", "advanced"].index)
    before = plan.before.scores.levels.levels
    chosen = {s.rule for s in plan.steps}
    for level in ("intermediate", "advanced"):
        for rule_id in before[level].required_failed:
            # A required rule is fixed, or passes already thanks to an earlier fix.
            passed = next(f for f in plan.after.findings if f.rule == rule_id).passed
            assert rule_id in chosen or passed


def test_optional_rules_are_taken_cheapest_first_until_the_threshold(session: Session) -> None:
    plan = make_plan(session, session.load(BEGINNER), "intermediate")
    optional = [
        plan.after.rules[s.rule] for s in plan.steps if not plan.after.rules[s.rule].required
    ]
    assert [r.effort for r in optional] == sorted(r.effort for r in optional)
    left = [plan.after.rules[u.rule] for u in plan.remaining]
    assert all(u.code == "not_needed" for u in plan.remaining)
    assert min(r.effort for r in left) >= max(r.effort for r in optional)
    intermediate = plan.after.scores.levels.levels["intermediate"]
    assert intermediate.achieved and intermediate.score >= plan.after.scores.levels.threshold


def test_a_higher_threshold_takes_every_fix(session: Session) -> None:
    strict = Session(Options(plugins=False, params={"level_threshold": 1.0}))
    plan = make_plan(strict, strict.load(BEGINNER), "advanced")
    assert plan.reached
    level_rules = [r for r in plan.after.rules.values() if r.level]
    assert all(f.passed for f in plan.after.findings if plan.after.rules[f.rule].level)
    assert len(level_rules) == 18


def _without_fix(session: Session, rule_id: str, fix: tuple[Any, ...] = ()) -> Session:
    broken = Session(Options(plugins=False))
    broken.rules = {
        k: dataclasses.replace(r, fix=fix) if k == rule_id else r for k, r in session.rules.items()
    }
    return broken


def test_a_required_rule_without_fix_leaves_the_target_unreached(session: Session) -> None:
    broken = _without_fix(session, "COL-I2")
    plan: Plan = make_plan(broken, broken.load(BEGINNER), "intermediate")
    assert not plan.reached
    unmet = {u.rule: u for u in plan.remaining}
    assert unmet["COL-I2"].code == "no_fix"
    assert "by hand" in unmet["COL-I2"].reason("en")
    document = plan_data(plan, "zh")
    jsonschema.validate(document, schema("plan"))
    assert document["reached"] is False


def test_a_malformed_fix_is_reported_not_raised(session: Session) -> None:
    broken = _without_fix(session, "COL-I2", ({"op": "add_flow", "from": {"kind": "nobody"}},))
    plan = make_plan(broken, broken.load(BEGINNER), "intermediate")
    unmet = {u.rule: u for u in plan.remaining}
    assert unmet["COL-I2"].code == "fix_error"
    assert "rule COL-I2" in unmet["COL-I2"].detail


# ---------------------------------------------------------------- exits


def test_unreachable_target_exits_1_and_says_why(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # With only a pack of loop rules, no rule carries a level: no fix can reach one.
    code = exit_code(["plan", BEGINNER, "-t", "advanced", "--pack", "value_loop"], monkeypatch)
    assert code == 1
    assert "advanced not reached: weighted score 0% (threshold 80%)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["plan", BEGINNER, "--target", "expert"],
        ["plan", BEGINNER, "--target", "beginner"],
        ["plan", BEGINNER],
        ["plan", "no-such-file.toml", "--target", "advanced"],
        ["plan", BEGINNER, "--target", "advanced", "--format", "yaml"],
    ],
)
def test_bad_input_exits_2(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert exit_code(args, monkeypatch) == 2


def test_write_model_into_a_missing_folder_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "missing" / "next.toml"
    code = exit_code(
        ["plan", BEGINNER, "-t", "intermediate", "--write-model", str(target)], monkeypatch
    )
    assert code == 2
    assert not target.exists()


def test_plan_has_help() -> None:
    result = run("plan", "--help")
    assert result.exit_code == 0
    assert "--target" in result.output and "--write-model" in result.output


# ---------------------------------------------------------------- the TOML writer


@pytest.mark.parametrize("name", ["beginner", "intermediate", "advanced"])
def test_the_writer_round_trips_the_examples(name: str) -> None:
    model = load_model(EXAMPLES / f"{name}.toml")
    assert tomllib.loads(dumps_model(model.data)) == model.data


def test_the_writer_escapes_what_toml_needs() -> None:
    data = {
        "organization": {"name": 'Quote " back\\slash\nnew\tline \x01 中文', "arr": 1.5},
        "roles": [{"id": "a b", "kind": "sales", "okrs": []}],
        "practices": {"issue_tracker": {"visible_to": ["a b"]}, "weird key": True},
    }
    text = dumps_model(data, ["header"])
    assert tomllib.loads(text) == data
    assert "中文" in text
