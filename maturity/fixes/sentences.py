"""A fix's changes as sentences in a reader's language: roles by name, kinds by the glossary.

``Change.render`` keeps the rule-language form (``add flow a → b [kind]``) for
rule authors; reports and plans use :func:`change_text`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from maturity.i18n import STRINGS, t
from maturity.i18n.words import humanize, join, term, value_text

if TYPE_CHECKING:
    from maturity.fixes.changes import Change


def change_text(change: Change, lang: str, names: Mapping[str, str]) -> str:
    """One change as a sentence; ``names`` maps role ids to display names."""
    if not change.applied:
        why = t(f"why.{change.why or 'not_applicable'}", lang)
        return t("chg.no_change", lang, why=why)
    item = change.item
    say = _Say(lang, names, item)
    handler = getattr(say, change.action, None)
    return str(handler(change)) if handler else humanize(change.render(lang))


class _Say:
    def __init__(self, lang: str, names: Mapping[str, str], item: Mapping[str, Any]):
        self.lang = lang
        self.item = item
        self.names = names

    def role(self, role_id: Any) -> str:
        return str(self.names.get(str(role_id)) or humanize(role_id))

    def flow(self, key: str, flow: Mapping[str, Any]) -> str:
        return t(key, self.lang, source=self.role(flow.get("from")),
                 target=self.role(flow.get("to")),
                 kind=term("flow_kind", flow.get("kind", ""), self.lang))  # fmt: skip

    def attrs(self, values: Mapping[str, Any]) -> str:
        parts = []
        for key, value in values.items():
            attr = term("say.field", key, self.lang)
            if isinstance(value, Mapping) and "+" in value:
                parts.append(t("chg.add_items", self.lang, attr=attr,
                               value=value_text(value["+"], self.lang)))  # fmt: skip
            elif value is True:
                parts.append(attr)
            else:
                parts.append(t("ev.fact", self.lang, what=attr, value=value_text(value, self.lang)))
        return t("w.attrs", self.lang).join(parts)

    def detailed(self, text: str, values: Mapping[str, Any]) -> str:
        shown = self.attrs(values)
        return t("chg.details", self.lang, text=text, details=shown) if shown else text

    def add_role(self, change: Change) -> str:
        role = self.item
        name = str(role.get("name") or term("role_kind", role.get("kind", ""), self.lang))
        kind = term("role_kind", role.get("kind", ""), self.lang)
        key = "chg.add_named_role" if name == kind else "chg.add_role"
        if role.get("parent"):
            parent = self.role(role["parent"])
            return t(f"{key}_under", self.lang, name=name, kind=kind, parent=parent)
        return t(key, self.lang, name=name, kind=kind)

    def add_flow(self, change: Change) -> str:
        extra = {k: v for k, v in self.item.items() if k not in ("from", "to", "kind")}
        return self.detailed(self.flow("chg.add_flow", self.item), extra)

    def update_flow(self, change: Change) -> str:
        return self.detailed(self.flow("chg.update_flow", self.item), change.delta)

    def reroute_flow(self, change: Change) -> str:
        text = self.flow("chg.reroute_flow", self.item)
        return self.detailed(text, change.delta)

    def remove_flow(self, change: Change) -> str:
        return self.flow("chg.remove_flow", self.item)

    def update_role(self, change: Change) -> str:
        text = t("chg.update_role", self.lang, name=self.role(self.item.get("id")))
        return self.detailed(text, change.delta)

    def set_practice(self, change: Change) -> str:
        name = str(self.item.get("practice", change.subject))
        what = term("say.field", f"practices.{name}", self.lang)
        texts = []
        for value in change.delta.values():
            if value is True:
                texts.append(t("chg.set_practice", self.lang, what=what))
            elif isinstance(value, Mapping) and "+" in value:
                added = join([self.role(v) for v in value["+"]], self.lang, "w.and")
                texts.append(t("chg.add_to_practice", self.lang, what=what, value=added))
            else:
                shown = value_text(value, self.lang)
                texts.append(t("chg.set_practice_value", self.lang, what=what, value=shown))
        return "".join(texts) or t("chg.set_practice", self.lang, what=what)


def role_name(spec: Mapping[str, Any], lang: str) -> str:
    """The name of a role a fix adds, in ``lang``: the pack's ``names`` for it, the
    glossary's term for its kind, or (English) the pack's ``name``."""
    names = spec.get("names") or {}
    if names.get(lang):
        return str(names[lang])
    key = f"role_kind.{spec.get('kind')}"
    if lang != "en" and key in STRINGS:
        return t(key, lang)
    return str(spec.get("name") or "")
