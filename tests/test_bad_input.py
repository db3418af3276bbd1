"""Bad input with a known answer: limits, cycles, empty graphs, broken files, bad options,
and output paths that cannot be written. Each case gets a clear message and exit 2 (or
assesses sensibly), never a traceback or exit 4, and never a lost or half-written file.

Known bugs are ``xfail(strict=True)`` tests whose reason starts with "BUG:". The table
in docs/bad-input.md lists what each bad input gets and which tests check it.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import stat
import subprocess
import sys
import threading
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from maturity.errors import ModelError
from maturity.model import Limits, load_model, validate_data
from maturity.resources import schema
from tests import strategies as S

FORMATS = S.reporter_names()
COMMANDS = S.command_names()
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
BEGINNER = S.ROOT / "examples" / "beginner.toml"


@pytest.fixture(scope="module", autouse=True)
def _fast_packs() -> Iterator[None]:
    with S.packs_cached():
        yield


def model_file(tmp: Path, data: Any, suffix: str = ".toml", name: str = "model") -> Path:
    return S.write_model(tmp, data, suffix, name)


def org(**fields: Any) -> dict[str, Any]:
    return {"organization": {"name": "Acme", **fields}}


def invalid(tmp: Path, data: Any, suffix: str = ".toml", *, command: str = "validate") -> str:
    """Run ``command`` on ``data``: it must be exit 2 naming the file; return stderr."""
    path = model_file(tmp, data, suffix)
    args = (
        ["assess", str(path), "--format", "json"] if command == "assess" else [command, str(path)]
    )
    result = S.cli(*args)
    S.check_contract(result, path, allowed=(2,))
    return result.stderr


# ---------------------------------------------------------------- limits


def test_file_larger_than_the_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    limit = Limits().max_bytes
    path = tmp_path / "huge.toml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write('[organization]\nname = "x"\n')
        line = "# " + "x" * 1021 + "\n"
        for _ in range(limit // len(line) + 2):
            handle.write(line)
    result = S.cli("validate", str(path))
    S.check_contract(result, path, allowed=(2,))
    assert f"the limit is {limit}" in result.stderr


@pytest.mark.parametrize(
    ("limits", "data", "location", "words"),
    [
        (Limits(max_bytes=64), {**org(notes="x" * 100)}, "", "the limit is 64"),
        (
            Limits(max_roles=2),
            {**org(), "roles": [{"id": f"r{i}", "kind": "sales"} for i in range(3)]},
            "roles",
            "3 roles; the limit is 2",
        ),
        (
            Limits(max_flows=1),
            {
                **org(),
                "roles": [{"id": "a", "kind": "sales"}, {"id": "b", "kind": "product"}],
                "flows": [{"from": "a", "to": "b", "kind": "bug_report"}] * 2,
            },
            "flows",
            "2 flows; the limit is 1",
        ),
        (Limits(max_depth=3), {**org(), "practices": {"issue_tracker": {"visible_to": [[]]}}},
         "", "nested deeper than 3"),
    ],
    ids=["bytes", "roles", "flows", "depth"],
)  # fmt: skip
def test_limits_are_clear_errors(
    tmp_path: Path, limits: Limits, data: Any, location: str, words: str
) -> None:
    path = model_file(tmp_path, data, ".json")
    with pytest.raises(ModelError) as caught:
        load_model(path, limits=limits)
    lines = caught.value.lines()
    assert any(words in line and str(path) in line and location in line for line in lines), lines


def test_limits_in_configuration_when_the_core_has_them(tmp_path: Path) -> None:
    """A ``[limits]`` table in maturity.toml, if the configuration schema knows one."""
    if "limits" not in schema("config").get("properties", {}):
        pytest.skip("maturity.toml has no [limits] table (yet)")
    (tmp_path / "maturity.toml").write_text("[limits]\nmax_roles = 1\n", encoding="utf-8")
    data = {**org(), "roles": [{"id": "a", "kind": "sales"}, {"id": "b", "kind": "product"}]}
    stderr = invalid(tmp_path, data)
    assert "the limit is 1" in stderr


@pytest.mark.parametrize("suffix", [".toml", ".json"])
@pytest.mark.parametrize(
    ("where", "value", "location"),
    [
        ("organization.name", "名" * (S.TEXT_MAX + 1), "organization.name"),
        ("organization.name", "", "organization.name"),
        ("roles[0].name", "x" * (S.TEXT_MAX + 1), "roles[0].name"),
        ("roles[0].okrs", ["o" * (S.OKR_MAX + 1)], "roles[0].okrs[0]"),
        ("flows[0].notes", "n" * (S.TEXT_MAX + 1), "flows[0].notes"),
        ("roles[0].id", "r" * 65, "roles[0].id"),
    ],
)
def test_string_length_limits(
    tmp_path: Path, suffix: str, where: str, value: Any, location: str
) -> None:
    data = {
        **org(),
        "roles": [{"id": "a", "kind": "sales"}, {"id": "b", "kind": "product"}],
        "flows": [{"from": "a", "to": "b", "kind": "bug_report"}],
    }
    table, _, key = where.rpartition(".")
    target: Any = data
    for part in table.replace("]", "").replace("[", ".").split("."):
        target = target[int(part)] if part.isdigit() else target[part]
    target[key] = value
    if key == "id":
        data["flows"] = []
    stderr = invalid(tmp_path, data, suffix)
    assert location in stderr


def _nested(depth: int) -> Any:
    value: Any = "deep"
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_nesting_deeper_than_the_limit(tmp_path: Path, suffix: str) -> None:
    depth = Limits().max_depth + 5
    stderr = invalid(tmp_path, {**org(notes=_nested(depth))}, suffix)
    assert f"nested deeper than {Limits().max_depth}" in stderr


def test_json_nested_beyond_the_parser(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    result = S.cli("validate", str(path))
    S.check_contract(result, path, allowed=(2,))
    assert "nested too deeply" in result.stderr


@pytest.mark.parametrize("opening", ["[", "{a="])
def test_toml_nested_beyond_the_parser(tmp_path: Path, opening: str) -> None:
    closing = {"[": "]", "{a=": "}"}[opening]
    path = tmp_path / "deep.toml"
    notes = f"{opening * 100_000}1{closing * 100_000}"
    path.write_text(f'[organization]\nname = "x"\nnotes = {notes}\n', encoding="utf-8")
    result = S.cli("validate", str(path))
    S.check_contract(result, path, allowed=(2,))
    assert "nested too deeply" in result.stderr


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_huge_integer(tmp_path: Path, suffix: str) -> None:
    digits = "9" * 5000
    path = tmp_path / f"big{suffix}"
    text = (
        f'[organization]\nname = "x"\narr = {digits}\n'
        if suffix == ".toml"
        else f'{{"organization": {{"name": "x", "arr": {digits}}}}}'
    )
    path.write_text(text, encoding="utf-8")
    result = S.cli("validate", str(path))
    S.check_contract(result, path, allowed=(2,))
    assert "4300 digits" in result.stderr


@pytest.mark.parametrize(
    ("suffix", "value"),
    [(".json", "NaN"), (".json", "Infinity"), (".toml", "nan"), (".toml", "inf"),
     (".toml", "1e400")],
)  # fmt: skip
def test_non_finite_amounts(tmp_path: Path, suffix: str, value: str) -> None:
    path = tmp_path / f"nan{suffix}"
    text = (
        f'[organization]\nname = "x"\narr = {value}\n'
        if suffix == ".toml"
        else f'{{"organization": {{"name": "x", "arr": {value}}}}}'
    )
    path.write_text(text, encoding="utf-8")
    for command in ("validate", "assess"):
        result = S.cli(command, str(path))
        S.check_contract(result, path, allowed=(2,))
        if suffix == ".toml":
            assert "organization.arr" in result.stderr and "finite" in result.stderr
        else:
            assert f"{value} is not a number JSON allows" in result.stderr


def test_finite_floats_are_fine(tmp_path: Path) -> None:
    path = model_file(tmp_path, org(arr=1e308, acv=0.0, headcount=0))
    result = S.cli("assess", str(path), "--format", "json")
    S.check_contract(result, path, allowed=(0,))
    assert not math.isinf(S.strict_json(result.stdout)["level"]["threshold"])


# ---------------------------------------------------------------- self-reference


def _roles(*specs: tuple[str, str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": rid, "kind": kind, **extra} for rid, kind, extra in specs]


@pytest.mark.parametrize("suffix", [".toml", ".json"])
@pytest.mark.parametrize(
    ("roles", "location", "words"),
    [
        (_roles(("a", "sales", {"parent": "a"})), "roles[0].parent", "parent cycle: a → a"),
        (_roles(("a", "sales", {"parent": "b"}), ("b", "cs_lead", {"parent": "a"})),
         "roles[0].parent", "parent cycle"),
        (_roles(("x", "ceo", {}), ("a", "sales", {"parent": "c"}), ("b", "sales", {"parent": "a"}),
                ("c", "sales", {"parent": "b"})), "roles[1].parent", "parent cycle"),
        (_roles(("t", "virtual_team", {"members": ["t"]})), "roles[0].members", "members cycle"),
        (_roles(("t", "virtual_team", {"members": ["u"]}), ("u", "virtual_team",
                                                            {"members": ["t"]})),
         "roles[0].members", "members cycle"),
        (_roles(("t", "virtual_team", {"members": ["s"], "parent": "s"}),
                ("s", "sales", {"parent": "t"})), "roles[0].parent", "parent cycle"),
    ],
    ids=["self-parent", "parent-2", "parent-3", "self-member", "members-2", "team-parent-mixed"],
)  # fmt: skip
def test_models_that_reference_themselves(
    tmp_path: Path, suffix: str, roles: list[dict[str, Any]], location: str, words: str
) -> None:
    for command in ("validate", "assess"):
        stderr = invalid(tmp_path, {**org(), "roles": roles}, suffix, command=command)
        assert any(location in line and words in line for line in stderr.split("\n")), stderr


def test_a_cycle_is_reported_once(tmp_path: Path) -> None:
    roles = _roles(("a", "sales", {"parent": "b"}), ("b", "sales", {"parent": "c"}),
                   ("c", "sales", {"parent": "a"}))  # fmt: skip
    stderr = invalid(tmp_path, {**org(), "roles": roles})
    assert stderr.count("parent cycle") == 1, stderr


_CHAIN_CHECK = """
import sys, time
from maturity.model import validate_data
kind, n = sys.argv[1], int(sys.argv[2])
link = "parent" if kind == "parent" else "members"
roles = []
for i in range(n):
    role = {"id": f"r{i}", "kind": "sales" if link == "parent" else "virtual_team"}
    if i:
        role[link] = f"r{i - 1}" if link == "parent" else [f"r{i - 1}"]
    roles.append(role)
validate_data({"organization": {"name": "x"}, "roles": roles})
"""


@pytest.mark.parametrize("link", ["parent", "members"])
def test_long_chains_validate_quickly(link: str) -> None:
    try:
        done = subprocess.run([sys.executable, "-c", _CHAIN_CHECK, link, "2000"],
                              capture_output=True, timeout=8, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"a {link} chain of 2000 roles took more than 8 s to validate")
    assert done.returncode == 0, done.stderr.decode()


# ---------------------------------------------------------------- empty graphs


EMPTY_MODELS = {
    "only organization": org(),
    "no roles, empty lists": {**org(), "roles": [], "flows": [], "practices": {}},
    "roles, no flows key": {**org(), "roles": [{"id": "a", "kind": "sales"}]},
    "roles, empty flows": {
        **org(),
        "roles": [{"id": "a", "kind": "sales"}, {"id": "p", "kind": "product"}],
        "flows": [],
    },
}


@pytest.mark.parametrize("suffix", [".toml", ".json"])
@pytest.mark.parametrize("name", sorted(EMPTY_MODELS))
def test_empty_graphs_assess_sensibly(tmp_path: Path, name: str, suffix: str) -> None:
    """No roles or no flows: every rule fails or is skipped (none errors), in every format."""
    path = model_file(tmp_path, EMPTY_MODELS[name], suffix)
    result = S.cli("assess", str(path), "--format", "json")
    S.check_contract(result, path, allowed=(0,))
    report = S.strict_json(result.stdout)
    statuses = {f["status"] for f in report["findings"]}
    assert statuses <= {"fail", "skipped", "pass"}, statuses
    assert report["level"]["achieved"] == "beginner"
    for fmt in FORMATS:
        S.check_contract(S.cli("assess", str(path), "--format", fmt), path, allowed=(0,))
    if "plan" in COMMANDS:
        for target in ("intermediate", "advanced"):
            result = S.cli("plan", str(path), "--target", target)
            S.check_contract(result, path, allowed=(0, 1))


@pytest.mark.parametrize("name", sorted(EMPTY_MODELS))
def test_empty_graphs_draw(tmp_path: Path, name: str) -> None:
    if "graph" not in COMMANDS:
        pytest.skip("no graph command")
    path = model_file(tmp_path, EMPTY_MODELS[name])
    for fmt in ("dot", "mermaid", "svg"):
        S.check_contract(S.cli("graph", str(path), "--format", fmt), path, allowed=(0,))


def test_html_and_svg_of_an_empty_graph(tmp_path: Path) -> None:
    """An SVG of no roles at all (the HTML report draws one when no fix proposes a role)."""
    if "graph" not in COMMANDS:
        pytest.skip("no graph command")
    path = model_file(tmp_path, org())
    result = S.cli("graph", str(path), "--format", "svg")
    S.check_contract(result, path, allowed=(0,))
    assert "<svg" in result.stdout


# ---------------------------------------------------------------- broken files


@pytest.mark.parametrize(
    ("name", "raw", "words"),
    [
        ("empty.toml", b"", "empty file"),
        ("blank.toml", b"  \n\t\n", "empty file"),
        ("bom.toml", b"\xef\xbb\xbf", "empty file"),
        ("nul.toml", b'[organization]\nname = "x\x00"\n', "binary"),
        ("latin1.toml", b'[organization]\nname = "caf\xe9"\n', "not UTF-8"),
        ("cut.json", b'{"organization": {"name": "x"', "invalid JSON"),
        ("array.json", b"[]", "top level"),
        ("null.json", b"null", "top level"),
        ("string.json", b'"organization"', "top level"),
        ("bad.toml", b"[organization\nname = 1\n", "invalid TOML"),
        ("dupkey.toml", b'[organization]\nname = "a"\nname = "b"\n', "invalid TOML"),
        ("model.yaml", b"organization: {name: x}\n", "unknown file type"),
        ("model", b'[organization]\nname = "x"\n', "unknown file type"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, raw: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    for command in ("validate", "assess"):
        result = S.cli(command, str(path))
        S.check_contract(result, path, allowed=(2,))
        assert words in result.stderr, result.stderr


def test_bom_before_a_valid_model_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b'\xef\xbb\xbf[organization]\nname = "x"\n')
    S.check_contract(S.cli("validate", str(path)), path, allowed=(0,))


def test_toml_syntax_error_has_a_line(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text('[organization]\nname = "x"\n\n[[roles]]\nid = \n', encoding="utf-8")
    result = S.cli("validate", str(path))
    S.check_contract(result, path, allowed=(2,))
    assert f"{path}:5:" in result.stderr


def test_json_syntax_error_has_a_line(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text('{\n  "organization": {\n    "name": "x",\n  }\n}\n', encoding="utf-8")
    result = S.cli("validate", str(path))
    S.check_contract(result, path, allowed=(2,))
    assert f"{path}:4:" in result.stderr


def test_json_duplicate_keys(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text('{"organization": {"name": "a", "name": "b"}}', encoding="utf-8")
    result = S.cli("validate", str(path))
    S.check_contract(result, path, allowed=(2,))
    assert "'name' is given twice" in result.stderr


def test_paths_that_are_not_model_files(tmp_path: Path) -> None:
    folder = tmp_path / "dir.toml"
    folder.mkdir()
    missing = tmp_path / "missing.toml"
    for path, words in ((missing, "no such file"), (folder, "directory")):
        result = S.cli("validate", str(path))
        S.check_contract(result, path, allowed=(2,))
        assert words in result.stderr


def test_every_model_of_several_is_checked(tmp_path: Path) -> None:
    good = model_file(tmp_path, org(), name="good")
    bad = model_file(tmp_path, {**org(), "roles": [{"id": "a", "kind": "wizard"}]}, name="bad")
    result = S.cli("validate", str(bad), str(good))
    S.check_contract(result, bad, allowed=(2,))
    assert f"{good}: ok" in result.output
    assert "roles[0].kind" in result.stderr


def test_size_limit_holds_for_a_pipe(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    payload = b'[organization]\nname = "x"\n' + b"#" * 100_000 + b"\n"

    def feed() -> None:
        with contextlib.suppress(BrokenPipeError), fifo.open("wb") as handle:
            handle.write(payload)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        with pytest.raises(ModelError):
            load_model(fifo, limits=Limits(max_bytes=1000))
    finally:
        with contextlib.suppress(OSError):  # unblock the writer if the reader never opened
            os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
        writer.join(timeout=5)


def _portfolio(tmp: Path) -> Path:
    folder = tmp / "clients"
    folder.mkdir()
    (folder / "a_good.toml").write_bytes(BEGINNER.read_bytes())
    (folder / "b_junk.toml").write_text("junk", encoding="utf-8")
    (folder / "c_binary.json").write_bytes(b"\xff\xfe\x00")
    model_file(folder, {**org(), "roles": [{"id": "a", "kind": "wizard"}]}, ".json", "d_bad")
    model_file(folder, org(), ".toml", "e_good")
    (folder / "notes.txt").write_text("not a model", encoding="utf-8")
    return folder


def test_a_folder_with_bad_models(tmp_path: Path) -> None:
    """A folder of models: the bad ones are named (exit 2 at the end), the good ones are
    still assessed and written, and the result does not depend on --jobs."""
    folder = _portfolio(tmp_path)
    outputs = []
    for jobs in ("1", "2"):
        result = S.cli("assess", str(folder), "--format", "json", "--jobs", jobs)
        S.check_contract(result, folder / "b_junk.toml", allowed=(2,))
        for bad in ("b_junk.toml", "c_binary.json", "d_bad.json"):
            assert str(folder / bad) in result.stderr, result.stderr
        assert "roles[0].kind" in result.stderr
        assert "notes.txt" not in result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1], "the portfolio depends on --jobs"
    document = S.strict_json(outputs[0])
    assert "a_good" in json.dumps(document) and "e_good" in json.dumps(document)
    out = tmp_path / "reports"
    out.mkdir()
    result = S.cli("assess", str(folder), "--format", "markdown", "-o", str(out), "--jobs", "1")
    S.check_contract(result, folder / "b_junk.toml", allowed=(2,))
    assert sorted(p.name for p in out.iterdir()) == ["a_good.md", "e_good.md"]


# ---------------------------------------------------------------- bad options


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--format", "pdf"], "unknown format 'pdf'"),
        (["--lang", "fr"], "--lang"),
        (["--fail-under", "expert"], "--fail-under"),
        (["--param", "nonsense"], "NAME=VALUE"),
        (["--param", "no_such_param=1"], "unknown parameter 'no_such_param'"),
        (["--pack", "no_such_pack"], "unknown pack 'no_such_pack'"),
        (["--rule-timeout", "-1"], "--rule-timeout"),
        (["--config", "/nonexistent/maturity.toml"], "no such file"),
        (["--no-such-option"], "No such option"),
    ],
)
def test_bad_options_are_usage_errors(args: list[str], words: str) -> None:
    result = S.cli("assess", str(BEGINNER), *args)
    S.check_contract(result, None, allowed=(2,))
    assert words in result.stderr, result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("garbage = = 1\n", "invalid TOML"),
        ("[rules]\nselect = [1]\n", "rules.select"),
        ("[rules]\nselect = ['NOPE-1']\n", "unknown rule id or prefix 'NOPE-1'"),
        ("[bogus]\n", "bogus"),
        ("[[waivers]]\nrule = 'COL-I2'\n", "waivers"),
    ],
)
def test_bad_configuration_names_the_file(tmp_path: Path, text: str, words: str) -> None:
    config = tmp_path / "maturity.toml"
    config.write_text(text, encoding="utf-8")
    path = model_file(tmp_path, org())
    result = S.cli("assess", str(path))
    S.check_contract(result, config, allowed=(2,))
    assert words in result.stderr, result.stderr


@pytest.mark.parametrize(
    "param",
    ["level_threshold=abc", "level_threshold=[1]", "level_threshold=nan",
     "max_feedback_hops=abc", "small_company_arr=abc"],
)  # fmt: skip
def test_param_of_the_wrong_type_is_a_usage_error(param: str) -> None:
    result = S.cli("assess", str(BEGINNER), "--format", "json", "--param", param)
    S.check_contract(result, None, allowed=(2,))
    assert f"parameter {param.split('=')[0]}: expected a" in result.stderr
    assert result.stdout == ""


def test_config_param_of_the_wrong_type_is_an_error(tmp_path: Path) -> None:
    config = tmp_path / "maturity.toml"
    config.write_text('[params]\nlevel_threshold = "abc"\n', encoding="utf-8")
    path = model_file(tmp_path, org())
    result = S.cli("assess", str(path))
    S.check_contract(result, config, allowed=(2,))
    assert "params.level_threshold: parameter level_threshold: expected a number" in result.stderr


# ---------------------------------------------------------------- rule packs


@pytest.mark.parametrize("combinator", ["all", "any"])
@pytest.mark.parametrize("name", ["value_metrics", "issue_tracker"])
def test_list_or_table_practice_inside_all_or_any(combinator: str, name: str) -> None:
    from maturity.rules.packs import load_pack
    from maturity.testing import run_rule

    texts = dict.fromkeys(("title", "summary", "rationale", "recommendation", "fail"), "t")
    leaf = {"practice": {"name": name, "op": "exists"}}
    pack = load_pack(
        {"pack": {"id": "p", "version": "1.0"},
         "rules": [{"id": "ZZ-1", "stage": "refine", "en": texts, "match": {combinator: [leaf]}}]},
        "p.toml",
    )  # fmt: skip
    value = ["revenue"] if name == "value_metrics" else {"links_customers": True}
    finding = run_rule(pack.rules[0], {**org(), "practices": {name: value}})
    assert finding.status == "pass", finding.error


def test_pack_file_problems_name_the_file(tmp_path: Path) -> None:
    cases = {
        "not-toml.toml": "[pack\n",
        "not-utf8.toml": b"[pack]\nid = '\xff'\n",
        "empty.toml": "",
    }
    for name, content in cases.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        result = S.cli("rules", "test", str(path))
        S.check_contract(result, path, allowed=(2,))


# ---------------------------------------------------------------- files written


OLD = "an old report that must survive\n"


@contextlib.contextmanager
def user_reporter(render: Callable[[Any, str], str]) -> Iterator[None]:
    """A report format called ``crash`` from a plugin, with this ``render``."""
    from maturity.report import Reporter

    def maturity_register_reporters(register: Any) -> None:
        register(Reporter("crash", render, ".txt", "a reporter that fails"))

    with S.as_builtin(
        "tests_bad_input_reporter", maturity_register_reporters=maturity_register_reporters
    ):
        yield


def _crash(report: Any, lang: str) -> str:
    raise RuntimeError("the renderer crashed")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize(
    ("case", "args"),
    [
        ("bad model", ["{bad}"]),
        ("unknown format", ["{good}", "--format", "pdf"]),
        ("bad option", ["{good}", "--lang", "fr"]),
        ("unknown param", ["{good}", "--param", "nope=1"]),
        ("missing model", ["{missing}"]),
        ("one bad of two", ["{good}", "{bad}"]),
    ],
)
def test_a_failed_run_keeps_the_existing_report(tmp_path: Path, case: str, args: list[str]) -> None:
    good = model_file(tmp_path, org(), name="good")
    bad = model_file(tmp_path, {**org(), "roles": [{"id": "a", "kind": "wizard"}]}, name="bad")
    names = {"{good}": str(good), "{bad}": str(bad), "{missing}": str(tmp_path / "no.toml")}
    report = tmp_path / "report.json"
    report.write_text(OLD, encoding="utf-8")
    result = S.cli("assess", *[names.get(a, a) for a in args], "-o", str(report))
    S.check_contract(result, None, allowed=(2,))
    assert report.read_text(encoding="utf-8") == OLD
    assert not _leftovers(tmp_path)


def test_a_crashing_renderer_keeps_the_existing_report(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(OLD, encoding="utf-8")
    with user_reporter(_crash):
        result = S.cli("assess", str(BEGINNER), "--format", "crash", "-o", str(report))
    assert result.exit_code != 0
    assert report.read_text(encoding="utf-8") == OLD
    assert not _leftovers(tmp_path)


def test_a_crashing_plugin_renderer_is_a_plugin_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A third-party report format that raises is that plugin's error (exit 3, naming it),
    not an internal error; the existing report is kept."""
    from click.testing import CliRunner

    from maturity.cli import cli
    from tests.fakeplugins import install_plugin

    code = """
        from maturity import hookimpl
        from maturity.report import Reporter

        def render(report, lang):
            raise RuntimeError("the renderer crashed")

        @hookimpl
        def maturity_register_reporters(register):
            register(Reporter("crashy", render, ".txt", "a reporter that fails"))
    """
    install_plugin(monkeypatch, tmp_path / "crashy", "crashy-maturity", "crashy_plugin", code)
    monkeypatch.delenv("MATURITY_NO_PLUGINS", raising=False)
    report = tmp_path / "report.txt"
    report.write_text(OLD, encoding="utf-8")
    env = {"MATURITY_PLUGINS": "crashy-maturity", "MATURITY_DEBUG": ""}
    args = ["assess", str(BEGINNER), "--format", "crashy", "-o", str(report)]
    result = CliRunner().invoke(cli, args, env=env)
    S.check_contract(result, None, allowed=(3,))
    assert "crashy" in result.stderr
    assert report.read_text(encoding="utf-8") == OLD


def test_a_failed_write_keeps_the_existing_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up in the middle of writing: the old report stays, no temp file."""
    import maturity.output

    report = tmp_path / "report.json"
    report.write_text(OLD, encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(maturity.output.os, "fsync", full)
    result = S.cli("assess", str(BEGINNER), "--format", "json", "-o", str(report))
    S.check_contract(result, report, allowed=(2,))
    assert "No space left on device" in result.stderr
    assert report.read_text(encoding="utf-8") == OLD
    assert not _leftovers(tmp_path)


def test_reports_are_written_by_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Atomic: the whole new report goes to a temporary file in the same folder, then a
    rename replaces the old one; a reader sees the old report or the new, never half."""
    import maturity.output

    report = tmp_path / "report.json"
    report.write_text(OLD, encoding="utf-8")
    seen: list[tuple[Path, Path, str, str]] = []
    real_replace = os.replace

    def spy(source: Any, target: Any) -> None:
        source, target = Path(source), Path(target)
        seen.append((source, target, target.read_text(encoding="utf-8"),
                     source.read_text(encoding="utf-8")))  # fmt: skip
        real_replace(source, target)

    monkeypatch.setattr(maturity.output.os, "replace", spy)
    result = S.cli("assess", str(BEGINNER), "--format", "json", "-o", str(report))
    S.check_contract(result, report, allowed=(0,))
    assert len(seen) == 1
    source, target, before, written = seen[0]
    assert target == report and source.parent == report.parent and source != report
    assert before == OLD, "the report was changed before the rename"
    assert json.loads(written) == json.loads(report.read_text(encoding="utf-8"))
    assert not _leftovers(tmp_path)


def test_a_new_report_gets_ordinary_permissions(tmp_path: Path) -> None:
    report = tmp_path / "new.json"
    result = S.cli("assess", str(BEGINNER), "--format", "json", "-o", str(report))
    S.check_contract(result, report, allowed=(0,))
    mode = stat.S_IMODE(report.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


def _writers(tmp: Path) -> list[tuple[str, list[str]]]:
    """Every command that writes a file, with its option for the path."""
    out = [("assess -o", ["assess", str(BEGINNER), "--format", "json", "-o"])]
    if "plan" in COMMANDS:
        out.append(("plan -o", ["plan", str(BEGINNER), "--target", "intermediate", "-o"]))
        plan = ["plan", str(BEGINNER), "--target", "intermediate"]
        out.append(("plan --write-model", [*plan, "--write-model"]))
    if "graph" in COMMANDS:
        out.append(("graph -o", ["graph", str(BEGINNER), "--format", "dot", "-o"]))
    return out


@pytest.mark.parametrize("target", ["missing folder", "a folder", "under a file", "empty"])
def test_unwritable_output_paths_are_clear_errors(tmp_path: Path, target: str) -> None:
    afile = tmp_path / "afile.txt"
    afile.write_text("keep me\n", encoding="utf-8")
    paths = {
        "missing folder": tmp_path / "no" / "such" / "out.json",
        "a folder": tmp_path,
        "under a file": afile / "out.json",
        "empty": Path(""),
    }
    path = paths[target]
    for label, args in _writers(tmp_path):
        result = S.cli(*args, str(path))
        S.check_contract(result, None, allowed=(2,))
        assert S.error_lines(result), f"{label}: no error message"
        assert str(path) in result.stderr or target == "empty", f"{label}: {result.stderr}"
    assert afile.read_text(encoding="utf-8") == "keep me\n"
    assert not _leftovers(tmp_path)


def test_read_only_folder(tmp_path: Path) -> None:
    """A folder the user may not write in. As root chmod does not stop writes, so /proc
    (where no file can be created) stands in for it."""
    if ROOT_USER:
        folder = Path("/proc")
        if not folder.is_dir():
            pytest.skip("running as root and no /proc to stand in for a read-only folder")
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o500)
    try:
        for label, args in _writers(tmp_path):
            path = folder / "out.json"
            result = S.cli(*args, str(path))
            S.check_contract(result, None, allowed=(2,))
            assert str(path) in result.stderr, f"{label}: {result.stderr}"
            assert not path.exists()
    finally:
        if not ROOT_USER:
            folder.chmod(0o700)


def test_several_models_need_an_output_folder(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text(OLD, encoding="utf-8")
    result = S.cli("assess", str(BEGINNER), str(BEGINNER), "-o", str(report))
    S.check_contract(result, report, allowed=(2,))
    assert report.read_text(encoding="utf-8") == OLD


def test_init_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "organization.toml"
    path.write_text(OLD, encoding="utf-8")
    result = S.cli("init", str(path))
    S.check_contract(result, path, allowed=(2,))
    assert path.read_text(encoding="utf-8") == OLD


def test_report_never_replaces_its_own_model(tmp_path: Path) -> None:
    path = model_file(tmp_path, org())
    before = path.read_bytes()
    result = S.cli("assess", str(path), "--format", "json", "-o", str(path))
    assert path.read_bytes() == before
    S.check_contract(result, path, allowed=(2,))
    if "plan" in COMMANDS:
        for option in ("-o", "--write-model"):
            result = S.cli("plan", str(path), "--target", "intermediate", option, str(path))
            assert path.read_bytes() == before
            S.check_contract(result, path, allowed=(2,))
            assert "is one of the files being read" in result.stderr


def test_written_target_model_round_trips(tmp_path: Path) -> None:
    if "plan" not in COMMANDS:
        pytest.skip("no plan command")
    role = {"id": "s", "kind": "sales", "name": '销售 "引号" \n 换行', "okrs": ["a\tb"]}
    source = model_file(tmp_path, {**org(name='名 | <x> "q" \\ \x1b'), "roles": [role]})
    written = tmp_path / "target.toml"
    result = S.cli("plan", str(source), "--target", "intermediate", "--write-model", str(written))
    S.check_contract(result, source, allowed=(0, 1))
    data = tomllib.loads(written.read_text(encoding="utf-8"))
    assert data["organization"]["name"] == '名 | <x> "q" \\ \x1b'
    assert data["roles"][0]["name"] == '销售 "引号" \n 换行'
    validate_data(data)


# ---------------------------------------------------------------- the documentation

DOC = S.ROOT / "docs" / "bad-input.md"
MINE = (
    "test_bad_input",
    "test_properties",
    "test_hostile",
    "test_bad_values",
    "test_outputs",
    "test_properties_faults",
    "test_large_reports",
)


def _bug_tests() -> set[str]:
    """``tests/<module>.py::<test>`` of every test marked xfail with a "BUG:" reason."""
    import importlib

    found = set()
    for name in MINE:
        module = importlib.import_module(f"tests.{name}")
        for attr, value in vars(module).items():
            marks = getattr(value, "pytestmark", [])
            if attr.startswith("test_") and any(
                m.name == "xfail" and str(m.kwargs.get("reason", "")).startswith("BUG:")
                for m in marks
            ):
                found.add(f"tests/{name}.py::{attr}")
    return found


def test_docs_bad_input_is_current() -> None:
    """Every test docs/bad-input.md names exists; every known bug (xfail "BUG:") is listed
    under "Known bugs"; and every test of these modules is named somewhere."""
    import importlib
    import re

    text = DOC.read_text(encoding="utf-8")
    named = set(re.findall(r"tests/(test_\w+)\.py::(test_\w+)", text))
    assert named, "docs/bad-input.md names no tests"
    missing = []
    for module_name, function in sorted(named):
        module = importlib.import_module(f"tests.{module_name}")
        if not callable(getattr(module, function, None)):
            missing.append(f"tests/{module_name}.py::{function}")
    assert not missing, f"docs/bad-input.md names tests that do not exist: {missing}"
    known = text.split("## Known bugs", 1)[1]
    unlisted = sorted(t for t in _bug_tests() if t not in known)
    assert not unlisted, f"known bugs missing from docs/bad-input.md: {unlisted}"
    everything = {
        f"tests/{name}.py::{attr}"
        for name in MINE
        for attr in vars(importlib.import_module(f"tests.{name}"))
        if attr.startswith("test_")
    }
    undocumented = sorted(t for t in everything if t not in text)
    assert not undocumented, f"tests not in docs/bad-input.md: {undocumented}"
