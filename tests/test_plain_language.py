"""Reports a client reads carry no rule language, and the Chinese ones are Chinese.

For every shipped example, in both languages and every human format (text,
Markdown, HTML), no visible line carries ``$``, operator names, ``|``-joined
kinds or snake_case identifiers once the organization's own names and rule ids
are taken out. The rule-language form stays in the JSON contract (``missing``).
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from maturity.i18n import LANGS
from tests.helpers import ROOT, run
from tests.plainlang import offending, visible_lines

EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
FORMATS = ("text", "markdown", "html")
#: Words a Chinese report keeps in Latin letters (the glossary's own terms).
LATIN_TERMS = {"CEO", "VP", "SDR", "PMM", "GTM", "OKR", "Bug", "POC", "IT", "CSM", "KA", "SaaS",
               "ARR", "maturity", "CNY", "A4", "PPT"}  # fmt: skip


def own_names(path: Path) -> list[str]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    org = data["organization"]
    names = [org["name"], org.get("assessor", ""), str(path), path.name]
    names += [r.get("name", "") for r in data.get("roles", [])]
    names += [f.get("name", "") for f in data.get("flows", [])]
    return names


def document(path: Path, fmt: str, lang: str) -> str:
    result = run("assess", str(path), "--format", fmt, "--lang", lang)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_no_rule_language_in_reports(path: Path, fmt: str, lang: str) -> None:
    lines = visible_lines(document(path, fmt, lang), fmt)
    bad = offending(lines, own_names(path))
    assert not bad, f"{len(bad)} of {len(lines)} lines carry rule language:\n" + "\n".join(bad[:20])


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_chinese_reports_are_chinese(path: Path, fmt: str) -> None:
    names = sorted(own_names(path), key=len, reverse=True)
    english = []
    # The drawing wraps the organization's own role names over several lines.
    text = re.sub(r"<svg\b.*?</svg>", "", document(path, fmt, "zh"), flags=re.S)
    for line in visible_lines(text, fmt):
        rest = line
        for name in names:
            rest = rest.replace(name, " ") if name else rest
        rest = re.sub(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b", " ", rest)  # rule ids
        words = [w for w in re.findall(r"[A-Za-z]{3,}", rest) if w not in LATIN_TERMS]
        if words:
            english.append(line)
    assert not english, "English in a Chinese report:\n" + "\n".join(english[:20])


def test_json_keeps_rule_language_for_rule_authors() -> None:
    report = json.loads(document(ROOT / "examples/beginner.toml", "json", "zh"))
    finding = next(f for f in report["findings"] if f["rule"] == "COL-A1")
    assert finding["missing"][0] == "a value_feedback flow sales → marketing|pmm|virtual_team"
    assert finding["missing_text"][0] == "从销售到市场部、产品市场经理或虚拟组织的价值反馈流程"


def test_roles_a_fix_adds_are_named_in_the_report_language(tmp_path: Path) -> None:
    written = tmp_path / "target.toml"
    beginner = str(ROOT / "examples/beginner.toml")
    args = ("plan", beginner, "--target", "intermediate", "--lang", "zh")
    result = run(*args, "--write-model", str(written))
    assert result.exit_code == 0, result.output
    model = tomllib.loads(written.read_text(encoding="utf-8"))
    added = next(r for r in model["roles"] if r["kind"] == "support")
    assert added["name"] == "热线客服"
    assert "新增角色“热线客服”，隶属于" in result.output


def _practices(schema_part: dict, prefix: str = "") -> list[str]:
    found = []
    for name, spec in schema_part.get("properties", {}).items():
        if spec.get("type") == "object" and "properties" in spec:
            found += _practices(spec, f"{prefix}{name}.")
        else:
            found.append(prefix + name)
    return found


def test_every_word_of_the_model_has_plain_words_in_every_language() -> None:
    from maturity.i18n import STRINGS
    from maturity.model.vocabulary import CADENCES, CONTENT
    from maturity.resources import schema

    model = schema("organization")["$defs"]
    keys = [f"say.value.{v}" for v in (*CONTENT, *CADENCES)]
    keys += [f"say.field.practices.{p}" for p in _practices(model["practices"])]
    flow_fields = set(model["flow"]["properties"]) - {"from", "to", "kind", "name", "notes"}
    keys += [f"say.field.{f}" for f in flow_fields - {"observed"}]
    missing = [k for k in keys if k not in STRINGS or set(STRINGS[k]) < set(LANGS)]
    assert not missing, f"no plain words for {missing} (add them to maturity/i18n/terms.py)"
