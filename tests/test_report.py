"""``python -m autograder report ID``: a self-contained class report with plots and alt text."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import autograder_course as ac
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
