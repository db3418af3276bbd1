"""``maturity plugins``: what each plugin adds, and its problems."""

from __future__ import annotations

import json
from typing import Any

import click

from maturity.cli.options import make_session, session_options


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)  # fmt: skip
@session_options
def plugins(fmt: str, **options: Any) -> None:
    """List plugins: distribution, version, hooks, packs and rules supplied, load errors."""
    from maturity.plugins.table import plugin_table

    session = make_session(options)
    items = plugin_table(session)
    if fmt == "json":
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    for item in items:
        state = "  (blocked: not imported)" if item["blocked"] else ""
        state += f"  ERROR: {item['error']}" if item["error"] else ""
        click.echo(f"{item['name']} ({item['distribution']} {item['version']}){state}")
        if item["hooks"]:
            click.echo(f"    hooks: {', '.join(item['hooks'])}")
        for pack in item["packs"]:
            click.echo(f"    pack {pack['id']} {pack['version']}: {', '.join(pack['rules'])}")
