"""``feedback``: one HTML feedback file per student and notebook, in ``feedback/<student>/<ID>/``.

A submission with an autograded notebook gets nbgrader's feedback (``GenerateFeedback``),
with the course's preprocessor `autograder.feedback_filters.HideHiddenTests`: a table first
(each check's name, points, result, and for a check that lost points its ``# HINT:``
comments and the checker's message), hidden tests' code removed, and the student's own
HTML, JavaScript and widget state sanitized away (nbconvert's ``sanitize_html``): a page
can show what the student's code printed, never run it. A submission graded abnormally
(timed out, tampered) gets a note above the table saying what happened and what to do. A
submission that has no autograded notebook (missing, malformed, the kernel died, ...) gets
a page of the same name saying what happened, what to do, and which checks it could not
pass.

Every text of a page is in the course's language (``c.Course.language``, see
`autograder.language`).

Each student's page is written in a process of its own (`isolate.run_each`), bounded in
time (``FEEDBACK_SECONDS``) and memory (``FEEDBACK_MEMORY_MB``): whatever one notebook
holds, the others get their feedback.
"""

from __future__ import annotations

import copy
import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.apps import NbGraderAPI

from . import errors, isolate, record
from . import language as lang
from . import summary as sm
from .course import Course
from .feedback_filters import results_table
from .pages import html_page

#: wall time and address space allowed to one student's feedback
FEEDBACK_SECONDS = 120
FEEDBACK_MEMORY_MB = 2048
# what a status page says (in English; their French is in autograder.messages_fr)
NOT_RUN = "not run: see the note above"
PAGE_TITLE = "{notebook} (Score: {score} / {max_score})"
NOTHING_FOUND = "nothing"
AND = "and"


@dataclass
class FeedbackResult:
    """Feedback files written, and the students without feedback (with the reason)."""

    assignment_id: str
    written: dict[str, list[Path]] = field(default_factory=dict)
    without: dict[str, str] = field(default_factory=dict)
    status_pages: dict[str, list[Path]] = field(default_factory=dict)


def student_notice(
    status: str, timeout: int, expected: str = "", found: str = "", language: str = "en"
) -> str:
    """What a student reads about a submission with this status ("" when graded normally)."""
    if status in errors.STUDENT_STATUS:
        return lang.text(errors.STUDENT_STATUS[status], language).format(
            timeout=timeout, expected=expected, found=found or lang.text(NOTHING_FOUND, language)
        )
    return lang.text(errors.STUDENT_STATUS_UNKNOWN, language).format(status=status)


def feedback_api(course: Course, notice: str) -> NbGraderAPI:
    """nbgrader's API for feedback, with the student's HTML sanitized."""
    config = copy.deepcopy(course.config)
    config.HideHiddenTests.notice = notice
    config.HTMLExporter.sanitize_html = True
    return NbGraderAPI(config=config)


def _one(job: tuple[str, str, str, str]) -> dict:
    """In its own process: write one student's feedback (see `isolate.run_each`)."""
    root, assignment_id, student_id, notice = job
    course = Course.load(root)
    return feedback_api(course, notice).generate_feedback(assignment_id, student_id, force=True)


#: what ``nbgrader submit`` writes with each submission (``secrets.token_hex(64)``)
SUBMISSION_SECRET = "submission_secret.txt"
_SECRET_FORM = re.compile(r"[0-9a-f]{128}")


def keep_submission_secret(course: Course, assignment_id: str, student_id: str) -> bool:
    """Copy a submission's secret next to its feedback, for ``nbgrader release_feedback``.

    On a JupyterHub, ``release_feedback`` names each feedback file in the exchange by a hash
    of the secret ``nbgrader submit`` wrote with the submission (only its student, who has
    the secret, finds it there); ``grade`` keeps only the notebooks of a submission, so the
    secret is copied here. The file was in the student's hands until collect: only a secret
    of nbgrader's form is copied. Returns whether one was.
    """
    submitted = course.submitted_dir / student_id / assignment_id / SUBMISSION_SECRET
    folder = course.feedback_dir / student_id / assignment_id
    if submitted.is_symlink():
        return False  # a link the student planted could point at any of the course's files
    try:
        secret = submitted.read_text(encoding="ascii", errors="replace")
    except OSError:
        return False  # not submitted through an exchange (collect, a folder): nothing to keep
    if not (_SECRET_FORM.fullmatch(secret) and folder.is_dir()):
        return False
    (folder / SUBMISSION_SECRET).write_text(secret, encoding="ascii")
    return True


def feedback(course: Course, assignment_id: str) -> FeedbackResult:
    """Write ``feedback/<student>/<assignment_id>/<notebook>.html`` for every submission.

    Parameters
    ----------
    course
        The course.
    assignment_id
        The assignment.

    Returns
    -------
    FeedbackResult
        nbgrader feedback per student, status pages for the submissions that could not be
        autograded, and the students for whom writing failed (with the reason).
    """
    course.check_assignment(assignment_id)
    language = lang.course_language(course.config)  # a wrong setting stops before any page
    path = sm.summary_path(course.autograded_dir, assignment_id)
    summary = sm.GradeSummary.read(path) if path.is_file() else None
    by_student = summary.by_student() if summary else {}
    timeout = summary.cell_timeout_seconds if summary else course.cell_timeout
    graded = sorted(
        p.parent.name
        for p in course.autograded_dir.glob(f"*/{assignment_id}")
        if p.is_dir() and any(p.glob("*.ipynb"))
    )
    if not graded and not by_student:
        raise errors.AutograderError(
            errors.NOTHING_TO_FEED_BACK.format(assignment_id=assignment_id)
        )
    result = FeedbackResult(assignment_id=assignment_id)
    jobs = {}
    for student_id in graded:
        status = by_student[student_id].status if student_id in by_student else sm.Status.GRADED
        normal = status == sm.Status.GRADED
        notice = "" if normal else student_notice(status, timeout, language=language)
        jobs[student_id] = (str(course.root), assignment_id, student_id, notice)
    outcomes = isolate.run_each(
        _one,
        list(jobs.values()),
        jobs=os.cpu_count() or 1,
        seconds=FEEDBACK_SECONDS,
        memory_mb=FEEDBACK_MEMORY_MB,
    )
    for student_id, job in jobs.items():
        done = outcomes[job]
        outcome = done.value if done.ok else {"success": False, "error": done.error}
        folder = course.feedback_dir / student_id / assignment_id
        files = sorted(folder.glob("*.html")) if folder.is_dir() else []
        if outcome.get("success") and files:
            result.written[student_id] = files
            keep_submission_secret(course, assignment_id, student_id)
        else:
            log = record.write_log(course, assignment_id, f"{student_id}.feedback", outcome)
            result.without[student_id] = errors.FEEDBACK_FAILED.format(
                reason=record.last_error(outcome) if done.ok else done.error,
                log=log.relative_to(course.root),
            )
    notebooks = sorted(p.stem for p in (course.source_dir / assignment_id).glob("*.ipynb"))
    for student_id in sorted(set(by_student) - set(graded)):
        pages = write_status_page(course, assignment_id, by_student[student_id], notebooks, timeout)
        result.status_pages[student_id] = pages
    return result


def write_status_page(
    course: Course,
    assignment_id: str,
    submission: sm.SubmissionResult,
    notebooks: list[str],
    timeout: int,
) -> list[Path]:
    """Write the page of a submission that has no autograded notebook (one per notebook).

    Parameters
    ----------
    course, assignment_id
        Where to write.
    submission
        The student's record in the grade summary.
    notebooks
        Names of the assignment's notebooks (without ``.ipynb``).
    timeout
        The per-cell time limit of the batch, in seconds.

    Returns
    -------
    list of Path
        The pages written.
    """
    submitted = course.submitted_dir / submission.student_id / assignment_id
    found = (
        sorted(p.name for p in submitted.iterdir() if p.name != "timestamp.txt")
        if (submitted.is_dir())
        else []
    )
    language = lang.course_language(course.config)
    notice = student_notice(
        submission.status,
        timeout,
        expected=f" {lang.text(AND, language)} ".join(f"{n}.ipynb" for n in notebooks),
        found=", ".join(found),
        language=language,
    )
    rows = [
        {
            "name": name,
            "score": float(grade.get("score", 0.0)),
            "points": float(grade.get("max_score", 0.0)),
            "error": lang.text(NOT_RUN, language),
            "hints": [],
        }
        for name, grade in sorted(submission.grades.items())
        if grade.get("autograded")
    ]
    folder = course.feedback_dir / submission.student_id / assignment_id
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for name in notebooks:
        total = {"score": submission.score, "max_score": submission.max_score}
        scores = submission.notebooks.get(name, total)
        title = lang.text(PAGE_TITLE, language).format(
            notebook=name,
            score=lang.score(scores["score"], language),
            max_score=lang.score(scores["max_score"], language),
        )
        body = results_table(rows, notice, language)
        page = html_page(html.escape(title), body, lang=language)
        path = folder / f"{name}.html"
        path.write_text(page, encoding="utf-8")
        pages.append(path)
    return pages
