"""One message catalog: every kind of message the code looks up is there, in every language."""

from __future__ import annotations

import re
import tomllib

from maturity.fixes.apply import EFFECTS
from maturity.i18n import STRINGS, t
from maturity.model.validate import validate_data
from maturity.model.vocabulary import LANGS, LEVELS, STAGES
from tests.helpers import ROOT


def test_every_change_action_has_a_verb() -> None:
    assert {key.removeprefix("verb.") for key in STRINGS if key.startswith("verb.")} == set(EFFECTS)


def test_every_reason_a_plan_gives_is_in_the_catalog() -> None:
    source = (ROOT / "maturity" / "fixes" / "plan.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'(?:\(|return )"([a-z_]+)", ', source))
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
    pattern = re.compile(r'^\w+ = \(\s*"(beginner|refine|en)",', re.MULTILINE)
    homes = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "maturity").rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert homes == ["maturity/model/vocabulary.py"]
