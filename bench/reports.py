"""Report formats on large models: time and peak memory of `maturity assess -f FORMAT`.

    python bench/reports.py            # 3,000 roles (6,000 flows) and 100,000 flows
    python bench/reports.py --quick    # 3,000 roles only

Each run is a subprocess (built-ins only); its peak resident memory is read from
the operating system (wait4 rusage), like ``/usr/bin/time -v``. The JSON report
of the same model runs beside each format, so the table shows the format's time
next to the JSON time of the same round (the machine is shared and noisy). The
target: every format within a few seconds of JSON, and at most 2x its memory.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FORMATS = ("json", "text", "markdown", "html")
ENV = {
    **os.environ,
    "MATURITY_NO_PLUGINS": "1",
    "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
}
#: A format may take this many seconds more than JSON, and this many times its memory.
EXTRA_SECONDS, MEMORY_RATIO = 10.0, 2.0


def measure(model: Path, fmt: str, out: Path) -> tuple[float, float, int]:
    """(seconds, peak MiB, exit code) of one ``maturity assess`` run."""
    command = [sys.executable, "-m", "maturity", "assess", str(model), "-f", fmt, "-o", str(out)]
    start = time.perf_counter()
    process = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, process.returncode


def run(models: Sequence[tuple[str, Path]], folder: Path) -> list[str]:
    lines = [f"{'model':<30}{'format':<10}{'seconds':>9}{'JSON s':>9}{'peak MiB':>10}"
             f"{'JSON MiB':>10}  {'exit':<5}target"]  # fmt: skip
    for label, model in models:
        for fmt in FORMATS[1:]:
            base = measure(model, "json", folder / "r.json")
            own = measure(model, fmt, folder / f"r.{fmt}")
            ran = own[2] in (0, 1, 3) and base[2] in (0, 1, 3)  # a report was written
            met = ran and own[0] <= base[0] + EXTRA_SECONDS and own[1] <= base[1] * MEMORY_RATIO
            target = f"<= JSON + {EXTRA_SECONDS:g} s, <= {MEMORY_RATIO:g}x JSON memory"
            lines.append(
                f"{label:<30}{fmt:<10}{own[0]:>9.1f}{base[0]:>9.1f}{own[1]:>10.0f}"
                f"{base[1]:>10.0f}  {own[2]:<5}{target} {'met' if met else 'MISSED'}"
            )
            print(lines[-1], flush=True)
    return lines


def _generated(path: Path, flows: int, roles: int | None = None) -> Path:
    """Generate in a subprocess: a child's peak memory starts at its parent's (fork), so
    this process must stay small for the figures to be the runs' own."""
    command = [sys.executable, str(ROOT / "bench" / "generate.py"), "--flows", str(flows),
               "--seed", "1", "-o", str(path)]  # fmt: skip
    if roles is not None:
        command += ["--roles", str(roles)]
    subprocess.run(command, check=True, env=ENV)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the 3,000-role model only")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="maturity-bench-reports-") as name:
        folder = Path(name)
        models = [("3,000 roles, 6,000 flows", _generated(folder / "r3000.json", 6000, 3000))]
        if not args.quick:
            models.append(("10,000 roles, 100,000 flows", _generated(folder / "f.json", 100_000)))
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
        run(models, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
