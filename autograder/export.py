"""``export``: the grades of an assignment, in the layout an LMS imports.

Formats (``--format``):

``csv``
    One row per student who submitted: ``student_id, score, max_score, needs_manual_grade,
    status`` (the autograder's own layout, for a spreadsheet or a script).
``moodle``
    The columns of Moodle's offline grading worksheet (Assignment > View all submissions >
    Download grading worksheet; upload it with "Upload grading worksheet"): ``Identifier``
    (``Participant 12345``, how Moodle matches a row), ``Full name``, ``Email address``,
    ``Status``, ``Grade``, ``Maximum Grade``, ``Grade can be changed``, ``Last modified
    (submission)``, ``Last modified (grade)``, ``Feedback comments``. The identifiers come
    from the roster (Moodle's worksheet) given to ``collect --roster`` or ``export --roster``.
    Moodle reads ``Grade`` on the assignment's own scale: when the worksheet gives its
    ``Maximum Grade`` (say 20), each score is rescaled to it (14 of 28 points -> 10).
``canvas``
    Canvas's gradebook import layout: ``Student, ID, SIS User ID, SIS Login ID, Section`` then
    one column for the assignment; a second row ``Points Possible`` gives the maximum. The
    identity columns come from the roster (Canvas's gradebook export) when given; otherwise
    the student id is written as ``SIS Login ID``. Canvas matches the grade column by its
    header, ``Assignment name (canvas id)``: the header is taken from the roster's column
    whose name starts with the assignment id, else the bare id (Canvas then asks whether to
    create a new assignment).

Students of the roster (``--roster``, and the rows ``collect --roster`` recorded) who have
no submission in the gradebook are listed too, with an empty grade and the status
``no_submission``: the export never drops a student silently, and never invents a zero (enter
one yourself if your rule says so). The ``Feedback comments`` of the Moodle worksheet are
written for the student (`student_comment`).

The gradebook is read with one aggregated SQL query for the whole class (`gradebook_rows`),
not one query per student.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import (
    Assignment,
    Grade,
    GradeCell,
    Student,
    SubmittedAssignment,
    SubmittedNotebook,
    TaskCell,
)
from sqlalchemy import case, func

from . import errors
from . import summary as sm
from .collect import Roster, roster_record_path
from .course import Course
from .language import course_language, text

FORMATS = ("csv", "moodle", "canvas")
CSV_COLUMNS = ("student_id", "score", "max_score", "needs_manual_grade", "status")
MOODLE_COLUMNS = (
    "Identifier",
    "Full name",
    "Email address",
    "Status",
    "Grade",
    "Maximum Grade",
    "Grade can be changed",
    "Last modified (submission)",
    "Last modified (grade)",
    "Feedback comments",
)
CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_POINTS_ROW = "Points Possible"
NOT_IN_SUMMARY = "not in grade summary"
#: status of a roster student with no submission in the gradebook
NO_SUBMISSION = "no_submission"


@dataclass
class ExportResult:
    """The file written, and the students left out (with why)."""

    path: Path
    rows: int
    left_out: list[str] = field(default_factory=list)
    notice: str = ""


def default_export_path(course: Course, assignment_id: str, fmt: str = "csv") -> Path:
    """``exports/<assignment_id>_grades.csv`` (``_moodle.csv``, ``_canvas.csv`` for the LMS)."""
    suffix = "grades" if fmt == "csv" else fmt
    return course.root / "exports" / f"{assignment_id}_{suffix}.csv"


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def gradebook_rows(course: Course, assignment_id: str) -> list[dict]:
    """One dict per submission, from a single aggregated SQL query on nbgrader's gradebook.

    Keys: ``student``, ``first_name``, ``last_name``, ``timestamp``, ``score`` (nbgrader's
    total, manual scores and extra credit included), ``max_score`` and ``needs_manual_grade``,
    as in `nbgrader.api.Gradebook.submission_dicts`, which gives the same numbers but takes
    about a second for 1,000 students where this query takes a few milliseconds.
    """
    course.notebook_names(assignment_id)  # raises NOT_RELEASED when not in the gradebook
    grade_cells, task_cells = GradeCell.__table__, TaskCell.__table__
    with course.gradebook() as gb:
        query = (
            gb.db.query(
                SubmittedAssignment.student_id,
                Student.first_name,
                Student.last_name,
                SubmittedAssignment.timestamp,
                func.sum(Grade.score),
                func.sum(func.coalesce(grade_cells.c.max_score, task_cells.c.max_score, 0.0)),
                func.max(case((Grade.needs_manual_grade, 1), else_=0)),
            )
            .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
            .join(Student, SubmittedAssignment.student_id == Student.id)
            .join(SubmittedNotebook, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
            .join(Grade, Grade.notebook_id == SubmittedNotebook.id)
            .outerjoin(grade_cells, grade_cells.c.id == Grade.cell_id)
            .outerjoin(task_cells, task_cells.c.id == Grade.cell_id)
            .filter(Assignment.name == assignment_id)
            .group_by(SubmittedAssignment.id)
        )
        rows = [
            {
                "student": student,
                "first_name": first,
                "last_name": last,
                "timestamp": timestamp,
                "score": float(score or 0.0),
                "max_score": float(max_score or 0.0),
                "needs_manual_grade": bool(manual),
            }
            for student, first, last, timestamp, score, max_score, manual in query.all()
        ]
    return sorted(rows, key=lambda row: row["student"])


def _roster_fields(course: Course, assignment_id: str, roster: Path | None) -> dict[str, dict]:
    fields: dict[str, dict] = {}
    record = roster_record_path(course, assignment_id)
    if record.is_file():
        fields.update(json.loads(record.read_text(encoding="utf-8")))
    if roster is not None:
        for student_id, entry in Roster.read(roster).entries.items():
            fields[student_id] = {**fields.get(student_id, {}), **entry.fields}
    return {k: {name.lower(): value for name, value in v.items()} for k, v in fields.items()}


def export(
    course: Course,
    assignment_id: str,
    fmt: str = "csv",
    output: Path | None = None,
    roster: Path | None = None,
) -> ExportResult:
    """Write the grades of an assignment in the layout of ``fmt``.

    Parameters
    ----------
    course
        The course.
    assignment_id
        The assignment.
    fmt
        ``csv``, ``moodle`` or ``canvas`` (see the module docstring).
    output
        The file; default `default_export_path`.
    roster
        An LMS class list (CSV) with the students' LMS identities; the one recorded by
        ``collect --roster`` is used too.

    Returns
    -------
    ExportResult
        The file and the students who could not be written.
    """
    if fmt not in FORMATS:
        raise errors.AutograderError(
            errors.UNKNOWN_EXPORT_FORMAT.format(fmt=fmt, known=", ".join(FORMATS))
        )
    course.check_assignment(assignment_id)
    path = sm.summary_path(course.autograded_dir, assignment_id)
    if not path.is_file():
        raise errors.AutograderError(
            errors.NO_SUMMARY.format(path=path, assignment_id=assignment_id, command="export")
        )
    statuses = {s.student_id: s.status for s in sm.GradeSummary.read(path).submissions}
    rows = gradebook_rows(course, assignment_id)
    identities = _roster_fields(course, assignment_id, roster)
    absent = sorted(set(identities) - {row["student"] for row in rows})
    if absent:
        maximum = _max_score(course, assignment_id)
        rows = sorted(
            rows + [_absent_row(student, maximum) for student in absent],
            key=lambda row: row["student"],
        )
    statuses.update(dict.fromkeys(absent, NO_SUBMISSION))
    output = output or default_export_path(course, assignment_id, fmt)
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        table = [
            [
                row["student"],
                "" if row["score"] is None else float(row["score"]),
                float(row["max_score"]),
                bool(row["needs_manual_grade"]),
                statuses.get(row["student"], NOT_IN_SUMMARY),
            ]
            for row in rows
        ]
        _write(output, [list(CSV_COLUMNS), *table])
        return ExportResult(output, len(table), notice=_absent_notice(absent))

    if fmt == "moodle":
        result = _export_moodle(
            output, assignment_id, rows, statuses, identities, course_language(course.config)
        )
    else:
        column = _canvas_column(assignment_id, roster)
        result = _export_canvas(output, column, rows, identities)
    result.notice = " ".join(n for n in (result.notice, _absent_notice(absent)) if n)
    return result


def _max_score(course: Course, assignment_id: str) -> float:
    with course.gradebook() as gb:
        return float(gb.find_assignment(assignment_id).max_score or 0.0)


def _absent_row(student: str, maximum: float) -> dict:
    """A roster student with no submission: no score (None), the assignment's maximum."""
    return {
        "student": student,
        "first_name": None,
        "last_name": None,
        "timestamp": None,
        "score": None,
        "max_score": maximum,
        "needs_manual_grade": False,
    }


def _absent_notice(absent: list[str]) -> str:
    if not absent:
        return ""
    return errors.EXPORT_NO_SUBMISSION.format(count=len(absent), students=", ".join(absent))


def _canvas_column(assignment_id: str, roster: Path | None) -> str:
    """The header of the assignment's column in a Canvas gradebook export, else the id."""
    if roster is not None and roster.is_file():
        with roster.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
        wanted = assignment_id.casefold()
        for name in header:
            label = name.strip()
            if label.casefold() == wanted or label.casefold().startswith(f"{wanted} ("):
                return label
    return assignment_id


def _moodle_scale(identities: dict) -> float | None:
    """The assignment's maximum grade in Moodle, from the worksheet (None if not given)."""
    for who in identities.values():
        text = (who.get("maximum grade") or "").replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            continue
        if value > 0:
            return value
    return None


def _write(output: Path, table: list[list]) -> None:
    with output.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(table)


def student_comment(row: dict, status: str, language: str = "en") -> str:
    """The ``Feedback comments`` of a Moodle row: a sentence the student can read.

    It says how the grade was given and where to read the details (the feedback page), or
    that no submission was received; an abnormal grading status gets the sentence
    `errors.EXPORT_STUDENT_COMMENT` holds for it. Nothing of the grader's vocabulary
    (statuses, notes) reaches the student.
    """
    comments = errors.EXPORT_STUDENT_COMMENT
    comment = text(comments.get(str(status), comments["other"]), language)
    if row["needs_manual_grade"] and row["score"] is not None:
        comment += " " + text(errors.EXPORT_STUDENT_MANUAL, language)
    return comment


def _export_moodle(
    output: Path,
    assignment_id: str,
    rows: list[dict],
    statuses: dict,
    identities: dict,
    language: str = "en",
) -> ExportResult:
    table, left_out = [], []
    scale = _moodle_scale(identities)
    for row in rows:
        who = identities.get(row["student"], {})
        identifier = who.get("identifier", "")
        if not identifier:
            left_out.append(row["student"])
            continue
        status = statuses.get(row["student"], NOT_IN_SUMMARY)
        score, max_score = row["score"], float(row["max_score"])
        if scale is not None and max_score > 0:
            score = None if score is None else float(score) / max_score * scale
            max_score = scale
        table.append(
            [
                identifier,
                who.get("full name", "") or f"{row['first_name'] or ''} {row['last_name'] or ''}",
                who.get("email address", ""),
                who.get("status", ""),
                "" if score is None else _number(float(score)),
                _number(max_score),
                who.get("grade can be changed", "Yes"),
                who.get("last modified (submission)", ""),
                who.get("last modified (grade)", ""),
                student_comment(row, status, language),
            ]
        )
    if rows and not table:
        raise errors.AutograderError(
            errors.MOODLE_NEEDS_IDENTIFIERS.format(assignment_id=assignment_id)
        )
    _write(output, [list(MOODLE_COLUMNS), *table])
    return _result(output, len(table), left_out, "moodle", "Moodle participant identifier")


def _export_canvas(output: Path, column: str, rows: list[dict], identities: dict) -> ExportResult:
    max_score = max((float(row["max_score"]) for row in rows), default=0.0)
    table = [
        list(CANVAS_IDENTITY) + [column],
        [CANVAS_POINTS_ROW, "", "", "", "", _number(max_score)],
    ]
    for row in rows:
        who = identities.get(row["student"], {})
        name = who.get("student", "") or who.get("full name", "")
        if not name:
            name = (
                f"{row['last_name'] or ''}, {row['first_name'] or ''}".strip(", ") or row["student"]
            )
        table.append(
            [
                name,
                who.get("id", ""),
                who.get("sis user id", ""),
                who.get("sis login id", "") or row["student"],
                who.get("section", ""),
                "" if row["score"] is None else _number(float(row["score"])),
            ]
        )
    _write(output, table)
    return ExportResult(output, len(rows))


def _result(output: Path, count: int, left_out: list[str], fmt: str, what: str) -> ExportResult:
    notice = ""
    if left_out:
        notice = errors.EXPORT_LEFT_OUT.format(
            count=len(left_out), fmt=fmt, what=what, students=", ".join(left_out)
        )
    return ExportResult(output, count, left_out, notice)
