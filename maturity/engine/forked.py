"""Slices of one large computation shared among the machine's cores: forked workers.

A metric such as COL-A7's subset betweenness is a sum over slices of its
sources. :class:`Slices` runs ``run(i)`` for every slice, in this process and
in forked children that send their results back through pipes; the results
come back in slice order whoever computed them, so sums taken in that order
are bit for bit those of one process. A worker that fails has its slices run
here; :meth:`Slices.stop` (a rule's time limit, Ctrl-C, a run that ends
early) kills and reaps the workers still running. Forking is used only where
it is safe: a POSIX system, and no other thread running (a forked child would
inherit their locks: the studio's server, a Dask worker).
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Sequence
from contextlib import suppress

#: Processes a computation may use (:func:`use_processes`); 0: one per usable core.
SETTINGS = {"processes": 0}


def use_processes(count: int) -> int:
    """Let one computation use up to ``count`` processes (0: one per usable core); returns
    the previous setting. A portfolio's workers use 1: the models already fill the cores."""
    previous = SETTINGS["processes"]
    SETTINGS["processes"] = max(0, count)
    return previous


def processes(slices: int) -> int:
    """How many processes may share ``slices`` here and now (1: no forking)."""
    import threading

    wanted = SETTINGS["processes"]
    if not wanted:
        affinity = getattr(os, "sched_getaffinity", None)
        wanted = len(affinity(0)) if affinity else (os.cpu_count() or 1)
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    return max(1, min(wanted, slices, 8))


class Slices:
    """``run(i)`` for ``i`` in ``range(count)``, each a sequence of ``size`` floats, shared
    among ``workers`` processes. With ``here`` this process takes every ``workers``-th slice
    when :meth:`results` is called; without it, forked workers take them all and this
    process is free to do other work until then. Workers start at once."""

    def __init__(
        self,
        run: Callable[[int], Sequence[float]],
        count: int,
        size: int,
        workers: int,
        here: bool = True,
    ):
        self.run, self.count, self.size = run, count, size
        shares = [list(range(w, count, workers)) for w in range(workers)]
        self.mine = shares.pop(0) if here else []
        self.running: list[tuple[int, int, list[int]]] = []
        try:
            for share in shares:
                if share:
                    self.running.append(self._fork(share))
        except BaseException:
            self.stop()
            raise

    def _fork(self, share: list[int]) -> tuple[int, int, list[int]]:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, leave without running any cleanup
            code = 1
            try:
                os.close(read)
                # Everything first: a pipe holds less than one slice's values, and the
                # parent reads only once its own work is done.
                data = b"".join(array("d", self.run(i)).tobytes() for i in share)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        return pid, read, share

    def results(self) -> list[Sequence[float]]:
        """Every slice's values, in slice order (waiting for the workers)."""
        try:
            done: dict[int, Sequence[float]] = {i: self.run(i) for i in self.mine}
            while self.running:
                pid, read, share = self.running[0]
                with open(read, "rb", closefd=False) as got:
                    data = got.read()
                os.close(read)
                _, status = os.waitpid(pid, 0)
                self.running.pop(0)
                width = self.size * 8
                if status != 0 or len(data) != width * len(share):
                    done.update((i, self.run(i)) for i in share)  # the worker failed
                    continue
                for k, i in enumerate(share):
                    done[i] = array("d", data[k * width : (k + 1) * width])
            return [done[i] for i in range(self.count)]
        finally:
            self.stop()

    def stop(self) -> None:
        """Kill and reap the workers still running (none once :meth:`results` returned)."""
        import signal

        while self.running:
            pid, read, _ = self.running.pop()
            with suppress(ProcessLookupError, ChildProcessError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            with suppress(OSError):  # already closed: the worker was being reaped
                os.close(read)
