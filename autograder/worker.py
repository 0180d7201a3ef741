"""The grading workers: one submission at a time, mapped over a pool of processes.

`grade_submission` is the whole per-submission work of a worker: run each notebook of the
submission (`execute.execute_notebook`: the student's cells in a sandboxed kernel, the test
cells in this process's trusted checker). A worker is a fresh interpreter (spawned: nothing
shared with the grader), dies with the grader, leaves Ctrl-C to it, and, as root, gets a
mount namespace of its own for the kernels' RAM disks. What the kernels print (IPython's
notices, a student's noise on the terminal) goes to the submission's kernel log, never to the
instructor's console.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from . import execute, sandbox

PR_SET_PDEATHSIG = 1
#: bytes of a submission's kernel output kept in its log (the rest is dropped)
MAX_KERNEL_LOG = 256 * 1024


@dataclass(frozen=True)
class Job:
    """What a worker needs to grade one submission."""

    student_id: str
    notebooks: tuple[str, ...]
    source_folder: str
    config_json: str
    use_sandbox: bool
    limits: sandbox.Limits
    uid: int
    kernel_log: str


def _copy_bounded(source: int, path: str) -> None:
    """Copy what comes through a pipe into a file, keeping at most ``MAX_KERNEL_LOG`` bytes."""
    kept = 0
    try:
        log = open(path, "ab")  # noqa: SIM115 -- closed below, after the pipe's end
    except OSError:
        log = None
    try:
        while chunk := os.read(source, 65536):
            if log is not None and kept < MAX_KERNEL_LOG:
                log.write(chunk[: MAX_KERNEL_LOG - kept])
                kept += len(chunk)
                if kept >= MAX_KERNEL_LOG:
                    log.write(b"\n[the rest of the kernel's output was dropped]\n")
    finally:
        os.close(source)
        if log is not None:
            log.close()


@contextlib.contextmanager
def _output_to(path: str) -> Iterator[None]:
    """Send this process's stdout and stderr, and its children's (the kernels'), to a log.

    Through a pipe read by a thread that keeps the first ``MAX_KERNEL_LOG`` bytes: however
    much a kernel writes to its terminal, the log stays small and the console quiet.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    read_end, write_end = os.pipe()
    reader = threading.Thread(target=_copy_bounded, args=(read_end, path), daemon=True)
    reader.start()
    try:
        os.dup2(write_end, 1)
        os.dup2(write_end, 2)
        os.close(write_end)
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)  # the last writers' ends close: the reader sees the end
        os.dup2(saved[1], 2)
        for descriptor in saved:
            os.close(descriptor)
        reader.join(timeout=5)


def grade_submission(job: Job) -> list[execute.ExecutionReport]:
    """Run each notebook of one submission, stopping at the first that does not finish."""
    reports = []
    with _output_to(job.kernel_log):
        for path in job.notebooks:
            report = execute.execute_notebook(
                path, job.config_json, job.use_sandbox, job.uid, job.limits, job.source_folder
            )
            reports.append(report)
            if report.outcome != execute.Outcome.EXECUTED:
                break
    return reports


def _init(use_sandbox: bool) -> None:
    """In each worker: die with the grader (even on SIGKILL), leave Ctrl-C to the grader."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if use_sandbox:
        sandbox.private_mount_namespace()


_children = threading.local()


def in_child(fn: Callable[[Job], list], job: Job, use_sandbox: bool) -> list:
    """Run ``fn(job)`` in a grading worker process of this thread and return what it returns.

    For a Dask worker (`cluster`), whose threads cannot take a mount namespace of their own:
    each of its threads keeps one child, spawned like a local worker, for the submissions it
    is given, so that the child's kernel server (`warm_kernels`) serves them all, as in a
    local worker. If the child dies, BrokenProcessPool says so, and the next submission gets
    a new one.
    """
    children = getattr(_children, "pools", None)
    if children is None:
        children = _children.pools = {}
    child = children.get(use_sandbox)
    if child is None:
        child = children[use_sandbox] = pool(1, use_sandbox)
    try:
        return child.submit(fn, job).result()
    except BrokenProcessPool:
        del children[use_sandbox]
        child.shutdown(wait=False, cancel_futures=True)
        raise


def pool(jobs: int, use_sandbox: bool) -> ProcessPoolExecutor:
    """A pool of ``jobs`` grading workers (spawned: no state shared with the grader)."""
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init,
        initargs=(use_sandbox,),
    )
