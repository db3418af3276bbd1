"""Built-in strings in every language the reports speak. A test checks each has all."""

from __future__ import annotations

LANGS = ("en", "zh")

STRINGS: dict[str, dict[str, str]] = {
    "assessment": {"en": "Collaboration maturity assessment", "zh": "产品价值协同成熟度评估"},
    "organization": {"en": "Organization", "zh": "组织"},
    "source": {"en": "Source", "zh": "来源"},
    "level": {"en": "Collaboration level", "zh": "协同段位"},
    "beginner": {"en": "beginner", "zh": "初段"},
    "intermediate": {"en": "intermediate", "zh": "中段"},
    "advanced": {"en": "advanced", "zh": "高段"},
    "next_level": {"en": "Next level", "zh": "下一段位"},
    "progress": {"en": "progress", "zh": "进度"},
    "threshold": {"en": "threshold", "zh": "门槛"},
    "top_level": {"en": "the highest level is reached", "zh": "已达最高段位"},
    "blocked_by": {"en": "Blocked by", "zh": "阻碍项"},
    "required": {"en": "required", "zh": "必需"},
    "stages": {"en": "Value loop stages", "zh": "价值闭环各环节"},
    "refine": {"en": "refine", "zh": "价值提炼"},
    "deliver": {"en": "deliver", "zh": "价值传递"},
    "realize": {"en": "realize", "zh": "价值实现"},
    "quantify": {"en": "quantify", "zh": "价值量化"},
    "no_rules": {"en": "no rules", "zh": "无规则"},
    "findings": {"en": "Findings", "zh": "发现"},
    "pass": {"en": "pass", "zh": "通过"},
    "fail": {"en": "fail", "zh": "未通过"},
    "error": {"en": "error", "zh": "出错"},
    "skipped": {"en": "skipped", "zh": "跳过"},
    "waived": {"en": "waived", "zh": "豁免"},
    "evidence": {"en": "evidence", "zh": "依据"},
    "missing": {"en": "missing", "zh": "缺少"},
    "not_stated": {"en": "not stated", "zh": "未说明"},
    "recommendations": {"en": "Recommendations", "zh": "改进建议"},
    "role_change": {"en": "Role changes", "zh": "角色调整"},
    "process_change": {"en": "Process changes", "zh": "流程调整"},
    "errors": {"en": "Errors", "zh": "错误"},
    "notices": {"en": "Notices", "zh": "提示"},
    "passed_of": {"en": "{passed} of {total} rules pass", "zh": "{total} 条规则中通过 {passed} 条"},
    "summary": {
        "en": "{passed} passed, {failed} failed, {skipped} skipped, {errors} errors",
        "zh": "通过 {passed}，未通过 {failed}，跳过 {skipped}，出错 {errors}",
    },
    "role": {"en": "role", "zh": "角色"},
    "flow": {"en": "flow", "zh": "流程"},
    "fact": {"en": "fact", "zh": "事实"},
    "raw_level": {"en": "without waivers", "zh": "不计豁免"},
    "effort": {"en": "effort", "zh": "工作量"},
    "blocks": {"en": "blocks {level}", "zh": "阻碍{level}"},
    "packs": {"en": "Rule packs", "zh": "规则包"},
    "severity": {"en": "severity", "zh": "严重度"},
    "info": {"en": "info", "zh": "提示"},
    "low": {"en": "low", "zh": "低"},
    "medium": {"en": "medium", "zh": "中"},
    "high": {"en": "high", "zh": "高"},
    "critical": {"en": "critical", "zh": "严重"},
    "stage": {"en": "stage", "zh": "环节"},
    "rationale": {"en": "Why", "zh": "依据来源"},
    "recommendation": {"en": "Recommendation", "zh": "建议"},
    "fix": {"en": "Fix", "zh": "修复操作"},
    "checks": {"en": "What it checks", "zh": "检查内容"},
    "loop_only": {"en": "value loop only", "zh": "仅价值闭环"},
    "id": {"en": "id", "zh": "编号"},
    "title": {"en": "title", "zh": "标题"},
    "weight": {"en": "weight", "zh": "权重"},
    "type": {"en": "type", "zh": "类型"},
    "practice": {"en": "practice", "zh": "实践"},
    "anti_pattern": {"en": "anti-pattern", "zh": "反模式"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang`` (English when missing), formatted with ``values``."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
