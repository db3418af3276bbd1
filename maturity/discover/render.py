"""The drift report in text, Markdown, HTML and JSON, in plain language (en, zh).

One function turns the report's data into titled sections of sentences; the
formats only lay those out, so they cannot disagree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from maturity.i18n import STRINGS, t
from maturity.report.graph.view import kind_label
from maturity.report.markdown import md
from maturity.terminal import clean, text_width

Section = tuple[str, list[str]]
TABLE_CSS = (
    "table.drift { border-collapse: collapse; }\n"
    "table.drift th, table.drift td { padding: 4px 12px; text-align: left; "
    "border-bottom: 1px solid #d0d7de; }\n"
)


def _pct(value: float) -> str:
    return f"{value:.0%}"


def _role(report: Mapping[str, Any], role_id: str) -> str:
    role = report["roles"].get(role_id)
    return str(role["name"]) if role else role_id


def _flag(flag: str, value: bool, lang: str) -> str:
    label = t(f"flag.{flag}", lang)
    if value:
        return label
    negated = f"flag_not.{flag}"
    return t(negated, lang) if negated in STRINGS else t("drift_not", lang, flag=label)


def _contradiction(item: Mapping[str, Any], report: Mapping[str, Any], lang: str) -> str:
    common = {
        "kind": kind_label(item["kind"], lang),
        "sender": _role(report, item["from"]),
        "target": _role(report, item["to"]),
        "share": _pct(item["share"]),
        "count": item["handovers"],
        "total": item["of"],
    }
    if item["type"] == "route":
        declared = t("drift_or", lang).join(_role(report, r) for r in item["declared_to"])
        return t("drift_route", lang, declared=declared, outside=item["outside"], **common)
    state = _flag(item["flag"], item["declared"], lang)
    other = _flag(item["flag"], not item["declared"], lang)
    return t("drift_flag", lang, state=state, other=other, **common)


def _sep(lang: str) -> str:
    """Between items of a list: the enumeration comma in Chinese."""
    return "、" if lang == "zh" else ", "


def _comma(lang: str) -> str:
    return "，" if lang == "zh" else ", "


def _paren(text: str, lang: str) -> str:
    """`` (text)``, or full-width brackets in Chinese."""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def _flow(item: Mapping[str, Any], report: Mapping[str, Any], lang: str) -> str:
    text = t(
        "drift_flow",
        lang,
        sender=_role(report, item["from"]),
        target=_role(report, item["to"]),
        kind=kind_label(item["kind"], lang),
    )
    if "handovers" in item:
        counts = t(
            "drift_counts",
            lang,
            count=item["handovers"],
            cases=item["cases"],
            share=_pct(item["share"]),
        )
        text += _paren(counts, lang)
    return text


def _observed_line(report: Mapping[str, Any], lang: str) -> str:
    seen = report["observed"]
    span = seen["span"] or ["–", "–"]
    return t(
        "drift_observed_line",
        lang,
        source=_sep(lang).join(seen["logs"]),
        events=seen["events"],
        cases=seen["cases"],
        handovers=seen["handovers"],
        first=span[0],
        last=span[1],
    )


Row = tuple[str, str, str]


def _status(status: str | None, lang: str) -> str:
    return t(status, lang) if status else t("drift_not_assessed", lang)


def assessment_rows(report: Mapping[str, Any], lang: str) -> list[Row]:
    """Both assessments side by side: level, stages, then the rules whose result differs."""
    both = report["assessments"]
    first, second = both["declared"], both["observed"]

    def score(value: float | None) -> str:
        return "–" if value is None else f"{value:.0f}/100"

    rows = [(t("level", lang), t(first["level"], lang), t(second["level"], lang))]
    for name in first["stages"]:
        rows.append(
            (t(name, lang), score(first["stages"][name]), score(second["stages"].get(name)))
        )
    for rule in both["differing_rules"]:
        rows.append(
            (
                f"{rule['rule']} {rule['title']}",
                _status(rule["declared"], lang),
                _status(rule["observed"], lang),
            )
        )
    return rows


def _assessment_lines(report: Mapping[str, Any], lang: str) -> list[str]:
    colon = t("colon", lang)
    lines = [
        f"{label}{colon}{t('drift_declared', lang)} {a}{_comma(lang)}"
        f"{t('drift_observed', lang)} {b}"
        for label, a, b in assessment_rows(report, lang)
    ]
    if not report["assessments"]["differing_rules"]:
        lines.append(t("drift_rules_same", lang))
    return lines


def sections(report: Mapping[str, Any], lang: str) -> list[Section]:
    """The report as titled lists of plain sentences."""
    none = [t("drift_none", lang)]
    covered = _sep(lang).join(kind_label(k, lang) for k in report["covered_kinds"])
    return [
        (
            "",
            [
                f"{t('drift_declared', lang)}{t('colon', lang)}{report['declared']['name']}"
                + _paren(report["declared"]["source"], lang),
                f"{t('drift_observed', lang)}{t('colon', lang)}{_observed_line(report, lang)}",
                f"{t('drift_covered', lang)}{t('colon', lang)}{covered}",
            ],
        ),
        (
            t("drift_contradictions", lang),
            [_contradiction(c, report, lang) for c in report["contradictions"]] or none,
        ),
        (
            t("drift_not_observed", lang),
            [_flow(f, report, lang) for f in report["not_observed"]] or none,
        ),
        (
            t("drift_not_declared", lang),
            [_flow(f, report, lang) for f in report["not_declared"]] or none,
        ),
        (t("drift_unmapped", lang), _unmapped_lines(report, lang) or none),
        (t("drift_assessed", lang), _assessment_lines(report, lang)),
    ]


def _unmapped_lines(report: Mapping[str, Any], lang: str) -> list[str]:
    seen = report["observed"]
    return unmapped_sentences(seen["unmapped_resources"], seen["unmapped_activities"], lang)


def unmapped_sentences(
    resources: Sequence[Sequence[Any]],
    activities: Sequence[Sequence[Any]],
    lang: str,
    limit: int = 10,
) -> list[str]:
    """What the mapping did not cover, with counts: in the report and on stderr."""
    lines = []
    for key, items in (
        ("drift_unmapped_resources", resources),
        ("drift_unmapped_activities", activities),
    ):
        if items:
            sep = _sep(lang)
            shown = sep.join(f"{name}{_paren(str(count), lang)}" for name, count in items[:limit])
            more = f"{sep}… +{len(items) - limit}" if len(items) > limit else ""
            total = sum(count for _, count in items)
            lines.append(t(key, lang, total=total, items=shown + more))
    return lines


def render_text(report: Mapping[str, Any], lang: str) -> str:
    out = [clean(t("drift_title", lang)), ""]
    for title, lines in sections(report, lang):
        if title:
            out += [clean(title), "-" * text_width(clean(title))]
        out += [f"  - {clean(line)}" if title else clean(line) for line in lines]
        out.append("")
    return "\n".join(out)


def render_markdown(report: Mapping[str, Any], lang: str) -> str:
    out = [f"# {md(t('drift_title', lang))}", ""]
    for title, lines in sections(report, lang)[:-1]:
        if title:
            out += [f"## {md(title)}", ""]
        out += [f"- {md(line)}" for line in lines] + [""]
    out += [
        f"## {md(t('drift_assessed', lang))}",
        "",
        f"| | {md(t('drift_declared', lang))} | {md(t('drift_observed', lang))} |",
        "|---|---|---|",
    ]
    out += [f"| {md(a)} | {md(b)} | {md(c)} |" for a, b, c in assessment_rows(report, lang)]
    if not report["assessments"]["differing_rules"]:
        out += ["", md(t("drift_rules_same", lang))]
    return "\n".join(out) + "\n"


def render_html(report: Mapping[str, Any], lang: str) -> str:
    from markupsafe import Markup

    from maturity.report.html import CSP
    from maturity.report.templating import css, render

    return render(
        "drift.html.j2",
        html_lang="zh-CN" if lang == "zh" else "en",
        csp=Markup(CSP),
        css=css(),
        table_css=Markup(TABLE_CSS),
        heading=t("drift_title", lang),
        sections=sections(report, lang)[:-1],
        assessed=t("drift_assessed", lang),
        declared=t("drift_declared", lang),
        observed=t("drift_observed", lang),
        rows=assessment_rows(report, lang),
        note="" if report["assessments"]["differing_rules"] else t("drift_rules_same", lang),
    )


def render_drift(report: Mapping[str, Any], fmt: str, lang: str) -> str:
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    render = {"text": render_text, "markdown": render_markdown, "html": render_html}[fmt]
    return render(report, lang)
