"""Hypothesis strategies for the bad-input tests, and the helpers they share.

* organization models: :func:`valid_models` (every role kind, every flow kind
  with every attribute, every practice) and :func:`broken_models` (one located
  mutation of a valid model: wrong types, unknown kinds, dangling references,
  duplicates, parent/members cycles, huge or empty strings, unknown fields,
  missing required fields, nested junk), plus :func:`junk` (anything at all);
* rule packs: :func:`valid_packs` and :func:`broken_packs` (unknown
  operators, wrong types, bad ids, missing texts, unknown parameters, ...);
* serializers: :func:`to_toml` (written the way people write models:
  ``[organization]``, ``[[roles]]``; anything else inline) and :func:`to_json`;
* CLI helpers: :func:`cli` runs the command line in-process with built-ins
  only and checks the never-crash contract with :func:`check_contract`;
  :func:`packs_cached` keeps the built-in packs compiled once per module so a
  hundred CLI runs stay fast (pack compilation is deterministic, and the packs
  are not what these tests vary).

The vocabularies come from ``maturity.model.vocabulary`` and the shipped JSON
Schemas, so the strategies follow the model format as it grows.
"""

from __future__ import annotations

import contextlib
import copy
import faulthandler
import json
import math
import random
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from hypothesis import strategies as st

from maturity.model.vocabulary import CONTENT, FLOW_KINDS, ROLE_KINDS
from maturity.resources import schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))

_ORG_SCHEMA = schema("organization")
_DEFS = _ORG_SCHEMA["$defs"]
CADENCES: tuple[str, ...] = tuple(_DEFS["cadence"]["enum"])
PRODUCT_TYPES: tuple[str, ...] = tuple(
    _ORG_SCHEMA["properties"]["organization"]["properties"]["product_type"]["enum"]
)
PRACTICES: Mapping[str, Any] = _DEFS["practices"]["properties"]
FLOW_BOOLS: tuple[str, ...] = tuple(
    k for k, v in _DEFS["flow"]["properties"].items() if v.get("type") == "boolean"
)
TEXT_MAX = _DEFS["text"]["maxLength"]
OKR_MAX = _DEFS["role"]["properties"]["okrs"]["items"]["maxLength"]

#: Markup, script, terminal control and other hostile text, used in every text field.
HOSTILE: tuple[str, ...] = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "[click](javascript:alert(1))",
    "![x](http://evil.invalid/x.png)",
    "a | b | c",
    "`rm -rf /` ``x``",
    "**bold** _em_ # heading",
    "<b>bold</b> &amp; &lt;",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;pwned title\x07",
    "\x1b[2J\x1b[H",
    "carriage\roverwrite",
    "back\b\b\bspace",
    "\x9b31mC1 CSI",
    "{{7*7}} ${7*7} {0.__class__} %s %n",
    '"; DROP TABLE roles; --',
    "line one\nline two",
    "\u202eevil RTL override",
    "名字 — 客户成功部",
    "😀 emoji",
    "tab\there",
    "\\ backslash \\n",
    'digraph { a -> b } "]; evil [label="x',
    "graph TD; A-->B; click A call alert(1)",
    "-->",
    "%%{init: {}}%%",
)

# ---------------------------------------------------------------- primitives

role_ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,11}", fullmatch=True)
#: Never a generated id (those are at most 12 characters): a reference to nobody.
GHOST = "ghost-role-nobody-defined"

_any_char = st.characters(blacklist_categories=("Cs",))


def texts(max_size: int = 30) -> st.SearchStrategy[str]:
    """Non-empty text: any Unicode (no surrogates), or a hostile sample."""
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.text(_any_char, min_size=1, max_size=max_size),
    )


def _amounts() -> st.SearchStrategy[int | float]:
    return st.one_of(
        st.integers(0, 10**13),
        st.floats(0, 1e13, allow_nan=False, allow_infinity=False),
    )


def _practice_value(name: str, spec: Mapping[str, Any], ids: Sequence[str]) -> st.SearchStrategy:
    if "enum" in spec:
        return st.sampled_from(spec["enum"])
    kind = spec.get("type")
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(spec.get("minimum", 0), spec.get("maximum", 10**6))
    if kind == "array" and "enum" in spec.get("items", {}):
        return st.lists(st.sampled_from(spec["items"]["enum"]), unique=True)
    if kind == "object":
        fields: dict[str, st.SearchStrategy] = {}
        for key, sub in spec.get("properties", {}).items():
            if sub.get("type") == "array" and "$ref" in sub.get("items", {}):
                fields[key] = (
                    st.lists(st.sampled_from(list(ids)), unique=True) if ids else st.just([])
                )
            else:
                fields[key] = _practice_value(key, sub, ids)
        return st.fixed_dictionaries({}, optional=fields)
    raise AssertionError(f"practice {name}: no strategy for {spec}")  # keep strategies current


# ---------------------------------------------------------------- valid models


@st.composite
def organizations(draw: st.DrawFn) -> dict[str, Any]:
    return draw(
        st.fixed_dictionaries(
            {"name": texts()},
            optional={
                "currency": st.from_regex(r"[A-Z]{3}", fullmatch=True),
                "arr": _amounts(),
                "acv": _amounts(),
                "product_type": st.sampled_from(PRODUCT_TYPES),
                "headcount": st.integers(0, 10**6),
                "notes": texts(),
            },
        )
    )


@st.composite
def roles(draw: st.DrawFn, ids: Sequence[str]) -> list[dict[str, Any]]:
    """Roles with these ids; ``parent`` and ``members`` point only backwards (no cycles)."""
    out = []
    for index, role_id in enumerate(ids):
        kind = draw(st.sampled_from(ROLE_KINDS))
        earlier = list(ids[:index])
        optional: dict[str, st.SearchStrategy] = {
            "name": texts(),
            "headcount": st.integers(0, 10**5),
            "okrs": st.lists(texts(), unique=True, max_size=3),
            "notes": texts(),
        }
        if earlier:
            optional["parent"] = st.sampled_from(earlier)
        if kind == "virtual_team":
            optional["members"] = (
                st.lists(st.sampled_from(earlier), unique=True) if earlier else st.just([])
            )
        role = draw(st.fixed_dictionaries({}, optional=optional))
        out.append({"id": role_id, "kind": kind, **role})
    return out


@st.composite
def flows(draw: st.DrawFn, ids: Sequence[str], max_flows: int = 12) -> list[dict[str, Any]]:
    if len(ids) < 2:
        return []
    out = []
    for _ in range(draw(st.integers(0, max_flows))):
        source, target = draw(st.lists(st.sampled_from(list(ids)), min_size=2, max_size=2,
                                       unique=True))  # fmt: skip
        optional: dict[str, st.SearchStrategy] = {k: st.booleans() for k in FLOW_BOOLS}
        optional["content"] = st.lists(st.sampled_from(CONTENT), unique=True)
        optional["cadence"] = st.sampled_from(CADENCES)
        optional["name"] = texts()
        optional["notes"] = texts()
        flow = draw(st.fixed_dictionaries({}, optional=optional))
        out.append({"from": source, "to": target, "kind": draw(st.sampled_from(FLOW_KINDS)),
                    **flow})  # fmt: skip
    return out


@st.composite
def valid_models(draw: st.DrawFn, max_roles: int = 8, max_flows: int = 12) -> dict[str, Any]:
    """A valid organization model; any of roles, flows and practices may be absent or empty."""
    ids = draw(st.lists(role_ids, max_size=max_roles, unique=True))
    model: dict[str, Any] = {"organization": draw(organizations())}
    if draw(st.booleans()):
        model["schema_version"] = 1
    if ids or draw(st.booleans()):
        model["roles"] = draw(roles(ids))
    if len(ids) >= 2 or draw(st.booleans()):
        model["flows"] = draw(flows(ids, max_flows))
    if draw(st.booleans()):
        fields = {name: _practice_value(name, spec, ids) for name, spec in PRACTICES.items()}
        model["practices"] = draw(st.fixed_dictionaries({}, optional=fields))
    return model


# ---------------------------------------------------------------- broken models


@dataclass(frozen=True)
class Broken:
    """A broken model, what was broken, and where the error must be reported."""

    data: Any
    what: str
    #: The dotted location the message must name (``roles[2].kind``), or ``""``.
    location: str
    #: A word the message must contain (case-insensitive), or ``""``.
    word: str = ""


#: Values of every JSON type; a wrong-type mutation picks one whose type is wrong.
_WRONG: tuple[Any, ...] = ("text", 3.5, -7, True, [1, "two"], {"nested": {"deep": [1]}})


def _wrong_for(kind: str) -> list[Any]:
    accepts: dict[str, Callable[[Any], bool]] = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
        "boolean": lambda v: isinstance(v, bool),
        "array": lambda v: isinstance(v, list),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0,
        "object": lambda v: isinstance(v, dict),
    }
    return [v for v in _WRONG if not accepts[kind](v)]


_ROLE_TYPES = {"id": "string", "kind": "string", "name": "string", "parent": "string",
               "headcount": "integer", "okrs": "array", "members": "array",
               "notes": "string"}  # fmt: skip
_FLOW_TYPES = {"from": "string", "to": "string", "kind": "string", "name": "string",
               "content": "array", "cadence": "string", "notes": "string",
               **{k: "boolean" for k in FLOW_BOOLS}}  # fmt: skip
_ORG_TYPES = {"name": "string", "currency": "string", "arr": "number", "acv": "number",
              "product_type": "string", "headcount": "integer", "notes": "string"}  # fmt: skip
_TOP_TYPES = {"organization": "object", "roles": "array", "flows": "array",
              "practices": "object", "schema_version": "integer"}  # fmt: skip


def _path_text(path: Sequence[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _set(data: Any, path: Sequence[str | int], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _delete(data: Any, path: Sequence[str | int]) -> None:
    for part in path[:-1]:
        data = data[part]
    del data[path[-1]]


def _ensure_roles(model: dict[str, Any], count: int) -> list[dict[str, Any]]:
    """Make sure the model has at least ``count`` roles (adding plain ones at the end)."""
    roles_ = model.setdefault("roles", [])
    taken = {r["id"] for r in roles_}
    number = 0
    while len(roles_) < count:
        candidate = f"r{number}"
        number += 1
        if candidate not in taken:
            taken.add(candidate)
            roles_.append({"id": candidate, "kind": "sales"})
    return roles_


def _ensure_flow(model: dict[str, Any]) -> int:
    roles_ = _ensure_roles(model, 2)
    flows_ = model.setdefault("flows", [])
    if not flows_:
        flows_.append({"from": roles_[0]["id"], "to": roles_[1]["id"], "kind": "training"})
    return len(flows_) - 1


def _m_wrong_type(draw: st.DrawFn, model: dict[str, Any]) -> Broken:
    where = draw(st.sampled_from(["top", "organization", "role", "flow"]))
    if where == "top":
        key = draw(st.sampled_from(sorted(_TOP_TYPES)))
        path: tuple[str | int, ...] = (key,)
        kind = _TOP_TYPES[key]
    elif where == "organization":
        key = draw(st.sampled_from(sorted(_ORG_TYPES)))
        path, kind = ("organization", key), _ORG_TYPES[key]
    elif where == "role":
        roles_ = _ensure_roles(model, 1)
        index = draw(st.integers(0, len(roles_) - 1))
        key = draw(st.sampled_from(sorted(_ROLE_TYPES)))
        path, kind = ("roles", index, key), _ROLE_TYPES[key]
    else:
        index = draw(st.integers(0, _ensure_flow(model)))
        key = draw(st.sampled_from(sorted(_FLOW_TYPES)))
        path, kind = ("flows", index, key), _FLOW_TYPES[key]
    value = draw(st.sampled_from(_wrong_for(kind)))
    _set(model, path, copy.deepcopy(value))
    return Broken(model, f"wrong type at {_path_text(path)}: {value!r}", _path_text(path))


def _m_unknown_kind(draw: st.DrawFn, model: dict[str, Any]) -> Broken:
    bogus = draw(st.one_of(st.sampled_from(["salez", "Sales", "bugreport", "__class__", ""]),
                           texts()))  # fmt: skip
    if draw(st.booleans()):
        if bogus in ROLE_KINDS:
            bogus += "_x"
        roles_ = _ensure_roles(model, 1)
        index = draw(st.integers(0, len(roles_) - 1))
        roles_[index]["kind"] = bogus
        return Broken(model, f"unknown role kind {bogus!r}", f"roles[{index}].kind")
    if bogus in FLOW_KINDS:
        bogus += "_x"
    index = draw(st.integers(0, _ensure_flow(model)))
    model["flows"][index]["kind"] = bogus
    return Broken(model, f"unknown flow kind {bogus!r}", f"flows[{index}].kind")


def _m_unknown_enum(draw: st.DrawFn, model: dict[str, Any]) -> Broken:
    choice = draw(st.sampled_from(["cadence", "content", "product_type", "quantification"]))
    if choice == "cadence":
        index = draw(st.integers(0, _ensure_flow(model)))
        model["flows"][index]["cadence"] = "fortnightly"
        return Broken(model, "unknown cadence", f"flows[{index}].cadence")
    if choice == "content":
        index = draw(st.integers(0, _ensure_flow(model)))
        model["flows"][index]["content"] = ["value", "gossip"]
        return Broken(model, "unknown content tag", f"flows[{index}].content[1]")
    if choice == "product_type":
        model["organization"]["product_type"] = "hardware"
        return Broken(model, "unknown product type", "organization.product_type")
    model.setdefault("practices", {})["value_quantification"] = "magic"
    return Broken(model, "unknown practice value", "practices.value_quantification")


def _m_dangling(draw: st.DrawFn, model: dict[str, Any]) -> Broken:
    choice = draw(st.sampled_from(["from", "to", "parent", "members", "visible_to"]))
    if choice in ("from", "to"):
        index = draw(st.integers(0, _ensure_flow(model)))
        model["flows"][index][choice] = GHOST
        return Broken(model, f"dangling flow {choice}", f"flows[{index}].{choice}", "unknown role")
    roles_ = _ensure_roles(model, 1)
    if choice == "parent":
        index = draw(st.integers(0, len(roles_) - 1))
        roles_[index]["parent"] = GHOST
        return Broken(model, "dangling parent", f"roles[{index}].parent", "unknown role")
    if choice == "members":
        roles_.append({"id": "vt-dangling", "kind": "virtual_team", "members": [GHOST]})
        index = len(roles_) - 1
        if any(r["id"] == "vt-dangling" for r in roles_[:-1]):
            roles_[index]["id"] = "vt-dangling-2"
        return Broken(model, "dangling member", f"roles[{index}].members[0]", "unknown role")
    tracker = model.setdefault("practices", {}).setdefault("issue_tracker", {})
    tracker["visible_to"] = [GHOST]
    return Broken(
        model, "dangling visible_to", "practices.issue_tracker.visible_to[0]", "unknown role"
    )


def _m_duplicate(draw: st.DrawFn, model: dict[str, Any]) -> Broken:
    roles_ = _ensure_roles(model, 2)
    later = draw(st.integers(1, len(roles_) - 1))
    first = draw(st.integers(0, later - 1))
    roles_[later]["id"] = roles_[first]["id"]
    # The first role with that id is the one at `first` (ids were unique before).
    return Broken(model, "duplicate role id", f"roles[{later}].id", "duplicate")


def _m_parent_cycle(draw: st.DrawFn, model: dict[str, Any]) -> Broken:
    length = draw(st.integers(1, 4))
    roles_ = _ensure_roles(model, length)
    chosen = draw(st.lists(st.integers(0, len(roles_) - 1), min_size=length, max_size=length,
                           unique=True))  # fmt: skip
    for position, index in enumerate(chosen):
        roles_[index]["parent"] = roles_[chosen[(position + 1) % length]]["id"]
    first = min(chosen)  # reported once, at the first role of the cycle
    return Broken(model, f"parent cycle of {length}", f"roles[{first}].parent", "cycle")


def _m_members_cycle(draw: st.DrawFn, model: dict[str, Any]) -> Broken:
    length = draw(st.integers(1, 3))
    roles_ = _ensure_roles(model, length)
    chosen = draw(st.lists(st.integers(0, len(roles_) - 1), min_size=length, max_size=length,
                           unique=True))  # fmt: skip
    for position, index in enumerate(chosen):
        roles_[index]["kind"] = "virtual_team"
        roles_[index].pop("parent", None)
        roles_[index]["members"] = [roles_[chosen[(position + 1) % length]]["id"]]
    first = min(chosen)  # reported once, at the first team of the cycle
    return Broken(model, f"members cycle of {length}", f"roles[{first}].members", "cycle")


def _m_size(draw: st.DrawFn, model: dict[str, Any]) -> Broken:
    choice = draw(st.sampled_from(["huge name", "empty name", "huge okr", "empty notes"]))
    if choice == "huge name":
        model["organization"]["name"] = "名" * (TEXT_MAX + 1)
        return Broken(model, choice, "organization.name")
    if choice == "empty name":
        model["organization"]["name"] = ""
        return Broken(model, choice, "organization.name")
    roles_ = _ensure_roles(model, 1)
    index = draw(st.integers(0, len(roles_) - 1))
    if choice == "huge okr":
        roles_[index]["okrs"] = ["x" * (OKR_MAX + 1)]
        return Broken(model, choice, f"roles[{index}].okrs[0]")
    roles_[index]["notes"] = ""
    return Broken(model, choice, f"roles[{index}].notes")


def _m_bad_id(draw: st.DrawFn, model: dict[str, Any]) -> Broken:
    bad = draw(st.sampled_from(["", "-leading", "has space", "名字", "a/b", "../etc", "x" * 65,
                                "<script>", "a\x1b[31m"]))  # fmt: skip
    roles_ = _ensure_roles(model, 1)
    index = draw(st.integers(0, len(roles_) - 1))
    old = roles_[index]["id"]
    roles_[index]["id"] = bad
    for other in roles_:  # keep references consistent: only the id's form is wrong
        if other.get("parent") == old:
            other["parent"] = bad
    return Broken(model, f"bad role id {bad!r}", f"roles[{index}].id")


def _m_unknown_field(draw: st.DrawFn, model: dict[str, Any]) -> Broken:
    key = draw(st.one_of(st.sampled_from(["nmae", "bug_severity_level", "__proto__", "kind "]),
                         st.text(_any_char, min_size=1, max_size=12)))  # fmt: skip
    where = draw(st.sampled_from(["top", "organization", "role", "flow", "practices"]))
    if where == "top":
        if key in _TOP_TYPES:
            key += "_x"
        model[key] = 1
        return Broken(model, f"unknown top-level field {key!r}", key, "unknown field")
    if where == "organization":
        table: dict[str, Any] = model["organization"]
        known: Any = _ORG_TYPES
        prefix = "organization"
    elif where == "role":
        roles_ = _ensure_roles(model, 1)
        index = draw(st.integers(0, len(roles_) - 1))
        table, known, prefix = roles_[index], _ROLE_TYPES, f"roles[{index}]"
    elif where == "flow":
        index = draw(st.integers(0, _ensure_flow(model)))
        table, known, prefix = model["flows"][index], _FLOW_TYPES, f"flows[{index}]"
    else:
        table, known, prefix = model.setdefault("practices", {}), PRACTICES, "practices"
    if key in known:
        key += "_x"
    table[key] = "?"
    return Broken(model, f"unknown field {key!r} in {prefix}", f"{prefix}.{key}", "unknown field")


def _m_missing(draw: st.DrawFn, model: dict[str, Any]) -> Broken:
    where = draw(st.sampled_from(["organization", "name", "role", "flow"]))
    if where == "organization":
        del model["organization"]
        return Broken(model, "no organization", "organization", "missing")
    if where == "name":
        del model["organization"]["name"]
        return Broken(model, "no organization name", "organization.name", "missing")
    if where == "role":
        roles_ = _ensure_roles(model, 1)
        index = draw(st.integers(0, len(roles_) - 1))
        key = draw(st.sampled_from(["id", "kind"]))
        if key == "id":  # nothing may refer to the role that lost its id
            model.pop("flows", None)
            for other in roles_:
                other.pop("parent", None)
                other.pop("members", None)
                if other.get("kind") == "virtual_team":
                    other["kind"] = "sales"
            model.get("practices", {}).pop("issue_tracker", None)
        del roles_[index][key]
        return Broken(model, f"role without {key}", f"roles[{index}].{key}", "missing")
    index = draw(st.integers(0, _ensure_flow(model)))
    key = draw(st.sampled_from(["from", "to", "kind"]))
    del model["flows"][index][key]
    return Broken(model, f"flow without {key}", f"flows[{index}].{key}", "missing")


def _m_self_flow(draw: st.DrawFn, model: dict[str, Any]) -> Broken:
    index = draw(st.integers(0, _ensure_flow(model)))
    flow = model["flows"][index]
    flow["from"] = flow["to"] = flow.get("from", model["roles"][0]["id"])
    return Broken(model, "flow to itself", f"flows[{index}].to", "itself")


def _m_nested_junk(draw: st.DrawFn, model: dict[str, Any]) -> Broken:
    value = draw(junk(max_leaves=8, allow_none=False))
    if isinstance(value, str) or _depth(value) > 20:
        value = [value] if _depth(value) <= 20 else [1]
    roles_ = _ensure_roles(model, 1)
    index = draw(st.integers(0, len(roles_) - 1))
    key = draw(st.sampled_from(["name", "parent", "headcount", "notes", "kind", "id"]))
    roles_[index][key] = value if not isinstance(value, (int, float)) else [value]
    return Broken(model, f"nested junk at roles[{index}].{key}", f"roles[{index}].{key}")


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


MUTATIONS: Mapping[str, Callable[[st.DrawFn, dict[str, Any]], Broken]] = {
    "wrong_type": _m_wrong_type,
    "unknown_kind": _m_unknown_kind,
    "unknown_enum": _m_unknown_enum,
    "dangling": _m_dangling,
    "duplicate": _m_duplicate,
    "parent_cycle": _m_parent_cycle,
    "members_cycle": _m_members_cycle,
    "size": _m_size,
    "bad_id": _m_bad_id,
    "unknown_field": _m_unknown_field,
    "missing": _m_missing,
    "self_flow": _m_self_flow,
    "nested_junk": _m_nested_junk,
}


@st.composite
def broken_models(draw: st.DrawFn, mutations: Sequence[str] = tuple(MUTATIONS)) -> Broken:
    """A valid model with exactly one located mutation: invalid, and we know where."""
    model = draw(valid_models(max_roles=6, max_flows=6))
    name = draw(st.sampled_from(list(mutations)))
    return MUTATIONS[name](draw, model)


@st.composite
def multiply_broken_models(draw: st.DrawFn) -> Any:
    """A valid model with several mutations at once (every problem must be reported).

    A mutation that no longer applies (an earlier one took away what it needs) ends
    the series; the last one applied always leaves its problem in place.
    """
    model = draw(valid_models(max_roles=6, max_flows=6))
    for name in draw(st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=2, max_size=5)):
        attempt = copy.deepcopy(model)
        try:
            model = MUTATIONS[name](draw, attempt).data
        except (KeyError, TypeError, IndexError, AttributeError, ValueError):
            break
    return model


def junk(max_leaves: int = 30, allow_none: bool = True) -> st.SearchStrategy[Any]:
    """Any JSON-like value: scalars, unicode, huge numbers, nested lists and tables."""
    scalars = st.one_of(
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(_any_char, max_size=20),
        st.sampled_from(HOSTILE),
        *([st.none()] if allow_none else []),
    )
    keys = st.one_of(
        st.sampled_from(["organization", "roles", "flows", "practices", "name", "id", "kind",
                         "from", "to", "parent", "members", "schema_version"]),
        st.text(_any_char, max_size=10),
    )  # fmt: skip
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)
        ),
        max_leaves=max_leaves,
    )


@st.composite
def junk_models(draw: st.DrawFn) -> Any:
    """Junk that sometimes looks like a model: a table with model keys holding junk."""
    if draw(st.booleans()):
        return draw(junk())
    skeleton = draw(valid_models(max_roles=3, max_flows=3))
    for key in draw(st.lists(st.sampled_from(["organization", "roles", "flows", "practices"]),
                             max_size=2)):  # fmt: skip
        skeleton[key] = draw(junk(max_leaves=10))
    return skeleton


# ---------------------------------------------------------------- key order


def shuffle_keys(data: Any, rng: random.Random) -> Any:
    """The same data with the keys of every table in another order (list order kept)."""
    if isinstance(data, dict):
        items = list(data.items())
        rng.shuffle(items)
        return {k: shuffle_keys(v, rng) for k, v in items}
    if isinstance(data, list):
        return [shuffle_keys(v, rng) for v in data]
    return data


# ---------------------------------------------------------------- serializers


def _toml_string(text: str) -> str:
    out = ['"']
    for char in text:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def _toml_value(value: Any) -> str:
    if value is None:  # TOML has no null: junk stays junk as an empty table
        return "{}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def to_toml(data: Any) -> str:
    """TOML as people write models: ``[organization]``, ``[[roles]]``; the rest inline."""
    if not isinstance(data, dict):
        data = {"junk": data}
    lines = []
    for key, value in data.items():
        if not isinstance(value, dict) and not _is_table_array(value):
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, value in data.items():
        if isinstance(value, dict):
            lines += ["", f"[{_toml_key(key)}]"]
            lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()]
        elif _is_table_array(value):
            for item in value:
                lines += ["", f"[[{_toml_key(key)}]]"]
                lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in item.items()]
    return "\n".join(lines) + "\n"


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_model(folder: Path, data: Any, suffix: str, name: str = "model") -> Path:
    path = folder / f"{name}{suffix}"
    path.write_text(to_toml(data) if suffix == ".toml" else to_json(data), encoding="utf-8")
    return path


def strict_json(text: str) -> Any:
    """Parse JSON as RFC 8259 says: NaN and Infinity are not JSON."""

    def refuse(token: str) -> Any:
        raise ValueError(f"not JSON: {token}")

    return json.loads(text, parse_constant=refuse)


# ---------------------------------------------------------------- rule packs

#: Operators by what their value must be.
_VALUE_OPS = {
    "equals": "scalar", "not_equals": "scalar", "within": "list", "not_within": "list",
    "contains": "scalar", "not_contains": "scalar", "subset": "list", "superset": "list",
    "intersects": "list", "not_intersects": "list", "greater_than": "number",
    "greater_than_or_equal": "number", "less_than": "number", "less_than_or_equal": "number",
    "between": "range", "length_greater_than_or_equal": "int",
}  # fmt: skip
_NO_VALUE_OPS = ("is_true", "is_false", "exists", "not_exists", "is_empty", "is_not_empty")
_SCALAR_OPS = {
    "equals", "not_equals", "within", "not_within", "greater_than", "greater_than_or_equal",
    "less_than", "less_than_or_equal", "between", "is_true", "is_false",
}  # fmt: skip
STAGES = ("refine", "deliver", "realize", "quantify")
_ROLE_ATTRS = ("name", "headcount", "okrs", "id", "kind", "notes", "parent", "members")
_FLOW_ATTRS = (*FLOW_BOOLS, "content", "cadence", "name", "notes")


def _op_value(kind: str) -> st.SearchStrategy[Any]:
    scalar = st.one_of(st.booleans(), st.integers(-5, 100), st.sampled_from(CADENCES),
                       st.sampled_from(CONTENT), texts(10))  # fmt: skip
    return {
        "scalar": scalar,
        "list": st.lists(scalar, min_size=1, max_size=3),
        "number": st.one_of(st.integers(-5, 10**8), st.floats(-5, 1e8, allow_nan=False)),
        "range": st.tuples(st.integers(0, 50), st.integers(50, 10**8)).map(list),
        "int": st.integers(0, 5),
    }[kind]


@st.composite
def predicates(draw: st.DrawFn, attrs: Sequence[str]) -> dict[str, Any]:
    attr = draw(st.sampled_from(list(attrs)))
    op = draw(st.sampled_from([*_VALUE_OPS, *_NO_VALUE_OPS]))
    out: dict[str, Any] = {"attr": attr, "op": op}
    if op in _VALUE_OPS:
        out["value"] = draw(_op_value(_VALUE_OPS[op]))
    if op in _SCALAR_OPS:
        out["quantifier"] = draw(st.sampled_from(["any", "all"]))
    return out


def _kinds(vocabulary: Sequence[str]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(list(vocabulary)),
        st.lists(st.sampled_from(list(vocabulary)), min_size=1, max_size=3, unique=True),
    )


def _role_selector() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "kind": _kinds(ROLE_KINDS),
            "where": st.lists(predicates(_ROLE_ATTRS), max_size=2),
        },
    )


def _flow_selector() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "kind": _kinds(FLOW_KINDS),
            "from": _kinds(ROLE_KINDS),
            "to": _kinds(ROLE_KINDS),
            "where": st.lists(predicates(_FLOW_ATTRS), max_size=2),
        },
    )


@st.composite
def _practice_condition(draw: st.DrawFn) -> dict[str, Any]:
    name = draw(st.sampled_from(sorted(PRACTICES)))
    body = draw(predicates([name]))
    del body["attr"]
    return {"practice": {"name": name, **body}}


@st.composite
def _organization_condition(draw: st.DrawFn) -> dict[str, Any]:
    field = draw(st.sampled_from(sorted(_ORG_TYPES)))
    body = draw(predicates([field]))
    del body["attr"]
    return {"organization": {"field": field, **body}}


@st.composite
def _count_condition(draw: st.DrawFn) -> dict[str, Any]:
    what = draw(st.sampled_from(["flows", "roles"]))
    selector = draw(_flow_selector() if what == "flows" else _role_selector())
    op = draw(st.sampled_from(["greater_than", "greater_than_or_equal", "equals", "less_than"]))
    return {"count": {what: selector, "op": op, "value": draw(st.integers(0, 5))}}


@st.composite
def _path_condition(draw: st.DrawFn) -> dict[str, Any]:
    body: dict[str, Any] = {"from": draw(_kinds(ROLE_KINDS)), "to": draw(_kinds(ROLE_KINDS))}
    if draw(st.booleans()):
        body["max_hops"] = draw(st.integers(1, 4))
    if draw(st.booleans()):
        body["flows"] = {"kind": draw(_kinds(FLOW_KINDS))}
    return {"path": body}


def conditions() -> st.SearchStrategy[dict[str, Any]]:
    leaves = st.one_of(
        _role_selector().map(lambda s: {"role": s}),
        _flow_selector().map(lambda s: {"flow": s}),
        _practice_condition(),
        _organization_condition(),
        _count_condition(),
        _path_condition(),
    )
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda c: {"all": c}),
            st.lists(inner, min_size=1, max_size=3).map(lambda c: {"any": c}),
            inner.map(lambda c: {"not": c}),
        ),
        max_leaves=5,
    )


def rule_texts() -> st.SearchStrategy[dict[str, str]]:
    keys = ("title", "summary", "rationale", "recommendation", "fail")
    return st.fixed_dictionaries(
        {k: texts(40 if k == "title" else 80) for k in keys}, optional={"pass": texts()}
    )


@st.composite
def rules(draw: st.DrawFn, number: int) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": f"ZZ-{number}",
        "stage": draw(st.sampled_from(STAGES)),
        "match": draw(conditions()),
        "en": draw(rule_texts()),
    }
    optional = {
        "level": st.sampled_from(["intermediate", "advanced"]),
        "severity": st.sampled_from(["info", "low", "medium", "high", "critical"]),
        "weight": st.integers(1, 100),
        "required": st.booleans(),
        "type": st.sampled_from(["practice", "anti_pattern"]),
        "effort": st.integers(1, 5),
        "when": conditions(),
        "zh": rule_texts(),
    }
    rule.update(draw(st.fixed_dictionaries({}, optional=optional)))
    tests = draw(st.lists(valid_models(max_roles=4, max_flows=5), max_size=2))
    if tests:
        rule["tests"] = [
            {"name": f"t{i}", "expect": draw(st.sampled_from(["pass", "fail", "skipped"])),
             "model": m}
            for i, m in enumerate(tests)
        ]  # fmt: skip
    return rule


@st.composite
def valid_packs(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 3))
    pack = {
        "pack": {
            "id": draw(st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True)),
            "version": "1.0.0",
            "en": {"name": draw(texts())},
            "params": {"limit": 3},
        },
        "rules": [draw(rules(number)) for number in range(1, count + 1)],
    }
    return pack


@dataclass(frozen=True)
class BrokenPack:
    data: Any
    what: str
    #: Text the error must contain (a rule id, a field), besides the file name.
    must: tuple[str, ...] = ()


_LEAF = {"flow": {"kind": "training",
                  "where": [{"attr": "cadence", "op": "equals", "value": "weekly"}]}}  # fmt: skip
#: What a broken pack's rule ``match`` becomes, and what the message must name besides its id.
_BAD_MATCHES: Mapping[str, tuple[Any, tuple[str, ...]]] = {
    "unknown_param": (
        {"count": {"flows": {}, "op": "greater_than", "param": "no_such_param"}},
        ("no_such_param",),
    ),
    "unknown_kind": ({"role": {"kind": "wizard"}}, ("wizard",)),
    "two_keys": ({"role": {"kind": "sales"}, "flow": {"kind": "training"}}, ()),
    "empty_all": ({"all": []}, ()),
    "code_strings": ({"role": {"kind": "__import__('os').system('touch /tmp/pwned')"}}, ()),
    "unknown_metric": (
        {"metric": {"algorithm": "__import__", "op": "greater_than", "value": 0}},
        ("__import__",),
    ),
    "bad_between": ({"organization": {"field": "arr", "op": "between", "value": [1]}}, ()),
}


def _bp_unknown_operator(draw: st.DrawFn, pack: dict[str, Any], index: int) -> BrokenPack:
    rule = pack["rules"][index]
    op = draw(st.sampled_from(["eq", "__import__", "os.system", "EQUALS", "", "lambda"]))
    leaf = copy.deepcopy(_LEAF)
    leaf["flow"]["where"][0]["op"] = op
    rule["match"] = leaf
    return BrokenPack(pack, f"unknown operator {op!r}", (rule["id"],))


def _bp_wrong_type(draw: st.DrawFn, pack: dict[str, Any], index: int) -> BrokenPack:
    rule = pack["rules"][index]
    key, value = draw(st.sampled_from([
        ("weight", "heavy"), ("required", "yes"), ("stage", 3), ("effort", 9), ("weight", 0),
        ("level", "expert"), ("type", "rule"), ("match", "role"), ("en", "English"),
    ]))  # fmt: skip
    rule[key] = value
    return BrokenPack(pack, f"wrong type {key}={value!r}", (rule["id"],))


def _bp_bad_rule_id(draw: st.DrawFn, pack: dict[str, Any], index: int) -> BrokenPack:
    bad = draw(st.sampled_from(["col-1", "X", "../x", "", "ZZ 1", "ZZ-<script>", "ZZ_1"]))
    pack["rules"][index]["id"] = bad
    return BrokenPack(pack, f"bad rule id {bad!r}", (f"rules[{index}]",))


def _bp_missing_texts(draw: st.DrawFn, pack: dict[str, Any], index: int) -> BrokenPack:
    rule = pack["rules"][index]
    choice = draw(st.sampled_from(["en", "title", "empty title", "huge title"]))
    if choice == "en":
        del rule["en"]
    elif choice == "title":
        del rule["en"]["title"]
    else:
        rule["en"]["title"] = "" if choice == "empty title" else "t" * 201
    return BrokenPack(pack, f"missing texts: {choice}", (rule["id"],))


def _bp_unknown_condition(draw: st.DrawFn, pack: dict[str, Any], index: int) -> BrokenPack:
    rule = pack["rules"][index]
    key = draw(st.sampled_from(["__class__", "eval", "roles", "python", "exec"]))
    rule["match"] = {"all": [copy.deepcopy(_LEAF), {key: {}}]}
    return BrokenPack(pack, f"unknown condition {key!r}", (rule["id"],))


def _bp_pack_table(draw: st.DrawFn, pack: dict[str, Any], index: int) -> BrokenPack:
    key, value = draw(st.sampled_from([
        ("id", "Bad"), ("id", "1x"), ("id", "../../etc"), ("id", ""), ("id", "a b"),
        ("version", "one"), ("version", "1"), ("version", "1.0.0.0"), ("version", ""),
    ]))  # fmt: skip
    pack["pack"][key] = value
    return BrokenPack(pack, f"bad pack {key} {value!r}", ("pack",))


def _bp_newer_engine(draw: st.DrawFn, pack: dict[str, Any], index: int) -> BrokenPack:
    pack["pack"]["min_version"] = "999.0.0"
    return BrokenPack(pack, "newer engine", ("999",))


def _bp_bad_ref(draw: st.DrawFn, pack: dict[str, Any], index: int) -> BrokenPack:
    rule = pack["rules"][index]
    ref = draw(st.sampled_from(["../../etc/passwd", "/etc/passwd", "os.environ",
                                "__builtins__.open", "file:///etc/passwd"]))  # fmt: skip
    rule["match"] = {"flow": {"where": [{"attr": "name", "op": "equals", "ref": ref}]}}
    return BrokenPack(pack, f"bad ref {ref!r}", (rule["id"],))


def _bp_duplicate_id(draw: st.DrawFn, pack: dict[str, Any], index: int) -> BrokenPack:
    rule = pack["rules"][index]
    pack["rules"].append(copy.deepcopy(rule))
    return BrokenPack(pack, "duplicate rule id", (rule["id"],))


def _bp_no_rules(draw: st.DrawFn, pack: dict[str, Any], index: int) -> BrokenPack:
    pack["rules"] = []
    return BrokenPack(pack, "no rules", ("rules",))


def _bp_bad_match(draw: st.DrawFn, pack: dict[str, Any], index: int) -> BrokenPack:
    rule = pack["rules"][index]
    name = draw(st.sampled_from(sorted(_BAD_MATCHES)))
    match, must = _BAD_MATCHES[name]
    rule["match"] = copy.deepcopy(match)
    return BrokenPack(pack, name, (rule["id"], *must))


PACK_MUTATIONS: Mapping[str, Callable[[st.DrawFn, dict[str, Any], int], BrokenPack]] = {
    "unknown_operator": _bp_unknown_operator,
    "wrong_type": _bp_wrong_type,
    "bad_rule_id": _bp_bad_rule_id,
    "missing_texts": _bp_missing_texts,
    "unknown_condition": _bp_unknown_condition,
    "pack_table": _bp_pack_table,
    "newer_engine": _bp_newer_engine,
    "bad_ref": _bp_bad_ref,
    "duplicate_id": _bp_duplicate_id,
    "no_rules": _bp_no_rules,
    "bad_match": _bp_bad_match,
}


@st.composite
def broken_packs(draw: st.DrawFn) -> BrokenPack:
    """A valid pack with one thing wrong; the message must name the file (and the rule)."""
    pack = draw(valid_packs())
    index = draw(st.integers(0, len(pack["rules"]) - 1))
    name = draw(st.sampled_from(sorted(PACK_MUTATIONS)))
    return PACK_MUTATIONS[name](draw, pack, index)


# ---------------------------------------------------------------- CLI helpers

ENV = {"MATURITY_NO_PLUGINS": "1", "MATURITY_DEBUG": ""}
#: Seconds after which a hung run is killed with a dump of every thread (a hang is a bug).
WATCHDOG = 120.0


def cli(*args: str, color: bool = True) -> Result:
    """Run the CLI in-process, built-ins only, as a terminal would see it (``color``: no ANSI
    stripping by click, so what a model puts on the terminal is what the test sees)."""
    runner = CliRunner()
    faulthandler.dump_traceback_later(WATCHDOG, exit=True)
    try:
        return runner.invoke(_cli_group(), list(args), env=ENV, catch_exceptions=True, color=color)
    finally:
        faulthandler.cancel_dump_traceback_later()


def run_command(command: str, path: Path, *extra: str) -> Result:
    """``command`` (validate, assess, graph or plan) on the model at ``path``."""
    if command == "plan":
        return cli("plan", str(path), "--target", "intermediate", *extra)
    return cli(command, str(path), *extra)


def _cli_group() -> Any:
    from maturity.cli import cli as group

    return group


_LOCATION = re.compile(r"^error: .+?(:\d+)?: \S")


def check_contract(result: Result, path: Path | str | None = None,
                   allowed: Sequence[int] = (0, 1, 2, 3)) -> None:  # fmt: skip
    """The never-crash contract: an allowed exit code (never 4), no traceback anywhere, an
    exit 2 explained by ``error:`` lines that name the file."""
    output = result.output  # stdout and stderr, interleaved
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"uncaught {type(result.exception).__name__}: {result.exception}\n{output}"
    )
    assert result.exit_code != 4, f"internal error (exit 4):\n{result.stderr}"
    assert result.exit_code in allowed, f"exit {result.exit_code}:\n{output}"
    assert "Traceback (most recent call last)" not in output, output
    if result.exit_code == 2 and path is not None:
        errors = [line for line in result.stderr.split("\n") if line.startswith("error: ")]
        assert errors, f"exit 2 without an error message:\n{result.stderr}"
        assert any(str(path) in line for line in errors), (
            f"no message names {path}:\n{result.stderr}"
        )


_ESCAPED = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escaped(text: str) -> str:
    """``text`` with control characters as Python escapes (``\\x1b``): how an error message
    may name a key that holds them without driving the terminal."""
    return _ESCAPED.sub(lambda m: repr(m.group())[1:-1], text)


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.split("\n") if line.startswith("error: ")]


def reporter_names() -> list[str]:
    """The report formats registered with built-ins only (markdown/html when they land)."""
    from maturity.plugins.manager import get_plugin_manager
    from maturity.plugins.registry import collect

    pm, infos = get_plugin_manager(load_entrypoints=False)
    return sorted(collect(pm, infos).reporters)


def command_names() -> list[str]:
    return sorted(_cli_group().commands)


@contextlib.contextmanager
def packs_cached() -> Iterator[None]:
    """Compile each built-in pack once for the duration (the CLI otherwise recompiles the
    shipped packs on every run: most of a run's time). Only plain built-in runs are cached."""
    import maturity.assess.session as assess_module

    original = getattr(assess_module, "load_pack_file", None)
    if original is None:  # the core moved on: run uncached, still correct
        yield
        return
    cache: dict[tuple[str, str, str], Any] = {}

    def cached(path: Path, language: Any = None, overrides: Any = None, source: str = "maturity",
               *args: Any, **kwargs: Any) -> Any:  # fmt: skip
        if args or kwargs or overrides:
            return original(path, language, overrides, source, *args, **kwargs)
        key = (str(path), source, repr(sorted(getattr(language, "operators", {}) or {})))
        if key not in cache:
            cache[key] = original(path, language, overrides, source)
        return cache[key]

    assess_module.load_pack_file = cached  # type: ignore[assignment]
    try:
        yield
    finally:
        assess_module.load_pack_file = original  # type: ignore[assignment]


@contextlib.contextmanager
def as_builtin(name: str, **hooks: Callable[..., Any]) -> Iterator[None]:
    """Register ``hooks`` (hook name -> implementation) as an in-memory built-in plugin."""
    import sys
    import types

    import maturity.plugins.manager as plugins_module
    from maturity import hookimpl

    module = types.ModuleType(name)
    for hook, function in hooks.items():
        setattr(module, hook, hookimpl(function))
    original = plugins_module.BUILTIN_MODULES
    sys.modules[name] = module
    plugins_module.BUILTIN_MODULES = {**original, name: name}
    try:
        yield
    finally:
        plugins_module.BUILTIN_MODULES = original
        del sys.modules[name]


@contextlib.contextmanager
def user_packs(*paths: Path) -> Iterator[None]:
    """Make ``paths`` loaded rule packs for the CLI, as a plugin's would be."""

    def maturity_register_packs(register: Any) -> None:
        for path in paths:
            register(path)

    with as_builtin("tests_properties_user_packs", maturity_register_packs=maturity_register_packs):
        yield


# ---------------------------------------------------------------- faults, second round
# Lone surrogates in any string, trailing newlines in patterned strings, special files in
# a folder, output paths that overlap inputs or each other, extreme option values.

Path_ = tuple[str | int, ...]


def string_positions(data: Any, path: Path_ = ()) -> list[tuple[Path_, bool]]:
    """Every string in ``data``: (its path, whether it is a key rather than a value)."""
    out: list[tuple[Path_, bool]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            out.append(((*path, key), True))
            out += string_positions(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += string_positions(value, (*path, index))
    elif isinstance(data, str):
        out.append((path, False))
    return out


def dotted(path: Sequence[str | int]) -> str:
    """A path as error messages write it (``roles[0].name``); escapes as messages show them."""
    out = ""
    for part in path:
        text = part if isinstance(part, int) else ascii(part)[1:-1].replace("\\\\", "\\")
        out += f"[{text}]" if isinstance(part, int) else (f".{text}" if out else str(text))
    return out


@dataclass(frozen=True)
class Faulty:
    """A model with one planted fault, and where the error must point."""

    data: Any
    location: str
    what: str


@st.composite
def surrogate_models(draw: st.DrawFn) -> Faulty:
    """A valid model with a lone surrogate in one string, a value or a key (JSON only)."""
    data = copy.deepcopy(draw(valid_models(max_roles=4, max_flows=4)))
    path, is_key = draw(st.sampled_from(string_positions(data)))
    surrogate = chr(draw(st.integers(0xD800, 0xDFFF)))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if is_key:
        at = draw(st.integers(0, len(str(last))))
        key = str(last)[:at] + surrogate + str(last)[at:]
        parent[key] = parent.pop(last)
        return Faulty(data, dotted((*path[:-1], key)), "key")
    text = parent[last]
    at = draw(st.integers(0, len(text)))
    parent[last] = text[:at] + surrogate + text[at:]
    return Faulty(data, dotted(path), "value")


@st.composite
def trailing_newline_models(draw: st.DrawFn) -> Faulty:
    """A valid model whose currency, or one role id, ends with a line break."""
    data = copy.deepcopy(draw(valid_models(max_roles=4, max_flows=4)))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    if data.get("roles") and draw(st.booleans()):
        index = draw(st.integers(0, len(data["roles"]) - 1))
        data["roles"][index]["id"] += ending
        return Faulty(data, f"roles[{index}].id", "id")
    data["organization"]["currency"] = draw(st.from_regex(r"[A-Z]{3}", fullmatch=True)) + ending
    return Faulty(data, "organization.currency", "currency")


#: Entries that may sit in a folder of models: what each is, and whether it is reported.
SPECIAL_ENTRIES = {
    "fifo": True,
    "link to /dev/zero": True,
    "link to /dev/null": True,
    "dangling link": True,
    "folder named like a model": False,
    "file with another suffix": False,
}


def special_folders() -> st.SearchStrategy[list[str]]:
    """Which special entries a folder holds beside its good models (see make_entry)."""
    return st.lists(st.sampled_from(sorted(SPECIAL_ENTRIES)), min_size=1, max_size=4, unique=True)


def make_entry(folder: Path, kind: str, index: int) -> Path:
    """Create one special entry ``kind`` in ``folder``; return its path."""
    import os

    path = folder / f"special{index}.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind.startswith("link to "):
        path.symlink_to(kind.removeprefix("link to "))
    elif kind == "dangling link":
        path.symlink_to(folder / "nowhere.toml")
    elif kind == "folder named like a model":
        path.mkdir()
    else:
        path = folder / f"special{index}.txt"
        path.write_text("not a model", encoding="utf-8")
    return path


#: How an output path may overlap what the run reads or writes.
OVERLAPS = ("the model", "a link to the model", "a hard link to the model",
            "the model through ..", "the configuration", "plan -o = --write-model",
            "two models with one base name")  # fmt: skip


def overlapping_outputs() -> st.SearchStrategy[str]:
    return st.sampled_from(OVERLAPS)


def extreme_numbers() -> st.SearchStrategy[str]:
    """Option values at and beyond the edges, as a user would type them."""
    floats = st.floats(allow_nan=True, allow_infinity=True).map(repr)
    edges = ["inf", "-inf", "nan", "1e308", "1e400", "-0", "0", "0.0", "1", "2**31", "9" * 40,
             "", " ", "1_000", "0x10", "true", "[]"]  # fmt: skip
    words = st.sampled_from(edges)
    return st.one_of(words, floats, st.integers(-(2**70), 2**70).map(str))
