"""``maturity plugins``: what each plugin adds, and its problems."""

from __future__ import annotations

import json
from typing import Any

import click

from maturity.cli.options import ExitCode, make_session, session_options


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)  # fmt: skip
@session_options
def plugins(fmt: str, **options: Any) -> None:
    """List plugins and everything each contributes, with distribution and version.

    Contributions: packs and their rules, operators, metrics, report and model
    formats, role and flow kinds, content tags, practices and commands
    (maturity's own commands under maturity.cli); then load errors.

    Exit 0 when every plugin loaded, 3 when one failed (its error is listed).
    """
    from maturity.plugins.table import plugin_table

    session = make_session(options)
    root = click.get_current_context().find_root().command
    items = plugin_table(session, getattr(root, "commands", {}))
    failed = any(item["error"] for item in items)
    if fmt == "json":
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
    else:
        _print_table(items)
    if failed:
        raise ExitCode(3)


def _print_table(items: list[dict[str, Any]]) -> None:
    for item in items:
        state = "  (blocked: not imported)" if item["blocked"] else ""
        state += f"  ERROR: {item['error']}" if item["error"] else ""
        click.echo(f"{item['name']} ({item['distribution']} {item['version']}){state}")
        if item["hooks"]:
            click.echo(f"    hooks: {', '.join(item['hooks'])}")
        for pack in item["packs"]:
            click.echo(f"    pack {pack['id']} {pack['version']}: {', '.join(pack['rules'])}")
        for key, names in item["contributes"].items():
            if names and key not in ("packs", "rules"):
                click.echo(f"    {key.replace('_', ' ')}: {', '.join(names)}")


@click.group()
def plugin() -> None:
    """Write new plugins."""


@plugin.command("new")
@click.argument("name")
@click.option(
    "--directory",
    "-d",
    metavar="DIR",
    help="Where to write it (default: ./maturity-NAME); must not exist, or be empty.",
)
def plugin_new(name: str, directory: str | None) -> None:
    """Write a working plugin distribution: pyproject, a TOML pack with rule tests,
    a Python rule, a sample model and a pytest file using maturity.testing.

    NAME is short (okr) or the distribution's name (maturity-okr). Its tests
    pass as written. Example: maturity plugin new okr && cd maturity-okr &&
    pip install -e '.[test]' && python -m pytest
    """
    from pathlib import Path

    from maturity.plugins.scaffold import Names, write_plugin

    names = Names.of(name)
    folder = Path(directory or names.distribution)
    for path in write_plugin(names, folder):
        click.echo(f"wrote {path}", err=True)
    click.echo(
        f"Next: cd {folder} && pip install -e '.[test]' && python -m pytest && maturity plugins"
    )
