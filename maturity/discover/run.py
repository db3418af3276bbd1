"""Run a discovery: read the logs (embedded or on a Dask cluster) and compute what was asked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import click

from maturity.discover.engine import connect
from maturity.discover.handover import Network, finish, handover_counts, working_together_counts
from maturity.discover.readers import EventLog, Request, read_logs


def progress(message: str) -> None:
    """Progress goes to stderr, so that standard output stays the result."""
    click.echo(message, err=True)


@dataclass(frozen=True)
class Job:
    """A network to compute: which logs, how to read them, by what, which network."""

    logs: tuple[str, ...]
    request: Request = field(default_factory=Request)
    by: str = "resource"
    kind: str = "handover"
    roles: Any = None  # a compiled role mapping (maturity.discover.mapping.RoleRules)


def load(job: Job, con: Any = None, quiet: bool = False) -> EventLog:
    """Read the job's logs into ``events`` on ``con`` (a new connection by default)."""
    con = con if con is not None else connect()
    log = read_logs(con, job.logs, job.request, None if quiet else progress)
    if job.roles is not None:
        job.roles.apply(con)
    return log


def partition_counts(job: Job, quiet: bool = True) -> Any:
    """The counts of one log (or one partition of it); runs in a Dask worker too."""
    log = load(job, quiet=quiet)
    if job.kind == "working_together":
        return working_together_counts(log.con, job.by)
    return handover_counts(log.con, job.by)


def network(job: Job, scheduler: str | None = None, workers: int | None = None) -> Network:
    """The network, embedded or (with ``scheduler`` or ``workers``) on a Dask cluster."""
    if scheduler or workers:
        from maturity.discover.distributed import distributed_counts

        return finish(job.kind, job.by, distributed_counts(job, scheduler, workers))
    return finish(job.kind, job.by, partition_counts(job, quiet=False))


def logs_tuple(logs: Sequence[str]) -> tuple[str, ...]:
    return tuple(str(p) for p in logs)
