"""Plugin authors, second round: local plugins without packaging, everything a plugin
contributes in `maturity plugins`, `maturity plugin new`, portfolios in a plugin's format,
and checking a fix for a plugin's own kinds."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from maturity.cli import cli
from tests import test_plugins
from tests.test_plugins import MODEL, finding

#: The fixture that installs a throwaway plugin distribution: ``plugin(code)``.
plugin = test_plugins.plugin
ONLY_ACME = {"MATURITY_PLUGINS": "acme-maturity"}


LOCAL_PLUGIN = """
from maturity import hookimpl
from maturity.engine.operators import Operator
from maturity.rules import Pack, python_rule

TEXTS = {"en": {"title": "t", "summary": "s", "rationale": "r", "recommendation": "c",
                "fail": "f"}}

@hookimpl
def maturity_register_operators(register):
    register(Operator("local_yes", lambda a, b: True, takes_value=False))

@hookimpl
def maturity_register_packs(register):
    register(Pack("okr", "1.0", (python_rule("OKR-1", "deliver", lambda g, p: True, TEXTS),)))
"""

LOCAL_PACK = """
[pack]
id = "local_pack"
version = "1.0"
[pack.en]
name = "A local pack"
[[rules]]
id = "LOC-1"
stage = "deliver"
match = { role = { kind = "sales", where = [{ attr = "name", op = "local_yes" }] } }
[rules.en]
title = "t"
summary = "s"
rationale = "r"
recommendation = "c"
fail = "f"
"""


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    env = {"MATURITY_NO_PLUGINS": "", "MATURITY_PLUGINS": "nobody", **(env or {})}
    result = CliRunner().invoke(cli, ["assess", str(MODEL), "--format", "json", *args], env=env)
    report = json.loads(result.stdout) if result.stdout.startswith("{") else {}
    return result.exit_code, report, result.stderr


def test_a_local_module_and_pack_file_load_through_the_hooks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    module, pack = tmp_path / "okr.py", tmp_path / "local_pack.toml"
    module.write_text(LOCAL_PLUGIN)
    pack.write_text(LOCAL_PACK)
    code, report, stderr = _run("--plugin-file", str(module), "--plugin-file", str(pack))
    assert code == 0, stderr
    assert finding(report, "OKR-1")["status"] == "pass"
    assert finding(report, "LOC-1")["status"] == "pass"  # uses the module's operator
    sources = {p["id"]: p["source"] for p in report["packs"]}
    assert sources["okr"] == str(module) and sources["local_pack"] == str(pack)
    assert {"collaboration", "okr", "local_pack"} <= set(sources)  # nothing else changes
    code, report, _ = _run("--plugin-file", str(tmp_path), "--block-plugin", "okr")
    assert code == 3  # a folder: both files; okr.py blocked, so local_yes is unknown
    assert "OKR-1" not in {f["rule"] for f in report["findings"]}
    (error,) = report["errors"]
    assert error["source"] == str(pack) and "unknown operator 'local_yes'" in error["message"]


def test_a_broken_local_plugin_is_isolated_like_an_entry_point(tmp_path) -> None:  # type: ignore[no-untyped-def]
    module = tmp_path / "broken.py"
    module.write_text("import os\nraise RuntimeError('not today')\n")
    code, report, _ = _run("--plugin-file", str(module))
    assert code == 3
    (error,) = report["errors"]
    assert error["source"] == str(module)
    assert error["message"] == (
        f"failed to load: RuntimeError: not today (at {module}:2, in <module>)"
    )
    code, _, stderr = _run("--plugin-file", str(module), "--strict")
    assert code == 3 and f"error: plugin {module}: failed to load" in stderr
    code, _, stderr = _run("--plugin-file", str(tmp_path / "nope.py"))
    assert code == 2 and "nope.py: no such plugin file or folder" in stderr


def test_plugin_paths_in_the_configuration(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "okr.py").write_text(LOCAL_PLUGIN)
    config = tmp_path / "maturity.toml"
    config.write_text('[plugins]\npaths = ["plugins"]\n')
    code, report, stderr = _run("--config", str(config))
    assert code == 0, stderr
    assert finding(report, "OKR-1")["status"] == "pass"
    config.write_text('[plugins]\npaths = ["plugins", "missing.py"]\n')
    code, _, stderr = _run("--config", str(config))
    assert code == 2
    assert f"{config}:2: plugins.paths[1]: no such file or folder: missing.py" in stderr


def test_assess_a_pack_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pack = tmp_path / "mine.toml"
    pack.write_text(LOCAL_PACK.replace('op = "local_yes"', 'op = "exists"'))
    code, report, stderr = _run("--pack-file", str(pack), "--no-plugins")
    assert code == 0, stderr
    assert [f["rule"] for f in report["findings"]] == ["LOC-1"]  # only the file's pack
    code, report, _ = _run("--pack-file", str(pack), "--pack", "value_chain")
    assert {p["id"] for p in report["packs"]} == {"local_pack", "value_chain"}
    pack.write_text(LOCAL_PACK.replace('stage = "deliver"', 'stage = "delivr"'))
    code, _, stderr = _run("--pack-file", str(pack))
    assert code == 2 and f"{pack}:" in stderr and "'delivr' is not one of" in stderr


EVERYTHING = """
import click
from maturity.engine.operators import Operator
from maturity.model import Loader
from maturity.report import Reporter

@hookimpl
def maturity_register_packs(register):
    register(Pack("acme", "1.0", (python_rule("ACME-1", "deliver", lambda g, p: True, TEXTS),)))

@hookimpl
def maturity_register_operators(register):
    register(Operator("acme_op", lambda a, b: True))

@hookimpl
def maturity_register_metrics(register):
    register("acme_metric", lambda graph, **_: {})

@hookimpl
def maturity_register_vocabulary(register):
    register(role_kinds=["partner_manager"], flow_kinds=["lead"], content=["okrs"],
             practices={"nps": {"type": "number"}})

@hookimpl
def maturity_register_loaders(register):
    register(Loader("yaml", (".yaml",), lambda text, source: {}))

@hookimpl
def maturity_register_reporters(register):
    register(Reporter("csv", lambda report, lang: "", ".csv"))

@hookimpl
def maturity_register_commands(cli):
    @cli.command()
    def hello():
        \"\"\"Say hello.\"\"\"
"""


def test_plugins_lists_every_contribution(plugin) -> None:  # type: ignore[no-untyped-def]
    plugin(EVERYTHING)
    result = CliRunner().invoke(cli, ["plugins", "--format", "json"], env=ONLY_ACME)
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    acme = next(i for i in items if i["distribution"] == "acme-maturity")
    assert acme["version"] == "1.0"
    assert acme["contributes"] == {
        "packs": ["acme"],
        "rules": ["ACME-1"],
        "operators": ["acme_op"],
        "metrics": ["acme_metric"],
        "report_formats": ["csv"],
        "model_formats": ["yaml"],
        "role_kinds": ["partner_manager"],
        "flow_kinds": ["lead"],
        "content": ["okrs"],
        "practices": ["nps"],
        "commands": ["hello"],
    }
    core = next(i for i in items if i["name"] == "maturity.cli")
    assert {"assess", "plugins", "rules"} <= set(core["contributes"]["commands"])
    assert "hello" not in core["contributes"]["commands"]
    language = next(i for i in items if i["name"] == "maturity.builtin.language")
    assert "equals" in language["contributes"]["operators"]
    assert "sales" in language["contributes"]["role_kinds"]
    text = CliRunner().invoke(cli, ["plugins"], env=ONLY_ACME).output
    tail = text[text.index("acme_plugin (acme-maturity 1.0)") :]
    for line in (
        "    pack acme 1.0: ACME-1",
        "    operators: acme_op",
        "    metrics: acme_metric",
        "    report formats: csv",
        "    model formats: yaml",
        "    role kinds: partner_manager",
        "    flow kinds: lead",
        "    content: okrs",
        "    practices: nps",
        "    commands: hello",
    ):
        assert line + "\n" in tail


def test_plugin_commands_appear_in_help_unless_blocked(plugin, capsys) -> None:  # type: ignore[no-untyped-def]
    from maturity.cli import main

    plugin(EVERYTHING)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli, "commands", {n: c for n, c in cli.commands.items() if n != "hello"})
        patch.setenv("MATURITY_PLUGINS", "acme-maturity")
        with pytest.raises(SystemExit):
            main(["--help"])
        out = capsys.readouterr().out
        assert "Plugin commands:\n  hello" in out and "Say hello. [acme-maturity]" in out
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli, "commands", {n: c for n, c in cli.commands.items() if n != "hello"})
        patch.setenv("MATURITY_BLOCK_PLUGINS", "acme-maturity")
        with pytest.raises(SystemExit):
            main(["--help"])
        assert "hello" not in capsys.readouterr().out


def test_plugin_new_writes_a_plugin_whose_tests_pass(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["plugin", "new", "maturity-okr"])
    assert result.exit_code == 0, result.output
    root = tmp_path / "maturity-okr"
    assert (root / "maturity_okr" / "pack.toml").is_file()
    assert "from maturity.testing import" in (root / "tests" / "test_okr.py").read_text()
    # Its own tests pass as written (run as its author would, in a fresh interpreter).
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "MATURITY_PLUGINS": "okr"},
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 passed" in run.stdout
    # Installed (an entry point, the way pip lays it out), maturity lists it.
    site = tmp_path / "site" / "maturity_okr-0.1.0.dist-info"
    site.mkdir(parents=True)
    (site / "METADATA").write_text("Metadata-Version: 2.1\nName: maturity-okr\nVersion: 0.1.0\n")
    (site / "entry_points.txt").write_text("[maturity]\nokr = maturity_okr\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.syspath_prepend(str(root))
    env = {"MATURITY_PLUGINS": "okr", "MATURITY_NO_PLUGINS": ""}
    listing = CliRunner().invoke(cli, ["plugins"], env=env)
    assert listing.exit_code == 0, listing.output
    assert "okr (maturity-okr 0.1.0)\n" in listing.output
    assert "    pack okr 0.1.0: OKR-1\n    pack okr_py 0.1.0: OKR-2\n" in listing.output
    tested = CliRunner().invoke(cli, ["rules", "test", "okr", "okr_py"], env=env)
    assert tested.exit_code == 0 and "4 passed, 0 failed" in tested.output
    assessed = CliRunner().invoke(cli, ["assess", str(root / "org.toml"), "--pack", "okr"], env=env)
    assert assessed.exit_code == 0, assessed.output
    for module in [m for m in sys.modules if m.split(".")[0] == "maturity_okr"]:
        monkeypatch.delitem(sys.modules, module)


def test_plugin_new_refuses_a_bad_name_or_a_used_folder(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["plugin", "new", "9lives"])
    assert result.exit_code == 2 and "a plugin name starts with a letter" in result.stderr
    (tmp_path / "maturity-okr").mkdir()
    (tmp_path / "maturity-okr" / "keep.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["plugin", "new", "okr"])
    assert result.exit_code == 2 and "already exists and is not an empty folder" in result.stderr
    assert (tmp_path / "maturity-okr" / "keep.txt").read_text() == "mine"


CSV_FORMATS = """
import csv, io
from maturity.report import Reporter

def rows(report):
    return [[report["organization"]["name"], f["rule"], f["status"]] for f in report["findings"]]

def render(report, lang):
    out = io.StringIO()
    csv.writer(out, lineterminator="\\n").writerows([["organization", "rule", "status"],
                                                      *rows(report)])
    return out.getvalue()

def render_many(reports, lang):
    out = io.StringIO()
    csv.writer(out, lineterminator="\\n").writerows(
        [["organization", "rule", "status"], *(r for report in reports for r in rows(report))])
    return out.getvalue()

@hookimpl
def maturity_register_reporters(register):
    register(Reporter("csv", render, ".csv"))
    register(Reporter("csvall", render_many=render_many, render=render, suffix=".csv"))
"""


def test_a_portfolio_on_stdout_is_one_document_or_asks_for_a_folder(plugin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import csv

    from tests.helpers import EXAMPLES

    plugin(CSV_FORMATS)
    models = [str(EXAMPLES / "beginner.toml"), str(EXAMPLES / "intermediate.toml")]
    run = CliRunner().invoke(cli, ["assess", *models, "--format", "csv"], env=ONLY_ACME)
    assert run.exit_code == 2 and run.stdout == ""
    assert "--format csv makes one document per model, and 2 models cannot share one: " in (
        run.stderr
    )
    assert "give -o FOLDER" in run.stderr
    out = tmp_path / "out"
    out.mkdir()
    run = CliRunner().invoke(cli, ["assess", *models, "-f", "csv", "-o", str(out)], env=ONLY_ACME)
    assert run.exit_code == 0, run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["beginner.csv", "intermediate.csv"]
    run = CliRunner().invoke(cli, ["assess", *models, "--format", "csvall"], env=ONLY_ACME)
    assert run.exit_code == 0, run.stderr
    table = list(csv.reader(run.stdout.splitlines()))  # one CSV: one header, every model's rows
    assert table[0] == ["organization", "rule", "status"]
    assert sum(row == table[0] for row in table) == 1
    assert len({row[0] for row in table[1:]}) == 2
    assert "2 models: 2 assessed" in run.stderr  # the summary goes beside, not into, the CSV


def test_checking_a_fix_works_for_a_plugins_own_kinds(plugin) -> None:  # type: ignore[no-untyped-def]
    from maturity.assess import Options, Session
    from maturity.fixes import apply_fix
    from maturity.model import validate_data
    from maturity.testing import assert_status

    plugin("""
@hookimpl
def maturity_register_vocabulary(register):
    register(role_kinds=["partner_manager"], flow_kinds=["lead"])

@hookimpl
def maturity_register_packs(register):
    register({
        "pack": {"id": "acme", "version": "1.0", "en": {"name": "a"}},
        "rules": [{
            "id": "ACME-1", "stage": "deliver",
            "match": {"flow": {"kind": "lead", "from": "partner_manager", "to": "sales"}},
            "fix": [{"op": "add_flow", "from": {"kind": "partner_manager"},
                     "to": {"kind": "sales"}, "kind": "lead"}],
            "en": {"title": "t", "summary": "s", "rationale": "r", "recommendation": "c",
                   "fail": "f"},
        }],
    })
""")
    session = Session(Options(only=("acme-maturity",)))
    assert session.errors == []
    language, rule = session.language, session.rules["ACME-1"]
    data = {
        "organization": {"name": "t"},
        "roles": [{"id": "pm", "kind": "partner_manager"}, {"id": "s", "kind": "sales"}],
    }
    assert_status(rule, data, "fail", language.vocabulary)
    fixed = apply_fix(validate_data(data, "<test>", language.vocabulary), rule, language)
    assert_status(rule, fixed.data, "pass", language.vocabulary)


def test_a_missing_plugin_file_is_named_even_for_a_plugin_command(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from maturity.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["hello", "--plugin-file", str(tmp_path / "nope.py")])
    assert exit_info.value.code == 2
    assert "nope.py: no such plugin file or folder" in capsys.readouterr().err


BROKEN_FORMAT = """
from maturity import hookimpl
from maturity.report import Reporter

def render(report, lang):
    raise ValueError("no template")

@hookimpl
def maturity_register_reporters(register):
    register(Reporter("broken", render, ".txt", "a format that fails", concatenates=True))
"""


def test_a_plugin_format_failing_in_a_portfolio_is_that_plugins_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Exit 3 naming the plugin, as for one model; not an internal error (exit 4)."""
    module = tmp_path / "broken.py"
    module.write_text(BROKEN_FORMAT)
    folder = tmp_path / "models"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.toml").write_bytes(Path(MODEL).read_bytes())
    env = {"MATURITY_NO_PLUGINS": "", "MATURITY_PLUGINS": "nobody"}
    args = ["--plugin-file", str(module), "--format", "broken", "--jobs", "1"]
    one = CliRunner().invoke(cli, ["assess", str(folder / "a.toml"), *args], env=env)
    assert one.exit_code == 3 and "report format 'broken' failed" in one.stderr
    many = CliRunner().invoke(cli, ["assess", str(folder), *args], env=env)
    assert many.exit_code == 3, many.stderr
    assert "report format 'broken' failed" in many.stderr and "internal error" not in many.stderr


WORDS_PLUGIN = """
from maturity import hookimpl

@hookimpl
def maturity_register_vocabulary(register):
    register(flow_kinds=["referral"], words={"referral": {"en": "referral", "zh": "转介绍"}})
"""

WRONG_WORDS = """
from maturity import hookimpl

@hookimpl
def maturity_register_vocabulary(register):
    register(flow_kinds=["referral"], words={"refferal": {"en": "referral"}})
"""


def test_a_plugin_gives_its_kinds_words_in_each_language(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A plugin's flow kind reads as its own word in Chinese; a words table for a name the
    call does not register is that plugin's error."""
    module = tmp_path / "referral.py"
    module.write_text(WORDS_PLUGIN)
    model = tmp_path / "m.toml"
    model.write_text(MODEL_WITH_REFERRAL, "utf-8")
    env = {"MATURITY_NO_PLUGINS": "", "MATURITY_PLUGINS": "nobody"}
    args = ["assess", str(model), "--format", "html", "--lang", "zh"]
    drawn = CliRunner().invoke(cli, [*args, "--plugin-file", str(module)], env=env)
    assert drawn.exit_code in (0, 3), drawn.stderr  # the page draws the organization
    assert "转介绍" in drawn.stdout and ">referral<" not in drawn.stdout
    misspelt = tmp_path / "misspelt.py"
    misspelt.write_text(WRONG_WORDS)
    wrong = CliRunner().invoke(cli, ["plugins", "--plugin-file", str(misspelt)], env=env)
    assert wrong.exit_code == 3 and "refferal" in wrong.output + wrong.stderr


MODEL_WITH_REFERRAL = """[organization]
name = "R"

[[roles]]
id = "cs"
kind = "customer_success"
name = "客户成功"

[[roles]]
id = "sales"
kind = "sales"
name = "销售"

[[flows]]
from = "cs"
to = "sales"
kind = "referral"
"""
