"""What-if update latency of the studio, each figure beside its target.

    python bench/studio.py            # the shipped examples and a 1,000-flow model
    python bench/studio.py --rounds 3

One update is what the page's script waits for: a form post (switch a fix on,
or off) through the whole application — the Host/Origin guard, the scenario
re-assessed with the fix applied, the report contract and the page fragment
rendered — measured with Starlette's test client in this process, the median
of the rounds. Needs the studio extra: ``pip install -e '.[studio]'``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402 - needs the repository on the path

TARGET_EXAMPLE_MS = 300.0
TARGET_LARGE_MS = 1000.0


def _client(path: Path) -> object:
    from starlette.testclient import TestClient

    from maturity.assess.session import Options, Session
    from maturity.studio.app import create_app

    app = create_app(Session(Options(plugins=False)), path, "en", "127.0.0.1", 8765)
    return TestClient(app, base_url="http://127.0.0.1:8765", follow_redirects=False)


def _first_fix(client: object) -> str | None:
    page = client.get("/").text  # type: ignore[attr-defined]
    marker = '<li class="fix" data-rule="'
    if marker not in page:
        return None
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def _update(rule: str | None, round_: int) -> tuple[str, dict[str, str]]:
    """Switch the first fix on or off; with no fix to switch, edit a practice instead."""
    if rule is None:
        value = "true" if round_ % 2 == 0 else "false"
        return "/edit/practice", {"practice": "usage_analytics", "value": value}
    return "/toggle", {"rule": rule, "on": "1" if round_ % 2 == 0 else "0"}


def measure(path: Path, rounds: int) -> tuple[float, float, float | None]:
    """Median milliseconds of one update (a fix switched on, then off), of the graph drawn
    after it when the update left it to a second request, and of a page load."""
    client = _client(path)
    rule = _first_fix(client)
    fragment = {"X-Studio": "fragment"}
    updates, pages, graphs = [], [], []
    for round_ in range(rounds):
        url, form = _update(rule, round_)
        start = time.perf_counter()
        answer = client.post(url, data=form, headers=fragment)  # type: ignore[attr-defined]
        updates.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200, answer.text[:200]
        if 'data-part="/part/' in answer.text:
            start = time.perf_counter()
            for name in ("graph", "recommendations"):
                client.get(f"/part/{name}")  # type: ignore[attr-defined]
            graphs.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        client.get("/")  # type: ignore[attr-defined]
        pages.append((time.perf_counter() - start) * 1000)
    graph = statistics.median(graphs) if graphs else None
    return statistics.median(updates), statistics.median(pages), graph


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    cases = [(p.name, p, TARGET_EXAMPLE_MS) for p in sorted((ROOT / "examples").glob("*.toml"))]
    with tempfile.TemporaryDirectory() as folder:
        large = generate.write(Path(folder) / "flows-1000.toml", 1000, seed=1)
        cases.append(("generated, 1,000 flows", large, TARGET_LARGE_MS))
        print(f"{'model':<24} {'update (median)':>16} {'target':>9}  {'verdict':<8}"
              f"{'rest after':>12} {'whole page':>11}")  # fmt: skip
        for name, path, target in cases:
            update, page, graph = measure(path, args.rounds)
            verdict = "ok" if update < target else "SLOWER"
            after = "in update" if graph is None else f"{graph:.0f} ms"
            print(f"{name:<24} {update:>13.0f} ms {target:>6.0f} ms  {verdict:<8}"
                  f"{after:>12} {page:>8.0f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
