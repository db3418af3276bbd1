"""The client's trend in the report: level and stage scores over recorded assessments.

Shown when the report carries ``history`` (``assess --record`` or
``--trend``) with two or more assessments: an inline SVG chart in the HTML
report (no script, no network), a table in the Markdown report. A change of
rule pack or engine version between two points is marked, because a score
that moved with the method is not progress.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from maturity.history.i18n import t
from maturity.vocabulary import LEVELS, STAGES

WIDTH, LEFT, RIGHT = 720, 118, 64
LEVEL_TOP, LEVEL_ROW = 30, 26
STAGE_TOP, STAGE_HEIGHT = 150, 170
#: Colour and dash per stage: lines stay apart in greyscale print too.
STYLE = {
    "refine": ("#3b6ea5", ""),
    "deliver": ("#d9822b", "6 3"),
    "realize": ("#3d8c40", "2 3"),
    "quantify": ("#b8405e", "8 3 2 3"),
}


def _entries(report: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    history = report.get("history") or []
    return list(history) if len(history) >= 2 else []


def _esc(value: Any) -> str:
    from maturity.report.svg import esc

    return esc(value)


def method_changes(entries: Sequence[Mapping[str, Any]]) -> list[bool]:
    """For each entry: were its engine or pack versions different from the one before?"""
    out = [False]
    for before, after in itertools.pairwise(entries):
        changed = (before.get("engine_version"), before.get("packs")) != (
            after.get("engine_version"),
            after.get("packs"),
        )
        out.append(changed)
    return out


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span * index / (count - 1) if count > 1 else span / 2)


def _level_y(level: str) -> float:
    rank = LEVELS.index(level) if level in LEVELS else 0
    return LEVEL_TOP + (len(LEVELS) - 1 - rank) * LEVEL_ROW + LEVEL_ROW / 2


def _stage_y(score: float) -> float:
    return STAGE_TOP + STAGE_HEIGHT * (1 - max(0.0, min(100.0, score)) / 100)


def _axes(lang: str) -> list[str]:
    captions = ((LEVEL_TOP - 12, t("level", lang)), (STAGE_TOP - 16, t("radar", lang)))
    parts = [
        f'<text x="{LEFT}" y="{y}" class="tr-caption">{_esc(text)}</text>' for y, text in captions
    ]
    for level in LEVELS:
        y = _level_y(level)
        parts.append(
            f'<text x="{LEFT - 10}" y="{y + 4:.1f}" text-anchor="end" '
            f'class="tr-axis">{_esc(t(level, lang))}</text>'
        )
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e6eb"/>'
        )
    for tick in (0, 25, 50, 75, 100):
        y = _stage_y(tick)
        parts.append(
            f'<text x="{LEFT - 10}" y="{y + 4:.1f}" text-anchor="end" class="tr-axis">{tick}</text>'
        )
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e6eb"/>'
        )
    return parts


def _level_line(entries: Sequence[Mapping[str, Any]]) -> list[str]:
    count = len(entries)
    points = [(_x(i, count), _level_y(e["level"])) for i, e in enumerate(entries)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dots = [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#1d2433"/>' for x, y in points]
    return [f'<polyline points="{path}" fill="none" stroke="#1d2433" stroke-width="2.5"/>', *dots]


def _stage_lines(entries: Sequence[Mapping[str, Any]]) -> list[str]:
    count = len(entries)
    parts = []
    for stage in STAGES:
        colour, dash = STYLE[stage]
        points = [
            (_x(i, count), _stage_y(float(e["stages"][stage])))
            for i, e in enumerate(entries)
            if e.get("stages", {}).get(stage) is not None
        ]
        if not points:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dashes}/>'
        )
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>' for x, y in points]
    return parts


def _x_labels(entries: Sequence[Mapping[str, Any]]) -> list[str]:
    count = len(entries)
    marks = method_changes(entries)
    base = STAGE_TOP + STAGE_HEIGHT + 18
    parts = []
    for i, entry in enumerate(entries):
        x = _x(i, count)
        date = str(entry.get("recorded_at", ""))[:10]
        label = ("◆ " if marks[i] else "") + (entry.get("label") or f"#{entry.get('id', '')}")
        parts.append(
            f'<text x="{x:.1f}" y="{base}" text-anchor="middle" class="tr-axis">{_esc(date)}</text>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{base + 15}" text-anchor="middle" '
            f'class="tr-label">{_esc(label)}</text>'
        )
    return parts


def _legend(lang: str) -> list[str]:
    parts, x = [], LEFT
    y = STAGE_TOP + STAGE_HEIGHT + 58
    for stage in STAGES:
        colour, dash = STYLE[stage]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x}" x2="{x + 26}" y1="{y - 4}" y2="{y - 4}" stroke="{colour}" '
            f'stroke-width="2"{dashes}/>'
        )
        parts.append(f'<text x="{x + 32}" y="{y}" class="tr-axis">{_esc(t(stage, lang))}</text>')
        x += 140
    return parts


def trend_svg(entries: Sequence[Mapping[str, Any]], lang: str) -> str:
    """The chart: the level track above, the four stage scores (0–100) below."""
    height = STAGE_TOP + STAGE_HEIGHT + 72
    title = t("trend", lang)
    body = [
        *_axes(lang),
        *_level_line(entries),
        *_stage_lines(entries),
        *_x_labels(entries),
        *_legend(lang),
    ]
    style = (
        "<style>.tr-axis{font:12px system-ui,sans-serif;fill:#555}"
        ".tr-label{font:11px system-ui,sans-serif;fill:#1d2433}"
        ".tr-caption{font:600 12px system-ui,sans-serif;fill:#1d2433}</style>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">'
        f"<title>{_esc(title)}</title>{style}" + "".join(body) + "</svg>"
    )


def trend_html(report: Mapping[str, Any], lang: str) -> str:
    """The report's trend section, or ``""`` with fewer than two recorded assessments."""
    entries = _entries(report)
    if not entries:
        return ""
    client = entries[-1].get("client", report["organization"]["name"])
    parts = [
        f'<section class="section trend" id="trend"><h2>{_esc(t("trend", lang))}</h2>',
        f"<p>{_esc(t('trend_intro', lang, client=client))}</p>",
        trend_svg(entries, lang),
    ]
    if any(method_changes(entries)):
        parts.append(f'<p class="note">{_esc(t("trend_method_note", lang))}</p>')
    return "\n".join(parts) + "\n</section>"


def trend_markdown(report: Mapping[str, Any], lang: str) -> str:
    """The trend as a Markdown table, or ``""`` with fewer than two recorded assessments."""
    from maturity.report.markdown import md

    entries = _entries(report)
    if not entries:
        return ""
    client = entries[-1].get("client", report["organization"]["name"])
    head = ["#", t("when", lang), t("label", lang), t("level", lang), *(t(s, lang) for s in STAGES)]
    lines = [
        f"## {t('trend', lang)}",
        "",
        md(t("trend_intro", lang, client=client)),
        "",
        "| " + " | ".join(md(h) for h in head) + " |",
        "|" + "---|" * 4 + "---:|" * len(STAGES),
    ]
    marks = method_changes(entries)
    for entry, mark in zip(entries, marks, strict=True):
        scores = [_score(entry.get("stages", {}).get(s)) for s in STAGES]
        ident = ("◆ " if mark else "") + f"{entry.get('id', '')}"
        cells = [
            ident,
            str(entry.get("recorded_at", ""))[:10],
            md(entry.get("label") or ""),
            t(entry["level"], lang),
            *scores,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    if any(marks):
        lines += ["", md(t("trend_method_note", lang))]
    return "\n".join(lines)


def _score(value: Any) -> str:
    return "–" if value is None else str(round(float(value)))
