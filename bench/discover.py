"""Benchmark ``maturity discover --handover`` against pm4py, side by side, figures beside targets.

    python bench/discover.py                 # 100k and 1M events vs pm4py, 10M alone
    python bench/discover.py --quick         # 20k and 100k vs pm4py, 1M alone (a minute)
    python bench/discover.py --sizes 100k --alone 2M --rounds 3

Logs come from bench/eventlog.py (seeded) as Parquet. Every command runs as
its own process; time is wall clock, memory is the process's peak RSS (from
wait4, as /usr/bin/time -v reports it). pm4py's run reads the same Parquet
file with pandas, orders each case by time (stable: ties keep file order)
and calls ``discover_handover_of_work_network(beta=0)``. pm4py is AGPL: it
is an oracle here, never a dependency (``pip install pm4py`` to run this).
The Dask row checks that a local cluster (``--workers 2``) gives the same
edges as the embedded run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eventlog import generate

GIB = 1024**3
ORACLE = """
import json, sys
import pandas as pd
import pm4py
frame = pd.read_parquet(sys.argv[1])
frame = frame.sort_values(["case", "timestamp"], kind="stable")
network = pm4py.discover_handover_of_work_network(
    frame, beta=0, resource_key="resource", timestamp_key="timestamp", case_id_key="case")
edges = [[a, b, v] for (a, b), v in sorted(network.connections.items())]
with open(sys.argv[2], "w") as fh:
    json.dump(edges, fh)
"""


def size(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (bytes) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed:\n{error}")
    return elapsed, usage.ru_maxrss * 1024.0


def discover(log: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "maturity",
        "discover",
        str(log),
        "--handover",
        "--format",
        "json",
        "-o",
        str(out),
        *extra,
    ]


def ours(path: Path) -> dict[tuple[str, str], float]:
    data = json.loads(path.read_text())
    return {(e["source"], e["target"]): e["value"] for e in data["edges"]}


def theirs(path: Path) -> dict[tuple[str, str], float]:
    return {(a, b): v for a, b, v in json.loads(path.read_text())}


def delta(a: dict[tuple[str, str], float], b: dict[tuple[str, str], float]) -> str:
    if set(a) != set(b):
        return f"DIFFERENT edge sets ({len(a)} vs {len(b)})"
    worst = max((abs(a[k] - b[k]) for k in a), default=0.0)
    return f"{len(a)} edges, max |Δ| {worst:.1e}"


def compare_row(events: int, rounds: int, folder: Path) -> dict[str, object]:
    log = folder / f"log-{events}.parquet"
    exact = generate(events, 7, log)
    ratios, ours_t, theirs_t, ours_m, theirs_m = [], [], [], [], []
    for _ in range(rounds):  # in turn within each round: the shared machine's noise is shared
        t1, m1 = measure(discover(log, folder / "ours.json"))
        t2, m2 = measure([sys.executable, "-c", ORACLE, str(log), str(folder / "theirs.json")])
        ratios.append(t2 / t1)
        ours_t.append(t1), theirs_t.append(t2), ours_m.append(m1), theirs_m.append(m2)
    same = delta(ours(folder / "ours.json"), theirs(folder / "theirs.json"))
    return {
        "events": exact,
        "ours": statistics.median(ours_t),
        "theirs": statistics.median(theirs_t),
        "speedup": statistics.median(ratios),
        "ours_mem": max(ours_m),
        "theirs_mem": max(theirs_m),
        "same": same,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (about a minute)")
    parser.add_argument("--sizes", help="sizes compared with pm4py, e.g. 100k,1M")
    parser.add_argument("--alone", help="size run without pm4py, from Parquet, e.g. 10M")
    parser.add_argument("--rounds", type=int, help="rounds per comparison (median shown)")
    args = parser.parse_args(argv)
    sizes = [size(s) for s in (args.sizes or ("20k,100k" if args.quick else "100k,1M")).split(",")]
    alone = size(args.alone or ("1M" if args.quick else "10M"))
    rounds = args.rounds or (1 if args.quick else 3)
    with tempfile.TemporaryDirectory(prefix="bench-discover-") as scratch:
        report(Path(scratch), sizes, alone, rounds)
    return 0


def report(folder: Path, sizes: list[int], alone: int, rounds: int) -> None:
    print(
        f"discover --handover vs pm4py discover_handover_of_work_network(beta=0); "
        f"{rounds} round(s), medians; peak RSS per process"
    )
    print(
        f"{'events':>11} {'discover':>9} {'pm4py':>8} {'speedup':>8} {'target':>7} "
        f"{'disc. MiB':>9} {'target':>8} {'pm4py MiB':>9}  edges identical (target |Δ| ≤ 1e-9)"
    )
    rows = [compare_row(n, rounds, folder) for n in sizes]
    for row in rows:
        big = row["events"] >= 1_000_000  # type: ignore[operator]
        print(
            f"{row['events']:>11,} {row['ours']:>8.2f}s {row['theirs']:>7.2f}s "
            f"{row['speedup']:>7.1f}× {'≥ 5×' if big else '':>7} "
            f"{row['ours_mem'] / 2**20:>9.0f} {'≤ 1536' if big else '':>8} "
            f"{row['theirs_mem'] / 2**20:>9.0f}  {row['same']}"
        )
    log = folder / f"log-{alone}.parquet"
    exact = generate(alone, 7, log)
    runs = [measure(discover(log, folder / "alone.json")) for _ in range(rounds)]
    seconds = statistics.median(t for t, _ in runs)
    memory = max(m for _, m in runs)
    base = rows[-1]
    growth = (seconds / float(base["ours"])) / (exact / float(base["events"]))  # type: ignore[arg-type]
    print(
        f"\ndiscover alone, Parquet: {exact:,} events in {seconds:.2f}s, peak "
        f"{memory / GIB:.2f} GiB (target ≤ 4 GiB); time per event vs {base['events']:,}: "
        f"{growth:.2f}× (target ≤ 1.00×, at most linear)"
    )
    small = folder / f"log-{sizes[0]}.parquet"
    measure(discover(small, folder / "dask.json", "--workers", "2"))
    measure(discover(small, folder / "embedded.json"))
    same = ours(folder / "dask.json") == ours(folder / "embedded.json")
    print(
        f"Dask local cluster (2 workers) vs embedded on {sizes[0]:,} events: "
        f"{'identical' if same else 'DIFFERENT'} (target: identical)"
    )


if __name__ == "__main__":
    sys.exit(main())
