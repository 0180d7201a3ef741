"""Benchmark ``export`` on a 1,000-student gradebook against the per-student way of reading it.

Run with ``PATH=.venv/bin:$PATH .venv/bin/python bench/bench_export.py [N_STUDENTS]``. It builds
the tiny ``demo`` course of the tests in a temporary folder, adds N graded submissions (default
1,000) with nbgrader's ORM, then times, best of three:

- ``autograder.export.export`` (``csv``), which reads the gradebook with nbgrader's aggregated
  ``Gradebook.submission_dicts``;
- the per-student way (what the first ``export`` did, and what looping over nbgrader's
  ``assignment_submissions`` does): one ``score``/``max_score`` property per submission, each
  of which queries the database.

It prints both times, their ratio and the number of SQL statements of each.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import autograder_course as ac  # noqa: E402 -- the tests' course builder
from test_export import build_gradebook  # noqa: E402

from autograder import export  # noqa: E402
from autograder.course import Course  # noqa: E402


def per_student(course: Course) -> int:
    """Read every submission's scores one property at a time; return the number of rows."""
    with course.gradebook() as gb:
        rows = [
            (s.student_id, float(s.score), float(s.max_score), bool(s.needs_manual_grade))
            for s in gb.assignment_submissions(ac.ASSIGNMENT)
        ]
    return len(rows)


def timed(function, repeat: int = 3) -> tuple[float, int]:
    """Best wall time of ``repeat`` calls, and the SQL statements of one call."""
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # noqa: ANN001 -- SQLAlchemy's hook
        statements.append(statement)

    best = float("inf")
    for attempt in range(repeat):
        if attempt == 0:
            sqlalchemy.event.listen(sqlalchemy.engine.Engine, "before_cursor_execute", count)
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
        if attempt == 0:
            sqlalchemy.event.remove(sqlalchemy.engine.Engine, "before_cursor_execute", count)
    return best, len(statements)


def main(n_students: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        course, _ = build_gradebook(Path(folder) / "course", n_students)
        print(f"gradebook of {n_students} students built in {time.perf_counter() - start:.1f} s")
        fast, fast_sql = timed(lambda: export.export(course, ac.ASSIGNMENT, "csv"))
        slow, slow_sql = timed(lambda: per_student(course))
        print(f"autograder export (csv): {fast:.3f} s, {fast_sql} SQL statements")
        print(f"per-student reading:     {slow:.3f} s, {slow_sql} SQL statements")
        print(f"ratio: {slow / fast:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
