"""What changed between two organization models: fields, roles, flows and practices.

Roles are matched by id. Flows have no id, so they are matched by their ends
and kind, in the order they appear: the second ``sales → product`` bug report
of the old model is compared with the second of the new one. Everything is
returned as plain JSON-ready data, with display names beside ids.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

FlowKey = tuple[str, str, str]


def field_changes(
    old: Mapping[str, Any], new: Mapping[str, Any], skip: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """``[{field, old, new}]`` for every key whose value differs (absent is ``None``)."""
    keys = sorted((set(old) | set(new)) - set(skip))
    return [
        {"field": k, "old": old.get(k), "new": new.get(k)} for k in keys if old.get(k) != new.get(k)
    ]


def _names(*models: Mapping[str, Any]) -> dict[str, str]:
    names: dict[str, str] = {}
    for model in models:
        for role in model.get("roles", []):
            names[role["id"]] = str(role.get("name") or role["id"])
    return names


def _role(role: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": role["id"], "name": str(role.get("name") or role["id"]), "kind": role["kind"]}


def role_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    before = {r["id"]: r for r in old.get("roles", [])}
    after = {r["id"]: r for r in new.get("roles", [])}
    changed = []
    for ident in sorted(set(before) & set(after)):
        fields = field_changes(before[ident], after[ident], skip=("id",))
        if fields:
            changed.append({**_role(after[ident]), "fields": fields})
    return {
        "added": [_role(after[i]) for i in sorted(set(after) - set(before))],
        "removed": [_role(before[i]) for i in sorted(set(before) - set(after))],
        "changed": changed,
    }


def _by_key(flows: Sequence[Mapping[str, Any]]) -> dict[FlowKey, list[Mapping[str, Any]]]:
    grouped: dict[FlowKey, list[Mapping[str, Any]]] = defaultdict(list)
    for flow in flows:
        grouped[(flow["from"], flow["to"], flow["kind"])].append(flow)
    return grouped


def _flow(key: FlowKey, names: Mapping[str, str], flow: Mapping[str, Any]) -> dict[str, Any]:
    source, target, kind = key
    attrs = {k: v for k, v in flow.items() if k not in ("from", "to", "kind")}
    return {
        "from": source,
        "from_name": names.get(source, source),
        "to": target,
        "to_name": names.get(target, target),
        "kind": kind,
        "attrs": attrs,
    }


def flow_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    names = _names(old, new)
    before, after = _by_key(old.get("flows", [])), _by_key(new.get("flows", []))
    out: dict[str, list[Any]] = {"added": [], "removed": [], "changed": []}
    for key in sorted(set(before) | set(after)):
        olds, news = before.get(key, []), after.get(key, [])
        for a, b in zip(olds, news, strict=False):
            fields = field_changes(a, b, skip=("from", "to", "kind"))
            if fields:
                out["changed"].append({**_flow(key, names, b), "fields": fields})
        out["removed"] += [_flow(key, names, f) for f in olds[len(news) :]]
        out["added"] += [_flow(key, names, f) for f in news[len(olds) :]]
    return out


def model_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """Everything that differs between two models' data."""
    return {
        "organization": field_changes(old.get("organization", {}), new.get("organization", {})),
        "roles": role_changes(old, new),
        "flows": flow_changes(old, new),
        "practices": field_changes(old.get("practices", {}), new.get("practices", {})),
        "names": _names(old, new),
    }


def count(changes: Mapping[str, Any]) -> int:
    """How many changes ``model_changes`` found."""
    total = len(changes["organization"]) + len(changes["practices"])
    for part in ("roles", "flows"):
        total += sum(len(v) for v in changes[part].values())
    return total


def touched_roles(changes: Mapping[str, Any]) -> set[str]:
    """Ids of the roles a change adds, removes, edits, or connects a changed flow to."""
    roles = changes["roles"]
    ids = {r["id"] for part in roles.values() for r in part}
    for part in changes["flows"].values():
        ids |= {f["from"] for f in part} | {f["to"] for f in part}
    return ids
