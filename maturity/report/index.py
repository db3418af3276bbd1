"""The index page of a folder of HTML reports (``maturity assess … --format html -o DIR``).

One row per model, sorted naturally by file name (model2 before model10):
organization (linking its report), level, stage scores, failures and errors.
A model that could not be assessed keeps its row, with why.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from maturity.i18n import t
from maturity.model.vocabulary import STAGES


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """``model2`` before ``model10``: digits compare as numbers, the rest case-blind."""
    parts = re.split(r"(\d+)", text)
    return tuple((0, int(p)) if p.isdigit() else (1, p.lower()) for p in parts if p)


def _row(row: Mapping[str, Any], href: str | None) -> dict[str, Any]:
    stages = [row["stages"].get(s) for s in STAGES]
    return {
        "file": Path(row["file"]).name,
        "href": href,
        "organization": row.get("organization") or Path(row["file"]).stem,
        "level": row.get("level"),
        "error": row.get("error"),
        "stages": ["–" if s is None else f"{s:.0f}" for s in stages],
        "failed": row.get("failed", 0),
        "errors": row.get("errors", 0),
    }


def render_index(rows: Sequence[Mapping[str, Any]], links: Mapping[str, str], lang: str) -> str:
    """The page: ``rows`` are the portfolio's summary rows, ``links`` file → report name."""
    from maturity.report.html import page_context
    from maturity.report.templating import render

    ordered = sorted(rows, key=lambda r: natural_key(Path(r["file"]).name))
    return render("index.html.j2", rows=[_row(r, links.get(r["file"])) for r in ordered],
                  stages=STAGES, **page_context(lang, t("index.title", lang)))  # fmt: skip
