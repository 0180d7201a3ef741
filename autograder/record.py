"""Write a submission's outcome into nbgrader's gradebook, and read its scores back.

Only the main process calls these, one submission at a time.
"""

from __future__ import annotations

import re
from pathlib import Path

from nbgrader.api import MissingEntry
from nbgrader.apps import NbGraderAPI
from nbgrader.utils import rmtree

from . import stages
from . import summary as sm
from .course import Course

LOG_DIR_SUFFIX = "_logs"


def score(api: NbGraderAPI, assignment_id: str, student_id: str) -> dict:
    """nbgrader's scoring pass on the executed notebooks (the only gradebook writes)."""
    return stages.run_stage(api, stages.Stage.FINISH, assignment_id, student_id)


def without_grading(
    course: Course, assignment_id: str, student_id: str, needs_review: bool
) -> None:
    """Record a submission nbgrader could not grade, so it is in the gradebook and export.

    Its autograder scores are cleared (a stale score of an earlier batch must not survive):
    ``needs_review=False`` scores every cell 0 as nbgrader does for a missing notebook;
    ``needs_review=True`` leaves them unscored (0) and flagged for manual grading, as nbgrader
    leaves a submission whose notebook failed. Manual scores are kept. An autograded notebook
    and feedback left by an earlier batch are removed.
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


def fill_scores(course: Course, assignment_id: str, result: sm.SubmissionResult) -> None:
    """Copy the submission's scores from the gradebook into the result."""
    with course.gradebook() as gb:
        try:
            submission = gb.find_submission(assignment_id, result.student_id)
        except MissingEntry:
            return
        result.score = float(submission.score)
        result.max_score = float(submission.max_score)
        result.needs_manual_grade = bool(submission.needs_manual_grade)
        result.autograded_score = result.autograded_max_score = 0.0
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


def log_folder(course: Course, assignment_id: str) -> Path:
    """``autograded/<assignment_id>_logs/``: nbgrader's and the kernels' logs per student."""
    folder = course.autograded_dir / f"{assignment_id}{LOG_DIR_SUFFIX}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_log(course: Course, assignment_id: str, name: str, outcome: dict) -> Path:
    """Write an nbgrader call's log (and error) to ``<name>.log`` in the log folder."""
    path = log_folder(course, assignment_id) / f"{name}.log"
    text = outcome.get("log", "")
    if outcome.get("error"):
        text += "\n" + outcome["error"]
    path.write_text(text, encoding="utf-8")
    return path


def append_log(path: Path, text: str) -> None:
    """Add lines to a log (a log that cannot be written is no reason to stop)."""
    try:
        with path.open("a", encoding="utf-8") as log:
            log.write("\n" + text)
    except OSError:
        pass


def last_error(outcome: dict) -> str:
    """The most telling line of a failed nbgrader call: the last exception in its log."""
    text = outcome.get("log", "") + "\n" + outcome.get("error", "")
    exceptions = re.findall(r"^\s*(\w[\w.]*(?:Error|Exception)\b: .+)$", text, flags=re.M)
    useful = [line.strip() for line in exceptions if "Please see the" not in line]
    if useful:
        return useful[-1]
    errors_logged = re.findall(r"^\[ERROR\] (.+)$", text, flags=re.M)
    return errors_logged[0] if errors_logged else "no reason given"
