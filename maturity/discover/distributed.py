"""The same counts on a Dask cluster: one task per partition of the cases, DuckDB in each.

Each task reads the logs itself (so every worker must see them at the same
path, e.g. on shared storage), keeps the cases whose hash falls in its
partition, and counts; the driver sums the counts. A case lies in exactly
one partition and its events keep their input order, so the result is the
embedded one.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from maturity.discover.handover import Counts
from maturity.discover.words import words
from maturity.errors import UsageError

PARTITIONS_PER_WORKER = 2


def _client(scheduler: str | None, workers: int | None) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(
            "--scheduler and --workers need Dask distributed; "
            "install the discover extra: pip install 'maturity[discover]'"
        ) from None
    if scheduler:
        try:
            return Client(scheduler, timeout="10s"), None
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"--scheduler {scheduler}: cannot connect: {exc}") from None
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    return Client(cluster), cluster


def _task(job: Any, k: int, n: int) -> Counts:
    from maturity.discover.run import partition_counts

    request = dataclasses.replace(job.request, bucket=(k, n))
    return partition_counts(dataclasses.replace(job, request=request), quiet=True)


def distributed_counts(job: Any, scheduler: str | None, workers: int | None) -> list[Counts]:
    """Counts of every partition, computed on the cluster (a local one for ``workers``)."""
    from maturity.discover.run import load, progress

    load(job, quiet=True)  # bad input fails here, located, before the cluster starts
    client, cluster = _client(scheduler, workers)
    try:
        count = max(1, len(client.scheduler_info().get("workers", {})))
        parts = count * PARTITIONS_PER_WORKER
        progress(words("cluster", count=count, parts=parts))
        futures = [client.submit(_task, job, k, parts, pure=False) for k in range(parts)]
        results: list[Counts] = client.gather(futures)
        return results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
