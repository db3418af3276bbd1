"""What a fix changed: one structured :class:`Change` per effect, and the fix's result.

The plan, the report's recommendations, the HTML graph overlay and the rule
docs all read these changes (they come from :mod:`maturity.fixes.apply`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from maturity.errors import MaturityError
from maturity.i18n import STRINGS, t
from maturity.model.validate import Model


class FixError(MaturityError):
    """A fix that is malformed, or that would leave the model invalid."""

    def __init__(self, rule: str, message: str):
        self.rule = rule
        super().__init__(f"rule {rule}: fix: {message}")


#: What a change did to the model, by action.
EFFECTS: Mapping[str, str] = {
    "add_role": "added", "add_flow": "added", "update_flow": "updated",
    "update_role": "updated", "set_practice": "updated", "reroute_flow": "moved",
    "remove_flow": "removed", "no_change": "unchanged",
}  # fmt: skip


@dataclass(frozen=True)
class Change:
    """One concrete change a fix made (or, with ``applied`` false, why it made none).

    ``effect`` says what happened (added, updated, moved, removed, unchanged) and
    ``item`` holds what it happened to: the role or flow as it is after the change
    (a removed flow as it was), or ``{"practice": name}``; empty when unchanged.
    """

    op: str
    action: str
    subject: str
    detail: str = ""
    applied: bool = True
    item: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def effect(self) -> str:
        return EFFECTS.get(self.action, "updated")

    @property
    def entity(self) -> str:
        """``role``, ``flow`` or ``practice``; empty for a change that changed nothing."""
        return "" if not self.applied else self.action.split("_", 1)[1]

    @property
    def reason(self) -> str:
        """Why nothing changed (for an unapplied change)."""
        return "" if self.applied else self.subject

    def render(self, lang: str = "en") -> str:
        key = f"verb.{self.action}"
        verb = t(key, lang) if key in STRINGS else ""
        if self.action == "no_change":
            return f"{verb}{'：' if lang == 'zh' else ': '}{self.subject}"
        tail = f" ({self.detail})" if self.detail else ""
        return f"{verb or self.action} {self.subject}{tail}"

    @property
    def text(self) -> str:
        return self.render("en")

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        """The change as JSON-ready data, its text in ``lang``."""
        return {"op": self.op, "action": self.action, "text": self.render(lang),
                "applied": self.applied}  # fmt: skip


@dataclass(frozen=True)
class FixResult:
    """The fixed model (validated) and the changes that made it."""

    model: Model
    changes: tuple[Change, ...]

    @property
    def data(self) -> Mapping[str, Any]:
        return self.model.data

    @property
    def applied(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.applied)

    def items(self, effect: str, entity: str) -> list[Mapping[str, Any]]:
        """The roles or flows (``entity``) this fix added, updated, moved or removed."""
        return [c.item for c in self.changes if c.effect == effect and c.entity == entity]


def _dotted(path: Sequence[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def show(value: Any) -> str:
    """A value as a change describes it: lists joined, booleans lower-case."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(show(v) for v in value)
    return str(value)


def _describe(values: Mapping[str, Any]) -> str:
    return "; ".join(f"{k}: {show(v)}" for k, v in values.items())


def flow_label(flow: Mapping[str, Any]) -> str:
    return f"{flow['from']} → {flow['to']} [{flow['kind']}]"


def _same(old: Any, new: Any) -> bool:
    # true == 1 in Python; a model's boolean never equals a number.
    return type(old) is type(new) and old == new
