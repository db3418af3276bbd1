"""Read declarative rule packs (TOML), validate them, and compile their rules."""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from maturity import __version__
from maturity.engine.compiler import Compiler
from maturity.engine.conditions import CompileProblems
from maturity.engine.language import Language
from maturity.errors import PackError, Problem
from maturity.i18n import LANGS
from maturity.model.load import syntax_problem
from maturity.model.locate import toml_line
from maturity.resources import schema
from maturity.rules.params import declaration_problems
from maturity.rules.params import split as split_params
from maturity.rules.rule import Pack, Rule, RuleTest, RuleTexts, rule_key

if TYPE_CHECKING:
    import jsonschema

#: Parameters every run knows, whatever packs are enabled.
GLOBAL_PARAMS: Mapping[str, Any] = {"level_threshold": 0.8}


class PackSkipped(Exception):
    """A pack written for a newer engine: skipped with a message, never misread."""

    def __init__(self, origin: str, message: str):
        self.origin = origin
        self.message = message
        super().__init__(f"{origin}: {message}")


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def read_pack_file(path: Path) -> tuple[dict[str, Any], str]:
    """A pack file's data (parsed once per content, then from the cache) and text."""
    from maturity.rules.cache import cached

    source = str(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError([Problem(source, "", f"cannot read rule pack: {exc}")]) from None
    try:
        return cached(raw, "pack", lambda: tomllib.loads(text)), text
    except tomllib.TOMLDecodeError as exc:
        raise PackError([syntax_problem(source, str(exc))]) from None


def load_pack_file(
    path: Path,
    language: Language | None = None,
    overrides: Mapping[str, Any] | None = None,
    source: str = "maturity",
    trusted: bool = False,
) -> Pack:
    data, text = read_pack_file(path)
    if trusted:
        try:
            return load_pack(data, str(path), language, overrides, source, text, trusted=True)
        except (KeyError, TypeError, AttributeError, ValueError):
            pass  # not as shipped after all: validate it, for a located message
    return load_pack(data, str(path), language, overrides, source, text)


@dataclass(frozen=True)
class _SchemaCheck:
    """Schema problems, and which rules they touch (the others can still be compiled)."""

    problems: list[Problem]
    bad_rules: frozenset[int]
    pack_broken: bool


@cache
def _fast_check() -> Callable[[Any], bool] | None:
    from maturity.model.fastcheck import compile_check

    return compile_check(schema("rulepack"))


def _schema_problems(data: Any, source: str, text: str | None) -> _SchemaCheck:
    fast = _fast_check()
    if fast is not None and fast(data):
        return _SchemaCheck([], frozenset(), False)  # jsonschema only explains problems
    import jsonschema
    from jsonschema.exceptions import best_match

    validator = jsonschema.Draft202012Validator(schema("rulepack"))
    groups: dict[tuple[Any, ...], list[jsonschema.ValidationError]] = defaultdict(list)
    for error in validator.iter_errors(data):
        path = tuple(error.absolute_path)
        groups[path[:2] if path[:1] == ("rules",) and len(path) > 1 else path[:1]].append(error)
    problems = []
    for _, errors in sorted(groups.items(), key=lambda item: repr(item[0])):
        error = best_match(errors)
        location = list(error.absolute_path)
        line = toml_line(text, location) if text else None
        problems.append(Problem(source, _where(data, location), error.message, line))
    bad = frozenset(k[1] for k in groups if len(k) == 2)
    return _SchemaCheck(problems, bad, any(len(k) < 2 for k in groups))


def _check_min_version(data: Any, origin: str) -> None:
    """A pack for a newer engine is skipped before its (perhaps newer) syntax is read."""
    meta = data.get("pack") if isinstance(data, dict) else None
    needed = meta.get("min_version") if isinstance(meta, dict) else None
    if not isinstance(needed, str) or not re.fullmatch(r"\d+(\.\d+)*", needed):
        return
    if version_tuple(needed) > version_tuple(__version__):
        raise PackSkipped(
            origin,
            f"pack '{meta.get('id', '?')}' needs maturity {needed} or newer "  # type: ignore[union-attr]
            f"(this is {__version__}); skipped",
        )


def _where(data: Any, path: Sequence[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        rules = data.get("rules") if isinstance(data, dict) else None
        if isinstance(rules, list) and path[1] < len(rules) and isinstance(rules[path[1]], dict):
            rule_id = rules[path[1]].get("id")
            if rule_id:
                out = f"{rule_id}: {out}"
    return out


def load_pack(
    data: Any,
    origin: str,
    language: Language | None = None,
    overrides: Mapping[str, Any] | None = None,
    source: str = "maturity",
    text: str | None = None,
    trusted: bool = False,
) -> Pack:
    """Validate pack data and compile its rules; raise :class:`PackError` with every problem.

    ``trusted`` skips the JSON Schema check (the compiler's checks remain): for the
    packs shipped with maturity, which the test suite validates against the schema.
    """
    language = language or Language()
    _check_min_version(data, origin)
    check = (
        _schema_problems(data, origin, text)
        if not trusted
        else _SchemaCheck([], frozenset(), False)
    )
    if check.pack_broken:
        raise PackError(check.problems)
    problems = list(check.problems)
    meta = data["pack"]
    declared, specs = split_params(meta.get("params", {}))
    for name, message in declaration_problems(specs):
        line = toml_line(text, ["pack", "params", name]) if text else None
        problems.append(Problem(origin, f"pack.params.{name}", message, line))
    params = {**GLOBAL_PARAMS, **declared}
    params.update({k: v for k, v in (overrides or {}).items() if k in params})
    rules = []
    seen: dict[str, int] = {}
    for index, body in enumerate(data["rules"]):
        if index in check.bad_rules:
            continue
        if body["id"] in seen:
            problems.append(
                _problem(
                    origin,
                    text,
                    ["rules", index, "id"],
                    body["id"],
                    f"duplicate rule id (first at rules[{seen[body['id']]}])",
                )
            )
            continue
        seen[body["id"]] = index
        try:
            rules.append(_compile_rule(body, index, meta, params, language, source))
        except CompileProblems as exc:
            problems += [_problem(origin, text, list(p), body["id"], m) for p, m in exc.problems]
    if problems:
        raise PackError(problems)
    return Pack(
        id=meta["id"],
        version=meta["version"],
        rules=tuple(sorted(rules, key=lambda r: rule_key(r.id))),
        names={lang: meta[lang]["name"] for lang in LANGS if lang in meta},
        descriptions={lang: meta[lang].get("description", "") for lang in LANGS if lang in meta},
        params=params,
        source=source,
        path=origin,
        declared=declared,
        param_specs=specs,
        data=data,
    )


def _problem(origin: str, text: str | None, path: list[Any], rule_id: str, message: str) -> Problem:
    line = toml_line(text, path) if text else None
    dotted = _where({}, path)
    return Problem(origin, f"{rule_id}: {dotted}", message, line)


def _compile_rule(
    body: Mapping[str, Any],
    index: int,
    meta: Mapping[str, Any],
    params: Mapping[str, Any],
    language: Language,
    source: str,
) -> Rule:
    compiler = Compiler(language.operators, language.metrics, params, language.vocabulary)
    base = ("rules", index)
    match = compiler.condition(body["match"], (*base, "match"), frozenset())
    when = (
        compiler.condition(body["when"], (*base, "when"), frozenset()) if "when" in body else None
    )
    credit = tuple(
        (
            float(c["score"]),
            compiler.condition(c["match"], (*base, "credit", i, "match"), frozenset()),
        )
        for i, c in enumerate(body.get("credit", ()))
    )
    if compiler.problems:
        raise CompileProblems(compiler.problems)
    texts = {lang: RuleTexts.from_mapping(body[lang]) for lang in LANGS if lang in body}
    return Rule(
        id=body["id"],
        pack=meta["id"],
        stage=body["stage"],
        texts=texts,
        level=body.get("level"),
        severity=body.get("severity", "medium"),
        weight=float(body.get("weight", 1)),
        required=bool(body.get("required", False)),
        type=body.get("type", "practice"),
        effort=int(body.get("effort", 1)),
        recommendation_type=body.get("recommendation", {}).get("type", "process_change"),
        match=match,
        when=when,
        credit=tuple(sorted(credit, key=lambda c: -c[0])),
        fix=tuple(body.get("fix", ())),
        tests=tuple(
            RuleTest(t["expect"], t["model"], t.get("name", ""), t.get("params", {}))
            for t in body.get("tests", ())
        ),
        params=params,
        seed=body.get("seed", meta.get("seed", "")),
        source=source,
        fix_checked=True,  # the pack schema covers the operations
    )


from maturity.rules.python_packs import adopt_pack, compile_condition  # noqa: E402

__all__ = [
    "GLOBAL_PARAMS",
    "PackSkipped",
    "adopt_pack",
    "compile_condition",
    "load_pack",
    "load_pack_file",
]
