"""The edit forms' meaning: a submitted form becomes a change to a copy of the model's data.

Each function returns the change (a function of the data) and the location
prefix its fields live under (``roles[2]``), so the model validator's located
problems can be shown at the form's fields. A value the form itself cannot
read raises :class:`FormError` at its field.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from typing import Any

Data = dict[str, Any]
Change = Callable[[Data], None]

#: Optional text fields: an empty box removes the field.
ROLE_FIELDS = ("kind", "name", "parent")
FLOW_FIELDS = ("from", "to", "kind", "cadence")


class FormError(ValueError):
    """A field the form cannot read."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


def _index(form: Mapping[str, str], items: list[Any]) -> int | None:
    raw = form.get("index", "new")
    if raw == "new":
        return None
    try:
        index = int(raw)
    except ValueError:
        raise FormError("", f"not an item number: {raw!r}") from None
    if not 0 <= index < len(items):
        raise FormError("", f"no item {index}")
    return index


def _set_fields(item: Data, form: Mapping[str, str], fields: tuple[str, ...]) -> None:
    for name in fields:
        if name not in form:
            continue
        value = form[name].strip()
        if value:
            item[name] = value
        else:
            item.pop(name, None)


def role_change(data: Mapping[str, Any], form: Mapping[str, str]) -> tuple[Change, str]:
    """Add a role (``index=new``, with an id) or edit one (its id stays)."""
    roles = list(data.get("roles", []))
    index = _index(form, roles)
    at = len(roles) if index is None else index

    def change(model: Data) -> None:
        items = model.setdefault("roles", [])
        if index is None:
            item: Data = {"id": form.get("id", "").strip()}
            items.append(item)
        else:
            item = items[index]
        _set_fields(item, form, ROLE_FIELDS)

    return change, f"roles[{at}]"


def flow_change(data: Mapping[str, Any], form: Mapping[str, str]) -> tuple[Change, str]:
    """Add a flow (``index=new``) or edit one: ends, kind, cadence, content."""
    flows = list(data.get("flows", []))
    index = _index(form, flows)
    at = len(flows) if index is None else index
    content = [c.strip() for c in form.get("content", "").split(",") if c.strip()]

    def change(model: Data) -> None:
        items = model.setdefault("flows", [])
        if index is None:
            item: Data = {}
            items.append(item)
        else:
            item = items[index]
        _set_fields(item, form, FLOW_FIELDS)
        if content:
            item["content"] = content
        elif "content" in form:
            item.pop("content", None)

    return change, f"flows[{at}]"


def delete_change(data: Mapping[str, Any], form: Mapping[str, str]) -> tuple[Change, str]:
    """Remove a role or a flow (``what`` = roles or flows) by its number."""
    what = form.get("what", "")
    if what not in ("roles", "flows"):
        raise FormError("", f"cannot delete {what!r}")
    index = _index(form, list(data.get(what, [])))
    if index is None:
        raise FormError("", "which item?")

    def change(model: Data) -> None:
        del model[what][index]

    return change, what


def practice_change(data: Mapping[str, Any], form: Mapping[str, str]) -> tuple[Change, str]:
    """Set a practice to a TOML value (``true``, ``4``, ``["a", "b"]``); empty: remove it."""
    name = form.get("practice", "").strip()
    if not name:
        raise FormError("practice", "give a practice")
    raw = form.get("value", "").strip()
    value = _toml_value(raw) if raw else None
    path = name.split(".")

    def change(model: Data) -> None:
        table = model.setdefault("practices", {})
        for part in path[:-1]:
            table = table.setdefault(part, {})
        if value is None:
            table.pop(path[-1], None)
        else:
            table[path[-1]] = value

    return change, "practices"


def _toml_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        pass
    if "\n" not in raw and '"' not in raw:
        return raw  # a bare word is meant as text
    raise FormError("value", raw)
