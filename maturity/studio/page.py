"""What the studio page shows, prepared for its templates.

The report sections are the HTML report's own (:func:`maturity.report.html.page_parts`
and the macros of ``report.html.j2``), drawn from the report contract of the
scenario's current model; the studio adds the what-if panel and the editor.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from maturity import __version__
from maturity.i18n.words import term, value_text
from maturity.model.vocabulary import CADENCES, LEVELS, STAGES
from maturity.report.contract import build_report
from maturity.report.graph.view import kind_label
from maturity.report.html import page_parts
from maturity.report.markdown import change_lines
from maturity.report.templating import css, make_environment
from maturity.studio.scenario import Scenario
from maturity.studio.texts import t


@dataclass
class Notes:
    """What the last action has to say: a message, a problem, a form to show again."""

    message: str = ""
    problem: str = ""
    errors: Mapping[str, list[str]] = field(default_factory=dict)
    form: Mapping[str, str] = field(default_factory=dict)
    edit: str = ""
    confirm: str = ""


@cache
def environment() -> jinja2.Environment:
    return make_environment("maturity.studio", "maturity.report", keep_trailing_newline=False)


#: Above this many flows the script's updates leave the process graph and the
#: recommendations' changes to second requests (``GET /part/NAME``): simulating every
#: fix and drawing a large graph take longer than the rest of the page.
LAZY_FLOWS = 300
PARTS = ("graph", "recommendations")


def render(scenario: Scenario, lang: str, notes: Notes, fragment: bool = False) -> str:
    """The studio page, or with ``fragment`` only the part the script swaps in."""
    large = len(scenario.scenario_model().flows) > LAZY_FLOWS
    lazy = frozenset(PARTS) if fragment and large else frozenset()
    values = context(scenario, lang, notes, lazy)
    part = "app" if fragment else "page"
    return _render(part, values)


def render_part(scenario: Scenario, lang: str, name: str) -> str:
    """One of :data:`PARTS` alone, for the script to put in its place."""
    values = context(scenario, lang, Notes(), frozenset(PARTS) - {name})
    return _render(name, values)


_MACROS: dict[str, Any] = {}


def _render(part: str, values: dict[str, Any]) -> str:
    env = environment()
    lang = values["lang"]
    # The report's macros read only their arguments, ``lang`` and ``t``: made once per
    # language (making them renders the whole report template once more).
    if lang not in _MACROS:
        _MACROS[lang] = env.get_template("report.html.j2").make_module(values)
    template = env.get_template("studio.html.j2")
    return str(template.render(part=part, report=_MACROS[lang], **values))


def context(
    scenario: Scenario, lang: str, notes: Notes, lazy: frozenset[str] = frozenset()
) -> dict[str, Any]:
    view = scenario.view()
    report = build_report(
        view.current, lang, "graph" not in lazy, changes="recommendations" not in lazy
    )
    org = view.current.model.organization
    parts = page_parts(report, lang)
    return {
        "page": parts,
        "lazy": lazy,
        "lang": lang,
        "t": t,
        "kind_label": kind_label,
        "version": __version__,
        "html_lang": "zh-CN" if lang == "zh" else lang,
        "css": css(),
        "csp": "",
        "title": f"{t('studio', lang)} — {org['name']}",
        "source": Path(scenario.original.source).name,
        "folder": Path(scenario.original.source).parent.name or ".",
        "whatif": _whatif(scenario, report, lang),
        "editor": _editor(scenario, lang, notes),
        "notes": notes,
        "levels": LEVELS[1:],
        "formats": sorted(scenario.session.registry.reporters),
    }


def _whatif(scenario: Scenario, report: Mapping[str, Any], lang: str) -> dict[str, Any]:
    view = scenario.view()
    recs = scenario.recommendations(lang)
    on = set(scenario.state.fixes)
    fixes = [
        {"rule": r["rule"], "title": r["title"], "on": r["rule"] in on,
         "failed": r["rule"] in view.failed, "blocks": r.get("blocks"),
         "changes": change_lines(r, lang)}
        for r in recs if r["fix"]
    ]  # fmt: skip
    edits = sum(1 for _ in _differences(scenario.original.data, scenario.state.data))
    before = view.base.scores.levels.achieved
    return {
        "fixes": fixes,
        "changed": scenario.changed,
        "status": t("changed", lang, edits=edits, fixes=len(view.applied))
        if scenario.changed else t("unchanged", lang),
        "before": t("was", lang, level=t(before, lang)) if view.applied else "",
        "can_undo": bool(scenario.history),
    }  # fmt: skip


def _differences(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterable[str]:
    for key in ("organization", "practices"):
        if old.get(key) != new.get(key):
            yield key
    for key in ("roles", "flows"):
        a, b = old.get(key, []), new.get(key, [])
        yield from (key for x, y in zip(a, b, strict=False) if x != y)
        yield from (key for _ in range(abs(len(a) - len(b))))


def _editor(scenario: Scenario, lang: str, notes: Notes) -> dict[str, Any]:
    data = scenario.state.data
    vocab = scenario.session.registry.vocabulary
    roles = data.get("roles", [])
    return {
        "roles": [{"index": i, "id": r["id"], "kind": r.get("kind", ""),
                   "name": r.get("name", ""), "parent": r.get("parent", "")}
                  for i, r in enumerate(roles)],
        "flows": [{"index": i, "from": f.get("from", ""), "to": f.get("to", ""),
                   "kind": f.get("kind", ""), "cadence": f.get("cadence", ""),
                   "content": ", ".join(f.get("content", [])),
                   "cadence_text": value_text(f["cadence"], lang) if f.get("cadence") else "",
                   "content_text": value_text(f.get("content", []), lang, "w.and")}
                  for i, f in enumerate(data.get("flows", []))],
        "practices": sorted(_practices(data.get("practices", {}), lang)),
        "practice_labels": {name: _practice_word(name, lang) for name in vocab.practices},
        "role_ids": [r["id"] for r in roles],
        "role_kinds": sorted(vocab.role_kinds),
        "flow_kinds": sorted(vocab.flow_kinds),
        "practice_names": sorted(vocab.practices),
        "cadences": CADENCES,
        "open": notes.edit,
        "form": notes.form,
        "errors": notes.errors,
        "stages": STAGES,
    }  # fmt: skip


def _practices(
    table: Mapping[str, Any], lang: str, prefix: str = ""
) -> Iterable[tuple[str, str, str, str]]:
    """Each stated practice: its name, its words, its value in words, its value as data."""
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from _practices(value, lang, name + ".")
        else:
            literal = json.dumps(value, ensure_ascii=False)
            yield name, _practice_word(name, lang), value_text(value, lang, "w.and"), literal


def _practice_word(name: str, lang: str) -> str:
    return term("say.field", f"practices.{name}", lang)
