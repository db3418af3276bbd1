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

# The support hotline sits under customer success (seed 001, intermediate level).
[[roles]]
id = "hotline"
kind = "support"
name = "Support hotline"
parent = "cs"

# Flows: who passes what to whom. Two examples of good practice to copy:
# sales sends non-urgent bugs to the hotline, which reproduces them before
# they reach product; marketing trains sales on value and scenarios, not on
# a feature demo. Add your own below.
[[flows]]
from = "sales"
to = "hotline"
kind = "bug_report"
urgent = false
tracked = true

[[flows]]
from = "hotline"
to = "product"
kind = "bug_report"
reproduced = true

[[flows]]
from = "marketing"
to = "sales"
kind = "training"
content = ["value", "scenarios"]
cadence = "per_release"

[practices]
bug_severity_levels = 4   # 3-5 levels: blocking? how many customers?
severity_slas = true      # a handling time limit per level
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

# 热线客服隶属于客户成功部（种子文档 001，中段水平）。
[[roles]]
id = "hotline"
kind = "support"
name = "热线客服"
parent = "cs"

# 流程：谁向谁传递什么。以下是两个值得参照的做法：销售把不紧急的 Bug
# 交给热线客服，由其复现后再转给产品；市场部按价值和场景培训销售，
# 而不是演示功能。请在下面补充贵公司的流程。
[[flows]]
from = "sales"
to = "hotline"
kind = "bug_report"
urgent = false
tracked = true

[[flows]]
from = "hotline"
to = "product"
kind = "bug_report"
reproduced = true

[[flows]]
from = "marketing"
to = "sales"
kind = "training"
content = ["value", "scenarios"]
cadence = "per_release"

[practices]
bug_severity_levels = 4   # 分 3-5 级：是否阻塞？影响多少客户？
severity_slas = true      # 每个级别有处理时限
"""

DOCUMENTS: dict[str, dict[str, str]] = {
    # The starter model `maturity init` writes: valid, commented, beginner-level.
    "template.model": {"en": _TEMPLATE_EN, "zh": _TEMPLATE_ZH},
}
