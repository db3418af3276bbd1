"""docs/architecture.md stays true: every path and every Python name it gives exists."""

from __future__ import annotations

import importlib
import re

from tests.helpers import ROOT

DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
CODE = re.findall(r"`([^`\s]+)`", DOC)
PATHS = [c for c in CODE if "/" in c or c.endswith((".py", ".md", ".json"))]
NAMES = [c for c in CODE if re.fullmatch(r"maturity(\.\w+)+", c)]
RELATIVE = re.compile(r"^\w+\.(py|json|md)$|^\w+/$")


def _resolve(dotted: str) -> object:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            value: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            value = getattr(value, attr)
        return value
    raise ModuleNotFoundError(dotted)


def test_the_page_names_paths_and_functions() -> None:
    assert len(PATHS) > 30 and len(NAMES) > 15


def test_every_path_exists() -> None:
    missing = []
    for path in PATHS:
        if (ROOT / path).exists():
            continue
        if RELATIVE.match(path):  # a file of the folder named just before it
            found = list((ROOT / "maturity").rglob(path.rstrip("/")))
            if not found:
                missing.append(path)
        else:
            missing.append(path)
    assert not missing, f"docs/architecture.md names what does not exist: {missing}"


def test_every_python_name_exists() -> None:
    for name in NAMES:
        assert _resolve(name) is not None, name


def test_every_package_folder_is_described() -> None:
    folders = sorted(
        p.relative_to(ROOT).as_posix() + "/"
        for p in (ROOT / "maturity").iterdir()
        if p.is_dir() and (p / "__init__.py").exists()
    )
    assert [f for f in folders if f"`{f}`" not in DOC] == []
