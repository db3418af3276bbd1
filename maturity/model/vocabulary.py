"""The closed vocabularies of the organization model, extensible by plugins."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ROLE_KINDS = (
    "ceo",
    "product",
    "rnd",
    "marketing",
    "pmm",
    "sales",
    "sales_lead",
    "presales",
    "sdr",
    "customer_success",
    "cs_lead",
    "support",
    "implementation",
    "product_ops",
    "channel",
    "customer",
    "virtual_team",
)

FLOW_KINDS = (
    "bug_report",
    "feature_request",
    "value_feedback",
    "feature_feedback",
    "training",
    "sales_toolkit",
    "value_proposition",
    "release_briefing",
    "success_case",
    "market_insight",
    "design_review",
    "roadmap_input",
    "usage_report",
    "value_report",
    "implementation_guide",
    "solution",
    "rollout_plan",
    "support_request",
)

CONTENT = (
    "features",
    "operations",
    "value",
    "scenarios",
    "cases",
    "persona",
    "pricing",
    "competition",
    "security",
    "requirements",
    "introduction",
    "solutions",
    "positioning",
    "management_goal",
    "current_approach",
    "desired_result",
)

CADENCES = ("per_release", "weekly", "monthly", "quarterly", "ad_hoc", "continuous")

#: Cadences that count as "regular" (everything but ``ad_hoc``).
REGULAR_CADENCES = ("per_release", "weekly", "monthly", "quarterly", "continuous")

LEVELS = ("beginner", "intermediate", "advanced")
STAGES = ("refine", "deliver", "realize", "quantify")


@dataclass(frozen=True)
class Vocabulary:
    """Role kinds, flow kinds, content tags and practices a model may use.

    ``practices`` maps a practice name to the JSON Schema of its value.
    """

    role_kinds: frozenset[str] = frozenset(ROLE_KINDS)
    flow_kinds: frozenset[str] = frozenset(FLOW_KINDS)
    content: frozenset[str] = frozenset(CONTENT)
    practices: Mapping[str, Any] = field(default_factory=dict)

    def extended(
        self,
        role_kinds: Iterable[str] = (),
        flow_kinds: Iterable[str] = (),
        content: Iterable[str] = (),
        practices: Mapping[str, Any] | None = None,
    ) -> Vocabulary:
        return Vocabulary(
            role_kinds=self.role_kinds | frozenset(role_kinds),
            flow_kinds=self.flow_kinds | frozenset(flow_kinds),
            content=self.content | frozenset(content),
            practices={**self.practices, **(practices or {})},
        )


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word``, if one is close enough to suggest."""
    close = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None
