"""maturity's benchmarks: one command, one table, each figure beside its target.

    python bench/run.py              # the full run (100,000 flows on two generators: minutes)
    python bench/run.py --quick      # a short run (sizes up to 10,000 flows, fewer rounds)
    python bench/run.py --million    # adds 1,000,000 flows with raised limits (opt-in: long)
    python bench/run.py --installed  # time the maturity installed in this Python (say, a
                                     # wheel: pip install .), not this source tree
    python bench/run.py --only 2,3   # some sections

The machine is shared and noisy, so every comparison is measured side by
side: the commands compared run in turn within each round, ratios are taken
per round, and the table shows medians. Whole-process timings are of
subprocesses (peak RSS from wait4); in-process phases come from a worker
subprocess. Models come from two generators of different shapes:
bench/generate.py (``teams``: many small teams) and bench/generate_wide.py
(``wide``: few large departments, many parallel flows). Rego needs the
optional ``bench`` extra, the cluster comparison the ``cluster`` extra. The
load average is printed beside the figures it can spoil.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if os.environ.get("MATURITY_BENCH_INSTALLED"):
    sys.path.append(str(ROOT))  # bench/ from here, maturity as installed
elif str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import sections, timing, workers  # noqa: E402 - needs the repository on the path
from bench.timing import Row  # noqa: E402

Section = Callable[[Path], Iterator[Row]]


def table(parts: list[tuple[str, list[Row]]]) -> str:
    width = max(len(r.name) for _, rows in parts for r in rows) + 2
    figure = max([len(r.figure) for _, rows in parts for r in rows] + [6]) + 2
    target = max([len(r.target) for _, rows in parts for r in rows] + [6]) + 2
    head = f"{'measure':<{width}}{'figure':>{figure}}  {'target':<{target}}status"
    lines = [head, "-" * len(head)]
    for title, rows in parts:
        lines.append(title)
        for r in rows:
            status = "" if r.met is None else ("met" if r.met else "MISSED")
            line = f"  {r.name:<{width - 2}}{r.figure:>{figure}}  {r.target:<{target}}{status}"
            lines.append(line.rstrip())
    return "\n".join(lines)


def plan(quick: bool, million: bool) -> list[tuple[str, Section]]:
    rounds = 5 if quick else 15
    sizes = (1_000, 10_000) if quick else (1_000, 10_000, 100_000)
    top = sizes[-1]
    out: list[tuple[str, Section]] = [
        ("1. cold start (whole process; built-ins only)", lambda _: sections.cold_start(rounds)),
    ]
    for shape in sections.GENERATORS:
        out.append((f"2. scale, {shape} generator (all packs, JSON models and reports)",
                    lambda d, s=shape: sections.scale(d, s, sizes)))  # fmt: skip
    for shape in sections.GENERATORS:
        out.append((f"3. the engine against its limit, {shape} generator",
                    lambda d, s=shape: sections.limit(d, s, top, 3 if quick else 5)))  # fmt: skip
    out.append(("4. against a real peer: OPA's Rego",
                lambda d: sections.rego(d, 1_000, 1 if quick else 3)))  # fmt: skip
    out.append(
        (
            "5. portfolio: parallel, sequential and on a Dask cluster",
            lambda d: sections.portfolio(d, 100 if quick else 1_000, 1 if quick else 3),
        )
    )
    if million:
        out.append(("6. one million flows (limits raised; opt-in)",
                    lambda d: sections.scale(d, "teams", (100_000, 1_000_000))))  # fmt: skip
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run (up to 10,000 flows)")
    parser.add_argument("--million", action="store_true", help="add the 1,000,000-flow run")
    parser.add_argument("--installed", action="store_true", help="time the installed maturity")
    parser.add_argument("--only", help="comma-separated section numbers to run (1-6)")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(workers.WORKERS[args.worker[0]](*args.worker[1:])))
        return 0
    if args.installed:
        timing.ENV["PYTHONPATH"] = os.environ.get("PYTHONPATH", "")
        timing.ENV["MATURITY_BENCH_INSTALLED"] = "1"
    chosen = {int(n) for n in args.only.split(",")} if args.only else set(range(1, 7))
    print(f"maturity benchmarks: {'quick' if args.quick else 'full'} run"
          f"{', installed package' if args.installed else ', source tree'}, "
          f"{timing.load()} at start, Python {platform.python_version()}, "
          "medians of interleaved runs\n", flush=True)  # fmt: skip
    parts = []
    folder = Path(tempfile.mkdtemp(prefix="maturity-bench-"))
    try:
        for title, section in plan(args.quick, args.million):
            if int(title.split(".")[0]) in chosen:
                parts.append((title, list(section(folder))))
                print(f"  done: {title}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(table(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
