"""A tiny graded course for the tests of collect, feedback, export and report.

`graded_course` builds, in a folder, a course with one two-question assignment ``demo``,
releases it, submits five students (full marks, a wrong answer, the untouched student version,
garbage bytes, an empty folder) and grades them with ``python -m autograder`` in-process.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder import cli

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


def _meta(grade_id: str, **flags: object) -> dict:
    nbgrader = {"grade": False, "solution": False, "locked": False, "task": False}
    return {"nbgrader": {**nbgrader, **flags, "grade_id": grade_id, "schema_version": 3}}


def source_notebook() -> nbformat.NotebookNode:
    """The instructor's version: two answers, three tests (two with hidden parts)."""
    test = {"grade": True, "locked": True}
    return new_notebook(
        cells=[
            new_markdown_cell("Compute the answer.", metadata=_meta("intro", locked=True)),
            new_code_cell(
                "### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION",
                metadata=_meta("answer", solution=True),
            ),
            new_code_cell(
                'assert isinstance(answer, int), "answer must be a whole number"',
                metadata=_meta("test-answer-type", points=1, **test),
            ),
            new_code_cell(
                f"# HINT: {HINT}\nassert isinstance(answer, int)\n### BEGIN HIDDEN TESTS\n"
                f"{HIDDEN_LINES[0]}\n{HIDDEN_LINES[1]}\n### END HIDDEN TESTS",
                metadata=_meta("test-answer-value", points=2, **test),
            ),
            new_code_cell(
                "### BEGIN SOLUTION\nratio = 0.5\n### END SOLUTION",
                metadata=_meta("ratio", solution=True),
            ),
            new_code_cell(
                f"assert type(ratio) is float\n### BEGIN HIDDEN TESTS\n{HIDDEN_LINES[2]}\n"
                "### END HIDDEN TESTS",
                metadata=_meta("test-ratio", points=1, **test),
            ),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )


def make_course(course: Path) -> Path:
    """Write the course configuration and the ``demo`` source; return the course folder."""
    course.mkdir(parents=True, exist_ok=True)
    config = (REPO_ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    (course / "nbgrader_config.py").write_text(config, encoding="utf-8")
    folder = course / "assignments" / ASSIGNMENT
    folder.mkdir(parents=True)
    nbformat.write(source_notebook(), folder / f"{ASSIGNMENT}.ipynb")
    (folder / "cohort.csv").write_text("age,sex\n54,F\n61,M\n", encoding="utf-8")
    return course


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
