"""Saving the scenario: where it may go, and a TOML file that keeps its hand-written comments.

The studio writes only inside the folder of the model it was started on: a
name that climbs out (``..``, an absolute path) or a symbolic link that points
out is refused. A TOML model is saved by editing the original document with
tomlkit, so comments and layout survive wherever the edit did not reach (a
changed value drops the comment on its line, which spoke of the old value); the
result is parsed back and compared with the data before anything is written,
and the write is atomic (a temporary file, then a rename).
"""

from __future__ import annotations

import difflib
import json
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

from maturity.model.writer import dumps_model
from maturity.output import write_atomic

SUFFIXES = (".toml", ".json")


class SaveRefused(ValueError):
    """A name the studio will not write to; ``code`` names the reason."""

    def __init__(self, name: str, code: str):
        self.name = name
        self.code = code
        super().__init__(f"{name}: {code}")


def target_path(folder: Path, name: str) -> Path:
    """The file ``name`` names inside ``folder``; :class:`SaveRefused` if it is elsewhere."""
    name = name.strip()
    if not name:
        raise SaveRefused(name, "empty")
    if Path(name).suffix.lower() not in SUFFIXES:
        raise SaveRefused(name, "suffix")
    root = folder.resolve()
    path = root / name
    if Path(name).is_absolute() or ".." in Path(name).parts:
        raise SaveRefused(name, "outside")
    resolved = path.resolve()
    if not resolved.is_relative_to(root) or not resolved.parent.is_dir():
        raise SaveRefused(name, "outside")
    if resolved.is_dir():
        raise SaveRefused(name, "folder")
    return resolved


def save_model(path: Path, data: Mapping[str, Any], original: str | None) -> None:
    """Write ``data`` to ``path`` atomically: JSON for ``.json``, else TOML built on
    ``original`` (the hand-written text, comments kept) when there is one."""
    if path.suffix.lower() == ".json":
        write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    write_atomic(path, toml_text(data, original))


def toml_text(data: Mapping[str, Any], original: str | None) -> str:
    """``data`` as TOML: ``original`` edited where it differs, else written fresh."""
    if original is not None:
        try:
            document = tomlkit.parse(original)
        except tomlkit.exceptions.ParseError:
            document = None
        if document is not None:
            _merge_table(document, data)
            text = tomlkit.dumps(document)
            if tomllib.loads(text) == data:
                return text
    return dumps_model(data)


def _merge_table(table: Any, data: Mapping[str, Any]) -> None:
    for key in [k for k in table if k not in data]:
        del table[key]
    for key, value in data.items():
        old = table.get(key)
        if _plain(old) == value:
            continue
        if isinstance(old, AoT) and isinstance(value, list) and _all_tables(value):
            _merge_aot(old, value)
        elif isinstance(old, Table | dict) and isinstance(value, Mapping) and old is not None:
            _merge_table(old, value)
        else:
            table[key] = _item(value)
            if old is not None:
                _drop_comment(table[key])


def _drop_comment(item: Any) -> None:
    """A changed value loses its line's comment: it spoke of the old value."""
    trivia = getattr(item, "trivia", None)
    if trivia is not None and not isinstance(item, Table | AoT):
        trivia.comment = ""
        trivia.comment_ws = ""


def _merge_aot(old: AoT, new: Sequence[Mapping[str, Any]]) -> None:
    """Edit an array of tables in place: unchanged items keep their comments."""
    keys_old = [_key(item) for item in old]
    keys_new = [_key(item) for item in new]
    matcher = difflib.SequenceMatcher(a=keys_old, b=keys_new, autojunk=False)
    ops = matcher.get_opcodes()
    # From the end, so the indices of the parts not yet edited stay right.
    for tag, i1, i2, j1, j2 in reversed(ops):
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for offset in range(i2 - i1):
                _merge_table(old[i1 + offset], new[j1 + offset])
            continue
        for index in reversed(range(i1, i2)):
            del old[index]
        for offset, item in enumerate(new[j1:j2]):
            old.insert(i1 + offset, _table(item))


def _table(item: Mapping[str, Any]) -> Table:
    table = tomlkit.table()
    for key, value in item.items():
        table[key] = _item(value)
    return table


def _item(value: Any) -> Any:
    if isinstance(value, Mapping):
        return _table(value)
    return value


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


def _key(item: Any) -> str:
    return json.dumps(_plain(item), sort_keys=True, default=str)


def _all_tables(value: list[Any]) -> bool:
    return bool(value) and all(isinstance(v, Mapping) for v in value)
