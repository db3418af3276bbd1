"""The working copy of a model and the fix operations that change it, one method each.

Roles and flows are found with the engine's own selectors, evaluated over a
fresh context after every change; each operation notes a :class:`Change`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from maturity.engine.compiler import Compiler
from maturity.engine.context import Context
from maturity.engine.language import Language
from maturity.engine.selectors import FlowSelector, Path, RoleSelector
from maturity.fixes.changes import Change, FixError, _describe, _dotted, _same, flow_label, show
from maturity.fixes.sentences import role_name
from maturity.model.validate import Model

Data = dict[str, Any]

#: Keys of a role reference that are not selector fields.
_REF_ONLY = ("each", "create")
#: Flow and role fields a fix may not overwrite: they are what references point at.
_FLOW_ENDS = frozenset({"from", "to", "kind"})
_ROLE_KEYS = frozenset({"id"})


def _copy_data(value: Any) -> Any:
    """A copy of plain model data (dicts, lists, scalars): what ``copy.deepcopy`` makes,
    several times faster, as there are no shared or cyclic parts to track."""
    kind = type(value)
    if kind is dict:
        return {k: _copy_data(v) for k, v in value.items()}
    if kind is list:
        return [_copy_data(v) for v in value]
    return value if kind in _ATOMS else copy.deepcopy(value)


_ATOMS = frozenset({str, int, float, bool, type(None)})


class _Editor:
    """The working copy of the model, and the operations that change it."""

    def __init__(self, data: Mapping[str, Any], language: Language,
                 params: Mapping[str, Any], label: str):  # fmt: skip
        self.data: Data = _copy_data(dict(data))
        self.language = language
        self.params = params
        self.label = label
        self.changes: list[Change] = []
        #: What the last update changed, the ends a reroute moved, the language of new names.
        self.delta: dict[str, Any] = {}
        self.was: dict[str, Any] = {}
        self.lang = "en"
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
        item = copy.deepcopy(item or {})
        delta, self.delta = self.delta, {}
        self.changes.append(Change(op, action, subject, detail, item=item, delta=delta,
                                   was=self.was))  # fmt: skip
        self.was = {}

    def skip(self, op: str, reason: str, why: str = "not_applicable") -> None:
        self.changes.append(Change(op, "no_change", reason, applied=False, why=why))

    def fail(self, path: Path, message: str) -> FixError:
        return FixError(self.label, f"{_dotted(path)}: {message}")

    def run(self, op: Mapping[str, Any], path: Path) -> None:
        self.op = op["op"]
        if "when" in op and not self.holds(op["when"], (*path, "when")):
            return
        handler = getattr(self, f"_op_{self.op}")
        handler(op, path)

    def holds(self, when: Any, path: Path) -> bool:
        """Whether an operation's ``when`` condition holds (a branch not taken leaves no note)."""
        compiler = self._compiler()
        condition = compiler.condition(when, path, frozenset())
        self._raise(compiler)
        return condition.evaluate(self.ctx, {}).ok

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
        name = role_name(spec, self.lang)
        if name:
            role["name"] = name
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
                what = f"{unless.describe()} exists already: {', '.join(existing)}"
                self.skip("add_role", what, "exists")
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
            if "parent" in op:
                moved = self._reparent(roles[role_id], op, path)
                changed = "; ".join(filter(None, (changed, moved)))
            if changed:
                self.note("set_role", "update_role", role_id, changed, roles[role_id])
            else:
                self.skip("set_role", f"role {role_id} is already as wanted", "exists")
        self.touched()

    def _reparent(self, role: dict[str, Any], op: Mapping[str, Any], path: Path) -> str:
        """Move ``role`` under the first role ``op['parent']`` finds (never under itself)."""
        found = [i for i in self.resolve(op["parent"], (*path, "parent"), each=True)
                 if not self._reports_to(i, role["id"])]  # fmt: skip
        if not found or role.get("parent") == found[0]:
            return ""
        role["parent"] = found[0]
        return f"parent: {found[0]}"

    def _reports_to(self, role_id: str, boss: str) -> bool:
        """Whether ``role_id`` is ``boss`` or sits somewhere under it (a move would loop)."""
        parents = {r["id"]: r.get("parent") for r in self.data.get("roles", [])}
        seen: set[str] = set()
        current: Any = role_id
        while isinstance(current, str) and current not in seen:
            if current == boss:
                return True
            seen.add(current)
            current = parents.get(current)
        return False

    # ------------------------------------------------------------ attributes

    def update(self, item: dict[str, Any], op: Mapping[str, Any], path: Path,
               fixed: frozenset[str], union: bool = False) -> str:  # fmt: skip
        """Apply ``set`` (lists merged when ``union``) and ``add``; describe what changed."""
        setting = op.get("set", {})
        adding = op.get("add", {})
        refused = sorted(fixed & (set(setting) | set(adding)))
        if refused:
            raise self.fail((*path, "set"), f"a fix cannot change '{refused[0]}'")
        self.delta = {}
        parts = [self._assign(item, key, value, union, path) for key, value in setting.items()]
        for key, values in adding.items():
            added = self._extend(item, key, values, (*path, "add", key))
            parts.append(f"{key} += {show(added)}" if added else "")
            self.delta.update({key: {"+": added}} if added else {})
        return "; ".join(p for p in parts if p)

    def _assign(self, item: dict[str, Any], key: str, value: Any, union: bool, path: Path) -> str:
        old = item.get(key)
        if union and isinstance(value, list) and isinstance(old, list):
            added = self._extend(item, key, value, (*path, "set", key))
            self.delta.update({key: {"+": added}} if added else {})
            return f"{key} += {show(added)}" if added else ""
        if key in item and _same(old, value):
            return ""
        item[key] = copy.deepcopy(value)
        self.delta[key] = copy.deepcopy(value)
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
            self.skip("add_flow", f"{label}: a flow from a role to itself", "self_loop")
            return
        flows = self.list_of("flows")
        existing = [f for f in flows if (f["from"], f["to"], f["kind"]) == (source, target, kind)]
        for flow in existing:
            changed = self.update(flow, op, path, _FLOW_ENDS, union=True)
            if changed:
                self.note("add_flow", "update_flow", label, changed, flow)
            else:
                self.skip("add_flow", f"{label} exists already", "exists")
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
                label = flow_label(flows[index])
                self.skip("set_flow", f"{label} is already as wanted", "exists")
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
        was = {"from": flow["from"], "to": flow["to"]}
        moved = {**flow, **ends}
        if moved["from"] == moved["to"]:
            self.skip("reroute_flow", f"{before}: rerouting would make a flow to itself",
                      "self_loop")  # fmt: skip
            return
        flow.update(ends)
        changed = self.update(flow, {"set": op.get("set", {})}, path, _FLOW_ENDS)
        detail = "; ".join(p for p in (f"now {flow['from']} → {flow['to']}", changed) if p)
        if before == flow_label(flow) and not changed:
            self.skip("reroute_flow", f"{before} is already as wanted", "exists")
        else:
            self.was = was
            self.note("reroute_flow", "reroute_flow", before, detail, flow)

    # ------------------------------------------------------------ practices

    def _op_set_practice(self, op: Mapping[str, Any], path: Path) -> None:
        practices: dict[str, Any] = self.data.setdefault("practices", {})
        for name, value in op.get("set", {}).items():
            table, key = self._table(practices, name, (*path, "set", name))
            if key in table and _same(table[key], value):
                self.skip("set_practice", f"{name} is already {show(value)}", "exists")
                continue
            table[key] = copy.deepcopy(value)
            self.delta = {name: copy.deepcopy(value)}
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
                self.delta = {name: {"+": added}}
                self.note("set_practice", "set_practice", name, f"+= {show(added)}",
                          {"practice": name})  # fmt: skip
            else:
                self.skip("set_practice", f"{name} already lists {show(ids)}", "exists")
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
