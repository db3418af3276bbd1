"""Plain-language sentences for what a rule found missing, its evidence and a fix's changes.

Rule authors read conditions in rule language (``rules show``, the JSON
contract's ``missing``); a report's reader gets the same thing in the report's
language: roles by their display names, kinds by the glossary's terms, fields
and values by their catalog names (:mod:`maturity.i18n.terms`). A word the
catalog does not know (a plugin's kind) is shown with its underscores as spaces.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from maturity.engine.conditions import (
    AllOf,
    AnyOf,
    Condition,
    Count,
    FactTest,
    FlowExists,
    FlowSelector,
    Not,
    Predicate,
    RoleExists,
    RoleSelector,
    Unmet,
)
from maturity.engine.graphconds import MetricTest, PathExists, Scope
from maturity.i18n import STRINGS, t
from maturity.i18n.words import humanize, join, term, value_text
from maturity.model.vocabulary import REGULAR_CADENCES

_METRIC_FACT = re.compile(r"^([A-Za-z_][\w]*)\((.*)\)$")
#: Marks a variable bound to a phrase (a scope's "that virtual team"), not a role id.
_SAID = "\x00"
_SAMPLED = re.compile(r"^([A-Za-z_][\w]*): estimated from sources$")


@dataclass(frozen=True)
class Phraser:
    """Phrases for one report: the language, and the organization's roles by id."""

    lang: str
    names: Mapping[str, str]
    kinds: Mapping[str, str]
    #: Flow kinds in words, as they are first met (one report: the catalog does not change).
    flow_words: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    #: The phrase of a flow in evidence, to be formatted.
    flow_template: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        template = STRINGS["ev.flow"].get(self.lang) or STRINGS["ev.flow"]["en"]
        object.__setattr__(self, "flow_template", template)

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def role(self, role_id: str) -> str:
        return str(self.names.get(role_id) or humanize(role_id))

    def kind(self, kind: str) -> str:
        return term("role_kind", kind, self.lang)

    def flow_kind(self, kind: str) -> str:
        return term("flow_kind", kind, self.lang)

    # -------------------------------------------------------------- selectors

    def role_sel(self, sel: RoleSelector | None, env: Mapping[str, str]) -> str:
        if sel is None:
            return self.t("w.any_role")
        if sel.var is not None:
            bound = env.get(sel.var, "")
            text = bound[1:] if bound.startswith(_SAID) else self.role(bound)
        elif sel.ids is not None:
            text = join([self.role(i) for i in sorted(sel.ids)], self.lang)
        elif sel.kinds is not None:
            text = join([self.kind(k) for k in sorted(sel.kinds)], self.lang)
        else:
            text = self.t("w.any_role")
        if sel.not_kinds:
            others = join([self.kind(k) for k in sorted(sel.not_kinds)], self.lang)
            text = self.t("w.except", what=text, kinds=others)
        if sel.parent is not None:
            text = self.t("w.under", what=text, parent=self.role_sel(sel.parent, env))
        if sel.member_of is not None:
            text = self.t("w.in", what=text, team=self.role_sel(sel.member_of, env))
        if sel.where:
            text = self.t("w.with", what=text, tests=self.tests(sel.where))
        return text

    def flow_sel(self, sel: FlowSelector, env: Mapping[str, str]) -> str:
        if sel.kinds:
            kinds = join([self.flow_kind(k) for k in sorted(sel.kinds)], self.lang)
            text = self.t("w.flow", kinds=kinds)
        else:
            text = self.t("w.any_flow")
        if sel.not_kinds:
            others = join([self.flow_kind(k) for k in sorted(sel.not_kinds)], self.lang)
            text = self.t("w.except", what=text, kinds=others)
        if sel.source is not None or sel.target is not None:
            key = "w.flow_between" if sel.either_way else "w.flow_ends"
            source, target = self.role_sel(sel.source, env), self.role_sel(sel.target, env)
            text = self.t(key, flow=text, source=source, target=target)
        if sel.where:
            text = self.t("w.with", what=text, tests=self.tests(sel.where))
        return text

    def tests(self, predicates: Iterable[Predicate]) -> str:
        return join([self.test(p, term("say.field", p.attr, self.lang)) for p in predicates],
                    self.lang, "w.and")  # fmt: skip

    def test(self, pred: Predicate, attr: str) -> str:
        name = pred.operator.name
        value = pred.value
        if pred.ref:
            shown = term("say.field", pred.ref, self.lang)
            if pred.attr == "id" and name == "within":
                return self.t("test.listed", value=shown)
        elif name in ("within", "intersects") and isinstance(value, list):
            if pred.attr == "cadence" and set(value) == set(REGULAR_CADENCES):
                return self.t("say.value.regular")
            shown = value_text(value, self.lang, "w.or")
        elif name == "between" and isinstance(value, list) and len(value) == 2:
            low, high = (value_text(v, self.lang) for v in value)
            return self.t("test.between", attr=attr, low=low, high=high)
        else:
            shown = value_text(value, self.lang)
        key = f"test.{name}" if f"test.{name}" in STRINGS else "test.other"
        if key == "test.other":
            shown = f"{humanize(name)} {shown}".strip()
        return self.t(key, attr=attr, value=shown)

    # -------------------------------------------------------------- conditions

    def condition(self, cond: Condition, env: Mapping[str, str]) -> str:
        handler: Callable[[Any, Mapping[str, str]], str] | None = getattr(
            self, f"_c_{type(cond).__name__}", None
        )
        if handler is None:
            return humanize(cond.describe())
        return handler(cond, env)

    def _c_RoleExists(self, cond: RoleExists, env: Mapping[str, str]) -> str:
        return self.t("w.a_role", what=self.role_sel(cond.selector, env))

    def _c_FlowExists(self, cond: FlowExists, env: Mapping[str, str]) -> str:
        return self.flow_sel(cond.selector, env)

    def _c_FactTest(self, cond: FactTest, env: Mapping[str, str]) -> str:
        return self.test(cond.predicate, term("say.field", cond.path, self.lang))

    def _c_AllOf(self, cond: AllOf, env: Mapping[str, str]) -> str:
        parts = self.t("w.all_sep").join(self.condition(p, env) for p in cond.parts)
        return self.t("w.all", parts=parts)

    def _c_AnyOf(self, cond: AnyOf, env: Mapping[str, str]) -> str:
        parts = self.t("w.any_sep").join(self.condition(p, env) for p in cond.parts)
        return self.t("w.any", parts=parts)

    def _c_Not(self, cond: Not, env: Mapping[str, str]) -> str:
        return self.t("w.not", part=self.condition(cond.part, env))

    def _c_PathExists(self, cond: PathExists, env: Mapping[str, str]) -> str:
        flows = FlowSelector(cond.flows.kinds, cond.flows.not_kinds, where=cond.flows.where)
        key = "w.path_back" if cond.both_ways else "w.path"
        text = self.t(key, flow=self.flow_sel(flows, env),
                      source=self.role_sel(cond.source, env),
                      target=self.role_sel(cond.target, env))  # fmt: skip
        if cond.max_hops is not None:
            text = self.t("w.hops", what=text, hops=cond.max_hops)
        return text

    def _c_MetricTest(self, cond: MetricTest, env: Mapping[str, str]) -> str:
        metric = term("metric", cond.algorithm, self.lang)
        if cond.highest is not None:
            return self.t("w.highest", roles=self.role_sel(cond.highest, env), metric=metric)
        assert cond.predicate is not None
        every = self.t("w.every") if cond.predicate.quantifier == "all" else ""
        test = self.test(cond.predicate, "").strip()
        return self.t("w.metric", metric=metric, every=every,
                      roles=self.role_sel(cond.subject, env), test=test)  # fmt: skip

    def _c_Scope(self, cond: Scope, env: Mapping[str, str]) -> str:
        roles = self.role_sel(cond.roles, env)
        said = _SAID + self.t("w.that", what=roles)
        inner = self.condition(cond.match, {**env, cond.name: said})
        key = "w.scope_all" if cond.quantifier == "all" else "w.scope_any"
        return self.t(key, roles=roles, inner=inner)

    def _c_Count(self, cond: Count, env: Mapping[str, str]) -> str:
        what = (self.flow_sel(cond.flows, env) if cond.flows is not None
                else self.role_sel(cond.roles, env))  # fmt: skip
        test = self.test(cond.predicate, self.t("w.number")).strip()
        if cond.groups:
            groups = t("w.list", self.lang).join(
                "/".join(self.kind(k) for k in sorted(g)) for g in cond.groups
            )
            return self.t("w.count_groups", what=what, groups=groups, test=test)
        if cond.distinct:
            field = term("say.field", cond.distinct, self.lang)
            return self.t("w.count_distinct", what=what, field=field, test=test)
        return self.t("w.count", what=what, test=test)

    # -------------------------------------------------------------- reports

    def missing(self, item: str) -> str:
        """One ``missing`` entry of a finding, as a phrase in the report's language."""
        if not isinstance(item, Unmet):
            return humanize(item)
        if item.unstated:
            return self.t("w.unstated", what=term("say.field", item.unstated, self.lang))
        if item.condition is None:
            return humanize(item)
        if getattr(item, "gate", False):
            return self.t("w.only_when", what=self.condition(item.condition, item.env))
        if getattr(item, "absent", False) and isinstance(item.condition, RoleExists):
            return self.t("w.absent", what=self.role_sel(item.condition.selector, item.env))
        text = self.condition(item.condition, item.env)
        if item.found is not None:
            text = self.t("w.found", what=text, found=value_text(item.found, self.lang))
        return text

    def evidence(self, item: Mapping[str, Any]) -> str:
        """One evidence item of the report contract, as a phrase."""
        kind = item["type"]
        if kind == "flow":
            source = item.get("from_name") or self.role(item["from"])
            target = item.get("to_name") or self.role(item["to"])
            return self.flow(item.get("index", ""), source, target, item.get("kind", ""), item)
        if kind == "role":
            return self.t("ev.role", name=item.get("name") or self.role(item["id"]))
        return self.fact(str(item["path"]), item.get("value"), bool(item.get("stated", True)))

    def flow(self, index: object, source: str, target: str, kind: str,
             item: Mapping[str, Any]) -> str:  # fmt: skip
        """A flow in evidence (``item``, its contract form, for its name and observed counts):
        the most common phrase, by far, in a large model's report."""
        words = self.flow_words.get(kind)
        if words is None:
            words = self.flow_words[kind] = self.flow_kind(kind)
        text = self.flow_template.format(index=index, source=source, target=target, kind=words)
        return text + self._flow_notes(item) if "name" in item or "observed" in item else text

    def _flow_notes(self, item: Mapping[str, Any]) -> str:
        """A flow's own name, and what an event log observed of it (a discovered model)."""
        notes = f" “{item['name']}”" if item.get("name") else ""
        seen = item.get("observed")
        if isinstance(seen, Mapping):
            share = f"{seen.get('share', 0):.0%}"
            counts = {"handovers": seen.get("handovers", 0), "cases": seen.get("cases", "?")}
            notes += " " + self.t("observed_counts", share=share, **counts)
        return notes

    def fact(self, path: str, value: Any, stated: bool) -> str:
        sampled = _SAMPLED.match(path)
        if sampled:
            metric = term("metric", sampled.group(1), self.lang)
            return self.t("ev.sampled", metric=metric, value=value)
        metric_fact = _METRIC_FACT.match(path)
        if metric_fact:
            metric = term("metric", metric_fact.group(1), self.lang)
            role = self.role(metric_fact.group(2))
            return self.t("ev.metric", role=role, metric=metric, value=value_text(value, self.lang))
        shown = value_text(value, self.lang) if stated else t("not_stated", self.lang)
        return self.t("ev.fact", what=term("say.field", path, self.lang), value=shown)


def phraser(lang: str, roles: Iterable[tuple[str, Mapping[str, Any]]]) -> Phraser:
    """A :class:`Phraser` for an organization's ``(id, attributes)`` roles."""
    names: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for role_id, attrs in roles:
        names[role_id] = str(attrs.get("name") or humanize(role_id))
        kinds[role_id] = str(attrs.get("kind", ""))
    return Phraser(lang, names, kinds)
