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

from maturity.i18n import t
from maturity.model.vocabulary import LEVELS, STAGES

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


def _axes(lang: str) -> dict[str, Any]:
    captions = [(LEFT, LEVEL_TOP - 12, t("level", lang)), (LEFT, STAGE_TOP - 16, t("radar", lang))]
    grid = [(_level_y(level), t(level, lang)) for level in LEVELS]
    grid += [(_stage_y(tick), str(tick)) for tick in (0, 25, 50, 75, 100)]
    return {"captions": captions, "grid": [(round(y, 1), text) for y, text in grid]}


def _points(points: Sequence[tuple[float, float]]) -> dict[str, Any]:
    dots = [(round(x, 1), round(y, 1)) for x, y in points]
    return {"line": " ".join(f"{x},{y}" for x, y in dots), "dots": dots}


def _stage_series(entries: Sequence[Mapping[str, Any]], lang: str) -> list[dict[str, Any]]:
    count = len(entries)
    series = []
    for stage in STAGES:
        colour, dash = STYLE[stage]
        points = [
            (_x(i, count), _stage_y(float(e["stages"][stage])))
            for i, e in enumerate(entries)
            if e.get("stages", {}).get(stage) is not None
        ]
        if points:
            series.append(
                {"name": t(stage, lang), "colour": colour, "dash": dash, **_points(points)}
            )
    return series


def _x_labels(entries: Sequence[Mapping[str, Any]]) -> list[tuple[float, str, str]]:
    marks = method_changes(entries)
    out = []
    for i, entry in enumerate(entries):
        date = str(entry.get("recorded_at", ""))[:10]
        label = ("◆ " if marks[i] else "") + (entry.get("label") or f"#{entry.get('id', '')}")
        out.append((round(_x(i, len(entries)), 1), date, label))
    return out


def _legend(lang: str) -> list[dict[str, Any]]:
    return [
        {"x": LEFT + 140 * i, "colour": STYLE[s][0], "dash": STYLE[s][1], "text": t(s, lang)}
        for i, s in enumerate(STAGES)
    ]


def trend_view(report: Mapping[str, Any], lang: str) -> dict[str, Any] | None:
    """What the trend section shows (geometry and words), or None with fewer than two points."""
    entries = _entries(report)
    if not entries:
        return None
    count = len(entries)
    client = entries[-1].get("client", report["organization"]["name"])
    levels = [(_x(i, count), _level_y(e["level"])) for i, e in enumerate(entries)]
    return {
        "title": t("history.trend", lang),
        "intro": t("history.trend_intro", lang, client=client),
        "note": t("history.trend_method_note", lang) if any(method_changes(entries)) else "",
        "width": WIDTH,
        "height": STAGE_TOP + STAGE_HEIGHT + 72,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "base": STAGE_TOP + STAGE_HEIGHT + 18,
        "legend_y": STAGE_TOP + STAGE_HEIGHT + 58,
        **_axes(lang),
        "level": _points(levels),
        "stages": _stage_series(entries, lang),
        "x_labels": _x_labels(entries),
        "legend": _legend(lang),
    }


def trend_html(report: Mapping[str, Any], lang: str) -> str:
    """The report's trend section (HTML with an inline SVG), or ``""`` without a trend."""
    view = trend_view(report, lang)
    if view is None:
        return ""
    from maturity.report.templating import render

    return render("trend.html.j2", v=view)


def trend_markdown(report: Mapping[str, Any], lang: str) -> str:
    """The trend as a Markdown table, or ``""`` with fewer than two recorded assessments."""
    from maturity.report.markdown import md

    entries = _entries(report)
    if not entries:
        return ""
    client = entries[-1].get("client", report["organization"]["name"])
    head = [
        "#",
        t("history.when", lang),
        t("history.label", lang),
        t("level", lang),
        *(t(s, lang) for s in STAGES),
    ]
    lines = [
        f"## {t('history.trend', lang)}",
        "",
        md(t("history.trend_intro", lang, client=client)),
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
        lines += ["", md(t("history.trend_method_note", lang))]
    return "\n".join(lines)


def _score(value: Any) -> str:
    return "–" if value is None else str(round(float(value)))
