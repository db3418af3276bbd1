"""The plugin manager factory, entry-point discovery, and what plugins register.

Loading is a pipeline: find entry points → load each (a failure is recorded
with the distribution's name, never fatal unless strict) → collect what each
plugin registers through the hooks, attributed to it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import pluggy

from maturity import hookspecs
from maturity.engine.graphconds import BUILTIN_METRICS, MetricFn
from maturity.engine.operators import BUILTIN_OPERATORS, Operator
from maturity.errors import MaturityError, PluginError
from maturity.vocabulary import Vocabulary

GROUP = "maturity"
#: Comma-separated plugin names to block; ``*`` blocks every third-party plugin.
BLOCK_ENV = "MATURITY_BLOCK_PLUGINS"
NO_PLUGINS_ENV = "MATURITY_NO_PLUGINS"

BUILTIN_MODULES = (
    "maturity.builtin.packs",
    "maturity.builtin.loaders",
    "maturity.builtin.reporters",
)


@dataclass(frozen=True)
class PluginInfo:
    """One plugin as ``maturity plugins`` lists it."""

    name: str
    distribution: str
    version: str
    builtin: bool
    hooks: tuple[str, ...] = ()
    error: str | None = None


@dataclass
class Registry:
    """Everything the plugins registered, each item with the plugin that supplied it."""

    packs: list[tuple[str, Any]] = field(default_factory=list)
    operators: dict[str, Operator] = field(default_factory=lambda: dict(BUILTIN_OPERATORS))
    metrics: dict[str, MetricFn] = field(default_factory=lambda: dict(BUILTIN_METRICS))
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    loaders: list[Any] = field(default_factory=list)
    reporters: dict[str, Any] = field(default_factory=dict)
    graph_hooks: list[tuple[str, Callable[..., None]]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    plugins: list[PluginInfo] = field(default_factory=list)


def _builtin_module(name: str) -> Any:
    import importlib

    return importlib.import_module(name)


def _blocked(extra: Iterable[str]) -> set[str]:
    names = {n.strip() for n in os.environ.get(BLOCK_ENV, "").split(",") if n.strip()}
    return names | set(extra)


def get_plugin_manager(
    load_entrypoints: bool = True,
    block: Iterable[str] = (),
    strict: bool = False,
) -> tuple[pluggy.PluginManager, list[PluginInfo]]:
    """Build a fresh manager: built-ins, then each entry point unless blocked."""
    pm = pluggy.PluginManager(GROUP)
    pm.add_hookspecs(hookspecs)
    infos: list[PluginInfo] = []
    from maturity import __version__

    for module_name in BUILTIN_MODULES:
        pm.register(_builtin_module(module_name), name=module_name)
        infos.append(PluginInfo(module_name, "maturity", __version__, True))
    if load_entrypoints and not os.environ.get(NO_PLUGINS_ENV):
        blocked = _blocked(block)
        for entry in sorted(metadata.entry_points(group=GROUP), key=lambda e: e.name):
            infos.append(_load_entry_point(pm, entry, blocked, strict))
    pm.check_pending()
    return pm, [_with_hooks(pm, info) for info in infos]


def _load_entry_point(
    pm: pluggy.PluginManager, entry: metadata.EntryPoint, blocked: set[str], strict: bool
) -> PluginInfo:
    dist = entry.dist.name if entry.dist else entry.name
    version = entry.dist.version if entry.dist else "?"
    if entry.name in blocked or dist in blocked or "*" in blocked:
        return PluginInfo(entry.name, dist, version, False, error="blocked")
    try:
        module = entry.load()
        pm.register(module, name=entry.name)
    except Exception as exc:
        if strict:
            raise PluginError(dist, f"failed to load: {type(exc).__name__}: {exc}") from exc
        return PluginInfo(entry.name, dist, version, False, error=f"{type(exc).__name__}: {exc}")
    return PluginInfo(entry.name, dist, version, False)


def _with_hooks(pm: pluggy.PluginManager, info: PluginInfo) -> PluginInfo:
    plugin = pm.get_plugin(info.name)
    if plugin is None:
        return info
    hooks = tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()))
    return PluginInfo(info.name, info.distribution, info.version, info.builtin, hooks, info.error)


def _impls(pm: pluggy.PluginManager, hook: str) -> list[tuple[str, Callable[..., Any]]]:
    caller = getattr(pm.hook, hook)
    return sorted(
        ((impl.plugin_name, impl.function) for impl in caller.get_hookimpls()),
        key=lambda item: item[0],
    )


def _distribution(infos: Mapping[str, PluginInfo], name: str) -> str:
    info = infos.get(name)
    return info.distribution if info else name


def collect(pm: pluggy.PluginManager, infos: list[PluginInfo], strict: bool = False) -> Registry:
    """Call every collection hook, one implementation at a time, attributing results."""
    registry = Registry(plugins=list(infos))
    by_name = {info.name: info for info in infos}
    for info in infos:
        if info.error and info.error != "blocked":
            registry.errors.append((info.distribution, f"failed to load: {info.error}"))

    def guarded(hook: str, make: Callable[[str], Any], **extra: Any) -> None:
        for name, function in _impls(pm, hook):
            try:
                if extra:
                    function(**extra)
                else:
                    function(register=make(name))
            except MaturityError:
                raise
            except Exception as exc:
                dist = _distribution(by_name, name)
                if strict:
                    raise PluginError(dist, f"{hook} raised {type(exc).__name__}: {exc}") from exc
                registry.errors.append((dist, f"{hook} raised {type(exc).__name__}: {exc}"))

    guarded("maturity_register_packs", lambda n: lambda item: registry.packs.append((n, item)))
    guarded("maturity_register_operators", lambda n: _operator_register(registry, by_name, n))
    guarded("maturity_register_metrics", lambda n: _metric_register(registry, by_name, n))
    guarded("maturity_register_vocabulary", lambda n: _vocabulary_register(registry))
    guarded("maturity_register_loaders", lambda n: registry.loaders.append)
    guarded("maturity_register_reporters", lambda n: _reporter_register(registry, by_name, n))
    for name, function in _impls(pm, "maturity_prepare_graph"):
        registry.graph_hooks.append((_distribution(by_name, name), function))
    return registry


def _operator_register(
    registry: Registry, infos: Mapping[str, PluginInfo], plugin: str
) -> Callable[[Operator], None]:
    def register(operator: Operator) -> None:
        if not isinstance(operator, Operator):
            raise TypeError(f"expected an Operator, got {type(operator).__name__}")
        if operator.name in registry.operators:
            raise ValueError(f"operator '{operator.name}' is already defined")
        registry.operators[operator.name] = operator

    return register


def _metric_register(
    registry: Registry, infos: Mapping[str, PluginInfo], plugin: str
) -> Callable[[str, MetricFn], None]:
    def register(name: str, fn: MetricFn) -> None:
        if name in registry.metrics:
            raise ValueError(f"metric '{name}' is already defined")
        registry.metrics[name] = fn

    return register


def _vocabulary_register(registry: Registry) -> Callable[..., None]:
    def register(
        role_kinds: Iterable[str] = (),
        flow_kinds: Iterable[str] = (),
        content: Iterable[str] = (),
        practices: Mapping[str, Any] | None = None,
    ) -> None:
        registry.vocabulary = registry.vocabulary.extended(
            role_kinds, flow_kinds, content, practices
        )

    return register


def _reporter_register(
    registry: Registry, infos: Mapping[str, PluginInfo], plugin: str
) -> Callable[[Any], None]:
    def register(reporter: Any) -> None:
        if reporter.name in registry.reporters:
            raise ValueError(f"report format '{reporter.name}' is already defined")
        registry.reporters[reporter.name] = reporter

    return register


def builtin_rules_dir() -> Path:
    from maturity.resources import data_dir

    return data_dir("rules")
