"""The catalog's strings of the consultant's workflow: the interview (``ask.*``,
``interview.*``), fields and values in words (``field.*``, ``value.*``), history, diff
and trend (``history.*``). Part of :data:`maturity.i18n.STRINGS`.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # maturity history, maturity diff, and the trend in the reports.
    "history.diff_title": {"en": "What changed", "zh": "变化对比"},
    "history.diff_sides": {"en": "{old} → {new}", "zh": "{old} → {new}"},
    "history.side": {
        "en": "{label} ({org}, {when}, level {level})",
        "zh": "{label}（{org}，{when}，{level}）",
    },
    "history.now": {"en": "assessed now", "zh": "当前评估"},
    "history.level_line": {
        "en": "Level: {old} → {new} ({change})",
        "zh": "段位：{old} → {new}（{change}）",
    },
    "history.recorded_note": {
        "en": "recorded assessment #{id} of {client} in {path}",
        "zh": "已记录 {client} 的评估 #{id}：{path}",
    },
    "history.no_trend_note": {
        "en": "note: no assessment history at {path} yet, so the report shows no trend",
        "zh": "提示：{path} 还没有评估历史，报告中没有趋势",
    },
    "history.level_up": {"en": "up {n} levels", "zh": "提升 {n} 段"},
    "history.level_down": {"en": "down {n} levels", "zh": "下降 {n} 段"},
    "history.level_up_one": {"en": "up one level", "zh": "提升 1 段"},
    "history.level_down_one": {"en": "down one level", "zh": "下降 1 段"},
    "history.level_same": {"en": "unchanged", "zh": "未变"},
    "history.stage_changes": {"en": "Value loop stages", "zh": "价值闭环各环节"},
    "history.points": {"en": "{sign}{n} points", "zh": "{sign}{n} 分"},
    "history.org_changes": {"en": "Changes in the organization ({n})", "zh": "组织变化（{n} 项）"},
    "history.no_org_changes": {
        "en": "The organization model did not change.",
        "zh": "组织模型没有变化。",
    },
    "history.role_added": {"en": "new role {name} ({kind})", "zh": "新增角色 {name}（{kind}）"},
    "history.role_removed": {
        "en": "role {name} ({kind}) removed",
        "zh": "移除角色 {name}（{kind}）",
    },
    "history.role_changed": {"en": "role {name}: {fields}", "zh": "角色 {name}：{fields}"},
    "history.flow_added": {
        "en": "new flow {source} → {target}: {kind}",
        "zh": "新增流程 {source} → {target}：{kind}",
    },
    "history.flow_removed": {
        "en": "flow {source} → {target}: {kind} removed",
        "zh": "移除流程 {source} → {target}：{kind}",
    },
    "history.flow_changed": {
        "en": "flow {source} → {target}: {kind}: {fields}",
        "zh": "流程 {source} → {target}：{kind}：{fields}",
    },
    "history.org_field": {"en": "organization: {fields}", "zh": "组织信息：{fields}"},
    "history.practice_field": {"en": "practice: {fields}", "zh": "实践：{fields}"},
    "history.field_change": {"en": "{field} {old} → {new}", "zh": "{field} {old} → {new}"},
    "history.unstated": {"en": "not stated", "zh": "未说明"},
    "history.finding_changes": {
        "en": "Findings that changed ({n})",
        "zh": "结论变化的规则（{n} 条）",
    },
    "history.no_finding_changes": {"en": "No finding changed.", "zh": "没有规则的结论发生变化。"},
    "history.direction.fixed": {"en": "now passes", "zh": "已改善"},
    "history.direction.regressed": {"en": "now fails", "zh": "已退步"},
    "history.direction.changed": {"en": "changed", "zh": "有变化"},
    "history.direction.new_rule": {"en": "new rule", "zh": "新规则"},
    "history.direction.dropped_rule": {"en": "rule no longer run", "zh": "规则已不再检查"},
    "history.status_change": {"en": " ({old} → {new})", "zh": "（{old} → {new}）"},
    "history.list_sep": {"en": ", ", "zh": "、"},
    "history.related": {"en": "related changes: {names}", "zh": "相关变化：{names}"},
    "history.method": {"en": "Method", "zh": "评估方法"},
    "history.method_same": {
        "en": "Both sides were assessed with the same engine and rule pack versions.",
        "zh": "两次评估使用相同版本的引擎和规则包。",
    },
    "history.method_changed": {
        "en": "The engine or the rule packs changed between the two assessments "
        "({what}). {sides} re-assessed with the current versions, so the "
        "level, stage and finding changes above are the organization's own.",
        "zh": "两次评估之间引擎或规则包有更新（{what}）。已用当前版本重新评估 {sides}，"
        "因此以上段位、环节和规则结论的变化均来自组织自身。",
    },
    "history.engine": {"en": "maturity {old} → {new}", "zh": "maturity {old} → {new}"},
    "history.pack_version": {"en": "pack {id} {old} → {new}", "zh": "规则包 {id} {old} → {new}"},
    "history.method_effect": {
        "en": "Re-assessing {side} alone changed: level {old} → {new}; {n} finding(s) changed.",
        "zh": "仅重新评估 {side} 带来的变化：段位 {old} → {new}；{n} 条规则结论变化。",
    },
    "history.absent": {"en": "absent", "zh": "无"},
    "history.history_title": {"en": "Assessment history", "zh": "评估历史"},
    "history.history_empty": {"en": "No recorded assessments.", "zh": "没有已记录的评估。"},
    "history.when": {"en": "date", "zh": "日期"},
    "history.client": {"en": "client", "zh": "客户"},
    "history.label": {"en": "label", "zh": "备注"},
    "history.versions": {"en": "versions", "zh": "版本"},
    "history.trend": {"en": "Trend", "zh": "趋势"},
    "history.trend_intro": {
        "en": "Level and stage scores of the recorded assessments of {client}, oldest first.",
        "zh": "{client} 历次已记录评估的段位与各环节得分（按时间先后）。",
    },
    "history.trend_method_note": {
        "en": "The rule packs changed between some of these assessments (marked ◆): "
        "`maturity diff` separates that from the organization's progress.",
        "zh": "部分评估之间规则包版本有变化（以 ◆ 标出）："
        "可用 `maturity diff` 区分方法变化与组织进步。",
    },
    # Fields and values of the model in words (interview questions, workbook headers, diffs).
    "field.name": {"en": "name", "zh": "名称"},
    "field.currency": {"en": "currency", "zh": "币种"},
    "field.arr": {"en": "annual recurring revenue (ARR)", "zh": "年度经常性收入（ARR）"},
    "field.acv": {"en": "average contract value (ACV)", "zh": "平均客单价（ACV）"},
    "field.product_type": {"en": "product type", "zh": "产品类型"},
    "field.headcount": {"en": "headcount", "zh": "人数"},
    "field.notes": {"en": "notes", "zh": "备注"},
    "field.id": {"en": "id", "zh": "编号"},
    "field.kind": {"en": "kind", "zh": "类型"},
    "field.parent": {"en": "reports to", "zh": "上级部门"},
    "field.okrs": {"en": "OKRs / KPIs", "zh": "OKR/KPI"},
    "field.members": {"en": "members", "zh": "成员"},
    "field.from": {"en": "from", "zh": "发出方"},
    "field.to": {"en": "to", "zh": "接收方"},
    "field.urgent": {"en": "urgent", "zh": "紧急"},
    "field.tracked": {"en": "tracked in a system", "zh": "系统跟踪"},
    "field.linked_to_customer": {"en": "linked to the customer", "zh": "关联到客户"},
    "field.reproduced": {"en": "reproduced first", "zh": "已复现"},
    "field.classified": {"en": "classified", "zh": "已分类"},
    "field.automated": {"en": "automated", "zh": "自动化"},
    "field.content": {"en": "content", "zh": "内容"},
    "field.cadence": {"en": "cadence", "zh": "频率"},
    "field.observed": {"en": "observed in the logs", "zh": "日志观察数据"},
    "field.bug_severity_levels": {"en": "bug severity levels", "zh": "Bug 严重级别数"},
    "field.severity_slas": {"en": "handling time limits per severity", "zh": "按级别设处理时限"},
    "field.issue_tracker": {"en": "issue tracker", "zh": "问题跟踪系统"},
    "field.positioning.market": {
        "en": "positioning: target market",
        "zh": "产品定位：目标市场",
    },
    "field.positioning.problem": {
        "en": "positioning: problem solved",
        "zh": "产品定位：解决的问题",
    },
    "field.positioning.capability": {
        "en": "positioning: core capability",
        "zh": "产品定位：核心能力",
    },
    "field.positioning.differentiation": {
        "en": "positioning: differentiation",
        "zh": "产品定位：差异化",
    },
    "field.in_product_customization": {
        "en": "solutions customized inside the product",
        "zh": "在产品内完成方案定制",
    },
    "field.issue_tracker.links_customers": {
        "en": "issue tracker links bugs to customers",
        "zh": "问题跟踪系统关联客户",
    },
    "field.issue_tracker.visible_to": {
        "en": "issue tracker visible to",
        "zh": "问题跟踪系统可见部门",
    },
    "field.value_proposition": {
        "en": "value stated in the customer's language",
        "zh": "用客户语言表述价值",
    },
    "field.product_fitness_map": {
        "en": "map of what works in real use",
        "zh": "产品功能实用度地图",
    },
    "field.competitive_analysis": {"en": "competitive analysis", "zh": "竞品分析"},
    "field.competitor_gap_playbook": {
        "en": "playbook for competitors' advantages",
        "zh": "应对竞品优势的方法",
    },
    "field.requirement_classes": {"en": "requirements classified", "zh": "需求分类"},
    "field.usage_analytics": {"en": "usage analytics", "zh": "产品使用数据分析"},
    "field.value_quantification": {"en": "value quantification", "zh": "价值量化"},
    "field.value_metrics": {"en": "value metrics", "zh": "价值度量指标"},
    "field.north_star_metric": {"en": "north-star metric", "zh": "北极星指标"},
    "field.customer_health_model": {"en": "customer health model", "zh": "客户健康度模型"},
    "field.target_persona": {"en": "target persona", "zh": "目标用户画像"},
    "field.pricing_model": {"en": "pricing model", "zh": "定价模型"},
    "field.self_serve_onboarding": {"en": "self-serve onboarding", "zh": "自助上手"},
    "field.toolkit_mode": {"en": "sales toolkit mode", "zh": "销售工具包模式"},
    "field.positioning": {"en": "positioning", "zh": "产品定位"},
    "field.field": {"en": "field", "zh": "字段"},
    "field.value": {"en": "value", "zh": "值"},
    "field.meaning": {"en": "meaning", "zh": "含义"},
    "value.features": {"en": "features", "zh": "功能"},
    "value.operations": {"en": "operations", "zh": "操作"},
    "value.value": {"en": "value", "zh": "价值"},
    "value.scenarios": {"en": "scenarios", "zh": "场景"},
    "value.cases": {"en": "customer cases", "zh": "客户案例"},
    "value.persona": {"en": "persona", "zh": "用户画像"},
    "value.pricing": {"en": "pricing", "zh": "定价"},
    "value.competition": {"en": "competition", "zh": "竞争"},
    "value.security": {"en": "security", "zh": "安全"},
    "value.requirements": {"en": "requirements", "zh": "需求"},
    "value.introduction": {"en": "introduction", "zh": "产品介绍"},
    "value.solutions": {"en": "solutions", "zh": "解决方案"},
    "value.positioning": {"en": "positioning", "zh": "产品定位"},
    "value.management_goal": {"en": "management goal", "zh": "管理目标"},
    "value.current_approach": {"en": "current approach", "zh": "现有做法"},
    "value.desired_result": {"en": "desired result", "zh": "期望结果"},
    "value.per_release": {"en": "every release", "zh": "每个版本"},
    "value.weekly": {"en": "weekly", "zh": "每周"},
    "value.monthly": {"en": "monthly", "zh": "每月"},
    "value.quarterly": {"en": "quarterly", "zh": "每季度"},
    "value.ad_hoc": {"en": "ad hoc", "zh": "不定期"},
    "value.continuous": {"en": "continuously", "zh": "持续"},
    "value.none": {"en": "none", "zh": "无"},
    "value.manual": {"en": "by hand", "zh": "手工"},
    "value.best_practice": {"en": "as a best practice", "zh": "最佳实践"},
    "value.data": {"en": "data product", "zh": "数据类产品"},
    "value.general": {"en": "general", "zh": "通用产品"},
    "value.vertical": {"en": "vertical", "zh": "行业产品"},
    "value.standardized": {"en": "standardized", "zh": "标准化"},
    "value.customizable": {"en": "customizable", "zh": "可定制"},
    "value.per_capita_efficiency": {"en": "per-capita efficiency", "zh": "人均效能"},
    "value.cost_reduction": {"en": "cost reduction", "zh": "成本降低"},
    "value.time_saved": {"en": "time saved", "zh": "节省时间"},
    "value.revenue": {"en": "revenue", "zh": "收入"},
    "value.renewal": {"en": "renewal", "zh": "续约"},
    "value.upsell": {"en": "upsell", "zh": "增购"},
    "value.leads": {"en": "leads", "zh": "线索"},
    "value.brand_awareness": {"en": "brand awareness", "zh": "品牌知名度"},
    "value.sales_enablement": {"en": "sales enablement", "zh": "销售赋能"},
    "value.new_bookings": {"en": "new bookings", "zh": "新签合同额"},
    "value.arr_growth": {"en": "ARR growth", "zh": "ARR 增长"},
    "value.pipeline": {"en": "pipeline", "zh": "销售管道"},
    "value.win_rate": {"en": "win rate", "zh": "赢单率"},
    "value.tickets_closed": {"en": "tickets closed", "zh": "工单关闭数"},
    "value.sales_ramp_time": {"en": "sales ramp-up time", "zh": "销售上手时间"},
    "value.roadmap_hit_rate": {"en": "roadmap hit rate", "zh": "路线图达成率"},
    "value.launch_calendar": {"en": "launch calendar", "zh": "发布日历"},
    "value.collateral_count": {"en": "number of sales materials", "zh": "销售物料数量"},
    "value.benchmark_case_content": {"en": "benchmark case content", "zh": "标杆案例内容"},
    "value.success_cases": {"en": "success cases", "zh": "成功案例"},
    "value.true": {"en": "yes", "zh": "是"},
    "value.false": {"en": "no", "zh": "否"},
    # The interview's questions (maturity init --interview) and the model it writes.
    "ask.org.name": {"en": "What is the organization called?", "zh": "公司名称是什么？"},
    "ask.org.field": {"en": "The organization's {field}?", "zh": "公司的{field}是多少？"},
    "ask.org.choice": {"en": "The organization's {field}?", "zh": "公司的{field}是哪一种？"},
    "ask.departments": {"en": "Which departments does the company have?", "zh": "公司有哪些部门？"},
    "ask.dept.name": {
        "en": "What is the {kind} department called? (empty: it has none)",
        "zh": "{kind}部门叫什么名字？（留空表示没有）",
    },
    "ask.role.parent": {
        "en": "Which department does {role} report to?",
        "zh": "{role}隶属于哪个部门？",
    },
    "ask.role.okrs": {
        "en": "Which of these are OKRs or KPIs of {role}?",
        "zh": "以下哪些是{role}的 OKR/KPI？",
    },
    "ask.role.field": {"en": "{role}: {field}?", "zh": "{role}的{field}？"},
    "ask.role.members": {
        "en": "Which departments are members of {role}?",
        "zh": "{role}由哪些部门的人组成？",
    },
    "ask.flow": {"en": "Whom does {sender} send {kind} to?", "zh": "{sender}的{kind}发给谁？"},
    "ask.flow.group": {
        "en": "Which of these does {sender} send to other departments?",
        "zh": "{sender}会向其他部门发送以下哪些内容？",
    },
    "ask.kind.routine": {"en": "non-urgent {kind}", "zh": "不紧急的{kind}"},
    "ask.kind.urgent": {"en": "urgent {kind}", "zh": "紧急的{kind}"},
    "ask.none_of_these": {"en": "none of these", "zh": "以上都没有"},
    "ask.progress": {"en": "(question {n} of ~{total})", "zh": "（第 {n} 题，共约 {total} 题）"},
    "ask.flow.routine": {
        "en": "When {sender} has a non-urgent {kind}, whom do they send it to?",
        "zh": "{sender}遇到不紧急的{kind}，发给谁？",
    },
    "ask.flow.urgent": {
        "en": "When {sender} has an urgent {kind}, whom do they send it to?",
        "zh": "{sender}遇到紧急的{kind}，发给谁？",
    },
    "ask.detail.cadence": {
        "en": "How often does {sender} give {receiver} the {kind}?",
        "zh": "{sender}多久向{receiver}提供一次{kind}？",
    },
    "ask.detail.content": {
        "en": "What does the {kind} from {sender} to {receiver} carry?",
        "zh": "{sender}给{receiver}的{kind}包含哪些内容？",
    },
    "ask.detail.bool": {
        "en": "The {kind} from {sender} to {receiver}: {field}?",
        "zh": "{sender}给{receiver}的{kind}：{field}？",
    },
    "ask.practice.checklist": {
        "en": "Which of these does the company have? (not picked: no)",
        "zh": "公司有以下哪些做法？（未选表示没有）",
    },
    "ask.practice.unknown": {
        "en": "not known: leave all of these unstated",
        "zh": "不清楚：以上都不作说明",
    },
    "ask.practice.bool": {"en": "Does the company have: {field}?", "zh": "公司是否有：{field}？"},
    "ask.practice.value": {"en": "The company's {field}?", "zh": "公司的{field}？"},
    "ask.skip": {"en": "(skip: not known)", "zh": "（跳过：不清楚）"},
    "ask.yes": {"en": "yes", "zh": "是"},
    "ask.no": {"en": "no", "zh": "否"},
    "ask.none": {"en": "(none)", "zh": "（无）"},
    "ask.hint.multi": {
        "en": "(space selects, Enter goes on; none selected: none)",
        "zh": "（空格键选择，回车继续；不选表示没有）",
    },
    "ask.number": {
        "en": "a number, 0 or more (or nothing, to skip)",
        "zh": "请输入不小于 0 的数字（或留空跳过）",
    },
    "ask.template.header": {
        "en": "Answers for a maturity interview, to fill in and send back.\n"
        "To answer, remove the # before a key and write the value; a key left "
        "commented is skipped (not stated).\n"
        "Replay with: maturity init --answers THIS_FILE -o model.toml "
        "(docs/workflow.md, Answers files).",
        "zh": "成熟度访谈答卷：请填写后发回。\n"
        "回答时删去键前的 #，在等号后写答案；保持注释的键视为跳过（未说明）。\n"
        "回放：maturity init --answers 本文件 -o model.toml（见 docs/workflow.md“答卷文件”）。",
    },
    "ask.template.departments": {
        "en": "Keep (uncomment) the departments the company has: true for the usual "
        "name, or the name the company uses.",
        "zh": "保留（取消注释）公司已有的部门：true 表示沿用通常名称，或写公司自己的叫法。",
    },
    "ask.template.department": {
        "en": 'true, or the name, e.g. "销售部"',
        "zh": 'true，或部门名称，例如 "销售部"',
    },
    "ask.template.roles": {
        "en": 'a list of departments by their keys above, e.g. ["product", "rnd"]',
        "zh": '部门列表，用上面的部门键，例如 ["product", "rnd"]',
    },
    "ask.template.flows": {
        "en": "Whom does {sender} send each of these to? A list of departments by "
        'their keys, e.g. ["support"]; [] or commented: none.',
        "zh": "{sender}把以下各项发给谁？用部门键写成列表，"
        '例如 ["support"]；[] 或保持注释表示没有。',
    },
    "ask.template.text": {"en": "a text in quotes", "zh": "加引号的文字"},
    "ask.template.number": {"en": "a number", "zh": "数字"},
    "ask.template.integer": {"en": "a whole number", "zh": "整数"},
    "ask.template.boolean": {"en": "true or false", "zh": "true（是）或 false（否）"},
    "ask.template.texts": {
        "en": 'a list of texts, e.g. ["a", "b"]',
        "zh": '文字列表，例如 ["a", "b"]',
    },
    "ask.template.choice": {"en": "one of: {items}", "zh": "以下之一：{items}"},
    "ask.template.multi": {"en": "a list of any of: {items}", "zh": "以下任意几项的列表：{items}"},
    "ask.template.details": {
        "en": "Details of a flow answered above: a table per sender, kind and receiver, e.g.",
        "zh": "上面回答的流程的细节：每个发送方、类型、接收方一张表，例如：",
    },
    "interview.header": {
        "en": "An organization model written from an interview (maturity init "
        "--interview).\nWhat was skipped is not stated, and the report will say "
        "so. Reference: docs/model.md.",
        "zh": "由访谈生成的组织模型（maturity init --interview）。\n"
        "跳过的问题视为“未说明”，报告会指出。字段说明见 docs/model.md。",
    },
    "interview.roles": {"en": "Departments", "zh": "部门"},
    "interview.flows": {"en": "Flows: who passes what to whom", "zh": "流程：谁向谁传递什么"},
    "interview.practices": {"en": "Practices", "zh": "实践"},
    "interview.skipped": {
        "en": "Not stated (skipped in the interview):",
        "zh": "未说明（访谈中跳过）：",
    },
    # What the command line says it wrote, and the portfolio's summary table.
    "cli.wrote": {"en": "wrote {path}", "zh": "已写入 {path}"},
    "cli.wrote_edit": {
        "en": "wrote {path}; edit it, then run: maturity assess {path}",
        "zh": "已写入 {path}；编辑后运行：maturity assess {path}",
    },
    "cli.wrote_check": {
        "en": "wrote {path}; check it with: maturity assess {path}",
        "zh": "已写入 {path}；用 maturity assess {path} 检查",
    },
    "cli.wrote_fill": {
        "en": "wrote {path}; fill it in, then run: maturity init --answers {path} -o MODEL",
        "zh": "已写入 {path}；填写后运行：maturity init --answers {path} -o MODEL",
    },
    "pf.file": {"en": "file", "zh": "文件"},
    "pf.organization": {"en": "organization", "zh": "组织"},
    "pf.level": {"en": "level", "zh": "段位"},
    "pf.failures": {"en": "failures", "zh": "未通过"},
    "pf.errors": {"en": "errors", "zh": "出错"},
    "pf.invalid": {"en": "invalid", "zh": "输入有误"},
    "pf.totals": {
        "en": "{models} models: {assessed} assessed, {invalid} with bad input",
        "zh": "共 {models} 个模型：已评估 {assessed} 个，输入有误 {invalid} 个",
    },
}
