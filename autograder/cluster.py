"""Grading across machines: the same per-submission work on the workers of a Dask cluster.

``python -m autograder grade ID --scheduler tcp://HOST:8786`` hands each submission to the
workers of a running Dask cluster (a ``dask scheduler`` and ``dask worker``s started by hand,
dask-jobqueue on Slurm or HTCondor, dask-kubernetes) instead of a pool of local processes.
Everything else stays in the instructor's process: planning, nbgrader's passes and the
recording of every result, so the gradebook has one writer. The workers must see the course
folder at the same path (a shared file system) and have the course's environment (and
bubblewrap, for the sandbox).

A Dask worker runs its tasks in threads, and a thread of a multi-threaded process cannot
take a mount namespace of its own: each submission is graded in a child process of the
worker's thread (`worker.in_child`), spawned like a local worker and kept for the thread's
next submissions, so its warm kernel server serves them all. Dask starts
its workers as daemonic processes, which may not have children: start them with
``DASK_DISTRIBUTED__WORKER__DAEMON=False`` (the grader checks, and says so). If that
child dies, only its submission is lost; if a whole Dask worker dies, Dask gives its tasks to
another worker, and reports the submission lost once it has killed workers too often.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

from . import errors, worker

#: how long to wait for the scheduler before saying it cannot be reached
CONNECT_TIMEOUT = "20s"


def _is_daemonic() -> bool:
    import multiprocessing

    return bool(multiprocessing.current_process().daemon)


def worker_lost(exc: BaseException | None) -> bool:
    """Did the submission's worker die (rather than the submission fail)?"""
    if isinstance(exc, BrokenProcessPool):
        return True
    with contextlib.suppress(ImportError):
        from distributed import KilledWorker

        return isinstance(exc, KilledWorker)
    return False


class ClusterPool:
    """A Dask cluster, used like the local pool of grading workers (``submit``, ``shutdown``).

    Parameters
    ----------
    address
        The scheduler's address, e.g. ``tcp://10.0.0.5:8786``.
    use_sandbox
        Whether the workers run student kernels in the sandbox.
    """

    #: a dead worker loses only its own submission (the local pool loses all of them)
    loses_all_on_death = False

    def __init__(self, address: str, use_sandbox: bool) -> None:
        from distributed import Client

        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise errors.AutograderError(
                errors.SCHEDULER_UNREACHABLE.format(address=address, reason=exc)
            ) from exc
        # (a worker that dies meanwhile is no answer: ignore it)
        if any(self.client.run(_is_daemonic, on_error="ignore").values()):
            self.client.close()
            raise errors.AutograderError(errors.DAEMONIC_WORKERS.format(address=address))
        self.use_sandbox = use_sandbox
        self._futures: list[Future] = []
        self._executor = self.client.get_executor(pure=False)

    @property
    def slots(self) -> int:
        """How many submissions the cluster grades at once (its worker threads)."""
        return max(1, sum(self.client.nthreads().values()))

    def submit(self, fn: Callable, job: worker.Job) -> Future:
        future = self._executor.submit(worker.in_child, fn, job, self.use_sandbox)
        self._futures.append(future)
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        if cancel_futures:
            for future in self._futures:
                future.cancel()
        with contextlib.suppress(Exception):
            self._executor.shutdown(wait=wait and not cancel_futures)
        with contextlib.suppress(Exception):
            self.client.close()
