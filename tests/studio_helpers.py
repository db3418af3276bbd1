"""The workshop model for the studio's tests: the intermediate example with its hotline
under the CEO instead of under customer success (so the company is at beginner)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import EXAMPLES

HOTLINE_COMMENT = "# hotline reports to the CEO in this workshop copy"


def workshop_model(folder: Path, name: str = "yunfan.toml") -> Path:
    text = (EXAMPLES / "intermediate.toml").read_text("utf-8")
    at = text.index('id = "hotline"')
    end = text.index('parent = "cs"', at)
    moved = f'parent = "ceo"  {HOTLINE_COMMENT}'
    path = folder / name
    path.write_text(text[:end] + moved + text[end + len('parent = "cs"') :], "utf-8")
    return path


def hotline_index(path: Path) -> int:
    import tomllib

    roles = tomllib.loads(path.read_text("utf-8"))["roles"]
    return next(i for i, r in enumerate(roles) if r["id"] == "hotline")
