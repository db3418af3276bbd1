"""The benchmark sections: each yields the table's rows, every figure beside its target."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench import generate, generate_wide
from bench.timing import (
    CPU,
    ENV,
    PYTHON,
    ROOT,
    Row,
    _maturity,
    interleave,
    load,
    measure,
    median,
    ms,
    ratio,
    worker,
)

#: The two model generators: bench/generate.py (many small teams) and
#: bench/generate_wide.py (few large departments, many parallel flows).
GENERATORS: dict[str, Callable[[Path, int], Path]] = {
    "teams": lambda path, size: generate.write(path, size, seed=size),
    "wide": lambda path, size: generate_wide.write(path, size, seed=size),
}


def model(folder: Path, shape: str, size: int) -> Path:
    path = folder / f"{shape}{size}.json"
    if not path.exists():
        GENERATORS[shape](path, size)
    return path


# ------------------------------------------------------------------ cold start


def cold_start(rounds: int) -> Iterator[Row]:
    mat = _maturity()
    example = str(ROOT / "examples" / "intermediate.toml")
    times = interleave(
        {
            "click": [PYTHON, "-c", "import click"],
            "version": [*mat, "--version"],
            "floor": [PYTHON, "-c", "import networkx, jsonschema, pluggy, click"],
            "assess": [*mat, "assess", example],
        },
        rounds,
    )
    med = {name: statistics.median(values) for name, values in times.items()}
    yield Row(f"python -c 'import click' ({load()})", ms(med["click"]))
    r = ratio(times, "version", "click")
    yield Row(f"maturity --version: {ms(med['version'])}, vs import click", f"{r:.2f}×",
              "≤ 1.2×", r <= 1.2)  # fmt: skip
    yield Row("python -c 'import networkx, jsonschema, pluggy, click'", ms(med["floor"]))
    r = ratio(times, "assess", "floor")
    yield Row(f"maturity assess intermediate.toml: {ms(med['assess'])}, vs that floor",
              f"{r:.2f}×", "≤ 1.0×", r <= 1.0)  # fmt: skip


# ------------------------------------------------------------------ scale


def scale(folder: Path, shape: str, sizes: tuple[int, ...]) -> Iterator[Row]:
    """Whole ``maturity assess --format json`` processes, then the in-process phases and the
    floor of the same work, per size; growth of the in-process work per 10×."""
    previous: tuple[int, float] | None = None
    for size in sizes:
        path = model(folder, shape, size)
        big = size >= 1_000_000
        start = time.perf_counter()
        figures = worker("scale", str(path), str(10**9 if big else 0))
        if big:  # the worker is the whole process here (one 1M run is long enough)
            seconds, rss = time.perf_counter() - start, figures["maxrss_mib"]
        else:
            out = folder / f"{shape}{size}.out.json"
            seconds, rss = measure(
                [*_maturity(), "assess", str(path), "-f", "json", "-o", str(out)]
            )
        yield from _scale_rows(shape, size, figures, seconds, rss)
        work = sum(figures[k] for k in ("load", "index", "rules", "report", "encode"))
        if previous is not None and size // previous[0] == 10:
            growth = work / previous[1]
            limit = 11
            yield Row(f"  growth {previous[0]:,} → {size:,} flows (in-process work)",
                      f"{growth:.1f}×", f"≤ {limit}×", growth <= limit)  # fmt: skip
        previous = (size, work)


def _scale_rows(shape: str, size: int, f: dict[str, Any], seconds: float, rss: float
                ) -> Iterator[Row]:  # fmt: skip
    roles = f"{shape} generator"
    if size == 100_000:
        target, met = "< 2 s, < 600 MiB", seconds < 2 and rss < 600
    elif size == 1_000_000:
        target, met = "< 25 s, < 2 GiB", seconds < 25 and rss < 2048
    else:
        target, met = "", None
    yield Row(f"{size:,} flows ({roles}), all packs, JSON report, whole process",
              f"{ms(seconds)}, {rss:.0f} MiB", target, met)  # fmt: skip
    yield Row(
        f"  load+validate {ms(f['load'])} · index {ms(f['index'])} · rules "
        f"{ms(f['rules'])} · report {ms(f['report'])} · encode {ms(f['encode'])}",
        "",
    )
    slow, took = f["slowest"]
    note = " (hit the rule time limit: error)" if f["timeouts"] else ""
    yield Row(f"  slowest rule {slow}: {ms(took)}{note}; all other rules "
              f"{ms(f['rules'] - took)}", "")  # fmt: skip
    floor = f["floor_parse"] + f["floor_index"] + f["floor_encode"]
    work = sum(f[k] for k in ("load", "index", "rules", "report", "encode"))
    r = work / floor
    yield Row(f"  in-process work {ms(work)} vs floor {ms(floor)} (orjson parse "
              f"{ms(f['floor_parse'])} + dict index {ms(f['floor_index'])} + encode "
              f"{ms(f['floor_encode'])})", f"{r:.1f}×", "≤ 5×" if size >= 100_000 else "",
              (r <= 5) if size >= 100_000 else None)  # fmt: skip


# ------------------------------------------------------------------ the engine's limit


def limit(folder: Path, shape: str, size: int, rounds: int) -> Iterator[Row]:
    result = worker("limit", str(model(folder, shape, size)), str(rounds))
    hand, engine, index = result["hand"], result["engine"], result["index"]
    with_index = statistics.median((e + i) / h for e, i, h in zip(engine, index, hand, strict=True))
    yield Row(f"hand-written single pass over the parsed model, 9 COL flow rules, "
              f"{size:,} flows ({shape})", ms(median(hand)))  # fmt: skip
    yield Row(f"engine, same compiled rules: index {ms(median(index))} + rules "
              f"{ms(median(engine))}, vs hand", f"{with_index:.2f}×", "≤ 1.5×",
              with_index <= 1.5)  # fmt: skip
    agree = result["agree"]
    yield Row("  same pass/fail, same COL-I6 offending flows", "yes" if agree else "NO",
              "identical", agree)  # fmt: skip


# ------------------------------------------------------------------ a real peer


def rego(folder: Path, size: int, rounds: int) -> Iterator[Row]:
    try:
        import regopy  # noqa: F401
    except ImportError:
        yield Row("Rego (regopy)", "skipped: pip install -e '.[bench]'")
        return
    result = worker("rego", str(model(folder, "teams", size)), str(rounds))
    ours, theirs = statistics.median(result["maturity"]), statistics.median(result["rego"])
    r = statistics.median(t / m for t, m in zip(result["rego"], result["maturity"], strict=True))
    rules = ", ".join(sorted(result["status"]))
    yield Row(f"Rego via regopy {result['version']}, {size:,} flows ({rules})", ms(theirs))
    yield Row(f"maturity, same rules and input: {ms(ours)}; Rego takes", f"{r:.0f}×", "≥ 10×",
              r >= 10)  # fmt: skip
    yield Row("  same pass/fail, same COL-I6 offending flows",
              "yes" if result["agree"] else "NO", "identical", result["agree"])  # fmt: skip


# ------------------------------------------------------------------ portfolio


def portfolio(folder: Path, models: int, rounds: int) -> Iterator[Row]:
    directory = folder / "portfolio"
    directory.mkdir(exist_ok=True)
    for seed in range(models):
        generate.write(directory / f"org{seed:04d}.toml", 100, seed=seed)
    mat = [*_maturity(), "assess", str(directory)]
    before = load()
    commands = {"jobs1": [*mat, "--jobs", "1"], "jobs2": [*mat, "--jobs", "2"]}
    with _cluster() as address:
        if address:
            commands["dask"] = [*mat, "--scheduler", address]
        times = interleave(commands, rounds)
    speedup = ratio(times, "jobs1", "jobs2")
    cpu = {name: statistics.median(CPU[name][1:]) for name in commands}
    yield Row(f"{models} models of 100 flows, --jobs 1: {ms(median(times['jobs1']))}", "")
    yield Row(f"  --jobs 2: {ms(median(times['jobs2']))}, speed-up", f"{speedup:.2f}×",
              "≥ 1.6× (2 free CPUs)", speedup >= 1.6)  # fmt: skip
    yield Row(f"    CPU {ms(cpu['jobs1'])} vs {ms(cpu['jobs2'])} (the same work); "
              f"{before} before, {load()} after", "")  # fmt: skip
    if "dask" not in times:
        yield Row("  Dask (distributed.LocalCluster)", "skipped: pip install '.[cluster]'")
        return
    r = ratio(times, "dask", "jobs2")
    yield Row(f"  --scheduler (LocalCluster, 2 workers × 1 thread): {ms(median(times['dask']))}, "
              "vs --jobs 2", f"{r:.2f}×", "≤ 1.3×", r <= 1.3)  # fmt: skip


class _cluster:
    """A Dask local cluster of two single-thread worker processes, if distributed is there."""

    def __enter__(self) -> str | None:
        try:
            import distributed
        except ImportError:
            self.cluster = None
            return None
        os.environ.update({"MATURITY_NO_PLUGINS": "1", "PYTHONPATH": ENV["PYTHONPATH"]})
        self.cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
        return str(self.cluster.scheduler_address)

    def __exit__(self, *exc: Any) -> None:
        if self.cluster is not None:
            self.cluster.close()
