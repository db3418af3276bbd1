"""A second benchmark generator, of another shape: few large departments, many parallel flows.

Where ``bench/generate.py`` builds a company of many small teams in business
units (roles ≈ flows / 10, mostly distinct pairs of roles), this one builds a
company of a few large departments (roles ≈ flows / 500, at least one per
department kind) whose flows repeat between the same departments: thousands
of parallel flows per pair, attributes drawn per flow. Its code shares
nothing with the first generator, so a speed-up that only suits one shape
shows up as a difference between them. The same seed gives the same model;
every model passes ``maturity validate``.

    python bench/generate_wide.py --flows 100000 --seed 3 -o wide.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DEPARTMENTS = ("product", "rnd", "marketing", "pmm", "sales", "presales", "sdr",
               "customer_success", "support", "implementation", "product_ops", "channel",
               "customer", "ceo")  # fmt: skip
CADENCES = ("per_release", "weekly", "monthly", "quarterly", "continuous", "ad_hoc")
CONTENT = ("value", "scenarios", "cases", "features", "operations", "competition")

#: (weight, flow kind, source department kinds, target department kinds)
ROUTES: Sequence[tuple[int, str, tuple[str, ...], tuple[str, ...]]] = (
    (20, "bug_report", ("sales", "customer_success", "support"), ("support", "rnd", "product")),
    (10, "support_request", ("customer",), ("support", "customer_success")),
    (10, "feature_request", ("sales", "customer_success"), ("product", "customer_success")),
    (6, "training", ("marketing", "pmm", "product"), ("sales", "channel", "customer_success")),
    (6, "sales_toolkit", ("marketing", "pmm"), ("sales", "channel", "presales")),
    (5, "release_briefing", ("product",), ("marketing", "customer_success", "pmm", "support")),
    (5, "value_feedback", ("sales", "customer_success", "sdr"), ("marketing", "pmm")),
    (4, "feature_feedback", ("sales",), ("customer_success", "product")),
    (4, "market_insight", ("marketing", "pmm"), ("product",)),
    (3, "roadmap_input", ("pmm", "ceo", "sales"), ("product",)),
    (3, "design_review", ("product", "pmm"), ("pmm", "product", "marketing")),
    (3, "success_case", ("customer_success",), ("marketing", "pmm")),
    (3, "usage_report", ("customer_success", "product_ops"), ("customer",)),
    (2, "value_proposition", ("pmm",), ("marketing", "sales")),
    (2, "solution", ("presales",), ("customer",)),
)


def _flow_attrs(kind: str, rng: random.Random) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    if kind in ("bug_report", "feature_request", "support_request"):
        attrs["tracked"] = rng.random() < 0.7
        attrs["urgent"] = rng.random() < 0.1
    if kind == "bug_report":
        attrs["reproduced"] = rng.random() < 0.5
    if kind == "feature_request":
        attrs["classified"] = rng.random() < 0.5
    if kind not in ("bug_report", "support_request", "solution"):
        attrs["cadence"] = rng.choice(CADENCES)
        attrs["content"] = sorted(rng.sample(CONTENT, rng.randint(1, 3)))
    return attrs


def generate(flows: int, seed: int = 0) -> dict[str, Any]:
    """A valid organization of about ``flows / 500`` departments and ``flows`` flows."""
    rng = random.Random(seed)
    count = max(len(DEPARTMENTS), flows // 500)
    roles: list[dict[str, Any]] = []
    by_kind: dict[str, list[str]] = {}
    for number in range(count):
        kind = DEPARTMENTS[number % len(DEPARTMENTS)]
        role_id = f"{kind}-{number // len(DEPARTMENTS)}"
        roles.append({"id": role_id, "kind": kind, "headcount": rng.randint(20, 2000)})
        by_kind.setdefault(kind, []).append(role_id)
    weights = [route[0] for route in ROUTES]
    out: list[dict[str, Any]] = []
    while len(out) < flows:
        _, kind, sources, targets = rng.choices(ROUTES, weights)[0]
        source = rng.choice(by_kind[rng.choice(sources)])
        target = rng.choice(by_kind[rng.choice(targets)])
        if source != target:
            out.append({"from": source, "to": target, "kind": kind, **_flow_attrs(kind, rng)})
    organization = {"name": f"Wide Corp {seed}", "arr": rng.randint(10, 500) * 1_000_000}
    practices = {"usage_analytics": rng.random() < 0.5, "value_proposition": True}
    return {"organization": organization, "roles": roles, "flows": out, "practices": practices}


def write(path: str | Path, flows: int, seed: int = 0) -> Path:
    path = Path(path)
    data = generate(flows, seed)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flows", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", required=True, help="a .json file")
    args = parser.parse_args(argv)
    write(args.output, args.flows, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
