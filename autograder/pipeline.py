"""The four steps of a batch, each a thin layer over nbgrader's Python API.

``release`` -> ``NbGraderAPI.generate_assignment``; ``grade`` -> ``NbGraderAPI.autograde``
once per submission; ``feedback`` -> ``NbGraderAPI.generate_feedback``; ``export`` ->
``nbgrader.api.Gradebook``. What is added: checks before and after autograde that classify
each submission, a summary file, and messages that say what to do.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import nbgrader
from nbgrader.api import MissingEntry
from nbgrader.apps import NbGraderAPI
from nbgrader.utils import rmtree

import medai

from . import cheats, errors, execute, inspection, parallel, sandbox
from . import summary as sm
from .course import Course

LOG_DIR_SUFFIX = "_logs"


# --- release --------------------------------------------------------------------------------
@dataclass
class ReleaseResult:
    """Where the student version of an assignment was written."""

    assignment_id: str
    folder: Path
    files: list[Path]
    check: str = ""


def release(course: Course, assignment_id: str, check: bool = True) -> ReleaseResult:
    """Generate the student version (``release/<id>/``) and record the assignment.

    Parameters
    ----------
    course
        The course.
    assignment_id
        Folder name under the source directory.

    Returns
    -------
    ReleaseResult
        The release folder and its files.
    """
    course.check_assignment(assignment_id)
    result = course.api().generate_assignment(assignment_id, force=True, create=True)
    folder = course.release_dir / assignment_id
    if not result.get("success"):
        log = _write_log(course, assignment_id, "release", result)
        raise errors.AutograderError(
            errors.RELEASE_FAILED.format(
                assignment_id=assignment_id,
                reason=_last_error(result),
                source=course.source_dir / assignment_id,
                log=log,
            )
        )
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    verdict = check_release(course, assignment_id) if check else ""
    return ReleaseResult(assignment_id=assignment_id, folder=folder, files=files, check=verdict)


def check_release(course: Course, assignment_id: str) -> str:
    """Grade the solution and the blank student version in a temporary copy of the course.

    The solution must get every autograded point and the blank notebook none (both in the
    sandbox when it can start here); otherwise `AutograderError` (``RELEASE_CHECK_FAILED``).

    Returns
    -------
    str
        What was checked, to print.
    """
    use_sandbox = True
    try:
        sandbox.check_available()
    except errors.AutograderError:
        use_sandbox = False
    source = course.source_dir / assignment_id
    with tempfile.TemporaryDirectory(prefix=f"release-check-{assignment_id}-") as tmp:
        root = Path(tmp)
        shutil.copy(course.root / "nbgrader_config.py", root / "nbgrader_config.py")
        shutil.copytree(source, root / course.source_dir.relative_to(course.root) / assignment_id)
        copy = Course.load(root)
        release(copy, assignment_id, check=False)
        for student, folder in (("solution", source), ("blank", copy.release_dir / assignment_id)):
            target = copy.submitted_dir / student / assignment_id
            target.mkdir(parents=True)
            for notebook in folder.glob("*.ipynb"):
                shutil.copy(notebook, target / notebook.name)
        summary = grade(copy, assignment_id, echo=lambda _: None, jobs=2, use_sandbox=use_sandbox)
        results = summary.by_student()
    solution, blank = results["solution"], results["blank"]
    problems = []
    if solution.status != sm.GRADED or solution.autograded_score != solution.autograded_max_score:
        failed = [
            name
            for name, g in solution.grades.items()
            if g["autograded"] and g["score"] < g["max_score"]
        ]
        problems.append(
            f"the solution scores {solution.autograded_score:g} / "
            f"{solution.autograded_max_score:g} ({solution.status}; failing: "
            f"{', '.join(failed) or 'none'}; notes: {' '.join(solution.notes) or 'none'})"
        )
    if blank.autograded_score != 0:
        passed = [name for name, g in blank.grades.items() if g["autograded"] and g["score"] > 0]
        problems.append(
            f"the blank notebook scores {blank.autograded_score:g} (tests passing without an "
            f"answer: {', '.join(passed)})"
        )
    if solution.autograded_max_score <= 0:
        problems.append("the assignment has no autograded test points")
    if problems:
        raise errors.AutograderError(
            errors.RELEASE_CHECK_FAILED.format(
                assignment_id=assignment_id, problem="; ".join(problems), source=source
            )
        )
    where = "in the sandbox" if use_sandbox else "WITHOUT the sandbox (it cannot start here)"
    return (
        f"Checked {where}: the solution scores {solution.autograded_score:g} / "
        f"{solution.autograded_max_score:g} and a blank notebook 0."
    )


# --- grade ----------------------------------------------------------------------------------
def submission_folders(course: Course, assignment_id: str) -> list[Path]:
    """The ``submitted/<student>/<assignment_id>/`` folders, sorted by student id."""
    if not course.submitted_dir.is_dir():
        return []
    return sorted(p for p in course.submitted_dir.glob(f"*/{assignment_id}") if p.is_dir())


def grade(
    course: Course,
    assignment_id: str,
    timeout: int | None = None,
    echo: Callable[[str], object] = print,
    *,
    jobs: int | None = None,
    force: bool = False,
    use_sandbox: bool = True,
) -> sm.GradeSummary:
    """Autograde every submission of an assignment with N workers, and write the summary.

    The main process alone opens the gradebook, one submission at a time: it checks the
    submission, runs nbgrader's sanitizing pass, hands the notebook to a worker that executes
    it (in the sandbox), then runs nbgrader's scoring pass (see `parallel`). Each finished
    result is written to the summary at once, so an interrupted batch resumes where it
    stopped; a submission whose files, source assignment and settings are unchanged since it
    was graded is not graded again unless ``force``.

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
    notebook_names = course.notebook_names(assignment_id)
    # One submission more than workers is prepared ahead and waits in the pool's queue, so a
    # worker starts the next notebook as soon as it is free (each holds its own uid).
    in_flight = jobs + 1
    if use_sandbox:
        sandbox.check_available(uids=in_flight)
    api = course.api(timeout=timeout)
    limits = sandbox.limits_from_config(course.config)
    summary = sm.GradeSummary(
        assignment_id=assignment_id,
        course_id=course.course_id,
        graded_at=datetime.now(UTC).isoformat(timespec="seconds"),
        cell_timeout_seconds=timeout if timeout is not None else course.cell_timeout,
        nbgrader_version=nbgrader.__version__,
    )
    summary_file = sm.summary_path(course.autograded_dir, assignment_id)
    previous: dict[str, sm.SubmissionResult] = {}
    if summary_file.is_file() and not force:
        with contextlib.suppress(Exception):  # an unreadable summary just means regrade all
            previous = sm.GradeSummary.read(summary_file).by_student()
    folders = submission_folders(course, assignment_id)
    if not folders:
        pattern = course.submitted_dir / "*" / assignment_id
        echo(errors.NO_SUBMISSIONS.format(assignment_id=assignment_id, pattern=pattern))
    settings = {
        "timeout": summary.cell_timeout_seconds,
        "sandbox": use_sandbox,
        "limits": asdict(limits),
        "nbgrader": nbgrader.__version__,
        **_grading_inputs(course, assignment_id),
    }
    source = course.source_dir / assignment_id
    todo: list[tuple[str, str]] = []
    results: dict[str, sm.SubmissionResult] = {}
    for folder in folders:
        student_id = folder.parent.name
        fp = parallel.fingerprint(folder, source, settings)
        kept = previous.get(student_id)
        unchanged = kept is not None and kept.fingerprint == fp
        if unchanged and _still_there(course, assignment_id, kept):
            results[student_id] = kept
        else:
            todo.append((student_id, fp))
    if results:
        echo(f"{len(results)} submission(s) unchanged since they were graded: kept.")

    def save() -> None:
        summary.submissions = [results[s] for s in sorted(results)]
        summary.write(summary_file)

    save()
    progress = _Progress(len(todo), echo)

    def keep(result: sm.SubmissionResult) -> None:
        """Keep a submission's result at once: an interrupted batch loses no finished one."""
        results[result.student_id] = result
        save()
        progress.done(result)

    config_json = json.dumps(_plain(api.config))
    pending: dict = {}  # future -> (student_id, started, result, uid)
    queue = list(todo)
    free_uids = list(range(sandbox.SANDBOX_UID_BASE, sandbox.SANDBOX_UID_BASE + in_flight))
    pool = parallel.worker_pool(jobs) if todo else None
    retried: set[str] = set()  # submissions already requeued once after a worker died
    # Ctrl-C (or SIGTERM) stops the batch between two steps: nbgrader's converter would
    # swallow a KeyboardInterrupt raised inside it and record the submission as failed.
    stop: list[int] = []
    previous_handlers = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous_handlers[signum] = signal.signal(signum, lambda n, _: stop.append(n))
    try:
        while (queue or pending) and not stop:
            while queue and len(pending) < in_flight and not stop:
                # after a worker died, each submission it held runs again alone, so that a
                # second death says for sure which one it was
                suspects = {queue[0][0], *(entry[0] for entry in pending.values())} & retried
                if pending and suspects:
                    break
                student_id, fp = queue.pop(0)
                start = time.monotonic()
                result, paths = _prepare(course, api, assignment_id, student_id, notebook_names)
                result.fingerprint = fp
                if not paths:  # decided without running anything
                    result.seconds = round(time.monotonic() - start, 2)
                    keep(result)
                    continue
                uid = free_uids.pop()
                try:
                    future = pool.submit(  # type: ignore[union-attr]
                        _execute_all, paths, config_json, use_sandbox, uid, asdict(limits)
                    )
                except BrokenProcessPool:  # a worker died since the last check
                    free_uids.append(uid)
                    queue.insert(0, (student_id, fp))
                    if not pending:
                        pool = _new_pool(pool, jobs)
                    break
                pending[future] = (student_id, start, result, uid)
            if not pending or stop:
                continue
            finished, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            if any(isinstance(f.exception(), BrokenProcessPool) for f in finished):
                # A worker process died (killed from outside the grader, e.g. by the system
                # when memory ran out): the pool is gone, with every submission it held.
                # Each is graded again, alone; a death then is recorded as an error, without
                # a fingerprint, so that the next run tries it again.
                for future in list(pending):
                    student_id, start, result, uid = pending.pop(future)
                    free_uids.append(uid)
                    if student_id not in retried:
                        retried.add(student_id)
                        queue.insert(0, (student_id, result.fingerprint))
                        continue
                    result.status, result.fingerprint = sm.ERROR, ""
                    result.notes.append(errors.WORKER_DIED)
                    _record_without_grading(course, assignment_id, student_id, needs_review=True)
                    _fill_scores(course, assignment_id, result)
                    result.seconds = round(time.monotonic() - start, 2)
                    keep(result)
                pool = _new_pool(pool, jobs)
                continue
            for future in finished:
                student_id, start, result, uid = pending.pop(future)
                free_uids.append(uid)
                try:
                    reports = future.result()
                except Exception as exc:  # a worker that died fails this submission only
                    reports = [
                        {"notebook": "?", "outcome": execute.FAILED, "reason": _one_line(exc)}
                    ]
                try:
                    _finish(course, api, assignment_id, result, reports, summary, limits)
                except Exception as exc:  # one broken submission never stops the batch
                    result.status = sm.ERROR
                    result.notes.append(
                        errors.GRADING_FAILED.format(reason=_one_line(exc), log="(none)")
                    )
                    with contextlib.suppress(Exception):  # scores are best effort here
                        _fill_scores(course, assignment_id, result)
                # time spent executing its notebooks (not waiting for a free worker)
                executing = sum(float(r.get("seconds", 0.0)) for r in reports)
                result.seconds = round(executing or time.monotonic() - start, 2)
                keep(result)
        if stop and pool is not None:  # the unfinished submissions are not recorded
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                with contextlib.suppress(Exception):
                    process.kill()  # its sandboxes die with it (bwrap --die-with-parent)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        progress.close()
        for signum, handler in previous_handlers.items():
            signal.signal(signum, handler)
    save()
    if stop:
        echo(errors.INTERRUPTED.format(done=progress.count, left=len(todo) - progress.count))
        raise KeyboardInterrupt
    return summary


def _new_pool(pool, jobs: int):
    """A fresh worker pool in place of a broken one."""
    if pool is not None:
        with contextlib.suppress(Exception):
            pool.shutdown(wait=False, cancel_futures=True)
    return parallel.worker_pool(jobs)


def _grading_inputs(course: Course, assignment_id: str) -> dict[str, str]:
    """What else decides a score: the course configuration, the code the tests and the
    grader run (``medai``, ``autograder``) and the assignment's due date (late penalties).

    A change to any of them grades every submission again.
    """
    digest = hashlib.sha256()
    for package in (Path(medai.__file__).parent, Path(__file__).parent):
        parallel.hash_tree(digest, package, "*.py")
    config = course.root / "nbgrader_config.py"
    with course.gradebook() as gb:
        due = gb.find_assignment(assignment_id).duedate
    return {
        "config": hashlib.sha256(config.read_bytes()).hexdigest() if config.is_file() else "",
        "code": digest.hexdigest(),
        "due": due.isoformat() if due is not None else "",
    }


def _still_there(course: Course, assignment_id: str, kept: sm.SubmissionResult) -> bool:
    """A kept result whose autograded notebook was deleted since is graded again."""
    if kept.status not in sm.HAS_AUTOGRADED_NOTEBOOK:
        return True
    return (course.autograded_dir / kept.student_id / assignment_id).is_dir()


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


def _execute_all(
    paths: list[str], config_json: str, use_sandbox: bool, uid: int, limits: dict
) -> list[dict]:
    """In a worker: execute each notebook of one submission (stop at the first failure)."""
    reports = []
    for path in paths:
        report = execute.execute_notebook(path, config_json, use_sandbox, uid, limits)
        reports.append(report)
        if report["outcome"] != execute.EXECUTED:
            break
    return reports


def _prepare(
    course: Course,
    api: NbGraderAPI,
    assignment_id: str,
    student_id: str,
    notebook_names: list[str],
) -> tuple[sm.SubmissionResult, list[str]]:
    """Checks and nbgrader's sanitizing pass; the notebooks to execute (none: decided)."""
    folder = course.submitted_dir / student_id / assignment_id
    result = sm.SubmissionResult(student_id=student_id, status=sm.GRADED)

    # 1. Is there a notebook with the expected name, and does it parse?
    present = [name for name in notebook_names if (folder / f"{name}.ipynb").is_file()]
    if not present:
        found = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
        result.status = sm.MISSING
        result.notes.append(
            errors.MISSING_NOTEBOOK.format(
                expected=" and ".join(f"{n}.ipynb" for n in notebook_names),
                folder=folder.relative_to(course.root),
                found=", ".join(found) or "nothing",
            )
        )
        _record_without_grading(course, assignment_id, student_id, needs_review=False)
        _fill_scores(course, assignment_id, result)
        return result, []
    for name in notebook_names:
        if name not in present:  # nbgrader gives 0 to a missing notebook of the assignment
            result.notes.append(
                errors.MISSING_NOTEBOOK.format(
                    expected=f"{name}.ipynb",
                    folder=folder.relative_to(course.root),
                    found=", ".join(sorted(p.name for p in folder.iterdir())),
                )
            )

    links = _links_and_special_files(folder)
    if links:
        result.status = sm.MALFORMED
        result.notes.append(
            errors.SUBMISSION_HAS_LINKS.format(
                folder=folder.relative_to(course.root), names=", ".join(links)
            )
        )
        _record_without_grading(course, assignment_id, student_id, needs_review=True)
        _fill_scores(course, assignment_id, result)
        return result, []

    parsed = {}
    for name in present:
        path = folder / f"{name}.ipynb"
        try:
            parsed[name] = inspection.read_notebook(path)
        except inspection.MalformedNotebookError as exc:
            result.status = sm.MALFORMED
            result.notes.append(
                errors.MALFORMED_NOTEBOOK.format(path=path.relative_to(course.root), reason=exc)
            )
    if result.status == sm.MALFORMED:
        _record_without_grading(course, assignment_id, student_id, needs_review=True)
        _fill_scores(course, assignment_id, result)
        return result, []

    # 2. Were locked or test cells edited or removed? (nbgrader restores them silently.)
    # Does the student's code patch modules, the shell or builtins? (a note for review)
    tampering = []
    with course.gradebook() as gb:
        for name, nb in parsed.items():
            references = inspection.reference_cells(gb.find_notebook(name, assignment_id))
            tampering.extend(inspection.find_tampering(nb, references, name))
            for cell, what in cheats.scan_notebook(nb):
                result.review.append(errors.SUSPICIOUS_CODE.format(cell=cell, what=what))
    if tampering:
        result.status = sm.TAMPERED
        result.notes.extend(tampering)

    # 3. nbgrader's first pass: record the submission, copy the files, sanitize.
    outcome = parallel.run_stage(api, parallel.PREPARE, assignment_id, student_id)
    result.log_file = str(
        _write_log(course, assignment_id, student_id, outcome).relative_to(course.root)
    )
    if not outcome.get("success"):
        result.status = sm.ERROR
        result.notes.append(
            errors.GRADING_FAILED.format(reason=_last_error(outcome), log=result.log_file)
        )
        _record_without_grading(course, assignment_id, student_id, needs_review=True)
        _fill_scores(course, assignment_id, result)
        return result, []
    dest = course.autograded_dir / student_id / assignment_id
    return result, [str(dest / f"{name}.ipynb") for name in present]


def _links_and_special_files(folder: Path) -> list[str]:
    """What in a submission folder is neither a plain file nor a folder (never followed)."""
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_symlink() or not (path.is_file() or path.is_dir())
    )


def _finish(
    course: Course,
    api: NbGraderAPI,
    assignment_id: str,
    result: sm.SubmissionResult,
    reports: list[dict],
    summary: sm.GradeSummary,
    limits: sandbox.Limits,
) -> None:
    """Classify the execution, run nbgrader's scoring pass, read the scores."""
    student_id = result.student_id
    tampered = result.status == sm.TAMPERED
    tampering = list(result.notes) if tampered else []
    log = course.root / (result.log_file or "")
    text = "\n".join(
        f"[worker] {r.get('notebook')}: {r.get('outcome')} {r.get('reason', '')}" for r in reports
    )
    for report in reports:
        if report.get("silenced_cells"):
            result.review.append(
                errors.SILENCED_TRACEBACK.format(cells=", ".join(report["silenced_cells"]))
            )
        if report.get("dropped_results"):
            result.review.append(
                errors.RESULT_BEFORE_ERROR.format(cells=", ".join(report["dropped_results"]))
            )
    failed = next((r for r in reports if r.get("outcome") != execute.EXECUTED), None)
    if failed is not None:
        notebook = f"{failed.get('notebook')}.ipynb"
        outcome = failed.get("outcome")
        if outcome == execute.NOTEBOOK_TIMEOUT:
            result.status = sm.TIMED_OUT
            note = errors.NOTEBOOK_TIMED_OUT.format(
                notebook=notebook, seconds=limits.notebook_seconds
            )
        elif outcome == execute.OUTPUT_LIMIT:
            result.status = sm.OUTPUT_LIMIT
            note = errors.OUTPUT_LIMIT.format(
                cell=failed.get("output_cell"), notebook=notebook, limit_kb=limits.output_cell_kb
            )
        elif outcome == execute.KERNEL_DIED:
            result.status = sm.KERNEL_DIED
            note = errors.KERNEL_DIED.format(notebook=notebook, log=result.log_file)
        elif outcome == execute.UNSTOPPABLE:
            result.status = sm.TIMED_OUT
            note = errors.TIMED_OUT_UNSTOPPABLE.format(
                notebook=notebook, timeout=summary.cell_timeout_seconds, log=result.log_file
            )
        else:
            result.status = sm.ERROR
            note = errors.GRADING_FAILED.format(reason=failed.get("reason"), log=result.log_file)
        result.notes = [note, *tampering]
        with contextlib.suppress(OSError):
            log.write_text(log.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
        _record_without_grading(course, assignment_id, student_id, needs_review=True)
        _fill_scores(course, assignment_id, result)
        return

    unguarded = [cell for r in reports for cell in r.get("unguarded_cells", [])]
    if unguarded:  # the tests ran in a kernel whose code execution the student had changed
        result.status = sm.TAMPERED
        result.notes = [errors.UNGUARDED_TESTS.format(cells=", ".join(unguarded)), *tampering]
        _record_without_grading(course, assignment_id, student_id, needs_review=True)
        _fill_scores(course, assignment_id, result)
        return

    # nbgrader's scoring pass on the executed notebooks: the only gradebook writes
    outcome = parallel.run_stage(api, parallel.FINISH, assignment_id, student_id)
    with contextlib.suppress(OSError):
        log.write_text(
            log.read_text(encoding="utf-8") + "\n" + text + "\n" + outcome.get("log", ""),
            encoding="utf-8",
        )
    if not outcome.get("success"):
        result.status = sm.ERROR
        result.notes = [
            errors.GRADING_FAILED.format(reason=_last_error(outcome), log=result.log_file),
            *tampering,
        ]
        _record_without_grading(course, assignment_id, student_id, needs_review=True)
        _fill_scores(course, assignment_id, result)
        return

    stopped = []
    for report in reports:
        autograded = course.autograded_dir / student_id / assignment_id
        path = autograded / f"{report['notebook']}.ipynb"
        if path.is_file():
            stopped.extend(
                inspection.timed_out_cells(inspection.read_notebook(path), course.timeout_ename)
            )
    # A tampered submission is reported as such even if it also timed out.
    if stopped and not tampered:
        result.status = sm.TIMED_OUT
    if stopped:
        result.notes.insert(
            0,
            errors.TIMED_OUT.format(cells=", ".join(stopped), timeout=summary.cell_timeout_seconds),
        )
    _fill_scores(course, assignment_id, result)


def _record_without_grading(
    course: Course, assignment_id: str, student_id: str, needs_review: bool
) -> None:
    """Record a submission nbgrader could not grade, so it is in the gradebook and export.

    Its autograder scores are cleared (a stale score of an earlier batch must not survive):
    ``needs_review=False`` scores every cell 0 as nbgrader does for a missing notebook;
    ``needs_review=True`` leaves them unscored (0) and flagged for manual grading, as nbgrader
    leaves a submission whose notebook failed. Manual scores are kept. An autograded notebook
    and feedback left by an earlier batch are removed (nbgrader removes the autograded folder
    of a submission it fails on, but it never ran on a missing or malformed one).
    """
    for stale in (course.autograded_dir, course.feedback_dir):
        folder = stale / student_id / assignment_id
        if folder.exists():
            rmtree(str(folder))
    with course.gradebook() as gb:
        gb.update_or_create_student(student_id)
        submission = gb.update_or_create_submission(assignment_id, student_id)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score = None if needs_review else 0.0
                grade.needs_manual_grade = needs_review or grade.manual_score is not None
        gb.db.commit()


def _fill_scores(course: Course, assignment_id: str, result: sm.SubmissionResult) -> None:
    """Copy the submission's scores from the gradebook into the result."""
    with course.gradebook() as gb:
        try:
            submission = gb.find_submission(assignment_id, result.student_id)
        except MissingEntry:
            return
        result.score = float(submission.score)
        result.max_score = float(submission.max_score)
        result.needs_manual_grade = bool(submission.needs_manual_grade)
        for notebook in submission.notebooks:
            result.notebooks[notebook.name] = {
                "score": float(notebook.score),
                "max_score": float(notebook.max_score),
            }
            answers = {cell.name for cell in notebook.notebook.solution_cells}
            tests = {
                cell.name
                for cell in notebook.notebook.grade_cells
                if cell.cell_type == "code" and cell.name not in answers
            }
            for g in notebook.grades:
                autograded = g.name in tests
                result.grades[g.name] = {
                    "score": float(g.score),
                    "max_score": float(g.max_score),
                    "auto_score": None if g.auto_score is None else float(g.auto_score),
                    "autograded": autograded,
                }
                if autograded:
                    result.autograded_score += float(g.score)
                    result.autograded_max_score += float(g.max_score)


def _write_log(course: Course, assignment_id: str, name: str, outcome: dict) -> Path:
    folder = course.autograded_dir / f"{assignment_id}{LOG_DIR_SUFFIX}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.log"
    text = outcome.get("log", "")
    if outcome.get("error"):
        text += "\n" + outcome["error"]
    path.write_text(text, encoding="utf-8")
    return path


def _one_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".splitlines()[0]


def _last_error(outcome: dict) -> str:
    """The most telling line of a failed nbgrader call: the last exception in its log."""
    text = outcome.get("log", "") + "\n" + outcome.get("error", "")
    exceptions = re.findall(r"^\s*(\w[\w.]*(?:Error|Exception)\b: .+)$", text, flags=re.M)
    generic = "Please see the"
    useful = [line.strip() for line in exceptions if generic not in line]
    if useful:
        return useful[-1]
    errors_logged = re.findall(r"^\[ERROR\] (.+)$", text, flags=re.M)
    return errors_logged[0] if errors_logged else "no reason given"


def _failed_notebook(text: str) -> str:
    match = re.findall(r"Autograding (\S+\.ipynb)", text)
    return Path(match[-1]).name if match else "the notebook"
