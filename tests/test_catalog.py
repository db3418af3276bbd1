"""One message catalog: every kind of message the code looks up is there, in every language."""

from __future__ import annotations

import re
import tomllib

from maturity.fixes.changes import EFFECTS
from maturity.i18n import LANGS, STRINGS, t
from maturity.model.validate import validate_data
from maturity.model.vocabulary import LEVELS, STAGES
from tests.helpers import ROOT


def test_every_change_action_has_a_verb() -> None:
    assert {key.removeprefix("verb.") for key in STRINGS if key.startswith("verb.")} == set(EFFECTS)


def test_every_reason_a_plan_gives_is_in_the_catalog() -> None:
    source = (ROOT / "maturity" / "fixes" / "plan.py").read_text(encoding="utf-8")
    codes = set(
        re.findall(r'exhausted(?:\[[^\]]+\] = |\.setdefault\([^,]+, )\("([a-z_]+)"', source)
    )
    codes |= set(re.findall(r'return "([a-z_]+)", ', source))
    assert {"no_fix", "no_effect", "undone"} <= codes, "the reason codes were not found"
    missing = sorted(code for code in codes if f"reason.{code}" not in STRINGS)
    assert not missing


def test_levels_and_stages_have_names_in_every_language() -> None:
    for key in (*LEVELS, *STAGES):
        assert all(STRINGS[key].get(lang) for lang in LANGS), key


def test_the_starter_model_is_valid_in_every_language() -> None:
    for lang in LANGS:
        validate_data(tomllib.loads(t("template.model", lang)), f"<starter {lang}>")


def test_constants_are_defined_once() -> None:
    homes: dict[str, list[str]] = {}
    for path in sorted((ROOT / "maturity").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for first in re.findall(r'^\w+ = \(\s*"(beginner|refine|en)",', text, re.MULTILINE):
            homes.setdefault(first, []).append(path.relative_to(ROOT).as_posix())
    assert homes == {
        "beginner": ["maturity/model/vocabulary.py"],
        "refine": ["maturity/model/vocabulary.py"],
        "en": ["maturity/i18n/__init__.py"],
    }
