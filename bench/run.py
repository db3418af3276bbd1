"""maturity's benchmarks: one command, one table, each figure beside its target.

    python bench/run.py            # the full run (includes 100,000 flows: minutes)
    python bench/run.py --quick    # a short run (sizes up to 10,000 flows, fewer rounds)

The machine is shared and noisy, so every comparison is measured side by
side: the commands compared run in turn within each round, ratios are taken
per round, and the table shows medians. Whole-process timings are of
subprocesses; scale runs one subprocess per size and reads its peak RSS.
Rego needs the optional ``bench`` extra: ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402 - needs the repository on the path

PYTHON = sys.executable
#: Subprocesses import maturity from this tree (PYTHONPATH first), built-ins only.
ENV = {
    **os.environ,
    "MATURITY_NO_PLUGINS": "1",
    "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
}


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    name: str
    figure: str
    target: str = ""
    met: bool | None = None


# ------------------------------------------------------------------ timing


def _maturity() -> list[str]:
    script = Path(PYTHON).parent / "maturity"
    return [str(script)] if script.exists() else [PYTHON, "-m", "maturity"]


#: CPU seconds (user + system) of every timed subprocess, by command name.
CPU: dict[str, list[float]] = {}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wall(command: Sequence[str], cwd: Path = ROOT, name: str = "") -> float:
    """Seconds one subprocess takes, start to exit (output discarded); its CPU goes to CPU."""
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    seconds = time.perf_counter() - start
    CPU.setdefault(name, []).append(_children_cpu() - cpu)
    return seconds


def interleave(commands: dict[str, Sequence[str]], rounds: int) -> dict[str, list[float]]:
    """Run every command once per round, in turn; one warm-up round is discarded."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for number in range(rounds + 1):
        for name, command in commands.items():
            seconds = wall(command, name=name)
            if number:
                times[name].append(seconds)
    return times


def ratio(times: dict[str, list[float]], top: str, bottom: str) -> float:
    """The median of per-round ratios: robust to the machine's drift between rounds."""
    return statistics.median(a / b for a, b in zip(times[top], times[bottom], strict=True))


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def worker(kind: str, *args: str) -> dict[str, Any]:
    """Run ``bench/run.py --worker KIND ARGS`` and read the JSON it prints."""
    command = [PYTHON, str(Path(__file__)), "--worker", kind, *args]
    done = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"worker {kind} failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


# ------------------------------------------------------------------ 1. cold start


def cold_start(rounds: int) -> Iterator[Row]:
    mat = _maturity()
    example = str(ROOT / "examples" / "intermediate.toml")
    times = interleave(
        {
            "click": [PYTHON, "-c", "import click"],
            "version": [*mat, "--version"],
            "help": [*mat, "--help"],
            "floor": [PYTHON, "-c", "import networkx, jsonschema, pluggy, click"],
            "assess": [*mat, "assess", example],
        },
        rounds,
    )
    med = {name: statistics.median(values) for name, values in times.items()}
    yield Row("python -c 'import click'", ms(med["click"]))
    for name in ("version", "help"):
        r = ratio(times, name, "click")
        yield Row(
            f"maturity --{name}: {ms(med[name])}, vs import click", f"{r:.2f}×", "< 1.5×", r < 1.5
        )
    yield Row("python -c 'import networkx, jsonschema, pluggy, click'", ms(med["floor"]))
    r = ratio(times, "assess", "floor")
    yield Row(
        f"maturity assess intermediate.toml: {ms(med['assess'])}, vs that floor",
        f"{r:.2f}×",
        "≤ 1.3×",
        r <= 1.3,
    )


# ------------------------------------------------------------------ 2. scale


def scale(folder: Path, sizes: Sequence[int], rounds: int) -> Iterator[Row]:
    results: dict[int, list[dict[str, Any]]] = {}
    for size in sizes:
        path = folder / f"org{size}.json"
        generate.write(path, size, seed=size)
        runs = rounds if size < 100_000 else 1
        results[size] = [_scale_once(path) for _ in range(runs)]
    previous: tuple[int, float] | None = None
    for size in sizes:
        runs = results[size]
        seconds = statistics.median(r["wall"] for r in runs)
        rss = max(r["maxrss_mib"] for r in runs)
        yield from _scale_rows(size, runs, seconds, rss)
        work = statistics.median(r["load"] + r["graph"] + r["rules"] + r["report"] for r in runs)
        if previous is not None:
            growth = work / previous[1]
            yield Row(
                f"  growth {previous[0]:,} → {size:,} flows (in-process work, no start-up)",
                f"{growth:.1f}×",
                "≤ 12×",
                growth <= 12,
            )
        previous = (size, work)


def _scale_once(path: Path) -> dict[str, Any]:
    start = time.perf_counter()
    result = worker("scale", str(path))
    result["wall"] = time.perf_counter() - start
    return result


def _scale_rows(size: int, runs: list[dict[str, Any]], seconds: float, rss: float) -> Iterator[Row]:
    def med(key: str) -> float:
        return statistics.median(float(r[key]) for r in runs)

    timed_out = any(r["timeouts"] for r in runs)
    fast = size < 100_000 or (seconds < 5 and rss < 1024)
    yield Row(
        f"{size:,} flows ({size // 10:,} roles), all packs, whole process",
        f"{ms(seconds)}, {rss:.0f} MiB",
        "< 5 s, < 1 GiB" if size == 100_000 else "",
        fast if size == 100_000 else None,
    )
    slow = runs[0]["slowest"]
    yield Row(
        f"  load+validate {ms(med('load'))} · graph {ms(med('graph'))} · rules "
        f"{ms(med('rules'))} · report {ms(med('report'))}",
        "",
    )
    note = " (hit the 30 s rule time limit: error)" if timed_out else ""
    yield Row(
        f"  slowest rule {slow[0]}: {ms(med('slowest_seconds'))}{note}; "
        f"all other rules {ms(med('rules') - med('slowest_seconds'))}",
        "",
    )


def scale_worker(path: str) -> dict[str, Any]:
    """One model through the real pipeline, timed by phase; peak RSS of this process."""
    import maturity.assess.session as assess_module
    from maturity.plugins.builtin.reporters import render_json
    from maturity.report.contract import build_report

    per_rule: dict[str, float] = {}
    evaluate = assess_module.evaluate

    def timed(rule: Any, ctx: Any, *args: Any) -> Any:
        start = time.perf_counter()
        finding = evaluate(rule, ctx, *args)
        per_rule[rule.id] = time.perf_counter() - start
        return finding

    assess_module.evaluate = timed  # type: ignore[assignment]
    session = assess_module.Session(assess_module.Options(plugins=False))
    marks = [time.perf_counter()]
    model = session.load(path)
    marks.append(time.perf_counter())
    result = session.assess(model)
    marks.append(time.perf_counter())
    render_json(build_report(result), "en")
    marks.append(time.perf_counter())
    slowest = max(per_rule.items(), key=lambda item: item[1])
    rules = sum(per_rule.values())
    timeouts = [
        f.rule for f in result.findings if f.status == "error" and "time" in (f.error or "")
    ]
    return {
        "load": marks[1] - marks[0],
        "graph": marks[2] - marks[1] - rules,
        "rules": rules,
        "report": marks[3] - marks[2],
        "slowest": slowest,
        "slowest_seconds": slowest[1],
        "timeouts": timeouts,
        "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


# ------------------------------------------------------------------ 3. the limit


def limit(folder: Path, size: int, rounds: int) -> Iterator[Row]:
    path = folder / f"org{size}.json"
    if not path.exists():
        generate.write(path, size, seed=size)
    result = worker("limit", str(path), str(rounds))
    hand, engine, index = result["hand"], result["engine"], result["index"]
    r = statistics.median(e / h for e, h in zip(engine, hand, strict=True))
    with_index = statistics.median((e + i) / h for e, i, h in zip(engine, index, hand, strict=True))
    agree = result["agree"]
    yield Row(f"hand-written single pass, 9 COL flow rules, {size:,} flows", ms(median(hand)))
    yield Row(
        f"engine evaluating the same compiled rules: {ms(median(engine))}, vs hand",
        f"{r:.2f}×",
        "≤ 2×",
        r <= 2,
    )
    yield Row(
        f"  + indexing the graph, once per model for all rules: {ms(median(index))}",
        f"{with_index:.2f}×",
    )
    yield Row(
        "  same pass/fail, same COL-I6 offending flows",
        "yes" if agree else "NO",
        "identical",
        agree,
    )


def limit_worker(path: str, rounds: str) -> dict[str, Any]:
    from bench import handwritten
    from maturity.assess import Options, Session
    from maturity.engine.context import Context, FlowRef
    from maturity.model import Model
    from maturity.model.graph import build_graph
    from maturity.rules import evaluate

    session = Session(Options(plugins=False))
    graph = build_graph(Model(json.loads(Path(path).read_text("utf-8")), path))
    rules = [session.rules[r] for r in handwritten.RULES]
    hand, engine, index = [], [], []
    for _ in range(int(rounds)):
        start = time.perf_counter()
        status, offending = handwritten.evaluate(graph)
        hand.append(time.perf_counter() - start)
        start = time.perf_counter()
        ctx = Context(graph)
        middle = time.perf_counter()
        findings = [evaluate(rule, ctx) for rule in rules]
        engine.append(time.perf_counter() - middle)
        index.append(middle - start)
    i6 = next(f for f in findings if f.rule == "COL-I6")
    flows = sorted(e.index for e in i6.evidence if isinstance(e, FlowRef))
    agree = status == {f.rule: f.status for f in findings} and flows == offending
    return {"hand": hand, "engine": engine, "index": index, "agree": agree, "status": status}


# ------------------------------------------------------------------ 4. a real peer


def rego(folder: Path, size: int, rounds: int) -> Iterator[Row]:
    try:
        import regopy  # noqa: F401
    except ImportError:
        yield Row("Rego (regopy)", "skipped: pip install -e '.[bench]'")
        return
    path = folder / f"org{size}.json"
    if not path.exists():
        generate.write(path, size, seed=size)
    result = worker("rego", str(path), str(rounds))
    ours = statistics.median(result["maturity"])
    theirs = statistics.median(result["rego"])
    r = statistics.median(t / m for t, m in zip(result["rego"], result["maturity"], strict=True))
    rules = ", ".join(sorted(result["status"]))
    yield Row(f"Rego via regopy {result['version']}, {size:,} flows ({rules})", ms(theirs))
    yield Row(
        f"maturity, same rules and input: {ms(ours)}; Rego takes", f"{r:.0f}×", "≥ 10×", r >= 10
    )
    yield Row(
        "  same pass/fail, same COL-I6 offending flows",
        "yes" if result["agree"] else "NO",
        "identical",
        result["agree"],
    )


REGO_RULES = ("COL-I2", "COL-I6", "COL-I10", "VAL-D4")
FEEDBACK = [
    "support_request",
    "bug_report",
    "feature_request",
    "value_feedback",
    "feature_feedback",
    "market_insight",
]


def rego_worker(path: str, rounds: str) -> dict[str, Any]:
    import regopy

    from maturity.assess import Options, Session
    from maturity.engine.compiler import Compiler
    from maturity.engine.context import Context, FlowRef
    from maturity.model import Model
    from maturity.model.graph import build_graph
    from maturity.rules import evaluate

    session = Session(Options(plugins=False))
    lang = session.language
    compiler = Compiler(lang.operators, lang.metrics, {}, lang.vocabulary)
    reach = compiler.compile(
        {"path": {"from": "customer", "to": "product", "flows": {"kind": FEEDBACK}}}, ()
    )
    rules = [session.rules[r] for r in REGO_RULES]
    data = json.loads(Path(path).read_text("utf-8"))
    interpreter = regopy.Interpreter()
    interpreter.add_module("collaboration", (ROOT / "bench/rego/collaboration.rego").read_text())
    times: dict[str, list[float]] = {"maturity": [], "rego": []}
    for _ in range(int(rounds)):
        start = time.perf_counter()
        ctx = Context(build_graph(Model(data, path)))
        findings = {f.rule: f for f in (evaluate(rule, ctx) for rule in rules)}
        any_hops = "pass" if reach.evaluate(ctx, {}).ok else "fail"
        times["maturity"].append(time.perf_counter() - start)
        start = time.perf_counter()
        interpreter.set_input(data)
        output = interpreter.query("data.maturity.collaboration.result")
        times["rego"].append(time.perf_counter() - start)
    theirs = json.loads(str(output))["expressions"][0]
    ours = {rule: f.status for rule, f in findings.items()} | {"VAL-D4*": any_hops}
    flows = sorted(e.index for e in findings["COL-I6"].evidence if isinstance(e, FlowRef))
    agree = ours == theirs["status"] and flows == sorted(theirs["col_i6"])
    version = getattr(regopy, "__version__", "?")
    return {**times, "agree": agree, "status": ours, "version": version}


# ------------------------------------------------------------------ 5. portfolio


def portfolio(folder: Path, models: int, rounds: int) -> Iterator[Row]:
    directory = folder / "portfolio"
    directory.mkdir(exist_ok=True)
    for seed in range(models):
        generate.write(directory / f"org{seed:03d}.toml", 100, seed=seed)
    mat = _maturity()
    jobs = os.cpu_count() or 1
    times = interleave(
        {
            "sequential": [*mat, "assess", str(directory), "--jobs", "1"],
            "parallel": [*mat, "assess", str(directory), "--jobs", str(jobs)],
        },
        rounds,
    )
    seq = statistics.median(times["sequential"])
    par = statistics.median(times["parallel"])
    speedup = ratio(times, "sequential", "parallel")
    cpu = {name: statistics.median(CPU[name][1:]) for name in ("sequential", "parallel")}
    yield Row(f"{models} models of 100 flows, --jobs 1 (sequential)", ms(seq))
    yield Row(
        f"  --jobs {jobs} (default: CPUs): {ms(par)}, speed-up",
        f"{speedup:.2f}×",
        f"> 1× ({jobs} CPUs)",
        speedup > 1,
    )
    load = os.getloadavg()[0]
    yield Row(
        f"    CPU time {ms(cpu['sequential'])} vs {ms(cpu['parallel'])}: the same work; "
        f"load average {load:.1f} on {jobs} CPUs",
        "",
    )


# ------------------------------------------------------------------ the table


def table(sections: list[tuple[str, list[Row]]]) -> str:
    width = max(len(r.name) for _, rows in sections for r in rows) + 2
    figure = max([len(r.figure) for _, rows in sections for r in rows] + [6]) + 2
    target = max([len(r.target) for _, rows in sections for r in rows] + [6]) + 2
    head = f"{'measure':<{width}}{'figure':>{figure}}  {'target':<{target}}status"
    lines = [head, "-" * len(head)]
    for title, rows in sections:
        lines.append(title)
        for r in rows:
            status = "" if r.met is None else ("met" if r.met else "MISSED")
            line = f"  {r.name:<{width - 2}}{r.figure:>{figure}}  {r.target:<{target}}{status}"
            lines.append(line.rstrip())
    return "\n".join(lines)


def plan(quick: bool) -> list[tuple[str, Callable[[Path], Iterator[Row]]]]:
    rounds = 5 if quick else 15
    sizes = (100, 1_000, 10_000) if quick else (100, 1_000, 10_000, 100_000)
    top = sizes[-1]
    return [
        ("cold start (whole process; built-ins only)", lambda _: cold_start(rounds)),
        (
            "scale (all packs in rules/, JSON models, one subprocess per size)",
            lambda d: scale(d, sizes, 1 if quick else 3),
        ),
        ("the engine against its limit", lambda d: limit(d, top, 3 if quick else 5)),
        ("against a real peer: OPA's Rego", lambda d: rego(d, 1_000, 1 if quick else 3)),
        ("portfolio: parallel vs sequential", lambda d: portfolio(d, 200, 1 if quick else 3)),
    ]


WORKERS: dict[str, Callable[..., dict[str, Any]]] = {
    "scale": scale_worker,
    "limit": limit_worker,
    "rego": rego_worker,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run (up to 10,000 flows)")
    parser.add_argument("--only", help="comma-separated section numbers to run (1-5)")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(WORKERS[args.worker[0]](*args.worker[1:])))
        return 0
    chosen = {int(n) for n in args.only.split(",")} if args.only else set(range(1, 6))
    print(
        f"maturity benchmarks: {'quick' if args.quick else 'full'} run, {os.cpu_count()} CPUs "
        f"(load average {os.getloadavg()[0]:.1f} at start), Python "
        f"{platform.python_version()}, medians of interleaved runs\n",
        flush=True,
    )
    sections = []
    folder = Path(tempfile.mkdtemp(prefix="maturity-bench-"))
    try:
        for number, (title, section) in enumerate(plan(args.quick), start=1):
            if number in chosen:
                sections.append((title, list(section(folder))))
                print(f"  done: {title}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(table(sections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
