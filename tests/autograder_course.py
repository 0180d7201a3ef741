"""The small courses the tests build, one place for all of them (see ``conftest.py``).

Cells are made with nbgrader's own test helpers (``nbgrader.tests.create_*_cell``).

- `source_notebook` / `graded_course`: a two-question assignment ``demo``, released, five
  students (full marks, a wrong answer, the untouched student version, garbage bytes, an
  empty folder) graded in-process: for collect, feedback, export and report;
- `tiny_assignment`: a one-question ``demo`` (no kernel needed to build it), for the command
  line's messages and the hostile suite;
- `trio_course`: a three-test assignment ``trio`` with a handful of students, for parallel
  and resumed grading;
- `run_cli`: ``python -m autograder ARGS`` as an instructor runs it, in a subprocess.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_notebook
from nbgrader.tests import (
    create_grade_cell,
    create_locked_cell,
    create_solution_cell,
)

from autograder import cli, worker

REPO_ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "demo"
GARBAGE = b"\x00\xff{not a notebook: ]]"
#: Lines of hidden tests: none may appear in any feedback file.
HIDDEN_LINES = (
    'assert answer == 42, "answer is not the expected value"',
    "_SECRET_CHECK = 6 * 7",
    'assert abs(ratio - 0.5) < 1e-9, "ratio is not the share asked for"',
)
HINT = "recompute it from the numbers in the question"
STUDENTS = ("ann", "bob", "cat", "dan", "eve")
EXPECTED_STATUS = {
    "ann": "graded",
    "bob": "graded",
    "cat": "graded",
    "dan": "malformed",
    "eve": "missing",
}
#: Autograded points: test-answer-type 1, test-answer-value 2, test-ratio 1.
EXPECTED_SCORE = {"ann": 4.0, "bob": 2.0, "cat": 0.0, "dan": 0.0, "eve": 0.0}


KERNELSPEC = {"kernelspec": {"name": "python3", "display_name": "Python 3"}}


def notebook(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A Python notebook of these cells."""
    return new_notebook(cells=list(cells), metadata=dict(KERNELSPEC))


def answer_cell(source: str, grade_id: str) -> nbformat.NotebookNode:
    """An autograded answer (nbgrader solution cell)."""
    return create_solution_cell(source, "code", grade_id)


def grade_cell(source: str, grade_id: str, points: float) -> nbformat.NotebookNode:
    """An autograder test (nbgrader grade cell, locked as the instructor writes it)."""
    cell = create_grade_cell(source, "code", grade_id, points)
    cell.metadata.nbgrader["locked"] = True
    return cell


def course_folder(course: Path) -> Path:
    """A course folder with the repository's ``nbgrader_config.py``."""
    course.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    return course


def write_source(course: Path, assignment_id: str, nb: nbformat.NotebookNode) -> Path:
    """Write an assignment's source notebook; return its folder."""
    folder = course / "assignments" / assignment_id
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{assignment_id}.ipynb")
    return folder


def source_notebook() -> nbformat.NotebookNode:
    """The instructor's version: two answers, three tests (two with hidden parts)."""
    return notebook(
        create_locked_cell("Compute the answer.", "markdown", "intro"),
        answer_cell("### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION", "answer"),
        grade_cell(
            'assert isinstance(answer, int), "answer must be a whole number"', "test-answer-type", 1
        ),
        grade_cell(
            f"# HINT: {HINT}\nassert isinstance(answer, int)\n### BEGIN HIDDEN TESTS\n"
            f"{HIDDEN_LINES[0]}\n{HIDDEN_LINES[1]}\n### END HIDDEN TESTS",
            "test-answer-value",
            2,
        ),
        answer_cell("### BEGIN SOLUTION\nratio = 0.5\n### END SOLUTION", "ratio"),
        grade_cell(
            f"assert type(ratio) is float\n### BEGIN HIDDEN TESTS\n{HIDDEN_LINES[2]}\n"
            "### END HIDDEN TESTS",
            "test-ratio",
            1,
        ),
    )


def make_course(course: Path) -> Path:
    """Write the course configuration and the ``demo`` source; return the course folder."""
    folder = write_source(course_folder(course), ASSIGNMENT, source_notebook())
    (folder / "cohort.csv").write_text("age,sex\n54,F\n61,M\n", encoding="utf-8")
    return course


def tiny_assignment(course: Path, assignment_id: str = "demo") -> Path:
    """A course with a one-question assignment (no kernel needed to build it)."""
    nb = notebook(
        create_locked_cell("Compute the answer.", "markdown", "intro"),
        answer_cell("### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION", "answer"),
        grade_cell(
            "assert isinstance(answer, int)\n### BEGIN HIDDEN TESTS\n"
            'assert answer == 42, "not the answer"\n### END HIDDEN TESTS',
            "test-answer",
            1,
        ),
    )
    write_source(course_folder(course), assignment_id, nb)
    return course


#: the trio assignment: (visible part, hidden part, points) of each test
TRIO_TESTS = {
    "test-a": ("assert type(a) is int", "assert a == 1", 1),
    "test-b": ("assert type(b) is int", "assert b == 2", 2),
    "test-c": ("assert type(c) is int", "assert c == 3", 3),
}


def trio_course(root: Path, students: dict[str, str]) -> Path:
    """Course with the three-test assignment ``trio``, released, and the submissions."""
    cells = [answer_cell("### BEGIN SOLUTION\na, b, c = 1, 2, 3\n### END SOLUTION", "answers")]
    for grade_id, (visible, hidden, points) in TRIO_TESTS.items():
        source = f"{visible}\n### BEGIN HIDDEN TESTS\n{hidden}\n### END HIDDEN TESTS"
        cells.append(grade_cell(source, grade_id, points))
    write_source(course_folder(root), "trio", notebook(*cells))
    done = run_cli("release", "trio", "--course-dir", root)
    assert done.returncode == 0, done.stdout + done.stderr
    for student, answer in students.items():
        submit_trio(root, student, answer)
    return root


def submit_trio(root: Path, student: str, answer: str) -> None:
    """Write a student's notebook: the released version with the answer cell filled in."""
    nb = nbformat.read(root / "release" / "trio" / "trio.ipynb", as_version=4)
    nb.cells[0].source = answer
    folder = root / "submitted" / student / "trio"
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "trio.ipynb")


def grade_or_die(job: worker.Job) -> list:
    """A grading worker that dies, as if killed by the system, on 'doomed' always and on
    'unlucky' once (it leaves a marker file next to the submission the first time)."""
    student = Path(job.notebooks[0]).parents[1]
    marker = student.parent / f"{student.name}.died"
    if student.name == "doomed" or (student.name == "unlucky" and not marker.exists()):
        marker.touch()
        os._exit(9)
    return worker.grade_submission(job)  # in the worker, the module is not patched


def process_or_die(job: str) -> int:
    """This process's id, or its death when asked to ``"die"`` (for `worker.in_child`)."""
    if job == "die":
        os._exit(9)
    return os.getpid()


#: seconds one command of a test batch may take (a guard, not a target)
CLI_TIMEOUT = 600


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m autograder ARGS`` as an instructor would, with the venv's tools."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "autograder", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=CLI_TIMEOUT,
        check=False,
    )


def run(*argv: str | Path) -> int:
    """``python -m autograder ARGV`` in-process; return its exit status."""
    return cli.main([str(a) for a in argv])


def submit(course: Path, student: str, content: nbformat.NotebookNode | bytes | None) -> None:
    """Write ``submitted/<student>/demo/demo.ipynb`` (an empty folder when content is None)."""
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ASSIGNMENT}.ipynb"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        nbformat.write(content, path)


def graded_course(course: Path) -> Path:
    """Make, release, submit and grade the course (about 15 s: three notebooks are run)."""
    make_course(course)
    assert run("release", ASSIGNMENT, "--course-dir", course) == 0
    solution = source_notebook()
    wrong = source_notebook()
    wrong.cells[1].source = "answer = 41"  # right type, wrong value
    released = nbformat.read(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    submit(course, "ann", solution)
    submit(course, "bob", wrong)
    submit(course, "cat", released)
    submit(course, "dan", GARBAGE)
    submit(course, "eve", None)
    assert run("grade", ASSIGNMENT, "--course-dir", course, "--timeout", "20") == 0
    return course


def shared_graded_course(base: Path) -> Path:
    """`graded_course` in ``base/graded-demo``, built once per test session and reused.

    Tests that use it may add feedback and reports, but must not change the submissions or the
    gradebook (copy the folder first to do that).
    """
    course = base / "graded-demo"
    if not (course / "autograded" / f"{ASSIGNMENT}_summary.json").is_file():
        if course.exists():
            shutil.rmtree(course)
        graded_course(course)
    return course


def released_copy(base: Path, destination: Path) -> Path:
    """A copy of the released ``demo`` course (released once per session in ``base``).

    ``release`` also checks the student version by grading it, which takes seconds; tests
    that only need a released course share one release this way.
    """
    template = base / "released-demo"
    if not (template / "release" / f"{ASSIGNMENT}.zip").is_file():
        if template.exists():
            shutil.rmtree(template)
        make_course(template)
        assert run("release", ASSIGNMENT, "--course-dir", template) == 0
    return Path(shutil.copytree(template, destination))
