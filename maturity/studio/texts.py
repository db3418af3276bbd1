"""The studio's own words in every language; the report's words come from :mod:`maturity.i18n`.

A test checks every entry has every language.
"""

from __future__ import annotations

from maturity.i18n import t as report_t

# fmt: off
STUDIO: dict[str, dict[str, str]] = {
    "studio": {"en": "What-if studio", "zh": "假设推演工作台"},
    "local_only": {"en": "Local only: this page is served to this computer alone.",
                   "zh": "仅限本机：此页面只对本台电脑开放。"},
    "whatif": {"en": "What if…", "zh": "假设……"},
    "whatif_intro": {"en": "Switch a recommended fix on and the page shows the organization "
                     "with it. Nothing is written until you save.",
                     "zh": "打开一条建议的调整，页面即显示调整后的组织。"
                           "保存之前不会写入任何文件。"},
    "fixes": {"en": "Recommended fixes", "zh": "建议的调整"},
    "fix_on": {"en": "applied", "zh": "已应用"},
    "fix_failed": {"en": "cannot be applied to this organization",
                   "zh": "无法应用到当前组织"},
    "no_fixes": {"en": "No recommendation has a fix to simulate.",
                 "zh": "没有可推演的建议调整。"},
    "apply": {"en": "Apply", "zh": "应用"},
    "switch_on": {"en": "Switch on", "zh": "打开"},
    "switch_off": {"en": "Switch off", "zh": "关闭"},
    "undo": {"en": "Undo", "zh": "撤销"},
    "nothing_to_undo": {"en": "Nothing to undo.", "zh": "没有可撤销的操作。"},
    "scenario": {"en": "Scenario", "zh": "推演方案"},
    "unchanged": {"en": "The model as it is on disk.", "zh": "与磁盘上的模型一致。"},
    "changed": {"en": "Not saved — edits: {edits}, fixes switched on: {fixes}",
                "zh": "尚未保存：修改 {edits} 处，已打开调整 {fixes} 条"},
    "was": {"en": "Before: {level}", "zh": "推演前：{level}"},
    "plan": {"en": "Plan to a target", "zh": "按目标规划"},
    "plan_intro": {"en": "A level and/or stage scores such as quantify=60.",
                   "zh": "目标段位和/或阶段得分，例如 quantify=60。"},
    "target": {"en": "Target", "zh": "目标"},
    "plan_button": {"en": "Plan", "zh": "规划"},
    "plan_reached": {"en": "The plan reaches {target} with {count} fixes.",
                     "zh": "方案应用 {count} 条调整，达到目标 {target}。"},
    "plan_unmet": {"en": "Fixes alone do not reach {target}; {count} fixes switched on.",
                   "zh": "仅靠调整无法达到目标 {target}；已打开 {count} 条调整。"},
    "edit": {"en": "Edit the organization", "zh": "编辑组织"},
    "roles": {"en": "Roles", "zh": "角色"},
    "flows": {"en": "Flows", "zh": "流程"},
    "practices": {"en": "Practices", "zh": "实践"},
    "add_role": {"en": "Add a role", "zh": "新增角色"},
    "add_flow": {"en": "Add a flow", "zh": "新增流程"},
    "set_practice": {"en": "Set a practice", "zh": "设置实践"},
    "edit_item": {"en": "Edit", "zh": "编辑"},
    "delete": {"en": "Delete", "zh": "删除"},
    "save_item": {"en": "Save change", "zh": "保存修改"},
    "cancel": {"en": "Cancel", "zh": "取消"},
    "field.id": {"en": "Id", "zh": "标识"},
    "field.kind": {"en": "Kind", "zh": "类型"},
    "field.name": {"en": "Name", "zh": "名称"},
    "field.parent": {"en": "Reports to", "zh": "上级"},
    "field.from": {"en": "From", "zh": "从"},
    "field.to": {"en": "To", "zh": "到"},
    "field.content": {"en": "Content (comma-separated)", "zh": "内容（逗号分隔）"},
    "field.cadence": {"en": "Cadence", "zh": "节奏"},
    "field.practice": {"en": "Practice", "zh": "实践"},
    "field.value": {"en": "Value (true, 4, \"text\", [\"a\", \"b\"])",
                    "zh": "取值（true、4、\"文字\"、[\"a\", \"b\"]）"},
    "none_choice": {"en": "— none —", "zh": "— 无 —"},
    "bad_value": {"en": "not a value: {detail}", "zh": "不是有效取值：{detail}"},
    "edit_rejected": {"en": "The change was not made: the model would be invalid.",
                      "zh": "未做修改：修改后的模型无效。"},
    "save": {"en": "Save", "zh": "保存"},
    "save_intro": {"en": "A file name in the model's folder ({folder}), .toml or .json.",
                   "zh": "模型所在文件夹（{folder}）中的文件名，.toml 或 .json。"},
    "file_name": {"en": "File name", "zh": "文件名"},
    "confirm_overwrite": {"en": "{name} exists. Replace it?", "zh": "{name} 已存在。要覆盖吗？"},
    "replace": {"en": "Replace", "zh": "覆盖"},
    "saved": {"en": "Saved {name}.", "zh": "已保存 {name}。"},
    "download": {"en": "Download the report", "zh": "下载报告"},
    "language": {"en": "中文", "zh": "English"},
    "bad_name": {"en": "{name}: {reason}", "zh": "{name}：{reason}"},
    "reason.outside": {"en": "only files in the model's folder can be written",
                       "zh": "只能写入模型所在文件夹中的文件"},
    "reason.suffix": {"en": "the name must end in .toml or .json",
                      "zh": "文件名须以 .toml 或 .json 结尾"},
    "reason.empty": {"en": "give a file name", "zh": "请填写文件名"},
    "reason.folder": {"en": "is a folder", "zh": "是一个文件夹"},
    "edits_none": {"en": "none", "zh": "无"},
    "working": {"en": "Working it out…", "zh": "正在计算……"},
}
# fmt: on


def t(key: str, lang: str, **values: object) -> str:
    """A studio string, else the report's string of that key."""
    entry = STUDIO.get(key)
    if entry is None:
        return report_t(key, lang, **values)
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
