"""No rule passes on an organization without the roles it is about; scores explained."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import EXAMPLES, run

LONE = """
[organization]
name = "Lone product team"

[[roles]]
id = "p"
kind = "product"
name = "Product"
"""


def report(path: Path, lang: str = "en", fmt: str = "json") -> str:
    return run("assess", str(path), "--format", fmt, "--lang", lang).output


def test_rules_about_absent_roles_are_skipped_not_passed(tmp_path: Path) -> None:
    model = tmp_path / "lone.toml"
    model.write_text(LONE, encoding="utf-8")
    findings = {f["rule"]: f for f in json.loads(report(model))["findings"]}
    assert not [r for r, f in findings.items() if f["status"] == "pass"]
    col_i6 = findings["COL-I6"]  # "raw bugs are not thrown at product": no sales, no CS
    assert col_i6["status"] == "skipped"
    assert col_i6["missing_text"] == [
        "the organization has no Customer success or Sales, which this rule is about"
    ]
    text = report(model, "zh", "text")
    assert "跳过原因: 组织中没有该规则涉及的客户成功或销售" in text


def test_a_rule_with_its_roles_present_still_passes() -> None:
    findings = {f["rule"]: f for f in json.loads(report(EXAMPLES / "advanced.toml"))["findings"]}
    assert findings["COL-I6"]["status"] == "pass"


def test_weighted_scores_are_explained() -> None:
    text = report(EXAMPLES / "beginner.toml", "en", "text")
    assert "Scores are weighted" in text
    assert "weight 2" in text or "weight 3" in text
    markdown = report(EXAMPLES / "beginner.toml", "zh", "markdown")
    assert "得分按权重计算" in markdown
