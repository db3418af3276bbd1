"""Every user-facing string in every language maturity speaks. A test checks each has all.

One catalog: report texts, the words of fix changes (``verb.*``), why a plan
leaves a rule failing (``reason.*``) and the starter model of ``maturity init``
(``template.model``). Rule texts live in the rule packs.
"""

from __future__ import annotations

from maturity.model.vocabulary import LANGS

__all__ = ["LANGS", "STRINGS", "t"]

_TEMPLATE_EN = """# An organization model for `maturity assess` (reference: docs/model.md).
# Fill in what your interviews gave; what is not stated counts as absent.

[organization]
name = "Example SaaS Co."
currency = "CNY"
arr = 30000000          # annual recurring revenue
acv = 25000             # average contract value
product_type = "general"  # data | general | vertical

[[roles]]
id = "product"
kind = "product"
name = "Product management"

[[roles]]
id = "rnd"
kind = "rnd"
name = "R&D"

[[roles]]
id = "sales"
kind = "sales"
name = "Sales"

[[roles]]
id = "marketing"
kind = "marketing"
name = "Marketing"

[[roles]]
id = "cs"
kind = "customer_success"
name = "Customer success"

# Flows: who passes what to whom.
[[flows]]
from = "sales"
to = "product"
kind = "bug_report"
urgent = false

[[flows]]
from = "product"
to = "sales"
kind = "training"
content = ["features", "operations"]
cadence = "per_release"

[practices]
bug_severity_levels = 2
"""

_TEMPLATE_ZH = """# `maturity assess` 的组织模型（字段说明见 docs/model.md）。
# 按访谈结果填写；未填写的事实视为"未说明"。

[organization]
name = "示例SaaS公司"
currency = "CNY"
arr = 30000000          # 年度经常性收入
acv = 25000             # 平均客单价
product_type = "general"  # data | general | vertical

[[roles]]
id = "product"
kind = "product"
name = "产品部"

[[roles]]
id = "rnd"
kind = "rnd"
name = "研发部"

[[roles]]
id = "sales"
kind = "sales"
name = "销售部"

[[roles]]
id = "marketing"
kind = "marketing"
name = "市场部"

[[roles]]
id = "cs"
kind = "customer_success"
name = "客户成功部"

# 流程：谁向谁传递什么。
[[flows]]
from = "sales"
to = "product"
kind = "bug_report"
urgent = false

[[flows]]
from = "product"
to = "sales"
kind = "training"
content = ["features", "operations"]
cadence = "per_release"

[practices]
bug_severity_levels = 2
"""

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
    "waivers": {"en": "Waivers", "zh": "豁免"},
    "waiver_applied": {"en": "applied", "zh": "已生效"},
    "waiver_expired": {"en": "expired, no longer applies", "zh": "已过期，不再生效"},
    "waiver_unused": {"en": "not used", "zh": "未使用"},
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
    # Markdown and HTML reports, and the process graph.
    "colon": {"en": ": ", "zh": "："},
    "generated_by": {"en": "Generated by maturity {version}", "zh": "由 maturity {version} 生成"},
    "model_size": {"en": "{roles} roles, {flows} flows", "zh": "{roles} 个角色，{flows} 条流程"},
    "ladder": {"en": "Level ladder", "zh": "段位阶梯"},
    "current": {"en": "current level", "zh": "当前段位"},
    "achieved": {"en": "achieved", "zh": "已达成"},
    "not_achieved": {"en": "not reached", "zh": "未达成"},
    "floor": {"en": "the starting level", "zh": "起点段位"},
    "score": {"en": "score", "zh": "得分"},
    "status": {"en": "status", "zh": "状态"},
    "rules_passed": {"en": "rules passed", "zh": "通过规则"},
    "required_failing": {"en": "required failing", "zh": "必需项未通过"},
    "what_blocks": {"en": "What blocks {level}", "zh": "阻碍达到{level}的因素"},
    "required_note": {
        "en": "Required rules (★) block the level for as long as they fail.",
        "zh": "必需规则（★）未通过时，无法达到该段位。",
    },
    "radar": {"en": "Stage scores, 0–100", "zh": "各环节得分（0–100）"},
    "graph": {"en": "Process graph", "zh": "流程图"},
    "graph_intro": {
        "en": "Roles and the flows between them. Red arrows are evidence of failing findings; "
        "dashed arrows and roles are what the recommendations would add.",
        "zh": "各角色及其之间的流程。红色箭头是未通过项的依据；"
        "虚线箭头和虚线角色是改进建议将新增的部分。",
    },
    "graph_unavailable": {
        "en": "The process graph is not shown: this report of {source} "
        "does not carry its roles and flows.",
        "zh": "无法显示流程图：{source} 的这份报告未包含角色和流程。",
    },
    "graph_title": {"en": "Process graph of {name}", "zh": "{name}的流程图"},
    "legend_flow": {"en": "flow", "zh": "流程"},
    "legend_failing": {"en": "evidence of a failing finding", "zh": "未通过项的依据"},
    "legend_proposed": {"en": "flow to add (recommendation)", "zh": "建议新增的流程"},
    "legend_new_role": {"en": "role to add (recommendation)", "zh": "建议新增的角色"},
    "family.leadership": {"en": "Leadership", "zh": "管理层"},
    "family.product": {"en": "Product & R&D", "zh": "产品与研发"},
    "family.marketing": {"en": "Marketing & PMM", "zh": "市场与产品市场"},
    "family.front_line": {"en": "Sales (front line)", "zh": "销售（前线）"},
    "family.service": {"en": "Customer success & support", "zh": "客户成功与服务"},
    "family.customer": {"en": "Customers", "zh": "客户"},
    "family.other": {"en": "Other", "zh": "其他"},
    "role_kind.ceo": {"en": "CEO", "zh": "CEO"},
    "role_kind.product": {"en": "Product", "zh": "产品"},
    "role_kind.rnd": {"en": "R&D", "zh": "研发"},
    "role_kind.marketing": {"en": "Marketing", "zh": "市场部"},
    "role_kind.pmm": {"en": "Product marketing (PMM)", "zh": "产品市场经理"},
    "role_kind.sales": {"en": "Sales", "zh": "销售"},
    "role_kind.sales_lead": {"en": "Sales VP", "zh": "销售VP"},
    "role_kind.presales": {"en": "Pre-sales", "zh": "售前"},
    "role_kind.sdr": {"en": "SDR", "zh": "SDR（线索培育）"},
    "role_kind.customer_success": {"en": "Customer success", "zh": "客户成功"},
    "role_kind.cs_lead": {"en": "CS VP", "zh": "客户成功VP"},
    "role_kind.support": {"en": "Support hotline", "zh": "热线客服"},
    "role_kind.implementation": {"en": "Implementation", "zh": "实施"},
    "role_kind.product_ops": {"en": "Product operations", "zh": "产品运营"},
    "role_kind.channel": {"en": "Channel partner", "zh": "渠道"},
    "role_kind.customer": {"en": "Customer", "zh": "客户"},
    "role_kind.virtual_team": {"en": "Virtual team", "zh": "虚拟组织"},
    "flow_kind.bug_report": {"en": "bug report", "zh": "Bug反馈"},
    "flow_kind.feature_request": {"en": "feature request", "zh": "功能需求"},
    "flow_kind.value_feedback": {"en": "value feedback", "zh": "价值反馈"},
    "flow_kind.feature_feedback": {"en": "feature feedback", "zh": "功能反馈"},
    "flow_kind.training": {"en": "training", "zh": "培训"},
    "flow_kind.sales_toolkit": {"en": "sales toolkit", "zh": "销售工具包"},
    "flow_kind.value_proposition": {"en": "value proposition", "zh": "价值主张"},
    "flow_kind.release_briefing": {"en": "release briefing", "zh": "新版本研讨"},
    "flow_kind.success_case": {"en": "success case", "zh": "成功案例"},
    "flow_kind.market_insight": {"en": "market insight", "zh": "市场洞察"},
    "flow_kind.design_review": {"en": "design review", "zh": "设计评审"},
    "flow_kind.roadmap_input": {"en": "roadmap input", "zh": "路线图输入"},
    "flow_kind.usage_report": {"en": "usage report", "zh": "产品使用分析报告"},
    "flow_kind.value_report": {"en": "value report", "zh": "价值量化报告"},
    "flow_kind.implementation_guide": {"en": "implementation guide", "zh": "实施指导"},
    "flow_kind.solution": {"en": "solution / POC", "zh": "解决方案/POC"},
    "flow_kind.rollout_plan": {"en": "rollout plan", "zh": "联合推广计划"},
    "flow_kind.support_request": {"en": "support request", "zh": "服务请求"},
    "status.fail": {"en": "Failing", "zh": "未通过"},
    "status.error": {"en": "Errors", "zh": "出错"},
    "status.waived": {"en": "Waived", "zh": "已豁免"},
    "status.skipped": {"en": "Skipped", "zh": "已跳过"},
    "status.pass": {"en": "Passing", "zh": "已通过"},
    "rule": {"en": "rule", "zh": "规则"},
    "none": {"en": "None.", "zh": "无。"},
    "changes": {"en": "Changes to the model", "zh": "对模型的改动"},
    "op.add_role": {"en": "add role {name} ({kind})", "zh": "新增角色 {name}（{kind}）"},
    "op.under": {"en": "{what} under {parent}", "zh": "{what}，隶属于{parent}"},
    "op.add_flow": {
        "en": "add flow {source} → {target}: {kind}",
        "zh": "新增流程 {source} → {target}：{kind}",
    },
    "op.remove_flow": {"en": "remove flows {what}", "zh": "移除流程 {what}"},
    "op.reroute_flow": {
        "en": "reroute flows {what} to {target}",
        "zh": "将流程 {what} 改道至 {target}",
    },
    "op.set_flow": {"en": "change flows {what}: {changes}", "zh": "调整流程 {what}：{changes}"},
    "op.set_role": {"en": "change roles {what}: {changes}", "zh": "调整角色 {what}：{changes}"},
    "op.set_practice": {"en": "set practices: {changes}", "zh": "设置实践：{changes}"},
    "op.each": {"en": "every {kind}", "zh": "每个{kind}"},
    "op.any": {"en": "any role", "zh": "任意角色"},
    "op.except": {"en": "(except {kinds})", "zh": "（{kinds}除外）"},
    "op.between": {"en": "between {source} and {target}", "zh": "{source}与{target}之间的"},
    # The plan's own strings (maturity plan).
    "plan_plan": {"en": "Collaboration plan", "zh": "协同段位提升计划"},
    "plan_target": {"en": "Target", "zh": "目标"},
    "plan_reached": {"en": "reached", "zh": "可达成"},
    "plan_not_reached": {"en": "NOT reached by fixes alone", "zh": "仅靠修复操作无法达成"},
    "plan_summary": {
        "en": "{rules} rules to fix, {changes} changes, {rounds} round(s)",
        "zh": "需改进 {rules} 条规则，共 {changes} 项变更，{rounds} 轮",
    },
    "plan_before_after": {"en": "before → after", "zh": "调整前 → 调整后"},
    "plan_changes": {"en": "Changes, in order", "zh": "变更（按顺序）"},
    "plan_no_changes": {"en": "No changes needed.", "zh": "无需变更。"},
    "plan_still_fails": {"en": "(the rule still fails)", "zh": "（规则仍未通过）"},
    "plan_remaining": {"en": "Still failing", "zh": "仍未通过"},
    "plan_required_failed": {"en": "required failing", "zh": "未通过的必需项"},
    "plan_keep": {"en": "keep {level}", "zh": "保持{level}"},
    "plan_stage_target": {"en": "{stage} at least {score}", "zh": "{stage}不低于 {score}"},
    "plan_stage_met": {"en": "target {score}: met", "zh": "目标 {score}：已达到"},
    "plan_stage_unmet": {"en": "target {score}: NOT met", "zh": "目标 {score}：未达到"},
    "plan_one_step": {
        "en": "(one step of several: the rule scores more, and does not pass yet)",
        "zh": "（分步推进中的一步：得分提高，尚未通过）",
    },
    "plan_lowered": {"en": "Scores the changes lowered, and why", "zh": "变更导致下降的得分及原因"},
    "plan_lowered_new": {
        "en": "{rule}  {title}: applies now and scores {after}",
        "zh": "{rule}  {title}：现在开始适用，得分 {after}",
    },
    "plan_lowered_less": {
        "en": "{rule}  {title}: scores {before} → {after}",
        "zh": "{rule}  {title}：得分 {before} → {after}",
    },
    "plan_level_unmet": {
        "en": "{level} not reached: weighted score {score} (threshold {threshold}); "
        "required rules failing: {required}",
        "zh": "未达到{level}：加权得分 {score}（门槛 {threshold}）；未通过的必需项：{required}",
    },
    # How each kind of change a fix makes reads (maturity.fixes.apply.Change).
    "verb.add_role": {"en": "add role", "zh": "新增角色"},
    "verb.add_flow": {"en": "add flow", "zh": "新增流程"},
    "verb.update_flow": {"en": "update flow", "zh": "更新流程"},
    "verb.remove_flow": {"en": "remove flow", "zh": "删除流程"},
    "verb.reroute_flow": {"en": "reroute flow", "zh": "改道流程"},
    "verb.update_role": {"en": "update role", "zh": "更新角色"},
    "verb.set_practice": {"en": "set practice", "zh": "设置实践"},
    "verb.no_change": {"en": "no change", "zh": "无变更"},
    # Why a rule still fails after a plan; ``{detail}`` is filled in.
    "reason.error": {"en": "the rule errored: {detail}", "zh": "规则运行出错：{detail}"},
    "reason.no_fix": {
        "en": "it has no fix: change the organization by hand",
        "zh": "没有可自动模拟的修复，需要人工调整组织",
    },
    "reason.fix_error": {"en": "its fix is malformed: {detail}", "zh": "修复操作有误：{detail}"},
    "reason.no_effect": {
        "en": "its fix changes nothing in this organization",
        "zh": "修复操作对该组织没有产生任何变更",
    },
    "reason.still_fails": {
        "en": "its fix was applied but the rule still fails",
        "zh": "已应用修复操作，但规则仍未通过",
    },
    "reason.attempts": {
        "en": "its fix was applied {detail} times and another change undoes it",
        "zh": "修复操作已应用 {detail} 次，仍被其他变更抵消",
    },
    "reason.undone": {
        "en": "another change undoes it (rounds exhausted)",
        "zh": "被其他变更抵消（已达最大轮数）",
    },
    "reason.not_needed": {"en": "not needed to reach the target", "zh": "达到目标不需要此项"},
    # The starter model `maturity init` writes: valid, commented, beginner-level.
    "template.model": {"en": _TEMPLATE_EN, "zh": _TEMPLATE_ZH},
    # The drift report of `maturity discover --compare`.
    "drift_title": {"en": "Declared and observed organization", "zh": "声明的组织与观察到的组织"},
    "drift_declared": {"en": "Declared model", "zh": "声明的模型"},
    "drift_observed": {"en": "Observed in the logs", "zh": "日志中观察到的组织"},
    "drift_observed_line": {
        "en": "{source}: {events} events, {cases} cases, {handovers} hand-overs between roles "
        "({first} to {last})",
        "zh": "{source}：{events} 个事件，{cases} 个案例，"
        "角色之间 {handovers} 次交接（{first} 至 {last}）",
    },
    "drift_covered": {"en": "Flow kinds the logs can show", "zh": "日志能反映的流程类型"},
    "drift_contradictions": {"en": "Contradictions", "zh": "矛盾之处"},
    "drift_not_observed": {"en": "Declared but not observed", "zh": "声明了但未观察到"},
    "drift_not_declared": {"en": "Observed but not declared", "zh": "观察到了但未声明"},
    "drift_none": {"en": "none", "zh": "无"},
    "drift_route": {
        "en": "{share} of the {kind} hand-overs from {sender} go straight to {target} "
        "({count} of {total}; {outside} of them match no declared flow); "
        "the model says they go through {declared}.",
        "zh": "{sender}的{kind}中有 {share} 直接交给{target}（{total} 次中 {count} 次，"
        "其中 {outside} 次不符合任何声明的流程）；模型中写的是经由{declared}。",
    },
    "drift_flag": {
        "en": "The model says the {kind} flow from {sender} to {target} carries only items "
        "that are {state}; {share} of the observed hand-overs are not ({count} of {total}).",
        "zh": "模型中写的是{sender}到{target}的{kind}只包含{state}的事项；"
        "观察到的交接中有 {share} 不是（{total} 次中 {count} 次）。",
    },
    "drift_not": {"en": "not {flag}", "zh": "非{flag}"},
    "drift_or": {"en": " or ", "zh": "或"},
    "drift_flow": {"en": "{sender} → {target}: {kind}", "zh": "{sender} → {target}：{kind}"},
    "drift_counts": {
        "en": "{count} hand-overs in {cases} cases, {share} of the sender's",
        "zh": "{cases} 个案例中 {count} 次交接，占发送方的 {share}",
    },
    "drift_unmapped": {"en": "Not mapped", "zh": "未映射"},
    "drift_unmapped_resources": {
        "en": "{total} events by resources that match no role: {items}",
        "zh": "{total} 个事件的执行人不属于任何角色：{items}",
    },
    "drift_unmapped_activities": {
        "en": "{total} hand-overs that match no flow kind, by receiving activity: {items}",
        "zh": "{total} 次交接不符合任何流程类型（按接收活动）：{items}",
    },
    "drift_assessed": {"en": "Both models assessed", "zh": "两个模型的评估对比"},
    "drift_rules_differ": {"en": "Rules whose result differs", "zh": "结果不同的规则"},
    "drift_rules_same": {
        "en": "Every rule has the same result on both models.",
        "zh": "两个模型上每条规则的结果都相同。",
    },
    "drift_not_assessed": {"en": "not assessed", "zh": "未评估"},
    "observed_counts": {
        "en": "(observed: {handovers} hand-overs in {cases} cases, {share} of the sender's)",
        "zh": "（观察到：{cases} 个案例中 {handovers} 次交接，占发送方的 {share}）",
    },
    "flag.urgent": {"en": "urgent", "zh": "紧急"},
    "flag.tracked": {"en": "tracked in a system", "zh": "有系统跟踪"},
    "flag.linked_to_customer": {"en": "linked to the customer", "zh": "关联到客户"},
    "flag.reproduced": {"en": "reproduced", "zh": "已复现"},
    "flag.classified": {"en": "classified", "zh": "已分类"},
    "flag.automated": {"en": "automated", "zh": "自动生成"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang`` (English when missing), formatted with ``values``."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
