"""``python -m autograder report ID``: a self-contained class report with plots and alt text."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import autograder_course as ac
import nbformat
import pytest

from autograder import errors, report
from autograder import summary as sm
from autograder.course import Course

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ac.shared_graded_course(tmp_path_factory.getbasetemp())


@pytest.mark.slow
def test_class_results_of_a_graded_batch(course: Path) -> None:
    r = report.class_results(Course.load(course), ac.ASSIGNMENT)
    assert r.statuses == {"graded": 3, "malformed": 1, "missing": 1}
    assert r.submissions == 5
    assert sorted(r.percents) == sorted(100 * s / 4 for s in ac.EXPECTED_SCORE.values())
    # ann passes everything; bob misses the hidden value test; the others pass nothing
    assert r.test_pass == {"test-answer-type": 0.4, "test-answer-value": 0.2, "test-ratio": 0.4}
    assert r.questions == {
        "answer": ["test-answer-type", "test-answer-value"],
        "ratio": ["test-ratio"],
    }
    assert r.question_pass == {"answer": 0.2, "ratio": 0.4}
    failures = {(test, message): n for test, message, n in r.failures}
    assert failures[("test-answer-value", "answer is not the expected value")] == 1
    # cat submitted the untouched student version: its tests fail on undefined names
    assert failures[("test-ratio", "name 'ratio' is not defined")] == 1
    assert r.error_names == {"NameError": 3, "AssertionError": 1}


@pytest.mark.slow
def test_report_is_self_contained_with_alt_text(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ac.run("report", ac.ASSIGNMENT, "--course-dir", course) == 0
    path = course / "reports" / f"{ac.ASSIGNMENT}_report.html"
    assert f"written to reports/{ac.ASSIGNMENT}_report.html" in capsys.readouterr().out
    page = path.read_text(encoding="utf-8")
    images = re.findall(r"<img [^>]*>", page)
    assert len(images) == 5  # statuses, scores, per question, per test, error names
    for tag in images:
        src = re.search(r'src="data:image/png;base64,([^"]+)"', tag)
        assert src is not None, "every image is embedded"
        assert base64.b64decode(src.group(1)).startswith(PNG_MAGIC)
        alt = re.search(r'alt="([^"]+)"', tag)
        assert alt is not None and len(alt.group(1)) > 40, "every image has a real alt text"
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "no external resource"
    assert "<script" not in page
    for needle in ("test-answer-value", "20%", "answer is not the expected value", "malformed"):
        assert needle in page
    assert "test-answer-value: 20%" in page  # in the per-test chart's alt text


def test_palette_is_the_course_palette() -> None:
    figure = report.pass_rate_bars({"a": 0.5, "b": 1.0}, "Pass rate per test", "test")
    assert "a: 50%; b: 100%" in figure.alt
    assert base64.b64decode(figure.png_base64).startswith(PNG_MAGIC)
    assert report.PALETTE[0] == "#0072B2"  # Okabe-Ito, from medai.plots


def test_labels_are_drawn_as_written_never_parsed_as_maths() -> None:
    names = {"$\\frac{a}{$": 3, "Error$x^$": 1, "x" * 200: 2}
    figure = report.count_bars(names, "Errors", "error")  # matplotlib would fail on '$\frac{'
    assert base64.b64decode(figure.png_base64).startswith(PNG_MAGIC)
    assert report.plain_label("a$b") == "a\\$b"
    assert len(report.plain_label("x" * 200)) == report.MAX_LABEL
    report.pass_rate_bars({"$\\frac{": 1.0, "t": 0.5}, "Pass rate", "test")


def test_bar_labels_stay_on_the_axis() -> None:
    # a label written after its bar's end runs past the axis for rates near 100 %: inside
    for value in (0, 40, 85, 86, 100):
        x, inside = report.value_label_place(value)
        assert 0 <= x <= 100 - (0 if inside else 12), (value, x)  # room for "100%"
        assert inside == (value > report.LABEL_INSIDE_FROM)
        assert (x < value) == inside


def test_report_without_grading_says_what_to_do(tmp_path: Path) -> None:
    course = Course.load(ac.make_course(tmp_path / "course"))
    with pytest.raises(errors.AutograderError) as exc:
        report.report(course, ac.ASSIGNMENT)
    path = sm.summary_path(course.autograded_dir, ac.ASSIGNMENT)
    assert str(exc.value) == errors.NO_SUMMARY.format(
        path=path, assignment_id=ac.ASSIGNMENT, command="report"
    )
    sm.GradeSummary(ac.ASSIGNMENT, "c", "t", 30, "0.9.6").write(path)
    with pytest.raises(errors.AutograderError) as exc:
        report.report(course, ac.ASSIGNMENT)
    assert str(exc.value) == errors.NOTHING_TO_REPORT.format(assignment_id=ac.ASSIGNMENT)
    shutil.rmtree(course.root)


def _results(percents: list[float], **extra) -> report.ClassResults:
    return report.ClassResults(
        assignment_id="demo",
        statuses={"graded": len(percents)},
        percents=percents,
        test_pass={},
        question_pass={},
        questions={},
        failures=[],
        error_names={},
        submissions=len(percents),
        **extra,
    )


@pytest.mark.parametrize(
    ("percents", "median"),
    [([0.0, 50.0, 100.0, 100.0], "75.0"), ([10.0, 0.0, 90.0], "10.0"), ([25.0, 40.0], "32.5")],
)
def test_the_median_is_the_real_median(percents: list[float], median: str) -> None:
    page = report.render(_results(percents))
    assert f"median {median}%" in page  # the middle value, or the mean of the two middle ones


def test_hand_graded_results_come_from_the_gradebook(tmp_path: Path) -> None:
    """Hand scores entered after grading (as formgrader writes them) reach the report."""
    from nbformat.v4 import new_markdown_cell
    from nbgrader.api import Grade, Student, SubmittedAssignment, SubmittedNotebook

    from autograder import release
    from autograder.course import ensure_tools_on_path

    ensure_tools_on_path()  # nbgrader runs alembic from the environment
    course_dir = ac.make_course(tmp_path / "course")
    source = course_dir / "assignments" / ac.ASSIGNMENT / f"{ac.ASSIGNMENT}.ipynb"
    nb = ac.source_notebook()
    meta = {"grade": True, "solution": True, "locked": False, "task": False, "points": 3}
    nb.cells.append(
        new_markdown_cell(
            "Why?",
            metadata={"nbgrader": {**meta, "grade_id": "why", "schema_version": 3}},
        )
    )
    nbformat.write(nb, source)
    course = Course.load(course_dir)
    release.release(course, ac.ASSIGNMENT, check=False)
    hand = {"s1": 3.0, "s2": 1.0, "s3": None, "s4": None}  # s3, s4: not graded by hand yet
    summary = sm.GradeSummary(ac.ASSIGNMENT, course.course_id, "2026-01-01T00:00:00", 30, "0.9")
    with course.gradebook() as gb, gb.db.no_autoflush:  # one flush at the commit
        assignment = gb.find_assignment(ac.ASSIGNMENT)
        for student_id, score in hand.items():
            submission = SubmittedAssignment(assignment=assignment, student=Student(id=student_id))
            for notebook in assignment.notebooks:
                submitted = SubmittedNotebook(notebook=notebook, assignment=submission)
                for cell in notebook.grade_cells:
                    manual = cell.name == "why"
                    Grade(
                        cell_id=cell.id,
                        notebook=submitted,
                        auto_score=None if manual else cell.max_score,
                        manual_score=score if manual else None,
                        needs_manual_grade=manual and score is None,
                    )
            gb.db.add(submission)
            summary.submissions.append(sm.SubmissionResult(student_id, sm.Status.GRADED, 4, 7))
        gb.db.commit()
    summary.write(sm.summary_path(course.autograded_dir, ac.ASSIGNMENT))
    results = report.class_results(course, ac.ASSIGNMENT)
    assert results.hand_graded == [
        report.HandGraded("why", 3.0, submissions=4, graded=2, mean=2.0, waiting=2)
    ]
    page = report.render(results)
    assert "Answers graded by hand" in page and "2 of 4" in page and "2 / 3" in page
    assert results.pre_post is None  # not a post-test


def test_pre_post_section_shows_the_gain_per_question() -> None:
    per_question = [("test-q1-a", 25.0, 75.0), ("test-q2-b", 50.0, 50.0)]
    prepost = report.PrePost("m_pre", 4, 37.5, 62.5, 3, per_question)
    page = report.render(_results([50.0, 75.0], pre_post=prepost))
    assert "4 learner(s) took both" in page and "+25 points" in page
    assert "<td>test-q1-a</td><td>25%</td><td>75%</td><td>+50</td>" in page
    figure = report.pre_post_bars(per_question)
    assert "test-q1-a: 25% then 75%" in figure.alt
    assert base64.b64decode(figure.png_base64).startswith(PNG_MAGIC)
