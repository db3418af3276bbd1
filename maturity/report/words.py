"""Plain descriptions the Markdown and HTML reports share: orders, percentages, level
names, what blocks the next level, evidence, and a recommendation's fix in words.

A fix is worded from the changes the one interpreter made on this organization
(the report's ``changes``, see :mod:`maturity.fixes.changes`); only when the
report has none (a very large model, or a fix that cannot apply) is each
operation described instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from maturity.engine.selectors import show_value
from maturity.i18n import t
from maturity.model.vocabulary import LEVELS, STAGES
from maturity.report.graph.view import kind_label
from maturity.report.text import evidence_text
from maturity.terminal import clean

STATUS_ORDER = ("fail", "error", "waived", "skipped", "pass")


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def stage_order(stages: Sequence[str]) -> list[str]:
    """Built-in stages in loop order, then any a plugin adds, sorted."""
    return [s for s in STAGES if s in stages] + sorted(set(stages) - set(STAGES))


def percent(value: float) -> str:
    return f"{value:.0%}"


def level_name(level: str | None, lang: str) -> str:
    return t(level, lang) if level else t("loop_only", lang)


def blockers(report: Mapping[str, Any]) -> list[tuple[str, bool]]:
    """(rule, required) of what stands between the level achieved and the next one."""
    nxt = report["level"]["next"]
    out: list[tuple[str, bool]] = []
    if nxt is None:
        return out
    for level in LEVELS[1:]:
        info = report["level"]["levels"].get(level)
        if info is None:
            continue
        if level == nxt or (not info["achieved"] and info["required_failed"]):
            out += [(rule, rule in info["required_failed"]) for rule in info["blockers"]]
        if level == nxt:
            break
    return out


def evidence_lines(finding: Mapping[str, Any], lang: str, limit: int = 12) -> list[str]:
    """Evidence then what is missing, as plain text (escape it for the format)."""
    c = t("colon", lang)
    evidence = finding["evidence"]
    # Only the lines shown are written out: a finding on a large model has thousands.
    lines = [f"{t('evidence', lang)}{c}{evidence_text(e, lang)}" for e in evidence[:limit]]
    if len(evidence) > limit:
        lines.append(f"… +{len(evidence) - limit}")
    lines += [f"{t('missing', lang)}{c}{clean(m)}" for m in finding.get("missing", [])[:6]]
    return lines


def _kinds(ref: Any) -> list[str]:
    kinds = ref.get("kind") if isinstance(ref, Mapping) else ref
    if kinds is None:
        return []
    return [str(kinds)] if isinstance(kinds, str) else [str(k) for k in kinds]


def describe_ref(ref: Any, lang: str) -> str:
    """A role reference of a fix in words: ``every Sales``, ``Support hotline under …``."""
    text = " / ".join(kind_label(k, lang, "role_kind") for k in _kinds(ref)) or t("op.any", lang)
    if not isinstance(ref, Mapping):
        return text
    if ref.get("each"):
        text = t("op.each", lang, kind=text)
    if ref.get("parent"):
        text = t("op.under", lang, what=text, parent=describe_ref(ref["parent"], lang))
    return text


def _describe_match(match: Mapping[str, Any], lang: str, prefix: str = "flow_kind") -> str:
    parts = []
    kinds = _kinds({"kind": match.get("kind")})
    if kinds:
        parts.append(", ".join(kind_label(k, lang, prefix) for k in kinds))
    if match.get("between"):
        first, second = [*match["between"], None, None][:2]
        parts.append(
            t(
                "op.between",
                lang,
                source=describe_ref({"kind": first}, lang),
                target=describe_ref({"kind": second}, lang),
            )
        )
    elif match.get("from") or match.get("to"):
        source = describe_ref(match["from"], lang) if match.get("from") else t("op.any", lang)
        target = describe_ref(match["to"], lang) if match.get("to") else t("op.any", lang)
        parts.append(f"{source} → {target}")
    if match.get("not_kind"):
        others = ", ".join(kind_label(k, lang) for k in _kinds({"kind": match["not_kind"]}))
        parts.append(t("op.except", lang, kinds=others))
    return " ".join(parts)


def _describe_changes(op: Mapping[str, Any], lang: str) -> str:
    parts = [f"{k} = {show_value(v)}" for k, v in sorted(dict(op.get("set") or {}).items())]
    parts += [f"{k} + {show_value(v)}" for k, v in sorted(dict(op.get("add") or {}).items())]
    parts += [
        f"{k} + {describe_ref(v, lang)}" for k, v in sorted(dict(op.get("add_ids") or {}).items())
    ]
    return ", ".join(parts)


def describe_op(op: Mapping[str, Any], lang: str) -> str:
    """One fix operation in words, in ``lang`` (plain text: escape it for the format)."""
    kind = str(op.get("op", ""))
    if kind == "add_role":
        name = clean(op.get("name") or op.get("id", ""))
        label = kind_label(str(op.get("kind", "")), lang, "role_kind")
        what = t("op.add_role", lang, name=name, kind=label)
        if name == label:
            what = t("op.add_role", lang, name=name, kind=str(op.get("kind", "")))
        if op.get("parent"):
            what = t("op.under", lang, what=what, parent=describe_ref(op["parent"], lang))
        return what
    if kind == "add_flow":
        return t("op.add_flow", lang, source=describe_ref(op.get("from"), lang),
                 target=describe_ref(op.get("to"), lang),
                 kind=kind_label(str(op.get("kind", "")), lang))  # fmt: skip
    prefix = "role_kind" if kind == "set_role" else "flow_kind"
    match = _describe_match(op.get("match") or {}, lang, prefix)
    if kind == "remove_flow":
        return t("op.remove_flow", lang, what=match)
    if kind == "reroute_flow":
        return t("op.reroute_flow", lang, what=match, target=describe_ref(op.get("to"), lang))
    if kind in ("set_flow", "set_role"):
        return t(f"op.{kind}", lang, what=match, changes=_describe_changes(op, lang))
    if kind == "set_practice":
        return t("op.set_practice", lang, changes=_describe_changes(op, lang))
    return clean(kind)


def change_lines(rec: Mapping[str, Any], lang: str) -> list[str]:
    """A recommendation's fix in words: the report's concrete ``changes`` when it has
    them (the fix applied to this organization), else each operation described."""
    changes = rec.get("changes")
    if isinstance(changes, list) and changes:
        return [clean(c.get("text", "")) for c in changes if isinstance(c, Mapping)]
    return [describe_op(op, lang) for op in rec.get("fix", [])]
