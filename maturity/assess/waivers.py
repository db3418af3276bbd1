"""Waivers: a configured exemption turns a failing finding into ``waived``.

A waiver never hides anything: the finding keeps its raw status and score
inside ``waiver``, reports show levels both raw and with waivers, and an
expired waiver is reported and stops counting. A waiver scoped to a role or a
flow applies only when it covers every role or flow the finding names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from maturity.assess.config import Waiver
from maturity.engine.context import Context, FlowRef, RoleRef
from maturity.rules.rule import Finding


def _covers(waivers: Sequence[Waiver], finding: Finding, ctx: Context) -> bool:
    """An unscoped waiver covers the finding; scoped ones must cover each role and flow named."""
    if any(w.role is None and w.flow is None for w in waivers):
        return True
    roles = {w.role for w in waivers if w.role}
    specs = [w.flow for w in waivers if w.flow]
    named = [e for e in finding.evidence if isinstance(e, (RoleRef, FlowRef))]
    if not named:
        return False

    def covered(item: RoleRef | FlowRef) -> bool:
        if isinstance(item, RoleRef):
            return item.id in roles
        row = ctx.flow(item.index)
        source, target, kind = (row[1], row[2], row[3].get("kind")) if row else ("", "", None)
        return bool({source, target} & roles) or any(
            _flow_matches(spec, source, target, kind) for spec in specs
        )

    return all(covered(item) for item in named)


def _flow_matches(spec: Mapping[str, str], source: str, target: str, kind: Any) -> bool:
    if spec.get("from") != source or spec.get("to") != target:
        return False
    return "kind" not in spec or spec["kind"] == kind


def apply_waivers(
    findings: Iterable[Finding], waivers: Sequence[Waiver], ctx: Context, today: dt.date
) -> tuple[list[Finding], list[dict[str, Any]]]:
    """Return the findings with waivers applied, and a note on every waiver."""
    out: list[Finding] = []
    notes: list[dict[str, Any]] = []
    by_rule: dict[str, list[Waiver]] = {}
    for waiver in waivers:
        by_rule.setdefault(waiver.rule, []).append(waiver)
    for finding in findings:
        mine = by_rule.get(finding.rule, [])
        live = [w for w in mine if not w.expired(today)]
        applied = finding.status == "fail" and bool(live) and _covers(live, finding, ctx)
        for waiver in mine:
            state = "expired" if waiver.expired(today) else ("applied" if applied else "unused")
            notes.append({**waiver.describe(), "state": state})
        if applied:
            raw = {"status": finding.status, "score": finding.score}
            details = {**live[0].describe(), **raw}
            finding = Finding(finding.rule, finding.pack, "waived", finding.score,
                              finding.evidence, finding.unmet, None, details)  # fmt: skip
        out.append(finding)
    return out, notes
