"""Rules, packs and findings: immutable data, and how one rule is evaluated."""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from maturity.engine.conditions import AllOf, AnyOf, Condition, FactTest, Not, Outcome, Unmet
from maturity.engine.context import Context, Evidence, Fact, FlowRef, RoleRef
from maturity.engine.operators import MISSING
from maturity.errors import origin, show_traceback

if TYPE_CHECKING:
    import networkx as nx

STATUSES = ("pass", "fail", "error", "skipped", "waived")


def rule_key(rule_id: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order of rule ids: COL-I2 before COL-I10."""
    parts = re.split(r"(\d+)", rule_id)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


SEVERITIES = ("info", "low", "medium", "high", "critical")


@dataclass(frozen=True)
class RuleTexts:
    """A rule's words in one language."""

    title: str
    summary: str
    rationale: str
    recommendation: str
    fail: str
    passed: str = ""

    @classmethod
    def from_mapping(cls, body: Mapping[str, Any]) -> RuleTexts:
        """The texts of a pack's ``[rules.en]`` table (``pass`` becomes ``passed``)."""
        return cls(body["title"], body["summary"], body["rationale"], body["recommendation"],
                   body["fail"], body.get("pass", ""))  # fmt: skip


@dataclass(frozen=True)
class RuleTest:
    """A rule's own test: a small model and the status it must get."""

    expect: str
    model: Mapping[str, Any]
    name: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)


def rule_fields(rule: Rule, lang: str, names: Sequence[str]) -> dict[str, Any]:
    """Some of a rule's facts as JSON data; ``title`` is its title in ``lang``."""
    return {name: rule.text(lang).title if name == "title" else getattr(rule, name)
            for name in names}  # fmt: skip


#: A Python rule's check: given the graph and the pack's params, an outcome.
PythonCheck = Callable[["nx.MultiDiGraph", Mapping[str, Any]], Any]


@dataclass(frozen=True)
class Rule:
    """One rule: metadata, texts per language, and either a compiled match or a check."""

    id: str
    pack: str
    stage: str
    texts: Mapping[str, RuleTexts]
    level: str | None = None
    severity: str = "medium"
    weight: float = 1.0
    required: bool = False
    type: str = "practice"
    effort: int = 1
    recommendation_type: str = "process_change"
    match: Condition | None = None
    when: Condition | None = None
    credit: tuple[tuple[float, Condition], ...] = ()
    check: PythonCheck | None = None
    fix: tuple[Mapping[str, Any], ...] = ()
    tests: tuple[RuleTest, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    seed: str = ""
    source: str = "maturity"
    #: Whether ``fix`` passed the pack schema when the pack was read (then applying
    #: the fix does not check its operations again).
    fix_checked: bool = field(default=False, compare=False, repr=False)

    def text(self, lang: str) -> RuleTexts:
        return self.texts.get(lang) or self.texts["en"]


@dataclass(frozen=True)
class Pack:
    """A versioned set of rules, from TOML data or Python."""

    id: str
    version: str
    rules: tuple[Rule, ...]
    names: Mapping[str, str] = field(default_factory=dict)
    descriptions: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, Any] = field(default_factory=dict)
    source: str = "maturity"
    path: str = ""
    #: The parameters the pack itself declares (``params`` adds globals and overrides).
    declared: Mapping[str, Any] = field(default_factory=dict)
    #: Each declared parameter's type and range (see maturity.rules.params).
    param_specs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: The pack's data as read (TOML packs), so tests with their own params can recompile it.
    data: Mapping[str, Any] | None = None

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("en") or self.id


@dataclass(frozen=True)
class Finding:
    """The result of one rule on one model."""

    rule: str
    pack: str
    status: str
    score: float
    evidence: tuple[Evidence, ...] = ()
    unmet: tuple[str, ...] = ()
    error: str | None = None
    waiver: Mapping[str, Any] | None = None

    @property
    def passed(self) -> bool:
        return self.status == "pass"


#: The longest time limit a rule may get, in seconds (a day); 0 or None is no limit.
MAX_TIMEOUT = 86_400.0


class RuleTimeout(Exception):
    """A rule ran past its time limit."""


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (main thread on POSIX; elsewhere no limit)."""
    usable = (
        seconds is not None
        and 0 < seconds <= MAX_TIMEOUT  # inf and nan: no limit (the CLI refuses them)
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise RuleTimeout(f"ran longer than the time limit of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, float(seconds or 0))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def evaluate(rule: Rule, ctx: Context, timeout: float | None = None) -> Finding:
    """Run one rule; a rule that raises or overruns gives an ``error`` finding, never a crash."""
    try:
        with _time_limit(timeout):
            return _evaluate(rule, ctx)
    except RuleTimeout as exc:
        return Finding(rule.id, rule.pack, "error", 0.0, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a rule's failure must not end the run
        show_traceback(f"rule {rule.id} ({rule.source})", exc)
        message = f"{type(exc).__name__}: {exc}{origin(exc)}"
        return Finding(rule.id, rule.pack, "error", 0.0, error=message)


def _evaluate(rule: Rule, ctx: Context) -> Finding:
    from maturity.rules.about import vacuous  # graph conditions import this module

    if rule.when is not None:
        gate = gate_value(rule.when, ctx)
        if gate is not True:
            outcome = rule.when.evaluate(ctx, {})
            known = {e.path: e for e in outcome.evidence if isinstance(e, Fact)}
            known.update(_gate_facts(rule.when, ctx))
            facts = tuple(fact for _, fact in sorted(known.items()))
            unstated = [
                Unmet(f"{f.path} is not stated", unstated=f.path) for f in facts if not f.stated
            ]
            unmet = tuple(unstated) if gate is None else tuple(_gate(u) for u in outcome.unmet)
            return Finding(rule.id, rule.pack, "skipped", 0.0, facts, unmet)
    outcome = _run_check(rule, ctx) if rule.check else _require(rule.match).evaluate(ctx, {})
    holds = outcome.ok if rule.type == "practice" else not outcome.ok
    if holds:
        moot = vacuous(rule.match, ctx) if not rule.check else None
        if moot is not None:  # no role it is about: skipped, not passed
            return Finding(rule.id, rule.pack, "skipped", 0.0, (), (moot,))
        evidence = outcome.evidence if rule.type == "practice" else ()
        return Finding(rule.id, rule.pack, "pass", 1.0, evidence)
    score = max((s for s, c in rule.credit if c.evaluate(ctx, {}).ok), default=0.0)
    return Finding(rule.id, rule.pack, "fail", score, outcome.evidence, outcome.unmet)


def _gate(part: str) -> str:
    """A part of a rule's ``when`` that does not hold, marked as the reason for a skip."""
    if not isinstance(part, Unmet):
        return part
    return Unmet(str(part), part.condition, part.env, part.found, part.unstated, gate=True)


#: Operators that ask about presence itself: a missing fact answers them.
_PRESENCE = frozenset({"exists", "not_exists", "is_empty", "is_not_empty", "is_false"})


def gate_value(condition: Condition, ctx: Context) -> bool | None:
    """A ``when`` in three-valued logic: ``None`` when it hangs on an unstated fact.

    ``all`` is false if any part is false, else unknown if any is unknown; ``any``
    is true if any part is true, else unknown if any is unknown; ``not`` keeps
    unknown. A rule runs only when its ``when`` is true, so a rule whose ``when``
    needs a fact the model does not state is skipped — and says which.
    """
    if isinstance(condition, FactTest):
        value = ctx.fact(condition.path)
        ref = condition.predicate.ref
        missing = value is MISSING or (ref is not None and ctx.fact(ref) is MISSING)
        if missing and condition.predicate.operator.name not in _PRESENCE:
            return None
        return condition.evaluate(ctx, {}).ok
    if isinstance(condition, Not):
        inner = gate_value(condition.part, ctx)
        return None if inner is None else not inner
    if isinstance(condition, (AllOf, AnyOf)):
        values = [gate_value(part, ctx) for part in condition.parts]
        decisive = isinstance(condition, AnyOf)
        if decisive in values:
            return decisive
        return None if None in values else not decisive
    return condition.evaluate(ctx, {}).ok


def _gate_facts(condition: Condition, ctx: Context) -> dict[str, Fact]:
    """The facts a ``when`` reads, by path (values may be lists: not hashable)."""
    if isinstance(condition, FactTest):
        value = ctx.fact(condition.path)
        stated = value is not MISSING
        return {condition.path: Fact(condition.path, value if stated else None, stated)}
    parts: list[Condition] = []
    if isinstance(condition, (AllOf, AnyOf)):
        parts = list(condition.parts)
    elif isinstance(condition, Not):
        parts = [condition.part]
    found: dict[str, Fact] = {}
    for part in parts:
        found.update(_gate_facts(part, ctx))
    return found


def _require(condition: Condition | None) -> Condition:
    if condition is None:
        raise ValueError("rule has neither match nor check")
    return condition


def _run_check(rule: Rule, ctx: Context) -> Outcome:
    assert rule.check is not None
    result = rule.check(ctx.graph, rule.params)
    if isinstance(result, Outcome):
        return result
    if isinstance(result, bool):
        return Outcome(result)
    ok, items = result
    return Outcome(bool(ok), tuple(_as_evidence(ctx, item) for item in items))


def _as_evidence(ctx: Context, item: Any) -> Evidence:
    """Python rules may name evidence plainly: a role id, or a flow index."""
    if isinstance(item, (RoleRef, FlowRef, Fact)):
        return item
    if isinstance(item, bool):
        raise TypeError(f"evidence must be a role id or a flow index, not {item!r}")
    if isinstance(item, int):
        return FlowRef(item)
    if isinstance(item, str) and item in ctx.roles:
        return RoleRef(item)
    raise TypeError(f"evidence must be a role id or a flow index, not {item!r}")


def python_rule(
    rule_id: str,
    stage: str,
    check: PythonCheck,
    texts: Mapping[str, Mapping[str, str]],
    **fields: Any,
) -> Rule:
    """A Python rule for plugins: ``check(graph, params)`` returns ``bool`` or
    ``(bool, evidence)`` where evidence lists role ids and flow indexes.

    ``texts`` maps a language (``en`` required, ``zh`` recommended) to the keys
    ``title``, ``summary``, ``rationale``, ``recommendation``, ``fail`` and
    optionally ``pass``; ``fields`` are any other :class:`Rule` fields (``level``,
    ``weight``, ``required``, ``type``, ``fix``, ``pack`` …).
    """
    if "en" not in texts:
        raise ValueError(f"rule {rule_id}: texts need at least 'en'")
    parsed = {lang: RuleTexts.from_mapping(t) for lang, t in texts.items()}
    fields.setdefault("pack", "python")
    fields["fix"] = tuple(fields.get("fix", ()))
    return Rule(id=rule_id, stage=stage, texts=parsed, check=check, **fields)
