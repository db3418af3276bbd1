"""Which roles a rule is about, so that it never passes on an organization without them.

A rule that checks what sales sends to product holds trivially where there is
no sales at all; "passing" would then praise an absence. The roles a rule is
about are the senders of the flows it tests, the roles it asks for, counts,
measures or binds. When the organization has none of them, the rule is
skipped and says which roles it needs.
"""

from __future__ import annotations

from collections.abc import Iterator

from maturity.engine.conditions import (
    AllOf,
    AnyOf,
    Condition,
    Count,
    FlowExists,
    Not,
    RoleExists,
    Unmet,
)
from maturity.engine.context import Context
from maturity.engine.graphconds import MetricTest, PathExists, Scope
from maturity.engine.selectors import RoleSelector


def _selectors(cond: Condition) -> Iterator[RoleSelector | None]:
    """The role selectors that name who a condition is about (``None``: any role)."""
    if isinstance(cond, AllOf | AnyOf):
        for part in cond.parts:
            yield from _selectors(part)
    elif isinstance(cond, Not):
        yield from _selectors(cond.part)
    elif isinstance(cond, FlowExists):
        yield cond.selector.source
    elif isinstance(cond, RoleExists):
        yield cond.selector
    elif isinstance(cond, PathExists):
        yield cond.source
    elif isinstance(cond, Count):
        yield cond.flows.source if cond.flows is not None else cond.roles
    elif isinstance(cond, MetricTest):
        yield cond.highest if cond.highest is not None else cond.subject
    elif isinstance(cond, Scope):
        yield cond.roles


def about(cond: Condition | None) -> frozenset[str] | None:
    """The role kinds a condition is about; ``None`` when it is about any role, or about
    something no kind names (a variable, an id, an organization-wide fact only)."""
    if cond is None:
        return None
    kinds: set[str] = set()
    for selector in _selectors(cond):
        if selector is None or selector.kinds is None:
            return None
        kinds |= selector.kinds
    return frozenset(kinds) or None


def vacuous(cond: Condition | None, ctx: Context) -> Unmet | None:
    """Why a passing rule is moot here (the organization has none of the roles it is
    about), or ``None``."""
    kinds = about(cond)
    if kinds is None or any(ctx.roles_by_kind.get(kind) for kind in kinds):
        return None
    missing = RoleExists(RoleSelector(kinds=kinds))
    return Unmet(f"none of {missing.describe()}", missing, {}, absent=True)
