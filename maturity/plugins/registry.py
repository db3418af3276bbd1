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

import click
import pluggy

from maturity.engine.graphconds import MetricFn
from maturity.engine.operators import Operator
from maturity.errors import MaturityError, PluginError, origin, show_traceback
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
    #: Subcommands plugins add, by name (``maturity_register_commands``).
    commands: dict[str, click.Command] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)
    plugins: list[PluginInfo] = field(default_factory=list)
    #: Who registered each named item: ``("report format", "csv") -> distribution``.
    owners: dict[tuple[str, str], str] = field(default_factory=dict)
    #: What each plugin (by plugin name) contributed: ``{"acme": {"operator": ["x"]}}``.
    contributions: dict[str, dict[str, list[str]]] = field(default_factory=dict)


def failure_hint(errors: Iterable[tuple[str, str]]) -> str:
    """What to add to "unknown …": the plugins that failed, which may have supplied it."""
    failed = [f"{source}: {message}" for source, message in errors if source != "maturity"]
    if not failed:
        return ""
    more = f" (and {len(failed) - 3} more)" if len(failed) > 3 else ""
    return f"; perhaps a plugin that failed would have supplied it: {'; '.join(failed[:3])}{more}"


def build_registry(
    options: Options, commands_only: bool = False
) -> tuple[pluggy.PluginManager, Registry]:
    """The plugin manager and everything its plugins registered, as ``options`` choose.

    Command-line blocks add to the configuration's; a command-line ``only``
    replaces the configuration's. ``commands_only`` (for ``maturity --help`` and
    plugin commands) leaves out the built-ins, which add no commands, and calls
    ``maturity_register_commands`` alone.
    """
    config = options.config
    pm, infos = get_plugin_manager(
        load_entrypoints=options.plugins,
        block=(*options.block, *config.block),
        only=options.only or config.only,
        strict=options.strict,
        files=(*config.paths, *options.plugin_files),
        pack_files=options.pack_files,
        builtins=not commands_only,
    )
    return pm, collect(pm, infos, strict=options.strict, commands_only=commands_only)


def _impls(
    pm: pluggy.PluginManager, hook: str, order: Mapping[str, int]
) -> list[tuple[str, Callable[..., Any]]]:
    """A hook's implementations in the plugins' order: built-ins, entry points by name
    (never installation order), then local files in the order given."""
    caller = getattr(pm.hook, hook)
    return sorted(
        ((impl.plugin_name, impl.function) for impl in caller.get_hookimpls()),
        key=lambda item: (order.get(item[0], len(order)), item[0]),
    )


def _distribution(infos: Mapping[str, PluginInfo], name: str) -> str:
    info = infos.get(name)
    return info.distribution if info else name


def collect(
    pm: pluggy.PluginManager,
    infos: list[PluginInfo],
    strict: bool = False,
    commands_only: bool = False,
) -> Registry:
    """Call every collection hook, one implementation at a time, attributing results.

    A hook that raises, or registers something invalid or already registered
    by another plugin, is recorded with its distribution's name (or raised as
    :class:`PluginError` when ``strict``); the other plugins are unaffected.
    """
    registry = Registry(plugins=list(infos))
    by_name = {info.name: info for info in infos}
    order = {info.name: index for index, info in enumerate(infos)}
    for info in infos:
        if info.error and info.error != "blocked":
            registry.errors.append((info.distribution, f"failed to load: {info.error}"))
    named = _NamedRegistrar(registry)
    registry.owners = named.owners
    registrations = (
        ()
        if commands_only
        else (
            ("maturity_register_packs", named.pack),
            ("maturity_register_operators", named.operator),
            ("maturity_register_metrics", named.metric),
            ("maturity_register_vocabulary", named.vocabulary),
            ("maturity_register_loaders", named.loader),
            ("maturity_register_reporters", named.reporter),
        )
    )
    for hook, make in registrations:
        for name, function in _impls(pm, hook, order):
            dist = _distribution(by_name, name)
            named.current = name
            _call(registry, hook, dist, strict, function, register=make(dist))
    for name, function in _impls(pm, "maturity_register_commands", order):
        dist = _distribution(by_name, name)
        named.current = name
        group = click.Group()
        _call(registry, "maturity_register_commands", dist, strict, function, cli=group)
        for command_name, command in sorted(group.commands.items()):
            if named._claim("command", command_name, dist):
                registry.commands[command_name] = command
    for name, function in _impls(pm, "maturity_prepare_graph", order):
        registry.graph_hooks.append((_distribution(by_name, name), function))
    return registry


def _call(
    registry: Registry,
    hook: str,
    dist: str,
    strict: bool,
    function: Callable[..., Any],
    **kwargs: Any,
) -> None:
    """Call one hook implementation; what it raises is its distribution's error."""
    try:
        function(**kwargs)
    except MaturityError:
        raise
    except Exception as exc:
        message = f"{hook} raised {type(exc).__name__}: {exc}{origin(exc)}"
        if strict:
            raise PluginError(dist, message) from exc
        show_traceback(f"{hook} of {dist}", exc)
        registry.errors.append((dist, message))


class _NamedRegistrar:
    """Builds each plugin's ``register`` callbacks; remembers who registered what."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.owners: dict[tuple[str, str], str] = {}
        #: The plugin whose hook is being called.
        self.current = ""

    def _note(self, what: str, names: Iterable[str]) -> None:
        """Record what the current plugin contributes (for ``maturity plugins``)."""
        mine = self.registry.contributions.setdefault(self.current, {}).setdefault(what, [])
        mine += [n for n in names if n not in mine]

    def _claim(self, what: str, name: str, source: str) -> bool:
        """Record who registers ``name``; a duplicate is reported, and the rest goes on."""
        key = (what, name)
        owner = self.owners.get(key)
        if owner is not None:
            message = f"{what} '{name}' is already registered by {owner}; ignored"
            self.registry.errors.append((source, message))
            return False
        self.owners[key] = source
        self._note(what, [name])
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
            words: Mapping[str, Mapping[str, str]] | None = None,
        ) -> None:
            role_kinds, flow_kinds, content = list(role_kinds), list(flow_kinds), list(content)
            if words:  # checked first: a wrong table registers nothing
                from maturity.i18n import add_words

                keys = {
                    **{name: f"role_kind.{name}" for name in role_kinds},
                    **{name: f"flow_kind.{name}" for name in flow_kinds},
                    **{name: f"say.value.{name}" for name in content},
                    **{name: f"say.field.practices.{name}" for name in practices or ()},
                }
                add_words(words, keys)
            self.registry.vocabulary = self.registry.vocabulary.extended(
                role_kinds, flow_kinds, content, practices
            )
            for what, names in (
                ("role kind", role_kinds),
                ("flow kind", flow_kinds),
                ("content tag", content),
                ("practice", list(practices or ())),
            ):
                self._note(what, names)

        return register

    def loader(self, source: str) -> Callable[[Any], None]:
        def register(loader: Any) -> None:
            if all([self._claim("loader for", s, source) for s in loader.suffixes]):
                self.registry.loaders.append(loader)
                self._note("model format", [loader.name])

        return register

    def reporter(self, source: str) -> Callable[[Any], None]:
        def register(reporter: Any) -> None:
            if self._claim("report format", reporter.name, source):
                self.registry.reporters[reporter.name] = reporter

        return register
