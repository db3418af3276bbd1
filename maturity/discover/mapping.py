"""The discovery mapping (TOML, JSON Schema ``discover-mapping``), with located errors.

It says which log columns are the case, activity, resource, timestamp and
role; which resources belong to which role (by name, glob pattern or role
column value) and each role's kind; which hand-overs are which flow kind; and
which boolean flow fields (``urgent``, ``reproduced``…) are set from what the
log shows. See docs/discover.md for the reference.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from maturity.errors import InputError, ModelError, Problem
from maturity.model import Limits, parse_toml, read_text
from maturity.model.locate import toml_line
from maturity.model.validate import _dotted, _explain
from maturity.model.vocabulary import Vocabulary, did_you_mean
from maturity.resources import schema

STANDARD = {"activity": "activity", "resource": "resource", "role": "role"}


class MappingError(InputError):
    """A mapping that cannot be read or is invalid."""


def flag_names() -> tuple[str, ...]:
    """The boolean flow fields of the model format: what a flag may set."""
    flow = schema("organization")["$defs"]["flow"]["properties"]
    return tuple(sorted(k for k, v in flow.items() if v.get("type") == "boolean"))


@dataclass(frozen=True)
class Mapping_:
    """A valid mapping and the text it came from (to locate later problems)."""

    data: dict[str, Any]
    source: str
    text: str

    @property
    def columns(self) -> dict[str, str]:
        return dict(self.data.get("columns", {}))

    @property
    def roles(self) -> list[dict[str, Any]]:
        return list(self.data.get("roles", []))

    @property
    def kinds(self) -> list[dict[str, Any]]:
        return list(self.data.get("kinds", []))

    @property
    def flags(self) -> list[dict[str, Any]]:
        return list(self.data.get("flags", []))

    @property
    def default_kind(self) -> str | None:
        value = self.data.get("flows", {}).get("default_kind")
        return None if value is None else str(value)

    def attributes(self) -> tuple[str, ...]:
        """Log columns the conditions read, besides the standard ones."""
        found: list[str] = []
        conditions = [k.get("when", {}) for k in self.kinds]
        conditions += [f.get("when", f.get("before", {})) for f in self.flags]
        for condition in conditions:
            found += [c for c in condition if c not in STANDARD and c not in found]
        return tuple(found)

    def problem(self, path: Sequence[str | int], message: str) -> Problem:
        return Problem(self.source, _dotted(path), message, toml_line(self.text, path))


def load_mapping(path: str, vocabulary: Vocabulary | None = None) -> Mapping_:
    """Read and check a mapping; raise :class:`MappingError` with every problem located."""
    vocabulary = vocabulary or Vocabulary()
    try:
        text = read_text(Path(path), Limits())
        data = parse_toml(text, path)
    except ModelError as exc:
        raise MappingError(exc.problems) from None
    mapping = Mapping_(data, path, text)
    validator = jsonschema.Draft202012Validator(schema("discover-mapping"))
    raw = [p for e in validator.iter_errors(data) for p in _explain_mapping(e)]
    if not raw:
        raw = list(_semantic(mapping, vocabulary))
    if raw:
        problems = sorted(
            (mapping.problem(p, m) for p, m in raw), key=lambda p: (p.line or 0, p.location)
        )
        raise MappingError(problems)
    return mapping


def _explain_mapping(error: jsonschema.ValidationError) -> Iterator[tuple[tuple[Any, ...], str]]:
    if error.validator == "oneOf":
        yield tuple(error.absolute_path), "give either 'when' or 'before', not both"
    elif error.validator == "minProperties":
        yield tuple(error.absolute_path), "name at least one column"
    elif error.validator == "minItems":
        yield tuple(error.absolute_path), "list at least one value"
    else:
        yield from _explain(error)


def _semantic(mapping: Mapping_, vocabulary: Vocabulary) -> Iterator[tuple[tuple[Any, ...], str]]:
    ids: dict[str, int] = {}
    for index, role in enumerate(mapping.roles):
        if role["id"] in ids:
            yield (
                ("roles", index, "id"),
                (f"duplicate role id '{role['id']}' (first defined at roles[{ids[role['id']]}])"),
            )
        ids.setdefault(role["id"], index)
        if role["kind"] not in vocabulary.role_kinds:
            yield (
                ("roles", index, "kind"),
                _unknown("role kind", role["kind"], vocabulary.role_kinds),
            )
    for index, role in enumerate(mapping.roles):
        if "parent" in role and role["parent"] not in ids:
            yield (
                ("roles", index, "parent"),
                (f"unknown role '{role['parent']}'{did_you_mean(role['parent'], ids)}"),
            )
    for index, rule in enumerate(mapping.kinds):
        if rule["kind"] not in vocabulary.flow_kinds:
            yield (
                ("kinds", index, "kind"),
                _unknown("flow kind", rule["kind"], vocabulary.flow_kinds),
            )
    default = mapping.default_kind
    if default is not None and default not in vocabulary.flow_kinds:
        yield ("flows", "default_kind"), _unknown("flow kind", default, vocabulary.flow_kinds)
    yield from _flag_problems(mapping, vocabulary)


def _flag_problems(
    mapping: Mapping_, vocabulary: Vocabulary
) -> Iterator[tuple[tuple[Any, ...], str]]:
    names, seen = flag_names(), set()
    for index, flag in enumerate(mapping.flags):
        if flag["flag"] not in names:
            yield ("flags", index, "flag"), _unknown("flag", flag["flag"], names)
        elif flag["flag"] in seen:
            yield ("flags", index, "flag"), f"the flag '{flag['flag']}' is set twice"
        seen.add(flag["flag"])
        for place, kind in enumerate(flag.get("kinds", [])):
            if kind not in vocabulary.flow_kinds:
                yield (
                    ("flags", index, "kinds", place),
                    _unknown("flow kind", kind, vocabulary.flow_kinds),
                )


def _unknown(label: str, value: str, known: Any) -> str:
    hint = did_you_mean(value, known) or f" (expected one of: {', '.join(sorted(known))})"
    return f'unknown {label} "{value}"{hint}'
