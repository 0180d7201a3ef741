"""``python -m autograder feedback ID``: a page per student, results and hints, no hidden code."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import autograder_course as ac
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from autograder import errors, feedback
from autograder import summary as sm
from autograder.course import Course
from autograder.feedback_filters import MAX_MESSAGE, HideHiddenTests, hint_lines

pytestmark = pytest.mark.grading


@pytest.fixture(scope="module")
def course(graded_demo: Path) -> Path:
    """The graded ``demo`` course after ``feedback``."""
    course = graded_demo
    assert ac.run("feedback", ac.ASSIGNMENT, "--course-dir", course) == 0
    return course


def page(course: Path, student: str) -> str:
    return (course / "feedback" / student / ac.ASSIGNMENT / f"{ac.ASSIGNMENT}.html").read_text(
        encoding="utf-8"
    )


def visible_text(markup: str) -> str:
    """The page's text as a reader sees it (tags removed, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_every_student_gets_a_page(course: Path) -> None:
    for student in ac.STUDENTS:
        assert page(course, student).startswith("<!DOCTYPE html>")
    summary = sm.GradeSummary.read(sm.summary_path(course / "autograded", ac.ASSIGNMENT))
    assert {s.student_id: s.status for s in summary.submissions} == ac.EXPECTED_STATUS


def test_no_hidden_test_code_in_any_feedback_file(course: Path) -> None:
    files = list((course / "feedback").rglob("*.html"))
    assert len(files) == len(ac.STUDENTS)
    for path in files:
        markup = path.read_text(encoding="utf-8")
        text = visible_text(markup)
        for line in ac.HIDDEN_LINES:
            assert line not in markup and html.escape(line) not in markup, path
            assert line not in text, path
        assert "BEGIN HIDDEN TESTS" not in text


def test_a_failed_test_shows_its_name_points_hint_and_message(course: Path) -> None:
    text = visible_text(page(course, "bob"))
    assert "Your results, check by check" in text
    assert "test-answer-value0 / 2not passed" in text.replace("\n", "")
    assert ac.HINT in text
    assert "AssertionError: answer is not the expected value" in text
    assert "test-answer-type1 / 1passed" in text.replace("\n", "")
    full = visible_text(page(course, "ann")).replace("\n", "")
    assert "not passed" not in full and "Score: 4.0 / 4.0" in full
    assert ac.HINT not in full.split("Your results")[1].split("Compute the answer")[0]


@pytest.mark.parametrize(
    ("student", "status"), [("dan", "malformed"), ("eve", "missing")], ids=["malformed", "missing"]
)
def test_a_submission_that_could_not_be_graded_gets_a_page_saying_what_to_do(
    course: Path, student: str, status: str
) -> None:
    text = visible_text(page(course, student))
    expected = feedback.student_notice(
        status, ac_timeout(course), expected="demo.ipynb", found="nothing"
    )
    assert " ".join(expected.split()) in " ".join(text.split())
    assert "demo (Score: 0.0 / 4.0)" in text
    for test in ("test-answer-type", "test-answer-value", "test-ratio"):
        assert test in text


def ac_timeout(course: Path) -> int:
    data = json.loads(sm.summary_path(course / "autograded", ac.ASSIGNMENT).read_text())
    return data["cell_timeout_seconds"]


def test_abnormal_and_unknown_statuses_are_explained(course: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(course, tmp_path / "course")
    path = sm.summary_path(copy / "autograded", ac.ASSIGNMENT)
    summary = sm.GradeSummary.read(path)
    for s in summary.submissions:
        if s.student_id == "bob":
            s.status = "tampered"
        if s.student_id == "cat":
            s.status = "quarantined"  # a status this version does not know
    summary.write(path)
    result = feedback.feedback(Course.load(copy), ac.ASSIGNMENT)
    assert set(result.written) == {"ann", "bob", "cat"}
    bob = " ".join(visible_text(page(copy, "bob")).split())
    assert " ".join(errors.STUDENT_STATUS["tampered"].split()) in bob
    cat = " ".join(visible_text(page(copy, "cat")).split())
    assert errors.STUDENT_STATUS_UNKNOWN.format(status="quarantined") in cat
    assert "Note:" not in visible_text(page(copy, "ann"))


def test_student_notice_covers_every_known_status() -> None:
    for status in sm.Status:
        notice = feedback.student_notice(status, 30, expected="hw.ipynb", found="x.ipynb")
        assert (notice == "") == (status == sm.Status.GRADED)
    assert "30 seconds" in feedback.student_notice(sm.Status.TIMED_OUT, 30)
    assert "found: hw_final.ipynb" in feedback.student_notice(
        sm.Status.MISSING, 30, "hw.ipynb", "hw_final.ipynb"
    )


def test_results_table_needs_the_scores_and_hides_the_code() -> None:
    source = (
        "assert isinstance(x, int)\n### BEGIN HIDDEN TESTS\n# HINT: count per group\n"
        'assert x == 42, "x is off"\n### END HIDDEN TESTS'
    )
    assert hint_lines(source) == ["count per group"]
    meta = {"nbgrader": {"grade": True, "grade_id": "t", "score": 0.0, "points": 2.0}}
    cell = new_code_cell(source, metadata=meta)
    cell.outputs = [
        nbformat.from_dict(
            {
                "output_type": "error",
                "ename": "AssertionError",
                "evalue": "x is off",
                "traceback": ["assert x == 42"],
            }
        )
    ]
    nb, _ = HideHiddenTests(notice="late <b>").preprocess(
        new_notebook(cells=[cell]), {"nbgrader": {"score": 0.0}}
    )
    table = nb.cells[0].source
    # one row per check: name, points, result and what to look at, each in its own cell
    row = re.search(r"<tr><th scope=\"row\"><code>t</code></th>(.*?)</tr>", table).group(1)
    assert row == "<td>0 / 2</td><td>not passed</td><td><p>count per group</p><p>x is off</p></td>"
    assert "late &lt;b&gt;" in table  # escaped
    assert "x == 42" not in table and "x == 42" not in nb.cells[1].source


def test_long_and_coloured_messages_are_cut_for_the_table() -> None:
    long = new_code_cell(
        "### BEGIN HIDDEN TESTS\nassert ok\n### END HIDDEN TESTS",
        metadata={"nbgrader": {"grade": True, "grade_id": "u", "points": 1.0, "score": 0.0}},
    )
    long.outputs = [
        nbformat.from_dict(
            {
                "output_type": "error",
                "ename": "E",
                "evalue": "\x1b[31m" + "x" * 5000,
                "traceback": [],
            }
        )
    ]
    nb, _ = HideHiddenTests().preprocess(new_notebook(cells=[long]), {"nbgrader": {"score": 0.0}})
    assert "x" * (MAX_MESSAGE + 1) not in nb.cells[0].source
    assert "\x1b" not in nb.cells[0].source


def test_feedback_keeps_the_submission_secret_for_release_feedback(tmp_path: Path) -> None:
    """On a JupyterHub, nbgrader's release_feedback names feedback by the secret submit
    wrote: feedback copies it, and only when it has nbgrader's form."""
    course = Course.load(ac.course_folder(tmp_path / "course"))
    secrets = {"ann": "ab" * 64, "bob": "../../etc/passwd\n", "cat": None, "dan": None}
    for student, secret in secrets.items():
        (course.feedback_dir / student / "hw").mkdir(parents=True)
        submitted = course.submitted_dir / student / "hw"
        submitted.mkdir(parents=True)
        if secret is not None:
            (submitted / feedback.SUBMISSION_SECRET).write_text(secret, encoding="ascii")
    # a link to a file of the right form elsewhere (the student could plant one) is refused
    elsewhere = tmp_path / "key.txt"
    elsewhere.write_text("cd" * 64, encoding="ascii")
    (course.submitted_dir / "dan" / "hw" / feedback.SUBMISSION_SECRET).symlink_to(elsewhere)
    kept = {student: feedback.keep_submission_secret(course, "hw", student) for student in secrets}
    assert kept == {"ann": True, "bob": False, "cat": False, "dan": False}
    copied = course.feedback_dir / "ann" / "hw" / feedback.SUBMISSION_SECRET
    assert copied.read_text(encoding="ascii") == "ab" * 64
    assert not (course.feedback_dir / "bob" / "hw" / feedback.SUBMISSION_SECRET).exists()
