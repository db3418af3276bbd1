"""Apply a rule's fix — graph operations (DESIGN.md §6) — to a copy of a model's data.

A fix is a list of operations (``schemas/rulepack.schema.json``, ``$defs.fixOp``):
``add_role``, ``add_flow`` (an upsert), ``remove_flow``, ``set_flow``,
``reroute_flow``, ``set_role`` and ``set_practice``. Operations apply in order,
each to the result of the one before. Roles and flows are found with the
engine's own selectors (:class:`~maturity.engine.compiler.Compiler`), evaluated
over a fresh :class:`~maturity.engine.context.Context` after every change, so a
fix means exactly what the same words mean in a rule's ``match``.

A *role reference* (``$defs.roleRef``) picks the first matching role — trying
the listed kinds in order, roles sorted by id — or every match with
``each = true``; when nothing matches it adds the role described by
``create``, or, without ``create``, makes the operation a no-op (reported as a
:class:`Change` with ``applied = False``). An operation may carry ``when``, a
condition as in a rule's ``when``: the operation applies only when it holds
(so one fix can serve both branches of a rule like PMM-3).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from maturity.engine.language import Language
from maturity.errors import ModelError
from maturity.fixes.changes import FixError, FixResult, _dotted
from maturity.fixes.editor import _Editor
from maturity.model.validate import Model, validate_data
from maturity.resources import schema
from maturity.rules.rule import Rule

if TYPE_CHECKING:
    import jsonschema


def apply_fix(
    model: Model | Mapping[str, Any],
    rule: Rule,
    language: Language | None = None,
    validate: bool = True,
    lang: str = "en",
) -> FixResult:
    """Apply ``rule``'s fix to a copy of ``model``; raise :class:`FixError` naming the rule.

    Roles the fix adds are named in ``lang`` (the glossary's term for their kind).
    """
    return apply_ops(
        model,
        rule.fix,
        language,
        rule.params,
        rule.id,
        validate,
        lang=lang,
        checked=rule.fix_checked,
    )


def apply_ops(
    model: Model | Mapping[str, Any],
    ops: Sequence[Mapping[str, Any]],
    language: Language | None = None,
    params: Mapping[str, Any] | None = None,
    label: str = "<fix>",
    validate: bool = True,
    lang: str = "en",
    checked: bool = False,
) -> FixResult:
    """Apply fix operations in order to a copy of ``model`` (a Model or its plain data).

    With ``validate`` false the result is not checked against the model schema
    (faster, for describing changes only); its ``model`` is then unvalidated.
    ``checked``: the operations are known to be well formed (a pack's, once read).
    """
    data = model.data if isinstance(model, Model) else model
    source = model.source if isinstance(model, Model) else "<model>"
    language = language or Language()
    if not checked:
        check_ops(ops, label)
    editor = _Editor(data, language, params or {}, label)
    editor.lang = lang
    for index, op in enumerate(ops):
        try:
            editor.run(op, ("fix", index))
        except FixError:
            raise
        except Exception as exc:  # a plugin's odd fix must not end the run
            where = _dotted(("fix", index))
            raise FixError(label, f"{where}: {type(exc).__name__}: {exc}") from exc
    if not validate:
        return FixResult(Model(editor.data, source), tuple(editor.changes))
    try:
        fixed = validate_data(editor.data, source, language.vocabulary)
    except ModelError as exc:
        raise FixError(label, "the fixed model is invalid: " + "; ".join(exc.lines())) from None
    return FixResult(fixed, tuple(editor.changes))


def _op_schema() -> dict[str, Any]:
    document = schema("rulepack")
    return {"$schema": document["$schema"], "$defs": document["$defs"],
            "$ref": "#/$defs/fixOp"}  # fmt: skip


@cache
def _op_validator() -> jsonschema.protocols.Validator:
    import jsonschema

    return jsonschema.Draft202012Validator(_op_schema())


@cache
def _op_fast() -> Callable[[Any], bool] | None:
    """The fast check of an operation without its ``when`` (the conditions' grammar is
    checked when a ``when`` is compiled): a small check, quick to build."""
    from maturity.model.fastcheck import compile_check

    document = _op_schema()
    op = dict(document["$defs"]["fixOp"])
    op["properties"] = {**op["properties"], "when": True}
    return compile_check({**document, "$defs": {**document["$defs"], "fixOp": op}})


def check_ops(ops: Any, label: str) -> None:
    """Raise :class:`FixError` unless ``ops`` is a list of well-formed operations."""
    if isinstance(ops, (str, bytes)) or not isinstance(ops, Sequence):
        raise FixError(label, f"expected a list of operations, got {type(ops).__name__}")
    for index, op in enumerate(ops):
        message = _op_problem(_key(op))
        if message:
            raise FixError(label, f"{_dotted(('fix', index))}{message}")


def _key(op: Any) -> str:
    try:
        return json.dumps(op, sort_keys=True, default=repr)
    except (TypeError, ValueError):
        return repr(op)


@lru_cache(maxsize=4096)
def _op_problem(key: str) -> str:
    """What is wrong with one operation (given as its JSON text), or an empty string."""
    try:
        op = json.loads(key)
    except ValueError:
        return f": not an operation: {key}"
    # ``when`` is a condition, checked when it is compiled.
    body = {k: v for k, v in op.items() if k != "when"} if isinstance(op, dict) else op
    fast = _op_fast()
    if fast is not None and fast(body):
        return ""  # valid: jsonschema only explains what is wrong
    from jsonschema.exceptions import best_match

    error = best_match(_op_validator().iter_errors(body))
    if error is None:
        return ""
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return f"{where}: {error.message}"
