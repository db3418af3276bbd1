"""Compiled conditions: objects that evaluate over a Context, with the evidence.

Each condition table has exactly one key naming what it tests: ``role``,
``flow``, ``path``, ``count``, ``metric``, ``practice``, ``organization``,
``scope``, or a combinator ``all`` / ``any`` / ``not``. The compiler
(:mod:`maturity.engine.compiler`) builds them; selectors live in
:mod:`maturity.engine.selectors`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from maturity.engine.context import Context, Evidence, Fact, FlowRef, FlowRow, RoleRef, lookup
from maturity.engine.operators import MISSING
from maturity.engine.selectors import Env, FlowSelector, Path, Predicate, RoleSelector


class Unmet(str):
    """What did not hold, in rule language (the string), and the condition it came from.

    The string is what rule authors and the JSON contract read; reports phrase
    ``condition`` in plain language with the roles ``env`` had bound (a scope's
    ``$hub``). ``found`` is a count's actual total; ``unstated`` the fact a
    skipped rule waits for. Pickled (a worker process), it is the string alone.
    """

    condition: Any
    env: Mapping[str, str]
    found: Any
    unstated: str | None
    #: The organization has none of the roles ``condition`` asks for (a moot rule).
    absent: bool
    #: ``condition`` is a rule's ``when`` that does not hold (the rule is skipped).
    gate: bool

    def __new__(
        cls,
        text: str,
        condition: Any = None,
        env: Mapping[str, str] | None = None,
        found: Any = None,
        unstated: str | None = None,
        absent: bool = False,
        gate: bool = False,
    ) -> Unmet:
        self = super().__new__(cls, text)
        self.condition, self.env, self.found, self.unstated = condition, env or {}, found, unstated
        self.absent, self.gate = absent, gate
        return self

    def __reduce__(self) -> Any:
        return (str, (str(self),))


def unmet(condition: Condition, env: Mapping[str, str], text: str | None = None) -> Unmet:
    return Unmet(condition.describe() if text is None else text, condition, env)


@dataclass(frozen=True)
class Outcome:
    """Whether a condition holds, what shows it, and what is missing when it does not."""

    ok: bool
    evidence: tuple[Evidence, ...] = ()
    unmet: tuple[str, ...] = ()


class Condition:
    """A compiled condition."""

    def evaluate(self, ctx: Context, env: Env) -> Outcome:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


class CompileProblems(Exception):
    def __init__(self, problems: Sequence[tuple[Path, str]]):
        self.problems = list(problems)
        super().__init__("; ".join(m for _, m in problems))


# ----------------------------------------------------------------- conditions


@dataclass(frozen=True)
class AllOf(Condition):
    parts: tuple[Condition, ...]

    def evaluate(self, ctx: Context, env: Env) -> Outcome:
        outcomes = [part.evaluate(ctx, env) for part in self.parts]
        return Outcome(
            all(o.ok for o in outcomes),
            _merge(o.evidence for o in outcomes),
            tuple(u for o in outcomes if not o.ok for u in o.unmet),
        )

    def describe(self) -> str:
        return "all of: " + "; ".join(p.describe() for p in self.parts)


@dataclass(frozen=True)
class AnyOf(Condition):
    parts: tuple[Condition, ...]

    def evaluate(self, ctx: Context, env: Env) -> Outcome:
        outcomes = [part.evaluate(ctx, env) for part in self.parts]
        if any(o.ok for o in outcomes):
            return Outcome(True, _merge(o.evidence for o in outcomes if o.ok))
        return Outcome(
            False,
            _merge(o.evidence for o in outcomes),
            (unmet(self, env, "one of: " + " | ".join(p.describe() for p in self.parts)),),
        )

    def describe(self) -> str:
        return "any of: " + " | ".join(p.describe() for p in self.parts)


@dataclass(frozen=True)
class Not(Condition):
    part: Condition

    def evaluate(self, ctx: Context, env: Env) -> Outcome:
        inner = self.part.evaluate(ctx, env)
        if inner.ok:
            return Outcome(False, inner.evidence, (unmet(self, env),))
        return Outcome(True, tuple(e for e in inner.evidence if isinstance(e, Fact)))

    def describe(self) -> str:
        return f"not ({self.part.describe()})"


class _Exists(Condition):
    """Holds when its selector finds something; what it found is the evidence."""

    def found(self, ctx: Context, env: Env) -> tuple[Evidence, ...]:
        raise NotImplementedError

    def evaluate(self, ctx: Context, env: Env) -> Outcome:
        found = self.found(ctx, env)
        return Outcome(bool(found), found, () if found else (unmet(self, env),))


@dataclass(frozen=True)
class RoleExists(_Exists):
    selector: RoleSelector

    def found(self, ctx: Context, env: Env) -> tuple[Evidence, ...]:
        return tuple(RoleRef(r) for r in self.selector.candidates(ctx, env))

    def describe(self) -> str:
        return f"a role: {self.selector.describe()}"


@dataclass(frozen=True)
class FlowExists(_Exists):
    selector: FlowSelector

    def found(self, ctx: Context, env: Env) -> tuple[Evidence, ...]:
        return tuple(FlowRef(row[0]) for row in self.selector.select(ctx, env))

    def describe(self) -> str:
        return self.selector.describe()


@dataclass(frozen=True)
class FactTest(Condition):
    """``practice`` and ``organization`` conditions: one organization-wide fact."""

    path: str
    predicate: Predicate

    def evaluate(self, ctx: Context, env: Env) -> Outcome:
        value = ctx.fact(self.path)
        ok = self.predicate.test(ctx, value)
        fact = Fact(self.path, None if value is MISSING else value, value is not MISSING)
        return Outcome(ok, (fact,), () if ok else (unmet(self, env),))

    def describe(self) -> str:
        return self.predicate.describe().replace(self.predicate.attr, self.path, 1)


@dataclass(frozen=True)
class Count(Condition):
    roles: RoleSelector | None
    flows: FlowSelector | None
    distinct: str | None
    groups: tuple[frozenset[str], ...]
    predicate: Predicate

    def evaluate(self, ctx: Context, env: Env) -> Outcome:
        evidence: tuple[Evidence, ...]
        if self.flows is not None:
            rows = self.flows.select(ctx, env)
            evidence = tuple(FlowRef(row[0]) for row in rows)
            keys = [self._flow_key(ctx, row) for row in rows]
        else:
            assert self.roles is not None
            ids = list(self.roles.candidates(ctx, env))
            evidence = tuple(RoleRef(r) for r in ids)
            keys = [self._role_key(ctx, r) for r in ids]
        total = self._total(keys)
        ok = self.predicate.test(ctx, total)
        if ok:
            return Outcome(ok, evidence)
        missed = Unmet(f"{self.describe()} (found {total})", self, env, total)
        return Outcome(ok, evidence, (missed,))

    def _total(self, keys: list[Any]) -> int:
        if self.groups:
            present = {k for k in keys if k is not MISSING and isinstance(k, str)}
            return sum(1 for group in self.groups if group & present)
        if self.distinct is not None:
            # A flow or role that does not state the attribute adds no distinct value.
            return len({repr(k) for k in keys if k is not MISSING})
        return len(keys)

    def _flow_key(self, ctx: Context, row: FlowRow) -> Any:
        _, source, target, attrs = row
        field = self.distinct or "kind"
        if field in ("from", "to"):
            return source if field == "from" else target
        if field == "index":
            return row[0]
        if field in ("from.kind", "to.kind"):
            return ctx.kind_of(source if field == "from.kind" else target)
        return lookup(attrs, field)

    def _role_key(self, ctx: Context, role_id: str) -> Any:
        field = self.distinct or "kind"
        return role_id if field == "id" else lookup(ctx.roles[role_id], field)

    def describe(self) -> str:
        what = (
            self.flows.describe()
            if self.flows
            else f"roles: {self.roles and self.roles.describe()}"
        )
        how = (
            "groups covered by"
            if self.groups
            else (f"distinct {self.distinct} of" if self.distinct else "number of")
        )
        return f"{how} {what} {self.predicate.describe().split(' ', 1)[1]}"


def _merge(groups: Iterable[Iterable[Evidence]]) -> tuple[Evidence, ...]:
    seen: dict[Evidence, None] = {}
    for group in groups:
        for item in group:
            seen.setdefault(item, None)
    return tuple(seen)
