"""``grade``: autograde every submission of an assignment, in parallel, resumably.

The parts, one job each:

- `planning.plan`: which submissions to grade, which results to keep from the last run;
- `prepare.prepare` (main process): checks and nbgrader's first pass, per submission;
- `worker.grade_submission` (a pool of worker processes): the student's code in the
  sandbox, the tests in the trusted checker;
- `classify.classify`: the status and notes the worker's reports say;
- `record` (main process): nbgrader's scoring pass, or a record without grading, and the
  scores read back;
- here: the schedule (one submission more than workers is prepared ahead; each in-flight
  submission holds a sandbox uid), a dying worker (its submissions are graded again, alone),
  Ctrl-C (finished results are kept) and the summary, written after each submission.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import nbgrader
from nbgrader.apps import NbGraderAPI

from . import classify, cluster, errors, planning, prepare, record, sandbox, worker
from . import summary as sm
from .course import Course
from .execute import ExecutionReport, Outcome


@dataclass
class _InFlight:
    """A submission handed to a worker."""

    student_id: str
    started: float
    result: sm.SubmissionResult
    uid: int


class _Progress:
    """One line per submission, and a progress bar on a terminal."""

    def __init__(self, total: int, echo: Callable[[str], object]) -> None:
        self.total, self.count, self.echo = total, 0, echo
        self.tty = sys.stderr.isatty()

    def done(self, result: sm.SubmissionResult) -> None:
        self.count += 1
        self.echo(
            f"[{self.count}/{self.total}] {result.student_id}: {result.status} "
            f"({result.score:g} / {result.max_score:g}, {result.seconds:.1f}s)"
        )
        if self.tty:
            width = 30
            filled = int(width * self.count / max(self.total, 1))
            bar = "#" * filled + "." * (width - filled)
            sys.stderr.write(f"\rgrading [{bar}] {self.count}/{self.total}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.tty and self.count:
            sys.stderr.write("\n")


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[list[int]]:
    """Ctrl-C or SIGTERM stops the batch between two steps (the list says if one came).

    nbgrader's converter would swallow a KeyboardInterrupt raised inside it and record the
    submission as failed, so the signal only sets a flag.
    """
    stop: list[int] = []
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, lambda n, _: stop.append(n))
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _plain(config) -> dict:
    """A traitlets Config as plain JSON-able data (for the workers)."""
    out = {}
    for key, value in config.items():
        if hasattr(value, "items"):
            out[key] = _plain(value)
        else:
            try:
                json.dumps(value)
            except TypeError:
                continue
            out[key] = value
    return out


class _Batch:
    """The state of one batch: the course, its settings, the results so far."""

    def __init__(
        self,
        course: Course,
        assignment_id: str,
        api: NbGraderAPI,
        summary: sm.GradeSummary,
        limits: sandbox.Limits,
        use_sandbox: bool,
        echo: Callable[[str], object],
    ) -> None:
        self.course, self.assignment_id, self.api = course, assignment_id, api
        self.summary, self.limits, self.use_sandbox = summary, limits, use_sandbox
        self.notebook_names = course.notebook_names(assignment_id)
        self.config_json = json.dumps(_plain(api.config))
        self.summary_file = sm.summary_path(course.autograded_dir, assignment_id)
        self.results: dict[str, sm.SubmissionResult] = {}
        self.progress = _Progress(0, echo)

    def save(self) -> None:
        self.summary.submissions = [self.results[s] for s in sorted(self.results)]
        self.summary.write(self.summary_file)

    def keep(self, result: sm.SubmissionResult) -> None:
        """Keep a submission's result at once: an interrupted batch loses no finished one."""
        self.results[result.student_id] = result
        self.save()
        self.progress.done(result)

    def job(self, student_id: str, notebooks: list[str], uid: int) -> worker.Job:
        log = record.log_folder(self.course, self.assignment_id) / f"{student_id}.kernel.log"
        with contextlib.suppress(OSError):
            log.unlink()
        return worker.Job(
            student_id=student_id,
            notebooks=tuple(notebooks),
            source_folder=str(self.course.source_dir / self.assignment_id),
            config_json=self.config_json,
            use_sandbox=self.use_sandbox,
            limits=self.limits,
            uid=uid,
            kernel_log=str(log),
        )

    def finish(self, flight: _InFlight, reports: list[ExecutionReport]) -> None:
        """Classify a submission's execution, record it in the gradebook, keep its result."""
        result = flight.result
        prior_notes = list(result.notes)
        log = self.course.root / (result.log_file or "")
        lines = [
            f"[worker] {r.notebook}: {r.outcome} {r.reason} ({r.seconds:.1f}s)".rstrip()
            for r in reports
        ]
        lines += [f"[checker] setup failed: {e}" for r in reports for e in r.setup_errors]
        try:
            verdict = classify.classify(
                reports,
                prior=result.status,
                prior_notes=prior_notes,
                notebook_seconds=self.limits.notebook_seconds,
                output_cell_kb=self.limits.output_cell_kb,
                cell_timeout=self.summary.cell_timeout_seconds,
                log_file=result.log_file or "(none)",
            )
            result.status, result.notes = verdict.status, verdict.notes
            result.review.extend(verdict.review)
            if verdict.scored:
                outcome = record.score(self.api, self.assignment_id, result.student_id)
                lines.append(outcome.get("log", ""))
                if not outcome.get("success"):
                    result.status = sm.Status.ERROR
                    reason = record.last_error(outcome)
                    result.notes = [
                        errors.GRADING_FAILED.format(reason=reason, log=result.log_file),
                        *prior_notes,
                    ]
                    verdict.scored = False
            if not verdict.scored:
                record.without_grading(
                    self.course, self.assignment_id, result.student_id, needs_review=True
                )
            record.fill_scores(self.course, self.assignment_id, result)
        except Exception as exc:  # one broken submission never stops the batch
            result.status = sm.Status.ERROR
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
            result.notes.append(errors.GRADING_FAILED.format(reason=reason, log="(none)"))
            with contextlib.suppress(Exception):  # scores are best effort here
                record.fill_scores(self.course, self.assignment_id, result)
        record.append_log(log, "\n".join(lines))
        executing = sum(r.seconds for r in reports)  # not the time waiting for a worker
        result.seconds = round(executing or time.monotonic() - flight.started, 2)
        self.keep(result)

    def worker_died_twice(self, flight: _InFlight) -> None:
        """Record a submission whose worker died twice (no fingerprint: retried next run)."""
        result = flight.result
        result.status, result.fingerprint = sm.Status.ERROR, ""
        result.notes.append(errors.WORKER_DIED)
        record.without_grading(self.course, self.assignment_id, result.student_id, True)
        record.fill_scores(self.course, self.assignment_id, result)
        result.seconds = round(time.monotonic() - flight.started, 2)
        self.keep(result)

    def prepare(self, student_id: str, fp: str) -> prepare.Prepared:
        """The main process's part before execution; any failure fails this one only."""
        start = time.monotonic()
        try:
            prepared = prepare.prepare(
                self.course, self.api, self.assignment_id, student_id, self.notebook_names
            )
        except Exception as exc:
            result = sm.SubmissionResult(student_id=student_id, status=sm.Status.ERROR)
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
            result.notes.append(errors.GRADING_FAILED.format(reason=reason, log="(none)"))
            with contextlib.suppress(Exception):
                record.without_grading(self.course, self.assignment_id, student_id, True)
                record.fill_scores(self.course, self.assignment_id, result)
            prepared = prepare.Prepared(result)
        prepared.result.fingerprint = fp
        if prepared.decided:
            prepared.result.seconds = round(time.monotonic() - start, 2)
        return prepared


def _renew(pool: ProcessPoolExecutor | None, jobs: int, use_sandbox: bool) -> ProcessPoolExecutor:
    """A fresh worker pool in place of a broken one."""
    if pool is not None:
        with contextlib.suppress(Exception):
            pool.shutdown(wait=False, cancel_futures=True)
    return worker.pool(jobs, use_sandbox)


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            process.kill()  # its sandboxes die with it (bwrap --die-with-parent)


def _run(
    batch: _Batch,
    todo: list[tuple[str, str]],
    jobs: int,
    stop: list[int],
    cluster_pool: cluster.ClusterPool | None = None,
) -> None:
    """Prepare, hand out and finish every submission of ``todo``.

    On local worker processes, or on a Dask cluster's workers when ``cluster_pool`` is given.
    """
    in_flight = jobs + 1
    pending: dict[Future, _InFlight] = {}
    queue = list(todo)
    free_uids = list(range(sandbox.SANDBOX_UID_BASE, sandbox.SANDBOX_UID_BASE + in_flight))
    local = cluster_pool is None
    pool = worker.pool(jobs, batch.use_sandbox) if local else cluster_pool
    retried: set[str] = set()  # submissions requeued once after a worker died
    try:
        while (queue or pending) and not stop:
            while queue and len(pending) < in_flight and not stop:
                # after a worker died, each submission it held runs again alone, so that a
                # second death says for sure which one it was
                suspects = {queue[0][0], *(f.student_id for f in pending.values())} & retried
                if pending and suspects:
                    break
                student_id, fp = queue.pop(0)
                start = time.monotonic()
                prepared = batch.prepare(student_id, fp)
                if prepared.decided:
                    batch.keep(prepared.result)
                    continue
                uid = free_uids.pop()
                job = batch.job(student_id, prepared.notebooks, uid)
                try:
                    future = pool.submit(worker.grade_submission, job)
                except BrokenProcessPool:  # a local worker died since the last check
                    free_uids.append(uid)
                    queue.insert(0, (student_id, fp))
                    if not pending:
                        pool = _renew(pool, jobs, batch.use_sandbox)
                    break
                pending[future] = _InFlight(student_id, start, prepared.result, uid)
            if not pending or stop:
                continue
            finished, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            died = [f for f in finished if cluster.worker_lost(f.exception())]
            if died:
                # A worker process died (killed from outside the grader, e.g. by the system
                # when memory ran out): a local pool is gone with every submission it held;
                # on a cluster, only the dead worker's submission is lost.
                for future in list(pending) if local else died:
                    flight = pending.pop(future)
                    free_uids.append(flight.uid)
                    if flight.student_id not in retried:
                        retried.add(flight.student_id)
                        queue.insert(0, (flight.student_id, flight.result.fingerprint))
                    else:
                        batch.worker_died_twice(flight)
                if local:
                    pool = _renew(pool, jobs, batch.use_sandbox)
                continue
            for future in finished:
                flight = pending.pop(future)
                free_uids.append(flight.uid)
                try:
                    reports = future.result()
                except Exception as exc:  # a failing worker fails this submission only
                    reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
                    reports = [ExecutionReport("?", outcome=Outcome.FAILED, reason=reason)]
                batch.finish(flight, reports)
        if stop and local:  # the unfinished submissions are not recorded
            _kill_workers(pool)
    finally:
        if local:  # a cluster's pool belongs to grade(), which closes it
            pool.shutdown(wait=True, cancel_futures=True)


def grade(
    course: Course,
    assignment_id: str,
    timeout: int | None = None,
    echo: Callable[[str], object] = print,
    *,
    jobs: int | None = None,
    force: bool = False,
    use_sandbox: bool = True,
    scheduler: str | None = None,
) -> sm.GradeSummary:
    """Autograde every submission of an assignment with N workers, and write the summary.

    Each finished result is written to the summary at once, so an interrupted batch resumes
    where it stopped; a submission whose files, source assignment and settings are unchanged
    since it was graded is not graded again unless ``force``.

    Parameters
    ----------
    course
        The course.
    assignment_id
        The assignment; it must have been released (it is then in the gradebook).
    timeout
        Per-cell time limit in seconds for this batch; None keeps ``Execute.timeout``.
    echo
        Called with one progress line per submission.
    jobs
        Number of workers; None for the number of cores.
    force
        Grade every submission again, changed or not.
    use_sandbox
        Run student kernels in the sandbox (`sandbox`); False runs them with the grader's
        rights.
    scheduler
        The address of a Dask scheduler: grade on its workers (`cluster`), as many at once
        as they have threads (``jobs`` is then ignored). None grades on this machine.

    Returns
    -------
    GradeSummary
        Also written to ``autograded/<assignment_id>_summary.json``.
    """
    course.check_assignment(assignment_id)
    if timeout is not None and timeout < 1:
        raise errors.AutograderError(errors.BAD_TIMEOUT.format(value=timeout))
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        raise errors.AutograderError(errors.BAD_JOBS.format(value=jobs))
    notebook_names = course.notebook_names(assignment_id)  # the assignment was released
    cluster_pool = cluster.ClusterPool(scheduler, use_sandbox) if scheduler else None
    if cluster_pool is not None:
        jobs = cluster_pool.slots
    if use_sandbox:
        sandbox.check_available(uids=jobs + 1)
    api = course.api(timeout=timeout)
    limits = sandbox.limits_from_config(course.config)
    summary = sm.GradeSummary(
        assignment_id=assignment_id,
        course_id=course.course_id,
        graded_at=datetime.now(UTC).isoformat(timespec="seconds"),
        cell_timeout_seconds=timeout if timeout is not None else course.cell_timeout,
        nbgrader_version=nbgrader.__version__,
    )
    batch = _Batch(course, assignment_id, api, summary, limits, use_sandbox, echo)
    previous: dict[str, sm.SubmissionResult] = {}
    if batch.summary_file.is_file() and not force:
        with contextlib.suppress(Exception):  # an unreadable summary just means regrade all
            previous = sm.GradeSummary.read(batch.summary_file).by_student()
    settings = {
        "timeout": summary.cell_timeout_seconds,
        "sandbox": use_sandbox,
        "limits": asdict(limits),
        "nbgrader": nbgrader.__version__,
        "notebooks": notebook_names,
        **planning.grading_inputs(course, assignment_id),
    }
    work = planning.plan(course, assignment_id, settings, previous)
    if not work.todo and not work.kept:
        pattern = course.submitted_dir / "*" / assignment_id
        echo(errors.NO_SUBMISSIONS.format(assignment_id=assignment_id, pattern=pattern))
    if work.kept:
        echo(f"{len(work.kept)} submission(s) unchanged since they were graded: kept.")
    batch.results.update(work.kept)
    batch.save()
    batch.progress = _Progress(len(work.todo), echo)
    with _stop_on_signals() as stop:
        try:
            if work.todo:
                _run(batch, work.todo, jobs, stop, cluster_pool)
        finally:
            batch.progress.close()
            if cluster_pool is not None:
                cluster_pool.shutdown(cancel_futures=True)
    batch.save()
    if stop:
        done = batch.progress.count
        echo(errors.INTERRUPTED.format(done=done, left=len(work.todo) - done))
        raise KeyboardInterrupt
    return summary
