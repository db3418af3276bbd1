"""``maturity diff OLD NEW``: what changed in the organization, and what that did to the scores.

Each side is a model file (assessed now, with the current packs) or a
recorded assessment (``#3``, as ``maturity history`` numbers them: its report
as recorded). When the two sides were assessed by different engine or pack
versions, the change of method is flagged and kept apart: the side assessed
with older versions is re-assessed with the current ones, progress is
measured between the two current assessments, and the method's own effect
(recorded versus re-assessed) is reported separately.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from maturity import __version__
from maturity.history.changes import model_changes, touched_roles
from maturity.history.store import HistoryError, HistoryStore, default_path
from maturity.model.vocabulary import LEVELS, STAGES

SCHEMA_VERSION = 1
_RECORD_REF = re.compile(r"^#?(\d+)$")
_GOOD = ("pass", "waived")


@dataclass(frozen=True)
class Side:
    """One side of a diff: a model and its report, and how it was assessed."""

    label: str
    model: Mapping[str, Any]
    report: Mapping[str, Any]
    engine: str
    packs: Mapping[str, str] = field(default_factory=dict)
    recorded_at: str | None = None
    ident: int | None = None

    @property
    def versions(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        return self.engine, tuple(sorted(self.packs.items()))

    def meta(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "organization": self.report["organization"]["name"],
            "engine_version": self.engine,
            "packs": dict(sorted(self.packs.items())),
            "recorded_at": self.recorded_at,
            "id": self.ident,
            "level": self.report["level"]["achieved"],
        }


def _packs(report: Mapping[str, Any]) -> dict[str, str]:
    return {p["id"]: p["version"] for p in report.get("packs", [])}


def assessed_now(session: Any, model: Any, label: str, lang: str) -> Side:
    """Assess ``model`` with the session's packs."""
    from maturity.report.contract import build_report

    report = build_report(session.assess(model), lang)
    return Side(label, dict(model.data), report, __version__, _packs(report))


def resolve(
    ref: str, session: Any, lang: str, history: str | None, beside: str | None = None
) -> Side:
    """A diff argument: an existing model file, else a recorded assessment ``#N``/``N``.

    A recorded assessment is read from ``history``, else from the history beside
    the model ``beside`` (the other argument, when it is a model file), else from
    the current folder's.
    """
    match = _RECORD_REF.match(ref)
    if Path(ref).exists() or match is None:
        return assessed_now(session, session.load(ref), ref, lang)
    path = default_path(beside, history)
    if not path.exists() and not history:
        raise HistoryError(
            f"{path}: no assessment history here to find #{match.group(1)} in; recorded "
            "assessments are read from .maturity/history.sqlite beside the model file given "
            "as the other argument, else in the current folder: name the file with --history "
            "PATH (or MATURITY_HISTORY)"
        )
    with HistoryStore(path, create=False) as store:
        record = store.get(int(match.group(1)))
    entry = record.entry
    return Side(
        f"#{entry.id}",
        record.model,
        record.report,
        entry.engine_version,
        dict(entry.packs),
        entry.recorded_at,
        entry.id,
    )


def reassess(side: Side, session: Any, lang: str) -> Side:
    """``side``'s model assessed with the current packs (same label and date)."""
    from maturity.model import validate_data

    model = validate_data(dict(side.model), side.label, session.registry.vocabulary)
    now = assessed_now(session, model, side.label, lang)
    return replace(now, recorded_at=side.recorded_at, ident=side.ident)


def current_versions(session: Any) -> tuple[str, tuple[tuple[str, str], ...]]:
    return __version__, tuple(sorted((p.id, p.version) for p in session.packs))


def diff(old: Side, new: Side, session: Any, lang: str) -> dict[str, Any]:
    """The diff document (JSON-ready) between two sides."""
    method: dict[str, Any] = {"changed": False}
    before, after = old, new
    if old.versions != new.versions:
        current = current_versions(session)
        before = old if old.versions == current else reassess(old, session, lang)
        after = new if new.versions == current else reassess(new, session, lang)
        method = _method(old, new, before, after)
    changes = model_changes(old.model, new.model)
    return {
        "schema_version": SCHEMA_VERSION,
        "lang": lang,
        "old": old.meta(),
        "new": new.meta(),
        "changes": changes,
        **score_changes(before.report, after.report, touched_roles(changes)),
        "method": method,
    }


def _method(old: Side, new: Side, before: Side, after: Side) -> dict[str, Any]:
    """The method change: versions, and what re-assessing alone changed."""
    ids = sorted(set(old.packs) | set(new.packs))
    packs = [{"id": i, "old": old.packs.get(i), "new": new.packs.get(i)} for i in ids]
    redone = [s for s, again in ((old, before), (new, after)) if s is not again]
    effects = [
        {"side": s.label, **score_changes(s.report, again.report, set())}
        for s, again in ((old, before), (new, after))
        if s is not again
    ]
    return {
        "changed": True,
        "engine": {"old": old.engine, "new": new.engine},
        "packs": [p for p in packs if p["old"] != p["new"]],
        "reassessed": [s.label for s in redone],
        "effects": effects,
    }


def score_changes(
    old: Mapping[str, Any], new: Mapping[str, Any], touched: set[str]
) -> dict[str, Any]:
    """Level, stage and finding changes between two reports."""
    a, b = old["level"]["achieved"], new["level"]["achieved"]
    return {
        "level": {"old": a, "new": b, "change": LEVELS.index(b) - LEVELS.index(a)},
        "stages": _stages(old, new),
        "findings": _findings(old, new, touched),
    }


def _stages(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    names = [s for s in STAGES if s in old["stages"] or s in new["stages"]]
    names += sorted((set(old["stages"]) | set(new["stages"])) - set(names))
    out = {}
    for name in names:
        a = old["stages"].get(name, {}).get("score")
        b = new["stages"].get(name, {}).get("score")
        change = None if a is None or b is None else round(b - a, 4)
        out[name] = {"old": a, "new": b, "change": change}
    return out


def _direction(a: str | None, b: str | None) -> str:
    if a is None:
        return "new_rule"
    if b is None:
        return "dropped_rule"
    if b in _GOOD and a not in _GOOD:
        return "fixed"
    if a in _GOOD and b not in _GOOD:
        return "regressed"
    return "changed"


def _findings(
    old: Mapping[str, Any], new: Mapping[str, Any], touched: set[str]
) -> list[dict[str, Any]]:
    before = {f["rule"]: f for f in old.get("findings", [])}
    after = {f["rule"]: f for f in new.get("findings", [])}
    out = []
    for rule in sorted(set(before) | set(after), key=_rule_key):
        a, b = before.get(rule), after.get(rule)
        sa, sb = (a or {}).get("status"), (b or {}).get("status")
        if sa == sb:
            continue
        latest = b or a or {}
        out.append(
            {
                "rule": rule,
                "title": latest.get("title", rule),
                "old": sa,
                "new": sb,
                "direction": _direction(sa, sb),
                "message": latest.get("message", ""),
                "missing": list((b or {}).get("missing", [])),
                "related": _related(a, b, touched),
            }
        )
    return out


def _related(a: Any, b: Any, touched: set[str]) -> list[str]:
    """Display names of changed roles that either side's evidence points at."""
    names: dict[str, str] = {}
    for finding in (a, b):
        for item in (finding or {}).get("evidence", []):
            if item.get("type") == "role" and item["id"] in touched:
                names[item["id"]] = item.get("name") or item["id"]
            if item.get("type") == "flow":
                for end in ("from", "to"):
                    if item.get(end) in touched:
                        names[item[end]] = item.get(f"{end}_name") or item[end]
    return [names[k] for k in sorted(names)]


def _rule_key(rule_id: str) -> tuple[tuple[int, int | str], ...]:
    from maturity.rules import rule_key

    return rule_key(rule_id)
