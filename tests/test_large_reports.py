"""Every report format stays bounded on a large model within the limits: a generated
organization of 3,000 roles and 6,000 flows is assessed once, then rendered in every
registered format and drawn in every graph format, each under a watchdog that ends a
run that hangs (with every thread's stack) instead of letting it stall the suite.

Above ``SUMMARY_ROLES`` roles the drawing is one box per role kind, and the page says
so. Times and peak memory are measured by ``bench/reports.py``, not asserted here.
"""

from __future__ import annotations

import faulthandler
import re
from collections.abc import Iterator
from typing import Any

import pytest

from bench.generate import generate
from maturity.assess.session import Options, Session
from maturity.model import validate_data
from maturity.model.graph import build_graph
from maturity.report.contract import build_report
from maturity.report.graph import draw
from maturity.report.graph.view import SUMMARY_ROLES, graph_data
from tests import strategies as S

ROLES, FLOWS = 3000, 6000
#: Seconds a render may take before the watchdog ends the test run (it takes a few).
WATCHDOG = 90.0


@pytest.fixture(scope="module")
def large() -> Iterator[tuple[Session, Any]]:
    with S.packs_cached():
        session = Session(Options(plugins=False))
        model = validate_data(generate(FLOWS, seed=5, roles=ROLES), "large.json")
        yield session, session.assess(model)


def _watched(render: Any, *args: Any) -> str:
    faulthandler.dump_traceback_later(WATCHDOG, exit=True)
    try:
        text: str = render(*args)
    finally:
        faulthandler.cancel_dump_traceback_later()
    return text


@pytest.mark.parametrize("fmt", S.reporter_names())
def test_every_format_of_a_large_model_is_bounded(large: tuple[Session, Any], fmt: str) -> None:
    session, result = large
    reporter = session.registry.reporters[fmt]
    report = build_report(result, "en", reporter.needs_graph)
    text = _watched(reporter.render, report, "en")
    assert text
    if fmt == "html":
        assert "too many to draw one by one" in text
        drawn = re.findall(r'<g class="node[^"]*" data-role="', text)
        assert 0 < len(drawn) <= SUMMARY_ROLES, "the graph is not a summary"
        assert f"{ROLES} roles and {FLOWS} flows" in text


@pytest.mark.parametrize("fmt", ["svg", "dot", "mermaid"])
def test_every_graph_format_of_a_large_model_is_bounded(
    large: tuple[Session, Any], fmt: str
) -> None:
    _, result = large
    data = graph_data(build_graph(result.model))
    text = _watched(draw, data, fmt, "zh")
    if fmt == "svg":
        assert "逐一绘制过多" in text
        assert len(re.findall(r'<g class="node[^"]*" data-role=', text)) <= SUMMARY_ROLES
    else:
        assert text.count("\n") > ROLES, f"{fmt} lists every role"


def test_a_small_graph_is_drawn_role_by_role() -> None:
    from maturity.report.graph.view import Overlay, needs_summary

    data = graph_data(build_graph(validate_data(generate(60, seed=1, roles=12))))
    assert not needs_summary(data, Overlay())
    svg = draw(data, "svg", "en")
    assert len(re.findall(r'<g class="node[^"]*" data-role=', svg)) == 12
    assert "too many to draw" not in svg


def test_a_summary_is_never_summarised_again() -> None:
    """Many kinds with flows between every pair: the summary has over 150 arrows itself,
    and must still name each kind with its count, not ×1."""
    from maturity.report.graph.view import Overlay, needs_summary, summarize

    kinds = [f"kind{k}" for k in range(20)]
    roles = [{"id": f"{k}-{i}", "kind": k} for k in kinds for i in range(3)]
    pairs = [(a, b) for a in kinds for b in kinds if a != b]
    flows = [{"index": n, "from": f"{a}-0", "to": f"{b}-1", "kind": "training"}
             for n, (a, b) in enumerate(pairs)]  # fmt: skip
    data = {"name": "x", "roles": roles, "flows": flows}
    shown, overlay, _ = summarize(data, Overlay(), "en")
    assert not needs_summary(shown, overlay)
    svg = draw(data, "svg", "en")
    assert "kind0 ×3" in svg and "×1<" not in svg
