"""Pausing the cyclic garbage collector while large, acyclic data is built or read.

Parsing a model, indexing it and evaluating rules allocate millions of dicts,
lists and tuples that never form cycles (reference counting frees them).
Each time the collector runs it walks every tracked object, the whole model
included: on 100,000 flows that is seconds spent finding nothing. Inside
:func:`paused_gc` it does not run; it is switched back on (if it was on)
when the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc(resume: bool = True) -> Iterator[None]:
    """``resume=False``: leave the collector off (a process about to end: switching it on
    would make it walk everything the run allocated, a tenth of a second on 100,000 flows)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused and resume:
            gc.enable()
