"""What conditions match: predicates on attributes, and the role and flow selectors.

A selector (``kind``, ``id``, ``parent``, ``member_of``, ``where``...) finds
the roles or flows a condition, a fix or a waiver talks about.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from maturity.engine.context import Context, FlowRow, lookup
from maturity.engine.operators import MISSING, Operator, apply, attribute_test

Env = Mapping[str, str]
Path = tuple[str | int, ...]

#: Attributes that hold lists in the built-in model (scalar operators need a quantifier).
LIST_ATTRS = frozenset({"content", "okrs", "members", "value_metrics", "visible_to"})


# ----------------------------------------------------------------- predicates


@dataclass(frozen=True)
class Predicate:
    attr: str
    operator: Operator
    value: Any
    ref: str | None
    quantifier: str | None

    def __hash__(self) -> int:
        # Selectors are cache keys; a rule's value may be a list ([value, scenarios]).
        return hash((self.attr, self.operator.name, repr(self.value), self.ref, self.quantifier))

    #: :meth:`holds` as one function of ``attrs`` when it needs no context (an undotted
    #: attribute, the rule's own value), else ``None``.
    plain: Callable[[Mapping[str, Any]], bool] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        plain = None
        if self.ref is None and "." not in self.attr:
            plain = attribute_test(self.operator, self.attr, self.value, self.quantifier)
        object.__setattr__(self, "plain", plain)

    def test(self, ctx: Context, value: Any) -> bool:
        expected = ctx.fact(self.ref) if self.ref else self.value
        if expected is MISSING:
            return False
        return apply(self.operator, value, expected, self.quantifier)

    def holds(self, ctx: Context, attrs: Mapping[str, Any]) -> bool:
        """:meth:`test` on an attribute of a role's or a flow's ``attrs``."""
        if self.plain is not None:
            return self.plain(attrs)
        if "." in self.attr:
            return self.test(ctx, lookup(attrs, self.attr))
        return self.test(ctx, attrs.get(self.attr, MISSING))

    def holds_for(self, ctx: Context, row: FlowRow) -> bool:
        """:meth:`holds` on a flow (its ``index`` is the row's, not among its fields)."""
        if self.attr == "index":
            return self.test(ctx, row[0])
        return self.holds(ctx, row[3])

    def describe(self) -> str:
        shown = self.ref if self.ref else show_value(self.value)
        tail = "" if not self.operator.takes_value else f" {shown}"
        quant = f" ({self.quantifier})" if self.quantifier else ""
        return f"{self.attr} {self.operator.name}{tail}{quant}"


def show_value(value: Any) -> str:
    """A value as rule texts and reports write it: true/false, [a, b]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    return str(value)


def _row_test(where: tuple[Predicate, ...]) -> Callable[[FlowRow], bool] | None:
    """``all(p.holds_for(ctx, row) for p in where)`` as one function of a flow's row, when
    no predicate needs the context or the row's index."""
    tests = [p.plain for p in where if p.attr != "index" and p.plain is not None]
    if not where or len(tests) < len(where):
        return None
    if len(tests) == 1:
        only = tests[0]
        return lambda row: only(row[3])
    return lambda row: all(test(row[3]) for test in tests)


# ----------------------------------------------------------------- selectors


@dataclass(frozen=True)
class RoleSelector:
    """Matches roles by kind, id, parent, team membership, variables and predicates."""

    kinds: frozenset[str] | None = None
    not_kinds: frozenset[str] = frozenset()
    ids: frozenset[str] | None = None
    var: str | None = None
    parent: RoleSelector | None = None
    #: Some role up the chain of parents (the parent, its parent, …) matches.
    under: RoleSelector | None = None
    member_of: RoleSelector | None = None
    where: tuple[Predicate, ...] = ()
    #: Whether only the role's kind decides (set once, at construction).
    kind_only: bool = field(init=False, repr=False, compare=False)
    #: Whether it is a bare ``$var``: the role bound to it, nothing else.
    var_only: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        related = self.parent is None and self.under is None and self.member_of is None
        plain = self.var is None and self.ids is None and not self.where
        object.__setattr__(self, "kind_only", plain and related)
        bare = self.kinds is None and not self.not_kinds and self.ids is None and not self.where
        object.__setattr__(self, "var_only", self.var is not None and bare and related)

    def end_test(self, ctx: Context, env: Env) -> Callable[[str], bool] | None:
        """:meth:`matches` as one function of a role id when only the kind or the bound
        role decides, else ``None``."""
        if self.kind_only:
            kinds, ok = ctx.kinds, self.kind_ok
            return lambda role_id: ok(kinds[role_id])
        if self.var_only:
            assert self.var is not None
            bound = env[self.var]
            return lambda role_id: role_id == bound
        return None

    def kind_ok(self, kind: Any) -> bool:
        """Whether a role of ``kind`` passes the kind tests (all a ``kind_only`` one has)."""
        return (self.kinds is None or kind in self.kinds) and kind not in self.not_kinds

    def candidates(self, ctx: Context, env: Env) -> Iterable[str]:
        if self.var is not None:
            bound = env[self.var]
            return (bound,) if self.matches(ctx, bound, env) else ()
        if self.ids is not None:
            pool: Iterable[str] = sorted(i for i in self.ids if i in ctx.roles)
        elif self.member_of is not None:
            # Only members of a matching team can match: read the teams, not every role.
            teams = self.member_of.candidates(ctx, env)
            found = {m for t in teams for m in ctx.roles[t].get("members", ()) if m in ctx.roles}
            pool = sorted(found)
        elif self.kinds is not None:
            pool = sorted(r for k in self.kinds for r in ctx.roles_by_kind.get(k, ()))
        else:
            pool = ctx.role_ids
        return [r for r in pool if self.matches(ctx, r, env)]

    def matches(self, ctx: Context, role_id: str, env: Env) -> bool:
        if self.kind_only:
            return self.kind_ok(ctx.kinds[role_id])
        attrs = ctx.roles[role_id]
        kind = attrs.get("kind")
        if self.var is not None and env[self.var] != role_id:
            return False
        if self.kinds is not None and kind not in self.kinds:
            return False
        if kind in self.not_kinds or (self.ids is not None and role_id not in self.ids):
            return False
        if self.parent is not None:
            parent = attrs.get("parent")
            if parent is None or not self.parent.matches(ctx, parent, env):
                return False
        if self.under is not None and not self._under(ctx, attrs, env):
            return False
        if self.member_of is not None and not any(
            self.member_of.matches(ctx, team, env) for team in ctx.teams_of.get(role_id, ())
        ):
            return False
        return all(p.holds(ctx, attrs) for p in self.where)

    def _under(self, ctx: Context, attrs: Mapping[str, Any], env: Env) -> bool:
        """Whether a role up the chain of parents matches ``under`` (models have no cycles)."""
        assert self.under is not None
        seen: set[str] = set()
        parent = attrs.get("parent")
        while isinstance(parent, str) and parent in ctx.roles and parent not in seen:
            if self.under.matches(ctx, parent, env):
                return True
            seen.add(parent)
            parent = ctx.roles[parent].get("parent")
        return False

    def describe(self) -> str:
        if self.var is not None:
            text = f"${self.var}"
        elif self.ids is not None:
            text = "role " + "|".join(sorted(self.ids))
        elif self.kinds is not None:
            text = "|".join(sorted(self.kinds))
        else:
            text = "any role"
        if self.not_kinds:
            text += " except " + "|".join(sorted(self.not_kinds))
        if self.parent is not None:
            text += f" under {self.parent.describe()}"
        if self.under is not None:
            text += f" somewhere under {self.under.describe()}"
        if self.member_of is not None:
            text += f" in {self.member_of.describe()}"
        if self.where:
            text += " with " + " and ".join(p.describe() for p in self.where)
        return text


@dataclass(frozen=True)
class FlowSelector:
    kinds: frozenset[str] | None = None
    not_kinds: frozenset[str] = frozenset()
    source: RoleSelector | None = None
    target: RoleSelector | None = None
    either_way: bool = False
    where: tuple[Predicate, ...] = ()
    #: Whether both ends test kinds only: then whole buckets of ``ctx.flows_by_ends`` match.
    by_ends: bool = field(init=False, repr=False, compare=False)

    #: The ``where`` clause as one test of a row, when every predicate is plain.
    where_test: Callable[[FlowRow], bool] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ends = (self.source, self.target)
        object.__setattr__(self, "by_ends", all(e is None or e.kind_only for e in ends))
        object.__setattr__(self, "where_test", _row_test(self.where))

    def rows(self, ctx: Context) -> Iterable[FlowRow]:
        if self.kinds is None:
            return ctx.flows
        if len(self.kinds) == 1:
            return ctx.flows_by_kind.get(next(iter(self.kinds)), ())
        return sorted(
            (row for kind in self.kinds for row in ctx.flows_by_kind.get(kind, ())),
            key=lambda row: row[0],
        )

    def matches(self, ctx: Context, row: FlowRow, env: Env) -> bool:
        _, source, target, attrs = row
        if attrs.get("kind") in self.not_kinds:
            return False
        if not self._ends(ctx, source, target, env) and not (
            self.either_way and self._ends(ctx, target, source, env)
        ):
            return False
        return all(p.holds_for(ctx, row) for p in self.where)

    def _row_match(self, ctx: Context, env: Env) -> Callable[[FlowRow], bool] | None:
        """:meth:`matches` as one function of a row, when each end is a kind test or a bound
        role and the ``where`` clause is plain; else ``None``."""
        if self.either_way or (self.where and self.where_test is None):
            return None
        source = target = None
        if self.source is not None and (source := self.source.end_test(ctx, env)) is None:
            return None
        if self.target is not None and (target := self.target.end_test(ctx, env)) is None:
            return None
        not_kinds, where = self.not_kinds, self.where_test

        def match(row: FlowRow) -> bool:
            if not_kinds and row[3].get("kind") in not_kinds:
                return False
            if source is not None and not source(row[1]):
                return False
            if target is not None and not target(row[2]):
                return False
            return where is None or where(row)

        return match

    def _ends(self, ctx: Context, source: str, target: str, env: Env) -> bool:
        if self.source is not None and not self.source.matches(ctx, source, env):
            return False
        return self.target is None or self.target.matches(ctx, target, env)

    def _kind_ends(self, source: Any, target: Any) -> bool:
        if self.source is not None and not self.source.kind_ok(source):
            return False
        return self.target is None or self.target.kind_ok(target)

    def _buckets(self, ctx: Context) -> list[list[FlowRow]]:
        """The buckets of ``ctx.flows_by_ends`` whose kinds this selector admits."""
        found = []
        for (kind, source, target), rows in ctx.flows_by_ends.items():
            if (self.kinds is not None and kind not in self.kinds) or kind in self.not_kinds:
                continue
            if self._kind_ends(source, target) or (
                self.either_way and self._kind_ends(target, source)
            ):
                found.append(rows)
        return found

    def _pinned(self, ctx: Context, env: Env) -> list[FlowRow] | None:
        """Flows at the roles an end is pinned to (a bound ``$var`` or ids), of the right kinds.

        ``None`` when no end is pinned. Reading a role's own flows instead of
        every flow keeps a ``scope`` linear: one role's flows per bound role.
        """
        for end, outgoing in ((self.source, True), (self.target, False)):
            if end is None or (end.var is None and end.ids is None):
                continue
            roles = [env[end.var]] if end.var is not None else sorted(end.ids or ())
            found: dict[int, FlowRow] = {}
            for role in roles:
                for row in ctx.flows_at(role, outgoing, self.either_way):
                    found[row[0]] = row
            kinds = self.kinds
            return [
                found[i]
                for i in sorted(found)
                if kinds is None or found[i][3].get("kind", "") in kinds
            ]
        return None

    def select(self, ctx: Context, env: Env) -> list[FlowRow]:
        """The matching flows, in index order."""
        if not self.by_ends:
            pinned = self._pinned(ctx, env)
            rows = self.rows(ctx) if pinned is None else pinned
            quick = self._row_match(ctx, env)
            if quick is not None:
                return [row for row in rows if quick(row)]
            return [row for row in rows if self.matches(ctx, row, env)]
        buckets = self._buckets(ctx)
        if len(buckets) == 1:
            rows = buckets[0]
        else:
            rows = sorted(itertools.chain.from_iterable(buckets), key=operator.itemgetter(0))
        where = self.where
        if not where:
            return list(rows)
        test = self.where_test
        if test is not None:
            return [row for row in rows if test(row)]
        return [row for row in rows if all(p.holds_for(ctx, row) for p in where)]

    def describe(self) -> str:
        kinds = "|".join(sorted(self.kinds)) if self.kinds else ""
        article = "an" if kinds[:1] in ("a", "e", "i", "o") else "a"  # "a usage_report"
        text = f"{article} {kinds} flow" if kinds else "a flow"
        if self.not_kinds:
            text += " (not " + "|".join(sorted(self.not_kinds)) + ")"
        arrow = " ↔ " if self.either_way else " → "
        if self.source is not None or self.target is not None:
            left = self.source.describe() if self.source else "any role"
            right = self.target.describe() if self.target else "any role"
            text += f" {left}{arrow}{right}"
        if self.where:
            text += " with " + " and ".join(p.describe() for p in self.where)
        return text
