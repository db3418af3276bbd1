"""Options shared by the commands: which packs and plugins a run uses, and exit codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from maturity.assess import Session

LEVEL_CHOICES = ("beginner", "intermediate", "advanced")


class ExitCode(Exception):
    """Raised by a command to end with ``code`` after its output is written."""

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
        click.option(
            "--pack",
            "packs",
            multiple=True,
            metavar="ID",
            help="Enable only this rule pack (repeatable). Default: all packs.",
        ),
        click.option(
            "--param",
            "params",
            multiple=True,
            metavar="NAME=VALUE",
            help="Override a pack parameter, e.g. small_company_arr=30000000.",
        ),
        click.option(
            "--no-plugins", is_flag=True, help="Run built-ins only (also: MATURITY_NO_PLUGINS=1)."
        ),
        click.option(
            "--block-plugin",
            "block",
            multiple=True,
            metavar="NAME",
            help="Do not import this plugin (repeatable; also MATURITY_BLOCK_PLUGINS=a,b).",
        ),
        click.option(
            "--strict",
            is_flag=True,
            help="Fail at once when a plugin or rule errors, instead of reporting it.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def make_session(kwargs: dict[str, Any]) -> Session:
    from maturity.assess import Options, Session

    params = dict(_parse_param(p) for p in kwargs.pop("params", ()))
    return Session(
        Options(
            packs=tuple(kwargs.pop("packs", ())),
            params=params,
            plugins=not kwargs.pop("no_plugins", False),
            block=tuple(kwargs.pop("block", ())),
            strict=kwargs.pop("strict", False),
        )
    )
