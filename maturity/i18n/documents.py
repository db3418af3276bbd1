"""The long texts of the message catalog: the starter model ``maturity init`` writes."""

from __future__ import annotations

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

DOCUMENTS: dict[str, dict[str, str]] = {
    # The starter model `maturity init` writes: valid, commented, beginner-level.
    "template.model": {"en": _TEMPLATE_EN, "zh": _TEMPLATE_ZH},
}
