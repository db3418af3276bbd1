"""One function builds the plugin registry from the session's options; built-ins use the hooks."""

from __future__ import annotations

from pathlib import Path

import pytest

from maturity.assess.session import Options, Session
from maturity.cli import cli, main
from maturity.engine.graphconds import BUILTIN_METRICS
from maturity.engine.operators import BUILTIN_OPERATORS
from maturity.model.vocabulary import ROLE_KINDS
from tests.fakeplugins import install_plugin
from tests.helpers import ROOT

COMMAND = """
import click
from maturity import hookimpl

@hookimpl
def maturity_register_commands(cli):
    @click.command()
    def hello():
        click.echo("hello from acme")
    cli.add_command(hello)
"""


@pytest.fixture
def acme(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    install_plugin(monkeypatch, tmp_path / "site", "acme-maturity", "acme_plugin", COMMAND)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MATURITY_NO_PLUGINS", raising=False)
    monkeypatch.setattr(cli, "commands", dict(cli.commands))  # a plugin's command: this test's
    cli.commands.pop("hello", None)
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out + captured.err


def test_a_plugin_command_runs(acme: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "hello") == (0, "hello from acme\n")


@pytest.mark.parametrize(
    "args",
    [("--no-plugins",), ("--block-plugin", "acme-maturity"), ("--block-plugin=acme_plugin",),
     ("--plugin", "someone-else")],
)  # fmt: skip
def test_blocking_holds_for_plugin_commands(
    acme: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    code, output = _run(capsys, "hello", *args)
    assert code == 2 and "No such command 'hello'" in output


def test_the_configuration_blocks_plugin_commands(
    acme: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (acme / "maturity.toml").write_text('[plugins]\nblock = ["acme-maturity"]\n')
    code, output = _run(capsys, "hello")
    assert code == 2 and "No such command 'hello'" in output


def test_the_environment_blocks_plugin_commands(
    acme: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATURITY_NO_PLUGINS", "1")
    code, output = _run(capsys, "hello")
    assert code == 2 and "No such command 'hello'" in output


def test_built_ins_register_through_the_hooks() -> None:
    session = Session(Options(plugins=False))
    registry = session.registry
    assert registry.operators == BUILTIN_OPERATORS and registry.metrics == BUILTIN_METRICS
    assert registry.vocabulary.role_kinds == frozenset(ROLE_KINDS)
    owners = {registry.owners[("operator", name)] for name in BUILTIN_OPERATORS}
    assert owners == {"maturity"}
    language = next(p for p in session.plugins if p.name == "maturity.builtin.language")
    assert set(language.hooks) == {
        "maturity_register_operators", "maturity_register_metrics", "maturity_register_vocabulary"
    }  # fmt: skip


def test_one_function_builds_the_plugin_manager() -> None:
    callers = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "maturity").rglob("*.py")
        if "get_plugin_manager(" in path.read_text(encoding="utf-8")
    )
    assert callers == ["maturity/plugins/manager.py", "maturity/plugins/registry.py"]
