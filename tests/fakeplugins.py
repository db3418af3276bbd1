"""Install throwaway plugin distributions on sys.path, the way pip would lay them out."""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

import pytest


def install_plugin(
    monkeypatch: pytest.MonkeyPatch, root: Path, dist: str, module: str, code: str
) -> None:
    """A distribution ``dist`` 1.0 whose entry point ``module`` (group maturity) is ``code``."""
    info = root / f"{dist.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[maturity]\n{module} = {module}\n")
    (root / f"{module}.py").write_text(textwrap.dedent(code))
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.delitem(sys.modules, module, raising=False)
    importlib.invalidate_caches()
