"""The plugin manager factory: built-in plugins, then entry points, each recorded.

Loading is a pipeline: find entry points → load each (a failure is recorded
with the distribution's name, never fatal unless strict) → collect what each
plugin registers through the hooks (:mod:`maturity.plugins.registry`).
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pluggy

from maturity.errors import PluginError, origin, show_traceback
from maturity.plugins import BLOCK_ENV, GROUP, NO_PLUGINS_ENV, ONLY_ENV, hookspecs

#: Built-in plugin name (as ``maturity plugins`` shows it) → the module that implements it.
BUILTIN_MODULES = {
    "maturity.builtin.language": "maturity.plugins.builtin.language",
    "maturity.builtin.packs": "maturity.plugins.builtin.packs",
    "maturity.builtin.loaders": "maturity.plugins.builtin.loaders",
    "maturity.builtin.reporters": "maturity.plugins.builtin.reporters",
}


@dataclass(frozen=True)
class PluginInfo:
    """One plugin as ``maturity plugins`` lists it."""

    name: str
    distribution: str
    version: str
    builtin: bool
    hooks: tuple[str, ...] = ()
    error: str | None = None


def _builtin_module(name: str) -> Any:
    import importlib

    return importlib.import_module(name)


def _names(variable: str, extra: Iterable[str]) -> set[str]:
    names = {n.strip() for n in os.environ.get(variable, "").split(",") if n.strip()}
    return names | set(extra)


def get_plugin_manager(
    load_entrypoints: bool = True,
    block: Iterable[str] = (),
    strict: bool = False,
    only: Iterable[str] = (),
    files: Iterable[str | Path] = (),
    pack_files: Iterable[str | Path] = (),
    builtins: bool = True,
) -> tuple[pluggy.PluginManager, list[PluginInfo]]:
    """Build a fresh manager: built-ins, each entry point unless blocked, then local files.

    A blocked plugin (or one left out by ``only``) is never imported. Local
    files (:mod:`maturity.plugins.local`) are named explicitly, so ``only``
    does not apply to them; ``--no-plugins`` and blocking do, except to
    ``pack_files``, which the command was asked to run.
    """
    from maturity.plugins.local import expand, load_local

    pm = pluggy.PluginManager(GROUP)
    pm.add_hookspecs(hookspecs)
    infos: list[PluginInfo] = []
    from maturity import __version__

    for name, module_name in BUILTIN_MODULES.items() if builtins else ():
        pm.register(_builtin_module(module_name), name=name)
        infos.append(PluginInfo(name, "maturity", __version__, True))
    if load_entrypoints and not os.environ.get(NO_PLUGINS_ENV):
        blocked = _names(BLOCK_ENV, block)
        allowed = _names(ONLY_ENV, only)
        for entry in sorted(metadata.entry_points(group=GROUP), key=lambda e: e.name):
            infos.append(_load_entry_point(pm, entry, blocked, allowed, strict))
        infos += [load_local(pm, path, strict, blocked) for path in expand(files)]
    infos += [load_local(pm, path, strict, set()) for path in expand(pack_files)]
    pm.check_pending()
    return pm, [_with_hooks(pm, info) for info in infos]


def _load_entry_point(
    pm: pluggy.PluginManager,
    entry: metadata.EntryPoint,
    blocked: set[str],
    allowed: set[str],
    strict: bool,
) -> PluginInfo:
    dist = entry.dist.name if entry.dist else entry.name
    version = entry.dist.version if entry.dist else "?"
    names = {entry.name, dist}
    if names & blocked or "*" in blocked or (allowed and not names & allowed):
        return PluginInfo(entry.name, dist, version, False, error="blocked")
    info = PluginInfo(entry.name, dist, version, False)
    try:
        module = entry.load()
    except Exception as exc:  # noqa: BLE001 - a broken plugin must not end the run
        return failed(info, exception_text(exc), strict, exc)
    return register_plugin(pm, module, info, strict)


def exception_text(exc: BaseException) -> str:
    """``Type: message (at FILE:LINE, in FUNCTION)``."""
    return f"{type(exc).__name__}: {exc}{origin(exc)}"


def register_plugin(
    pm: pluggy.PluginManager, plugin: Any, info: PluginInfo, strict: bool
) -> PluginInfo:
    """Register a loaded plugin; a hook it gets wrong is its own load error."""
    try:
        pm.register(plugin, name=info.name)
    except pluggy.PluginValidationError as exc:
        return failed(info, _validation_message(exc), strict, exc)
    except Exception as exc:  # noqa: BLE001 - a broken plugin must not end the run
        return failed(info, exception_text(exc), strict, exc)
    try:
        # A misspelled hook name fails loudly, and is this plugin's fault alone.
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        pm.unregister(name=info.name)
        return failed(info, _pending_message(exc), strict, exc)
    return info


def _validation_message(exc: pluggy.PluginValidationError) -> str:
    """pluggy's message about a hook implementation's arguments, in plain words."""
    text = str(exc)
    match = re.search(r"for hook '(\w+)'.*?Argument\(s\) \{(.*?)\}", text, re.S)
    if not match:
        return f"invalid hook implementation: {' '.join(text.split())}"
    hook, wrong = match.group(1), match.group(2).replace("'", "")
    spec = getattr(hookspecs, hook, None)
    expected = ", ".join(inspect.signature(spec).parameters) if spec else "?"
    return (
        f"hook {hook} takes ({expected}), but its implementation asks for {wrong}: "
        "name the arguments as the hook does (they are never renamed; you may leave some out)"
    )


def failed(info: PluginInfo, message: str, strict: bool, exc: BaseException) -> PluginInfo:
    """A plugin that failed to load: fatal when ``strict``, else recorded."""
    if strict:
        raise PluginError(info.distribution, f"failed to load: {message}") from exc
    show_traceback(f"plugin {info.distribution}", exc)
    return PluginInfo(info.name, info.distribution, info.version, False, error=message)


def _pending_message(exc: pluggy.PluginValidationError) -> str:
    text = str(exc)
    hook = text.split("hook ", 1)[-1].split(" ", 1)[0].strip("'\"") if "hook" in text else ""
    known = [n for n in dir(hookspecs) if n.startswith("maturity_")]
    from maturity.model.vocabulary import did_you_mean

    return f"unknown hook {hook}{did_you_mean(hook, known)}" if hook else text


def _with_hooks(pm: pluggy.PluginManager, info: PluginInfo) -> PluginInfo:
    plugin = pm.get_plugin(info.name)
    if plugin is None:
        return info
    hooks = tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()))
    return PluginInfo(info.name, info.distribution, info.version, info.builtin, hooks, info.error)
