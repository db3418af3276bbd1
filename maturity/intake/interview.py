"""``maturity init --interview``: ask what the enabled packs need to know, write the model.

The questions come from the packs' facts (:mod:`maturity.intake.facts`): the
organization's fields, which departments exist, who sends which flow to
whom and its details, and the practices. An asker answers them: a person at
a terminal (:mod:`maturity.intake.terminal`) or an answers file
(:mod:`maturity.intake.answers`). A skipped answer leaves the fact unstated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from maturity.intake.facts import Facts, role_kinds
from maturity.intake.questions import SKIP, Question, choices, field_question, say
from maturity.intake.terms import field_name, kind_name
from maturity.model.vocabulary import Vocabulary
from maturity.resources import schema


class Asker(Protocol):
    """Answers questions: the value, or ``SKIP``."""

    def ask(self, question: Question) -> Any: ...


@dataclass
class Transcript:
    """What the interview produced: the model data, a comment per flow, what was skipped."""

    data: dict[str, Any]
    comments: dict[int, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)


class Interview:
    """One interview: asks in order, keeping the answers and building the model."""

    def __init__(
        self,
        facts: Facts,
        vocabulary: Vocabulary,
        asker: Asker,
        lang: str = "en",
        wide: bool = False,
    ):
        self.facts, self.vocabulary, self.asker, self.lang = facts, vocabulary, asker, lang
        #: Asking every fact the format has (an answers file), not only what the packs read.
        self.wide = wide
        self.roles: dict[str, str] = {}  # id -> display name
        self.kinds: dict[str, str] = {}  # id -> kind
        self.out = Transcript({"organization": {}})
        #: Questions asked so far, and how many the interview expects in all (it learns more
        #: as it goes: each department, each kind of flow a department sends).
        self.count, self.total = 0, 0

    def plan(self, more: int) -> None:
        """Expect ``more`` questions (fewer, when negative)."""
        self.total += more

    def tick(self) -> None:
        """One more question: tell the asker where the interview stands, if it shows it."""
        self.count += 1
        self.total = max(self.total, self.count)
        progress = getattr(self.asker, "progress", None)
        if progress is not None:
            progress(self.count, self.total)

    def ask(self, question: Question, label: str = "") -> Any:
        self.tick()
        value = self.asker.ask(question)
        if value is SKIP:
            if label:
                self.out.skipped.append(label)
            return SKIP
        self.out.answers[question.id] = value
        return value

    def run(self) -> Transcript:
        self.plan(len(self._practice_names()))
        self._organization()
        self._departments()
        self._role_details()
        self._flows()
        self._practices()
        return self.out

    # -------------------------------------------------------------- organization

    def _organization(self) -> None:
        org = self.out.data["organization"]
        name = self.ask(
            Question("organization.name", say("org.name", self.lang), "text", required=True)
        )
        org["name"] = name if name is not SKIP else "?"
        spec = schema("organization")["properties"]["organization"]["properties"]
        wanted = [k for k in spec if k in self.facts.organization]
        if {"arr", "acv"} & set(wanted):
            wanted.insert(0, "currency")
        self.plan(1 + len(wanted))
        for key in wanted:
            label = field_name(key, self.lang)
            text = say("org.choice" if "enum" in spec[key] else "org.field", self.lang, field=label)
            value = self.ask(
                field_question(f"organization.{key}", key, resolve(spec[key]), text, self.lang),
                label,
            )
            if value is not SKIP:
                org[key] = value

    # -------------------------------------------------------------- departments

    def _departments(self) -> None:
        kinds = role_kinds(self.vocabulary)
        chooser = getattr(self.asker, "choose", None)
        self.plan(len(kinds))
        if chooser is not None:
            self.plan(1 - len(kinds))
            self.tick()
            question = Question(
                "departments",
                say("departments", self.lang),
                "multi",
                tuple((k, kind_name(k, self.lang)) for k in kinds),
            )
            chosen = set(chooser(question))
            kinds = [k for k in kinds if k in chosen]
            self.plan(len(kinds))
        roles = self.out.data.setdefault("roles", [])
        for kind in kinds:
            label = kind_name(kind, self.lang)
            text = say("dept.name", self.lang, kind=label)
            name = self.ask(Question(f"departments.{kind}", text, "text", default=label))
            if name is SKIP:
                continue
            roles.append({"id": kind, "kind": kind, "name": name})
            self.roles[kind], self.kinds[kind] = name, kind

    def _role_details(self) -> None:
        asked = [
            (role, attr, question)
            for role in self.out.data["roles"]
            for attr in ("parent", "okrs", "members", "headcount", "notes")
            if (question := self._role_question(role, attr)) is not None
        ]
        self.plan(len(asked))
        for role, attr, question in asked:
            value = self.ask(question)
            if value not in (SKIP, []):
                role[attr] = value

    def _role_question(self, role: Mapping[str, Any], attr: str) -> Question | None:
        if attr not in self.facts.role_attrs:
            return None
        ident, name, kind = role["id"], role["name"], role["kind"]
        others = tuple((i, n) for i, n in self.roles.items() if i != ident)
        qid = f"roles.{ident}.{attr}"
        if attr == "parent":
            # Every role's place when replaying a file; at a terminal, only where rules look.
            wanted = self.wide or kind in self.facts.parent_kinds
            usable = wanted and kind != "customer" and others
            text = say("role.parent", self.lang, role=name)
            return Question(qid, text, "choice", others) if usable else None
        if attr == "members":
            text = say("role.members", self.lang, role=name)
            return Question(qid, text, "multi", others) if kind == "virtual_team" else None
        if attr == "okrs":
            text = say("role.okrs", self.lang, role=name)
            values = sorted(self.facts.role_values.get((kind, "okrs"), ()))
            if self.wide:
                return Question(qid, text, "texts")
            return Question(qid, text, "multi", choices(values, self.lang)) if values else None
        spec = resolve(schema("organization")["$defs"]["role"]["properties"][attr])
        text = say("role.field", self.lang, role=name, field=field_name(attr, self.lang))
        return field_question(qid, attr, spec, text, self.lang)

    # -------------------------------------------------------------- flows

    def _flows(self) -> None:
        """Who sends what to whom: at a terminal, one pick-many per department first."""
        flows = self.out.data.setdefault("flows", [])
        offers = {sender: self._offers(sender) for sender in self.kinds}
        chooser = getattr(self.asker, "choose", None)
        if chooser is None:  # an answers file: every question, by its id
            for kind in self.facts.flow_kinds(self.vocabulary):
                for sender, offered in offers.items():
                    for urgent in (u for k, u in offered if k == kind):
                        self._flow(flows, sender, kind, urgent)
            return
        self.plan(sum(1 for offered in offers.values() if offered))
        for sender, offered in offers.items():
            if offered:
                for kind, urgent in self._chosen_kinds(chooser, sender, offered):
                    self._flow(flows, sender, kind, urgent)

    def _offers(self, sender: str) -> list[tuple[str, bool | None]]:
        """The flow kinds rules read from a department of ``sender``'s kind."""
        out: list[tuple[str, bool | None]] = []
        for kind in self.facts.flow_kinds(self.vocabulary):
            facts = self.facts.flows[kind]
            if facts.senders and self.kinds[sender] not in facts.senders:
                continue
            if self._others(sender):
                out += [(kind, u) for u in ((False, True) if facts.split else (None,))]
        return out

    def _chosen_kinds(
        self, chooser: Any, sender: str, offered: list[tuple[str, bool | None]]
    ) -> list[tuple[str, bool | None]]:
        words = {"sender": self.roles[sender]}
        keys = {f"{kind}{'_urgent' if urgent else ''}": (kind, urgent) for kind, urgent in offered}
        labels = [
            (key, kind_label(kind, urgent, self.lang)) for key, (kind, urgent) in keys.items()
        ]
        none = (NONE, say("none_of_these", self.lang))
        question = Question(
            f"flows.{sender}", say("flow.group", self.lang, **words), "multi", (*labels, none)
        )
        self.tick()
        chosen = [c for c in chooser(question) if c != NONE]
        self.plan(len(chosen))
        return [keys[c] for c in chosen]

    def _flow(
        self, flows: list[dict[str, Any]], sender: str, kind: str, urgent: bool | None
    ) -> None:
        words = {"sender": self.roles[sender], "kind": kind_name(kind, self.lang, "flow_kind")}
        key = {None: "flow", False: "flow.routine", True: "flow.urgent"}[urgent]
        suffix = "_urgent" if urgent else ""
        question = Question(
            f"flows.{sender}.{kind}{suffix}",
            say(key, self.lang, **words),
            "multi",
            self._others(sender),
        )
        targets = self.ask(question)
        attrs = sorted(self.facts.flows[kind].attrs)
        self.plan(len(targets) * len(attrs) if targets is not SKIP else 0)
        for target in [] if targets is SKIP else targets:
            flow: dict[str, Any] = {"from": sender, "to": target, "kind": kind}
            if urgent is not None:
                flow["urgent"] = urgent
            self.out.comments[len(flows)] = f"{question.text} → {self.roles[target]}"
            for attr in attrs:
                self._detail(flow, f"{kind}{suffix}", attr, words)
            flows.append(flow)

    def _others(self, sender: str) -> tuple[tuple[str, str], ...]:
        return tuple((i, n) for i, n in self.roles.items() if i != sender)

    def _detail(
        self, flow: dict[str, Any], kind_key: str, attr: str, words: Mapping[str, str]
    ) -> None:
        spec = schema("organization")["$defs"]["flow"]["properties"].get(attr)
        if spec is None:
            return
        spec = resolve(spec)
        receiver = self.roles[flow["to"]]
        key = {"cadence": "detail.cadence", "content": "detail.content"}.get(attr, "detail.bool")
        text = say(key, self.lang, receiver=receiver, field=field_name(attr, self.lang), **words)
        qid = f"details.{flow['from']}.{kind_key}.{flow['to']}.{attr}"
        value = self.ask(field_question(qid, attr, spec, text, self.lang))
        if value not in (SKIP, []):
            flow[attr] = value

    # -------------------------------------------------------------- practices

    def _practice_checklist(self, names: list[str]) -> dict[str, Any]:
        """At a terminal, the yes/no practices as one pick-many: picked is yes, the rest no."""
        chooser = getattr(self.asker, "choose", None)
        yes_no = [n for n in names if self._practice_spec(n).get("type") == "boolean"]
        if chooser is None or len(yes_no) < 2:
            return {}
        unknown = (NONE, say("practice.unknown", self.lang))
        items = tuple((n, field_name(n, self.lang)) for n in yes_no)
        question = Question("practices", say("practice.checklist", self.lang), "multi",
                            (*items, unknown))  # fmt: skip
        self.plan(1 - len(yes_no))
        self.tick()
        chosen = set(chooser(question))
        if NONE in chosen:
            self.out.skipped += [label for _, label in items]
            return dict.fromkeys(yes_no, SKIP)
        answers = {n: n in chosen for n in yes_no}
        self.out.answers.update({f"practices.{n}": v for n, v in answers.items()})
        return answers

    def _practices(self) -> None:
        practices: dict[str, Any] = {}
        names = self._practice_names()
        checked = self._practice_checklist(names)
        for name in names:
            if name in checked:
                self._put_practice(practices, name, checked[name])
                continue
            spec = self._practice_spec(name)
            label = field_name(name, self.lang)
            text = say(
                "practice.bool" if spec.get("type") == "boolean" else "practice.value",
                self.lang,
                field=label,
            )
            if name.endswith("visible_to"):
                question = Question(f"practices.{name}", text, "multi", tuple(self.roles.items()))
            else:
                question = field_question(f"practices.{name}", name, spec, text, self.lang)
            self._put_practice(practices, name, self.ask(question, label))
        if practices:
            self.out.data["practices"] = practices

    @staticmethod
    def _put_practice(practices: dict[str, Any], name: str, value: Any) -> None:
        if value in (SKIP, []):
            return
        head, _, tail = name.partition(".")
        if tail:
            practices.setdefault(head, {})[tail] = value
        else:
            practices[head] = value

    def _practice_names(self) -> list[str]:
        builtin = schema("organization")["$defs"]["practices"]["properties"]
        order = []
        for key, spec in builtin.items():
            subs = [f"{key}.{s}" for s in spec.get("properties", {})]
            order += [n for n in [key, *subs] if n in self.facts.practices]
        return order + sorted(self.facts.practices - set(order))

    def _practice_spec(self, name: str) -> Mapping[str, Any]:
        builtin = schema("organization")["$defs"]["practices"]["properties"]
        head, _, tail = name.partition(".")
        spec = builtin.get(head) or self.vocabulary.practices.get(head) or {}
        if tail:
            spec = spec.get("properties", {}).get(tail, {})
        return resolve(spec)


#: The "none of these" choice of a department's kinds of flow.
NONE = "-"


def kind_label(kind: str, urgent: bool | None, lang: str) -> str:
    words = kind_name(kind, lang, "flow_kind")
    key = {None: None, False: "kind.routine", True: "kind.urgent"}[urgent]
    return say(key, lang, kind=words) if key else words


def resolve(spec: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = spec.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return schema("organization")["$defs"][ref.split("/")[-1]]
    if spec.get("type") == "array" and isinstance(spec.get("items"), Mapping):
        return {**spec, "items": resolve(spec["items"])}
    return spec
