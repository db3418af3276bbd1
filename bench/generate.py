"""Generate realistic synthetic organization models of a given size, for benchmarks.

A generated company has a head office (CEO, the sales and CS VPs, product,
R&D, marketing, PMM, product ops) and business units, each with its own
sales teams, pre-sales, SDRs, customer success, a support hotline under
customer success, implementation, channel partners and customer accounts.
Flows follow the seed's processes (release briefings, toolkits, trainings,
bugs and requests, cases, feedback, roadmap input, reports to customers) and
stay mostly inside a business unit, with the head office serving all units.
A realistic share of beginner-level anti-patterns is mixed in (non-urgent
bugs thrown at product, feature-demo trainings), so rules both pass and fail.

Roles number about flows / 10. The same ``--seed`` gives the same model,
byte for byte. Every model passes ``maturity validate``.

    python bench/generate.py --flows 10000 --seed 7 -o org.toml
    python bench/generate.py --flows 100 --format json -o org.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Head-office role kinds, created first and once each (in this order, as size allows).
HEAD_OFFICE = (
    "product",
    "marketing",
    "sales",
    "customer_success",
    "support",
    "rnd",
    "pmm",
    "ceo",
    "sales_lead",
    "cs_lead",
    "product_ops",
)

#: The mix of role kinds in a business unit (relative weights).
UNIT_MIX: Sequence[tuple[str, int]] = (
    ("sales", 22),
    ("customer_success", 12),
    ("support", 8),
    ("implementation", 8),
    ("rnd", 10),
    ("presales", 5),
    ("sdr", 5),
    ("customer", 14),
    ("product", 4),
    ("marketing", 4),
    ("pmm", 2),
    ("channel", 3),
    ("virtual_team", 1),
)

LABELS = {
    "ceo": "CEO 总经理",
    "product": "Product 产品部",
    "rnd": "R&D 研发",
    "marketing": "Marketing 市场部",
    "pmm": "PMM 产品市场",
    "sales": "Sales 销售",
    "sales_lead": "Sales VP 销售VP",
    "presales": "Pre-sales 售前",
    "sdr": "SDR 电销",
    "customer_success": "Customer success 客户成功",
    "cs_lead": "CS VP 客户成功VP",
    "support": "Support hotline 热线客服",
    "implementation": "Implementation 实施",
    "product_ops": "Product ops 产品运营",
    "channel": "Channel partner 渠道",
    "customer": "Customer 客户",
    "virtual_team": "Virtual team 虚拟团队",
}

#: Which kind a role reports into (acyclic: always towards the head office).
PARENT_OF = {
    "sales": "sales_lead",
    "presales": "sales_lead",
    "sdr": "sales_lead",
    "customer_success": "cs_lead",
    "implementation": "cs_lead",
    "support": "customer_success",
    "sales_lead": "ceo",
    "cs_lead": "ceo",
    "product": "ceo",
    "marketing": "ceo",
    "pmm": "marketing",
    "rnd": "product",
    "product_ops": "product",
}

REGULAR = ("per_release", "weekly", "monthly", "quarterly", "continuous")
Attrs = Callable[[random.Random], dict[str, Any]]


def _fixed(**attrs: Any) -> Attrs:
    return lambda rng: dict(attrs)


def _cadence(*choices: str, **attrs: Any) -> Attrs:
    return lambda rng: {**attrs, "cadence": rng.choice(choices)}


def _bug(urgent: float, reproduced: float = 0.0) -> Attrs:
    def make(rng: random.Random) -> dict[str, Any]:
        out = {"urgent": rng.random() < urgent, "tracked": rng.random() < 0.8}
        if rng.random() < 0.7:
            out["linked_to_customer"] = True
        if reproduced:
            out["reproduced"] = rng.random() < reproduced
        return out

    return make


def _training(*tags: str, extra: Sequence[str] = ()) -> Attrs:
    def make(rng: random.Random) -> dict[str, Any]:
        content = list(tags) + [t for t in extra if rng.random() < 0.5]
        return {"content": content, "cadence": rng.choice(("per_release", "quarterly"))}

    return make


def _request(classified: float) -> Attrs:
    return lambda rng: {
        "classified": rng.random() < classified,
        "tracked": True,
        "content": ["requirements"],
    }


@dataclass(frozen=True)
class Template:
    """A kind of flow: how often, between which role kinds, with which attributes."""

    weight: int
    kind: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    attrs: Attrs = field(default=_fixed())


TEMPLATES: Sequence[Template] = (
    # Flow B: bugs and requests go to the hotline; urgent ones straight to engineers.
    Template(14, "bug_report", ("sales", "customer_success"), ("support",), _bug(0.05)),
    Template(8, "bug_report", ("support",), ("rnd", "product"), _bug(0.1, reproduced=0.9)),
    Template(2, "bug_report", ("sales", "support"), ("rnd",), _bug(1.0)),
    Template(1, "bug_report", ("sales",), ("product", "rnd"), _bug(0.3)),
    Template(
        8, "support_request", ("customer",), ("support", "customer_success"), _fixed(tracked=True)
    ),
    Template(4, "feature_request", ("sales",), ("support", "customer_success"), _request(0.2)),
    Template(4, "feature_request", ("customer_success",), ("product",), _request(0.85)),
    # Flow A: release briefings, toolkit, trainings.
    Template(
        3,
        "release_briefing",
        ("product",),
        ("marketing", "customer_success", "pmm"),
        _cadence("per_release", "per_release", "ad_hoc", content=["value", "scenarios"]),
    ),
    Template(
        4,
        "sales_toolkit",
        ("marketing", "pmm"),
        ("sales", "channel", "presales"),
        _cadence("per_release", "quarterly", content=["value", "scenarios", "cases"]),
    ),
    Template(
        5,
        "training",
        ("marketing", "pmm"),
        ("sales", "channel", "sdr"),
        _training("value", "scenarios", extra=("cases", "competition")),
    ),
    Template(
        3,
        "training",
        ("product",),
        ("customer_success", "support", "implementation"),
        _training("features", "operations", extra=("value",)),
    ),
    Template(1, "training", ("product",), ("sales", "marketing"), _training("features")),
    # Advanced: value fed back, cases, insight, design reviews, roadmap.
    Template(
        4,
        "value_feedback",
        ("sales", "sdr", "presales", "customer_success"),
        ("marketing", "pmm"),
        _cadence(*REGULAR, "ad_hoc", content=["value", "scenarios"]),
    ),
    Template(
        3, "feature_feedback", ("sales",), ("customer_success",), _cadence("weekly", "ad_hoc")
    ),
    Template(
        3,
        "success_case",
        ("customer_success",),
        ("marketing", "pmm"),
        _cadence("monthly", "quarterly", "ad_hoc", content=["cases", "value"]),
    ),
    Template(
        2,
        "market_insight",
        ("marketing", "pmm"),
        ("product",),
        _cadence("quarterly", content=["persona", "scenarios", "competition"]),
    ),
    Template(1, "design_review", ("product",), ("marketing", "pmm"), _cadence(*REGULAR, "ad_hoc")),
    Template(
        1,
        "roadmap_input",
        ("ceo", "sales_lead", "cs_lead", "marketing", "pmm"),
        ("product",),
        _cadence("quarterly"),
    ),
    Template(
        2,
        "value_proposition",
        ("pmm", "marketing"),
        ("sales", "presales", "customer_success"),
        _fixed(content=["value", "scenarios"]),
    ),
    # Realize and quantify: at the customer.
    Template(
        5, "usage_report", ("customer_success",), ("customer",), _cadence("monthly", "quarterly")
    ),
    Template(2, "value_report", ("customer_success",), ("customer",), _cadence("quarterly")),
    Template(
        4,
        "implementation_guide",
        ("implementation",),
        ("customer",),
        _fixed(content=["operations", "scenarios"]),
    ),
    Template(
        3,
        "rollout_plan",
        ("implementation", "customer_success"),
        ("customer",),
        _cadence("quarterly"),
    ),
    Template(3, "solution", ("presales",), ("customer",), _fixed(content=["scenarios", "value"])),
    Template(2, "solution", ("presales",), ("sales",), _fixed(content=["scenarios"])),
)


@dataclass
class _Org:
    """Roles as they are made: ids by kind, overall and per business unit."""

    roles: list[dict[str, Any]] = field(default_factory=list)
    unit_of: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, list[str]] = field(default_factory=dict)
    by_unit_kind: dict[tuple[int, str], list[str]] = field(default_factory=dict)

    def add(self, role: dict[str, Any], unit: int) -> None:
        self.roles.append(role)
        self.unit_of[role["id"]] = unit
        self.by_kind.setdefault(role["kind"], []).append(role["id"])
        self.by_unit_kind.setdefault((unit, role["kind"]), []).append(role["id"])


def _unit_kinds(count: int, rng: random.Random) -> list[str]:
    kinds = [k for k, _ in UNIT_MIX]
    weights = [w for _, w in UNIT_MIX]
    return rng.choices(kinds, weights, k=count)


def _make_roles(total: int, rng: random.Random) -> _Org:
    org = _Org()
    head = HEAD_OFFICE[: max(2, min(total, len(HEAD_OFFICE)))]
    for kind in head:
        org.add(
            {
                "id": kind.replace("_", "-"),
                "kind": kind,
                "name": LABELS[kind],
                "headcount": rng.randint(1, 40),
            },
            0,
        )
    units = max(1, (total - len(head)) // 40)
    for number, kind in enumerate(_unit_kinds(max(0, total - len(head)), rng)):
        unit = 1 + number % units
        rid = f"{kind.replace('_', '-')}-u{unit}-{number}"
        role: dict[str, Any] = {"id": rid, "kind": kind, "name": f"{LABELS[kind]} U{unit}-{number}"}
        if kind not in ("customer", "channel", "virtual_team"):
            role["headcount"] = rng.randint(1, 30)
        org.add(role, unit)
    _set_parents(org, rng)
    _set_members_and_okrs(org, rng)
    return org


def _pick(org: _Org, kinds: Sequence[str], unit: int, rng: random.Random) -> str | None:
    """A role of one of ``kinds``, from ``unit`` when it has one (else the whole company)."""
    local = [r for k in kinds for r in org.by_unit_kind.get((unit, k), ())]
    if local and rng.random() < 0.85:
        return rng.choice(local)
    pool = [r for k in kinds for r in org.by_kind.get(k, ())]
    return rng.choice(pool) if pool else None


def _set_parents(org: _Org, rng: random.Random) -> None:
    for role in org.roles:
        boss_kind = PARENT_OF.get(role["kind"])
        if boss_kind is None:
            continue
        # The kinds' reporting lines form no cycle, so neither do the roles'.
        boss = _pick(org, (boss_kind,), org.unit_of[role["id"]], rng)
        if boss is not None:
            role["parent"] = boss


def _set_members_and_okrs(org: _Org, rng: random.Random) -> None:
    okrs = {
        "sales": ["new_bookings", "upsell"],
        "customer_success": ["renewal", "success_cases"],
        "marketing": ["pipeline", "sales_enablement"],
    }
    for role in org.roles:
        kind = role["kind"]
        if kind in okrs:
            role["okrs"] = [o for o in okrs[kind] if rng.random() < 0.7] or okrs[kind][:1]
        if kind == "virtual_team":
            unit = org.unit_of[role["id"]]
            pool = [
                r
                for k in ("presales", "sales", "support", "marketing")
                for r in org.by_unit_kind.get((unit, k), ())
            ]
            role["members"] = sorted(set(rng.sample(pool, min(4, len(pool)))))
            if not role["members"]:
                del role["members"]


def _make_flows(org: _Org, total: int, rng: random.Random) -> list[dict[str, Any]]:
    usable = [t for t in TEMPLATES if _has(org, t.sources) and _has(org, t.targets)]
    if not usable:
        usable = [Template(1, "value_feedback", (org.roles[0]["kind"],), (org.roles[-1]["kind"],))]
    weights = [t.weight for t in usable]
    flows: list[dict[str, Any]] = []
    units = sorted(set(org.unit_of.values()))
    attempts = 0
    while len(flows) < total and attempts < total * 20:
        attempts += 1
        template = rng.choices(usable, weights)[0]
        unit = rng.choice(units)
        source = _pick(org, template.sources, unit, rng)
        if source is None:
            continue
        target = _pick(org, template.targets, org.unit_of[source], rng)
        if target is None or target == source:
            continue
        flows.append({"from": source, "to": target, "kind": template.kind, **template.attrs(rng)})
    return flows


def _has(org: _Org, kinds: Sequence[str]) -> bool:
    return any(org.by_kind.get(k) for k in kinds)


def _practices(rng: random.Random, org: _Org) -> dict[str, Any]:
    visible = [r for k in ("sales", "support", "customer_success") for r in org.by_kind.get(k, ())]
    return {
        "bug_severity_levels": rng.choice((2, 3, 4, 5)),
        "severity_slas": rng.random() < 0.6,
        "issue_tracker": {"links_customers": rng.random() < 0.7, "visible_to": visible[:50]},
        "value_proposition": rng.random() < 0.7,
        "competitive_analysis": rng.random() < 0.5,
        "usage_analytics": rng.random() < 0.6,
        "value_quantification": rng.choice(("none", "manual", "best_practice", "automated")),
        "value_metrics": sorted(
            rng.sample(["per_capita_efficiency", "cost_reduction", "time_saved", "revenue"], 2)
        ),
        "north_star_metric": rng.random() < 0.5,
        "customer_health_model": rng.random() < 0.5,
        "toolkit_mode": rng.choice(("standardized", "customizable")),
    }


def generate(flows: int, seed: int = 0, roles: int | None = None) -> dict[str, Any]:
    """A model with ``flows`` flows and about ``flows / 10`` roles (at least 8), as plain data."""
    rng = random.Random(seed)
    total_roles = roles if roles is not None else max(8, round(flows / 10))
    org = _make_roles(max(2, total_roles), rng)
    arr = rng.choice((8, 20, 45, 65, 120, 300)) * 1_000_000
    return {
        "organization": {
            "name": f"Synthetic SaaS {seed} 合成科技",
            "currency": "CNY",
            "arr": arr,
            "acv": rng.choice((15_000, 38_000, 85_000, 250_000)),
            "product_type": rng.choice(("data", "general", "vertical")),
            "headcount": sum(r.get("headcount", 0) for r in org.roles),
        },
        "roles": org.roles,
        "flows": _make_flows(org, flows, rng),
        "practices": _practices(rng, org),
    }


# ------------------------------------------------------------------ output


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _toml_table(header: str, table: Mapping[str, Any]) -> Iterator[str]:
    yield header
    for key, value in table.items():
        yield f"{key} = {_toml_value(value)}"
    yield ""


def to_toml(data: Mapping[str, Any]) -> str:
    lines = ["# Generated by bench/generate.py: a synthetic organization for benchmarks.", ""]
    lines += _toml_table("[organization]", data["organization"])
    for role in data["roles"]:
        lines += _toml_table("[[roles]]", role)
    for flow in data["flows"]:
        lines += _toml_table("[[flows]]", flow)
    lines += _toml_table("[practices]", data["practices"])
    return "\n".join(lines)


def to_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def dump(data: Mapping[str, Any], fmt: str) -> str:
    return to_toml(data) if fmt == "toml" else to_json(data)


def write(path: str | Path, flows: int, seed: int = 0, roles: int | None = None) -> Path:
    """Generate a model and write it; the format follows the suffix (.toml or .json)."""
    target = Path(path)
    fmt = "json" if target.suffix == ".json" else "toml"
    target.write_text(dump(generate(flows, seed, roles), fmt), encoding="utf-8")
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flows", type=int, default=1000, help="number of flows (default 1000)")
    parser.add_argument("--roles", type=int, help="number of roles (default: flows / 10)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--format", choices=("toml", "json"), help="default: from -o, else toml")
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    fmt = args.format or ("json" if args.output and args.output.endswith(".json") else "toml")
    text = dump(generate(args.flows, args.seed, args.roles), fmt)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
