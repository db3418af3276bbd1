"""The HTML report in a real browser: Debian's Chromium driven by Playwright.

Skipped unless the `playwright` package and /usr/bin/chromium are installed
(never `playwright install`: CI installs Debian's `chromium` and, for Chinese
glyphs, `fonts-noto-cjk`). Screenshots go to a temporary folder; set
MATURITY_SHOTS=/some/dir to keep them for a look.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT, run
from tests.pdfpages import page_ink

playwright = pytest.importorskip("playwright.sync_api")

from tests.conftest import CHROMIUM  # noqa: E402

EXAMPLES = sorted(p.stem for p in (ROOT / "examples").glob("*.toml"))
STAGES = ("refine", "deliver", "realize", "quantify")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    for name in EXAMPLES:
        for lang in ("en", "zh"):
            target = folder / f"{name}.{lang}.html"
            result = run("assess", str(ROOT / "examples" / f"{name}.toml"), "--format", "html",
                         "--lang", lang, "-o", str(target))  # fmt: skip
            assert result.exit_code == 0, result.output
    return folder


class Watched:
    """A page that records every request, console error and dialog."""

    def __init__(self, browser: Any):
        self.page = browser.new_page(viewport={"width": 1200, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def assert_offline_and_clean(self) -> None:
        outside = [u for u in self.requests if not u.startswith("file:")]
        assert not outside, f"the page asked the network for {outside}"
        assert not self.errors, f"console errors: {self.errors}"
        assert not self.dialogs, f"dialogs opened: {self.dialogs}"


def keep(shot: Path) -> None:
    folder = os.environ.get("MATURITY_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(folder) / shot.name)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_report_renders_offline(browser: Any, reports: Path, tmp_path: Path, name: str,
                                lang: str) -> None:  # fmt: skip
    watched = Watched(browser)
    page = watched.open(reports / f"{name}.{lang}.html")
    try:
        watched.assert_offline_and_clean()
        assert page.locator("#level .ladder .step.current").is_visible()
        for stage in STAGES:
            assert page.locator(f'#stages tr.stage[data-stage="{stage}"]').is_visible()
        assert page.locator("#stages svg.radar-chart").is_visible()
        assert page.locator("#graph-current svg.process-graph").is_visible()
        assert page.locator("#graph-current svg.process-graph g.node").count() >= 5
        assert page.locator("script, link, img, iframe").count() == 0
        shot = tmp_path / f"{name}.{lang}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        keep(shot)
    finally:
        page.close()


def test_graph_labels_fit_inside_the_drawing(browser: Any, reports: Path) -> None:
    watched = Watched(browser)
    page = watched.open(reports / "advanced.zh.html")
    try:
        overflow = page.evaluate(
            """() => {
                const svg = document.querySelector('svg.process-graph');
                const view = svg.viewBox.baseVal;
                const out = [];
                for (const text of svg.querySelectorAll('text')) {
                    const b = text.getBBox();
                    if (b.x < -1 || b.y < -1 || b.x + b.width > view.width + 1
                        || b.y + b.height > view.height + 1) out.push(text.textContent);
                }
                return out;
            }"""
        )
        assert overflow == []
        # Node names fit their boxes: the text is no wider than the rectangle behind it.
        too_wide = page.evaluate(
            """() => [...document.querySelectorAll('svg.process-graph g.node')].filter(g => {
                const rect = g.querySelector('rect').getBBox();
                return [...g.querySelectorAll('text')].some(t => t.getBBox().width > rect.width);
            }).map(g => g.dataset.role)"""
        )
        assert too_wide == []
    finally:
        page.close()


def test_report_prints_on_a4(browser: Any, reports: Path, tmp_path: Path) -> None:
    watched = Watched(browser)
    page = watched.open(reports / "intermediate.zh.html")
    try:
        page.emulate_media(media="print")
        assert page.locator("#graph-current svg.process-graph").is_visible()
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        assert pdf.startswith(b"%PDF")
        pages = page_ink(pdf)
        assert len(pages) >= 3
        for _, runs, size, box in pages:
            width, height = sorted(float(v) for v in box or (b"0", b"0"))
            assert abs(width - 595) < 2 and abs(height - 842) < 2, "every page is A4"
            assert runs >= 10 and size > 4000, f"a near-empty page: {runs} text runs"
        # Each drawing fills its page: 250 mm high (portrait) or 165 mm (landscape).
        for view in page.locator("#graph figure.graph-view").all():
            tall = "shape-tall" in (view.get_attribute("class") or "")
            height = view.locator("svg").bounding_box()["height"]
            assert height >= (250 if tall else 165) * 96 / 25.4 * 0.95
        shot = tmp_path / "intermediate.zh.print.png"
        page.screenshot(path=str(shot), full_page=True)
        keep(shot)
    finally:
        page.close()


def test_hostile_model_stays_text_in_the_browser(browser: Any, tmp_path: Path) -> None:
    from tests.test_reports import HOSTILE, hostile_model

    target = tmp_path / "hostile.html"
    result = run("assess", str(hostile_model(tmp_path)), "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.output
    watched = Watched(browser)
    page = watched.open(target)
    try:
        watched.assert_offline_and_clean()
        assert page.locator("script, img, a, iframe").count() == 0
        assert HOSTILE["script"] in page.locator("h1").inner_text()
        assert HOSTILE["img"] in page.locator("#findings").inner_text()
    finally:
        page.close()
