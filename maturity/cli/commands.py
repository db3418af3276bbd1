"""The built-in subcommands. Each stays thin: options in, library call, output out."""

from __future__ import annotations

import click

from maturity.cli.assess import assess
from maturity.cli.discover import discover
from maturity.cli.model import graph, init, validate
from maturity.cli.plan import plan
from maturity.cli.plugins import plugin, plugins
from maturity.cli.rules import rules
from maturity.cli.serve import serve


def register_commands(group: click.Group) -> None:
    from maturity.cli.history import COMMANDS as HISTORY_COMMANDS
    from maturity.cli.intake import COMMANDS as INTAKE_COMMANDS

    more = (*HISTORY_COMMANDS, *INTAKE_COMMANDS)
    for command in (
        assess,
        validate,
        rules,
        plugins,
        plugin,
        init,
        plan,
        graph,
        discover,
        *more,
        serve,
    ):
        group.add_command(command)
