"""The built-in subcommands. Each stays thin: options in, library call, output out."""

from __future__ import annotations

import click

from maturity.cli.assess import assess
from maturity.cli.discover import discover
from maturity.cli.model import graph, init, validate
from maturity.cli.plan import plan
from maturity.cli.plugins import plugins
from maturity.cli.rules import rules


def register_commands(group: click.Group) -> None:
    for command in (assess, validate, rules, plugins, init, plan, graph, discover):
        group.add_command(command)
