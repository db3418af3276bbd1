"""Property-based tests: whatever the input, the tool never crashes, never lies, never hangs.

Generated organization models (valid, broken in one known place, broken in many,
junk, random bytes, truncated examples) and rule packs (valid and broken) go
through ``validate``, ``assess`` (every registered format), ``plan`` and
``rules test``. The contract (:func:`tests.strategies.check_contract`): exit 0,
1 or 3 as appropriate, or exit 2 with ``error:`` lines that name the file and
the location; never exit 4, never a traceback, never a hang (a per-example
deadline, and a watchdog that kills a hung run).

Profiles (tests/conftest.py): "ci" by default, ``HYPOTHESIS_PROFILE=long`` for
the long run described in docs/bad-input.md. Determinism (same bytes whatever
the key order or PYTHONHASHSEED) is tested here too.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, note
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from maturity.resources import schema
from tests import strategies as S

FORMATS = S.reporter_names()
COMMANDS = S.command_names()
LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
#: Truncated examples are cut every STRIDE bytes (the long run cuts far more often).
STRIDE = 61 if LONG else 1009
SUFFIXES = st.sampled_from([".toml", ".json"])


def examples(count: int) -> Any:
    """At most ``count`` examples in the "ci" profile (slow tests); the profile's in "long"."""
    if LONG:
        return lambda test: test
    return hsettings(max_examples=count)


@pytest.fixture(scope="module", autouse=True)
def _fast_packs() -> Iterator[None]:
    with S.packs_cached():
        yield


@contextlib.contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="maturity-prop-") as name:
        yield Path(name)


def _report_validator() -> Any:
    document = schema("report")
    cls = jsonschema.validators.validator_for(document)
    return cls(document)


REPORT_SCHEMA = _report_validator()


def _check_report(fmt: str, text: str) -> None:
    assert text, f"empty {fmt} report"
    if fmt == "json":
        REPORT_SCHEMA.validate(S.strict_json(text))
    elif fmt == "html":
        assert text.lstrip().lower().startswith("<!doctype html")
        assert text.rstrip().lower().endswith("</html>")


# ---------------------------------------------------------------- valid models


@examples(25)
@given(model=S.valid_models(), suffix=SUFFIXES, fmt=st.sampled_from(FORMATS),
       lang=st.sampled_from(["en", "zh"]))  # fmt: skip
def test_valid_models_validate_and_assess(model: dict, suffix: str, fmt: str, lang: str) -> None:
    """A valid model validates, and assesses (exit 0) in every format, in both languages."""
    with folder() as tmp:
        path = S.write_model(tmp, model, suffix)
        result = S.cli("validate", str(path))
        S.check_contract(result, path, allowed=(0,))
        assert f"{path}: ok" in result.output
        result = S.cli("assess", str(path), "--format", fmt, "--lang", lang)
        S.check_contract(result, path, allowed=(0,))
        _check_report(fmt, result.stdout)


@examples(12)
@given(model=S.valid_models(), fail_under=st.sampled_from(["beginner", "intermediate",
                                                           "advanced"]))  # fmt: skip
def test_fail_under_is_exit_1_or_0_never_else(model: dict, fail_under: str) -> None:
    with folder() as tmp:
        path = S.write_model(tmp, model, ".toml")
        result = S.cli("assess", str(path), "--format", "json", "--fail-under", fail_under)
        S.check_contract(result, path, allowed=(0, 1))
        report = S.strict_json(result.stdout)
        order = ["beginner", "intermediate", "advanced"]
        below = order.index(report["level"]["achieved"]) < order.index(fail_under)
        assert result.exit_code == (1 if below else 0)


@examples(12)
@pytest.mark.skipif("plan" not in COMMANDS, reason="no plan command")
@given(model=S.valid_models(max_roles=6, max_flows=8),
       target=st.sampled_from(["intermediate", "advanced"]))  # fmt: skip
def test_plan_never_crashes_and_writes_a_model_that_loads(model: dict, target: str) -> None:
    """plan exits 0 (reached) or 1 (not reached); the target model it writes is valid."""
    with folder() as tmp:
        path = S.write_model(tmp, model, ".toml")
        written = tmp / "target.toml"
        result = S.cli("plan", str(path), "--target", target, "--format", "json",
                       "--write-model", str(written))  # fmt: skip
        S.check_contract(result, path, allowed=(0, 1))
        plan = S.strict_json(result.stdout)
        assert isinstance(plan, dict)
        again = S.cli("validate", str(written))
        S.check_contract(again, written, allowed=(0,))


# ---------------------------------------------------------------- broken models


def _commands() -> list[tuple[str, ...]]:
    out = [("validate",), ("assess", "--format", "json")]
    if "plan" in COMMANDS:
        out.append(("plan", "--target", "intermediate"))
    if "graph" in COMMANDS:
        out.append(("graph",))
    return out


@given(broken=S.broken_models(), suffix=SUFFIXES, command=st.sampled_from(_commands()))
def test_broken_model_is_exit_2_naming_file_and_location(
    broken: S.Broken, suffix: str, command: tuple[str, ...]
) -> None:
    """One thing wrong: exit 2, nothing on stdout, and a message with the file and where."""
    note(f"broken: {broken.what}")
    with folder() as tmp:
        path = S.write_model(tmp, broken.data, suffix)
        result = S.cli(command[0], str(path), *command[1:])
        S.check_contract(result, path, allowed=(2,))
        if command[0] != "validate":
            assert result.stdout == "", "a report was written for an invalid model"
        lines = S.error_lines(result)
        shown = (broken.location, S.escaped(broken.location))
        relevant = [line for line in lines if any(where in line for where in shown)]
        assert relevant, f"{broken.location!r} not named in:\n{result.stderr}"
        if broken.word:
            assert any(broken.word.lower() in line.lower() for line in relevant), result.stderr


@given(data=S.multiply_broken_models(), suffix=SUFFIXES)
def test_several_problems_are_reported_at_once(data: Any, suffix: str) -> None:
    with folder() as tmp:
        path = S.write_model(tmp, data, suffix)
        result = S.cli("validate", str(path))
        S.check_contract(result, path, allowed=(2,))
        for line in S.error_lines(result):
            assert line.startswith(f"error: {path}"), line


@examples(30)
@given(data=S.junk_models(), suffix=SUFFIXES, fmt=st.sampled_from(FORMATS))
def test_junk_never_crashes(data: Any, suffix: str, fmt: str) -> None:
    with folder() as tmp:
        path = S.write_model(tmp, data, suffix)
        for args in (("validate",), ("assess", "--format", fmt)):
            result = S.cli(args[0], str(path), *args[1:])
            S.check_contract(result, path, allowed=(0, 2))


@given(raw=st.binary(max_size=400), suffix=SUFFIXES)
def test_random_bytes_never_crash(raw: bytes, suffix: str) -> None:
    with folder() as tmp:
        path = tmp / f"model{suffix}"
        path.write_bytes(raw)
        result = S.cli("assess", str(path), "--format", "json")
        S.check_contract(result, path, allowed=(0, 2))


def _example_bytes(example: Path, suffix: str) -> bytes:
    if suffix == ".toml":
        return example.read_bytes()
    data = tomllib.loads(example.read_text(encoding="utf-8"))
    return S.to_json(data).encode("utf-8")


@pytest.mark.parametrize("suffix", [".toml", ".json"])
@pytest.mark.parametrize("example", S.EXAMPLES, ids=lambda p: p.stem)
def test_truncated_examples(example: Path, suffix: str) -> None:
    """Every prefix of a shipped example (one cut every STRIDE bytes) is handled."""
    raw = _example_bytes(example, suffix)
    failures = []
    with folder() as tmp:
        path = tmp / f"cut{suffix}"
        for cut in range(0, len(raw), STRIDE):
            path.write_bytes(raw[:cut])
            result = S.cli("validate", str(path))
            try:
                S.check_contract(result, path, allowed=(0, 2))
                if result.exit_code == 0:
                    S.check_contract(S.cli("assess", str(path), "--format", "json"), path,
                                     allowed=(0,))  # fmt: skip
            except AssertionError as exc:
                failures.append(f"cut at {cut}: {exc}")
    assert not failures, "\n".join(failures[:5])


@given(example=st.sampled_from(S.EXAMPLES), suffix=SUFFIXES, data=st.data())
def test_damaged_examples(example: Path, suffix: str, data: st.DataObject) -> None:
    """An example cut anywhere, with a few bytes overwritten: never a crash."""
    raw = bytearray(_example_bytes(example, suffix))
    cut = data.draw(st.integers(0, len(raw)), label="cut")
    raw = raw[:cut]
    for _ in range(data.draw(st.integers(0, 3), label="flips")):
        if raw:
            where = data.draw(st.integers(0, len(raw) - 1), label="where")
            raw[where] = data.draw(st.integers(0, 255), label="byte")
    with folder() as tmp:
        path = tmp / f"damaged{suffix}"
        path.write_bytes(bytes(raw))
        S.check_contract(S.cli("assess", str(path), "--format", "json"), path, allowed=(0, 2))


# ---------------------------------------------------------------- rule packs


def _pack_file(tmp: Path, pack: Any) -> Path:
    path = tmp / "pack.toml"
    path.write_text(S.to_toml(pack), encoding="utf-8")
    return path


@examples(20)
@given(pack=S.valid_packs())
def test_valid_pack_tests_run(pack: dict) -> None:
    """`rules test` on a valid pack: exit 0 or 1 (expectations are random), never an error."""
    with folder() as tmp:
        path = _pack_file(tmp, pack)
        result = S.cli("rules", "test", str(path))
        S.check_contract(result, path, allowed=(0, 1))
        assert "got error" not in result.output, result.output


@examples(20)
@given(pack=S.valid_packs(), model=S.valid_models(), fmt=st.sampled_from(FORMATS))
def test_valid_pack_assesses_any_valid_model(pack: dict, model: dict, fmt: str) -> None:
    """A valid user pack over a valid model: a report in every format, no rule errors."""
    pack["pack"]["id"] = "zz_" + pack["pack"]["id"][:20]
    with folder() as tmp:
        pack_path = _pack_file(tmp, pack)
        path = S.write_model(tmp, model, ".json")
        with S.user_packs(pack_path):
            result = S.cli("assess", str(path), "--pack", pack["pack"]["id"], "--format", fmt)
        S.check_contract(result, path, allowed=(0,))
        _check_report(fmt, result.stdout)


@examples(25)
@given(broken=S.broken_packs())
def test_broken_pack_is_exit_2_naming_file_and_rule(broken: S.BrokenPack) -> None:
    note(f"broken pack: {broken.what}")
    with folder() as tmp:
        path = _pack_file(tmp, broken.data)
        result = S.cli("rules", "test", str(path))
        S.check_contract(result, path, allowed=(2,))
        for text in broken.must:
            assert text in result.stderr, f"{text!r} not named:\n{result.stderr}"


@examples(15)
@given(broken=S.broken_packs())
def test_broken_pack_from_a_plugin_is_reported_not_run(broken: S.BrokenPack) -> None:
    """Loaded with the run (as a plugin's pack): the run goes on, the problem is reported,
    exit 3 (a plugin errored) — or 0 with a notice for a pack for a newer engine."""
    note(f"broken pack: {broken.what}")
    with folder() as tmp:
        path = _pack_file(tmp, broken.data)
        model = S.EXAMPLES[0]
        with S.user_packs(path):
            result = S.cli("assess", str(model), "--format", "json")
        S.check_contract(result, model, allowed=(0, 3))
        report = S.strict_json(result.stdout)
        said = json.dumps(report["errors"] + report["notices"], ensure_ascii=False)
        assert str(path) in said, said


@given(data=S.junk(), suffix=st.just(".toml"))
def test_junk_pack_never_crashes(data: Any, suffix: str) -> None:
    with folder() as tmp:
        path = tmp / f"pack{suffix}"
        path.write_text(S.to_toml(data), encoding="utf-8")
        S.check_contract(S.cli("rules", "test", str(path)), path, allowed=(2,))


# ---------------------------------------------------------------- determinism


def _assess_bytes(path: Path, fmt: str) -> str:
    result = S.cli("assess", str(path), "--format", fmt)
    S.check_contract(result, path, allowed=(0,))
    return result.stdout


def _deterministic_formats() -> list[str]:
    return [f for f in ("json", "markdown", "text", "html") if f in FORMATS]


@examples(8)
@given(model=S.valid_models(), seed=st.integers(0, 2**32 - 1), suffix=SUFFIXES)
def test_key_order_does_not_change_reports(model: dict, seed: int, suffix: str) -> None:
    """The same model with every table's keys in another order: byte-identical reports.
    (Roles and flows keep their order: flow indexes are part of the report.)"""
    shuffled = S.shuffle_keys(model, random.Random(seed))
    with folder() as tmp:
        path = S.write_model(tmp, model, suffix)
        first = {fmt: _assess_bytes(path, fmt) for fmt in _deterministic_formats()}
        path = S.write_model(tmp, shuffled, suffix)
        for fmt, text in first.items():
            assert _assess_bytes(path, fmt) == text, f"{fmt} differs with another key order"


@pytest.mark.parametrize("example", S.EXAMPLES, ids=lambda p: p.stem)
def test_same_input_same_bytes_in_process(example: Path) -> None:
    for fmt in _deterministic_formats():
        assert _assess_bytes(example, fmt) == _assess_bytes(example, fmt), fmt


#: Runs CLI commands in one process (one hash seed), printing [[exit, stdout], ...] as JSON.
DRIVER = """
import json, sys
from click.testing import CliRunner
from maturity.cli import cli
out = []
for args in json.loads(sys.argv[1]):
    result = CliRunner().invoke(cli, args, env={"MATURITY_NO_PLUGINS": "1"})
    out.append([result.exit_code, result.stdout])
sys.stdout.write(json.dumps(out))
"""
HASH_SEEDS = ("0", "1", "3141592")


def _in_subprocess(command: list[str], seed: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MATURITY_")}
    env.update({"PYTHONHASHSEED": seed, "MATURITY_NO_PLUGINS": "1"})
    return subprocess.run([sys.executable, *command], env=env, cwd=cwd, capture_output=True,
                          timeout=300, check=False)  # fmt: skip


def _hostile_model(tmp: Path) -> Path:
    kinds = [("z", "sales"), ("a", "marketing"), ("m", "product"), ("cs", "customer_success")]
    data: dict[str, Any] = {
        "organization": {"name": "<b>Ｈａｓｈ</b> | 种子", "arr": 1.5e7},
        "roles": [
            {"id": i, "kind": k, "name": f"{k} {i} \x1b[31m", "okrs": ["b", "a", "c"]}
            for i, k in kinds
        ],
        "flows": [{"from": "z", "to": "m", "kind": "bug_report", "content": ["value", "cases"]}],
        "practices": {"value_metrics": ["revenue", "time_saved"]},
    }
    data["roles"].append({"id": "vt", "kind": "virtual_team", "members": ["z", "a"]})
    path = tmp / "hostile.toml"
    path.write_text(S.to_toml(data), encoding="utf-8")
    return path


def test_reports_do_not_depend_on_pythonhashseed(tmp_path: Path) -> None:
    """Separate processes with different PYTHONHASHSEED: byte-identical reports and plans.

    ``python -m maturity assess ... --format json`` itself per seed, and the other
    formats, an example and a plan through one driver process per seed (fast)."""
    model = _hostile_model(tmp_path)
    commands = [["assess", model.name, "--format", fmt] for fmt in FORMATS]
    commands.append(["assess", str(S.EXAMPLES[0]), "--format", "json"])
    if "plan" in COMMANDS:
        commands.append(["plan", model.name, "--target", "intermediate", "--format", "json"])
    direct, driven = {}, {}
    for seed in HASH_SEEDS:
        done = _in_subprocess(["-m", "maturity", "assess", model.name, "--format", "json"],
                              seed, tmp_path)  # fmt: skip
        assert done.returncode == 0, done.stderr.decode()
        direct[seed] = done.stdout
        done = _in_subprocess(["-c", DRIVER, json.dumps(commands)], seed, tmp_path)
        assert done.returncode == 0, done.stderr.decode()
        driven[seed] = json.loads(done.stdout)
    assert len(set(direct.values())) == 1, "the JSON report depends on PYTHONHASHSEED"
    for number, command in enumerate(commands):
        outputs = {seed: tuple(driven[seed][number]) for seed in HASH_SEEDS}
        assert all(code in (0, 1) for code, _ in outputs.values()), (command, outputs)
        assert len(set(outputs.values())) == 1, f"{command}: output depends on PYTHONHASHSEED"
