"""The command line: exit codes, output, files written atomically, errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from maturity import __version__
from tests.helpers import EXAMPLES, run

INTERMEDIATE = str(EXAMPLES / "intermediate.toml")
BEGINNER = str(EXAMPLES / "beginner.toml")


def test_version_and_help() -> None:
    assert __version__ in run("--version").output
    result = run("--help")
    assert result.exit_code == 0
    for command in ("assess", "validate", "rules", "plugins", "init"):
        assert command in result.output


@pytest.mark.parametrize(
    "command",
    [["assess"], ["validate"], ["rules"], ["rules", "list"], ["rules", "show"], ["plugins"],
     ["init"]],
)  # fmt: skip
def test_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert len(result.output.splitlines()) > 3


def test_assess_text_shows_level_blockers_stages_findings_and_evidence() -> None:
    result = run("assess", BEGINNER)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Collaboration level: BEGINNER" in out
    assert "Next level: intermediate" in out
    assert "* COL-I2" in out  # a required blocker is marked
    for stage in ("refine", "deliver", "realize", "quantify"):
        assert stage in out
    assert "evidence: flow #" in out  # offending flows named by index and display names
    assert "Recommendations:" in out


def test_assess_json_is_the_report_contract() -> None:
    result = run("assess", INTERMEDIATE, "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["level"]["achieved"] == "intermediate"
    assert report["level"]["next"] == "advanced"
    assert set(report["stages"]) == {"refine", "deliver", "realize", "quantify"}
    assert report["tool"] == {"name": "maturity", "version": __version__}


def test_assess_chinese() -> None:
    result = run("assess", INTERMEDIATE, "--lang", "zh")
    assert "协同段位: 中段" in result.output
    assert "价值提炼" in result.output


def test_output_file_is_written_and_replaced_atomically(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old report")
    result = run("assess", INTERMEDIATE, "--format", "json", "-o", str(target))
    assert result.exit_code == 0
    assert json.loads(target.read_text())["level"]["achieved"] == "intermediate"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temp file left


def test_failed_run_never_truncates_an_existing_report(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("previous good report")
    result = run("assess", str(tmp_path / "missing.toml"), "-o", str(target))
    assert result.exit_code == 2
    assert target.read_text() == "previous good report"


@pytest.mark.parametrize(
    ("output", "message"),
    [("missing-dir/report.json", "does not exist"), (".", "is a directory")],
)
def test_output_path_errors(tmp_path: Path, output: str, message: str) -> None:
    result = run("assess", INTERMEDIATE, "-o", str(tmp_path / output))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_several_models_into_a_folder(tmp_path: Path) -> None:
    result = run("assess", BEGINNER, INTERMEDIATE, "--format", "json", "-o", str(tmp_path))
    assert result.exit_code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["beginner.json", "intermediate.json"]


@pytest.mark.parametrize(("level", "code"), [("beginner", 0), ("intermediate", 0), ("advanced", 1)])
def test_fail_under(level: str, code: int) -> None:
    assert run("assess", INTERMEDIATE, "--fail-under", level).exit_code == code


def test_bad_model_exits_2_with_located_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[organization]\nname = "x"\n[[roles]]\nid = "s"\nkind = "salse"\n')
    result = run("assess", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:5: roles[0].kind" in result.stderr
    assert "did you mean 'sales'" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_format_pack_and_param() -> None:
    assert run("assess", INTERMEDIATE, "--format", "yaml").exit_code == 2
    result = run("assess", INTERMEDIATE, "--pack", "colaboration")
    assert result.exit_code == 2
    assert "did you mean 'collaboration'" in result.stderr
    result = run("assess", INTERMEDIATE, "--param", "small_company_ar=1")
    assert result.exit_code == 2
    assert "did you mean 'small_company_arr'" in result.stderr
    assert run("assess", INTERMEDIATE, "--param", "novalue").exit_code == 2


def test_param_override_changes_the_result(tmp_path: Path) -> None:
    model = tmp_path / "small.toml"
    model.write_text(
        '[organization]\nname = "x"\narr = 60000000\n'
        '[[roles]]\nid = "ps"\nkind = "presales"\n[[roles]]\nid = "s"\nkind = "sales"\n'
        '[[roles]]\nid = "m"\nkind = "marketing"\n'
        '[[roles]]\nid = "vt"\nkind = "virtual_team"\nmembers = ["ps", "s", "m"]\n'
        '[[roles]]\nid = "p"\nkind = "product"\n'
        '[[flows]]\nfrom = "s"\nto = "vt"\nkind = "value_feedback"\n'
        '[[flows]]\nfrom = "vt"\nto = "p"\nkind = "market_insight"\n'
    )

    def a8(*extra: str) -> str:
        report = json.loads(run("assess", str(model), "--format", "json", *extra).output)
        return next(f["status"] for f in report["findings"] if f["rule"] == "COL-A8")

    assert a8() == "fail"
    assert a8("--param", "small_company_arr=70000000") == "pass"


def test_validate() -> None:
    result = run("validate", BEGINNER, INTERMEDIATE)
    assert result.exit_code == 0
    assert "ok (" in result.output


def test_validate_reports_every_bad_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    result = run("validate", str(empty), str(tmp_path / "nope.json"), BEGINNER)
    assert result.exit_code == 2
    assert "empty file" in result.stderr
    assert "no such file" in result.stderr
    assert "beginner.toml: ok" in result.output


def test_rules_list_and_show() -> None:
    listing = run("rules", "list")
    assert listing.exit_code == 0
    assert "COL-I6" in listing.output
    items = json.loads(run("rules", "list", "--format", "json").output)
    assert {"COL-I1", "COL-A8"} <= {i["id"] for i in items}
    shown = run("rules", "show", "COL-I6")
    assert shown.exit_code == 0
    for part in ("What it checks", "Why", "Seed 001", "Recommendation", "Fix", "reroute_flow"):
        assert part in shown.output
    detail = json.loads(run("rules", "show", "col-i6", "--format", "json").output)
    assert detail["recommendation"]["type"] == "role_change"
    assert "种子文档 001" in run("rules", "show", "COL-I6", "--lang", "zh").output


def test_rules_show_unknown_rule() -> None:
    result = run("rules", "show", "COL-I66")
    assert result.exit_code == 2
    assert "unknown rule 'COL-I66'" in result.stderr


def test_plugins_lists_builtins() -> None:
    result = run("plugins", "--format", "json")
    assert result.exit_code == 0
    items = json.loads(result.output)
    packs = [p for item in items for p in item["packs"]]
    assert "collaboration" in {p["id"] for p in packs}


def test_init_writes_a_valid_starter_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "org.toml"
    assert run("init", str(target)).exit_code == 0
    assert run("validate", str(target)).exit_code == 0
    assert run("assess", str(target)).exit_code == 0
    again = run("init", str(target))
    assert again.exit_code == 2
    assert "already exists" in again.stderr
    zh = tmp_path / "zh.toml"
    assert run("init", str(zh), "--lang", "zh").exit_code == 0
    assert "客户成功部" in zh.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("param", "message"),
    [
        ("level_threshold=abc", "expected a number"),
        ("level_threshold=1.5", "between 0 and 1"),
        ("small_company_arr=true", "expected a number (like 50000000), got true"),
        ("max_feedback_hops=[1]", "expected a whole number"),
    ],
)
def test_param_types_are_checked(param: str, message: str) -> None:
    result = run("assess", INTERMEDIATE, "--param", param)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_report_never_replaces_a_model(tmp_path: Path) -> None:
    model = tmp_path / "m.toml"
    model.write_text((EXAMPLES / "beginner.toml").read_text(encoding="utf-8"), encoding="utf-8")
    before = model.read_bytes()
    assert run("assess", str(model), "-o", str(model)).exit_code == 2
    result = run("plan", str(model), "--target", "intermediate", "--write-model", str(model))
    assert result.exit_code == 2
    assert "is one of the files being read" in result.stderr
    assert model.read_bytes() == before


def test_the_fast_version_answer_is_what_click_prints(capsys: pytest.CaptureFixture[str]) -> None:
    from maturity.cli import main

    for flag in ("--version", "-V"):
        main([flag])
        assert capsys.readouterr().out == run(flag).output


def test_assess_as_a_process_leaves_its_output_whole_and_its_exit_code(tmp_path: Path) -> None:
    """``maturity assess`` ends without freeing its objects one by one: what it printed is
    all there (flushed through a pipe), the file is written, the exit code is kept, and
    exit handlers still run."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "MATURITY_NO_PLUGINS": "1"}
    command = [sys.executable, "-m", "maturity", "assess", BEGINNER, "--format", "json"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["level"]["achieved"]
    below = subprocess.run([*command, "--fail-under", "advanced"], env=env,
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert below.returncode == 1
    assert json.loads(below.stdout) == json.loads(done.stdout)
    out = tmp_path / "r.json"
    wrote = subprocess.run([*command, "-o", str(out)], env=env, capture_output=True,
                           text=True, check=False)  # fmt: skip
    assert wrote.returncode == 0 and f"wrote {out}" in wrote.stderr
    assert json.loads(out.read_text("utf-8")) == json.loads(done.stdout)
    hooked = "import atexit, runpy, sys; atexit.register(print, 'handlers ran', file=sys.stderr);"
    hooked += "sys.argv = ['maturity', 'assess', sys.argv[1]]; runpy.run_module('maturity')"
    ran = subprocess.run([sys.executable, "-c", hooked, BEGINNER], env=env,
                         capture_output=True, text=True, check=False)  # fmt: skip
    assert ran.returncode == 0 and "handlers ran" in ran.stderr


def test_what_was_written_is_said_in_the_chosen_language(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    zh = run("assess", INTERMEDIATE, "--lang", "zh", "-o", str(out))
    assert zh.exit_code == 0 and f"已写入 {out}" in zh.stderr and "wrote" not in zh.stderr
    en = run("assess", INTERMEDIATE, "-o", str(out))
    assert f"wrote {out}" in en.stderr
    model = tmp_path / "new.toml"
    started = run("init", "--lang", "zh", "-o", str(model))
    assert started.exit_code == 0 and f"已写入 {model}" in started.output


def test_jobs_caps_the_processes_of_one_model_for_the_run_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``--jobs N`` is also how many processes one large model's path metrics may use;
    the setting ends with the command."""
    from maturity.engine import forked

    seen: list[int] = []
    real = forked.processes
    monkeypatch.setattr(forked, "processes", lambda slices: seen.append(
        forked.SETTINGS["processes"]) or real(slices))  # fmt: skip
    from maturity.engine import brandes

    monkeypatch.setattr(brandes, "SMALL", -1)
    monkeypatch.setattr(brandes, "PARALLEL", -1)
    before = forked.SETTINGS["processes"]
    assert run("assess", INTERMEDIATE, "--jobs", "1", "-f", "json").exit_code == 0
    assert seen and set(seen) == {1}
    assert forked.SETTINGS["processes"] == before
