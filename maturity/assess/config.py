"""Configuration: ``maturity.toml`` or ``[tool.maturity]`` in ``pyproject.toml``.

Found upward from the model file (or given with ``--config``). It turns packs
on and off, selects or ignores rules by id or prefix, overrides parameters,
and declares waivers: honest exemptions with a reason, an owner and an expiry
date. An unknown rule id or pack in the configuration is an error, not silence.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maturity.errors import ConfigError, Problem
from maturity.model.locate import toml_line
from maturity.resources import schema

NAMES = ("maturity.toml", "pyproject.toml")


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str
    owner: str
    expires: dt.date
    role: str | None = None
    flow: Mapping[str, str] | None = None

    def expired(self, today: dt.date) -> bool:
        return self.expires < today

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "reason": self.reason,
            "owner": self.owner,
            "expires": self.expires.isoformat(),
        }
        if self.role:
            out["role"] = self.role
        if self.flow:
            out["flow"] = dict(self.flow)
        return out


@dataclass(frozen=True)
class Config:
    """A loaded configuration; the empty default changes nothing."""

    source: str = ""
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    block: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    #: Local plugins (``.py`` modules, TOML packs, folders), relative to the file's folder.
    paths: tuple[str, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    limits: Mapping[str, int] = field(default_factory=dict)
    #: The file's text and the keys above this configuration (pyproject: tool.maturity),
    #: so that a problem found later still names its line.
    text: str = field(default="", repr=False, compare=False)
    prefix: tuple[str, ...] = ()

    def line(self, *path: str | int) -> int | None:
        """The line of ``path`` (e.g. "waivers", 0, "rule") in the file, when known."""
        return toml_line(self.text, [*self.prefix, *path]) if self.text else None

    def wants(self, rule_id: str) -> bool:
        """Whether ``rule_id`` runs, by ``select`` and ``ignore`` (ids or prefixes)."""
        if self.select and not any(_prefix(rule_id, p) for p in self.select):
            return False
        return not any(_prefix(rule_id, p) for p in self.ignore)


def _prefix(rule_id: str, pattern: str) -> bool:
    return rule_id == pattern or rule_id.startswith(pattern)


def discover(start: Path) -> Path | None:
    """The nearest ``maturity.toml``, or ``pyproject.toml`` with ``[tool.maturity]``, upward."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder.resolve(), *folder.resolve().parents):
        for name in NAMES:
            path = candidate / name
            if path.is_file() and (name == "maturity.toml" or _has_tool_section(path)):
                return path
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "maturity" in data["tool"]


def load_config(path: Path) -> Config:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise ConfigError([Problem(source, "", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(source, "", f"cannot read: {exc}")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([Problem(source, "", f"invalid TOML: {exc}")]) from None
    prefix: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("maturity", {})
        prefix = ("tool", "maturity")
    return _parse(data, source, text, prefix)


def _parse(data: Any, source: str, text: str, prefix: tuple[str, ...]) -> Config:
    import jsonschema

    validator = jsonschema.Draft202012Validator(
        schema("config"), format_checker=jsonschema.FormatChecker()
    )
    data = _dates_as_text(data)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        path = [*prefix, *error.absolute_path]
        where = ".".join(str(p) for p in error.absolute_path)
        problems.append(Problem(source, where, error.message, toml_line(text, path)))
    if problems:
        raise ConfigError(problems)
    packs, rules, plugins = data.get("packs", {}), data.get("rules", {}), data.get("plugins", {})
    return Config(
        source=source,
        enable=tuple(packs.get("enable", ())),
        disable=tuple(packs.get("disable", ())),
        select=tuple(rules.get("select", ())),
        ignore=tuple(rules.get("ignore", ())),
        params=dict(data.get("params", {})),
        block=tuple(plugins.get("block", ())),
        only=tuple(plugins.get("only", ())),
        paths=_plugin_paths(plugins.get("paths", ()), source, text, prefix),
        waivers=tuple(_waiver(w) for w in data.get("waivers", ())),
        limits=dict(data.get("limits", {})),
        text=text,
        prefix=prefix,
    )


def _plugin_paths(
    paths: Sequence[str], source: str, text: str, prefix: tuple[str, ...]
) -> tuple[str, ...]:
    """``[plugins] paths``, relative to the configuration file's folder; each must exist."""
    folder = Path(source).parent
    resolved, problems = [], []
    for index, raw in enumerate(paths):
        path = folder / raw
        if not path.exists():
            line = toml_line(text, [*prefix, "plugins", "paths", index])
            problems.append(
                Problem(source, f"plugins.paths[{index}]", f"no such file or folder: {raw}", line)
            )
        resolved.append(str(path))
    if problems:
        raise ConfigError(problems)
    return tuple(resolved)


def _dates_as_text(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _dates_as_text(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_dates_as_text(v) for v in data]
    if isinstance(data, dt.datetime):
        return data.date().isoformat()
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def _waiver(item: Mapping[str, Any]) -> Waiver:
    return Waiver(
        rule=item["rule"],
        reason=item["reason"],
        owner=item["owner"],
        expires=dt.date.fromisoformat(item["expires"]),
        role=item.get("role"),
        flow=item.get("flow"),
    )


def check_rule_ids(config: Config, known: Iterable[str], packs: Sequence[str]) -> None:
    """Fail on configuration that names rules or packs nobody supplies."""
    from maturity.model.vocabulary import did_you_mean

    ids = sorted(set(known))
    problems = []

    def unknown(path: tuple[str | int, ...], name: str, what: str, choices: Sequence[str]) -> None:
        hint = did_you_mean(name, choices)
        message = f"unknown {what} '{name}'{hint}"
        problems.append(Problem(config.source, _dotted(path), message, config.line(*path)))

    for key, patterns in (("select", config.select), ("ignore", config.ignore)):
        for pattern in patterns:
            if not any(_prefix(i, pattern) for i in ids):
                unknown(("rules", key), pattern, "rule id or prefix", ids)
    for index, waiver in enumerate(config.waivers):
        if waiver.rule not in ids:
            unknown(("waivers", index, "rule"), waiver.rule, "rule", ids)
    for key, names in (("enable", config.enable), ("disable", config.disable)):
        for name in names:
            if name not in packs:
                unknown(("packs", key), name, "pack", packs)
    if problems:
        raise ConfigError(problems)


def _dotted(path: Sequence[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def check_waiver_scopes(config: Config, flow_kinds: Iterable[str]) -> None:
    """A waiver scoped to a flow kind nobody defines would never apply: an error, not silence."""
    from maturity.model.vocabulary import did_you_mean

    kinds = sorted(flow_kinds)
    problems = []
    for index, waiver in enumerate(config.waivers):
        kind = (waiver.flow or {}).get("kind")
        if kind is not None and kind not in kinds:
            path = ("waivers", index, "flow", "kind")
            message = f"unknown flow kind '{kind}'{did_you_mean(kind, kinds)}"
            problems.append(Problem(config.source, _dotted(path), message, config.line(*path)))
    if problems:
        raise ConfigError(problems)


def check_waiver_roles(config: Config, roles: Iterable[str], model: str) -> None:
    """A waiver scoped to a role (or a flow between roles) the model lacks: an error."""
    from maturity.model.vocabulary import did_you_mean

    ids = sorted(roles)
    known = set(ids)
    problems = []
    for index, waiver in enumerate(config.waivers):
        named = [(("role",), waiver.role)] + [
            (("flow", end), (waiver.flow or {}).get(end)) for end in ("from", "to")
        ]
        for keys, role in named:
            if role is not None and role not in known:
                path = ("waivers", index, *keys)
                message = f"no role '{role}' in {model}{did_you_mean(role, ids)}"
                problems.append(Problem(config.source, _dotted(path), message, config.line(*path)))
    if problems:
        raise ConfigError(problems)
