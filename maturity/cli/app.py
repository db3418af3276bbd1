"""The ``maturity`` command line. Thin: parse options, call the library, map errors to exits.

Exit codes: 0 done; 1 below ``--fail-under``; 2 bad input or usage; 3 a rule
or plugin errored (the report is still written); 4 an internal error (a bug).
Heavy modules are imported inside commands so that ``--version`` and
``--help`` stay fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import click

from maturity import __version__
from maturity.cli.options import ExitCode

DEBUG_ENV = "MATURITY_DEBUG"


class MaturityGroup(click.Group):
    """Turns the library's errors into messages and exit codes, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from maturity.errors import MaturityError

        try:
            return super().invoke(ctx)
        except ExitCode as exc:
            ctx.exit(exc.code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except MaturityError as exc:
            if _debug():
                raise
            from maturity.terminal import visible

            for line in exc.lines():
                click.echo(f"error: {visible(line)}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            ctx.exit(0)
        except Exception as exc:
            if _debug():
                raise
            from maturity.terminal import visible

            click.echo(f"internal error: {type(exc).__name__}: {visible(exc)}", err=True)
            click.echo("Run with --debug for the traceback, and please report it.", err=True)
            ctx.exit(4)


@click.group(cls=MaturityGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


from maturity.cli.commands import register_commands  # noqa: E402 - commands need `cli` above

register_commands(cli)


def _debug() -> bool:
    return bool(os.environ.get(DEBUG_ENV))


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: let plugins add commands, then run the CLI."""
    args = list(sys.argv[1:] if argv is None else argv)
    _load_plugin_commands(args)
    cli.main(args=args, prog_name="maturity")


def _load_plugin_commands(args: Sequence[str]) -> None:
    """Let plugins add subcommands, unless the command is a built-in or plugins are off.

    The plugins are those the command's own options and configuration choose
    (``--no-plugins``, ``--block-plugin``, ``--plugin``), as for any command.
    """
    if not args or args[0] in cli.commands or (args[0].startswith("-") and args[0] != "--"):
        return
    from maturity.cli.options import options_in
    from maturity.errors import MaturityError
    from maturity.plugins.registry import build_registry

    try:
        options = replace(options_in(args[1:]), strict=False)
    except MaturityError:
        return  # the command itself reports a broken configuration
    if options.plugins:
        pm, _ = build_registry(options)
        pm.hook.maturity_register_commands(cli=cli)
