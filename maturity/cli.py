"""The ``maturity`` command line. Thin: parse options, call the library, map errors to exits.

Exit codes: 0 done; 1 below ``--fail-under``; 2 bad input or usage; 3 a rule
or plugin errored (the report is still written); 4 an internal error (a bug).
Heavy modules are imported inside commands so that ``--version`` and
``--help`` stay fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click

from maturity import __version__

if TYPE_CHECKING:
    from maturity.assess import Session

DEBUG_ENV = "MATURITY_DEBUG"
LEVEL_CHOICES = ("beginner", "intermediate", "advanced")


class ExitCode(Exception):
    def __init__(self, code: int):
        self.code = code


def _parse_param(text: str) -> tuple[str, Any]:
    import tomllib

    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise click.BadParameter(f"'{text}': expected NAME=VALUE", param_hint="--param")
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()
    return name.strip(), value


def session_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options that decide which plugins and packs a run uses."""
    options = [
        click.option("--pack", "packs", multiple=True, metavar="ID",
                     help="Enable only this rule pack (repeatable). Default: all packs."),
        click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
                     help="Override a pack parameter, e.g. small_company_arr=30000000."),
        click.option("--no-plugins", is_flag=True,
                     help="Run built-ins only (also: MATURITY_NO_PLUGINS=1)."),
        click.option("--block-plugin", "block", multiple=True, metavar="NAME",
                     help="Do not import this plugin (repeatable; also "
                          "MATURITY_BLOCK_PLUGINS=a,b)."),
        click.option("--strict", is_flag=True,
                     help="Fail at once when a plugin or rule errors, instead of reporting it."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def make_session(kwargs: dict[str, Any]) -> Session:
    from maturity.assess import Options, Session

    params = dict(_parse_param(p) for p in kwargs.pop("params", ()))
    return Session(Options(
        packs=tuple(kwargs.pop("packs", ())),
        params=params,
        plugins=not kwargs.pop("no_plugins", False),
        block=tuple(kwargs.pop("block", ())),
        strict=kwargs.pop("strict", False),
    ))  # fmt: skip


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="maturity")
@click.option("--debug", is_flag=True, help="Show tracebacks (also: MATURITY_DEBUG=1).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Assess how well a B2B SaaS company's departments create and deliver product value together.

    Reads an organization model (TOML or JSON: roles and the flows between
    them), runs rule packs over its process graph, and reports the
    collaboration level (beginner, intermediate, advanced), the value-loop
    stages (refine, deliver, realize, quantify), findings with evidence, and
    recommended role and process changes.

    Exit codes: 0 done, 1 below --fail-under, 2 bad input or usage,
    3 a rule or plugin errored (the report is still written), 4 internal error.
    """
    if debug:
        os.environ[DEBUG_ENV] = "1"


from maturity.commands import register_commands  # noqa: E402 - commands need `cli` above

register_commands(cli)


def _debug() -> bool:
    return bool(os.environ.get(DEBUG_ENV))


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the CLI and turn every error into a message and an exit code."""
    from maturity.errors import MaturityError

    args = list(sys.argv[1:] if argv is None else argv)
    if "--debug" in args:
        os.environ[DEBUG_ENV] = "1"
    try:
        _load_plugin_commands(args)
        cli.main(args=args, prog_name="maturity", standalone_mode=False)
        code = 0
    except ExitCode as exc:
        code = exc.code
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.Abort:
        click.echo("Aborted.", err=True)
        code = 130
    except click.ClickException as exc:
        exc.show()
        code = 2
    except MaturityError as exc:
        if _debug():
            raise
        for line in exc.lines():
            click.echo(f"error: {line}", err=True)
        code = exc.exit_code
    except BrokenPipeError:
        code = 0
    except KeyboardInterrupt:
        code = 130
    except Exception as exc:  # noqa: BLE001 - never show a user a traceback by default
        if _debug():
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("Run with --debug for the traceback, and please report it.", err=True)
        code = 4
    sys.exit(code)


def _load_plugin_commands(args: Sequence[str]) -> None:
    """Let plugins add subcommands, unless the command is a built-in or plugins are off."""
    if not args or args[0] in cli.commands or args[0].startswith("-") and args[0] != "--":
        return
    if os.environ.get("MATURITY_NO_PLUGINS") or "--no-plugins" in args:
        return
    from maturity.plugins import get_plugin_manager

    pm, _ = get_plugin_manager()
    pm.hook.maturity_register_commands(cli=cli)
