"""Timing helpers for the benchmarks: subprocesses measured side by side, the table's rows.

The machine is shared and noisy, so every comparison is measured side by
side: the commands compared run in turn within each round, ratios are taken
per round, and the table shows medians.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PYTHON = sys.executable
#: Subprocesses import maturity from this tree (PYTHONPATH first; ``--installed``: from
#: the installed package), built-ins only, and write bytecode as an installed wheel has it.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
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


def wall(command: Sequence[str], cwd: Path = ROOT, name: str = "") -> float:
    """Seconds one subprocess takes, start to exit (output discarded); its CPU goes to CPU."""
    return measure(command, cwd, name)[0]


def measure(command: Sequence[str], cwd: Path = ROOT, name: str = "") -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one subprocess (its children's peak included)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = 0
    CPU.setdefault(name, []).append(usage.ru_utime + usage.ru_stime)
    return seconds, usage.ru_maxrss / 1024


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


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} CPUs"


def worker(kind: str, *args: str) -> dict[str, Any]:
    """Run ``bench/run.py --worker KIND ARGS`` and read the JSON it prints."""
    command = [PYTHON, str(ROOT / "bench" / "run.py"), "--worker", kind, *args]
    done = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"worker {kind} failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result
