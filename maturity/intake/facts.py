"""What the enabled rule packs read: the facts an interview has to ask about.

Walks each declarative rule's ``when``, ``match`` and ``credit`` conditions
(never its tests or fixes) and collects the organization fields, practices,
role kinds and attributes, and flow kinds with their senders, receivers and
attributes that the rules test. A plugin's TOML pack is walked the same way;
a plugin's Python rules cannot be read, so the kinds and practices the plugin
adds to the vocabulary are asked about instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from maturity.model.vocabulary import FLOW_KINDS, ROLE_KINDS, Vocabulary

_CONDITION_KEYS = ("when", "match", "credit")


@dataclass
class FlowFacts:
    """What rules test about one flow kind."""

    senders: set[str] = field(default_factory=set)
    receivers: set[str] = field(default_factory=set)
    #: Attributes asked per flow (never ``urgent`` when ``split``).
    attrs: set[str] = field(default_factory=set)
    #: Rules tell urgent flows from the others: ask for each apart.
    split: bool = False
    #: A rule reads this kind without naming who sends it: ask every department.
    any_sender: bool = False


@dataclass
class Facts:
    """Everything the enabled packs read, in the order an interview asks it."""

    organization: set[str] = field(default_factory=set)
    practices: set[str] = field(default_factory=set)
    role_kinds: set[str] = field(default_factory=set)
    role_attrs: set[str] = field(default_factory=set)
    #: Role kinds whose place in the organization rules test (the hotline under CS).
    parent_kinds: set[str] = field(default_factory=set)
    #: Values rules look for in a role kind's list attribute: ``okrs`` of customer_success.
    role_values: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    flows: dict[str, FlowFacts] = field(default_factory=lambda: defaultdict(FlowFacts))

    def flow_kinds(self, vocabulary: Vocabulary) -> list[str]:
        return _ordered(set(self.flows), FLOW_KINDS, vocabulary.flow_kinds)


def _ordered(chosen: set[str], builtin: Iterable[str], known: Iterable[str]) -> list[str]:
    order = [k for k in builtin if k in chosen]
    return order + sorted((chosen & set(known)) - set(order))


def role_kinds(vocabulary: Vocabulary) -> list[str]:
    """Every role kind, built-in order first, then plugins' kinds by name."""
    return _ordered(set(vocabulary.role_kinds), ROLE_KINDS, vocabulary.role_kinds)


def _kinds(ref: Any) -> set[str]:
    """Role kinds a condition's ``from``/``to``/``kind`` names (variables name none)."""
    if isinstance(ref, Mapping):
        return _kinds(ref.get("kind"))
    if isinstance(ref, str):
        return set() if ref.startswith("$") else {ref}
    if isinstance(ref, list):
        return set().union(*(_kinds(r) for r in ref)) if ref else set()
    return set()


class _Walker:
    def __init__(self, facts: Facts):
        self.facts = facts

    def walk(self, node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                self.walk(item)
            return
        if not isinstance(node, Mapping):
            return
        for key, value in node.items():
            handler = getattr(self, f"_{key}", None)
            if handler is not None and isinstance(value, Mapping):
                handler(value)
            if key == "ref" and isinstance(value, str) and value.startswith("practices."):
                self.facts.practices.add(value.removeprefix("practices."))
            self.walk(value)

    def _practice(self, cond: Mapping[str, Any]) -> None:
        if isinstance(cond.get("name"), str):
            self.facts.practices.add(cond["name"])

    def _organization(self, cond: Mapping[str, Any]) -> None:
        if isinstance(cond.get("field"), str):
            self.facts.organization.add(cond["field"])

    def _role(self, cond: Mapping[str, Any]) -> None:
        kinds = _kinds(cond.get("kind"))
        self.facts.role_kinds |= kinds
        if "parent" in cond:
            self.facts.role_attrs.add("parent")
            self.facts.parent_kinds |= kinds
        if "member_of" in cond:
            self.facts.role_attrs.add("members")
        for test in cond.get("where", []) or []:
            attr = test.get("attr") if isinstance(test, Mapping) else None
            if not isinstance(attr, str) or attr == "id":
                continue
            self.facts.role_attrs.add(attr)
            if isinstance(test.get("value"), str):
                for kind in kinds:
                    self.facts.role_values[(kind, attr)].add(test["value"])

    _roles = _role

    def _flow(self, cond: Mapping[str, Any]) -> None:
        ends = cond.get("between") or [cond.get("from"), cond.get("to")]
        senders = set().union(*(_kinds(e) for e in ends)) if cond.get("between") else None
        for kind in _kinds(cond.get("kind")) or set():
            facts = self.facts.flows[kind]
            facts.senders |= senders if senders is not None else _kinds(cond.get("from"))
            facts.receivers |= senders if senders is not None else _kinds(cond.get("to"))
            facts.any_sender |= not cond.get("from") and not cond.get("between")
            for test in cond.get("where", []) or []:
                if isinstance(test, Mapping) and isinstance(test.get("attr"), str):
                    facts.split |= test["attr"] == "urgent"
                    facts.attrs.add(test["attr"])
            facts.attrs.discard("urgent")
        for end in ends:
            if isinstance(end, Mapping) and "parent" in end:
                self.facts.role_attrs.add("parent")
                self.facts.parent_kinds |= _kinds(end.get("kind"))

    _flows = _flow


def pack_facts(packs: Iterable[Any], vocabulary: Vocabulary) -> Facts:
    """The facts the ``packs`` read, plus what the vocabulary's plugin additions name."""
    facts = Facts()
    walker = _Walker(facts)
    for pack in packs:
        for rule in (pack.data or {}).get("rules", []):
            for key in _CONDITION_KEYS:
                walker.walk(rule.get(key))
    for kind in vocabulary.flow_kinds - set(FLOW_KINDS):
        facts.flows[kind].any_sender = True  # a plugin's kind: its rules may be code
    facts.practices |= set(vocabulary.practices)
    return facts


def widened(facts: Facts, vocabulary: Vocabulary) -> Facts:
    """Every fact the model format can state, asked the way ``facts`` asks it.

    An answers file is replayed against this, so an answer the enabled packs
    do not need (a cadence no rule reads) still reaches the model, and only
    a question that cannot exist is an error.
    """
    from maturity.resources import schema

    root = schema("organization")
    out = Facts(
        organization=set(root["properties"]["organization"]["properties"]) - {"name"},
        practices=set(root["$defs"]["practices"]["properties"]) | set(vocabulary.practices),
        role_kinds=set(vocabulary.role_kinds),
        role_attrs=set(root["$defs"]["role"]["properties"]) - {"id", "kind", "name"},
        role_values=facts.role_values,
    )
    out.practices |= {f"issue_tracker.{k}" for k in ("links_customers", "visible_to")}
    flow_props = root["$defs"]["flow"]["properties"]
    # Tables on a flow (``observed``, written by `maturity discover`) are not interview facts.
    defs = root["$defs"]

    def is_table(spec: Mapping[str, Any]) -> bool:
        ref = str(spec.get("$ref", ""))
        return (defs.get(ref.split("/")[-1], {}) if ref else spec).get("type") == "object"

    flow_attrs = {k for k, v in flow_props.items() if not is_table(v)}
    flow_attrs -= {"from", "to", "kind"}
    for kind in vocabulary.flow_kinds:
        split = facts.flows[kind].split if kind in facts.flows else False
        out.flows[kind] = FlowFacts(
            split=split, attrs=flow_attrs - ({"urgent"} if split else set())
        )
    return out
