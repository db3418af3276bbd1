"""maturity-gtm: go-to-market and PMM-middle-platform rules for maturity (seeds 000 and 002).

This module is the plugin: the entry point ``gtm = "maturity_gtm"`` points
here, and each ``@hookimpl`` function below hands maturity what the plugin
adds through the ``register`` callback. Nothing is registered at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from maturity import hookimpl
from maturity_gtm.bottleneck import PACK as GRAPH_PACK
from maturity_gtm.junit import JUNIT
from maturity_gtm.metrics import reach_within_two_hops
from maturity_gtm.operators import MATCHES_ANY_PREFIX

__version__ = "0.1.0"

#: The declarative pack, shipped inside the package (so inside the wheel).
PACK_FILE = Path(__file__).with_name("gtm.toml")

#: Flow kinds of the SDR handoff (seed 002), which the built-in vocabulary lacks, with
#: their words in the reports' languages (seed 002: 获取线索，SDR 进一步推动确定为商机).
FLOW_KINDS = ("lead", "opportunity")
WORDS = {"lead": {"en": "lead", "zh": "线索"}, "opportunity": {"en": "opportunity", "zh": "商机"}}


@hookimpl
def maturity_register_packs(register: Callable[[Any], None]) -> None:
    register(PACK_FILE)
    register(GRAPH_PACK)


@hookimpl
def maturity_register_operators(register: Callable[[Any], None]) -> None:
    register(MATCHES_ANY_PREFIX)


@hookimpl
def maturity_register_metrics(register: Callable[[str, Callable[..., Any]], None]) -> None:
    register("reach_within_two_hops", reach_within_two_hops)


@hookimpl
def maturity_register_vocabulary(register: Callable[..., None]) -> None:
    register(flow_kinds=FLOW_KINDS, words=WORDS)


@hookimpl
def maturity_register_reporters(register: Callable[[Any], None]) -> None:
    register(JUNIT)
