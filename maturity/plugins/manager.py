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
from typing import Any

import pluggy

from maturity.engine.graphconds import BUILTIN_METRICS, MetricFn
from maturity.engine.operators import BUILTIN_OPERATORS, Operator
from maturity.errors import MaturityError, PluginError
from maturity.model.vocabulary import Vocabulary
from maturity.plugins import hookspecs

GROUP = "maturity"
#: Comma-separated plugin names (entry-point or distribution) never to import.
BLOCK_ENV = "MATURITY_BLOCK_PLUGINS"
#: Comma-separated plugin names: import only these third-party plugins.
ONLY_ENV = "MATURITY_PLUGINS"
#: Any non-empty value: built-ins only.
NO_PLUGINS_ENV = "MATURITY_NO_PLUGINS"

#: Built-in plugin name (as ``maturity plugins`` shows it) → the module that implements it.
BUILTIN_MODULES = {
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
    #: Who registered each named item: ``("report format", "csv") -> distribution``.
    owners: dict[tuple[str, str], str] = field(default_factory=dict)


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
) -> tuple[pluggy.PluginManager, list[PluginInfo]]:
    """Build a fresh manager: built-ins, then each entry point unless blocked.

    A blocked plugin (or one left out by ``only``) is never imported.
    """
    pm = pluggy.PluginManager(GROUP)
    pm.add_hookspecs(hookspecs)
    infos: list[PluginInfo] = []
    from maturity import __version__

    for name, module_name in BUILTIN_MODULES.items():
        pm.register(_builtin_module(module_name), name=name)
        infos.append(PluginInfo(name, "maturity", __version__, True))
    if load_entrypoints and not os.environ.get(NO_PLUGINS_ENV):
        blocked = _names(BLOCK_ENV, block)
        allowed = _names(ONLY_ENV, only)
        for entry in sorted(metadata.entry_points(group=GROUP), key=lambda e: e.name):
            infos.append(_load_entry_point(pm, entry, blocked, allowed, strict))
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
    try:
        module = entry.load()
        pm.register(module, name=entry.name)
    except Exception as exc:  # noqa: BLE001 - a broken plugin must not end the run
        return _failed(entry.name, dist, version, f"{type(exc).__name__}: {exc}", strict, exc)
    try:
        # A misspelled hook name fails loudly, and is this plugin's fault alone.
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        pm.unregister(name=entry.name)
        return _failed(entry.name, dist, version, _pending_message(exc), strict, exc)
    return PluginInfo(entry.name, dist, version, False)


def _failed(
    name: str, dist: str, version: str, message: str, strict: bool, exc: BaseException
) -> PluginInfo:
    if strict:
        raise PluginError(dist, f"failed to load: {message}") from exc
    return PluginInfo(name, dist, version, False, error=message)


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


def _impls(pm: pluggy.PluginManager, hook: str) -> list[tuple[str, Callable[..., Any]]]:
    """A hook's implementations: built-ins first, then plugins by name (never load order)."""
    caller = getattr(pm.hook, hook)
    return sorted(
        ((impl.plugin_name, impl.function) for impl in caller.get_hookimpls()),
        key=lambda item: (not item[0].startswith("maturity.builtin."), item[0]),
    )


def _distribution(infos: Mapping[str, PluginInfo], name: str) -> str:
    info = infos.get(name)
    return info.distribution if info else name


def collect(pm: pluggy.PluginManager, infos: list[PluginInfo], strict: bool = False) -> Registry:
    """Call every collection hook, one implementation at a time, attributing results.

    A hook that raises, or registers something invalid or already registered
    by another plugin, is recorded with its distribution's name (or raised as
    :class:`PluginError` when ``strict``); the other plugins are unaffected.
    """
    registry = Registry(plugins=list(infos))
    by_name = {info.name: info for info in infos}
    for info in infos:
        if info.error and info.error != "blocked":
            registry.errors.append((info.distribution, f"failed to load: {info.error}"))
    named = _NamedRegistrar(registry)
    registry.owners = named.owners
    for hook, make in (
        ("maturity_register_packs", named.pack),
        ("maturity_register_operators", named.operator),
        ("maturity_register_metrics", named.metric),
        ("maturity_register_vocabulary", named.vocabulary),
        ("maturity_register_loaders", named.loader),
        ("maturity_register_reporters", named.reporter),
    ):
        for name, function in _impls(pm, hook):
            dist = _distribution(by_name, name)
            try:
                function(register=make(dist))
            except MaturityError:
                raise
            except Exception as exc:
                message = f"{hook} raised {type(exc).__name__}: {exc}"
                if strict:
                    raise PluginError(dist, message) from exc
                registry.errors.append((dist, message))
    for name, function in _impls(pm, "maturity_prepare_graph"):
        registry.graph_hooks.append((_distribution(by_name, name), function))
    return registry


class _NamedRegistrar:
    """Builds each plugin's ``register`` callbacks; remembers who registered what."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.owners: dict[tuple[str, str], str] = {}

    def _claim(self, what: str, name: str, source: str) -> bool:
        """Record who registers ``name``; a duplicate is reported, and the rest goes on."""
        key = (what, name)
        builtin = what == "operator" and name in BUILTIN_OPERATORS
        builtin = builtin or (what == "metric" and name in BUILTIN_METRICS)
        owner = "maturity" if builtin else self.owners.get(key)
        if owner is not None:
            message = f"{what} '{name}' is already registered by {owner}; ignored"
            self.registry.errors.append((source, message))
            return False
        self.owners[key] = source
        return True

    def pack(self, source: str) -> Callable[[Any], None]:
        return lambda item: self.registry.packs.append((source, item))

    def operator(self, source: str) -> Callable[[Operator], None]:
        def register(operator: Operator) -> None:
            if not isinstance(operator, Operator):
                raise TypeError(f"expected an Operator, got {type(operator).__name__}")
            if self._claim("operator", operator.name, source):
                self.registry.operators[operator.name] = operator

        return register

    def metric(self, source: str) -> Callable[[str, MetricFn], None]:
        def register(name: str, fn: MetricFn) -> None:
            if not callable(fn):
                raise TypeError(f"metric '{name}' is not callable")
            if self._claim("metric", name, source):
                self.registry.metrics[name] = fn

        return register

    def vocabulary(self, source: str) -> Callable[..., None]:
        def register(
            role_kinds: Iterable[str] = (),
            flow_kinds: Iterable[str] = (),
            content: Iterable[str] = (),
            practices: Mapping[str, Any] | None = None,
        ) -> None:
            self.registry.vocabulary = self.registry.vocabulary.extended(
                role_kinds, flow_kinds, content, practices
            )

        return register

    def loader(self, source: str) -> Callable[[Any], None]:
        def register(loader: Any) -> None:
            if all([self._claim("loader for", s, source) for s in loader.suffixes]):
                self.registry.loaders.append(loader)

        return register

    def reporter(self, source: str) -> Callable[[Any], None]:
        def register(reporter: Any) -> None:
            if self._claim("report format", reporter.name, source):
                self.registry.reporters[reporter.name] = reporter

        return register
