"""Local plugins: a ``.py`` module or a TOML pack file, used without packaging.

``--plugin-file PATH`` (repeatable), ``--pack-file PACK.toml`` and ``[plugins]
paths`` in the configuration name them; a folder stands for every ``*.py`` and
``*.toml`` file in it, sorted by name. They load after the entry points, in the
order given, through the same hooks and the same isolation: a module that does
not import, or a hook that raises, is that file's error, recorded under its path.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pluggy

from maturity import hookimpl
from maturity.errors import UsageError
from maturity.plugins.manager import PluginInfo, exception_text, failed, register_plugin

#: What ``maturity plugins`` shows as a local plugin's version.
LOCAL_VERSION = "local file"
SUFFIXES = (".py", ".toml")


class PackFile:
    """A TOML pack file as a plugin: it registers the pack, nothing else."""

    def __init__(self, path: Path):
        self.path = path

    @hookimpl
    def maturity_register_packs(self, register: Callable[[Any], None]) -> None:
        register(self.path)


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Each path as files: a folder gives its ``*.py`` and ``*.toml``; duplicates once."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
        elif path.is_file():
            if path.suffix not in SUFFIXES:
                raise UsageError(f"{raw}: a local plugin is a .py module or a .toml pack file")
            found = [path]
        else:
            raise UsageError(f"{raw}: no such plugin file or folder")
        out += [p for p in found if p.resolve() not in {q.resolve() for q in out}]
    return out


def is_blocked(path: Path, blocked: set[str]) -> bool:
    return bool({str(path), path.name, path.stem} & blocked) or "*" in blocked


def load_local(pm: pluggy.PluginManager, path: Path, strict: bool, blocked: set[str]) -> PluginInfo:
    """Import (or wrap) one local file and register it; a failure is its own error."""
    name = str(path)
    info = PluginInfo(name, name, LOCAL_VERSION, False)
    if is_blocked(path, blocked):
        return PluginInfo(name, name, LOCAL_VERSION, False, error="blocked")
    if path.suffix == ".toml":
        return register_plugin(pm, PackFile(path), info, strict)
    try:
        module = _import(path)
    except Exception as exc:  # noqa: BLE001 - a broken plugin must not end the run
        return failed(info, exception_text(exc), strict, exc)
    return register_plugin(pm, module, info, strict)


def _import(path: Path) -> Any:
    """Import a module from its path, under a name its path makes unique."""
    digest = hashlib.sha1(str(path.resolve()).encode(), usedforsecurity=False).hexdigest()[:8]
    module_name = f"maturity_local_{path.stem}_{digest}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module
