"""Options shared by the commands: which packs and plugins a run uses, and exit codes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click

from maturity.i18n import LANGS
from maturity.model.vocabulary import LEVELS

if TYPE_CHECKING:
    from maturity.assess.config import Config
    from maturity.assess.session import Options, Session

LEVEL_CHOICES = LEVELS
#: ``--lang``: the language of reports and rule texts.
LANG_CHOICE = click.Choice(LANGS)


class ExitCode(Exception):
    """Raised by a command to end with ``code`` after its output is written."""

    def __init__(self, code: int):
        self.code = code


class Seconds(click.ParamType):
    """A time limit in seconds: a finite number from 0 (no limit) to a day."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        import math

        from maturity.rules.rule import MAX_TIMEOUT

        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"'{value}' is not a number of seconds", param, ctx)
        if not math.isfinite(seconds) or not 0 <= seconds <= MAX_TIMEOUT:
            self.fail(
                f"{value} is not between 0 (no limit) and {MAX_TIMEOUT:g} seconds", param, ctx
            )
        return seconds


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
            "--plugin",
            "only",
            multiple=True,
            metavar="NAME",
            help="Import only this third-party plugin (repeatable; also MATURITY_PLUGINS=a,b).",
        ),
        click.option(
            "--plugin-file",
            "plugin_files",
            multiple=True,
            metavar="PATH",
            help="Load a local plugin: a .py module or a TOML pack file, or a folder of them "
            "(repeatable; no packaging needed).",
        ),
        click.option(
            "--pack-file",
            "pack_files",
            multiple=True,
            metavar="PACK.toml",
            help="Load this TOML pack file and enable it (with --pack, the only packs enabled; "
            "repeatable).",
        ),
        click.option(
            "--strict",
            is_flag=True,
            help="Fail at once when a plugin or rule errors, instead of reporting it.",
        ),
        click.option(
            "--config",
            "config_path",
            metavar="PATH",
            help="Configuration file (default: the nearest maturity.toml, or pyproject.toml "
            "with [tool.maturity], upward from the first model).",
        ),
        click.option("--no-config", is_flag=True, help="Ignore configuration files."),
        click.option(
            "--rule-timeout",
            type=Seconds(),
            default=30.0,
            show_default=True,
            metavar="SECONDS",
            help="Stop a rule that runs longer and report it as an error (0: no limit; "
            "at most 86400, a day).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def find_config(kwargs: dict[str, Any], files: Sequence[str]) -> Config:
    """The configuration a run uses: ``--config``, else discovered from the first model."""
    from pathlib import Path

    from maturity.assess.config import Config, discover, load_config

    path = kwargs.pop("config_path", None)
    if kwargs.pop("no_config", False):
        return Config()
    if path is not None:
        return load_config(Path(path))
    found = discover(Path(files[0])) if files else discover(Path.cwd())
    return load_config(found) if found else Config()


def make_options(kwargs: dict[str, Any], files: Sequence[str] = ()) -> Options:
    """The session options from the shared command-line options (consumed from ``kwargs``)."""
    from maturity.assess.session import Options
    from maturity.model.validate import Limits

    config = find_config(kwargs, files)
    params = dict(_parse_param(p) for p in kwargs.pop("params", ()))
    timeout = kwargs.pop("rule_timeout", 30.0)
    return Options(
        packs=tuple(kwargs.pop("packs", ())),
        params=params,
        plugins=not kwargs.pop("no_plugins", False),
        block=tuple(kwargs.pop("block", ())),
        only=tuple(kwargs.pop("only", ())),
        plugin_files=tuple(kwargs.pop("plugin_files", ())),
        pack_files=tuple(kwargs.pop("pack_files", ())),
        strict=kwargs.pop("strict", False),
        config=config,
        limits=Limits(**config.limits),
        rule_timeout=timeout or None,
    )


def make_session(kwargs: dict[str, Any], files: Sequence[str] = ()) -> Session:
    """A session from the shared options (consumed from ``kwargs``)."""
    from maturity.assess.session import Session

    return Session(make_options(kwargs, files))


def options_in(args: Sequence[str]) -> Options:
    """The shared options among ``args``, the rest ignored: for a plugin's command, whose
    own options are not known until its plugin is loaded."""
    probe = click.Command(
        "probe",
        params=session_options(lambda **_: None).__click_params__,  # type: ignore[attr-defined]
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    )
    ctx = probe.make_context("maturity", list(args), resilient_parsing=True)
    return make_options(dict(ctx.params))
