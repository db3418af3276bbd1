"""A portfolio on a Dask cluster: ``maturity assess DIR --scheduler tcp://HOST:PORT``.

The models are cut into batches (about four per worker) and each batch is
one task. A task runs :func:`maturity.report.portfolio.assess_file` on a
worker, in a session built there from the run's options (once per worker
process and set of options), so a cluster run gives the items a local run
gives, in input order, streamed back batch by batch. Workers read the model
paths themselves: they need the same files (a shared file system, or a local
cluster). Dask distributed is the optional ``cluster`` extra:
``pip install 'maturity[cluster]'``. A rule's time limit applies only where a
rule runs on a process's main thread, so Dask's worker threads run rules
without one.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from maturity.errors import UsageError

if TYPE_CHECKING:
    from maturity.assess.session import Options, Session
    from maturity.report.portfolio import Item, Run

#: Sessions built on this worker process, by the pickled options they were built from.
_SESSIONS: dict[bytes, Session] = {}
_LOCK = threading.Lock()


def assess_on_cluster(run: Run, files: Sequence[str], address: str) -> Iterator[Item]:
    """Assess ``files`` on the cluster whose scheduler is at ``address``; items in order."""
    client = _connect(address)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = max(1, min(64, len(files) // (workers * 4)))
        batches = [list(files[i : i + size]) for i in range(0, len(files), size)]
        options = portable(run.session.options)
        futures = client.map(
            assess_batch, batches, options=options, how=run.assessed_as, pure=False
        )
        for future in futures:
            yield from future.result()
            future.release()
    finally:
        client.close()


def portable(options: Options) -> Options:
    """``options`` with the plugin choices this process's environment makes
    (``MATURITY_NO_PLUGINS``, ``MATURITY_BLOCK_PLUGINS``, ``MATURITY_PLUGINS``) written in,
    so a worker started elsewhere loads the same plugins."""
    from dataclasses import replace

    from maturity.plugins.manager import BLOCK_ENV, NO_PLUGINS_ENV, ONLY_ENV, _names

    if os.environ.get(NO_PLUGINS_ENV):
        return replace(options, plugins=False)
    changes: dict[str, Any] = {}
    if os.environ.get(BLOCK_ENV):
        changes["block"] = tuple(sorted(_names(BLOCK_ENV, options.block)))
    if os.environ.get(ONLY_ENV):
        changes["only"] = tuple(sorted(_names(ONLY_ENV, options.only or options.config.only)))
    return replace(options, **changes)


def _connect(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise UsageError(
            "--scheduler needs Dask distributed: pip install 'maturity[cluster]'"
        ) from None
    try:
        return Client(address, timeout=10, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"--scheduler {address}: cannot reach the scheduler ({exc})") from None


def assess_batch(
    files: list[str], options: Options, how: tuple[str, str, bool, bool, bool, str | None]
) -> list[Item]:
    """A task: assess ``files`` on this worker, as :func:`assess_file` does locally."""
    from maturity.report.portfolio import Run, assess_file

    fmt, lang, render, nested, keep, date = how
    run = Run(
        _session(options), fmt, lang, render=render, nested=nested, keep_report=keep, date=date
    )
    return [assess_file(run, name) for name in files]


def _session(options: Options) -> Session:
    from maturity.assess.session import Session

    key = pickle.dumps(options)
    with _LOCK:
        if key not in _SESSIONS:
            _SESSIONS[key] = Session(options)
        return _SESSIONS[key]
