"""The observed organization as a model in the public format (validated before it is written)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from maturity.discover.mapping import Mapping_
from maturity.discover.observe import Observed
from maturity.model import Model, validate_data
from maturity.model.vocabulary import Vocabulary

ROLE_FIELDS = ("id", "kind", "name", "parent")


def keep(flows: list[dict[str, Any]], min_count: int, min_share: float) -> list[dict[str, Any]]:
    """The flows frequent enough to be more than noise."""
    return [
        f
        for f in flows
        if f["observed"]["handovers"] >= min_count and f["observed"]["share"] >= min_share
    ]


def model_data(
    mapping: Mapping_, observed: Observed, logs: Sequence[str], thresholds: tuple[int, float]
) -> dict[str, Any]:
    """The model's data: the mapping's organization and roles, the observed flows."""
    organization = dict(mapping.data.get("organization", {}))
    organization.setdefault("name", "Observed organization")
    span = f", {observed.span[0]} to {observed.span[1]}" if observed.span else ""
    organization.setdefault(
        "notes",
        f"Discovered by maturity discover from {', '.join(logs)}: {observed.events:,} events, "
        f"{observed.cases:,} cases{span}; flows with at least {thresholds[0]} hand-over(s) "
        f"and {thresholds[1]:.0%} of the sender's hand-overs of their kind.",
    )
    roles = [{k: r[k] for k in ROLE_FIELDS if k in r} for r in mapping.roles]
    flows = keep(observed.flows, *thresholds)
    return {"organization": organization, "roles": roles, "flows": flows}


def build_model(
    mapping: Mapping_,
    observed: Observed,
    logs: Sequence[str],
    thresholds: tuple[int, float],
    vocabulary: Vocabulary | None = None,
) -> Model:
    """The observed model, validated like a hand-written one (problems point into the mapping)."""
    data = model_data(mapping, observed, logs, thresholds)
    from maturity.model.locate import toml_line

    def locate(path: Sequence[str | int]) -> int | None:
        return toml_line(mapping.text, path) if path and path[0] != "flows" else None

    return validate_data(data, mapping.source, vocabulary, None, locate)
