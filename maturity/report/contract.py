"""The report contract (DESIGN.md §8): an Assessment as plain, sorted, JSON-ready data.

Every renderer, built-in or plugin, works from this dict, so the formats
cannot disagree. It is deterministic: no timestamps, everything sorted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maturity import __version__
from maturity.assess.scoring import levels_data, stages_data
from maturity.assess.session import Assessment
from maturity.engine.context import Context, Evidence, Fact, FlowRef, RoleRef
from maturity.errors import MaturityError
from maturity.fixes.apply import apply_fix
from maturity.fixes.targets import work_order
from maturity.report.phrase import Phraser, phraser
from maturity.rules.rule import Finding, Rule

SCHEMA_VERSION = 1


def evidence_item(ctx: Context, item: Evidence) -> dict[str, Any]:
    if isinstance(item, FlowRef):  # first: a large model's report holds tens of thousands
        found = ctx.flow(item.index)
        if found is None:
            return {"type": "flow", "index": item.index, "from": "", "to": "", "kind": ""}
        _, u, v, data = found
        nodes = ctx.roles
        out = {"type": "flow", "index": item.index, "from": u, "to": v,
               "kind": data.get("kind", ""),
               "from_name": nodes[u].get("name", u),
               "to_name": nodes[v].get("name", v)}  # fmt: skip
        if "name" in data:
            out["name"] = data["name"]
        if "observed" in data:
            out["observed"] = dict(data["observed"])
        return out
    if isinstance(item, RoleRef):
        node = ctx.roles.get(item.id, {})
        return {"type": "role", "id": item.id, "name": node.get("name", item.id),
                "kind": node.get("kind", "")}  # fmt: skip
    assert isinstance(item, Fact)
    return {"type": "fact", "path": item.path, "value": item.value, "stated": item.stated}


def _finding(f: Finding, rule: Rule, ctx: Context, words: Phraser) -> dict[str, Any]:
    lang = words.lang
    texts = rule.text(lang)
    message = texts.passed if f.status == "pass" and texts.passed else texts.fail
    if f.status == "pass" and not texts.passed:
        message = texts.summary
    if f.status == "error":
        message = f.error or "error"
    if f.status == "skipped":
        message = texts.summary
    out: dict[str, Any] = {
        "rule": f.rule,
        "pack": f.pack,
        "status": f.status,
        "score": round(f.score, 4),
        "level": rule.level,
        "stage": rule.stage,
        "severity": rule.severity,
        "weight": rule.weight,
        "required": rule.required,
        "type": rule.type,
        "title": texts.title,
        "message": message,
        "evidence": [_said(evidence_item(ctx, e), words) for e in f.evidence],
        "missing": [str(u) for u in f.unmet],
        "missing_text": [words.missing(u) for u in f.unmet],
    }
    if f.error:
        out["error"] = f.error
    if f.waiver:
        out["waiver"] = dict(f.waiver)
    return out


def recommendations(
    assessment: Assessment, lang: str, changes: bool = True
) -> list[dict[str, Any]]:
    failing = [
        assessment.rules[f.rule]
        for f in assessment.findings
        if f.status == "fail" and f.rule in assessment.rules
    ]
    failing.sort(key=work_order(assessment))
    out = []
    for priority, rule in enumerate(failing, start=1):
        out.append({
            "rule": rule.id,
            "type": rule.recommendation_type,
            "priority": priority,
            "blocks": rule.level if rule.level and rule.required else None,
            "level": rule.level,
            "stage": rule.stage,
            "effort": rule.effort,
            "title": rule.text(lang).title,
            "text": rule.text(lang).recommendation,
            "fix": [dict(op) for op in rule.fix],
            **(_changes(assessment, rule, lang) if changes else {}),
        })  # fmt: skip
    return out


#: Above this many roles and flows, recommendations leave out ``changes``: simulating
#: every failing rule's fix would then cost more than the assessment itself.
CHANGES_LIMIT = 2000


def _changes(assessment: Assessment, rule: Rule, lang: str) -> dict[str, Any]:
    """``changes``: the fix applied to this organization, in words (empty when it cannot be)."""
    model = assessment.model
    if not rule.fix or len(model.roles) + len(model.flows) > CHANGES_LIMIT:
        return {}
    try:
        result = apply_fix(model, rule, validate=False, lang=lang)
    except MaturityError:
        return {}
    names = {str(r["id"]): str(r.get("name") or r["id"]) for r in result.model.roles}
    return {"changes": [change.as_dict(lang, names) for change in result.changes]}


def build_report(
    assessment: Assessment,
    lang: str = "en",
    with_graph: bool = False,
    changes: bool = True,
    date: str | None = None,
) -> dict[str, Any]:
    """The JSON report contract for ``assessment`` in ``lang``; ``with_graph`` adds
    ``graph``, every role and flow and the ``proposed`` changes (for formats that draw);
    ``changes`` false leaves out the recommendations' ``changes`` (optional in the
    contract: simulating every fix is the costly part of a large model's report);
    ``date`` overrides the model's ``organization.assessed_on``."""
    ctx = assessment.context
    org: Mapping[str, Any] = assessment.model.organization
    words = phraser(lang, ctx.roles.items())
    findings = [
        _finding(f, assessment.rules[f.rule], ctx, words)
        for f in assessment.findings
        if f.rule in assessment.rules
    ]
    recs = recommendations(assessment, lang, changes)
    report = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "maturity", "version": __version__},
        "lang": lang,
        "organization": {
            "name": org["name"],
            "source": assessment.model.source,
            "roles": len(ctx.roles),
            "flows": len(ctx.flows),
            **_stated(org, date),
        },
        "packs": [
            {"id": p.id, "version": p.version, "name": p.name(lang), "source": p.source}
            for p in assessment.packs
        ],
        "level": levels_data(assessment.scores),
        "stages": stages_data(assessment.scores),
        "raw": {
            "level": levels_data(assessment.raw_scores),
            "stages": stages_data(assessment.raw_scores),
        },
        "summary": _summary(assessment),
        "findings": findings,
        "recommendations": recs,
        "waivers": [dict(w) for w in assessment.waivers],
        "errors": [{"source": s, "message": m} for s, m in assessment.errors],
        "notices": list(assessment.notices),
    }
    if with_graph:
        report["graph"] = _graph(assessment, recs, lang)
    return report


def _graph(
    assessment: Assessment, recommendations: list[dict[str, Any]], lang: str = "en"
) -> dict[str, Any]:
    """Every role and flow, and what the recommendations' fixes would add (``proposed``)."""
    from maturity.fixes.propose import proposed
    from maturity.report.graph.view import graph_data

    data = graph_data(assessment.graph)
    model = assessment.model
    if len(model.roles) + len(model.flows) <= CHANGES_LIMIT:
        rules = [assessment.rules[rec["rule"]] for rec in recommendations]
        data["proposed"] = proposed(model, rules, lang=lang)
    return data


def _said(item: dict[str, Any], words: Phraser) -> dict[str, Any]:
    item["text"] = words.evidence(item)
    return item


def _stated(org: Mapping[str, Any], date: str | None) -> dict[str, str]:
    """The assessment date (``date`` first) and assessor, when known."""
    out = {"assessed_on": date or org.get("assessed_on"), "assessor": org.get("assessor")}
    return {key: str(value) for key, value in out.items() if value}


def _summary(assessment: Assessment) -> dict[str, int]:
    counts = {status: 0 for status in ("pass", "fail", "error", "skipped", "waived")}
    for finding in assessment.findings:
        counts[finding.status] = counts.get(finding.status, 0) + 1
    return counts
