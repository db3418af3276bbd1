"""The engine's fast paths give exactly what the plain definitions give."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest

from bench.generate import generate
from maturity.assess import Options, Session
from maturity.engine import forked
from maturity.engine.brandes import subset_betweenness
from maturity.engine.context import Context
from maturity.engine.selectors import FlowSelector, RoleSelector
from maturity.model import validate_data
from maturity.model.graph import build_graph


@pytest.mark.parametrize("cls", [nx.DiGraph, nx.Graph, nx.MultiDiGraph])
@pytest.mark.parametrize("seed", range(12))
def test_subset_betweenness_is_networkx_bit_for_bit(cls: type[nx.Graph], seed: int) -> None:
    rng = random.Random(seed)
    base = nx.gnm_random_graph(30, rng.randint(10, 150), seed=seed, directed=cls is not nx.Graph)
    graph = cls(base)
    nodes = list(graph)
    sources, targets = rng.sample(nodes, 8), rng.sample(nodes, 10)
    expected = nx.betweenness_centrality_subset(graph, sources, targets, normalized=False)
    got = subset_betweenness(graph, sources, targets)
    assert got == expected
    assert list(got) == list(expected)


def _all(value: Any, cls: type) -> Iterator[Any]:
    """Every instance of ``cls`` inside a compiled condition."""
    if isinstance(value, cls):
        yield value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _all(getattr(value, item.name), cls)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _all(item, cls)


@pytest.fixture(scope="module")
def built_in() -> tuple[Session, Context]:
    session = Session(Options(plugins=False))
    return session, Context(build_graph(validate_data(generate(3000, seed=9))))


def test_bucketed_selection_equals_flow_by_flow_matching(built_in: tuple[Session, Context]) -> None:
    session, ctx = built_in
    checked = 0
    for rule in session.rules.values():
        for selector in _all((rule.match, rule.when, rule.credit), FlowSelector):
            if not selector.by_ends:
                continue
            plain = [row for row in selector.rows(ctx) if selector.matches(ctx, row, {})]
            assert selector.select(ctx, {}) == plain, (rule.id, selector.describe())
            checked += 1
    assert checked > 30


def test_kind_only_role_selectors_match_as_before(built_in: tuple[Session, Context]) -> None:
    _, ctx = built_in
    chosen = RoleSelector(kinds=frozenset({"sales", "pmm"}), not_kinds=frozenset({"pmm"}))
    assert chosen.kind_only
    assert not RoleSelector(kinds=frozenset({"sales"}), ids=frozenset({"x"})).kind_only
    for role_id, attrs in ctx.roles.items():
        assert chosen.matches(ctx, role_id, {}) == (attrs["kind"] == "sales")


def test_flows_by_ends_partition_the_flows(built_in: tuple[Session, Context]) -> None:
    _, ctx = built_in
    rows = sorted(
        (row for bucket in ctx.flows_by_ends.values() for row in bucket), key=lambda row: row[0]
    )
    assert rows == list(ctx.flows)
    for (kind, source, target), bucket in ctx.flows_by_ends.items():
        assert [row[0] for row in bucket] == sorted(row[0] for row in bucket)
        for _, u, v, attrs in bucket:
            assert (attrs["kind"], ctx.kinds[u], ctx.kinds[v]) == (kind, source, target)


def test_report_flow_lookup_equals_a_scan_even_after_a_plugin_moves_flows() -> None:
    model = validate_data(generate(200, seed=4))
    graph = build_graph(model)
    u, v, key = next(iter(graph.edges(keys=True)))
    attrs = graph.edges[u, v, key]
    graph.remove_edge(u, v, key)
    other = next(n for n in graph if n not in (u, v))
    graph.add_edge(other, v, key=key, **attrs)
    graph.add_edge(u, other, key=10_000, kind="training")
    ctx = Context(graph)
    scan = {k: (k, a, b, d) for a, b, k, d in graph.edges(keys=True, data=True)}
    assert {index: ctx.flow(index) for index in scan} == scan
    assert ctx.flow(10_000) is not None and ctx.flow(10_001) is None
    assert len(ctx.flows) == len(scan)


def test_a_context_from_the_model_equals_one_from_its_graph() -> None:
    model = validate_data(generate(500, seed=5))
    direct, via_graph = Context.from_model(model), Context(build_graph(model))

    def rows(flows: Any) -> list[Any]:  # the graph's edges also carry the index as a field
        return [(i, u, v, {**attrs, "index": i}) for i, u, v, attrs in flows]

    assert direct.roles == via_graph.roles and rows(direct.flows) == list(via_graph.flows)
    assert direct.role_ids == via_graph.role_ids and direct.teams_of == via_graph.teams_of
    assert {k: rows(v) for k, v in direct.flows_by_ends.items()} == via_graph.flows_by_ends
    assert {k: rows(v) for k, v in direct.flows_by_kind.items()} == via_graph.flows_by_kind
    for path in ("practices.issue_tracker.visible_to", "organization.name", "practices.nope"):
        assert direct.fact(path) == via_graph.fact(path)
    graph = direct.graph  # built on first use, the same graph
    assert sorted(graph.edges(keys=True, data=True)) == sorted(
        build_graph(model).edges(keys=True, data=True)
    )


def _envs(selector: Any, ctx: Context) -> list[dict[str, str]]:
    """An environment per role for every variable the selector reads (or just ``{}``)."""
    names = {s.var for s in _all(selector, RoleSelector) if s.var is not None}
    return [{name: role for name in names} for role in ctx.role_ids] if names else [{}]


def test_pinned_ends_select_what_flow_by_flow_matching_selects(
    built_in: tuple[Session, Context],
) -> None:
    session, ctx = built_in
    checked = 0
    for rule in session.rules.values():
        for selector in _all((rule.match, rule.when, rule.credit), FlowSelector):
            for env in _envs(selector, ctx):
                plain = [row for row in selector.rows(ctx) if selector.matches(ctx, row, env)]
                assert selector.select(ctx, env) == plain, (rule.id, selector.describe())
                checked += 1
    assert checked > 100


def test_role_candidates_are_every_matching_role(built_in: tuple[Session, Context]) -> None:
    session, ctx = built_in
    for rule in session.rules.values():
        for selector in _all((rule.match, rule.when, rule.credit), RoleSelector):
            for env in _envs(selector, ctx)[:40]:
                if selector.var is not None:
                    continue
                plain = [r for r in ctx.role_ids if selector.matches(ctx, r, env)]
                assert list(selector.candidates(ctx, env)) == plain, rule.id


def test_a_flow_index_is_selectable_when_indexed_from_the_model() -> None:
    from maturity.engine.compiler import Compiler
    from maturity.engine.graphconds import BUILTIN_METRICS
    from maturity.engine.operators import BUILTIN_OPERATORS
    from maturity.model.vocabulary import Vocabulary

    model = validate_data(generate(200, seed=4))
    compiler = Compiler(BUILTIN_OPERATORS, BUILTIN_METRICS, {}, Vocabulary())
    where = {"flow": {"where": [{"attr": "index", "op": "less_than", "value": 3}]}}
    count = {"count": {"flows": {}, "distinct": "index", "op": "equals", "value": 200}}
    for ctx in (Context.from_model(model), Context(build_graph(model))):
        found = compiler.compile(where, ()).evaluate(ctx, {})
        assert [e.index for e in found.evidence] == [0, 1, 2]
        assert compiler.compile(count, ()).evaluate(ctx, {}).ok


def test_components_come_in_the_order_and_adjacency_networkx_gives() -> None:
    import random

    import networkx as nx

    from maturity.model.scc import adjacency, strongly_connected

    rng = random.Random(5)
    for _ in range(300):
        size = rng.randint(1, 30)
        edges = [(rng.randrange(size), rng.randrange(size)) for _ in range(rng.randint(0, 80))]
        graph = nx.DiGraph(edges)
        assert adjacency(edges) == {node: list(succ) for node, succ in graph.adj.items()}
        assert list(strongly_connected(adjacency(edges))) == list(
            nx.strongly_connected_components(graph)
        )


def _betweenness_case(seed: int) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    rng = random.Random(seed)
    nodes = [f"r{i}" for i in range(60)]
    edges = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(240)]
    return nodes, [(u, v) for u, v in edges if u != v], rng.sample(nodes, 40)


@pytest.fixture
def sliced(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """igraph in slices of three sources, shared among processes at any size (as in a
    process with no other thread: earlier tests may leave some running)."""
    import threading

    from maturity.engine import brandes

    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(brandes, "SMALL", -1)
    monkeypatch.setattr(brandes, "PARALLEL", -1)
    monkeypatch.setattr(brandes, "CHUNK", 3)
    previous = forked.use_processes(1)
    yield brandes
    forked.use_processes(previous)


@pytest.mark.parametrize("seed", range(4))
def test_betweenness_shared_among_processes_is_the_one_process_sum(sliced: Any, seed: int) -> None:
    nodes, edges, chosen = _betweenness_case(seed)
    alone = sliced.subset_betweenness_lists(nodes, edges, chosen, chosen)
    for processes in (2, 3):
        forked.use_processes(processes)
        assert sliced.subset_betweenness_lists(nodes, edges, chosen, chosen) == alone
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    expected = nx.betweenness_centrality_subset(graph, chosen, chosen, normalized=False)
    assert alone == pytest.approx(expected, rel=1e-12)


def test_a_failing_worker_process_leaves_its_slices_to_the_parent(
    sliced: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import igraph

    nodes, edges, chosen = _betweenness_case(7)
    alone = sliced.subset_betweenness_lists(nodes, edges, chosen, chosen)
    parent, real = os.getpid(), igraph.Graph.betweenness

    def broken_in_children(self: Any, *args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent:
            raise MemoryError("no memory in the worker")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(igraph.Graph, "betweenness", broken_in_children)
    forked.use_processes(2)
    assert sliced.subset_betweenness_lists(nodes, edges, chosen, chosen) == alone


def test_a_time_limit_stops_the_worker_processes(
    sliced: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import time

    import igraph

    from maturity.rules.rule import RuleTimeout, _time_limit

    real = igraph.Graph.betweenness

    def slow(self: Any, *args: Any, **kwargs: Any) -> Any:
        time.sleep(0.2)
        return real(self, *args, **kwargs)

    children: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(igraph.Graph, "betweenness", slow)
    monkeypatch.setattr(os, "fork", fork)
    forked.use_processes(3)
    nodes, edges, chosen = _betweenness_case(3)
    with pytest.raises(RuleTimeout), _time_limit(0.5):
        sliced.subset_betweenness_lists(nodes, edges, chosen, chosen)
    assert len(children) == 2
    for pid in children:  # every worker process was stopped and reaped
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_a_metric_started_ahead_gives_the_same_findings_in_the_same_order(
    sliced: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large metrics start in forked workers before the rules run, their rules are
    evaluated last, and the findings are those of a run in one process, in rule order."""
    from maturity.engine import graphconds

    started: list[Any] = []
    real_start = graphconds.start_subset_betweenness

    def start(*args: Any) -> Any:
        job = real_start(*args)
        started.append(job)
        return job

    monkeypatch.setattr(graphconds, "start_subset_betweenness", start)
    session = Session(Options(plugins=False))
    model = validate_data(generate(1500, seed=5))
    alone = session.assess(model).findings
    assert not any(started)  # one process: nothing starts ahead
    forked.use_processes(2)
    shared = session.assess(model).findings
    assert [s for s in started if s is not None]  # COL-A7's betweenness started ahead
    assert shared == alone
    for job in started:  # every worker was collected
        assert job is None or not job.slices.running


def test_no_worker_process_is_forked_beside_other_threads() -> None:
    import threading

    previous = forked.use_processes(4)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert forked.processes(10) == 1
    finally:
        stop.set()
        other.join()
        forked.use_processes(previous)


@pytest.mark.parametrize("seed", range(6))
def test_roles_off_every_path_are_left_out_without_changing_a_bit(sliced: Any, seed: int) -> None:
    """Only the roles on some source → target path go to igraph; the values are bit for
    bit those of the whole graph, summed in the same slices."""
    import igraph

    rng = random.Random(seed)
    nodes = [f"r{i}" for i in range(80)]
    edges = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(150)]
    edges = [(u, v) for u, v in edges if u != v]
    chosen = rng.sample(nodes, 25)
    number = {node: i for i, node in enumerate(nodes)}
    pairs = list(dict.fromkeys((number[u], number[v]) for u, v in edges))
    graph = igraph.Graph(n=len(nodes), edges=pairs, directed=True)
    starts = [number[s] for s in chosen]
    whole = [0.0] * len(nodes)
    for start in range(0, len(starts), 3):
        part = graph.betweenness(directed=True, sources=starts[start : start + 3], targets=starts)
        whole = [a + b for a, b in zip(whole, part, strict=True)]
    found = sliced.subset_betweenness_lists(nodes, edges, chosen, chosen)
    assert found == dict(zip(nodes, whole, strict=True))
    graph, _, _ = sliced._Pruned(len(nodes), pairs, starts, starts)._build()
    assert graph.vcount() < len(nodes)  # some roles were left out
