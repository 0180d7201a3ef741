"""The four steps of a batch, each a thin layer over nbgrader's Python API.

``release`` -> ``NbGraderAPI.generate_assignment``; ``grade`` -> ``NbGraderAPI.autograde``
once per submission; ``feedback`` -> ``NbGraderAPI.generate_feedback``; ``export`` ->
``nbgrader.api.Gradebook``. What is added: checks before and after autograde that classify
each submission, a summary file, and messages that say what to do.
"""

from __future__ import annotations

import contextlib
import csv
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbgrader
from nbgrader.api import MissingEntry
from nbgrader.apps import NbGraderAPI
from nbgrader.utils import rmtree

from . import errors, inspection
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


def release(course: Course, assignment_id: str) -> ReleaseResult:
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
    return ReleaseResult(assignment_id=assignment_id, folder=folder, files=files)


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
) -> sm.GradeSummary:
    """Autograde every submission of an assignment, one at a time, and write the summary.

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

    Returns
    -------
    GradeSummary
        Also written to ``autograded/<assignment_id>_summary.json``.
    """
    course.check_assignment(assignment_id)
    if timeout is not None and timeout < 1:
        raise errors.AutograderError(errors.BAD_TIMEOUT.format(value=timeout))
    notebook_names = course.notebook_names(assignment_id)
    api = course.api(timeout=timeout)
    summary = sm.GradeSummary(
        assignment_id=assignment_id,
        course_id=course.course_id,
        graded_at=datetime.now(UTC).isoformat(timespec="seconds"),
        cell_timeout_seconds=timeout if timeout is not None else course.cell_timeout,
        nbgrader_version=nbgrader.__version__,
    )
    folders = submission_folders(course, assignment_id)
    if not folders:
        pattern = course.submitted_dir / "*" / assignment_id
        echo(errors.NO_SUBMISSIONS.format(assignment_id=assignment_id, pattern=pattern))
    for position, folder in enumerate(folders, start=1):
        student_id = folder.parent.name
        start = time.monotonic()
        try:
            result = _grade_one(course, api, assignment_id, student_id, notebook_names, summary)
        except Exception as exc:  # one broken submission never stops the batch
            result = sm.SubmissionResult(
                student_id=student_id,
                status=sm.ERROR,
                notes=[errors.GRADING_FAILED.format(reason=_one_line(exc), log="(none)")],
            )
            with contextlib.suppress(Exception):  # scores are best effort here
                _fill_scores(course, assignment_id, result)
        result.seconds = round(time.monotonic() - start, 2)
        summary.submissions.append(result)
        echo(
            f"[{position}/{len(folders)}] {student_id}: {result.status} "
            f"({result.score:g} / {result.max_score:g}, {result.seconds:.1f}s)"
        )
    summary.write(sm.summary_path(course.autograded_dir, assignment_id))
    return summary


def _grade_one(
    course: Course,
    api: NbGraderAPI,
    assignment_id: str,
    student_id: str,
    notebook_names: list[str],
    summary: sm.GradeSummary,
) -> sm.SubmissionResult:
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
        return result
    for name in notebook_names:
        if name not in present:  # nbgrader gives 0 to a missing notebook of the assignment
            result.notes.append(
                errors.MISSING_NOTEBOOK.format(
                    expected=f"{name}.ipynb",
                    folder=folder.relative_to(course.root),
                    found=", ".join(sorted(p.name for p in folder.iterdir())),
                )
            )

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
        return result

    # 2. Were locked or test cells edited or removed? (nbgrader restores them silently.)
    tampering = []
    with course.gradebook() as gb:
        for name, nb in parsed.items():
            references = inspection.reference_cells(gb.find_notebook(name, assignment_id))
            tampering.extend(inspection.find_tampering(nb, references, name))

    # 3. Autograde with nbgrader.
    outcome = api.autograde(assignment_id, student_id, force=True, create=True)
    log = _write_log(course, assignment_id, student_id, outcome)
    result.log_file = str(log.relative_to(course.root))
    if not outcome.get("success"):
        text = outcome.get("log", "") + outcome.get("error", "")
        if "DeadKernelError" in text or "Kernel died" in text:
            result.status = sm.KERNEL_DIED
            result.notes.append(
                errors.KERNEL_DIED.format(notebook=_failed_notebook(text), log=result.log_file)
            )
        elif "CellTimeoutError" in text:  # nbclient raises it when the interrupt fails
            result.status = sm.TIMED_OUT
            result.notes.append(
                errors.TIMED_OUT_UNSTOPPABLE.format(
                    notebook=_failed_notebook(text),
                    timeout=summary.cell_timeout_seconds,
                    log=result.log_file,
                )
            )
        else:
            result.status = sm.ERROR
            result.notes.append(
                errors.GRADING_FAILED.format(reason=_last_error(outcome), log=result.log_file)
            )
        result.notes.extend(tampering)
        _record_without_grading(course, assignment_id, student_id, needs_review=True)
        _fill_scores(course, assignment_id, result)
        return result

    # 4. Read what nbgrader wrote: cells stopped at the time limit, then the scores.
    stopped = []
    for name in present:
        autograded = course.autograded_dir / student_id / assignment_id / f"{name}.ipynb"
        if autograded.is_file():
            graded_nb = inspection.read_notebook(autograded)
            stopped.extend(inspection.timed_out_cells(graded_nb, course.timeout_ename))
    # A tampered submission is reported as such even if it also timed out.
    if stopped:
        result.status = sm.TIMED_OUT
        result.notes.append(
            errors.TIMED_OUT.format(cells=", ".join(stopped), timeout=summary.cell_timeout_seconds)
        )
    if tampering:
        result.status = sm.TAMPERED
        result.notes.extend(tampering)
    _fill_scores(course, assignment_id, result)
    return result


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


# --- feedback -------------------------------------------------------------------------------
@dataclass
class FeedbackResult:
    """Feedback files written, and the students without feedback (with the reason)."""

    assignment_id: str
    written: dict[str, list[Path]] = field(default_factory=dict)
    without: dict[str, str] = field(default_factory=dict)


def feedback(course: Course, assignment_id: str) -> FeedbackResult:
    """Write ``feedback/<student>/<id>/*.html`` for every autograded submission.

    Parameters
    ----------
    course
        The course.
    assignment_id
        The assignment.

    Returns
    -------
    FeedbackResult
        Files per student, and why the other students of the grade summary have none.
    """
    course.check_assignment(assignment_id)
    path = sm.summary_path(course.autograded_dir, assignment_id)
    statuses = {}
    if path.is_file():
        statuses = {s.student_id: s.status for s in sm.GradeSummary.read(path).submissions}
    graded = sorted(
        p.parent.name
        for p in course.autograded_dir.glob(f"*/{assignment_id}")
        if p.is_dir() and any(p.glob("*.ipynb"))
    )
    result = FeedbackResult(assignment_id=assignment_id)
    for student_id in sorted(set(statuses) - set(graded)):
        status = statuses[student_id]
        result.without[student_id] = errors.NO_FEEDBACK.get(status, errors.NO_FEEDBACK["error"])
    if not graded:
        raise errors.AutograderError(
            errors.NOTHING_TO_FEED_BACK.format(assignment_id=assignment_id)
        )
    api = course.api()
    for student_id in graded:
        try:
            outcome = api.generate_feedback(assignment_id, student_id, force=True)
        except Exception as exc:  # one failure never stops the batch
            outcome = {"success": False, "error": _one_line(exc)}
        folder = course.feedback_dir / student_id / assignment_id
        files = sorted(folder.glob("*.html")) if folder.is_dir() else []
        if outcome.get("success") and files:
            result.written[student_id] = files
        else:
            log = _write_log(course, assignment_id, f"{student_id}.feedback", outcome)
            result.without[student_id] = errors.FEEDBACK_FAILED.format(
                reason=_last_error(outcome), log=log.relative_to(course.root)
            )
    return result


# --- export ---------------------------------------------------------------------------------
EXPORT_COLUMNS = ("student_id", "score", "max_score", "needs_manual_grade", "status")


def default_export_path(course: Course, assignment_id: str) -> Path:
    """``exports/<assignment_id>_grades.csv`` in the course folder."""
    return course.root / "exports" / f"{assignment_id}_grades.csv"


def export(course: Course, assignment_id: str, output: Path | None = None) -> Path:
    """Write one CSV row per student who submitted: scores from the gradebook, status.

    Parameters
    ----------
    course
        The course.
    assignment_id
        The assignment.
    output
        The CSV file; default ``exports/<assignment_id>_grades.csv``.

    Returns
    -------
    Path
        The CSV written.
    """
    course.check_assignment(assignment_id)
    path = sm.summary_path(course.autograded_dir, assignment_id)
    if not path.is_file():
        raise errors.AutograderError(
            errors.NO_SUMMARY.format(path=path, assignment_id=assignment_id, command="export")
        )
    statuses = {s.student_id: s.status for s in sm.GradeSummary.read(path).submissions}
    course.notebook_names(assignment_id)  # raises NOT_RELEASED when not in the gradebook
    rows = []
    with course.gradebook() as gb:
        for submission in gb.assignment_submissions(assignment_id):
            rows.append(
                {
                    "student_id": submission.student_id,
                    "score": float(submission.score),
                    "max_score": float(submission.max_score),
                    "needs_manual_grade": bool(submission.needs_manual_grade),
                    "status": statuses.get(submission.student_id, "not in grade summary"),
                }
            )
    output = output or default_export_path(course, assignment_id)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda row: row["student_id"]))
    return output
