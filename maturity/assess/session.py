"""A session: plugins loaded and packs compiled once, then any number of models assessed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maturity.assess.config import Config, check_rule_ids, check_waiver_roles, check_waiver_scopes
from maturity.assess.scoring import Scores, score
from maturity.assess.waivers import apply_waivers
from maturity.engine.context import Context
from maturity.engine.graphconds import start_metrics, stop_metrics
from maturity.engine.language import Language
from maturity.errors import (
    ConfigError,
    MaturityError,
    ModelError,
    PackError,
    PluginError,
    Problem,
    UsageError,
    origin,
    show_traceback,
)
from maturity.model.load import Loader, load_model
from maturity.model.nogc import paused_gc
from maturity.model.validate import Limits, Model
from maturity.model.vocabulary import did_you_mean
from maturity.plugins.local import expand
from maturity.plugins.manager import PluginInfo
from maturity.plugins.registry import build_registry, failure_hint
from maturity.resources import data_dir
from maturity.rules.packs import GLOBAL_PARAMS, PackSkipped, adopt_pack, load_pack, load_pack_file
from maturity.rules.params import GLOBAL_SPECS, type_of
from maturity.rules.params import problem as param_problem
from maturity.rules.rule import Finding, Pack, Rule, evaluate, rule_key

if TYPE_CHECKING:
    import networkx as nx

#: Seconds a rule may run before it is stopped and reported as ``error``.
DEFAULT_RULE_TIMEOUT = 30.0


@dataclass(frozen=True)
class Options:
    """How a run is set up: packs, parameters, plugins, configuration and limits.

    Command-line choices (``packs``, ``params``, ``block``, ``only``) take
    precedence over the configuration file's.
    """

    packs: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    plugins: bool = True
    block: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    #: Local plugins: ``.py`` modules or TOML pack files (or folders of them).
    plugin_files: tuple[str, ...] = ()
    #: TOML pack files to load and enable (with ``packs``, the only ones enabled).
    pack_files: tuple[str, ...] = ()
    strict: bool = False
    limits: Limits = field(default_factory=Limits)
    config: Config = field(default_factory=Config)
    rule_timeout: float | None = DEFAULT_RULE_TIMEOUT
    today: dt.date | None = None

    @property
    def all_params(self) -> dict[str, Any]:
        return {**self.config.params, **self.params}


@dataclass(frozen=True)
class Assessment:
    """One model assessed: findings sorted by rule id, scores with and without waivers."""

    model: Model
    #: The indexes rules read; its ``graph`` is built only when asked for.
    context: Context
    packs: tuple[Pack, ...]
    rules: Mapping[str, Rule]
    findings: tuple[Finding, ...]
    scores: Scores
    raw_scores: Scores
    errors: tuple[tuple[str, str], ...] = ()
    notices: tuple[str, ...] = ()
    #: Every configured waiver for an enabled rule: applied, expired or unused.
    waivers: tuple[Mapping[str, Any], ...] = ()

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The model as plugins see it (``maturity_prepare_graph`` applied)."""
        return self.context.graph

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(f.status == "error" for f in self.findings)


def param_type_problem(
    name: str, value: Any, default: Any, spec: Mapping[str, Any] | None = None
) -> str | None:
    """Why ``value`` cannot stand for parameter ``name``: declared by ``spec`` (a pack's
    declaration, see maturity.rules.params), else typed by its ``default``; or None."""
    spec = spec or GLOBAL_SPECS.get(name) or {"default": default, "type": type_of(default)}
    return param_problem(value, spec)


def clash_message(first: Rule, later: Rule) -> str:
    """The load error of ``later``, whose id ``first`` already supplied."""
    return (
        f"rule id {later.id} is supplied twice: by pack '{first.pack}' ({first.source}) "
        f"and by pack '{later.pack}' ({later.source}); the rule of pack '{later.pack}' "
        "is left out"
    )


class Session:
    """Loads plugins and compiles packs once; assesses many models."""

    def __init__(self, options: Options | None = None):
        self.options = options or Options()
        config = self.options.config
        self.plugin_manager, self.registry = build_registry(self.options)
        self.language = Language(
            self.registry.operators, self.registry.metrics, self.registry.vocabulary
        )
        self.errors: list[tuple[str, str]] = list(self.registry.errors)
        self.notices: list[str] = []
        self._pack_files = {str(path) for path in expand(self.options.pack_files)}
        if any(not path.endswith(".toml") for path in self._pack_files):
            raise UsageError("--pack-file takes TOML pack files (a .py plugin: --plugin-file)")
        self.all_packs = self._compile_packs()
        self._check_params()
        check_rule_ids(
            config, (r.id for p in self.all_packs for r in p.rules), [p.id for p in self.all_packs]
        )
        check_waiver_scopes(config, self.registry.vocabulary.flow_kinds)
        self.packs = self._select(self.all_packs)
        self.rules = self._rules(self.packs)

    @property
    def plugins(self) -> list[PluginInfo]:
        return self.registry.plugins

    @property
    def loaders(self) -> list[Loader]:
        return list(self.registry.loaders)

    def _fail(self, source: str, message: str) -> None:
        if self.options.strict:
            raise PluginError(source, message)
        self.errors.append((source, message))

    def _compile_packs(self) -> tuple[Pack, ...]:
        """Compile every registered pack, in registration order (built-ins first).

        One rule for clashes, enforced here: a pack id or rule id that an earlier
        pack already supplied is a load error of the later supplier (never of a
        built-in, which registers first): a clashing pack is left out, a clashing
        rule is left out of its pack, and the first supplier runs unharmed.
        """
        packs: dict[str, Pack] = {}
        claimed: dict[str, Rule] = {}
        for plugin, item in self.registry.packs:
            source = self._distribution(plugin)
            try:
                pack = self._compile(item, source)
            except PackSkipped as exc:
                self.notices.append(str(exc))
                continue
            except PackError as exc:
                if source in self._pack_files:
                    raise  # the pack the command was asked to run: bad input
                for line in exc.lines():
                    self._fail(source, f"invalid rule pack: {line}{self.cause(line)}")
                continue
            if pack.id in packs:
                other = packs[pack.id]
                self._fail(source, f"pack '{pack.id}' is already supplied by {other.source}")
                continue
            packs[pack.id] = pack = self._claim_rules(pack, claimed)
        return tuple(packs[k] for k in sorted(packs))

    def _claim_rules(self, pack: Pack, claimed: dict[str, Rule]) -> Pack:
        """``pack`` without the rules whose ids an earlier pack supplied (each an error)."""
        kept = []
        for rule in pack.rules:
            first = claimed.setdefault(rule.id, rule)
            if first is rule:
                kept.append(rule)
                continue
            self._fail(pack.source, clash_message(first, rule))
        return pack if len(kept) == len(pack.rules) else replace(pack, rules=tuple(kept))

    def _compile(self, item: Any, source: str) -> Pack:
        overrides = self.options.all_params
        if isinstance(item, Pack):
            return adopt_pack(item, source, overrides, self.language)
        if isinstance(item, (str, Path)):
            shipped = source == "maturity" and Path(item).parent == data_dir("rules")
            return load_pack_file(Path(item), self.language, overrides, source, trusted=shipped)
        if isinstance(item, Mapping):
            return load_pack(dict(item), f"<{source}>", self.language, overrides, source)
        raise PackError(
            [Problem(source, "", f"cannot register {type(item).__name__} as a rule pack")]
        )

    def cause(self, message: str, errors: Sequence[tuple[str, str]] | None = None) -> str:
        """For a message about something unknown: the plugins that failed to supply it."""
        if "unknown" not in message:
            return ""
        return failure_hint(self.registry.errors if errors is None else errors)

    def explain_unknown(self, message: str) -> str:
        """``message`` (about an unknown pack, format, kind…) with the plugin failures
        that may be its real cause."""
        return message + failure_hint(self.errors)

    def _distribution(self, plugin: str) -> str:
        for info in self.registry.plugins:
            if info.name == plugin:
                return info.distribution
        return plugin

    def _select(self, packs: Sequence[Pack]) -> tuple[Pack, ...]:
        from_files = tuple(p.id for p in packs if p.source in self._pack_files)
        wanted = (*self.options.packs, *from_files) or self.options.config.enable
        ids = {p.id for p in packs}
        unknown = [w for w in wanted if w not in ids]
        if unknown:
            hints = "; ".join(f"unknown pack '{u}'{did_you_mean(u, ids)}" for u in unknown)
            raise UsageError(self.explain_unknown(f"{hints} (known: {', '.join(sorted(ids))})"))
        off = set(self.options.config.disable) - set(self.options.packs)
        return tuple(p for p in packs if (not wanted or p.id in wanted) and p.id not in off)

    def _rules(self, packs: Sequence[Pack]) -> dict[str, Rule]:
        rules = {r.id: r for p in packs for r in p.rules if self.options.config.wants(r.id)}
        return dict(sorted(rules.items(), key=lambda item: rule_key(item[0])))

    def _check_params(self) -> None:
        """Overrides must name a known parameter and have its type (a number for a number)."""
        defaults: dict[str, Any] = dict(GLOBAL_PARAMS)
        specs: dict[str, Mapping[str, Any]] = dict(GLOBAL_SPECS)
        for pack in self.all_packs:
            for name, value in pack.declared.items():
                defaults.setdefault(name, value)
                specs.setdefault(name, pack.param_specs.get(name) or {"default": value})
        config = self.options.config
        for name, value in self.options.all_params.items():
            message = None
            if name not in defaults:
                message = (
                    f"unknown parameter '{name}'{did_you_mean(name, defaults)} "
                    f"(known: {', '.join(sorted(defaults))})"
                )
            elif problem := param_type_problem(name, value, defaults[name], specs[name]):
                message = f"parameter {name}: {problem}"
            if message and name not in self.options.params and config.source:
                raise ConfigError([Problem(config.source, f"params.{name}", message)])
            if message:
                raise UsageError(message)

    @property
    def threshold(self) -> float:
        """``level_threshold``: from the run, else from a levelled pack that declares it."""
        params = self.options.all_params
        if "level_threshold" in params:
            return float(params["level_threshold"])
        for pack in sorted(self.packs, key=lambda p: (p.source != "maturity", p.id)):
            if "level_threshold" in pack.declared and any(r.level for r in pack.rules):
                return float(pack.declared["level_threshold"])
        return float(GLOBAL_PARAMS["level_threshold"])

    def load(self, path: str | Path) -> Model:
        try:
            return load_model(path, self.registry.vocabulary, self.loaders, self.options.limits)
        except ModelError as exc:
            if not failure_hint(self.registry.errors):
                raise
            problems = [replace(p, message=p.message + self.cause(p.message)) for p in exc.problems]
            raise ModelError(problems) from exc
        except MaturityError:
            raise
        except Exception as exc:  # a plugin's loader that breaks is that plugin's error
            owner = self.registry.owners.get(("loader for", Path(path).suffix.lower()))
            if owner is None or owner == "maturity":
                raise
            message = f"loader failed on {path}: {type(exc).__name__}: {exc}{origin(exc)}"
            raise PluginError(owner, message) from exc

    def prepare(self, model: Model) -> tuple[Context, list[tuple[str, str]]]:
        """Index ``model`` for the rules; with graph hooks, through the graph they change."""
        if not self.registry.graph_hooks:
            return Context.from_model(model), []
        from maturity.model.graph import build_graph

        graph = build_graph(model)
        errors = []
        for source, hook in self.registry.graph_hooks:
            try:
                hook(graph=graph)
            except MaturityError:
                raise
            except Exception as exc:
                message = f"maturity_prepare_graph raised {type(exc).__name__}: {exc}{origin(exc)}"
                if self.options.strict:
                    raise PluginError(source, message) from exc
                show_traceback(f"maturity_prepare_graph of {source}", exc)
                errors.append((source, message))
        return Context(graph), errors

    def assess(self, model: Model) -> Assessment:
        with paused_gc():  # rules allocate findings and evidence, never cycles
            return self._assess(model)

    def _assess(self, model: Model) -> Assessment:
        ctx, graph_errors = self.prepare(model)
        check_waiver_roles(self.options.config, ctx.roles, model.source)
        # Large metrics start in forked workers, and their rules are evaluated last: the
        # other rules run meanwhile. Rules do not depend on one another: the findings are
        # the same in any order, and are listed in the rules' order.
        later = {
            rule_id
            for rule_id, rule in self.rules.items()
            if rule.when is None and rule.match is not None and start_metrics(rule.match, ctx)
        }
        order = [r for r in self.rules if r not in later] + [r for r in self.rules if r in later]
        found: dict[str, Finding] = {}
        try:
            for rule_id in order:
                rule = self.rules[rule_id]
                finding = evaluate(rule, ctx, self.options.rule_timeout)
                if finding.status == "error" and self.options.strict:
                    raise PluginError(rule.source, f"rule {rule_id}: {finding.error}")
                if finding.error and rule.source != "maturity":
                    finding = replace(finding, error=f"{rule.source}: {finding.error}")
                found[rule_id] = finding
        finally:
            stop_metrics(ctx)
        findings = [found[rule_id] for rule_id in self.rules]
        today = self.options.today or dt.date.today()
        findings, waiver_notes = apply_waivers(findings, self.options.config.waivers, ctx, today)
        by_id = {f.rule: f for f in findings}
        rules = list(self.rules.values())
        return Assessment(
            model=model,
            context=ctx,
            packs=self.packs,
            rules=self.rules,
            findings=tuple(findings),
            scores=score(rules, by_id, self.threshold, waivers=True),
            raw_scores=score(rules, by_id, self.threshold, waivers=False),
            errors=tuple(self.errors + graph_errors),
            notices=tuple(self.notices),
            waivers=tuple(waiver_notes),
        )
