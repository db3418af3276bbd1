"""A model problem an edit causes, said in the page's language.

The validator words its problems in English (the command line's and the
JSON contract's language). The studio's page is in the consultant's language,
so the problems an edit can cause — an unknown role, a flow to itself, a
duplicate id, a cycle, an unknown kind, a missing field, a bad id — are
matched here and said from the catalog; any other problem is shown as the
validator wrote it. A test makes each of these problems happen and checks it
is translated, so a reworded validator message cannot slip by.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from maturity.studio.texts import t

_CLOSE = r"(?: \(did you mean '(?P<close>[^']*)'\?\))?"
_LABELS = {"role kind": "role_kind", "flow kind": "flow_kind", "content tag": "content_tag"}


def _close(found: re.Match[str], lang: str) -> str:
    close = found.group("close")
    return t("problem.did_you_mean", lang, close=close) if close else ""


def _unknown_kind(found: re.Match[str], lang: str) -> str:
    what = t(f"problem.{_LABELS[found.group('what')]}", lang)
    text = t("problem.unknown_kind", lang, what=what, value=found.group("value"))
    if found.group("choices"):
        return text + t("problem.one_of", lang, choices=found.group("choices"))
    close = found.group("close")
    return text + (t("problem.did_you_mean", lang, close=close) if close else "")


Say = Callable[[re.Match[str], str], str]

#: (pattern, how to say it): each pattern matches a whole message of the validator.
PATTERNS: list[tuple[re.Pattern[str], Say]] = [
    (re.compile(rf"unknown role '(?P<id>[^']*)'{_CLOSE}"),
     lambda m, lang: t("problem.unknown_role", lang, id=m.group("id")) + _close(m, lang)),
    (re.compile(r"a flow from role '(?P<id>[^']*)' to itself"),
     lambda m, lang: t("problem.self_flow", lang, id=m.group("id"))),
    (re.compile(r"duplicate role id '(?P<id>[^']*)' \(first defined at roles\[\d+\]\)"),
     lambda m, lang: t("problem.duplicate_role", lang, id=m.group("id"))),
    (re.compile(r"parent cycle: (?P<cycle>.*)"),
     lambda m, lang: t("problem.parent_cycle", lang, cycle=m.group("cycle"))),
    (re.compile(r"members cycle: (?P<cycle>.*)"),
     lambda m, lang: t("problem.members_cycle", lang, cycle=m.group("cycle"))),
    (re.compile(r"unknown (?P<what>role kind|flow kind|content tag) (?P<value>\"[^\"]*\")"
                rf"(?:{_CLOSE}| \(expected one of: (?P<choices>.*)\))"),
     _unknown_kind),
    (re.compile(r"missing required field '(?P<field>[^']*)'"),
     lambda m, lang: t("problem.missing_field", lang, field=m.group("field"))),
    (re.compile(r"(?:string )?(?P<value>.*) is not a valid id: .*"),
     lambda m, lang: t("problem.bad_id", lang, value=m.group("value"))),
]  # fmt: skip


def say(message: str, lang: str) -> str:
    """``message`` in ``lang``, when it is one of the problems an edit causes."""
    if lang == "en":
        return message
    for pattern, how in PATTERNS:
        found = pattern.fullmatch(message)
        if found:
            return how(found, lang)
    return message
