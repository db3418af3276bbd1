"""Property tests for the second round of faults: lone surrogates in any string, line
breaks after patterned strings, special files in a folder, output paths that overlap
inputs or each other, and extreme option values. The contract is the one of
tests/test_properties.py: exit 2 with a located message, nothing lost, never exit 4.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, note
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests import strategies as S
from tests.test_properties import LONG, examples, folder

BEGINNER = S.ROOT / "examples" / "beginner.toml"
COMMANDS = ("validate", "assess", "graph", "plan")


@pytest.fixture(scope="module", autouse=True)
def _fast_packs() -> Iterator[None]:
    with S.packs_cached():
        yield


def _json(data: object) -> str:
    """JSON as a file holds it: a lone surrogate written as its escape (\\ud800)."""
    return json.dumps(data, ensure_ascii=True)


@examples(30)
@given(fault=S.surrogate_models(), command=st.sampled_from(COMMANDS))
def test_lone_surrogate_anywhere_is_exit_2_at_its_place(fault: S.Faulty, command: str) -> None:
    with folder() as tmp:
        path = tmp / "m.json"
        path.write_text(_json(fault.data), encoding="ascii")
        result = S.run_command(command, path)
        note(result.output)
        S.check_contract(result, path, allowed=(2,))
        assert f"{fault.location}: " in result.stderr and "lone surrogate" in result.stderr
        assert not result.stdout


@examples(30)
@given(fault=S.trailing_newline_models(), suffix=st.sampled_from([".toml", ".json"]))
def test_a_line_break_after_a_patterned_string_is_exit_2(fault: S.Faulty, suffix: str) -> None:
    with folder() as tmp:
        path = S.write_model(tmp, fault.data, suffix)
        result = S.cli("validate", str(path))
        note(result.output)
        S.check_contract(result, path, allowed=(2,))
        assert fault.location in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@examples(15)
@given(kinds=S.special_folders(), jobs=st.sampled_from(["1", "2"]))
def test_special_files_in_a_folder_are_named_and_the_rest_assessed(
    kinds: list[str], jobs: str
) -> None:
    with folder() as tmp:
        (tmp / "good.toml").write_bytes(BEGINNER.read_bytes())
        entries = {kind: S.make_entry(tmp, kind, i) for i, kind in enumerate(kinds)}
        result = S.cli("assess", str(tmp), "-j", jobs)
        note(result.output)
        reported = [k for k in kinds if S.SPECIAL_ENTRIES[k]]
        S.check_contract(result, None, allowed=(2,) if reported else (0, 1))
        for kind, path in entries.items():
            assert (str(path) in result.stderr) == S.SPECIAL_ENTRIES[kind], kind
        if reported:  # one model alone gets no summary
            assert f"{1 + len(reported)} models: 1 assessed" in result.stdout


def _overlap(tmp: Path, how: str) -> tuple[list[str], list[Path]]:
    """The command for overlap ``how``, and the files it must leave unchanged."""
    model = tmp / "m.toml"
    model.write_bytes(BEGINNER.read_bytes())
    assess = ["assess", str(model), "-f", "json", "-o"]
    plan = ["plan", str(model), "-t", "intermediate"]
    if how == "the model":
        return [*assess, str(model)], [model]
    if how == "a link to the model":
        (tmp / "l.toml").symlink_to(model)
        return [*assess, str(tmp / "l.toml")], [model]
    if how == "a hard link to the model":
        os.link(model, tmp / "h.toml")
        return ["graph", str(model), "-o", str(tmp / "h.toml")], [model]
    if how == "the model through ..":
        (tmp / "sub").mkdir()
        return [*plan, "--write-model", str(tmp / "sub" / ".." / "m.toml")], [model]
    if how == "the configuration":
        (tmp / "maturity.toml").write_text("[rules]\nignore = []\n", encoding="utf-8")
        return [*assess, str(tmp / "maturity.toml")], [model, tmp / "maturity.toml"]
    if how == "plan -o = --write-model":
        return [*plan, "-o", str(tmp / "x.toml"), "--write-model", str(tmp / "x.toml")], [model]
    (tmp / "a").mkdir()
    (tmp / "b").mkdir()
    (tmp / "out").mkdir()
    for name in ("a", "b"):
        (tmp / name / "m.toml").write_bytes(BEGINNER.read_bytes())
    command = ["assess", str(tmp / "a" / "m.toml"), str(tmp / "b" / "m.toml"), "-f", "json"]
    return [*command, "-o", str(tmp / "out")], [model]


@examples(20)
@given(how=S.overlapping_outputs())
def test_overlapping_outputs_are_refused_and_nothing_is_lost(how: str) -> None:
    with folder() as tmp:
        command, kept = _overlap(tmp, how)
        before = {p: p.read_bytes() for p in kept}
        listing = sorted(p.name for p in tmp.rglob("*"))
        result = S.cli(*command)
        note(result.output)
        S.check_contract(result, None, allowed=(2,))
        assert S.error_lines(result)
        assert {p: p.read_bytes() for p in kept} == before
        assert sorted(p.name for p in tmp.rglob("*")) == listing, "a file was written"


OPTIONS = ["--rule-timeout", "hops", "threshold", "stage target"]
#: Plans are slow on a loaded machine: no per-example deadline (the watchdog still holds).
SLOW = hsettings(deadline=None) if LONG else hsettings(max_examples=40, deadline=None)


@SLOW
@given(value=S.extreme_numbers(), option=st.sampled_from(OPTIONS))
def test_extreme_option_values_are_in_range_or_usage_errors(value: str, option: str) -> None:
    args = ["assess", str(BEGINNER), "-f", "json"]
    if option == "--rule-timeout":
        args += ["--rule-timeout", value]
    elif option == "stage target":
        args = ["plan", str(BEGINNER), "--format", "json", "--target", f"quantify={value}"]
    else:
        name = "max_feedback_hops" if option == "hops" else "level_threshold"
        args += ["--param", f"{name}={value}"]
    result = S.cli(*args)
    note(result.output)
    S.check_contract(result, None, allowed=(0, 1, 2, 3))
    if result.exit_code == 2:
        assert "Error:" in result.stderr or S.error_lines(result)
        assert not result.stdout
        return
    document = json.loads(result.stdout)
    if result.exit_code == 3:  # a limit of a few microseconds: the rules overran it, said so
        assert option == "--rule-timeout" and float(value) < 1
        assert all("time limit" in f["error"] for f in document["findings"] if f.get("error"))
    elif option != "stage target":
        assert not document["errors"], document["errors"]
        assert all(f["status"] != "error" for f in document["findings"])
