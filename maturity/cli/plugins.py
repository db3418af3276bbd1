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
    """List plugins: distribution, version, hooks, packs and rules supplied, load errors.

    Exit 0 when every plugin loaded, 3 when one failed (its error is listed).
    """
    from maturity.plugins.table import plugin_table

    session = make_session(options)
    items = plugin_table(session)
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
