"""Read a model file: bounded reads, the TOML and JSON parsers, the loader for a suffix."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import stat
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maturity.errors import ModelError, Problem
from maturity.model import fastjson
from maturity.model.limits import SURROGATE
from maturity.model.locate import toml_line
from maturity.model.nogc import paused_gc
from maturity.model.validate import Limits, Model, validate_data
from maturity.model.vocabulary import Vocabulary

#: A loader turns file text into the model's plain data (dicts and lists).
Parser = Callable[[str, str], Any]
#: A fast parse of the file's bytes: the data, within the limits, or ``None`` to leave the
#: file to the loader's ``parse`` (which reports every problem).
BytesParser = Callable[[bytes, Limits], Any]


@dataclass(frozen=True)
class Loader:
    """An input format: the file suffixes it reads and its parser."""

    name: str
    suffixes: tuple[str, ...]
    parse: Parser
    #: Finds the line of a JSON path in the text, when the format allows it.
    locate: Callable[[str, Sequence[str | int]], int | None] | None = None
    #: Tried first, when given: the bytes are decoded only if it returns ``None``.
    parse_bytes: BytesParser | None = None


def parse_toml(text: str, source: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError([syntax_problem(source, str(exc))]) from None
    except RecursionError:
        raise ModelError([Problem(source, "", "invalid TOML: nested too deeply")]) from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise ModelError([Problem(source, "", f"invalid TOML: {exc}")]) from None


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(f"the key '{key}' is given twice in one object")


def _finite(text: str) -> float:
    raise ValueError(f"{text} is not a number JSON allows")


def parse_json(text: str, source: str) -> Any:
    data = fastjson.parse(text)
    if data is not None:
        return data
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_finite)
    except json.JSONDecodeError as exc:
        raise ModelError([Problem(source, "", f"invalid JSON: {exc.msg}", exc.lineno)]) from None
    except RecursionError:
        raise ModelError([Problem(source, "", "invalid JSON: nested too deeply")]) from None
    except ValueError as exc:  # duplicate keys, NaN/Infinity, too many digits
        raise ModelError([Problem(source, "", f"invalid JSON: {exc}")]) from None


def syntax_problem(source: str, message: str) -> Problem:
    line = None
    marker = "(at line "
    if marker in message:
        head, _, tail = message.partition(marker)
        digits = tail.split(",")[0].rstrip(")")
        line = int(digits) if digits.isdigit() else None
        message = head.strip()
    return Problem(source, "", f"invalid TOML: {message}", line)


TOML_LOADER = Loader("toml", (".toml",), parse_toml, toml_line)


JSON_LOADER = Loader("json", (".json",), parse_json, parse_bytes=fastjson.parse_bytes)


def read_text(path: Path, limits: Limits) -> str:
    """Read a model file as UTF-8 text, refusing what is not one."""
    return decode_text(read_bytes(path, limits), str(path))


def read_bytes(path: Path, limits: Limits) -> bytes:
    """Read a model file's bytes: a regular file within the size limit, not binary."""
    source = str(path)
    try:
        if path.is_dir():
            raise ModelError([Problem(source, "", "is a directory, not a model file")])
        if not stat.S_ISREG(path.stat().st_mode):
            raise ModelError([Problem(source, "", "not a regular file (a pipe or a device?)")])
        with path.open("rb") as handle:  # read at most the limit, whatever stat() said
            raw = handle.read(limits.max_bytes + 1)
        if len(raw) > limits.max_bytes:
            raise ModelError(
                [Problem(source, "", f"file too large: the limit is {limits.max_bytes} bytes")]
            )
    except FileNotFoundError:
        if path.is_symlink():
            message = f"a symbolic link to a missing file ({os.readlink(path)})"
            raise ModelError([Problem(source, "", message)]) from None
        raise ModelError([Problem(source, "", "no such file")]) from None
    except PermissionError:
        raise ModelError([Problem(source, "", "permission denied")]) from None
    except OSError as exc:
        raise ModelError([Problem(source, "", f"cannot read: {exc.strerror or exc}")]) from None
    if b"\x00" in raw:
        raise ModelError([Problem(source, "", "binary data, not a text model file")])
    return raw


def decode_text(raw: bytes, source: str) -> str:
    """A model file's bytes as text: UTF-8 (a byte-order mark dropped), not blank."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ModelError(
            [Problem(source, "", f"not UTF-8 text (invalid byte at offset {exc.start})")]
        ) from None
    if not text.strip():
        raise ModelError([Problem(source, "", "empty file: expected an [organization] table")])
    return text


def choose_loader(path: Path, loaders: Sequence[Loader]) -> Loader:
    suffix = path.suffix.lower()
    for loader in loaders:
        if suffix in loader.suffixes:
            return loader
    known = ", ".join(sorted(s for loader in loaders for s in loader.suffixes))
    raise ModelError([Problem(str(path), "", f"unknown file type '{suffix}' (known: {known})")])


def _date_as_text(data: object) -> None:
    """A TOML date in ``organization.assessed_on`` becomes the ISO text the schema expects."""
    org = data.get("organization") if isinstance(data, dict) else None
    if isinstance(org, dict) and isinstance(org.get("assessed_on"), dt.date):
        org["assessed_on"] = org["assessed_on"].isoformat()


def load_model(
    path: str | Path,
    vocabulary: Vocabulary | None = None,
    loaders: Sequence[Loader] = (TOML_LOADER, JSON_LOADER),
    limits: Limits | None = None,
) -> Model:
    """Read, parse and validate the model at ``path``; raise :class:`ModelError`."""
    path = Path(path)
    limits = limits or Limits()
    if not str(path).isascii() and SURROGATE.search(str(path)):
        message = "the file name is not UTF-8 text; rename the file"
        raise ModelError([Problem(str(path), "", message)])
    loader = choose_loader(path, loaders)
    raw = read_bytes(path, limits)
    text = functools.cache(lambda: decode_text(raw, str(path)))  # decoded once, if needed

    def locate(location: Sequence[str | int]) -> int | None:
        return loader.locate(text(), location) if loader.locate else None

    with paused_gc():  # parsed data has no cycles: no collector walks over it while it grows
        data = loader.parse_bytes(raw, limits) if loader.parse_bytes else None
        scanned = data is not None  # a fast parse keeps to the limits
        if data is None:
            data = loader.parse(text(), str(path))
        _date_as_text(data)
        return validate_data(
            data, str(path), vocabulary, limits, locate, copy_data=False, scanned=scanned
        )
