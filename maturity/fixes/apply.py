"""Apply a rule's fix — graph operations (DESIGN.md §6) — to a copy of a model's data.

A fix is a list of operations (``schemas/rulepack.schema.json``, ``$defs.fixOp``):
``add_role``, ``add_flow`` (an upsert), ``remove_flow``, ``set_flow``,
``reroute_flow``, ``set_role`` and ``set_practice``. Operations apply in order,
each to the result of the one before. Roles and flows are found with the
engine's own selectors (:class:`~maturity.engine.compiler.Compiler`), evaluated
over a fresh :class:`~maturity.engine.context.Context` after every change, so a
fix means exactly what the same words mean in a rule's ``match``.

A *role reference* (``$defs.roleRef``) picks the first matching role — trying
the listed kinds in order, roles sorted by id — or every match with
``each = true``; when nothing matches it adds the role described by
``create``, or, without ``create``, makes the operation a no-op (reported as a
:class:`Change` with ``applied = False``). An operation may carry ``when``, a
condition as in a rule's ``when``: the operation applies only when it holds
(so one fix can serve both branches of a rule like PMM-3).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from maturity.engine.compiler import Compiler
from maturity.engine.conditions import FlowSelector, Path, RoleSelector
from maturity.engine.context import Context
from maturity.engine.language import Language
from maturity.errors import MaturityError, ModelError
from maturity.model.validate import Model, validate_data
from maturity.resources import schema
from maturity.rules.rule import Rule

if TYPE_CHECKING:
    import jsonschema

Data = dict[str, Any]

#: Keys of a role reference that are not selector fields.
_REF_ONLY = ("each", "create")
#: Flow and role fields a fix may not overwrite: they are what references point at.
_FLOW_ENDS = frozenset({"from", "to", "kind"})
_ROLE_KEYS = frozenset({"id"})

#: How each kind of change reads, per language.
VERBS: Mapping[str, Mapping[str, str]] = {
    "add_role": {"en": "add role", "zh": "新增角色"},
    "add_flow": {"en": "add flow", "zh": "新增流程"},
    "update_flow": {"en": "update flow", "zh": "更新流程"},
    "remove_flow": {"en": "remove flow", "zh": "删除流程"},
    "reroute_flow": {"en": "reroute flow", "zh": "改道流程"},
    "update_role": {"en": "update role", "zh": "更新角色"},
    "set_practice": {"en": "set practice", "zh": "设置实践"},
    "no_change": {"en": "no change", "zh": "无变更"},
}


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
        verb = VERBS.get(self.action, {}).get(lang) or VERBS.get(self.action, {}).get("en", "")
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


def apply_fix(
    model: Model | Mapping[str, Any],
    rule: Rule,
    language: Language | None = None,
    validate: bool = True,
) -> FixResult:
    """Apply ``rule``'s fix to a copy of ``model``; raise :class:`FixError` naming the rule."""
    return apply_ops(model, rule.fix, language, rule.params, rule.id, validate, rule.fix_checked)


def apply_ops(
    model: Model | Mapping[str, Any],
    ops: Sequence[Mapping[str, Any]],
    language: Language | None = None,
    params: Mapping[str, Any] | None = None,
    label: str = "<fix>",
    validate: bool = True,
    checked: bool = False,
) -> FixResult:
    """Apply fix operations in order to a copy of ``model`` (a Model or its plain data).

    With ``validate`` false the result is not checked against the model schema
    (faster, for describing changes only); its ``model`` is then unvalidated.
    ``checked``: the operations are known to be well formed (a pack's, once read).
    """
    data = model.data if isinstance(model, Model) else model
    source = model.source if isinstance(model, Model) else "<model>"
    language = language or Language()
    if not checked:
        check_ops(ops, label)
    editor = _Editor(data, language, params or {}, label)
    for index, op in enumerate(ops):
        try:
            editor.run(op, ("fix", index))
        except FixError:
            raise
        except Exception as exc:  # a plugin's odd fix must not end the run
            where = _dotted(("fix", index))
            raise FixError(label, f"{where}: {type(exc).__name__}: {exc}") from exc
    if not validate:
        return FixResult(Model(editor.data, source), tuple(editor.changes))
    try:
        fixed = validate_data(editor.data, source, language.vocabulary)
    except ModelError as exc:
        raise FixError(label, "the fixed model is invalid: " + "; ".join(exc.lines())) from None
    return FixResult(fixed, tuple(editor.changes))


def _op_schema() -> dict[str, Any]:
    document = schema("rulepack")
    return {"$schema": document["$schema"], "$defs": document["$defs"],
            "$ref": "#/$defs/fixOp"}  # fmt: skip


@cache
def _op_validator() -> jsonschema.protocols.Validator:
    import jsonschema

    return jsonschema.Draft202012Validator(_op_schema())


@cache
def _op_fast() -> Callable[[Any], bool] | None:
    """The fast check of an operation without its ``when`` (the conditions' grammar is
    checked when a ``when`` is compiled): a small check, quick to build."""
    from maturity.model.fastcheck import compile_check

    document = _op_schema()
    op = dict(document["$defs"]["fixOp"])
    op["properties"] = {**op["properties"], "when": True}
    return compile_check({**document, "$defs": {**document["$defs"], "fixOp": op}})


def check_ops(ops: Any, label: str) -> None:
    """Raise :class:`FixError` unless ``ops`` is a list of well-formed operations."""
    if isinstance(ops, (str, bytes)) or not isinstance(ops, Sequence):
        raise FixError(label, f"expected a list of operations, got {type(ops).__name__}")
    for index, op in enumerate(ops):
        message = _op_problem(_key(op))
        if message:
            raise FixError(label, f"{_dotted(('fix', index))}{message}")


def _key(op: Any) -> str:
    try:
        return json.dumps(op, sort_keys=True, default=repr)
    except (TypeError, ValueError):
        return repr(op)


@lru_cache(maxsize=4096)
def _op_problem(key: str) -> str:
    """What is wrong with one operation (given as its JSON text), or an empty string."""
    try:
        op = json.loads(key)
    except ValueError:
        return f": not an operation: {key}"
    # ``when`` is a condition, checked when it is compiled.
    body = {k: v for k, v in op.items() if k != "when"} if isinstance(op, dict) else op
    fast = _op_fast()
    if fast is not None and fast(body):
        return ""  # valid: jsonschema only explains what is wrong
    from jsonschema.exceptions import best_match

    error = best_match(_op_validator().iter_errors(body))
    if error is None:
        return ""
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return f"{where}: {error.message}"


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


_SCALARS = (str, int, float, bool, type(None), dt.date, dt.datetime, dt.time)


def _plain_copy(value: Any) -> Any:
    """A deep copy of parsed data (tables, lists, scalars), several times faster than deepcopy."""
    kind = type(value)
    if kind is dict:
        return {k: _plain_copy(v) for k, v in value.items()}
    if kind is list:
        return [_plain_copy(v) for v in value]
    return value if isinstance(value, _SCALARS) else copy.deepcopy(value)


class _Editor:
    """The working copy of the model, and the operations that change it."""

    def __init__(self, data: Mapping[str, Any], language: Language,
                 params: Mapping[str, Any], label: str):  # fmt: skip
        self.data: Data = _plain_copy(dict(data))
        self.language = language
        self.params = params
        self.label = label
        self.changes: list[Change] = []
        self._ctx: Context | None = None
        self.op = ""

    # ------------------------------------------------------------ state

    @property
    def ctx(self) -> Context:
        if self._ctx is None:
            self._ctx = Context.from_model(Model(self.data), loose_ends=True)
        return self._ctx

    def touched(self) -> None:
        self._ctx = None

    def list_of(self, key: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = self.data.setdefault(key, [])
        return items

    def note(self, op: str, action: str, subject: str, detail: str = "",
             item: Mapping[str, Any] | None = None) -> None:  # fmt: skip
        self.changes.append(Change(op, action, subject, detail, item=copy.deepcopy(item or {})))

    def skip(self, op: str, reason: str) -> None:
        self.changes.append(Change(op, "no_change", reason, applied=False))

    def fail(self, path: Path, message: str) -> FixError:
        return FixError(self.label, f"{_dotted(path)}: {message}")

    def run(self, op: Mapping[str, Any], path: Path) -> None:
        self.op = op["op"]
        if "when" in op and not self.holds(op["when"], (*path, "when")):
            return
        handler = getattr(self, f"_op_{self.op}")
        handler(op, path)

    def holds(self, when: Any, path: Path) -> bool:
        """Whether an operation's ``when`` condition holds; a no-op is noted when it does not."""
        compiler = self._compiler()
        condition = compiler.condition(when, path, frozenset())
        self._raise(compiler)
        if condition.evaluate(self.ctx, {}).ok:
            return True
        self.skip(self.op, f"condition not met: {condition.describe()}")
        return False

    # ------------------------------------------------------------ selectors

    def _compiler(self) -> Compiler:
        lang = self.language
        return Compiler(lang.operators, lang.metrics, self.params, lang.vocabulary)

    def role_selector(self, body: Any, path: Path) -> RoleSelector:
        compiler = self._compiler()
        selector = compiler.role_selector(body, path, frozenset())
        self._raise(compiler)
        return selector

    def flow_selector(self, body: Any, path: Path) -> FlowSelector:
        compiler = self._compiler()
        selector = compiler.flow_selector(body, path, frozenset())
        self._raise(compiler)
        return selector

    def _raise(self, compiler: Compiler) -> None:
        if compiler.problems:
            path, message = compiler.problems[0]
            raise self.fail(path, message)

    def resolve(self, ref: Mapping[str, Any], path: Path, each: bool | None = None) -> list[str]:
        """The role ids a role reference names, creating its ``create`` role when none match."""
        every = bool(ref.get("each", False)) if each is None else each
        found: list[str] = []
        for body in _by_kind(ref):
            ids = list(self.role_selector(body, path).candidates(self.ctx, {}))
            if ids and not every:
                return ids[:1]
            found += [i for i in ids if i not in found]
        if found or "create" not in ref:
            return found
        return [self.new_role(ref["create"], (*path, "create"))]

    def describe_ref(self, ref: Mapping[str, Any], path: Path) -> str:
        body = {k: v for k, v in ref.items() if k not in _REF_ONLY}
        return self.role_selector(body, path).describe()

    # ------------------------------------------------------------ roles

    def unique_id(self, wanted: str) -> str:
        taken = {role["id"] for role in self.data.get("roles", [])}
        candidate, number = wanted, 1
        while candidate in taken:
            number += 1
            candidate = f"{wanted}_{number}"
        return candidate

    def new_role(self, spec: Mapping[str, Any], path: Path) -> str:
        role: dict[str, Any] = {"id": self.unique_id(spec.get("id") or spec["kind"]),
                                "kind": spec["kind"]}  # fmt: skip
        if spec.get("name"):
            role["name"] = spec["name"]
        if "parent" in spec:
            parents = self.resolve(spec["parent"], (*path, "parent"), each=False)
            if parents:
                role["parent"] = parents[0]
        if spec.get("okrs"):
            role["okrs"] = list(dict.fromkeys(spec["okrs"]))
        members: list[str] = []
        for number, ref in enumerate(spec.get("members", ())):
            found = self.resolve(ref, (*path, "members", number))
            members += [m for m in found if m not in members]
        if members:
            role["members"] = members
        self.list_of("roles").append(role)
        self.touched()
        self.note(self.op, "add_role", _role_label(role), _role_detail(role), role)
        return str(role["id"])

    def _op_add_role(self, op: Mapping[str, Any], path: Path) -> None:
        if "unless" in op:
            unless = self.role_selector(op["unless"], (*path, "unless"))
            existing = list(unless.candidates(self.ctx, {}))
            if existing:
                self.skip("add_role", f"{unless.describe()} exists already: {', '.join(existing)}")
                return
        self.new_role(op, path)

    def _op_set_role(self, op: Mapping[str, Any], path: Path) -> None:
        ref = {**op["match"], "each": not op.get("first", False)}
        ids = self.resolve(ref, (*path, "match"))
        if not ids:
            self.skip("set_role", f"no role matches: {self.describe_ref(op['match'], path)}")
            return
        roles = {role["id"]: role for role in self.data.get("roles", [])}
        for role_id in ids:
            changed = self.update(roles[role_id], op, path, _ROLE_KEYS)
            if changed:
                self.note("set_role", "update_role", role_id, changed, roles[role_id])
            else:
                self.skip("set_role", f"role {role_id} is already as wanted")
        self.touched()

    # ------------------------------------------------------------ attributes

    def update(self, item: dict[str, Any], op: Mapping[str, Any], path: Path,
               fixed: frozenset[str], union: bool = False) -> str:  # fmt: skip
        """Apply ``set`` (lists merged when ``union``) and ``add``; describe what changed."""
        setting = op.get("set", {})
        adding = op.get("add", {})
        refused = sorted(fixed & (set(setting) | set(adding)))
        if refused:
            raise self.fail((*path, "set"), f"a fix cannot change '{refused[0]}'")
        parts = [self._assign(item, key, value, union, path) for key, value in setting.items()]
        for key, values in adding.items():
            added = self._extend(item, key, values, (*path, "add", key))
            parts.append(f"{key} += {show(added)}" if added else "")
        return "; ".join(p for p in parts if p)

    def _assign(self, item: dict[str, Any], key: str, value: Any, union: bool, path: Path) -> str:
        old = item.get(key)
        if union and isinstance(value, list) and isinstance(old, list):
            added = self._extend(item, key, value, (*path, "set", key))
            return f"{key} += {show(added)}" if added else ""
        if key in item and _same(old, value):
            return ""
        item[key] = copy.deepcopy(value)
        return f"{key}: {show(value)}"

    def _extend(self, item: dict[str, Any], key: str, values: Any, path: Path) -> list[Any]:
        """Append the ``values`` not yet in the list ``item[key]``; return those appended."""
        old = item.get(key, [])
        if not isinstance(values, list) or not isinstance(old, list):
            raise self.fail(path, "only lists can be extended")
        new: list[Any] = []
        for value in values:
            if value not in old and value not in new:
                new.append(copy.deepcopy(value))
        if new:
            item[key] = [*old, *new]
        return new

    # ------------------------------------------------------------ flows

    def _op_add_flow(self, op: Mapping[str, Any], path: Path) -> None:
        refused = sorted(_FLOW_ENDS & set(op.get("set", {})))
        if refused:
            raise self.fail((*path, "set", refused[0]), f"a fix cannot set '{refused[0]}'")
        sources = self.resolve(op["from"], (*path, "from"))
        targets = self.resolve(op["to"], (*path, "to"))
        for end, ids in (("from", sources), ("to", targets)):
            if not ids:
                what = self.describe_ref(op[end], (*path, end))
                self.skip("add_flow", f"no role matches '{end}': {what}")
                return
        for source in sources:
            for target in targets:
                self._upsert(source, target, op, path)

    def _upsert(self, source: str, target: str, op: Mapping[str, Any], path: Path) -> None:
        kind = op["kind"]
        label = f"{source} → {target} [{kind}]"
        if source == target:
            self.skip("add_flow", f"{label}: a flow from a role to itself")
            return
        flows = self.list_of("flows")
        existing = [f for f in flows if (f["from"], f["to"], f["kind"]) == (source, target, kind)]
        for flow in existing:
            changed = self.update(flow, op, path, _FLOW_ENDS, union=True)
            if changed:
                self.note("add_flow", "update_flow", label, changed, flow)
            else:
                self.skip("add_flow", f"{label} exists already")
        if not existing:
            flow = {"from": source, "to": target, "kind": kind, **copy.deepcopy(op.get("set", {}))}
            flows.append(flow)
            self.note("add_flow", "add_flow", label, _describe(op.get("set", {})), flow)
        self.touched()

    def matching_flows(self, op: Mapping[str, Any], path: Path) -> list[int]:
        selector = self.flow_selector(op["match"], (*path, "match"))
        found = [row[0] for row in selector.select(self.ctx, {})]
        if not found:
            self.skip(op["op"], f"no flow matches: {selector.describe()}")
        return found

    def _op_remove_flow(self, op: Mapping[str, Any], path: Path) -> None:
        drop = set(self.matching_flows(op, path))
        flows = self.data.get("flows", [])
        for index in sorted(drop):
            self.note("remove_flow", "remove_flow", flow_label(flows[index]), item=flows[index])
        if drop:
            # Flows are referenced by index: keep the rest in their order.
            self.data["flows"] = [f for i, f in enumerate(flows) if i not in drop]
            self.touched()

    def _op_set_flow(self, op: Mapping[str, Any], path: Path) -> None:
        flows = self.data.get("flows", [])
        for index in self.matching_flows(op, path):
            changed = self.update(flows[index], op, path, _FLOW_ENDS)
            if changed:
                label = flow_label(flows[index])
                self.note("set_flow", "update_flow", label, changed, flows[index])
            else:
                self.skip("set_flow", f"{flow_label(flows[index])} is already as wanted")
        self.touched()

    def _op_reroute_flow(self, op: Mapping[str, Any], path: Path) -> None:
        indices = self.matching_flows(op, path)
        if not indices:
            return
        ends: dict[str, str] = {}
        for end in ("from", "to"):
            if end in op:
                ids = self.resolve(op[end], (*path, end), each=False)
                if not ids:
                    what = self.describe_ref(op[end], (*path, end))
                    self.skip("reroute_flow", f"no role matches '{end}': {what}")
                    return
                ends[end] = ids[0]
        for index in indices:
            self._reroute(self.data["flows"][index], ends, op, path)
        self.touched()

    def _reroute(self, flow: dict[str, Any], ends: Mapping[str, str], op: Mapping[str, Any],
                 path: Path) -> None:  # fmt: skip
        before = flow_label(flow)
        moved = {**flow, **ends}
        if moved["from"] == moved["to"]:
            self.skip("reroute_flow", f"{before}: rerouting would make a flow to itself")
            return
        flow.update(ends)
        changed = self.update(flow, {"set": op.get("set", {})}, path, _FLOW_ENDS)
        detail = "; ".join(p for p in (f"now {flow['from']} → {flow['to']}", changed) if p)
        if before == flow_label(flow) and not changed:
            self.skip("reroute_flow", f"{before} is already as wanted")
        else:
            self.note("reroute_flow", "reroute_flow", before, detail, flow)

    # ------------------------------------------------------------ practices

    def _op_set_practice(self, op: Mapping[str, Any], path: Path) -> None:
        practices: dict[str, Any] = self.data.setdefault("practices", {})
        for name, value in op.get("set", {}).items():
            table, key = self._table(practices, name, (*path, "set", name))
            if key in table and _same(table[key], value):
                self.skip("set_practice", f"{name} is already {show(value)}")
                continue
            table[key] = copy.deepcopy(value)
            self.note("set_practice", "set_practice", name, f"= {show(value)}", {"practice": name})
        for name, ref in op.get("add_ids", {}).items():
            where = (*path, "add_ids", name)
            ids = self.resolve(ref, where, each=bool(ref.get("each", True)))
            if not ids:
                self.skip("set_practice", f"no role matches: {self.describe_ref(ref, where)}")
                continue
            table, key = self._table(practices, name, where)
            added = self._extend(table, key, ids, where)
            if added:
                self.note("set_practice", "set_practice", name, f"+= {show(added)}",
                          {"practice": name})  # fmt: skip
            else:
                self.skip("set_practice", f"{name} already lists {show(ids)}")
        self.touched()

    def _table(
        self, practices: dict[str, Any], name: str, path: Path
    ) -> tuple[dict[str, Any], str]:
        """The table that holds the dotted practice ``name``, created as needed, and its key."""
        *heads, key = name.split(".")
        table = practices
        for head in heads:
            table = table.setdefault(head, {})
            if not isinstance(table, dict):
                raise self.fail(path, f"practice '{head}' is not a table")
        return table, key


def _by_kind(ref: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A role reference as selectors to try in order: one per listed kind."""
    body = {k: v for k, v in ref.items() if k not in _REF_ONLY}
    kinds = body.get("kind")
    if isinstance(kinds, list):
        return [{**body, "kind": kind} for kind in kinds]
    return [body]


def _role_label(role: Mapping[str, Any]) -> str:
    return f"{role['id']} [{role['kind']}]"


def _role_detail(role: Mapping[str, Any]) -> str:
    parts = {k: role[k] for k in ("name", "parent", "okrs", "members") if k in role}
    return _describe(parts)
