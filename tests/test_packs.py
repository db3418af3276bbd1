"""Loading rule packs: what a pack author sees when a pack is wrong, and what loads.

Every error names the file, the rule id, the JSON path and, for TOML files,
the line; one best message per rule for schema errors; every problem of a
pack at once.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from maturity import __version__
from maturity.engine.context import Context
from maturity.engine.language import Language
from maturity.errors import PackError, Problem
from maturity.model import validate_data
from maturity.model.graph import build_graph
from maturity.model.vocabulary import Vocabulary
from maturity.rules import evaluate
from maturity.rules.packs import GLOBAL_PARAMS, PackSkipped, load_pack, load_pack_file

ROOT = Path(__file__).resolve().parent.parent

HEADER = """\
[pack]
id = "demo"
version = "1.0.0"

[pack.en]
name = "Demo"
description = "A pack for tests."

[pack.params]
small_company_arr = 50000000
"""

EN = 'en = { title = "t", summary = "s", rationale = "r", recommendation = "x", fail = "f" }'


def rule_toml(rule_id: str, match: str, extra: str = "", en: str = EN) -> str:
    return f"""
[[rules]]
id = "{rule_id}"
stage = "deliver"
{extra}
match = {match}
{en}
"""


def write(tmp_path: Path, text: str, name: str = "demo.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, nth: int = 0) -> int:
    """1-based line of the ``nth`` line containing ``needle``."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return found[nth]


def problems_of(path: Path, **kwargs: Any) -> list[Problem]:
    with pytest.raises(PackError) as raised:
        load_pack_file(path, **kwargs)
    return list(raised.value.problems)


def only_problem(path: Path) -> Problem:
    found = problems_of(path)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


TEXTS = {"title": "t", "summary": "s", "rationale": "r", "recommendation": "x", "fail": "f"}


def data_rule(rule_id: str, match: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"id": rule_id, "stage": "deliver", "match": match, "en": dict(TEXTS), **fields}


def data_pack(*rules: dict[str, Any], **meta: Any) -> dict[str, Any]:
    return {
        "pack": {"id": "demo", "version": "1.0.0", **meta},
        "rules": [copy.deepcopy(r) for r in rules],
    }


TOOLKIT = {"flow": {"kind": "sales_toolkit", "from": "marketing", "to": "sales"}}
TOOLKIT_TOML = '{ flow = { kind = "sales_toolkit", from = "marketing", to = "sales" } }'


# ===================================================================== a pack that loads


def test_a_valid_pack_loads(tmp_path: Path) -> None:
    text = HEADER + rule_toml("DEMO-1", TOOLKIT_TOML, 'level = "intermediate"\nweight = 2')
    path = write(tmp_path, text)
    pack = load_pack_file(path, source="my-plugin")
    assert (pack.id, pack.version, pack.path, pack.source) == (
        "demo",
        "1.0.0",
        str(path),
        "my-plugin",
    )
    assert pack.name("en") == "Demo"
    assert pack.name("zh") == "Demo"
    assert pack.descriptions == {"en": "A pack for tests."}
    (rule,) = pack.rules
    assert (rule.id, rule.pack, rule.level, rule.weight, rule.source) == (
        "DEMO-1",
        "demo",
        "intermediate",
        2.0,
        "my-plugin",
    )
    assert (rule.severity, rule.type, rule.effort, rule.required) == (
        "medium",
        "practice",
        1,
        False,
    )
    assert rule.text("en").title == "t"
    assert rule.text("zh").title == "t"
    assert rule.match is not None
    assert rule.when is None


def test_rules_are_sorted_in_natural_order() -> None:
    ids = ["COL-I10", "COL-A1", "COL-I2", "COL-I1", "COL-A10", "COL-A2"]
    pack = load_pack(data_pack(*(data_rule(i, TOOLKIT) for i in ids)), "<test>")
    assert [r.id for r in pack.rules] == [
        "COL-A1",
        "COL-A2",
        "COL-A10",
        "COL-I1",
        "COL-I2",
        "COL-I10",
    ]


def test_the_built_in_collaboration_pack_loads_in_natural_order() -> None:
    pack = load_pack_file(ROOT / "rules" / "collaboration.toml")
    ids = [r.id for r in pack.rules]
    assert ids.index("COL-I2") < ids.index("COL-I10")
    assert ids.index("COL-I9") < ids.index("COL-I10")
    assert pack.params["small_company_arr"] == 50_000_000


def test_rule_tests_are_read() -> None:
    tests = [
        {"name": "ok", "expect": "pass", "model": {"organization": {"name": "t"}}},
        {"expect": "skipped", "model": {"organization": {"name": "t"}}, "params": {"x": 1}},
    ]
    (rule,) = load_pack(data_pack(data_rule("T-1", TOOLKIT, tests=tests)), "<test>").rules
    assert [(t.name, t.expect, dict(t.params)) for t in rule.tests] == [
        ("ok", "pass", {}),
        ("", "skipped", {"x": 1}),
    ]


def test_a_plugin_vocabulary_extends_the_kinds() -> None:
    match = {"flow": {"kind": "partner_update", "from": "alliances", "to": "sales"}}
    with pytest.raises(PackError):
        load_pack(data_pack(data_rule("T-1", match)), "<test>")
    vocabulary = Vocabulary().extended(role_kinds=["alliances"], flow_kinds=["partner_update"])
    pack = load_pack(data_pack(data_rule("T-1", match)), "<test>", Language(vocabulary=vocabulary))
    assert [r.id for r in pack.rules] == ["T-1"]


# ===================================================================== TOML and schema errors


def test_invalid_toml_names_the_file_and_the_line(tmp_path: Path) -> None:
    text = HEADER + '\n[[rules]]\nid = "X-1"\nstage = = "deliver"\n'
    path = write(tmp_path, text)
    problem = only_problem(path)
    assert problem.source == str(path)
    assert problem.message.startswith("invalid TOML:")
    assert problem.line == line_of(text, "stage = =")
    assert f"{path}:{problem.line}:" in str(problem)


def test_invalid_toml_line_is_structured(tmp_path: Path) -> None:
    text = HEADER + '\n[[rules]]\nid = "X-1"\nstage = = "deliver"\n'
    problem = only_problem(write(tmp_path, text))
    assert problem.line == line_of(text, "stage = =")
    assert str(problem).startswith(f"{tmp_path / 'demo.toml'}:{problem.line}: ")


def test_unreadable_pack_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    problem = only_problem(path)
    assert problem.source == str(path)
    assert problem.message.startswith("cannot read rule pack:")


def test_schema_error_condition_with_two_keys(tmp_path: Path) -> None:
    match = '{ flow = { kind = "training" }, role = { kind = "sales" } }'
    text = HEADER + rule_toml("X-1", match)
    path = write(tmp_path, text)
    problem = only_problem(path)
    assert problem.source == str(path)
    assert problem.location == "X-1: rules[0].match"
    assert "too many properties" in problem.message
    assert problem.line == line_of(text, "match = ")
    assert str(problem).startswith(f"{path}:{problem.line}: X-1: rules[0].match: ")


def test_schema_error_missing_title(tmp_path: Path) -> None:
    en = 'en = { summary = "s", rationale = "r", recommendation = "x", fail = "f" }'
    text = HEADER + rule_toml("X-1", TOOLKIT_TOML, en=en)
    problem = only_problem(write(tmp_path, text))
    assert problem.location == "X-1: rules[0].en"
    assert problem.message == "'title' is a required property"
    assert problem.line == line_of(text, "en = {")


def test_schema_error_in_a_sub_table_points_into_the_rule(tmp_path: Path) -> None:
    en = '[rules.en]\nsummary = "s"\nrationale = "r"\nrecommendation = "x"\nfail = "f"\n'
    text = HEADER + rule_toml("X-1", TOOLKIT_TOML, en=en)
    problem = only_problem(write(tmp_path, text))
    assert problem.location == "X-1: rules[0].en"
    assert problem.line is not None
    assert line_of(text, "[[rules]]") <= problem.line <= line_of(text, "[rules.en]")


def test_schema_error_in_a_sub_table_is_located_at_the_sub_table(tmp_path: Path) -> None:
    en = '[rules.en]\nsummary = "s"\nrationale = "r"\nrecommendation = "x"\nfail = "f"\n'
    text = HEADER + rule_toml("X-1", TOOLKIT_TOML, en=en)
    problem = only_problem(write(tmp_path, text))
    assert problem.line == line_of(text, "[rules.en]")


def test_schema_error_bad_rule_id(tmp_path: Path) -> None:
    text = HEADER + rule_toml("col-1", TOOLKIT_TOML)
    problem = only_problem(write(tmp_path, text))
    assert problem.location == "col-1: rules[0].id"
    assert "'col-1' does not match" in problem.message
    assert problem.line == line_of(text, 'id = "col-1"')


def test_schema_errors_give_one_best_message_per_rule(tmp_path: Path) -> None:
    # Three things wrong with X-1 (level, severity, a two-key condition), one with X-3.
    bad = 'level = "beginner"\nseverity = "huge"'
    match = '{ flow = { kind = "training" }, role = { kind = "sales" } }'
    text = (
        HEADER
        + rule_toml("X-1", match, bad)
        + rule_toml("X-2", TOOLKIT_TOML)
        + rule_toml("X-3", TOOLKIT_TOML, "weight = 0")
    )
    path = write(tmp_path, text)
    found = problems_of(path)
    assert [p.location.split(":")[0] for p in found] == ["X-1", "X-3"]
    assert all(p.source == str(path) for p in found)
    assert all("\n" not in p.message for p in found)
    assert found[1].location == "X-3: rules[2].weight"
    assert found[1].line == line_of(text, "weight = 0")
    for problem in found:
        assert "oneOf" not in problem.message
        assert len(problem.message) < 300


def test_schema_error_in_the_pack_table_has_no_rule_id() -> None:
    data = data_pack(data_rule("X-1", TOOLKIT))
    data["pack"]["version"] = "one"
    with pytest.raises(PackError) as raised:
        load_pack(data, "<data>")
    (problem,) = raised.value.problems
    assert problem.location == "pack.version"
    assert "'one' does not match" in problem.message
    assert problem.line is None


def test_schema_error_bad_end_is_one_message() -> None:
    # An end that is neither a kind, a list of kinds, nor a selector: oneOf underneath.
    match = {"flow": {"kind": "training", "from": {"kind": "sales", "colour": "red"}}}
    with pytest.raises(PackError) as raised:
        load_pack(data_pack(data_rule("X-1", match)), "<data>")
    (problem,) = raised.value.problems
    assert problem.location.startswith("X-1: rules[0].match.flow.from")
    assert "colour" in problem.message


# ===================================================================== compile errors

COMPILE_ERRORS = [
    pytest.param(
        '{ flow = { kind = "training", where = [{ attr = "urgent", op = "is_ture" }] } }',
        "X-1: rules[0].match.flow.where[0].op",
        "unknown operator 'is_ture' (did you mean 'is_true'?)",
        id="operator",
    ),
    pytest.param(
        '{ organization = { field = "arr", op = "less_than", param = "small_company_ar" } }',
        "X-1: rules[0].match.organization.param",
        "unknown parameter 'small_company_ar' (did you mean 'small_company_arr'?)",
        id="param",
    ),
    pytest.param(
        '{ flow = { kind = "sales_toolkit", from = "markting", to = "sales" } }',
        "X-1: rules[0].match.flow.from",
        "unknown role kind 'markting' (did you mean 'marketing'?)",
        id="role-kind",
    ),
    pytest.param(
        '{ role = { kind = ["pmm", "sale"] } }',
        "X-1: rules[0].match.role.kind",
        "unknown role kind 'sale' (did you mean 'sales'?)",
        id="role-kind-list",
    ),
    pytest.param(
        '{ flow = { kind = "sales_tolkit", from = "marketing" } }',
        "X-1: rules[0].match.flow.kind",
        "unknown flow kind 'sales_tolkit' (did you mean 'sales_toolkit'?)",
        id="flow-kind",
    ),
    pytest.param(
        '{ flow = { kind = "training", from = "$hub", to = "sales" } }',
        "X-1: rules[0].match.flow.from",
        "variable $hub is not bound by an enclosing scope",
        id="unbound-variable",
    ),
    pytest.param(
        '{ flow = { where = [{ attr = "content", op = "equals", value = "value" }] } }',
        "X-1: rules[0].match.flow.where[0]",
        "'content' is a list and 'equals' compares one value: add quantifier = \"any\" or \"all\"",
        id="list-without-quantifier",
    ),
    pytest.param(
        '{ role = { where = [{ attr = "okrs", op = "within", value = ["renewal"] }] } }',
        "X-1: rules[0].match.role.where[0]",
        "'okrs' is a list and 'within' compares one value: add quantifier = \"any\" or \"all\"",
        id="okrs-without-quantifier",
    ),
    pytest.param(
        '{ practice = { name = "severity_sla", op = "is_true" } }',
        "X-1: rules[0].match.practice.name",
        "unknown practice 'severity_sla' (did you mean 'severity_slas'?)",
        id="practice",
    ),
    pytest.param(
        '{ metric = { algorithm = "betweeness_centrality", highest = { kind = "pmm" } } }',
        "X-1: rules[0].match.metric.algorithm",
        "unknown metric 'betweeness_centrality' (did you mean 'betweenness_centrality'?)",
        id="metric",
    ),
    pytest.param(
        '{ practice = { name = "bug_severity_levels", op = "greater_than" } }',
        "X-1: rules[0].match.practice",
        "operator 'greater_than' needs 'value', 'param' or 'ref'",
        id="missing-value",
    ),
]


@pytest.mark.parametrize(("match", "location", "message"), COMPILE_ERRORS)
def test_compile_error_is_located(tmp_path: Path, match: str, location: str, message: str) -> None:
    text = HEADER + rule_toml("X-1", match)
    path = write(tmp_path, text)
    problem = only_problem(path)
    assert problem.source == str(path)
    assert problem.location == location
    assert problem.message == message
    assert problem.line == line_of(text, "match = ")
    assert str(problem) == f"{path}:{problem.line}: {location}: {message}"


def test_list_attribute_with_a_quantifier_or_a_list_operator_compiles() -> None:
    quantified = {"attr": "content", "op": "equals", "value": "value", "quantifier": "any"}
    listwise = {"attr": "content", "op": "intersects", "value": ["value"]}
    for where in (quantified, listwise):
        match = {"flow": {"kind": "training", "where": [where]}}
        assert load_pack(data_pack(data_rule("X-1", match)), "<data>").rules


def test_compile_errors_in_when_and_credit_are_located(tmp_path: Path) -> None:
    extra = (
        'when = { organization = { field = "arr", op = "les_than", value = 1 } }\n'
        'credit = [{ score = 0.5, match = { role = { kind = "pmmm" } } }]'
    )
    text = HEADER + rule_toml("X-1", TOOLKIT_TOML, extra)
    found = problems_of(write(tmp_path, text))
    assert [(p.location, p.line) for p in found] == [
        ("X-1: rules[0].when.organization.op", line_of(text, "when = ")),
        ("X-1: rules[0].credit[0].match.role.kind", line_of(text, "credit = ")),
    ]
    assert "did you mean 'less_than'" in found[0].message
    assert "did you mean 'pmm'" in found[1].message


def test_unknown_kind_in_between_is_located_at_between(tmp_path: Path) -> None:
    match = '{ flow = { kind = "release_briefing", between = ["product", "markting"] } }'
    problem = only_problem(write(tmp_path, HEADER + rule_toml("X-1", match)))
    assert "unknown role kind 'markting'" in problem.message
    assert problem.location == "X-1: rules[0].match.flow.between[1]"


def test_duplicate_rule_ids(tmp_path: Path) -> None:
    text = HEADER + rule_toml("X-1", TOOLKIT_TOML) + rule_toml("X-2", TOOLKIT_TOML)
    text += rule_toml("X-1", TOOLKIT_TOML)
    path = write(tmp_path, text)
    problem = only_problem(path)
    assert problem.source == str(path)
    assert problem.location == "X-1: rules[2].id"
    assert problem.message == "duplicate rule id (first at rules[0])"
    assert problem.line == line_of(text, 'id = "X-1"', nth=1)


def test_several_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = (
        HEADER
        + rule_toml(
            "X-1", '{ flow = { kind = "trainin", where = [{ attr = "urgent", op = "is" }] } }'
        )
        + rule_toml("X-2", TOOLKIT_TOML)
        + rule_toml("X-3", '{ role = { kind = "sales", is = "$rep" } }')
        + rule_toml("X-2", TOOLKIT_TOML)
    )
    path = write(tmp_path, text)
    with pytest.raises(PackError) as raised:
        load_pack_file(path)
    found = raised.value.problems
    assert [p.location for p in found] == [
        "X-1: rules[0].match.flow.kind",
        "X-1: rules[0].match.flow.where[0].op",
        "X-3: rules[2].match.role.is",
        "X-2: rules[3].id",
    ]
    assert all(p.source == str(path) for p in found)
    # The error's text lists every problem, one per line.
    assert raised.value.lines() == [str(p) for p in found]
    assert len(str(raised.value).splitlines()) == 4


def test_schema_and_compile_problems_are_reported_together() -> None:
    data = data_pack(
        data_rule("X-1", TOOLKIT, stage="nowhere"),
        data_rule("X-2", {"flow": {"kind": "trainin"}}),
    )
    with pytest.raises(PackError) as raised:
        load_pack(data, "<data>")
    assert [p.location.split(":")[0] for p in raised.value.problems] == ["X-1", "X-2"]


def test_problems_without_text_have_no_line() -> None:
    with pytest.raises(PackError) as raised:
        load_pack(data_pack(data_rule("X-1", {"flow": {"kind": "trainin"}})), "<data>")
    (problem,) = raised.value.problems
    assert (problem.source, problem.line) == ("<data>", None)
    assert problem.location == "X-1: rules[0].match.flow.kind"


# ===================================================================== min_version


def test_min_version_newer_than_the_engine_skips_the_pack(tmp_path: Path) -> None:
    text = HEADER.replace('version = "1.0.0"', 'version = "1.0.0"\nmin_version = "99.0"')
    path = write(tmp_path, text + rule_toml("X-1", TOOLKIT_TOML))
    with pytest.raises(PackSkipped) as raised:
        load_pack_file(path)
    message = str(raised.value)
    assert str(path) in message
    assert "'demo'" in message
    assert "99.0" in message
    assert __version__ in message
    assert "skipped" in message


def test_min_version_at_or_below_the_engine_loads() -> None:
    for needed in (__version__, "0.0.1"):
        pack = load_pack(data_pack(data_rule("X-1", TOOLKIT), min_version=needed), "<data>")
        assert [r.id for r in pack.rules] == ["X-1"]


def test_min_version_compares_numerically() -> None:
    major, minor, *_ = (int(p) for p in __version__.split("."))
    newer = f"{major}.{minor + 10}"
    with pytest.raises(PackSkipped):
        load_pack(data_pack(data_rule("X-1", TOOLKIT), min_version=newer), "<data>")


def test_min_version_newer_skips_before_reading_new_syntax() -> None:
    future = {"cohort": {"kind": "sales", "op": "greater_than", "value": 2}}
    data = data_pack(data_rule("X-1", future, horizon="2030"), min_version="99.0")
    with pytest.raises(PackSkipped):
        load_pack(data, "<data>")


# ===================================================================== params

SMALL = {"organization": {"field": "arr", "op": "less_than", "param": "small_company_arr"}}


def _context(arr: int) -> Context:
    model = {"organization": {"name": "t", "arr": arr}, "roles": [{"id": "s", "kind": "sales"}]}
    return Context(build_graph(validate_data(model)))


def test_param_overrides_change_the_compiled_value() -> None:
    data = data_pack(data_rule("X-1", SMALL), params={"small_company_arr": 50_000_000})
    ctx = _context(60_000_000)
    (default,) = load_pack(data, "<data>").rules
    assert evaluate(default, ctx).status == "fail"
    pack = load_pack(data, "<data>", overrides={"small_company_arr": 70_000_000})
    (overridden,) = pack.rules
    assert evaluate(overridden, ctx).status == "pass"
    assert pack.params["small_company_arr"] == 70_000_000
    assert overridden.params["small_company_arr"] == 70_000_000
    # The data itself is left alone.
    assert data["pack"]["params"] == {"small_company_arr": 50_000_000}


def test_param_overrides_in_a_when() -> None:
    rule = data_rule("X-1", {"role": {"kind": "sales"}}, when=SMALL)
    data = data_pack(rule, params={"small_company_arr": 50_000_000})
    ctx = _context(60_000_000)
    assert evaluate(load_pack(data, "<data>").rules[0], ctx).status == "skipped"
    overridden = load_pack(data, "<data>", overrides={"small_company_arr": 80_000_000})
    assert evaluate(overridden.rules[0], ctx).status == "pass"


def test_unknown_overrides_are_ignored_at_pack_level() -> None:
    data = data_pack(data_rule("X-1", SMALL), params={"small_company_arr": 50_000_000})
    pack = load_pack(data, "<data>", overrides={"another_packs_param": 1, "small_company_arr": 1})
    assert "another_packs_param" not in pack.params
    assert pack.params["small_company_arr"] == 1


def test_global_params_are_in_every_pack() -> None:
    assert GLOBAL_PARAMS["level_threshold"] == 0.8
    threshold = {
        "practice": {
            "name": "bug_severity_levels",
            "op": "greater_than",
            "param": "level_threshold",
        }
    }
    pack = load_pack(data_pack(data_rule("X-1", threshold)), "<data>")
    assert pack.params == {"level_threshold": 0.8}
    assert load_pack(
        data_pack(data_rule("X-1", threshold)), "<data>", overrides={"level_threshold": 0.6}
    ).params == {"level_threshold": 0.6}


def test_pack_params_override_global_params() -> None:
    pack = load_pack(data_pack(data_rule("X-1", TOOLKIT), params={"level_threshold": 0.9}), "<d>")
    assert pack.params["level_threshold"] == 0.9


def test_path_max_hops_param(tmp_path: Path) -> None:
    match = '{ path = { from = "sales", to = "product", max_hops = { param = "hop" } } }'
    text = HEADER + rule_toml("X-1", match)
    problem = only_problem(write(tmp_path, text))
    assert problem.location == "X-1: rules[0].match.path.max_hops"
    assert problem.message.startswith("unknown parameter 'hop'")
