"""The layers of docs/architecture.md hold: no module imports from a layer below its own.

Imports made only for type checking (under ``TYPE_CHECKING``) do not count.
"""

from __future__ import annotations

import ast

from tests.helpers import ROOT

#: Top to bottom; a module belongs to the layer of its longest matching prefix.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("maturity.errors", "maturity.resources", "maturity.output", "maturity.outpaths",
     "maturity.terminal", "maturity.i18n"),
    ("maturity.model",),
    ("maturity.engine",),
    ("maturity.rules",),
    ("maturity.plugins",),
    ("maturity.assess",),
    ("maturity.fixes",),
    ("maturity.report",),
    ("maturity.discover",),
    ("maturity.intake",),
    ("maturity.history",),
    ("maturity.plugins.builtin",),
    ("maturity.studio",),
    ("maturity.cli", "maturity.discover.cli_steps"),
)  # fmt: skip


def layer(module: str) -> int | None:
    matches = [
        (len(prefix), index)
        for index, prefixes in enumerate(LAYERS)
        for prefix in prefixes
        if module == prefix or module.startswith(prefix + ".")
    ]
    return max(matches)[1] if matches else None


def _type_only(tree: ast.AST) -> set[int]:
    return {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }


def _imports(tree: ast.AST) -> list[str]:
    skip = _type_only(tree)
    names: list[str] = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return [name for name in names if name.startswith("maturity")]


def test_every_module_belongs_to_a_layer_or_is_a_facade() -> None:
    facades = {"maturity", "maturity.__main__", "maturity.api", "maturity.testing",
               "maturity.packs", "maturity.options"}  # fmt: skip
    loose = []
    for path in (ROOT / "maturity").rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        if layer(module) is None and module not in facades:
            loose.append(module)
    assert loose == []


def test_no_module_imports_from_a_lower_layer() -> None:
    wrong = []
    for path in sorted((ROOT / "maturity").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        own = layer(module)
        if own is None:
            continue
        for name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            target = layer(name)
            if target is not None and target > own:
                wrong.append(f"{module} imports {name}")
    assert wrong == []


def test_the_check_sees_a_wrong_import() -> None:
    tree = ast.parse("from maturity.cli.app import cli\n")
    assert layer("maturity.model.load") is not None
    assert [n for n in _imports(tree) if (layer(n) or 0) > (layer("maturity.model.load") or 0)]
