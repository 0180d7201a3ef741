"""``python -m autograder export --format csv|moodle|canvas``: each layout parsed back, and speed.

The gradebook of these tests is built directly with nbgrader's ORM (no kernel): the tiny
``demo`` assignment is released, then students, submissions and scores are added in bulk.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import autograder_course as ac
import pytest
import sqlalchemy
from nbgrader.api import Grade, Student, SubmittedAssignment, SubmittedNotebook

from autograder import errors, export
from autograder import summary as sm
from autograder.course import Course

#: A generous bound for 1,000 students (about 0.1 s here); what keeps the
#: export fast is the number of queries, asserted separately.
SECONDS_FOR_1000 = 10.0
MAX_QUERIES = 10  # per export, whatever the number of students


def build_gradebook(
    course_dir: Path, n_students: int, base: Path | None = None
) -> tuple[Course, dict[str, float]]:
    """Release ``demo`` (or copy the one released in ``base``), then add ``n_students`` graded
    submissions and the grade summary."""
    if base is None:
        ac.make_course(course_dir)
        assert ac.run("release", ac.ASSIGNMENT, "--course-dir", course_dir) == 0
    else:
        ac.released_copy(base, course_dir)
    course = Course.load(course_dir)
    scores: dict[str, float] = {}
    summary = sm.GradeSummary(ac.ASSIGNMENT, course.course_id, "2026-01-01T00:00:00", 30, "0.9.6")
    with course.gradebook() as gb, gb.db.no_autoflush:  # one flush at the commit
        assignment = gb.find_assignment(ac.ASSIGNMENT)
        notebooks = list(assignment.notebooks)
        for i in range(n_students):
            student_id = f"s{i:04d}"
            student = Student(id=student_id, first_name=f"First{i}", last_name=f"Last{i}")
            submission = SubmittedAssignment(assignment=assignment, student=student)
            total = 0.0
            for notebook in notebooks:
                nb = SubmittedNotebook(notebook=notebook, assignment=submission)
                for j, cell in enumerate(notebook.grade_cells):
                    points = float(cell.max_score) if (i + j) % 3 else 0.0
                    Grade(cell_id=cell.id, notebook=nb, auto_score=points)
                    total += points
            gb.db.add(submission)
            scores[student_id] = total
            status = sm.Status.GRADED if i % 10 else sm.Status.TIMED_OUT
            summary.submissions.append(sm.SubmissionResult(student_id, status, total, 4.0))
        gb.db.commit()
    summary.write(sm.summary_path(course.autograded_dir, ac.ASSIGNMENT))
    return course, scores


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Course, dict[str, float]]:
    base = tmp_path_factory.getbasetemp()
    return build_gradebook(tmp_path_factory.mktemp("export-small") / "course", 12, base)


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def by_identifier(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    """The rows of a Moodle worksheet after its header, by ``Identifier``."""
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def test_csv_export_parses_back(small: tuple[Course, dict[str, float]]) -> None:
    course, scores = small
    result = export.export(course, ac.ASSIGNMENT, "csv")
    assert result.path == course.root / "exports" / "demo_grades.csv"
    with result.path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == export.CSV_COLUMNS
    assert {r["student_id"]: float(r["score"]) for r in rows} == scores
    assert {float(r["max_score"]) for r in rows} == {4.0}
    assert rows[0]["status"] == "timed_out" and rows[1]["status"] == "graded"


def test_moodle_export_is_a_grading_worksheet(
    small: tuple[Course, dict[str, float]], tmp_path: Path
) -> None:
    course, scores = small
    students = sorted(scores)
    roster = write_rows(
        tmp_path / "worksheet.csv",
        [["Identifier", "Full name", "Email address", "Username"]]
        + [  # the last student is not in Moodle
            [f"Participant {1000 + k}", f"Name {k}", f"{student_id}@x.org", student_id]
            for k, student_id in enumerate(students[:-1])
        ],
    )
    result = export.export(course, ac.ASSIGNMENT, "moodle", roster=roster)
    rows = read_rows(result.path)
    assert tuple(rows[0]) == export.MOODLE_COLUMNS
    body = by_identifier(rows)
    assert len(body) == len(students) - 1
    first = body["Participant 1000"]
    assert float(first["Grade"]) == scores[students[0]]
    assert first["Maximum Grade"] == "4" and first["Email address"] == f"{students[0]}@x.org"
    assert first["Feedback comments"].startswith(errors.EXPORT_STUDENT_COMMENT["timed_out"])
    assert result.left_out == [students[-1]]
    assert result.notice == errors.EXPORT_LEFT_OUT.format(
        count=1,
        fmt="moodle",
        what="Moodle participant identifier",
        students=students[-1],
    )


def test_moodle_grades_are_on_the_worksheets_scale(
    small: tuple[Course, dict[str, float]], tmp_path: Path
) -> None:
    course, scores = small
    students = sorted(scores)
    roster = write_rows(
        tmp_path / "worksheet.csv",
        [["Identifier", "Username", "Maximum Grade"]]
        + [[f"Participant {1000 + k}", s, "20,00"] for k, s in enumerate(students)],
    )
    body = by_identifier(
        read_rows(export.export(course, ac.ASSIGNMENT, "moodle", roster=roster).path)
    )
    for k, student_id in enumerate(students):
        entry = body[f"Participant {1000 + k}"]
        assert entry["Maximum Grade"] == "20"
        assert float(entry["Grade"]) == pytest.approx(round(scores[student_id] / 4 * 20, 2))


def test_moodle_export_without_identifiers_says_what_to_do(
    small: tuple[Course, dict[str, float]],
) -> None:
    course, _ = small
    with pytest.raises(errors.AutograderError) as exc:
        export.export(course, ac.ASSIGNMENT, "moodle")
    assert str(exc.value) == errors.MOODLE_NEEDS_IDENTIFIERS.format(assignment_id=ac.ASSIGNMENT)


def test_canvas_export_is_a_gradebook_import(
    small: tuple[Course, dict[str, float]], tmp_path: Path
) -> None:
    course, scores = small
    roster = tmp_path / "canvas.csv"
    roster.write_text(
        'Student,ID,SIS User ID,SIS Login ID,Section\n"Last0, First0",9001,U0,s0000,A\n',
        encoding="utf-8",
    )
    result = export.export(course, ac.ASSIGNMENT, "canvas", roster=roster)
    rows = read_rows(result.path)
    assert rows[0] == [*export.CANVAS_IDENTITY, ac.ASSIGNMENT]
    assert rows[1][0] == export.CANVAS_POINTS_ROW and float(rows[1][-1]) == 4.0
    body = {row[3]: row for row in rows[2:]}  # by SIS Login ID
    assert set(body) == set(scores)
    assert body["s0000"][:5] == ["Last0, First0", "9001", "U0", "s0000", "A"]
    assert {login: float(row[5]) for login, row in body.items()} == scores
    assert body["s0001"][0] == "Last1, First1"  # no roster row: the gradebook's name


def test_canvas_column_is_the_one_of_the_canvas_export(
    small: tuple[Course, dict[str, float]], tmp_path: Path
) -> None:
    course, _ = small
    roster = tmp_path / "canvas.csv"
    roster.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,Quiz 1 (120),Demo (4431)\n"
        '"Last0, First0",9001,U0,s0000,A,3,\n',
        encoding="utf-8",
    )
    rows = read_rows(export.export(course, ac.ASSIGNMENT, "canvas", roster=roster).path)
    assert rows[0] == [*export.CANVAS_IDENTITY, "Demo (4431)"]


def test_unknown_format_is_refused(small: tuple[Course, dict[str, float]]) -> None:
    course, _ = small
    with pytest.raises(errors.AutograderError, match="Unknown export format 'xls'"):
        export.export(course, ac.ASSIGNMENT, "xls")


def test_export_of_1000_students_reads_the_gradebook_in_a_few_queries(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    course, scores = build_gradebook(tmp_path / "course", 1000, tmp_path_factory.getbasetemp())
    queries: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # noqa: ANN001 -- SQLAlchemy's hook
        # Opening a gradebook checks its schema (PRAGMA, sqlite_master): not per student.
        if "sqlite_master" not in statement and not statement.lstrip().startswith("PRAGMA"):
            queries.append(statement)

    sqlalchemy.event.listen(sqlalchemy.engine.Engine, "before_cursor_execute", count)
    try:
        start = time.perf_counter()
        export.export(course, ac.ASSIGNMENT, "csv")
        seconds = time.perf_counter() - start
    finally:
        sqlalchemy.event.remove(sqlalchemy.engine.Engine, "before_cursor_execute", count)
    rows = read_rows(course.root / "exports" / "demo_grades.csv")
    assert len(rows) == 1001
    assert {r[0]: float(r[1]) for r in rows[1:]} == scores
    assert len(queries) <= MAX_QUERIES, f"{len(queries)} queries for 1,000 students"
    assert seconds < SECONDS_FOR_1000


def test_gradebook_rows_equal_nbgraders_submission_dicts(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    course, _ = build_gradebook(tmp_path / "course", 6, tmp_path_factory.getbasetemp())
    with course.gradebook() as gb:  # manual scores, extra credit, unscored and flagged cells
        grades = gb.db.query(Grade).all()
        grades[0].manual_score, grades[0].extra_credit = 0.5, 1.0
        grades[1].auto_score, grades[1].needs_manual_grade = None, True
        grades[5].manual_score = 0.0
        gb.db.commit()
        expected = {
            d["student"]: (float(d["score"]), float(d["max_score"]), bool(d["needs_manual_grade"]))
            for d in gb.submission_dicts(ac.ASSIGNMENT)
        }
    got = {
        r["student"]: (r["score"], r["max_score"], r["needs_manual_grade"])
        for r in export.gradebook_rows(course, ac.ASSIGNMENT)
    }
    assert got == expected
    assert any(manual for _, _, manual in got.values())


def test_export_command_writes_each_format(
    small: tuple[Course, dict[str, float]], capsys: pytest.CaptureFixture[str]
) -> None:
    course, scores = small
    out = course.root / "elsewhere" / "grades.csv"
    args = ("export", ac.ASSIGNMENT, "--course-dir", course.root)
    assert ac.run(*args, "--format", "canvas", "--output", out) == 0
    assert "(canvas) written to elsewhere/grades.csv" in capsys.readouterr().out
    assert len(read_rows(out)) == len(scores) + 2
    with pytest.raises(SystemExit) as exc:  # argparse lists the formats
        ac.run(*args, "--format", "xls")
    assert exc.value.code == 2
    assert "invalid choice: 'xls'" in capsys.readouterr().err


def test_moodle_feedback_comments_are_written_for_the_student(
    small: tuple[Course, dict[str, float]], tmp_path: Path
) -> None:
    course, scores = small
    students = sorted(scores)
    roster = write_rows(
        tmp_path / "worksheet.csv",
        [["Identifier", "Username"]]
        + [[f"Participant {1000 + k}", s] for k, s in enumerate(students)],
    )
    body = by_identifier(
        read_rows(export.export(course, ac.ASSIGNMENT, "moodle", roster=roster).path)
    )
    sentences = set(errors.EXPORT_STUDENT_COMMENT.values())
    for entry in body.values():
        comment = entry["Feedback comments"]
        first = comment.removesuffix(" " + errors.EXPORT_STUDENT_MANUAL)
        assert first in sentences, comment
        # nothing of the grader's vocabulary: no status names, no "Autograded:" label
        assert "_" not in comment and "Autograded" not in comment
    graded = body["Participant 1001"]["Feedback comments"]  # s0001: graded (fixture)
    assert graded.startswith(errors.EXPORT_STUDENT_COMMENT["graded"])
    row = {"needs_manual_grade": False, "score": 3.0}
    assert export.student_comment(row, "kernel_died") == errors.EXPORT_STUDENT_COMMENT["other"]
    assert export.student_comment(row, "graded") == errors.EXPORT_STUDENT_COMMENT["graded"]


def test_roster_students_without_a_submission_are_listed_not_dropped(
    small: tuple[Course, dict[str, float]], tmp_path: Path
) -> None:
    course, scores = small
    students = sorted(scores)
    absent = ["zoe", "yann"]
    roster = write_rows(
        tmp_path / "worksheet.csv",
        [["Identifier", "Full name", "Username"]]
        + [[f"Participant {1000 + k}", f"Name {k}", s] for k, s in enumerate(students)]
        + [[f"Participant {2000 + k}", f"Absent {k}", s] for k, s in enumerate(absent)],
    )
    result = export.export(course, ac.ASSIGNMENT, "csv", roster=roster)
    with result.path.open(encoding="utf-8") as handle:
        rows = {r["student_id"]: r for r in csv.DictReader(handle)}
    assert set(rows) == set(scores) | set(absent)
    for student in absent:  # no invented zero: an empty grade, a status that says why
        assert rows[student]["score"] == "" and rows[student]["status"] == export.NO_SUBMISSION
        assert float(rows[student]["max_score"]) == 4.0
    assert {s: float(rows[s]["score"]) for s in scores} == scores
    assert result.notice == errors.EXPORT_NO_SUBMISSION.format(
        count=2, students=", ".join(sorted(absent))
    )
    body = by_identifier(
        read_rows(export.export(course, ac.ASSIGNMENT, "moodle", roster=roster).path)
    )
    assert len(body) == len(students) + len(absent)
    for k in range(len(absent)):
        entry = body[f"Participant {2000 + k}"]
        assert entry["Grade"] == "" and entry["Maximum Grade"] == "4"
        assert entry["Feedback comments"] == errors.EXPORT_STUDENT_COMMENT["no_submission"]
    canvas = read_rows(export.export(course, ac.ASSIGNMENT, "canvas", roster=roster).path)
    by_login = {row[3]: row for row in canvas[2:]}
    assert set(by_login) == set(scores) | set(absent)
    assert all(by_login[s][5] == "" for s in absent)
