"""One error hierarchy; only ``cli.py`` turns these into messages and exit codes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file."""

    source: str
    location: str
    message: str
    line: int | None = None
    #: The problem as a reader is told it, when the catalog has the words: ``(key,
    #: values)`` parts of :mod:`maturity.i18n`, said one after another (the studio).
    words: tuple[tuple[str, Mapping[str, Any]], ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
        if self.location:
            where += f": {self.location}"
        return f"{where}: {self.message}"


class MaturityError(Exception):
    """Base of every error the tool reports to a user."""

    exit_code = 2

    def lines(self) -> list[str]:
        return [str(self)]


class InputError(MaturityError):
    """Bad input: every problem found in one go, each with its location."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: Sequence[Problem] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class ModelError(InputError):
    """An organization model that cannot be read or is invalid."""


class PackError(InputError):
    """A rule pack that cannot be read or is invalid."""


class ConfigError(InputError):
    """A configuration file or option that is invalid."""


class UsageError(MaturityError):
    """A command-line usage problem that click itself cannot see."""


class OutputError(MaturityError):
    """A report or model could not be written."""


class PluginError(MaturityError):
    """A plugin failed to load or misbehaved (raised under ``--strict``)."""

    exit_code = 3

    def __init__(self, plugin: str, message: str):
        self.plugin = plugin
        super().__init__(f"plugin {plugin}: {message}")


#: Any non-empty value (or ``--debug``): show the tracebacks of what failed.
DEBUG_ENV = "MATURITY_DEBUG"


def debugging() -> bool:
    import os

    return bool(os.environ.get(DEBUG_ENV))


def show_traceback(source: str, exc: BaseException) -> None:
    """Under ``--debug``, the traceback of a plugin's or rule's own failure, on stderr.

    The run goes on (a contained failure stays contained); this only shows where
    it happened: the plugin's file and line, not maturity's.
    """
    if not debugging():
        return
    import sys
    import traceback

    text = "".join(traceback.format_exception(exc))
    sys.stderr.write(f"debug: traceback of {source}:\n{text}")


def origin(exc: BaseException) -> str:
    """`` (at FILE:LINE)``: where outside maturity ``exc`` was raised, or ``""``."""
    import traceback
    from pathlib import Path

    package = str(Path(__file__).resolve().parent)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename[:1] != "<"]
    outside = [f for f in frames if not str(Path(f.filename).resolve()).startswith(package)]
    if not outside:
        return ""
    frame = outside[-1]
    return f" (at {frame.filename}:{frame.lineno}, in {frame.name})"
