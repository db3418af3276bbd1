"""Markdown and HTML reports, the process graph drawings, and the strings they use.

Markdown snapshots live in tests/snapshots/. When a change to a report is
intended, regenerate them and review the diff:

    MATURITY_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_reports.py
"""

from __future__ import annotations

import json
import os
import re
import string
import subprocess
import sys
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from maturity.i18n import BUILT_IN, LANGS, STRINGS
from maturity.model.vocabulary import FLOW_KINDS, ROLE_KINDS
from maturity.report.graph.dot import render_dot, safe_ids
from maturity.report.graph.layout import layout, wrap
from maturity.report.graph.mermaid import mermaid_text, render_mermaid
from maturity.report.graph.svg import render_svg
from maturity.report.graph.view import KIND_FAMILY, Overlay, build_view
from maturity.report.html import model_graph, overlay, render_html
from maturity.report.markdown import md, render_markdown
from maturity.report.words import describe_op
from tests.helpers import ROOT, run

SNAPSHOTS = ROOT / "tests" / "snapshots"
UPDATE = "MATURITY_UPDATE_SNAPSHOTS"
EXAMPLES = sorted(p.stem for p in (ROOT / "examples").glob("*.toml"))
STAGES = ("refine", "deliver", "realize", "quantify")


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root so reports name `examples/x.toml`, not an absolute path."""
    monkeypatch.chdir(ROOT)
    return ROOT


def assess(path: str, fmt: str, lang: str = "en") -> str:
    result = run("assess", path, "--format", fmt, "--lang", lang)
    assert result.exit_code == 0, result.output
    return result.output


def report_of(path: str, lang: str = "en") -> dict[str, Any]:
    return json.loads(assess(path, "json", lang))  # type: ignore[no-any-return]


# ---------------------------------------------------------------- strings


def test_every_string_has_every_language() -> None:
    missing = [
        f"{key}: {lang}"
        for key, texts in BUILT_IN.items()
        for lang in LANGS
        if not str(texts.get(lang, "")).strip()
    ]
    assert not missing, f"i18n strings without a text in a language: {missing}"
    extra = [key for key, texts in STRINGS.items() if set(texts) - set(LANGS)]
    assert not extra, f"i18n strings with a language the reports do not know: {extra}"


def test_every_translation_takes_the_same_placeholders() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    differ = [
        key
        for key, texts in STRINGS.items()
        if len({frozenset(fields(v)) for v in texts.values()}) > 1
    ]
    assert not differ, f"translations with different placeholders: {differ}"


def test_every_built_in_kind_has_words_and_a_family() -> None:
    assert not [k for k in ROLE_KINDS if f"role_kind.{k}" not in STRINGS]
    assert not [k for k in FLOW_KINDS if f"flow_kind.{k}" not in STRINGS]
    assert not [k for k in ROLE_KINDS if k not in KIND_FAMILY and k != "virtual_team"]


# ---------------------------------------------------------------- Markdown snapshots


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", EXAMPLES)
def test_markdown_snapshot(at_root: Path, name: str, lang: str) -> None:
    document = assess(f"examples/{name}.toml", "markdown", lang)
    snapshot = SNAPSHOTS / f"{name}.{lang}.md"
    if os.environ.get(UPDATE):
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(document, encoding="utf-8")
        return
    assert snapshot.exists(), f"no snapshot {snapshot}; create it with {UPDATE}=1 pytest {__file__}"
    expected = snapshot.read_text(encoding="utf-8")
    assert document == expected, (
        f"the Markdown report of examples/{name}.toml ({lang}) differs from {snapshot}. "
        f"If the change is intended, run `{UPDATE}=1 python -m pytest tests/test_reports.py` "
        "and review the snapshot diff."
    )


def test_markdown_has_every_section(at_root: Path) -> None:
    document = assess("examples/beginner.toml", "markdown")
    for heading in ("## Collaboration level", "## Value loop stages", "## Findings",
                    "## Recommendations", "### Role changes", "### Process changes",
                    "### What blocks intermediate"):  # fmt: skip
        assert heading in document
    assert "★ **COL-I2**" in document
    assert document.endswith("\n") and not document.endswith("\n\n")


# ---------------------------------------------------------------- determinism


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_two_runs_are_byte_identical(at_root: Path, fmt: str) -> None:
    first = assess("examples/advanced.toml", fmt, "zh")
    assert first == assess("examples/advanced.toml", fmt, "zh")


def test_html_does_not_depend_on_hash_seeds(at_root: Path) -> None:
    def render(seed: str) -> bytes:
        env = {**os.environ, "PYTHONHASHSEED": seed, "MATURITY_NO_PLUGINS": "1"}
        command = [sys.executable, "-m", "maturity", "assess", "examples/intermediate.toml",
                   "--format", "html"]  # fmt: skip
        return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, check=True).stdout

    assert render("1") == render("2")


# ---------------------------------------------------------------- HTML


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", EXAMPLES)
def test_html_is_self_contained_and_complete(at_root: Path, name: str, lang: str) -> None:
    page = assess(f"examples/{name}.toml", "html", lang)
    lower = page.lower()
    for forbidden in ("<script", "<link", "<img", "<iframe", "<object", "@import",
                      "http://", "https://", " src=", " href="):  # fmt: skip
        assert forbidden not in lower, forbidden
    assert not re.search(r"url\((?!#mt-)", lower), "only the page's own SVG markers by url()"
    assert page.startswith("<!DOCTYPE html>")
    for section in ('id="level"', 'id="stages"', 'id="graph"', 'id="findings"',
                    'class="process-graph"', 'class="radar-chart"'):  # fmt: skip
        assert section in page
    for stage in STAGES:
        assert f'data-stage="{stage}"' in page
    assert "@page" in page and "size: A4" in page and "@media print" in page
    assert 'class="step current"' in page or 'class="step current achieved"' in page


def test_html_marks_failing_evidence_and_proposed_changes(at_root: Path) -> None:
    page = assess("examples/beginner.toml", "html")
    assert 'class="edge edge-failing"' in page
    assert 'class="edge edge-proposed"' in page
    assert 'class="node node-proposed"' in page
    assert 'class="badge badge-required"' in page
    assert ">Role changes" in page and ">Process changes" in page


def test_html_shows_no_rules_for_an_empty_stage(at_root: Path) -> None:
    report = report_of("examples/beginner.toml")
    report["stages"]["quantify"] = {"score": None, "passed": 0, "total": 0, "contributions": []}
    page = render_html(report, "en")
    assert re.search(r'data-stage="quantify">.*?no rules', page)


def test_html_without_a_readable_model_says_so() -> None:
    report = json.loads(json.dumps(report_of(str(ROOT / "examples" / "beginner.toml"))))
    report["organization"]["source"] = "<stdin>"
    page = render_html(report, "en")
    assert "process graph is not shown" in page
    assert 'class="process-graph"' not in page


def test_html_draws_a_supplied_graph() -> None:
    report = report_of(str(ROOT / "examples" / "beginner.toml"))
    report["organization"]["source"] = "<stdin>"
    report["graph"] = {"name": "x", "roles": [{"id": "a", "kind": "sales", "name": "Only A"}],
                       "flows": []}  # fmt: skip
    assert "Only A" in render_html(report, "en")


# ---------------------------------------------------------------- escaping

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "img": '"><img src=x onerror=alert(1)>',
    "link": "[x](javascript:alert(1))",
    "pipe": "a|b `tick` *star* _u_ #h !bang ~s~ &amp; \\",
    "newline": "first\n# second\n| cell |",
}


def hostile_model(folder: Path) -> Path:
    roles = [
        {"id": "ceo", "kind": "ceo", "name": HOSTILE["script"]},
        {
            "id": "prod-team.core",
            "kind": "product",
            "name": HOSTILE["img"],
            "notes": HOSTILE["script"],
        },
        {"id": "sales.eu-1", "kind": "sales", "name": HOSTILE["link"]},
        {"id": "cs", "kind": "customer_success", "name": HOSTILE["pipe"]},
        {"id": "mkt", "kind": "marketing", "name": HOSTILE["newline"]},
        {"id": "client", "kind": "customer", "name": "Client"},
    ]
    product, sales = "prod-team.core", "sales.eu-1"
    flows = [
        {"from": sales, "to": product, "kind": "bug_report", "name": HOSTILE["img"]},
        {"from": "cs", "to": product, "kind": "feature_request", "name": HOSTILE["link"]},
        {"from": product, "to": sales, "kind": "training", "content": ["features"],
         "name": HOSTILE["script"], "notes": HOSTILE["pipe"]},
        {"from": "client", "to": "cs", "kind": "support_request"},
        {"from": product, "to": "mkt", "kind": "release_briefing", "name": HOSTILE["newline"]},
    ]  # fmt: skip
    model = {"organization": {"name": HOSTILE["script"] + HOSTILE["link"]}, "roles": roles,
             "flows": flows}  # fmt: skip
    path = folder / "hostile.json"
    path.write_text(json.dumps(model, ensure_ascii=False), encoding="utf-8")
    return path


def test_hostile_model_renders_as_text_in_html(tmp_path: Path) -> None:
    page = assess(str(hostile_model(tmp_path)), "html")
    lower = page.lower()
    assert "<script" not in lower and "<img" not in lower
    assert "onerror=alert(1)>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert " href=" not in lower and " src=" not in lower.replace("img src=x", "")


def test_hostile_model_renders_as_text_in_markdown(tmp_path: Path) -> None:
    document = assess(str(hostile_model(tmp_path)), "markdown")
    assert not re.search(r"(?<!\\)[<>]", document), "an unescaped < or > reaches the Markdown"
    assert "[x](" not in document and "\\[x\\](javascript:alert(1))" in document
    assert "a\\|b \\`tick\\` \\*star\\* \\_u\\_ \\#h \\!bang \\~s\\~ \\&amp; \\\\" in document
    assert not re.search(r"^(# second|\| cell)", document, re.MULTILINE)


def test_md_escapes_markdown_punctuation_and_newlines() -> None:
    assert md("a|b\nc") == "a\\|b c"
    assert md("<b>[l](u)</b>") == "\\<b\\>\\[l\\](u)\\</b\\>"
    assert "\x1b" not in md("x\x1b[31my")


def test_hostile_ids_and_names_in_dot_and_mermaid(tmp_path: Path) -> None:
    path = str(hostile_model(tmp_path))
    dot = run("graph", path, "--format", "dot").output
    for line in dot.splitlines()[4:]:
        ident = line.strip().split(" ", 1)[0]
        if ident not in ("{", "}"):
            assert re.fullmatch(r"r_[A-Za-z0-9_]+", ident), line
    assert "r_prod_team_core -> r_sales_eu_1" in dot
    assert 'label="\\"><img src=x onerror=alert(1)>"' in dot
    strings = re.compile(r'"(?:[^"\\]|\\.)*"')
    unescaped = [line for line in dot.splitlines() if '"' in strings.sub("", line)]
    assert not unescaped, "an unescaped quote ends a DOT string early"
    mermaid = run("graph", path, "--format", "mermaid").output
    body = "\n".join(mermaid.splitlines()[1:])
    for label in re.findall(r'"([^"]*)"', body):
        assert not set(label.replace("<br/>", "")) & set("<>[]{}|`\\")
    assert "<script" not in mermaid and "<img" not in mermaid
    assert "r_sales_eu_1" in mermaid


def test_mermaid_and_dot_text_escaping() -> None:
    assert mermaid_text('a"b<c>') == "a#34;b#60;c#62;"
    assert mermaid_text("x\ny") == "x y"
    assert safe_ids(["a-b", "a.b", "a_b"]) == {"a-b": "r_a_b", "a.b": "r_a_b_2", "a_b": "r_a_b_3"}


def test_hostile_svg_is_well_formed_xml(tmp_path: Path) -> None:
    import xml.dom.minidom

    out = tmp_path / "graph.svg"
    result = run("graph", str(hostile_model(tmp_path)), "--format", "svg", "-o", str(out))
    assert result.exit_code == 0, result.output
    document = xml.dom.minidom.parse(str(out))
    assert document.documentElement.tagName == "svg"
    assert not document.getElementsByTagName("script")


# ---------------------------------------------------------------- the graph command


@pytest.mark.parametrize("fmt", ["dot", "mermaid", "svg"])
def test_graph_command_writes_atomically(tmp_path: Path, fmt: str) -> None:
    path = str(ROOT / "examples" / "intermediate.toml")
    shown = run("graph", path, "--format", fmt)
    assert shown.exit_code == 0, shown.output
    target = tmp_path / f"graph.{fmt}"
    written = run("graph", path, "--format", fmt, "-o", str(target))
    assert written.exit_code == 0
    assert target.read_text(encoding="utf-8") == shown.output
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_graph_command_reports_bad_input(tmp_path: Path) -> None:
    assert run("graph", str(tmp_path / "missing.toml")).exit_code == 2
    bad = tmp_path / "bad.toml"
    bad.write_text('[organization]\nname = "x"\n[[roles]]\nid = "a"\nkind = "salse"\n')
    result = run("graph", str(bad))
    assert result.exit_code == 2
    assert "roles[0].kind" in result.output and "Traceback" not in result.output
    assert run("graph", str(ROOT / "examples" / "beginner.toml"), "--format", "png").exit_code == 2


def test_graph_command_has_help() -> None:
    result = run("graph", "--help")
    assert result.exit_code == 0 and "--format" in result.output


def test_dot_and_mermaid_merge_parallel_flows() -> None:
    data = {"name": "n", "roles": [{"id": "a", "kind": "sales", "name": "A"},
                                   {"id": "b", "kind": "product", "name": "B"}],
            "flows": [{"index": 0, "from": "a", "to": "b", "kind": "bug_report"},
                      {"index": 1, "from": "a", "to": "b", "kind": "bug_report"},
                      {"index": 2, "from": "a", "to": "b", "kind": "feature_request"}]}  # fmt: skip
    dot = render_dot(data, "en")
    assert dot.count("r_a -> r_b") == 1 and 'label="bug report ×2\\nfeature request"' in dot
    assert render_mermaid(data, "zh").count("r_a -->") == 1


# ---------------------------------------------------------------- layout


def big_model(count: int) -> dict[str, Any]:
    kinds = sorted(KIND_FAMILY)
    roles = [
        {"id": f"r{i}", "kind": kinds[i % len(kinds)], "name": f"角色 {i} with a long display name"}
        for i in range(count)
    ]
    flows = [
        {"index": k, "from": f"r{(k * 7) % count}", "to": f"r{(k * 11 + 3) % count}",
         "kind": FLOW_KINDS[k % len(FLOW_KINDS)]}
        for k in range(count * 2)
    ]  # fmt: skip
    return {"name": "big", "roles": roles, "flows": flows}


@pytest.mark.parametrize("count", [5, 17, 40])
def test_layout_keeps_roles_apart_and_on_the_canvas(count: int) -> None:
    nodes, edges = build_view(big_model(count), Overlay())
    lay = layout(nodes, edges, "zh")
    boxes = [lay.boxes[n.id] for n in nodes]
    for a, b in combinations(boxes, 2):
        assert a.overlap(b) == 0
    for box in boxes:
        assert (
            box.x >= 0 and box.x + box.w <= lay.width and box.y >= 0 and box.y + box.h <= lay.height
        )


def test_svg_of_forty_roles_is_deterministic() -> None:
    data = big_model(40)
    assert render_svg(data, "en") == render_svg(json.loads(json.dumps(data)), "en")


def test_wrap_breaks_at_spaces_and_cuts_long_names() -> None:
    assert wrap("Customer success (客户成功部)", 12.5, 132) == ["Customer success", "(客户成功部)"]
    lines = wrap("很" * 80, 12.5, 132, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")


# ---------------------------------------------------------------- proposed changes


def test_proposed_roles_are_named_in_the_report_language() -> None:
    data = {
        "roles": [],
        "flows": [],
        "proposed": {
            "roles": [{"id": "pmm", "kind": "pmm", "name": "Product marketing"}],
            "flows": [],
        },
    }
    report = {"findings": []}
    assert overlay(report, data, "zh").new_roles[0]["name"] == "产品市场经理"
    assert overlay(report, data, "en").new_roles[0]["name"] == "Product marketing"


def test_html_reads_the_report_only(at_root: Path) -> None:
    assert model_graph(report_of("examples/beginner.toml")) is None  # JSON: no graph
    page = assess("examples/beginner.toml", "html", "en")
    assert 'class="graph-frame"' in page and "graph_unavailable" not in page
    alone = render_html(report_of("examples/beginner.toml"), "en")
    assert "does not carry its roles and flows" in alone


def test_fix_operations_in_words() -> None:
    op = {"op": "add_flow", "kind": "sales_toolkit", "from": {"kind": ["pmm", "marketing"]},
          "to": {"kind": "sales", "each": True}}  # fmt: skip
    assert describe_op(op, "en") == (
        "add flow Product marketing (PMM) / Marketing → every Sales: sales toolkit"
    )
    assert describe_op(op, "zh") == "新增流程 产品市场经理 / 市场部 → 每个销售：销售工具包"
    assert describe_op({"op": "set_practice", "set": {"severity_slas": True}}, "en") == (
        "set practices: severity_slas = true"
    )


def test_reporters_are_registered() -> None:
    result = run("assess", str(ROOT / "examples" / "beginner.toml"), "--format", "nope")
    assert result.exit_code == 2
    assert "html" in result.output and "markdown" in result.output


def test_markdown_and_html_render_from_the_report_alone() -> None:
    report = report_of(str(ROOT / "examples" / "intermediate.toml"), "zh")
    assert render_markdown(report, "zh").startswith("# 产品价值协同成熟度评估：")
    assert '<html lang="zh-CN">' in render_html(report, "zh")


def test_a_model_without_roles_still_reports(tmp_path: Path) -> None:
    path = tmp_path / "empty.toml"
    path.write_text('[organization]\nname = "<b>Empty</b>"\n', encoding="utf-8")
    for fmt in ("dot", "mermaid", "svg"):
        assert run("graph", str(path), "--format", fmt).exit_code == 0
    for fmt in ("markdown", "html"):
        assert "Empty" in assess(str(path), fmt)


def test_concrete_changes_replace_the_generic_fix_text() -> None:
    report = report_of(str(ROOT / "examples" / "beginner.toml"))
    rec = report["recommendations"][0]
    rec["changes"] = [{"op": "add_flow", "action": "add_flow", "applied": True,
                       "text": "add flow <Marketing> → Sales [sales_toolkit]"}]  # fmt: skip
    assert "add flow \\<Marketing\\> → Sales \\[sales\\_toolkit\\]" in render_markdown(report, "en")
    assert "add flow &lt;Marketing&gt; → Sales [sales_toolkit]" in render_html(report, "en")


def test_templates_escape_by_default() -> None:
    from maturity.report.templating import environment

    env = environment()
    assert env.autoescape is True
    text = env.from_string("<p>{{ value }}</p>").render(value='<b a="1">x</b>\x07')
    assert text == "<p>&lt;b a=&quot;1&quot;&gt;x&lt;/b&gt;</p>"


@pytest.mark.parametrize("name", ["beginner", "intermediate", "advanced"])
def test_json_report_bytes_are_the_standard_librarys_text(at_root: Path, name: str) -> None:
    """The JSON report written from orjson's bytes (one model, ``render_bytes``) is the text
    ``json.dumps(indent=2, sort_keys=True, ensure_ascii=False)`` gives, encoded; so is a
    report holding floats the two libraries write differently (0.00001, 1e-07)."""
    from maturity.assess import Options, Session
    from maturity.plugins.builtin.reporters import render_json, render_json_bytes
    from maturity.report.contract import build_report

    session = Session(Options(plugins=False))
    report = build_report(session.assess(session.load(f"examples/{name}.toml")), "zh")
    plain = json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert render_json_bytes(report, "zh") == plain.encode("utf-8")
    assert render_json(report, "zh") == plain
    tiny = {**report, "extra": [0.00001, 1e-07, 2.5e-05]}
    plain = json.dumps(tiny, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert render_json_bytes(tiny, "zh") == plain.encode("utf-8")
