"""Packs built in Python (a plugin's ``Pack`` of ``python_rule`` s): checked like TOML packs.

Each Python rule's metadata — id, stage, level, severity, weight, effort,
type, recommendation type, fix operations, texts and tests — is validated
against the very JSON Schema that TOML rules meet (``schemas/rulepack.schema.json``),
and a declarative ``when`` or ``match`` given as data is compiled by the same
compiler, against the session's operators, metrics and vocabulary.
:func:`compile_condition` compiles such a condition for a rule built in Python.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any

from maturity.engine.compiler import Compiler
from maturity.engine.conditions import CompileProblems, Condition
from maturity.engine.language import Language
from maturity.errors import PackError, Problem
from maturity.resources import schema
from maturity.rules.params import declaration_problems
from maturity.rules.params import split as split_params
from maturity.rules.rule import Pack, Rule, rule_key

if TYPE_CHECKING:  # jsonschema is imported only when a Python pack is checked
    import jsonschema

_PACK_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}\Z")


def compile_condition(
    data: Mapping[str, Any],
    language: Language | None = None,
    params: Mapping[str, Any] | None = None,
    origin: str = "<condition>",
) -> Condition:
    """Compile a declarative condition (the ``when``/``match`` of a TOML rule, as a dict).

    For a Python rule's ``when``: ``python_rule(..., when=compile_condition({"organization":
    {"attr": "arr", "op": "greater_than", "param": "small_company_arr"}}, params=PARAMS))``,
    or simply pass the dict as ``when`` and the session compiles it with its own
    language and the pack's parameters. Raises :class:`PackError` naming each problem.
    """
    from jsonschema.exceptions import best_match

    from maturity.rules.packs import GLOBAL_PARAMS

    errors = list(_condition_validator().iter_errors(data))
    if errors:
        error = best_match(errors)
        raise PackError([Problem(origin, _dotted(error.absolute_path), error.message)])
    language = language or Language()
    compiler = Compiler(
        language.operators,
        language.metrics,
        {**GLOBAL_PARAMS, **(params or {})},
        language.vocabulary,
    )
    try:
        return compiler.compile(data, ())
    except CompileProblems as exc:
        raise PackError([Problem(origin, _dotted(p), m) for p, m in exc.problems]) from None


def _dotted(path: Any) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


@cache
def _condition_validator() -> jsonschema.Draft202012Validator:
    import jsonschema

    full = schema("rulepack")
    return jsonschema.Draft202012Validator({"$ref": "#/$defs/condition", "$defs": full["$defs"]})


@cache
def _rule_validator() -> jsonschema.Draft202012Validator:
    """The TOML rule schema, with ``match`` optional (a Python rule may have a check)."""
    import jsonschema

    full = schema("rulepack")
    rule = dict(full["$defs"]["rule"])
    rule["required"] = [r for r in rule["required"] if r != "match"]
    return jsonschema.Draft202012Validator({**rule, "$defs": full["$defs"]})


def rule_data(rule: Rule) -> dict[str, Any]:
    """A Python rule's metadata as the TOML rule it stands for (without conditions)."""
    data: dict[str, Any] = {
        "id": rule.id,
        "stage": rule.stage,
        "severity": rule.severity,
        "weight": rule.weight,
        "required": rule.required,
        "type": rule.type,
        "effort": rule.effort,
        "recommendation": {"type": rule.recommendation_type},
        "fix": [dict(op) if isinstance(op, Mapping) else op for op in rule.fix],
        "tests": [
            {"expect": t.expect, "model": t.model, "name": t.name, "params": dict(t.params)}
            for t in rule.tests
        ],
    }
    if rule.level is not None:
        data["level"] = rule.level
    for name in ("when", "match"):  # declarative, as data: validated here, compiled later
        if isinstance(getattr(rule, name), Mapping):
            data[name] = getattr(rule, name)
    for lang, texts in rule.texts.items():
        data[lang] = {
            "title": texts.title,
            "summary": texts.summary,
            "rationale": texts.rationale,
            "recommendation": texts.recommendation,
            "fail": texts.fail,
            **({"pass": texts.passed} if texts.passed else {}),
        }
    return data


def _rule_problems(rule: Rule, index: int, origin: str) -> list[Problem]:
    from jsonschema.exceptions import best_match

    data = rule_data(rule)
    errors = list(_rule_validator().iter_errors(data))
    groups: dict[Any, list[jsonschema.ValidationError]] = {}
    for error in errors:
        groups.setdefault(tuple(error.absolute_path)[:1], []).append(error)
    problems = []
    for _, group in sorted(groups.items(), key=lambda item: repr(item[0])):
        error = best_match(group)
        where = _dotted(["rules", index, *error.absolute_path])
        problems.append(Problem(origin, f"{rule.id}: {where}", error.message))
    if rule.check is None and rule.match is None:
        problems.append(Problem(origin, rule.id, "has neither check nor match"))
    return problems


def _conditions(
    rule: Rule, index: int, origin: str, language: Language, params: Mapping[str, Any]
) -> tuple[Rule, list[Problem]]:
    """Compile a ``when``/``match`` given as data; reject one that is neither data nor compiled."""
    changes: dict[str, Any] = {}
    problems: list[Problem] = []
    for name in ("when", "match"):
        value = getattr(rule, name)
        where = f"{rule.id}: rules[{index}].{name}"
        if value is None or isinstance(value, Condition):
            continue
        if not isinstance(value, Mapping):
            message = (
                f"expected a condition as a dict (or maturity.rules.compile_condition(...)), "
                f"got {type(value).__name__}"
            )
            problems.append(Problem(origin, where, message))
            continue
        try:
            changes[name] = compile_condition(value, language, params, origin)
        except PackError as exc:
            problems += [
                replace(p, location=f"{where}.{p.location}".rstrip(".")) for p in exc.problems
            ]
    return (replace(rule, **changes) if changes else rule), problems


def adopt_pack(
    pack: Pack,
    source: str,
    overrides: Mapping[str, Any] | None = None,
    language: Language | None = None,
) -> Pack:
    """Check a pack built in Python (a plugin's) as strictly as a TOML one, and own its rules."""
    from maturity.rules.packs import GLOBAL_PARAMS

    language = language or Language()
    origin = f"<pack {pack.id} from {source}>"
    problems = []
    if not isinstance(pack.id, str) or not _PACK_ID.match(pack.id):
        problems.append(Problem(origin, "pack.id", f"invalid pack id {pack.id!r}"))
    declared, specs = split_params(pack.params)
    for name, spec in pack.param_specs.items():
        specs[name] = {"default": declared.get(name), **spec}
    problems += [
        Problem(origin, f"params.{name}", message) for name, message in declaration_problems(specs)
    ]
    params = {**GLOBAL_PARAMS, **declared}
    params.update({k: v for k, v in (overrides or {}).items() if k in params})
    seen: set[str] = set()
    rules = []
    for index, rule in enumerate(pack.rules):
        if rule.id in seen:
            problems.append(Problem(origin, rule.id, "duplicate rule id"))
        seen.add(rule.id)
        found = _rule_problems(rule, index, origin)
        if not found:
            rule, found = _conditions(rule, index, origin, language, {**params, **rule.params})
        problems += found
        rules.append(rule)
    if problems:
        raise PackError(problems)
    owned = tuple(
        replace(r, pack=pack.id, source=source, params={**params, **r.params})
        for r in sorted(rules, key=lambda r: rule_key(r.id))
    )
    return replace(pack, rules=owned, source=source, params=params, declared=declared,
                   param_specs=specs)  # fmt: skip
