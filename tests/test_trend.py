"""The trend: three recorded assessments of a client, in Markdown, in HTML, in a browser."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from maturity.history.store import HistoryStore
from maturity.model.vocabulary import STAGES
from maturity.report.trend import method_changes, trend_html, trend_markdown
from tests.helpers import EXAMPLES, run

QUARTERS = (
    ("beginner", "2026-03-31T09:00:00Z", "2026-Q1"),
    ("intermediate", "2026-06-30T09:00:00Z", "2026-Q2"),
    ("advanced", "2026-09-30T09:00:00Z", "2026-Q3"),
)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """Three quarters of one client, recorded with their dates."""
    path = tmp_path / "history.sqlite"
    with HistoryStore(path) as store:
        for name, when, label in QUARTERS:
            model = EXAMPLES / f"{name}.toml"
            report = json.loads(run("assess", str(model), "-f", "json").stdout)
            import tomllib

            data = tomllib.loads(model.read_text("utf-8"))
            store.record("云帆 Client", data, report, str(model), label, when)
    return path


def report_with_trend(history: Path, fmt: str, lang: str = "en") -> str:
    result = run(
        "assess",
        str(EXAMPLES / "advanced.toml"),
        "--trend",
        "--client",
        "云帆 client",
        "--history",
        str(history),
        "-f",
        fmt,
        "--lang",
        lang,
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_markdown_has_a_trend_table(history: Path) -> None:
    text = report_with_trend(history, "markdown")
    table = text[text.index("## Trend") :].split("\n\n")[2].splitlines()
    assert table[0].startswith("| \\# | date | label | Collaboration level | refine")
    first = json.loads(run("assess", str(EXAMPLES / "beginner.toml"), "-f", "json").stdout)
    scores = " | ".join(str(round(first["stages"][s]["score"])) for s in STAGES)
    assert table[2] == f"| 1 | 2026-03-31 | 2026-Q1 | beginner | {scores} |"
    assert table[4].startswith("| 3 | 2026-09-30 | 2026-Q3 | advanced | 100")
    zh = report_with_trend(history, "markdown", "zh")
    assert "## 趋势" in zh and "| 初段 |" in zh


def test_html_has_an_inline_svg_chart(history: Path) -> None:
    page = report_with_trend(history, "html")
    section = page[page.index('<section id="trend" class="section trend"') :]
    svg = section[section.index("<svg") : section.index("</svg>")]
    assert svg.count("<polyline") == 5  # the level and four stages
    assert "2026-Q2" in svg and "2026-09-30" in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_no_trend_with_one_assessment_or_without_asking(tmp_path: Path, history: Path) -> None:
    plain = run("assess", str(EXAMPLES / "advanced.toml"), "-f", "markdown").stdout
    assert "## Trend" not in plain
    one = {"organization": {"name": "x"}, "history": [{"level": "beginner", "stages": {}}]}
    assert trend_html(one, "en") == "" and trend_markdown(one, "en") == ""


def test_a_method_change_is_marked() -> None:
    entries = [
        {"engine_version": "0.1", "packs": {"a": "1"}},
        {"engine_version": "0.1", "packs": {"a": "1"}},
        {"engine_version": "0.1", "packs": {"a": "2"}},
    ]
    assert method_changes(entries) == [False, False, True]
    report = {
        "organization": {"name": "x"},
        "history": [
            {**e, "id": i, "level": "beginner", "stages": {"refine": 10.0}, "recorded_at": "2026"}
            for i, e in enumerate(entries)
        ],
    }
    assert "◆ 2" in trend_markdown(report, "en") and "maturity diff" in trend_html(report, "en")


# ------------------------------------------------------------------ in a browser


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("MATURITY_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_trend_chart_and_diff_in_a_browser(
    browser: Any, history: Path, tmp_path: Path, lang: str
) -> None:
    page_file = tmp_path / f"trend.{lang}.html"
    page_file.write_text(report_with_trend(history, "html", lang), "utf-8")
    diff_file = tmp_path / f"diff.{lang}.html"
    assert (
        run(
            "diff",
            "1",
            "3",
            "--history",
            str(history),
            "-f",
            "html",
            "--lang",
            lang,
            "-o",
            str(diff_file),
        ).exit_code
        == 0
    )
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_file.as_uri())
    chart = page.locator("section.trend svg.trend")
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box and box["width"] > 500 and box["height"] > 250
    assert page.locator("section.trend svg circle").count() == 3 + 4 * 3  # level + stages
    labels = page.locator("section.trend svg text").all_text_contents()
    assert {"2026-Q1", "2026-Q2", "2026-Q3"} <= set(labels)
    assert ("初段" if lang == "zh" else "beginner") in labels
    chart.screenshot(path=str(_shots(tmp_path) / f"trend.{lang}.png"))
    page.goto(diff_file.as_uri())
    body = page.locator("body").inner_text()
    assert re.search("beginner → advanced|初段 → 高段", body)
    page.screenshot(path=str(_shots(tmp_path) / f"diff.{lang}.png"), full_page=False)
    assert all(u.startswith("file:") for u in requests), requests
    page.close()
