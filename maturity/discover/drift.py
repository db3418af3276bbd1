"""The drift report's data: the declared model against the observed one.

Only flow kinds the log can show are compared (those the mapping can give a
hand-over): a ticket log says nothing about trainings. Three findings, then
both models assessed side by side:

- declared but not observed: a declared flow with no hand-over in the log;
- observed but not declared: an observed flow the model does not have;
- contradictions: a sender's hand-overs of a kind that mostly go to a role the
  model does not route them to, and flags that the observations contradict
  (the model says only urgent bug reports go straight to R&D; most observed
  are not urgent).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from maturity.discover.mapping import Mapping_
from maturity.discover.observe import Observed
from maturity.model import Model

#: A share at or above this contradicts the declared model.
CONTRADICTION_SHARE = 0.2


def covered_kinds(mapping: Mapping_) -> list[str]:
    kinds = [k["kind"] for k in mapping.kinds]
    if mapping.default_kind:
        kinds.append(mapping.default_kind)
    return sorted(set(kinds))


def _roles(*models: Model) -> dict[str, dict[str, str]]:
    roles: dict[str, dict[str, str]] = {}
    for model in models:
        for role in model.roles:
            roles.setdefault(
                role["id"], {"name": str(role.get("name", role["id"])), "kind": str(role["kind"])}
            )
    return roles


def _key(flow: Mapping[str, Any]) -> tuple[str, str, str]:
    return (flow["from"], flow["to"], flow["kind"])


def _totals(flows: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str, str], dict[str, int]]:
    out: dict[tuple[str, str, str], dict[str, int]] = {}
    for flow in flows:
        entry = out.setdefault(_key(flow), {"handovers": 0, "cases": 0})
        entry["handovers"] += flow["observed"]["handovers"]
        entry["cases"] += flow["observed"]["cases"]
    return out


def _sender_totals(
    observed: dict[tuple[str, str, str], dict[str, int]],
) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    for (src, _, kind), entry in observed.items():
        out[(src, kind)] = out.get((src, kind), 0) + entry["handovers"]
    return out


def flow_differences(
    declared: Model, observed: Model, kinds: list[str], threshold: float = CONTRADICTION_SHARE
) -> dict[str, Any]:
    """Declared-not-observed, observed-not-declared and contradictions, sorted."""
    seen = _totals(observed.flows)
    senders = _sender_totals(seen)
    stated = [f for f in declared.flows if f["kind"] in kinds]
    stated_keys = {_key(f) for f in stated}
    not_observed = sorted({_key(f) for f in stated if _key(f) not in seen})
    not_declared = [
        {
            "from": k[0],
            "to": k[1],
            "kind": k[2],
            **v,
            "share": round(v["handovers"] / senders[(k[0], k[2])], 4),
        }
        for k, v in sorted(seen.items())
        if k not in stated_keys
    ]
    routes = _routes(stated, observed.flows, senders, threshold)
    flags = _flags(stated, observed.flows, {_key(r) for r in routes}, threshold)
    return {
        "not_observed": [{"from": a, "to": b, "kind": c} for a, b, c in not_observed],
        "not_declared": not_declared,
        "contradictions": routes + flags,
    }


def _admits(stated: Mapping[str, Any], flow: Mapping[str, Any]) -> bool:
    """Whether a declared flow covers an observed one: same ends and kind, no flag against it."""
    if _key(stated) != _key(flow):
        return False
    return all(stated[k] == v for k, v in flow.items() if isinstance(v, bool) and k in stated)


def _routes(
    stated: Sequence[Mapping[str, Any]],
    observed: Sequence[Mapping[str, Any]],
    senders: Mapping[tuple[str, str], int],
    threshold: float,
) -> list[dict[str, Any]]:
    """A sender's hand-overs of a kind going where no declared flow sends them."""
    routes: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for flow in stated:
        routes.setdefault((flow["from"], flow["kind"]), []).append(flow)
    against: dict[tuple[str, str, str], list[int]] = {}
    for flow in observed:
        same = routes.get((flow["from"], flow["kind"]), [])
        entry = against.setdefault(_key(flow), [0, 0, 0])  # all, outside, routes declared
        entry[0] += flow["observed"]["handovers"]
        if same and not any(_admits(d, flow) for d in same):
            entry[1] += flow["observed"]["handovers"]
        entry[2] = entry[2] or int(bool(same))
    found = []
    for (src, dst, kind), (count, outside, has_routes) in sorted(against.items()):
        total = senders[(src, kind)]
        if not has_routes or outside / total < threshold:
            continue
        targets = sorted({d["to"] for d in routes[(src, kind)] if d["to"] != dst})
        if not targets:
            continue  # the only declared route: a flag says what differs
        found.append(
            {
                "type": "route",
                "from": src,
                "to": dst,
                "kind": kind,
                "share": round(count / total, 4),
                "handovers": count,
                "of": total,
                "outside": outside,
                "declared_to": targets,
            }
        )
    return found


def _flags(
    stated: Sequence[Mapping[str, Any]],
    observed: Sequence[Mapping[str, Any]],
    skip: set[tuple[str, str, str]],
    threshold: float,
) -> list[dict[str, Any]]:
    """A flag the model states on a flow that many observed hand-overs on it do not have."""
    found = []
    flags = sorted({k for f in observed for k, v in f.items() if isinstance(v, bool)})
    for key in sorted({_key(f) for f in stated} - skip):
        for flag in flags:
            on_edge = [f for f in observed if _key(f) == key and flag in f]  # flag applies
            total = sum(f["observed"]["handovers"] for f in on_edge)
            values = {f[flag] for f in stated if _key(f) == key and flag in f}
            if len(values) != 1 or not total:
                continue
            value = values.pop()
            count = sum(f["observed"]["handovers"] for f in on_edge if f[flag] != value)
            if count / total >= threshold:
                found.append(
                    {
                        "type": "flag",
                        "from": key[0],
                        "to": key[1],
                        "kind": key[2],
                        "flag": flag,
                        "declared": value,
                        "share": round(count / total, 4),
                        "handovers": count,
                        "of": total,
                    }
                )
    return found


def _assessment(session: Any, model: Model, lang: str) -> tuple[dict[str, Any], dict[str, str]]:
    result = session.assess(model)
    scores = result.scores
    summary = {
        "level": scores.levels.achieved,
        "stages": {
            name: (None if s.score is None else round(s.score, 4))
            for name, s in scores.stages.items()
        },
    }
    return summary, {f.rule: f.status for f in result.findings}


def assess_both(session: Any, declared: Model, observed: Model, lang: str) -> dict[str, Any]:
    """Both models assessed with the same packs; the rules whose status differs."""
    first, first_status = _assessment(session, declared, lang)
    second, second_status = _assessment(session, observed, lang)
    differing = []
    for rule_id in sorted(set(first_status) | set(second_status)):
        a, b = first_status.get(rule_id), second_status.get(rule_id)
        if a != b:
            rule = session.rules.get(rule_id)
            title = rule.text(lang).title if rule is not None else rule_id
            differing.append({"rule": rule_id, "title": title, "declared": a, "observed": b})
    return {"declared": first, "observed": second, "differing_rules": differing}


def compare(
    session: Any,
    declared: Model,
    observed: Model,
    mapping: Mapping_,
    counts: Observed,
    logs: Sequence[str],
    lang: str,
    threshold: float = CONTRADICTION_SHARE,
) -> dict[str, Any]:
    """The drift report's data (the JSON form; renderers make it plain language).

    ``threshold``: the share of hand-overs at or above which the log contradicts
    the declared model.
    """
    kinds = covered_kinds(mapping)
    return {
        "schema_version": 1,
        "declared": {"source": declared.source, "name": declared.organization.get("name", "")},
        "observed": {
            "logs": list(logs),
            "name": observed.organization.get("name", ""),
            "events": counts.events,
            "cases": counts.cases,
            "handovers": counts.handovers,
            "span": list(counts.span) if counts.span else None,
            "unmapped_resources": [[r, n] for r, n in counts.unmapped_resources],
            "unmapped_activities": [[a, n] for a, n in counts.unmapped_activities],
        },
        "covered_kinds": kinds,
        "roles": _roles(declared, observed),
        "contradiction_share": threshold,
        **flow_differences(declared, observed, kinds, threshold),
        "assessments": assess_both(session, declared, observed, lang),
    }
