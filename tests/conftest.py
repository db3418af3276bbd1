"""Hypothesis profiles: "ci" (default: few examples, fast) and "long" (HYPOTHESIS_PROFILE=long).

See docs/bad-input.md for the long run.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile(
    "long",
    max_examples=2000,
    deadline=timedelta(seconds=20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True, scope="session")
def _pack_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The suite's own pack cache (never the user's), shared by its subprocesses."""
    os.environ["MATURITY_CACHE_DIR"] = str(tmp_path_factory.mktemp("maturity-cache"))
