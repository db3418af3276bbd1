"""The summary, the graph views and the index page in a real browser (Debian's Chromium).

The drawings are checked from their geometry: no edge label overlaps another
label or a role's box, and every label sits on its own arrow. Screenshots go to
a temporary folder; MATURITY_SHOTS=/some/dir keeps them for a look.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench.generate import generate, to_toml
from tests.conftest import CHROMIUM
from tests.helpers import EXAMPLES, ROOT, run
from tests.test_browser import Watched, keep

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's /usr/bin/chromium")

NAMES = sorted(p.stem for p in EXAMPLES.glob("*.toml"))

#: Per drawing: label boxes that overlap each other or a role, and labels off their arrow.
GEOMETRY = """(svg) => {
    const box = (e) => {
        const b = e.getBBox();
        return [b.x, b.y, b.x + b.width, b.y + b.height];
    };
    const meets = (a, b) =>
        a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5;
    const labels = [...svg.querySelectorAll('g.labels g.edge-label')];
    const edges = [...svg.querySelectorAll('g.edges path.edge')];
    const nodes = [...svg.querySelectorAll('g.node rect')].map(box);
    const boxes = labels.map((g) => box(g.querySelector('rect')));
    const found = {labels: labels.length, overlaps: [], onNodes: [], detached: []};
    const text = (i) => labels[i].textContent.trim();
    for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++)
            if (meets(boxes[i], boxes[j])) found.overlaps.push([text(i), text(j)]);
        if (nodes.some((n) => meets(boxes[i], n))) found.onNodes.push(text(i));
        const path = edges[i], length = path.getTotalLength(), b = boxes[i];
        let near = Infinity;
        for (let s = 0; s <= 200; s++) {
            const p = path.getPointAtLength(length * s / 200);
            const dx = Math.max(b[0] - p.x, 0, p.x - b[2]);
            const dy = Math.max(b[1] - p.y, 0, p.y - b[3]);
            near = Math.min(near, Math.hypot(dx, dy));
        }
        if (near > 12) found.detached.push([text(i), Math.round(near)]);
    }
    return found;
}"""


def html(model: Path, target: Path, lang: str) -> Path:
    result = run("assess", str(model), "--format", "html", "--lang", lang, "-o", str(target))
    assert result.exit_code in (0, 1), result.output
    return target


def check_drawings(page: Any) -> dict[str, Any]:
    results = {}
    for svg in page.locator("#graph svg.process-graph").all():
        view = svg.evaluate("(s) => s.closest('figure').id")
        results[view] = svg.evaluate(GEOMETRY)
    return results


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", NAMES)
def test_summary_and_graph_views_read(browser: Any, tmp_path: Path, name: str, lang: str) -> None:
    page_file = html(EXAMPLES / f"{name}.toml", tmp_path / f"{name}.{lang}.html", lang)
    watched = Watched(browser)
    page = watched.open(page_file)
    try:
        watched.assert_offline_and_clean()
        # The summary comes first, right after the cover.
        order = page.evaluate(
            "() => [...document.querySelectorAll('main > *')].map(e => e.id || e.className)"
        )
        assert order[:2] == ["cover", "summary"]
        assert page.locator("#summary .summary-level").is_visible()
        assert page.locator("#summary .summary-stages").is_visible()
        assert page.locator("#graph-current svg.process-graph").is_visible()
        # The organization as it is: no proposed arrows or roles on it.
        assert (
            page.locator("#graph-current .edge-proposed, #graph-current .node-proposed").count()
            == 0
        )
        if page.locator("#graph-changes").count():
            assert (
                page.locator("#graph-changes .edge-flow, #graph-changes .edge-failing").count() == 0
            )
            assert page.locator("#graph-changes .edge-proposed").count() > 0
        for view, geometry in check_drawings(page).items():
            assert geometry["overlaps"] == [], (view, geometry["overlaps"])
            assert geometry["onNodes"] == [], (view, geometry["onNodes"])
            assert geometry["detached"] == [], (view, geometry["detached"])
        for section in ("summary", "graph"):
            shot = tmp_path / f"{name}.{lang}.{section}.png"
            page.locator(f"#{section}").screenshot(path=str(shot))
            keep(shot)
    finally:
        page.close()


def test_forty_roles_draw_role_by_role_without_overlaps(browser: Any, tmp_path: Path) -> None:
    model = tmp_path / "forty.toml"
    model.write_text(to_toml(generate(flows=80, seed=7, roles=40)), encoding="utf-8")
    page_file = html(model, tmp_path / "forty.html", "zh")
    watched = Watched(browser)
    page = watched.open(page_file)
    try:
        assert page.locator("#graph-current svg.process-graph g.node").count() >= 40
        geometry = check_drawings(page)["graph-current"]
        assert geometry["overlaps"] == [] and geometry["onNodes"] == [], geometry
        shot = tmp_path / "forty.zh.graph.png"
        page.locator("#graph-current").screenshot(path=str(shot))
        keep(shot)
    finally:
        page.close()


def test_index_page(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = run("assess", str(EXAMPLES), "--format", "html", "--lang", "zh", "-o", str(out))
    assert result.exit_code == 0, result.output
    watched = Watched(browser)
    page = watched.open(out / "index.html")
    try:
        watched.assert_offline_and_clean()
        rows = page.locator("table.portfolio tbody tr")
        assert rows.count() == len(NAMES)
        first = rows.first.locator("a")
        href = first.get_attribute("href")
        assert href and (out / href).exists()
        shot = tmp_path / "index.zh.png"
        page.screenshot(path=str(shot), full_page=True)
        keep(shot)
        first.click()
        page.wait_for_load_state("load")
        assert page.locator("#summary").is_visible()
    finally:
        page.close()


def test_report_json_tags_proposed_changes_with_their_rule() -> None:
    report = json.loads(
        run("assess", str(ROOT / "examples/beginner.toml"), "--format", "json").output
    )
    assert "graph" not in report  # json does not draw
