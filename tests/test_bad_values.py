"""Bad values, second round: lone surrogates, trailing newlines, extreme option values,
parameters outside a pack's declared range, special files in a folder, waivers that name
what does not exist. Each gets exit 2 with a located message, never exit 4.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from maturity.errors import ModelError
from maturity.model import validate_data
from tests import strategies as S

BEGINNER = S.ROOT / "examples" / "beginner.toml"
COMMANDS = ("validate", "assess", "graph", "plan")


@pytest.fixture(scope="module", autouse=True)
def _fast_packs() -> Iterator[None]:
    with S.packs_cached():
        yield


def _json_file(folder: Path, text: str, name: str = "s.json") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


SURROGATE_MODELS = {
    "organization name": ('{"organization": {"name": "X\\ud800"}}', "organization.name"),
    "role name": (
        '{"organization": {"name": "X"}, "roles": [{"id": "a", "kind": "sales", '
        '"name": "\\udfff"}]}',
        "roles[0].name",
    ),
    "okr": (
        '{"organization": {"name": "X"}, "roles": [{"id": "a", "kind": "sales", '
        '"okrs": ["ok", "\\ud83d"]}]}',
        "roles[0].okrs[1]",
    ),
    "key": ('{"organization": {"name": "X", "n\\udc00": 1}}', "organization.n\\udc00"),
}


@pytest.mark.parametrize("case", sorted(SURROGATE_MODELS))
@pytest.mark.parametrize("command", COMMANDS)
def test_lone_surrogate_is_exit_2_located(tmp_path: Path, case: str, command: str) -> None:
    text, location = SURROGATE_MODELS[case]
    path = _json_file(tmp_path, text)
    result = S.run_command(command, path)
    S.check_contract(result, path, allowed=(2,))
    assert f"{location}: " in result.stderr and "lone surrogate" in result.stderr
    assert not result.stdout


def test_a_folder_with_a_lone_surrogate_keeps_going(tmp_path: Path) -> None:
    _json_file(tmp_path, SURROGATE_MODELS["organization name"][0], "a.json")
    (tmp_path / "b.toml").write_bytes(BEGINNER.read_bytes())
    for fmt in ("text", "json"):
        result = S.cli("assess", str(tmp_path), "-f", fmt)
        S.check_contract(result, tmp_path / "a.json", allowed=(2,))
        if fmt == "text":
            assert "2 models: 1 assessed, 1 with bad input" in result.stdout
        else:
            assert json.loads(result.stdout)["totals"]["assessed"] == 1


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsdecode(b"c\xff.toml")
    (tmp_path / name).write_bytes(BEGINNER.read_bytes())
    (tmp_path / "b.toml").write_bytes(BEGINNER.read_bytes())
    result = S.cli("assess", str(tmp_path), "-f", "json")
    S.check_contract(result, None, allowed=(2,))
    assert "not UTF-8" in result.stderr
    files = [row["file"] for row in json.loads(result.stdout)["summary"]]
    assert any(f.endswith("c\\xff.toml") for f in files), files


@pytest.mark.parametrize(
    ("data", "location"),
    [
        ({"organization": {"name": "X", "currency": "CNY\n"}}, "organization.currency"),
        (
            {"organization": {"name": "X"}, "roles": [{"id": "a\n", "kind": "sales"}]},
            "roles[0].id",
        ),
    ],
)
def test_a_trailing_newline_breaks_the_pattern(tmp_path: Path, data: Any, location: str) -> None:
    with pytest.raises(ModelError, match=location.replace("[", r"\[").replace("]", r"\]")):
        validate_data(data)
    path = _json_file(tmp_path, json.dumps(data))
    result = S.cli("validate", str(path))
    S.check_contract(result, path, allowed=(2,))
    assert location in result.stderr


def test_a_trailing_newline_in_a_pack_id_or_rule_id(tmp_path: Path) -> None:
    pack = (S.ROOT / "rules" / "pmm.toml").read_text(encoding="utf-8")
    for old, new in (('id = "pmm"', 'id = "pmm\\n"'), ('id = "PMM-1"', 'id = "PMM-1\\n"')):
        path = tmp_path / "p.toml"
        path.write_text(pack.replace(old, new, 1), encoding="utf-8")
        result = S.cli("rules", "test", str(path))
        S.check_contract(result, path, allowed=(2,))


# ---------------------------------------------------------------- extreme option values


@pytest.mark.parametrize("value", ["inf", "-inf", "1e308", "nan", "-1", "86401", "abc", ""])
@pytest.mark.parametrize("command", ["assess", "rules test"])
def test_rule_timeout_is_finite_and_ranged(value: str, command: str) -> None:
    args = ["assess", str(BEGINNER)] if command == "assess" else ["rules", "test", "pmm"]
    result = S.cli(*args, "--rule-timeout", value)
    S.check_contract(result, None, allowed=(2,))
    assert "--rule-timeout" in result.stderr and not result.stdout


def _sleepy_pack(seconds: float = 3) -> Any:
    """A loaded pack whose one rule sleeps, with a test that expects it to pass."""
    import time

    from maturity.rules.rule import Pack, RuleTest, python_rule

    def check(graph: Any, params: Any) -> bool:
        time.sleep(seconds)
        return True

    texts = {"en": dict.fromkeys(("title", "summary", "rationale", "recommendation", "fail"), "t")}
    test = RuleTest("pass", {"organization": {"name": "t"}}, "slow")
    rule = python_rule("SLOW-1", "refine", check, texts, pack="sleepy", tests=(test,))
    return Pack("sleepy", "1.0", (rule,))


def test_rules_test_honours_the_rule_timeout() -> None:
    def maturity_register_packs(register: Any) -> None:
        register(_sleepy_pack())

    with S.as_builtin("tests_sleepy_pack", maturity_register_packs=maturity_register_packs):
        result = S.cli("rules", "test", "sleepy", "--rule-timeout", "0.2")
    S.check_contract(result, None, allowed=(1,))
    assert "got error (ran longer than the time limit of 0.2 s)" in result.stdout


def test_an_infinite_timeout_from_the_library_means_no_limit() -> None:
    from maturity.testing import run_rule

    rule = _sleepy_pack(0.05).rules[0]
    for timeout in (float("inf"), float("nan"), 1e308):
        assert run_rule(rule, {"organization": {"name": "t"}}, timeout=timeout).status == "pass"


# ---------------------------------------------------------------- parameters by declaration


@pytest.mark.parametrize("value", ["-1", "0", "1.5", "21", "true", "abc", "[1]", "1e400"])
def test_param_outside_the_packs_declaration_is_exit_2(value: str) -> None:
    result = S.cli("assess", str(BEGINNER), "--param", f"max_feedback_hops={value}")
    S.check_contract(result, None, allowed=(2,))
    assert "parameter max_feedback_hops: expected a whole number" in result.stderr
    assert not result.stdout


@pytest.mark.parametrize("value", ["1", "20"])
def test_param_inside_the_declaration_is_accepted(value: str) -> None:
    result = S.cli("assess", str(BEGINNER), "-f", "json", "--param", f"max_feedback_hops={value}")
    S.check_contract(result, None, allowed=(0, 1))


@pytest.mark.parametrize("value", ["0", "-1", "1.5"])
def test_config_param_outside_the_declaration_names_the_file(tmp_path: Path, value: str) -> None:
    config = tmp_path / "maturity.toml"
    config.write_text(f"[params]\nmax_feedback_hops = {value}\n", encoding="utf-8")
    model = tmp_path / "m.toml"
    model.write_bytes(BEGINNER.read_bytes())
    result = S.cli("assess", str(model))
    S.check_contract(result, config, allowed=(2,))
    assert "params.max_feedback_hops" in result.stderr


def _pack_text(params: str, test_params: str = "") -> str:
    tests = ""
    if test_params:
        tests = (f'\n[[rules.tests]]\nexpect = "pass"\nparams = {{ {test_params} }}\n'
                 '[rules.tests.model]\norganization = { name = "t" }\n')  # fmt: skip
    return f"""[pack]
id = "ranged"
version = "1.0"
[pack.en]
name = "Ranged"
[pack.params]
{params}

[[rules]]
id = "RNG-1"
stage = "refine"
match = {{ organization = {{ field = "arr", op = "greater_than", param = "floor" }} }}
[rules.en]
title = "t"
summary = "s"
rationale = "r"
recommendation = "r"
fail = "f"
{tests}"""


def test_a_plugin_toml_pack_declares_its_range(tmp_path: Path) -> None:
    pack = tmp_path / "ranged.toml"
    pack.write_text(_pack_text('floor = { default = 10, type = "integer", minimum = 5 }'),
                    encoding="utf-8")  # fmt: skip
    with S.user_packs(pack):
        bad = S.cli("assess", str(BEGINNER), "--param", "floor=4")
        good = S.cli("assess", str(BEGINNER), "-f", "json", "--param", "floor=5")
    S.check_contract(bad, None, allowed=(2,))
    assert "parameter floor: expected a whole number of at least 5, got 4" in bad.stderr
    S.check_contract(good, None, allowed=(0, 1))


def test_a_python_pack_declares_its_range() -> None:
    from maturity.rules.rule import Pack, python_rule

    texts = {"en": dict.fromkeys(("title", "summary", "rationale", "recommendation", "fail"), "t")}
    rule = python_rule("PY-1", "refine", lambda graph, params: True, texts, pack="py")
    pack = Pack("py", "1.0", (rule,), params={"hops": 2},
                param_specs={"hops": {"type": "integer", "minimum": 1}})  # fmt: skip

    def maturity_register_packs(register: Any) -> None:
        register(pack)

    with S.as_builtin("tests_py_ranged", maturity_register_packs=maturity_register_packs):
        result = S.cli("assess", str(BEGINNER), "--param", "hops=0")
    S.check_contract(result, None, allowed=(2,))
    assert "parameter hops: expected a whole number of at least 1, got 0" in result.stderr


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ('floor = { default = 0, type = "integer", minimum = 5 }', "does not fit"),
        ('floor = { default = 1.5, type = "integer" }', "does not fit"),
        ('floor = { default = 1, type = "whole" }', "pack.params.floor"),
        ('floor = { default = "a", type = "string", minimum = 1 }', "need a number type"),
        ('floor = { type = "integer" }', "pack.params.floor"),
    ],
)
def test_a_declaration_that_contradicts_itself(tmp_path: Path, params: str, words: str) -> None:
    pack = tmp_path / "ranged.toml"
    pack.write_text(_pack_text(params), encoding="utf-8")
    result = S.cli("rules", "test", str(pack))
    S.check_contract(result, pack, allowed=(2,))
    assert words in result.stderr


def test_a_rule_tests_params_are_checked_too(tmp_path: Path) -> None:
    pack = tmp_path / "ranged.toml"
    text = _pack_text('floor = { default = 10, type = "integer", minimum = 5 }', "floor = 1")
    pack.write_text(text, encoding="utf-8")
    result = S.cli("rules", "test", str(pack))
    S.check_contract(result, None, allowed=(1,))
    assert "got invalid test (" in result.stdout and "at least 5" in result.stdout


# ---------------------------------------------------------------- waivers

WAIVER = 'rule = "{rule}"\nreason = "r"\nowner = "o"\nexpires = 2099-01-01\n'


def _waived(tmp_path: Path, extra: str, rule: str = "COL-I1") -> tuple[Any, Path]:
    config = tmp_path / "maturity.toml"
    config.write_text("# waivers\n\n[[waivers]]\n" + WAIVER.format(rule=rule) + extra,
                      encoding="utf-8")  # fmt: skip
    model = tmp_path / "m.toml"
    model.write_bytes(BEGINNER.read_bytes())
    return S.cli("assess", str(model)), config


def test_a_waiver_naming_an_unknown_rule_has_its_line(tmp_path: Path) -> None:
    result, config = _waived(tmp_path, "", rule="NOPE-1")
    S.check_contract(result, config, allowed=(2,))
    assert f"{config}:4: waivers[0].rule: unknown rule 'NOPE-1'" in result.stderr


@pytest.mark.parametrize(
    ("scope", "location", "words"),
    [
        ('role = "nobody"\n', "8: waivers[0].role", "no role 'nobody' in"),
        (
            'flow = { from = "ghost", to = "sales", kind = "training" }\n',
            "8: waivers[0].flow.from",
            "no role 'ghost' in",
        ),
        (
            'flow = { from = "sales", to = "cs", kind = "trainin" }\n',
            "8: waivers[0].flow.kind",
            "unknown flow kind 'trainin' (did you mean 'training'?)",
        ),
    ],
)
def test_a_waiver_scoped_to_what_does_not_exist(
    tmp_path: Path, scope: str, location: str, words: str
) -> None:
    result, config = _waived(tmp_path, scope)
    S.check_contract(result, config, allowed=(2,))
    assert f"{config}:{location}: {words}" in result.stderr
    assert not result.stdout


# ---------------------------------------------------------------- Markdown: no autolinks

#: What GFM's autolink extension (and linkify's fuzzy links) turn into a link.
AUTOLINKS = [
    r"(?:https?|ftp)://[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+",
    r"www\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*",
    r"[A-Za-z0-9._+-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+",
    r"(?:mailto|xmpp):[A-Za-z0-9._+-]+@",
    r"\b[A-Za-z0-9-]+\.(?:com|org|net|io|cn)\b",
]
URLS = ["https://evil.example.com/pay?x=1", "www.evil.example", "ceo@evil.example.com",
        "mailto:ceo@evil.example.com", "evil.com", "http://10.0.0.1/a"]  # fmt: skip


def test_markdown_makes_no_link_of_a_bare_url(tmp_path: Path) -> None:
    role = {"id": "s", "kind": "sales", "name": " ".join(URLS), "okrs": URLS}
    flow = {"from": "s", "to": "c", "kind": "value_feedback", "name": URLS[0], "notes": URLS[2]}
    data = {"organization": {"name": " ".join(URLS), "notes": URLS[3]},
            "roles": [role, {"id": "c", "kind": "customer_success", "name": URLS[4]}],
            "flows": [flow]}  # fmt: skip
    path = _json_file(tmp_path, json.dumps(data), "m.json")
    result = S.cli("assess", str(path), "-f", "markdown")
    S.check_contract(result, path, allowed=(0, 1, 3))
    text = result.stdout
    for pattern in AUTOLINKS:
        found = re.search(pattern, text)
        assert not found, f"a live link: {found.group()!r}"
    assert " ".join(URLS) in text.replace("\u200b", ""), "the name does not read the same"


# ---------------------------------------------------------------- special files in a folder


def _special_entry(folder: Path, kind: str) -> Path:
    path = folder / f"{kind}.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.symlink_to(folder / "nowhere.toml")
    return path


@pytest.mark.parametrize("command", ["assess", "validate"])
@pytest.mark.parametrize("kind", ["fifo", "device", "dangling"])
def test_special_files_in_a_folder_are_reported(tmp_path: Path, kind: str, command: str) -> None:
    (tmp_path / "good.toml").write_bytes(BEGINNER.read_bytes())
    special = _special_entry(tmp_path, kind)
    result = S.cli(command, str(tmp_path))
    S.check_contract(result, special, allowed=(2,))
    words = "symbolic link to a missing file" if kind == "dangling" else "not a regular file"
    assert words in result.stderr
    if command == "assess":
        assert "2 models: 1 assessed, 1 with bad input" in result.stdout
    else:
        assert "good.toml: ok" in result.stdout
