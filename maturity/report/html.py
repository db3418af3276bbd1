"""The HTML report: one self-contained page a consultant hands over.

Inline CSS and inline SVG only: no script, no font, no image, no link, and a
Content-Security-Policy that forbids them anyway, so the page works offline and
a hostile model cannot reach the network. Every piece of report text goes
through :func:`~maturity.report.graph.view.esc`.

The page reads the report contract only: the process graph comes from
``report["graph"]`` (every role and flow, and the ``proposed`` changes), which
:func:`~maturity.report.contract.build_report` adds for formats that draw.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from maturity import __version__
from maturity.report.graph.svg import render_svg
from maturity.report.graph.view import (
    Overlay,
    esc,
    kind_label,
    needs_summary,
    summarize,
    summary_note,
)
from maturity.report.i18n import t
from maturity.report.markdown import (
    LEVEL_ORDER,
    STATUS_ORDER,
    blockers,
    cap,
    change_lines,
    evidence_lines,
    level_name,
    percent,
    stage_order,
)

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def render_html(report: Mapping[str, Any], lang: str) -> str:
    """The whole report as one HTML document."""
    org = report["organization"]
    title = f"{t('assessment', lang)} — {org['name']}"
    body = "\n".join(
        part
        for part in (
            _cover(report, lang),
            _level(report, lang),
            _stages(report, lang),
            _graph(report, lang),
            _findings(report, lang),
            _recommendations(report, lang),
            _problems(report, lang),
            f'<footer class="footer">{esc(t("generated_by", lang, version=__version__))}</footer>',
        )
        if part
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"zh-CN" if lang == "zh" else esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>\n{_css()}</style>\n</head>\n"
        f'<body>\n<main class="page">\n{body}\n</main>\n</body>\n</html>\n'
    )


def _css() -> str:
    return resources.files("maturity.report").joinpath("report.css").read_text("utf-8")


def _badge(text: str, kind: str) -> str:
    return f'<span class="badge badge-{kind}">{esc(text)}</span>'


# ---------------------------------------------------------------- cover and level


def _cover(report: Mapping[str, Any], lang: str) -> str:
    org = report["organization"]
    packs = ", ".join(f"{p.get('name') or p['id']} {p['version']}" for p in report["packs"])
    meta = [(t("source", lang), org["source"]), (t("packs", lang), packs or "–")]
    if "roles" in org:
        meta.append((t("organization", lang), t("model_size", lang, roles=org["roles"],
                                                 flows=org.get("flows", 0))))  # fmt: skip
    items = "".join(f"<div><dt>{esc(cap(k))}</dt><dd>{esc(v)}</dd></div>" for k, v in meta)
    counts = report["summary"]
    chips = "".join(
        f'<span class="chip chip-{s}"><b>{counts.get(s, 0)}</b> {esc(t(s, lang))}</span>'
        for s in STATUS_ORDER
        if counts.get(s, 0) or s in ("pass", "fail")
    )
    achieved = report["level"]["achieved"]
    return (
        f'<header class="cover"><p class="eyebrow">{esc(t("assessment", lang))}</p>'
        f"<h1>{esc(org['name'])}</h1>"
        f'<div class="headline"><span class="level-pill level-{esc(achieved)}">'
        f"{esc(t('level', lang))}{esc(t('colon', lang))}<b>{esc(t(achieved, lang))}</b></span>"
        f'<span class="chips">{chips}</span></div><dl class="meta">{items}</dl></header>'
    )


def _level(report: Mapping[str, Any], lang: str) -> str:
    level = report["level"]
    steps = "".join(_step(report, name, lang) for name in LEVEL_ORDER)
    parts = [
        f'<section id="level" class="section"><h2>{esc(t("level", lang))}</h2>',
        f'<ol class="ladder" aria-label="{esc(t("ladder", lang))}">{steps}</ol>',
    ]
    raw = report.get("raw", {}).get("level", {}).get("achieved", level["achieved"])
    if raw != level["achieved"]:
        parts.append(f'<p class="note">{esc(t("raw_level", lang))}{esc(t("colon", lang))}'
                     f"{esc(t(raw, lang))}</p>")  # fmt: skip
    nxt = level["next"]
    if nxt is None:
        parts.append(f'<p class="top-level">{esc(cap(t("top_level", lang)))}</p>')
    else:
        parts.append(_blocker_list(report, nxt, lang))
    parts.append("</section>")
    return "".join(parts)


def _step(report: Mapping[str, Any], name: str, lang: str) -> str:
    level = report["level"]
    info = level["levels"].get(name)
    classes = ["step"]
    if name == level["achieved"]:
        classes.append("current")
        note = t("current", lang)
    elif name == "beginner" or (info is not None and info["achieved"]):
        classes.append("achieved")
        note = t("achieved", lang)
    else:
        classes.append("next" if name == level["next"] else "locked")
        note = t("next_level", lang) if name == level["next"] else t("not_achieved", lang)
    detail = f'<span class="step-detail">{esc(t("floor", lang))}</span>'
    if info is not None:
        passed = t("passed_of", lang, passed=info["passed"], total=info["total"])
        detail = (
            f'<span class="meter" title="{esc(t("threshold", lang))} '
            f'{percent(level["threshold"])}"><span class="fill" style="width:'
            f'{_pct(info["score"])}%"></span><span class="mark" style="left:'
            f'{_pct(level["threshold"])}%"></span></span>'
            f'<span class="step-detail"><b>{percent(info["score"])}</b> · {esc(passed)}</span>'
        )
    return (
        f'<li class="{" ".join(classes)}" data-level="{esc(name)}">'
        f'<span class="step-name">{esc(t(name, lang))}</span>'
        f'<span class="step-note">{esc(note)}</span>{detail}</li>'
    )


def _pct(value: float) -> str:
    return f"{max(0.0, min(1.0, float(value))) * 100:.1f}"


def _blocker_list(report: Mapping[str, Any], nxt: str, lang: str) -> str:
    level = report["level"]
    info = level["levels"].get(nxt, {})
    progress = (
        f"{t('progress', lang)} {percent(level['progress'])} · "
        f"{t('threshold', lang)} {percent(level['threshold'])}"
    )
    titles = {f["rule"]: f["title"] for f in report["findings"]}
    items = []
    for rule, required in blockers(report):
        star = '<span class="star" aria-hidden="true">★</span>' if required else ""
        badge = _badge(t("required", lang), "required") if required else ""
        items.append(
            f'<li class="{"required" if required else ""}">{star}<code>{esc(rule)}</code> '
            f"{esc(titles.get(rule, ''))} {badge}</li>"
        )
    body = (
        f'<ul class="blockers">{"".join(items)}</ul>' if items else f"<p>{esc(t('none', lang))}</p>"
    )
    note = (
        f'<p class="note">{esc(t("required_note", lang))}</p>'
        if info.get("required_failed")
        else ""
    )
    return (
        f'<div class="blocked card"><h3>{esc(t("what_blocks", lang, level=t(nxt, lang)))}</h3>'
        f'<p class="progress">{esc(progress)}</p>{body}{note}</div>'
    )


# ---------------------------------------------------------------- stages


def _stages(report: Mapping[str, Any], lang: str) -> str:
    names = stage_order(list(report["stages"]))
    rows = []
    for name in names:
        stage = report["stages"][name]
        score = stage["score"]
        shown = t("no_rules", lang) if score is None else f"{score:.0f}"
        width = "0" if score is None else _pct(score / 100)
        passed = t("passed_of", lang, passed=stage["passed"], total=stage["total"])
        rows.append(
            f'<tr class="stage{" empty" if score is None else ""}" data-stage="{esc(name)}">'
            f'<th scope="row">{esc(t(name, lang))}</th><td class="num">{esc(shown)}</td>'
            f'<td class="barcell"><span class="bar"><span style="width:{width}%"></span>'
            "</span></td>"
            f'<td class="muted">{esc(passed)}</td></tr>'
        )
    return (
        f'<section id="stages" class="section"><h2>{esc(t("stages", lang))}</h2>'
        f'<div class="stages-grid"><figure class="radar">{radar(report, names, lang)}'
        f"<figcaption>{esc(t('radar', lang))}</figcaption></figure>"
        f'<table class="stage-table"><tbody>{"".join(rows)}</tbody></table></div></section>'
    )


#: The radar's canvas and centre: wide enough for the longest stage name beside it.
RADAR_W, RADAR_H, RADAR_R = 420.0, 320.0, 100.0
CX, CY = RADAR_W / 2, RADAR_H / 2


def _radar_point(k: int, count: int, r: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * k / count
    return CX + r * math.cos(angle), CY + r * math.sin(angle)


def _polygon(radii: Sequence[float]) -> str:
    points = (_radar_point(k, len(radii), r) for k, r in enumerate(radii))
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def radar(report: Mapping[str, Any], names: Sequence[str], lang: str) -> str:
    """A radar of the stage scores: refine on top, then clockwise around the loop."""
    count = max(len(names), 3)
    parts = [
        f'<svg class="radar-chart" viewBox="0 0 {RADAR_W:.0f} {RADAR_H:.0f}" '
        f'width="{RADAR_W:.0f}" height="{RADAR_H:.0f}" role="img">'
        f"<title>{esc(t('radar', lang))}</title>"
    ]
    for level in (25, 50, 75, 100):
        ring = _polygon([RADAR_R * level / 100] * count)
        parts.append(f'<polygon points="{ring}" fill="none" stroke="#cbd5e1" stroke-width="1"/>')
    for k in range(count):
        x, y = _radar_point(k, count, RADAR_R)
        parts.append(f'<line x1="{CX}" y1="{CY}" x2="{x:.1f}" y2="{y:.1f}" stroke="#cbd5e1"/>')
    scores = [report["stages"][n]["score"] for n in names]
    values = [RADAR_R * (s or 0) / 100 for s in scores] + [0.0] * (count - len(names))
    parts.append(
        f'<polygon class="radar-area" points="{_polygon(values)}" fill="#2563eb" '
        'fill-opacity="0.18" stroke="#1d4ed8" stroke-width="2"/>'
    )
    for k, name in enumerate(names):
        dot = _radar_point(k, count, values[k])
        parts.append(_radar_axis(name, scores[k], dot, _radar_point(k, count, RADAR_R + 16), lang))
    parts.append("</svg>")
    return "".join(parts)


def _radar_axis(
    name: str, score: float | None, dot: tuple[float, float], at: tuple[float, float], lang: str
) -> str:
    x, y = at
    anchor = "middle" if abs(x - CX) < 1 else ("start" if x > CX else "end")
    shown = t("no_rules", lang) if score is None else f"{score:.0f}"
    fill = "#94a3b8" if score is None else "#1d4ed8"
    inside = "#ffffff" if score is None else fill
    marker = (
        f'<circle cx="{dot[0]:.1f}" cy="{dot[1]:.1f}" r="4" fill="{inside}" '
        f'stroke="{fill}" stroke-width="2"/>'
    )
    # Above the top vertex the name sits over the score; elsewhere beside or below it.
    first = y - 22 if y < CY - 1 else (y + 14 if y > CY + 1 else y - 3)
    return (
        f'{marker}<text x="{x:.1f}" y="{first:.1f}" text-anchor="{anchor}" font-size="13" '
        f'fill="#0f172a">{esc(t(name, lang))}<tspan x="{x:.1f}" dy="16" font-size="12" '
        f'fill="{fill}" font-weight="600">{esc(shown)}</tspan></text>'
    )


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


def _graph(report: Mapping[str, Any], lang: str) -> str:
    head = f'<section id="graph" class="section graph-section"><h2>{esc(t("graph", lang))}</h2>'
    data = model_graph(report)
    if data is None:
        note = t("graph_unavailable", lang, source=report["organization"]["source"])
        return f'{head}<p class="note">{esc(note)}</p></section>'
    shown = overlay(report, data, lang)
    note = ""
    if needs_summary(data, shown):
        summary = summarize(data, shown, lang)[2]
        note = f'<p class="note graph-summary">{esc(summary_note(summary, lang))}</p>'
    svg = render_svg(data, lang, shown)
    return (
        f'{head}<p class="lede">{esc(t("graph_intro", lang))}</p>{note}'
        f'<div class="graph-frame">{svg}</div></section>'
    )


# ---------------------------------------------------------------- findings and recommendations


def _evidence(finding: Mapping[str, Any], lang: str) -> str:
    lines = evidence_lines(finding, lang)
    if not lines:
        return ""
    items = "".join(f"<li>{esc(line)}</li>" for line in lines)
    return f'<ul class="evidence">{items}</ul>'


def _tags(finding: Mapping[str, Any], lang: str) -> str:
    tags = [
        _badge(level_name(finding["level"], lang), "level"),
        _badge(t(finding["severity"], lang), f"sev-{finding['severity']}"),
    ]
    if finding["required"]:
        tags.append(_badge(t("required", lang), "required"))
    return "".join(tags)


def _finding(finding: Mapping[str, Any], lang: str) -> str:
    status = finding["status"]
    detailed = status in ("fail", "error", "waived")
    message = f'<p class="message">{esc(finding["message"])}</p>' if detailed else ""
    evidence = _evidence(finding, lang) if detailed else ""
    return (
        f'<article class="finding card status-{esc(status)}" data-rule="{esc(finding["rule"])}">'
        f'<header><code class="rule">{esc(finding["rule"])}</code>'
        f'<span class="title">{esc(finding["title"])}</span><span class="tags">'
        f"{_tags(finding, lang)}</span></header>{message}{evidence}</article>"
    )


def _findings(report: Mapping[str, Any], lang: str) -> str:
    counts = report["summary"]
    summary = t("summary", lang, passed=counts["pass"], failed=counts["fail"],
                skipped=counts["skipped"], errors=counts["error"])  # fmt: skip
    parts = [f'<section id="findings" class="section"><h2>{esc(t("findings", lang))}</h2>'
             f'<p class="lede">{esc(summary)}</p>']  # fmt: skip
    for status in STATUS_ORDER:
        group = [f for f in report["findings"] if f["status"] == status]
        if not group:
            continue
        heading = esc(t("status." + status, lang))
        parts.append(
            f'<div class="status-group group-{status}"><h3>{heading} '
            f'<span class="count">{len(group)}</span></h3>'
        )
        for stage in stage_order(sorted({f["stage"] for f in group})):
            cards = "".join(_finding(f, lang) for f in group if f["stage"] == stage)
            compact = "" if status in ("fail", "error", "waived") else " compact"
            parts.append(f'<h4 class="stage-head">{esc(t(stage, lang))}</h4>'
                         f'<div class="cards{compact}">{cards}</div>')  # fmt: skip
        parts.append("</div>")
    parts.append("</section>")
    return "".join(parts)


def _recommendation(rec: Mapping[str, Any], finding: Mapping[str, Any] | None, lang: str) -> str:
    blocks = (
        _badge(t("blocks", lang, level=t(rec["blocks"], lang)), "blocks")
        if rec.get("blocks")
        else ""
    )
    changes = "".join(f"<li>{esc(change)}</li>" for change in change_lines(rec, lang))
    changes_block = (
        f'<div class="changes"><h5>{esc(t("changes", lang))}</h5><ul>{changes}</ul></div>'
        if changes
        else ""
    )
    evidence = _evidence(finding, lang) if finding is not None else ""
    return (
        f'<article class="rec card" data-rule="{esc(rec["rule"])}">'
        f'<div class="prio">{int(rec["priority"])}</div><div class="rec-body">'
        f'<header><code class="rule">{esc(rec["rule"])}</code>'
        f'<span class="title">{esc(rec.get("title", ""))}</span>{blocks}</header>'
        f'<p class="message">{esc(rec["text"])}</p>{changes_block}{evidence}</div></article>'
    )


def _recommendations(report: Mapping[str, Any], lang: str) -> str:
    recs = report["recommendations"]
    if not recs:
        return ""
    findings = {f["rule"]: f for f in report["findings"]}
    parts = [
        f'<section id="recommendations" class="section"><h2>{esc(t("recommendations", lang))}</h2>'
    ]
    for kind in ("role_change", "process_change"):
        group = [r for r in recs if r["type"] == kind]
        if group:
            cards = "".join(_recommendation(r, findings.get(r["rule"]), lang) for r in group)
            parts.append(f'<div class="rec-group group-{kind}"><h3>{esc(t(kind, lang))}'
                         f' <span class="count">{len(group)}</span></h3>{cards}</div>')  # fmt: skip
    parts.append("</section>")
    return "".join(parts)


def _problems(report: Mapping[str, Any], lang: str) -> str:
    parts = []
    if report["errors"]:
        items = "".join(
            f"<li><code>{esc(e['source'])}</code> {esc(e['message'])}</li>"
            for e in report["errors"]
        )
        parts.append(
            f'<div class="card problems"><h3>{esc(t("errors", lang))}</h3><ul>{items}</ul></div>'
        )
    if report["notices"]:
        items = "".join(f"<li>{esc(n)}</li>" for n in report["notices"])
        parts.append(
            f'<div class="card notices"><h3>{esc(t("notices", lang))}</h3><ul>{items}</ul></div>'
        )
    if not parts:
        return ""
    return f'<section id="problems" class="section">{"".join(parts)}</section>'
