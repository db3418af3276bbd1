"""The ``maturity`` command line. Thin: parse options, call the library, map errors to exits.

Exit codes: 0 done; 1 below ``--fail-under``; 2 bad input or usage; 3 a rule
or plugin errored (the report is still written); 4 an internal error (a bug);
130 interrupted (Ctrl-C; a file being written is left as it was).
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
from maturity.errors import DEBUG_ENV

#: The exit code of a run stopped by Ctrl-C (SIGINT), as shells report it: 128 + 2.
INTERRUPTED = 130


class MaturityGroup(click.Group):
    """Turns the library's errors into messages and exit codes, never a traceback."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """maturity's commands, then those plugins add (with their distribution)."""
        plugin = {n: c for n, c in self.commands.items() if getattr(c, "plugin", None)}
        core = {n: c for n, c in self.commands.items() if n not in plugin}
        limit = formatter.width - 6 - max(map(len, self.commands), default=0)
        for title, commands in (("Commands", core), ("Plugin commands", plugin)):
            rows = [
                (name, _short_help(command, limit))
                for name, command in sorted(commands.items())
                if not command.hidden
            ]
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

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
                import traceback

                # The whole chain: a plugin's failure shows its own file and line.
                click.echo("".join(traceback.format_exception(exc)).rstrip(), err=True)
            from maturity.terminal import visible

            for line in exc.lines():
                click.echo(f"error: {visible(line)}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("interrupted: no file was left half-written", err=True)
            ctx.exit(INTERRUPTED)
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
    3 a rule or plugin errored (the report is still written), 4 internal error,
    130 interrupted.
    """
    if debug:
        os.environ[DEBUG_ENV] = "1"


from maturity.cli.commands import register_commands  # noqa: E402 - commands need `cli` above

register_commands(cli)


def _no_plugin_to_load() -> bool:
    """No entry point in the group (or plugins off) and no configuration that could
    name local plugins: checked without importing the plugin machinery."""
    from importlib import metadata
    from pathlib import Path

    from maturity.plugins import GROUP, NO_PLUGINS_ENV

    if not os.environ.get(NO_PLUGINS_ENV) and metadata.entry_points(group=GROUP):
        return False
    folder = Path.cwd().resolve()
    return not any(
        (place / "maturity.toml").is_file() or (place / "pyproject.toml").is_file()
        for place in (folder, *folder.parents)
    )


def _short_help(command: click.Command, limit: int) -> str:
    text = command.get_short_help_str(limit)
    owner = getattr(command, "plugin", None)
    return f"{text} [{owner}]" if owner else text


def _debug() -> bool:
    return bool(os.environ.get(DEBUG_ENV))


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: let plugins add commands, then run the CLI."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        _load_plugin_commands(args)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(INTERRUPTED)
    from maturity.cli.terminal import QUICK_EXIT

    # Only as the process's own command line: a caller passing argv lives on.
    QUICK_EXIT.update(on=False, process=argv is None)
    try:
        cli.main(args=args, prog_name="maturity")
    except SystemExit as done:
        code = done.code or 0
        if QUICK_EXIT["process"] and QUICK_EXIT["on"] and isinstance(code, int):
            _leave(code)
        raise
    finally:
        QUICK_EXIT["process"] = False


def _leave(code: int) -> None:
    """End the process now: the standard streams flushed and the exit handlers run, but not
    the freeing of every object (a tenth of a second and more after a large model)."""
    import atexit

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # e.g. a closed pipe: the interpreter's own exit reports it
        return
    atexit._run_exitfuncs()
    os._exit(code)


def _load_plugin_commands(args: Sequence[str]) -> None:
    """Let plugins add subcommands, unless the command is a built-in or plugins are off.

    The plugins are those the command's own options and configuration choose
    (``--no-plugins``, ``--block-plugin``, ``--plugin``), as for any command;
    ``maturity --help`` lists them too.
    """
    helping = not args or args[0] in ("-h", "--help")
    if not helping and (args[0] in cli.commands or (args[0].startswith("-") and args[0] != "--")):
        return
    if helping and _no_plugin_to_load():
        return  # keep `maturity --help` as fast as before when there is nothing to list
    from maturity.cli.options import options_in
    from maturity.errors import MaturityError
    from maturity.plugins.registry import build_registry

    try:
        options = replace(options_in(args[1:]), strict=False)
    except MaturityError:
        return  # the command itself reports a broken configuration
    try:
        _, registry = build_registry(options, commands_only=True)
    except MaturityError as exc:  # e.g. --plugin-file names no file: say so, then let click
        for line in exc.lines():
            click.echo(f"error: {line}", err=True)
        return
    for source, message in registry.errors:
        if message.startswith("maturity_register_commands"):
            click.echo(f"error: plugin {source}: {message}", err=True)
    for name, command in registry.commands.items():
        owner = registry.owners[("command", name)]
        if name in cli.commands and getattr(cli.commands[name], "plugin", None) != owner:
            click.echo(f"error: plugin {owner}: command '{name}' is taken; ignored", err=True)
            continue
        command.plugin = owner  # type: ignore[attr-defined]
        cli.add_command(command)
