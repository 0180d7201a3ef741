"""Run one function per student, each in a process of its own, bounded in time and memory.

Feedback is written per student from files the student's work shaped (the notebook's text
and outputs). `run_each` gives each student's step a process forked from a clean server
(``forkserver``, with the modules it needs already imported, so a process costs
milliseconds), an address-space limit and a wall-time limit: one student's file can make
their own step fail, never stop, slow or crash the others.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import resource
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

#: modules the server imports once, before it forks a process per student
PRELOAD = ["nbgrader.apps", "nbconvert", "autograder.feedback"]


@dataclass(frozen=True)
class Outcome:
    """What one student's step gave: its value, or why it failed."""

    value: Any = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def _child(function: Callable[[Any], Any], item: Any, memory_mb: int, conn) -> None:
    limit = memory_mb * 2**20
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        conn.send(Outcome(value=function(item)))
    except BaseException as exc:  # reported to the parent, whatever it was
        with contextlib.suppress(Exception):
            conn.send(Outcome(error=f"{type(exc).__name__}: {exc}"[:300]))
    finally:
        conn.close()


def run_each(
    function: Callable[[Any], Any],
    items: Iterable[Hashable],
    *,
    jobs: int,
    seconds: float,
    memory_mb: int,
) -> dict[Hashable, Outcome]:
    """``function(item)`` for each item, ``jobs`` at a time, each in its own process.

    Parameters
    ----------
    function
        A module-level function (it is imported by name in the child); its result must be
        picklable and small.
    items
        The work, one item per student.
    jobs
        Processes running at once.
    seconds
        Wall time an item may take; past it its process is killed.
    memory_mb
        Address space of each process.

    Returns
    -------
    dict
        The outcome of each item.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    queue = list(items)
    running: dict[Hashable, tuple[Any, Any, float]] = {}
    done: dict[Hashable, Outcome] = {}
    while queue or running:
        while queue and len(running) < max(jobs, 1):
            item = queue.pop(0)
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(
                target=_child, args=(function, item, memory_mb, sender), daemon=True
            )
            process.start()
            sender.close()
            running[item] = (process, receiver, time.monotonic())
        for item, (process, receiver, started) in list(running.items()):
            outcome = None
            if receiver.poll():
                try:
                    outcome = receiver.recv()
                except (EOFError, OSError):
                    outcome = Outcome(error="the process ended without an answer")
            elif not process.is_alive():
                outcome = Outcome(error=f"the process ended (exit code {process.exitcode})")
            elif time.monotonic() - started > seconds:
                process.kill()
                outcome = Outcome(error=f"stopped after {seconds:g} s")
            if outcome is not None:
                process.join(timeout=5)
                receiver.close()
                done[item] = outcome
                del running[item]
        if running:
            time.sleep(0.02)
    return done
