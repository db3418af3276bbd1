"""Validate a model's plain data: limits, JSON Schema, references, cycles; every problem at once."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from maturity.errors import ModelError, Problem
from maturity.model import scc
from maturity.model.limits import RawProblem, limit_problems
from maturity.model.vocabulary import Vocabulary, closest, did_you_mean
from maturity.resources import schema

if TYPE_CHECKING:
    import jsonschema


@dataclass(frozen=True)
class Limits:
    """Guards against files that would exhaust memory or time; all configurable."""

    max_bytes: int = 20 * 1024 * 1024
    max_roles: int = 200_000
    max_flows: int = 2_000_000
    max_depth: int = 32
    max_text: int = 10_000


@dataclass(frozen=True)
class Model:
    """A validated organization model: its plain data and where it came from."""

    data: Mapping[str, Any]
    source: str = "<model>"

    @property
    def organization(self) -> Mapping[str, Any]:
        return self.data["organization"]

    @property
    def roles(self) -> list[dict[str, Any]]:
        return self.data.get("roles", [])

    @property
    def flows(self) -> list[dict[str, Any]]:
        return self.data.get("flows", [])

    @property
    def practices(self) -> Mapping[str, Any]:
        return self.data.get("practices", {})


def validate_data(
    data: Any,
    source: str = "<model>",
    vocabulary: Vocabulary | None = None,
    limits: Limits | None = None,
    locate: Callable[[Sequence[str | int]], int | None] | None = None,
    copy_data: bool = True,
    scanned: bool = False,
) -> Model:
    """Validate plain data as a model: schema first, then references and cycles.

    The model keeps a copy of ``data`` unless ``copy_data`` is false (data parsed
    for this model alone, which nobody else holds). ``scanned``: the parser already
    found the data within ``limits`` (:func:`maturity.model.limits.scan`).
    """
    vocabulary = vocabulary or Vocabulary()
    limits = limits or Limits()
    raw = list(limit_problems(data, limits, scanned))
    if not raw:
        raw = list(_schema_problems(data, vocabulary))
        # Data the schema accepts is safe to read as it is; other data only in part.
        raw += _semantic_problems(_usable(data) if raw else data)
    if raw:
        problems = [
            Problem(source, _dotted(path), str(message), locate(path) if locate else None,
                    getattr(message, "words", ()))
            for path, message in raw
        ]  # fmt: skip
        problems.sort(key=lambda p: (p.line or 0, p.location, p.message))
        raise ModelError(problems)
    return Model(copy.deepcopy(data) if copy_data else data, source)


class _Said(str):
    """A problem's English message, with the catalog's words for telling it to a reader."""

    words: tuple[tuple[str, Mapping[str, Any]], ...]


def _said(message: str, *words: tuple[str, Mapping[str, Any]]) -> str:
    said = _Said(message)
    said.words = words
    return said


def _close(word: str, choices: Any) -> tuple[tuple[str, Mapping[str, Any]], ...]:
    """The "did you mean" part of a problem's words, if a choice is close."""
    close = closest(word, choices)
    return (("problem.did_you_mean", {"close": close}),) if close else ()


def _dotted(path: Sequence[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _organization_schema(vocabulary: Vocabulary) -> dict[str, Any]:
    base = copy.deepcopy(schema("organization"))
    defs = base["$defs"]
    defs["roleKind"]["enum"] = sorted(vocabulary.role_kinds)
    defs["flowKind"]["enum"] = sorted(vocabulary.flow_kinds)
    defs["contentTag"]["enum"] = sorted(vocabulary.content)
    defs["practices"]["properties"].update(vocabulary.practices)
    return base


_VALIDATORS: dict[int, jsonschema.protocols.Validator] = {}


def _vocabulary_key(vocabulary: Vocabulary) -> int:
    return hash(
        (
            vocabulary.role_kinds,
            vocabulary.flow_kinds,
            vocabulary.content,
            repr(sorted(vocabulary.practices.items())),
        )
    )


def _validator(vocabulary: Vocabulary) -> jsonschema.protocols.Validator:
    key = _vocabulary_key(vocabulary)
    if key not in _VALIDATORS:
        import jsonschema

        document = _organization_schema(vocabulary)
        cls = jsonschema.validators.validator_for(document)
        _VALIDATORS[key] = cls(document, format_checker=cls.FORMAT_CHECKER)
    return _VALIDATORS[key]


_TYPE_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a table",
}


def _enum_label(path: tuple[str | int, ...]) -> str:
    """Name the vocabulary an enum error is about, from where it is in the model."""
    if len(path) >= 3 and path[-1] == "kind":
        return {"roles": "role kind", "flows": "flow kind"}.get(str(path[0]), "kind")
    if len(path) >= 2 and path[-2] == "content":
        return "content tag"
    named = [p for p in path if isinstance(p, str)]
    return f"value for {named[-1]}" if named else "value"


_FAST: dict[int, Any] = {}


def _schema_problems(data: Any, vocabulary: Vocabulary) -> Iterator[RawProblem]:
    key = _vocabulary_key(vocabulary)
    if key not in _FAST:
        from maturity.model.fastcheck import compile_check

        _FAST[key] = compile_check(_organization_schema(vocabulary))
    fast = _FAST[key]
    if fast is not None and fast(data):
        return  # valid: jsonschema is needed only to explain what is wrong
    for error in _validator(vocabulary).iter_errors(data):
        yield from _explain(error)


def _explain(error: jsonschema.ValidationError) -> Iterator[RawProblem]:
    path = tuple(error.absolute_path)
    value, rule = error.instance, error.validator
    if rule == "additionalProperties" and isinstance(value, dict):
        known = error.schema.get("properties", {})
        for key in sorted(set(value) - set(known)):
            yield (*path, key), f"unknown field '{key}'{did_you_mean(key, known)}"
    elif rule == "required":
        missing = [k for k in error.validator_value if k not in value]
        for key in missing:
            message = f"missing required field '{key}'"
            yield (*path, key), _said(message, ("problem.missing_field", {"field": key}))
    elif rule == "enum":
        label = _enum_label(path)
        options = [str(c) for c in error.validator_value]
        hint = did_you_mean(str(value), options)
        choices = ", ".join(options)
        shown = json.dumps(value, ensure_ascii=False)
        words = _close(str(value), options) or (("problem.one_of", {"choices": choices}),)
        if not hint:
            hint = f" (expected one of: {choices})"
        key = "problem.unknown_" + label.replace(" ", "_")
        message = f"unknown {label} {shown}{hint}"
        if label in ("role kind", "flow kind", "content tag"):
            message = _said(message, (key, {"value": shown}), *words)
        yield path, message
    elif rule == "type":
        wanted = error.validator_value
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        expected = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        yield path, f"expected {expected}, got {_describe(value)}"
    elif rule == "pattern" and path and path[-1] == "currency":
        yield path, f"{_describe(value)} is not a currency code: use three capitals, like CNY"
    elif rule == "pattern":
        shown = json.dumps(value, ensure_ascii=False)
        message = (
            f"{_describe(value)} is not a valid id: use letters, digits, '_', '-' and '.', "
            "starting with a letter or digit, at most 64 characters"
        )
        yield path, _said(message, ("problem.bad_id", {"value": shown}))
    elif rule == "uniqueItems":
        yield path, "lists the same item twice"
    else:
        yield path, error.message


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    if len(text) > 40:
        text = text[:37] + "..."
    kind = {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        list: "list",
        dict: "table",
    }.get(type(value), type(value).__name__)
    return f"{kind} {text}"


def _usable(data: dict[str, Any]) -> dict[str, Any]:
    """The parts of possibly invalid data that reference checks can read safely.

    Schema errors and reference errors are then reported together, in one go;
    items too broken to read are left to the schema's messages. List positions
    are kept (a broken item becomes an empty placeholder) so locations stay true.
    """

    def ok(item: Any, keys: tuple[str, ...]) -> bool:
        return isinstance(item, dict) and all(isinstance(item.get(k), str) for k in keys)

    roles: list[Any] = data["roles"] if isinstance(data.get("roles"), list) else []
    flows: list[Any] = data["flows"] if isinstance(data.get("flows"), list) else []
    practices: dict[str, Any] = data["practices"] if isinstance(data.get("practices"), dict) else {}
    tracker = practices.get("issue_tracker")
    visible = tracker.get("visible_to") if isinstance(tracker, dict) else None
    return {
        "roles": [_clean_role(r) if ok(r, ("id", "kind")) else None for r in roles],
        "flows": [f if ok(f, ("from", "to")) else None for f in flows],
        "practices": {"issue_tracker": {"visible_to": [v for v in visible if isinstance(v, str)]}}
        if isinstance(visible, list)
        else {},
    }


def _clean_role(role: dict[str, Any]) -> dict[str, Any]:
    clean = dict(role)
    if not isinstance(clean.get("parent"), str):
        clean.pop("parent", None)
    members = clean.get("members")
    if "members" in clean and not isinstance(members, list):
        clean["members"] = []
    elif isinstance(members, list):
        clean["members"] = [m for m in members if isinstance(m, str)]
    return clean


def _semantic_problems(data: dict[str, Any]) -> Iterator[RawProblem]:
    roles: list[dict[str, Any] | None] = data.get("roles", [])
    ids: dict[str, int] = {}
    for index, role in enumerate(roles):
        if role is None:
            continue
        if role["id"] in ids:
            yield (
                ("roles", index, "id"),
                _said(
                    f"duplicate role id '{role['id']}' (first defined at roles[{ids[role['id']]}])",
                    ("problem.duplicate_role", {"id": role["id"]}),
                ),
            )
        else:
            ids[role["id"]] = index
    yield from _reference_problems(data, ids)
    yield from _parent_cycles(roles, ids)
    yield from _member_cycles(roles, ids)


def _unknown(role_id: str, ids: Mapping[str, int]) -> str:
    message = f"unknown role '{role_id}'{did_you_mean(role_id, ids)}"
    return _said(message, ("problem.unknown_role", {"id": role_id}), *_close(role_id, ids))


def _reference_problems(data: dict[str, Any], ids: Mapping[str, int]) -> Iterator[RawProblem]:
    for index, role in _present(data.get("roles", [])):
        parent = role.get("parent")
        if parent is not None and parent not in ids:
            yield ("roles", index, "parent"), _unknown(parent, ids)
        if "members" in role and role["kind"] != "virtual_team":
            yield (
                ("roles", index, "members"),
                (f"only a virtual_team role has members (this role is a {role['kind']})"),
            )
        for number, member in enumerate(role.get("members", [])):
            if member not in ids:
                yield ("roles", index, "members", number), _unknown(member, ids)
    for index, flow in _present(data.get("flows", [])):
        for end in ("from", "to"):
            if flow[end] not in ids:
                yield ("flows", index, end), _unknown(flow[end], ids)
        if flow["from"] == flow["to"]:
            message = f"a flow from role '{flow['from']}' to itself"
            yield (
                ("flows", index, "to"),
                _said(message, ("problem.self_flow", {"id": flow["from"]})),
            )
    tracker = data.get("practices", {}).get("issue_tracker", {})
    for number, role_id in enumerate(tracker.get("visible_to", [])):
        if role_id not in ids:
            yield ("practices", "issue_tracker", "visible_to", number), _unknown(role_id, ids)


def _present(items: list[Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    return ((index, item) for index, item in enumerate(items) if item is not None)


def _cycles(edges: list[tuple[str, str]], order: Mapping[str, int]) -> Iterator[list[str]]:
    """One cycle per strongly connected component (linear in the references), starting
    at the role the file names first."""
    succ = scc.adjacency(edges)
    components = [sorted(c, key=order.__getitem__) for c in scc.strongly_connected(succ)]
    cyclic = [c for c in components if len(c) > 1 or c[0] in succ[c[0]]]
    if not cyclic:
        return  # a valid model: no graph library needed
    import networkx as nx

    graph = nx.DiGraph(edges)
    for component in sorted(cyclic, key=lambda c: order[c[0]]):
        start = component[0]
        cycle = [u for u, _ in nx.find_cycle(graph.subgraph(component), source=start)]
        yield [*cycle, cycle[0]]


def _parent_cycles(roles: list[Any], ids: Mapping[str, int]) -> Iterator[RawProblem]:
    edges = [(r["id"], r["parent"]) for _, r in _present(roles) if r.get("parent") in ids]
    for cycle in _cycles(edges, ids):
        shown = " → ".join(cycle)
        message = _said(f"parent cycle: {shown}", ("problem.parent_cycle", {"cycle": shown}))
        yield ("roles", ids[cycle[0]], "parent"), message


def _member_cycles(roles: list[Any], ids: Mapping[str, int]) -> Iterator[RawProblem]:
    edges = [(r["id"], m) for _, r in _present(roles) for m in r.get("members", []) if m in ids]
    for cycle in _cycles(edges, ids):
        shown = " → ".join(cycle)
        message = _said(f"members cycle: {shown}", ("problem.members_cycle", {"cycle": shown}))
        yield ("roles", ids[cycle[0]], "members"), message
