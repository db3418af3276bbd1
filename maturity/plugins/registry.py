"""What plugins register, collected into one registry, and the one function that builds it.

:func:`build_registry` turns a session's options (``--no-plugins``,
``--block-plugin``, ``--plugin``, the configuration's lists, the environment)
into the plugin manager and its registry. The session, the CLI's plugin
commands and every report format get their plugins from it, so blocking holds
everywhere. Built-in operators, metrics, vocabulary, packs, loaders and report
formats arrive through the same hooks as third parties'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pluggy

from maturity.engine.graphconds import MetricFn
from maturity.engine.operators import Operator
from maturity.errors import MaturityError, PluginError
from maturity.model.vocabulary import Vocabulary
from maturity.plugins.manager import PluginInfo, get_plugin_manager

if TYPE_CHECKING:
    from maturity.assess.session import Options

#: What the registry starts from: nothing; the built-in plugins register the rest.
EMPTY_VOCABULARY = Vocabulary(frozenset(), frozenset(), frozenset())


@dataclass
class Registry:
    """Everything the plugins registered, each item with the plugin that supplied it."""

    packs: list[tuple[str, Any]] = field(default_factory=list)
    operators: dict[str, Operator] = field(default_factory=dict)
    metrics: dict[str, MetricFn] = field(default_factory=dict)
    vocabulary: Vocabulary = EMPTY_VOCABULARY
    loaders: list[Any] = field(default_factory=list)
    reporters: dict[str, Any] = field(default_factory=dict)
    graph_hooks: list[tuple[str, Callable[..., None]]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    plugins: list[PluginInfo] = field(default_factory=list)
    #: Who registered each named item: ``("report format", "csv") -> distribution``.
    owners: dict[tuple[str, str], str] = field(default_factory=dict)


def build_registry(options: Options) -> tuple[pluggy.PluginManager, Registry]:
    """The plugin manager and everything its plugins registered, as ``options`` choose.

    Command-line blocks add to the configuration's; a command-line ``only``
    replaces the configuration's.
    """
    config = options.config
    pm, infos = get_plugin_manager(
        load_entrypoints=options.plugins,
        block=(*options.block, *config.block),
        only=options.only or config.only,
        strict=options.strict,
    )
    return pm, collect(pm, infos, strict=options.strict)


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
        owner = self.owners.get(key)
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
