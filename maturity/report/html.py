"""The HTML report: one self-contained page a consultant hands over.

Inline CSS and inline SVG only: no script, no font, no image, no link, and a
Content-Security-Policy that forbids them anyway, so the page works offline and
a hostile model cannot reach the network. The page is the Jinja2 template
``templates/report.html.j2``, with escaping on by default
(:mod:`maturity.report.templating`); this module only prepares what it shows.

The page reads the report contract only: the process graph comes from
``report["graph"]`` (every role and flow, and the ``proposed`` changes), which
:func:`~maturity.report.contract.build_report` adds for formats that draw.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from maturity import __version__
from maturity.i18n import t
from maturity.model.vocabulary import LEVELS
from maturity.report import words
from maturity.report.graph.svg import render_svg
from maturity.report.graph.view import (
    Overlay,
    kind_label,
    needs_summary,
    summarize,
    summary_note,
)
from maturity.report.trend import trend_html

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def render_html(report: Mapping[str, Any], lang: str) -> str:
    """The whole report as one HTML document."""
    from maturity.report.templating import css, render  # Jinja2: only when a page is made

    return render(
        "report.html.j2",
        page=page_parts(report, lang),
        lang=lang,
        t=t,
        version=__version__,
        html_lang="zh-CN" if lang == "zh" else lang,
        csp=Markup(CSP),
        css=css(),
        title=f"{t('assessment', lang)} — {report['organization']['name']}",
    )


def page_parts(report: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """What each of the page's sections shows (the studio draws the same sections)."""
    return {
        "cover": _cover(report, lang),
        "level": _level(report, lang),
        "stages": _stages(report, lang),
        "trend": Markup(trend_html(report, lang)),
        "graph": _graph(report, lang),
        "findings": _findings(report, lang),
        "recommendations": _recommendations(report, lang),
        "errors": report["errors"],
        "notices": report["notices"],
    }


# ---------------------------------------------------------------- cover and level


def _cover(report: Mapping[str, Any], lang: str) -> dict[str, Any]:
    org = report["organization"]
    packs = ", ".join(f"{p.get('name') or p['id']} {p['version']}" for p in report["packs"])
    meta = [(t("source", lang), org["source"]), (t("packs", lang), packs or "–")]
    if "roles" in org:
        size = t("model_size", lang, roles=org["roles"], flows=org.get("flows", 0))
        meta.append((t("organization", lang), size))
    counts = report["summary"]
    chips = [
        (s, counts.get(s, 0))
        for s in words.STATUS_ORDER
        if counts.get(s, 0) or s in ("pass", "fail")
    ]
    return {"name": org["name"], "achieved": report["level"]["achieved"], "chips": chips,
            "meta": [(words.cap(k), v) for k, v in meta]}  # fmt: skip


def _level(report: Mapping[str, Any], lang: str) -> dict[str, Any]:
    level = report["level"]
    raw = report.get("raw", {}).get("level", {}).get("achieved", level["achieved"])
    nxt = level["next"]
    return {
        "steps": [_step(report, name, lang) for name in LEVELS],
        "raw": raw if raw != level["achieved"] else None,
        "blocked": _blocked(report, nxt, lang) if nxt is not None else None,
        "top": words.cap(t("top_level", lang)),
    }


def _step(report: Mapping[str, Any], name: str, lang: str) -> dict[str, Any]:
    level = report["level"]
    info = level["levels"].get(name)
    if name == level["achieved"]:
        state, note = "current", t("current", lang)
    elif name == "beginner" or (info is not None and info["achieved"]):
        state, note = "achieved", t("achieved", lang)
    else:
        state = "next" if name == level["next"] else "locked"
        note = t("next_level", lang) if name == level["next"] else t("not_achieved", lang)
    meter = None
    if info is not None:
        meter = {
            "title": f"{t('threshold', lang)} {words.percent(level['threshold'])}",
            "fill": _pct(info["score"]),
            "mark": _pct(level["threshold"]),
            "score": words.percent(info["score"]),
            "passed": t("passed_of", lang, passed=info["passed"], total=info["total"]),
        }
    return {"name": name, "classes": f"step {state}", "note": note, "meter": meter}


def _pct(value: float) -> str:
    return f"{max(0.0, min(1.0, float(value))) * 100:.1f}"


def _blocked(report: Mapping[str, Any], nxt: str, lang: str) -> dict[str, Any]:
    level = report["level"]
    titles = {f["rule"]: f["title"] for f in report["findings"]}
    return {
        "heading": t("what_blocks", lang, level=t(nxt, lang)),
        "progress": f"{t('progress', lang)} {words.percent(level['progress'])} · "
        f"{t('threshold', lang)} {words.percent(level['threshold'])}",
        "rules": [
            (rule, titles.get(rule, ""), required) for rule, required in words.blockers(report)
        ],
        "required_failed": level["levels"].get(nxt, {}).get("required_failed"),
    }


# ---------------------------------------------------------------- stages


def _stages(report: Mapping[str, Any], lang: str) -> dict[str, Any]:
    names = words.stage_order(list(report["stages"]))
    rows = []
    for name in names:
        stage = report["stages"][name]
        score = stage["score"]
        rows.append({
            "name": name,
            "empty": score is None,
            "shown": t("no_rules", lang) if score is None else f"{score:.0f}",
            "width": "0" if score is None else _pct(score / 100),
            "passed": t("passed_of", lang, passed=stage["passed"], total=stage["total"]),
        })  # fmt: skip
    return {"rows": rows, "radar": radar(report, names, lang)}


#: The radar's canvas and centre: wide enough for the longest stage name beside it.
RADAR_W, RADAR_H, RADAR_R = 420.0, 320.0, 100.0
CX, CY = RADAR_W / 2, RADAR_H / 2


def _radar_point(k: int, count: int, r: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * k / count
    return CX + r * math.cos(angle), CY + r * math.sin(angle)


def _polygon(radii: Sequence[float]) -> str:
    points = (_radar_point(k, len(radii), r) for k, r in enumerate(radii))
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def radar(report: Mapping[str, Any], names: Sequence[str], lang: str) -> dict[str, Any]:
    """A radar of the stage scores: refine on top, then clockwise around the loop."""
    count = max(len(names), 3)
    scores = [report["stages"][n]["score"] for n in names]
    values = [RADAR_R * (s or 0) / 100 for s in scores] + [0.0] * (count - len(names))
    spokes = [_radar_point(k, count, RADAR_R) for k in range(count)]
    return {
        "width": f"{RADAR_W:.0f}", "height": f"{RADAR_H:.0f}", "cx": CX, "cy": CY,
        "rings": [_polygon([RADAR_R * level / 100] * count) for level in (25, 50, 75, 100)],
        "spokes": [(f"{x:.1f}", f"{y:.1f}") for x, y in spokes],
        "area": _polygon(values),
        "axes": [_radar_axis(name, scores[k], _radar_point(k, count, values[k]),
                             _radar_point(k, count, RADAR_R + 16), lang)
                 for k, name in enumerate(names)],
    }  # fmt: skip


def _radar_axis(
    name: str, score: float | None, dot: tuple[float, float], at: tuple[float, float], lang: str
) -> dict[str, Any]:
    x, y = at
    color = "#94a3b8" if score is None else "#1d4ed8"
    # Above the top vertex the name sits over the score; elsewhere beside or below it.
    first = y - 22 if y < CY - 1 else (y + 14 if y > CY + 1 else y - 3)
    return {
        "name": name, "dot_x": f"{dot[0]:.1f}", "dot_y": f"{dot[1]:.1f}",
        "inside": "#ffffff" if score is None else color, "color": color,
        "x": f"{x:.1f}", "y": f"{first:.1f}",
        "anchor": "middle" if abs(x - CX) < 1 else ("start" if x > CX else "end"),
        "shown": t("no_rules", lang) if score is None else f"{score:.0f}",
    }  # fmt: skip


# ---------------------------------------------------------------- the process graph


def model_graph(report: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The roles and flows to draw: ``report["graph"]`` (the report contract only)."""
    supplied = report.get("graph")
    return supplied if isinstance(supplied, Mapping) else None


def overlay(report: Mapping[str, Any], data: Mapping[str, Any], lang: str) -> Overlay:
    """Failing findings' flows, and the roles and flows the recommendations would add."""
    failing = frozenset(
        int(e["index"])
        for f in report["findings"]
        if f["status"] == "fail"
        for e in f["evidence"]
        if e.get("type") == "flow" and "index" in e
    )
    proposed = data.get("proposed") or {}
    roles = tuple(_proposed_role(role, lang) for role in proposed.get("roles", []))
    flows = tuple((f["from"], f["to"], f["kind"]) for f in proposed.get("flows", []))
    return Overlay(failing, roles, flows)


def _proposed_role(role: Mapping[str, Any], lang: str) -> dict[str, Any]:
    kind = str(role.get("kind", ""))
    # The pack names the new role in English; in another language say what it is.
    name = role.get("name") if lang == "en" else None
    return {"id": role["id"], "kind": kind, "parent": role.get("parent"),
            "name": name or kind_label(kind, lang, "role_kind")}  # fmt: skip


def _graph(report: Mapping[str, Any], lang: str) -> dict[str, Any]:
    data = model_graph(report)
    if data is None:
        source = report["organization"]["source"]
        return {"svg": None, "note": t("graph_unavailable", lang, source=source)}
    shown = overlay(report, data, lang)
    summary = (
        summary_note(summarize(data, shown, lang)[2], lang) if needs_summary(data, shown) else None
    )
    return {"svg": Markup(render_svg(data, lang, shown)), "summary": summary}


# ---------------------------------------------------------------- findings and recommendations


def _finding(finding: Mapping[str, Any], lang: str) -> dict[str, Any]:
    tags = [
        (words.level_name(finding["level"], lang), "level"),
        (t(finding["severity"], lang), f"sev-{finding['severity']}"),
    ]
    if finding["required"]:
        tags.append((t("required", lang), "required"))
    return {
        "status": finding["status"], "rule": finding["rule"], "title": finding["title"],
        "tags": tags, "message": finding["message"],
        "detailed": finding["status"] in ("fail", "error", "waived"),
        "evidence": words.evidence_lines(finding, lang),
    }  # fmt: skip


def _findings(report: Mapping[str, Any], lang: str) -> dict[str, Any]:
    counts = report["summary"]
    groups = []
    for status in words.STATUS_ORDER:
        group = [f for f in report["findings"] if f["status"] == status]
        if group:
            stages = [
                (stage, [_finding(f, lang) for f in group if f["stage"] == stage])
                for stage in words.stage_order(sorted({f["stage"] for f in group}))
            ]
            compact = "" if status in ("fail", "error", "waived") else " compact"
            groups.append({"status": status, "count": len(group), "stages": stages,
                           "compact": compact})  # fmt: skip
    summary = t("summary", lang, passed=counts["pass"], failed=counts["fail"],
                skipped=counts["skipped"], errors=counts["error"])  # fmt: skip
    return {"summary": summary, "groups": groups}


def _recommendation(
    rec: Mapping[str, Any], finding: Mapping[str, Any] | None, lang: str
) -> dict[str, Any]:
    return {
        "rule": rec["rule"], "priority": int(rec["priority"]), "title": rec.get("title", ""),
        "blocks": t("blocks", lang, level=t(rec["blocks"], lang)) if rec.get("blocks") else None,
        "text": rec["text"], "changes": words.change_lines(rec, lang),
        "evidence": words.evidence_lines(finding, lang) if finding is not None else [],
    }  # fmt: skip


def _recommendations(report: Mapping[str, Any], lang: str) -> list[tuple[str, list[Any]]]:
    findings = {f["rule"]: f for f in report["findings"]}
    groups = []
    for kind in ("role_change", "process_change"):
        group = [r for r in report["recommendations"] if r["type"] == kind]
        if group:
            groups.append(
                (kind, [_recommendation(r, findings.get(r["rule"]), lang) for r in group])
            )
    return groups
