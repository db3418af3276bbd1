"""The Markdown report.

Every piece of text that comes from a model or a plugin goes through :func:`md`,
which backslash-escapes Markdown's punctuation, so a hostile name renders as
text: no link, no image, no HTML, no broken table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from maturity.i18n import t
from maturity.model.vocabulary import LEVELS
from maturity.report.summary import executive, score_notes, top_heading
from maturity.report.text import bar
from maturity.report.words import (
    STATUS_ORDER,
    blockers,
    cap,
    change_lines,
    evidence_lines,
    level_name,
    percent,
    skip_lines,
    stage_order,
)
from maturity.terminal import clean

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!~&])")
#: A word a renderer might turn into a link (GFM's autolink extension, linkify):
#: a scheme, www., an e-mail address, or a host name under a common or a country domain.
_LINKISH = re.compile(
    r"\S*(?:://|www\.|@|[a-z0-9-]\.(?:[a-z]{2}|com|net|org|edu|gov|info|biz|app|dev|xyz)"
    r"(?=$|[\s/:?#),.;!]))\S*",
    re.IGNORECASE,
)
_JOINT = re.compile(r"(?<=\S)([.:@])(?=\S)")
#: U+200B ZERO WIDTH SPACE: invisible, and no URL, host or address spans it.
ZWSP = "\u200b"


def md(value: Any) -> str:
    """``value`` as inline Markdown text: one line, punctuation escaped, no control codes,
    and no bare URL, host name or e-mail address a renderer would make a link of."""
    text = _SPECIAL.sub(r"\\\1", " ".join(clean(value).split()))
    return _LINKISH.sub(_unlink, text)


def _unlink(match: re.Match[str]) -> str:
    """A zero-width space after each '.', ':' and '@' inside a link-like word: it reads the
    same, but is no longer a URL (``www.\u200bexample.\u200bcom``)."""
    return _JOINT.sub(lambda m: m.group(1) + ZWSP, match.group())


# ---------------------------------------------------------------- the Markdown report


def render_markdown(report: Mapping[str, Any], lang: str) -> str:
    """The whole report as GitHub-flavoured Markdown."""
    from maturity.report.trend import trend_markdown

    parts = [
        _head(report, lang),
        _summary(report, lang),
        _level(report, lang),
        _stages(report, lang),
        trend_markdown(report, lang),
        _findings(report, lang),
        _recommendations(report, lang),
        _problems(report, lang),
    ]
    return "\n\n".join(p for p in parts if p).rstrip("\n") + "\n"


def _head(report: Mapping[str, Any], lang: str) -> str:
    org, c = report["organization"], t("colon", lang)
    packs = ", ".join(f"{md(p.get('name') or p['id'])} {md(p['version'])}" for p in report["packs"])
    lines = [
        f"# {t('assessment', lang)}{c}{md(org['name'])}",
        "",
        f"- **{cap(t('source', lang))}**{c}{md(org['source'])}",
        f"- **{cap(t('packs', lang))}**{c}{packs or '–'}",
    ]
    if "roles" in org:
        size = t("model_size", lang, roles=org["roles"], flows=org.get("flows", 0))
        lines.append(f"- **{cap(t('organization', lang))}**{c}{size}")
    return "\n".join(lines)


def _summary(report: Mapping[str, Any], lang: str) -> str:
    s, c = executive(report, lang), t("colon", lang)
    lines = [f"## {t('sum.title', lang)}", ""]
    lines += [f"- **{md(key)}**{c}{md(value)}" for key, value in s["meta"]]
    lines += ["", f"**{md(s['headline'])}** — {md(s['meaning'])}", "", md(s["next"])]
    if "raw" in s:
        lines += ["", f"*{md(s['raw'])}*"]
    lines += ["", f"**{md(t('stages', lang))}**{c}{md(s['stages'])}"]
    if s["changes"]:
        lines += ["", f"**{md(top_heading(len(s['changes']), lang))}**", ""]
    for number, ch in enumerate(s["changes"], start=1):
        tag = t("sum.tag", lang, rule=f"`{md(ch['rule'])}`", tag=md(ch["tag"]))
        lines.append(f"{number}. **{md(ch['title'])}**{tag} — {md(ch['why'])}")
    return "\n".join(lines)


def _level(report: Mapping[str, Any], lang: str) -> str:
    level = report["level"]
    achieved = level["achieved"]
    lines = [f"## {t('level', lang)}{t('colon', lang)}{t(achieved, lang)}", ""]
    raw = report.get("raw", {}).get("level", {}).get("achieved", achieved)
    if raw != achieved:
        lines += [f"*{t('raw_level', lang)}{t('colon', lang)}{t(raw, lang)}*", ""]
    lines += [
        f"| {cap(t('level', lang))} | {cap(t('status', lang))} | {cap(t('score', lang))} "
        f"| {cap(t('rules_passed', lang))} | {cap(t('required_failing', lang))} |",
        "|---|---|---:|---:|---:|",
    ]
    lines += [_ladder_row(report, name, lang) for name in LEVELS]
    lines.append("")
    nxt = level["next"]
    if nxt is None:
        lines.append(f"**{cap(t('top_level', lang))}.**")
        return "\n".join(lines)
    lines.append(
        f"**{t('next_level', lang)}**{t('colon', lang)}{t(nxt, lang)} — {t('progress', lang)} "
        f"{percent(level['progress'])} ({t('threshold', lang)} {percent(level['threshold'])})"
    )
    lines += ["", f"### {t('what_blocks', lang, level=t(nxt, lang))}", ""]
    lines += _blocker_lines(report, lang)
    return "\n".join(lines)


def _ladder_row(report: Mapping[str, Any], name: str, lang: str) -> str:
    level = report["level"]
    info = level["levels"].get(name)
    label = f"**{t(name, lang)}**" if name == level["achieved"] else t(name, lang)
    if name == level["achieved"]:
        status = f"**{cap(t('current', lang))}**"
    elif name == LEVELS[0] or (info and info["achieved"]):
        status = cap(t("achieved", lang))
    elif name == level["next"]:
        status = cap(t("next_level", lang))
    else:
        status = cap(t("not_achieved", lang))
    if info is None:
        return f"| {label} | {status} | – | – | – |"
    return (
        f"| {label} | {status} | {percent(info['score'])} | {info['passed']}/{info['total']} "
        f"| {len(info['required_failed'])} |"
    )


def _blocker_lines(report: Mapping[str, Any], lang: str) -> list[str]:
    titles = {f["rule"]: f["title"] for f in report["findings"]}
    lines = []
    for rule, required in blockers(report):
        mark = f"★ **{md(rule)}**" if required else f"**{md(rule)}**"
        tail = f" *({t('required', lang)})*" if required else ""
        lines.append(f"- {mark} {md(titles.get(rule, ''))}{tail}")
    if any(required for _, required in blockers(report)):
        lines += ["", f"*{t('required_note', lang)}*"]
    return lines or [t("none", lang)]


def _stages(report: Mapping[str, Any], lang: str) -> str:
    lines = [
        f"## {t('stages', lang)}",
        "",
        f"| {cap(t('stage', lang))} | {cap(t('score', lang))} | | {cap(t('rules_passed', lang))} |",
        "|---|---:|---|---:|",
    ]
    for name in stage_order(list(report["stages"])):
        stage = report["stages"][name]
        score = stage["score"]
        shown = t("no_rules", lang) if score is None else f"{score:.0f}"
        lines.append(
            f"| {md(t(name, lang))} | {shown} | `{bar(score, 10)}` "
            f"| {stage['passed']}/{stage['total']} |"
        )
    notes = score_notes(report, lang)
    return "\n".join(lines + ([""] + [f"*{md(n)}*  " for n in notes] if notes else []))


def _findings(report: Mapping[str, Any], lang: str) -> str:
    counts = report["summary"]
    lines = [
        f"## {t('findings', lang)}",
        "",
        t("summary", lang, passed=counts["pass"], failed=counts["fail"],
          skipped=counts["skipped"], errors=counts["error"]),
    ]  # fmt: skip
    for status in STATUS_ORDER:
        group = [f for f in report["findings"] if f["status"] == status]
        if not group:
            continue
        lines += ["", f"### {t('status.' + status, lang)} ({len(group)})"]
        for stage in stage_order(sorted({f["stage"] for f in group})):
            lines += ["", f"#### {cap(md(t(stage, lang)))}", ""]
            for finding in (f for f in group if f["stage"] == stage):
                lines += _finding_lines(finding, lang)
    return "\n".join(lines)


def _finding_lines(finding: Mapping[str, Any], lang: str) -> list[str]:
    tags = [level_name(finding["level"], lang), t(finding["severity"], lang)]
    if finding["required"]:
        tags.append(t("required", lang))
    lines = [f"- **{md(finding['rule'])}** {md(finding['title'])} — *{md(' · '.join(tags))}*"]
    if finding["status"] in ("fail", "error", "waived"):
        lines.append(f"  - {md(finding['message'])}")
        lines += [f"  - {md(line)}" for line in evidence_lines(finding, lang)]
    elif finding["status"] == "skipped":
        lines += [f"  - {md(line)}" for line in skip_lines(finding, lang)]
    return lines


def _recommendations(report: Mapping[str, Any], lang: str) -> str:
    recs = report["recommendations"]
    if not recs:
        return ""
    findings = {f["rule"]: f for f in report["findings"]}
    lines = [f"## {t('recommendations', lang)}"]
    for kind in ("role_change", "process_change"):
        group = [r for r in recs if r["type"] == kind]
        if group:
            lines += ["", f"### {t(kind, lang)}", ""]
            for rec in group:
                lines += _recommendation_lines(rec, findings.get(rec["rule"]), lang)
    return "\n".join(lines)


def _recommendation_lines(
    rec: Mapping[str, Any], finding: Mapping[str, Any] | None, lang: str
) -> list[str]:
    blocks = f" *({t('blocks', lang, level=t(rec['blocks'], lang))})*" if rec.get("blocks") else ""
    lines = [
        f"- **{rec['priority']}. {md(rec['rule'])}** {md(rec.get('title', ''))}{blocks}",
        f"  - {md(rec['text'])}",
    ]
    changes = change_lines(rec, lang)
    if changes:
        lines.append(f"  - {md(t('changes', lang))}{t('colon', lang).rstrip()}")
        lines += [f"    - {md(change)}" for change in changes]
    if finding is not None:
        lines += [f"  - {md(line)}" for line in evidence_lines(finding, lang)]
    return lines


def _problems(report: Mapping[str, Any], lang: str) -> str:
    lines = []
    if report["errors"]:
        lines += [f"## {t('errors', lang)}", ""]
        c = t("colon", lang)
        lines += [f"- {md(e['source'])}{c}{md(e['message'])}" for e in report["errors"]]
    if report["notices"]:
        lines += ["", f"## {t('notices', lang)}", ""] if lines else [f"## {t('notices', lang)}", ""]
        lines += [f"- {md(n)}" for n in report["notices"]]
    return "\n".join(lines)
