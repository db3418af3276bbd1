"""Plain-language names of the model's fields and values, in every language we speak.

The interview's questions, the workbook's headers and the diff's sentences
name fields this way (the glossary's terms), never by their snake_case keys.
A field a plugin adds and this table lacks is shown by its key with
underscores as spaces: readable, if not translated.
"""

from __future__ import annotations

FIELDS: dict[str, dict[str, str]] = {
    # organization
    "name": {"en": "name", "zh": "名称"},
    "currency": {"en": "currency", "zh": "币种"},
    "arr": {"en": "annual recurring revenue (ARR)", "zh": "年度经常性收入（ARR）"},
    "acv": {"en": "average contract value (ACV)", "zh": "平均客单价（ACV）"},
    "product_type": {"en": "product type", "zh": "产品类型"},
    "headcount": {"en": "headcount", "zh": "人数"},
    "notes": {"en": "notes", "zh": "备注"},
    # roles
    "id": {"en": "id", "zh": "编号"},
    "kind": {"en": "kind", "zh": "类型"},
    "parent": {"en": "reports to", "zh": "上级部门"},
    "okrs": {"en": "OKRs / KPIs", "zh": "OKR/KPI"},
    "members": {"en": "members", "zh": "成员"},
    # flows
    "from": {"en": "from", "zh": "发出方"},
    "to": {"en": "to", "zh": "接收方"},
    "urgent": {"en": "urgent", "zh": "紧急"},
    "tracked": {"en": "tracked in a system", "zh": "系统跟踪"},
    "linked_to_customer": {"en": "linked to the customer", "zh": "关联到客户"},
    "reproduced": {"en": "reproduced first", "zh": "已复现"},
    "classified": {"en": "classified", "zh": "已分类"},
    "automated": {"en": "automated", "zh": "自动化"},
    "content": {"en": "content", "zh": "内容"},
    "cadence": {"en": "cadence", "zh": "频率"},
    # practices
    "bug_severity_levels": {"en": "bug severity levels", "zh": "Bug 严重级别数"},
    "severity_slas": {"en": "handling time limits per severity", "zh": "按级别设处理时限"},
    "issue_tracker": {"en": "issue tracker", "zh": "问题跟踪系统"},
    "issue_tracker.links_customers": {
        "en": "issue tracker links bugs to customers",
        "zh": "问题跟踪系统关联客户",
    },
    "issue_tracker.visible_to": {"en": "issue tracker visible to", "zh": "问题跟踪系统可见部门"},
    "value_proposition": {
        "en": "value stated in the customer's language",
        "zh": "用客户语言表述价值",
    },
    "product_fitness_map": {"en": "map of what works in real use", "zh": "产品功能实用度地图"},
    "competitive_analysis": {"en": "competitive analysis", "zh": "竞品分析"},
    "competitor_gap_playbook": {
        "en": "playbook for competitors' advantages",
        "zh": "应对竞品优势的方法",
    },
    "requirement_classes": {"en": "requirements classified", "zh": "需求分类"},
    "usage_analytics": {"en": "usage analytics", "zh": "产品使用数据分析"},
    "value_quantification": {"en": "value quantification", "zh": "价值量化"},
    "value_metrics": {"en": "value metrics", "zh": "价值度量指标"},
    "north_star_metric": {"en": "north-star metric", "zh": "北极星指标"},
    "customer_health_model": {"en": "customer health model", "zh": "客户健康度模型"},
    "target_persona": {"en": "target persona", "zh": "目标用户画像"},
    "pricing_model": {"en": "pricing model", "zh": "定价模型"},
    "self_serve_onboarding": {"en": "self-serve onboarding", "zh": "自助上手"},
    "toolkit_mode": {"en": "sales toolkit mode", "zh": "销售工具包模式"},
    "positioning": {"en": "positioning", "zh": "产品定位"},
}

VALUES: dict[str, dict[str, str]] = {
    "features": {"en": "features", "zh": "功能"},
    "operations": {"en": "operations", "zh": "操作"},
    "value": {"en": "value", "zh": "价值"},
    "scenarios": {"en": "scenarios", "zh": "场景"},
    "cases": {"en": "customer cases", "zh": "客户案例"},
    "persona": {"en": "persona", "zh": "用户画像"},
    "pricing": {"en": "pricing", "zh": "定价"},
    "competition": {"en": "competition", "zh": "竞争"},
    "security": {"en": "security", "zh": "安全"},
    "requirements": {"en": "requirements", "zh": "需求"},
    "per_release": {"en": "every release", "zh": "每个版本"},
    "weekly": {"en": "weekly", "zh": "每周"},
    "monthly": {"en": "monthly", "zh": "每月"},
    "quarterly": {"en": "quarterly", "zh": "每季度"},
    "ad_hoc": {"en": "ad hoc", "zh": "不定期"},
    "continuous": {"en": "continuously", "zh": "持续"},
    "none": {"en": "none", "zh": "无"},
    "manual": {"en": "by hand", "zh": "手工"},
    "best_practice": {"en": "as a best practice", "zh": "最佳实践"},
    "data": {"en": "data product", "zh": "数据类产品"},
    "general": {"en": "general", "zh": "通用产品"},
    "vertical": {"en": "vertical", "zh": "行业产品"},
    "standardized": {"en": "standardized", "zh": "标准化"},
    "customizable": {"en": "customizable", "zh": "可定制"},
    "per_capita_efficiency": {"en": "per-capita efficiency", "zh": "人均效能"},
    "cost_reduction": {"en": "cost reduction", "zh": "成本降低"},
    "time_saved": {"en": "time saved", "zh": "节省时间"},
    "revenue": {"en": "revenue", "zh": "收入"},
    "renewal": {"en": "renewal", "zh": "续约"},
    "success_cases": {"en": "success cases", "zh": "成功案例"},
    "true": {"en": "yes", "zh": "是"},
    "false": {"en": "no", "zh": "否"},
}


def _pick(table: dict[str, dict[str, str]], key: str, lang: str) -> str | None:
    entry = table.get(key)
    return (entry.get(lang) or entry["en"]) if entry else None


def field_name(key: str, lang: str) -> str:
    """A field in words: ``arr`` → "annual recurring revenue (ARR)"."""
    return _pick(FIELDS, key, lang) or key.replace("_", " ")


def value_name(value: object, lang: str) -> str:
    """A value in words: ``per_release`` → "every release", ``True`` → "yes"."""
    if isinstance(value, bool):
        return _pick(VALUES, str(value).lower(), lang) or str(value)
    if isinstance(value, list):
        sep = "、" if lang == "zh" else ", "
        return sep.join(value_name(v, lang) for v in value) or "–"
    if isinstance(value, dict):
        sep = "；" if lang == "zh" else "; "
        return sep.join(f"{field_name(k, lang)}: {value_name(v, lang)}" for k, v in value.items())
    if value is None:
        return "–"
    return _pick(VALUES, str(value), lang) or str(value)


def kind_name(kind: str, lang: str, prefix: str = "role_kind") -> str:
    """A role or flow kind by the glossary's term (plugins' kinds by their key)."""
    from maturity.report.graph.view import kind_label

    return kind_label(kind, lang, prefix)
