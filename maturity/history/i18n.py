"""Strings of the history, diff and trend views, in every language the reports speak.

Words the reports already have (levels, stages, statuses) come from
:mod:`maturity.report.i18n`; this table holds only what is new here.
"""

from __future__ import annotations

from maturity.i18n import t as report_t

STRINGS: dict[str, dict[str, str]] = {
    "diff_title": {"en": "What changed", "zh": "变化对比"},
    "diff_sides": {"en": "{old} → {new}", "zh": "{old} → {new}"},
    "side": {
        "en": "{label} ({org}, {when}, level {level})",
        "zh": "{label}（{org}，{when}，{level}）",
    },
    "now": {"en": "assessed now", "zh": "当前评估"},
    "level_line": {
        "en": "Level: {old} → {new} ({change})",
        "zh": "段位：{old} → {new}（{change}）",
    },
    "level_up": {"en": "up {n} level(s)", "zh": "提升 {n} 段"},
    "level_down": {"en": "down {n} level(s)", "zh": "下降 {n} 段"},
    "level_same": {"en": "unchanged", "zh": "未变"},
    "stage_changes": {"en": "Value loop stages", "zh": "价值闭环各环节"},
    "points": {"en": "{sign}{n} points", "zh": "{sign}{n} 分"},
    "org_changes": {"en": "Changes in the organization ({n})", "zh": "组织变化（{n} 项）"},
    "no_org_changes": {"en": "The organization model did not change.", "zh": "组织模型没有变化。"},
    "role_added": {"en": "new role {name} ({kind})", "zh": "新增角色 {name}（{kind}）"},
    "role_removed": {"en": "role {name} ({kind}) removed", "zh": "移除角色 {name}（{kind}）"},
    "role_changed": {"en": "role {name}: {fields}", "zh": "角色 {name}：{fields}"},
    "flow_added": {
        "en": "new flow {source} → {target}: {kind}",
        "zh": "新增流程 {source} → {target}：{kind}",
    },
    "flow_removed": {
        "en": "flow {source} → {target}: {kind} removed",
        "zh": "移除流程 {source} → {target}：{kind}",
    },
    "flow_changed": {
        "en": "flow {source} → {target}: {kind}: {fields}",
        "zh": "流程 {source} → {target}：{kind}：{fields}",
    },
    "org_field": {"en": "organization: {fields}", "zh": "组织信息：{fields}"},
    "practice_field": {"en": "practice: {fields}", "zh": "实践：{fields}"},
    "field_change": {"en": "{field} {old} → {new}", "zh": "{field} {old} → {new}"},
    "unstated": {"en": "not stated", "zh": "未说明"},
    "finding_changes": {"en": "Findings that changed ({n})", "zh": "结论变化的规则（{n} 条）"},
    "no_finding_changes": {"en": "No finding changed.", "zh": "没有规则的结论发生变化。"},
    "direction.fixed": {"en": "now passes", "zh": "已改善"},
    "direction.regressed": {"en": "now fails", "zh": "已退步"},
    "direction.changed": {"en": "changed", "zh": "有变化"},
    "direction.new_rule": {"en": "new rule", "zh": "新规则"},
    "direction.dropped_rule": {"en": "rule no longer run", "zh": "规则已不再检查"},
    "status_change": {"en": "{old} → {new}", "zh": "{old} → {new}"},
    "related": {"en": "related changes: {names}", "zh": "相关变化：{names}"},
    "method": {"en": "Method", "zh": "评估方法"},
    "method_same": {
        "en": "Both sides were assessed with the same engine and rule pack versions.",
        "zh": "两次评估使用相同版本的引擎和规则包。",
    },
    "method_changed": {
        "en": "The engine or the rule packs changed between the two assessments ({what}). "
        "{sides} re-assessed with the current versions, so the level, stage and finding "
        "changes above are the organization's own.",
        "zh": "两次评估之间引擎或规则包有更新（{what}）。已用当前版本重新评估 {sides}，"
        "因此以上段位、环节和规则结论的变化均来自组织自身。",
    },
    "engine": {"en": "maturity {old} → {new}", "zh": "maturity {old} → {new}"},
    "pack_version": {"en": "pack {id} {old} → {new}", "zh": "规则包 {id} {old} → {new}"},
    "method_effect": {
        "en": "Re-assessing {side} alone changed: level {old} → {new}; {n} finding(s) changed.",
        "zh": "仅重新评估 {side} 带来的变化：段位 {old} → {new}；{n} 条规则结论变化。",
    },
    "absent": {"en": "absent", "zh": "无"},
    # history
    "history_title": {"en": "Assessment history", "zh": "评估历史"},
    "history_empty": {"en": "No recorded assessments.", "zh": "没有已记录的评估。"},
    "when": {"en": "date", "zh": "日期"},
    "client": {"en": "client", "zh": "客户"},
    "label": {"en": "label", "zh": "备注"},
    "versions": {"en": "versions", "zh": "版本"},
    # trend
    "trend": {"en": "Trend", "zh": "趋势"},
    "trend_intro": {
        "en": "Level and stage scores of the recorded assessments of {client}, oldest first.",
        "zh": "{client} 历次已记录评估的段位与各环节得分（按时间先后）。",
    },
    "trend_method_note": {
        "en": "The rule packs changed between some of these assessments (marked ◆): "
        "`maturity diff` separates that from the organization's progress.",
        "zh": "部分评估之间规则包版本有变化（以 ◆ 标出）："
        "可用 `maturity diff` 区分方法变化与组织进步。",
    },
}


def t(key: str, lang: str, **values: object) -> str:
    """``key`` from this table, else from the reports' table, in ``lang``."""
    entry = STRINGS.get(key)
    if entry is None:
        return report_t(key, lang, **values)
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
