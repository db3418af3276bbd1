"""The diff in words: terminal text, Markdown and a self-contained HTML page.

One function, :func:`sections`, turns the diff document into plain sentences
by section; each format only lays those out, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from maturity.i18n import t
from maturity.intake.terms import field_name, kind_name, value_name

Section = tuple[str, list[str]]


def _level(level: str, lang: str) -> str:
    return t(level, lang)


def readable_time(iso: str) -> str:
    """A recorded time for people: ``2026-03-31T09:00:00Z`` → ``2026-03-31 09:00 UTC``."""
    date, _, clock = iso.partition("T")
    return f"{date} {clock[:5]} UTC" if clock else date


def _side(side: Mapping[str, Any], lang: str) -> str:
    recorded = side.get("recorded_at")
    when = readable_time(recorded) if recorded else t("history.now", lang)
    return t(
        "history.side",
        lang,
        label=side["label"],
        org=side["organization"],
        when=when,
        level=_level(side["level"], lang),
    )


#: Fields whose values are role ids: shown by the roles' display names.
_ID_FIELDS = ("parent", "members", "visible_to")


def _named(value: Any, names: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, list):
        return [_named(v, names) for v in value]
    return value


def _fields(
    fields: Sequence[Mapping[str, Any]], lang: str, names: Mapping[str, str] | None = None
) -> str:
    def show(value: Any, key: str) -> str:
        if value is None:
            return t("history.unstated", lang)
        if isinstance(value, dict) and names:
            value = {k: _named(v, names) if k in _ID_FIELDS else v for k, v in value.items()}
        elif key in _ID_FIELDS and names:
            value = _named(value, names)
        return value_name(value, lang, key)

    sep = "；" if lang == "zh" else "; "
    return sep.join(
        t(
            "history.field_change",
            lang,
            field=field_name(f["field"], lang),
            old=show(f["old"], f["field"]),
            new=show(f["new"], f["field"]),
        )
        for f in fields
    )


def _one(n: int) -> str:
    return "_one" if abs(n) == 1 else ""


def level_sentence(level: Mapping[str, Any], lang: str) -> str:
    n = level["change"]
    change = (
        t(("history.level_up" if n > 0 else "history.level_down") + _one(n), lang, n=abs(n))
        if n
        else t("history.level_same", lang)
    )
    return t(
        "history.level_line",
        lang,
        old=_level(level["old"], lang),
        new=_level(level["new"], lang),
        change=change,
    )


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(value)}"  # stage scores run 0-100


def stage_rows(stages: Mapping[str, Any], lang: str) -> list[tuple[str, str, str, str]]:
    rows = []
    for name, s in stages.items():
        change = s["change"]
        delta = "–"
        if change is not None:
            points = round(change)
            delta = (
                t("history.points", lang, sign="+" if points > 0 else "", n=points)
                if points
                else "="
            )
        rows.append((t(name, lang), _pct(s["old"]), _pct(s["new"]), delta))
    return rows


def change_sentences(changes: Mapping[str, Any], lang: str) -> list[str]:
    names = changes.get("names", {})
    out = []
    if changes["organization"]:
        out.append(t("history.org_field", lang, fields=_fields(changes["organization"], lang)))
    roles = changes["roles"]
    for r in roles["added"]:
        out.append(t("history.role_added", lang, name=r["name"], kind=kind_name(r["kind"], lang)))
    for r in roles["removed"]:
        out.append(t("history.role_removed", lang, name=r["name"], kind=kind_name(r["kind"], lang)))
    for r in roles["changed"]:
        out.append(
            t(
                "history.role_changed",
                lang,
                name=r["name"],
                fields=_fields(r["fields"], lang, names),
            )
        )
    for what in ("added", "removed", "changed"):
        for f in changes["flows"][what]:
            ends = {
                "source": f["from_name"],
                "target": f["to_name"],
                "kind": _flow_kind(f, lang),
            }
            fields = _fields(f.get("fields", []), lang)
            out.append(t(f"history.flow_{what}", lang, fields=fields, **ends))
    if changes["practices"]:
        out.append(
            t("history.practice_field", lang, fields=_fields(changes["practices"], lang, names))
        )
    return out


def _flow_kind(flow: Mapping[str, Any], lang: str) -> str:
    """The flow's kind in words, "urgent" before it when the flow is urgent."""
    kind = kind_name(flow["kind"], lang, "flow_kind")
    if not (flow.get("attrs") or {}).get("urgent"):
        return kind
    return t("flag.urgent", lang) + ("" if lang == "zh" else " ") + kind


def finding_sentence(f: Mapping[str, Any], lang: str) -> str:
    def status(value: str | None) -> str:
        return t(value, lang) if value else t("history.absent", lang)

    colon = t("colon", lang)
    change = t("history.status_change", lang, old=status(f["old"]), new=status(f["new"]))
    direction = t("history.direction." + f["direction"], lang)
    text = f"{direction}{colon}{f['rule']} {f['title']}{change}"
    # A skipped rule's message is its summary, written for rule authors: leave it out.
    said = f.get("message") and f["new"] not in ("skipped", None)
    details = [f["message"]] if said else []
    if f.get("related"):
        names = t("history.list_sep", lang).join(f["related"])
        details.append(t("history.related", lang, names=names))
    return text + (" — " + " ".join(details) if details else "")


def method_sentences(method: Mapping[str, Any], lang: str) -> list[str]:
    if not method.get("changed"):
        return [t("history.method_same", lang)]
    what = []
    engine = method["engine"]
    if engine["old"] != engine["new"]:
        what.append(t("history.engine", lang, old=engine["old"], new=engine["new"]))
    for p in method["packs"]:
        old, new = p["old"] or t("history.absent", lang), p["new"] or t("history.absent", lang)
        what.append(t("history.pack_version", lang, id=p["id"], old=old, new=new))
    sep = "；" if lang == "zh" else "; "
    out = [
        t(
            "history.method_changed",
            lang,
            what=sep.join(what),
            sides=", ".join(method["reassessed"]) or "–",
        )
    ]
    for effect in method["effects"]:
        level = effect["level"]
        out.append(
            t(
                "history.method_effect",
                lang,
                side=effect["side"],
                old=_level(level["old"], lang),
                new=_level(level["new"], lang),
                n=len(effect["findings"]),
            )
        )
    return out


def sections(doc: Mapping[str, Any], lang: str) -> list[Section]:
    """The diff as ``(heading, sentences)`` pairs, in reading order."""
    changes = change_sentences(doc["changes"], lang)
    findings = [finding_sentence(f, lang) for f in doc["findings"]]
    return [
        (
            t("history.org_changes", lang, n=len(changes)),
            changes or [t("history.no_org_changes", lang)],
        ),
        (
            t("history.finding_changes", lang, n=len(findings)),
            findings or [t("history.no_finding_changes", lang)],
        ),
        (t("history.method", lang), method_sentences(doc["method"], lang)),
    ]


def _title(doc: Mapping[str, Any], lang: str) -> tuple[str, str]:
    sides = t("history.diff_sides", lang, old=_side(doc["old"], lang), new=_side(doc["new"], lang))
    return t("history.diff_title", lang), sides


def render_text(doc: Mapping[str, Any], lang: str) -> str:
    from maturity.terminal import clean

    title, sides = _title(doc, lang)
    lines = [
        f"{title}{t('colon', lang)}{sides}",
        level_sentence(doc["level"], lang),
        "",
        t("history.stage_changes", lang),
    ]
    lines += [
        f"  {name:<10} {a:>5} → {b:>5}  {d}" for name, a, b, d in stage_rows(doc["stages"], lang)
    ]
    for heading, items in sections(doc, lang):
        lines += ["", heading] + [f"  - {item}" for item in items]
    return "\n".join(clean(line) for line in lines) + "\n"


def render_markdown(doc: Mapping[str, Any], lang: str) -> str:
    from maturity.report.markdown import md

    title, sides = _title(doc, lang)
    lines = [
        f"# {title}",
        "",
        md(sides),
        "",
        f"**{md(level_sentence(doc['level'], lang))}**",
        "",
        f"## {t('history.stage_changes', lang)}",
        "",
    ]
    head = (t("stage", lang), doc["old"]["label"], doc["new"]["label"], "±")
    lines += ["| " + " | ".join(md(c) for c in head) + " |", "|---|---:|---:|---:|"]
    lines += [
        f"| {md(n)} | {a} | {b} | {md(d)} |" for n, a, b, d in stage_rows(doc["stages"], lang)
    ]
    for heading, items in sections(doc, lang):
        lines += ["", f"## {md(heading)}", ""] + [f"- {md(item)}" for item in items]
    return "\n".join(lines) + "\n"


def render_html(doc: Mapping[str, Any], lang: str) -> str:
    """One self-contained page (the Jinja2 template ``diff.html.j2``, escaping on)."""
    from markupsafe import Markup

    from maturity.report.html import CSP
    from maturity.report.templating import render as render_template

    title, sides = _title(doc, lang)
    return render_template(
        "diff.html.j2",
        html_lang="zh-CN" if lang == "zh" else lang,
        csp=Markup(CSP),
        title=title,
        sides=sides,
        level=level_sentence(doc["level"], lang),
        stages_heading=t("history.stage_changes", lang),
        stage_head=(t("stage", lang), doc["old"]["label"], doc["new"]["label"], "±"),
        stage_rows=stage_rows(doc["stages"], lang),
        sections=sections(doc, lang),
    )


def render(doc: Mapping[str, Any], fmt: str, lang: str) -> str:
    import json

    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    renderers = {"text": render_text, "markdown": render_markdown, "html": render_html}
    return renderers[fmt](doc, lang)
