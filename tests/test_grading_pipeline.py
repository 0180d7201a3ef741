"""The grading pipeline (``python -m autograder``) on every assignment, and its pieces.

Slow tests: for each folder of ``assignments/``, one batch in a temporary copy of the course:
release, eleven submissions (see `grading_cases`), grade, feedback, export. Fast tests: the
command line, the messages, and the checks that need no kernel.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import grading_cases as gc
import nbformat
import pytest
from autograder_course import run_cli
from nbformat.v4 import new_code_cell, new_notebook
from test_grader_language import english_left, visible_text

from autograder import batch as batch_step
from autograder import cli, errors, inspection, release
from autograder import summary as sm
from autograder.course import Course
from autograder.feedback_filters import HIDDEN_TESTS_PLACEHOLDER, HideHiddenTests

#: the CME pre- and post-tests are graded through the whole path by tests/test_cme.py
ASSIGNMENT_IDS = [a for a in gc.discover_assignment_ids() if not a.endswith(("_pre", "_post"))]


@dataclass
class BatchRun:
    """One assignment's batch: the submissions, the command outputs, the summary."""

    course: Path
    built: gc.Batch
    cases_error: str | None
    outputs: dict[str, subprocess.CompletedProcess[str]]
    seconds: dict[str, float]
    summary: dict
    #: the same assignment in the French edition, graded with `gc.FRENCH_STUDENTS`
    french: BatchRun | None = None

    def result(self, student: str) -> dict:
        """The summary record of one student."""
        return next(s for s in self.summary["submissions"] if s["student_id"] == student)


def run_batch(
    course: Path, assignment_id: str, students: tuple[str, ...] | None = None
) -> BatchRun:
    """Release, submit, grade, give feedback on and export one assignment in ``course``."""
    outputs: dict[str, subprocess.CompletedProcess[str]] = {}
    seconds: dict[str, float] = {}

    def step(name: str, *args: str | Path) -> None:
        start = time.monotonic()
        outputs[name] = run_cli(name, assignment_id, "--course-dir", course, *args)
        seconds[name] = round(time.monotonic() - start, 1)
        assert outputs[name].returncode == 0, (
            f"`autograder {name}` failed:\n{outputs[name].stdout}\n{outputs[name].stderr}"
        )

    step("release")
    try:
        cases, cases_error = gc.cases_for(assignment_id), None
    except gc.MissingCasesError as exc:
        cases, cases_error = None, str(exc)
    built = gc.build_submissions(course, assignment_id, cases, students)
    step("grade", "--timeout", str(gc.GRADING_TIMEOUT), "--jobs", "2")
    step("feedback")
    step("export")
    print(f"\n{assignment_id} ({course.name}): seconds per step {seconds}")
    path = sm.summary_path(course / "autograded", assignment_id)
    summary = json.loads(path.read_text(encoding="utf-8"))
    return BatchRun(course, built, cases_error, outputs, seconds, summary)


@pytest.fixture(scope="module", params=ASSIGNMENT_IDS)
def batch(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, french_tree: Path
) -> BatchRun:
    """One assignment's batch, once, and its French edition's (the same cases that depend on
    the assignment's text and code)."""
    assignment_id = request.param
    course = gc.make_course(tmp_path_factory.mktemp(f"course-{assignment_id}"), assignment_id)
    english = run_batch(course, assignment_id)
    cours = tmp_path_factory.mktemp(f"cours-{assignment_id}")
    gc.make_course(cours, assignment_id, source_root=french_tree)
    english.french = run_batch(cours, assignment_id, gc.FRENCH_STUDENTS)
    return english


# --- slow: the whole pipeline on every assignment -------------------------------------------
@pytest.mark.grading
def test_release_writes_the_student_version(batch: BatchRun) -> None:
    aid = batch.built.assignment_id
    for name in batch.built.notebooks:
        released = batch.course / "release" / aid / f"{name}.ipynb"
        assert released.is_file()
        text = released.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
        assert "NotImplementedError" in text
        assert f"release/{aid}/{name}.ipynb" in batch.outputs["release"].stdout
    # data files travel with the notebook
    sources = {p.name for p in (batch.course / "assignments" / aid).iterdir() if p.is_file()}
    assert sources <= {p.name for p in (batch.course / "release" / aid).iterdir()}


@pytest.mark.grading
def test_every_submission_gets_its_status(batch: BatchRun) -> None:
    got = {s["student_id"]: s["status"] for s in batch.summary["submissions"]}
    want = {student: e.status for student, e in batch.built.expected.items()}
    assert got == want
    # the batch went on after the infinite loop and the dead kernel
    order = [s["student_id"] for s in batch.summary["submissions"]]
    assert order.index("solution") > order.index("kernel_exit") > order.index("infinite_loop")
    for student in want:
        assert student in batch.outputs["grade"].stdout


@pytest.mark.grading
def test_autograded_scores(batch: BatchRun) -> None:
    for student, expected in batch.built.expected.items():
        result = batch.result(student)
        score, full = result["autograded_score"], result["autograded_max_score"]
        assert full > 0, "the assignment has no autograded test points"
        if expected.autograded == "full":
            assert score == full, f"{student}: {score} / {full}, notes {result['notes']}"
        elif expected.autograded == "zero":
            assert score == 0, f"{student}: {score} / {full}"
        elif expected.autograded == "partial":
            assert 0 <= score < full, f"{student}: {score} / {full} (should lose points)"
        if expected.exact is not None:
            assert score == pytest.approx(expected.exact), f"{student}: {score}"


@pytest.mark.grading
def test_wrong_and_hardcoded_answers_lose_points(batch: BatchRun) -> None:
    if batch.cases_error:
        pytest.fail(batch.cases_error, pytrace=False)
    for kind in gc.CASE_KINDS:
        result = batch.result(kind)
        assert result["status"] == "graded", result["notes"]
        assert result["autograded_score"] < result["autograded_max_score"]


@pytest.mark.grading
def test_cheats_score_no_more_than_they_should_and_are_flagged(batch: BatchRun) -> None:
    blank = batch.result("blank")["autograded_score"]
    cheaters = [s for s, e in batch.built.expected.items() if e.review]
    assert {"cheat_silenced", "cheat_patched"} <= set(cheaters)
    for student in cheaters:
        result = batch.result(student)
        assert result["review"], f"{student}: the summary should flag it for review"
        if batch.built.expected[student].at_most_blank:
            assert result["autograded_score"] <= blank, f"{student}: {result['grades']}"
    silenced = batch.result("cheat_silenced")["review"]
    assert any("hidden" in note and "showtraceback" in note for note in silenced)
    assert "For review" in batch.outputs["grade"].stdout


@pytest.mark.grading
def test_infinite_loop_is_stopped_and_reported(batch: BatchRun) -> None:
    result = batch.result("infinite_loop")
    assert result["status"] == "timed_out"
    assert result["review"] == []  # a timeout is not a hidden traceback
    assert any(batch.built.first_answer in note for note in result["notes"])
    assert batch.summary["cell_timeout_seconds"] == gc.GRADING_TIMEOUT


#: what kernels print on their terminal when they start and are interrupted
KERNEL_CHATTER = ("To connect another client", "KeyboardInterrupt caught", "Ctrl-C will not work")


@pytest.mark.grading
def test_the_graders_console_shows_no_kernel_chatter(batch: BatchRun) -> None:
    # a class of 300 would print thousands of these lines; they go to each student's log
    console = batch.outputs["grade"].stdout + batch.outputs["grade"].stderr
    assert not [line for line in KERNEL_CHATTER if line in console]
    logs = batch.course / "autograded" / f"{batch.built.assignment_id}_logs"
    kernel_log = (logs / "infinite_loop.kernel.log").read_text(encoding="utf-8")
    assert any(line in kernel_log for line in KERNEL_CHATTER), kernel_log[:500]


@pytest.mark.grading
def test_dead_kernel_scores_zero_and_is_flagged(batch: BatchRun) -> None:
    result = batch.result("kernel_exit")
    assert result["status"] == "kernel_died"
    assert result["score"] == 0 and result["needs_manual_grade"] is True
    assert (batch.course / result["log_file"]).is_file()


@pytest.mark.grading
@pytest.mark.parametrize("student", ["edited_test", "deleted_test"])
def test_tampered_test_cell_gives_no_points_or_is_flagged(batch: BatchRun, student: str) -> None:
    result = batch.result(student)
    grade = result["grades"][batch.built.first_test]
    flagged = result["status"] == "tampered" and any(
        batch.built.first_test in note for note in result["notes"]
    )
    assert flagged or grade["score"] == 0
    assert flagged, "nbgrader restores the test, so the autograder must flag the submission"


@pytest.mark.grading
@pytest.mark.parametrize("student", ["malformed", "missing_empty", "missing_renamed"])
def test_unreadable_or_missing_notebook_is_reported(batch: BatchRun, student: str) -> None:
    result = batch.result(student)
    assert result["score"] == 0
    assert result["notes"], "the summary must say what went wrong and what to do"
    if student == "missing_renamed":
        assert f"{batch.built.target_notebook}_final.ipynb" in result["notes"][0]


@pytest.mark.grading
def test_feedback_for_every_graded_submission(batch: BatchRun) -> None:
    aid = batch.built.assignment_id
    for result in batch.summary["submissions"]:
        student = result["student_id"]
        folder = batch.course / "feedback" / student / aid
        if result["status"] not in sm.HAS_AUTOGRADED_NOTEBOOK:
            # no autograded notebook: at most a page saying what happened, never a test
            pages = "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.html"))
            assert "BEGIN HIDDEN TESTS" not in pages
            assert student in batch.outputs["feedback"].stdout  # listed with a reason
            continue
        for name, scores in result["notebooks"].items():
            html = (folder / f"{name}.html").read_text(encoding="utf-8")
            score = f"Score: {round(scores['score'], 2)} / {round(scores['max_score'], 2)}"
            assert score in html, f"{student}: feedback should show {score}"
            assert "BEGIN HIDDEN TESTS" not in html, "feedback must not show hidden tests"


@pytest.mark.grading
def test_export_has_one_row_per_student(batch: BatchRun) -> None:
    path = batch.course / "exports" / f"{batch.built.assignment_id}_grades.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["student_id"] for row in rows] == sorted(batch.built.expected)
    for row in rows:
        result = batch.result(row["student_id"])
        assert float(row["score"]) == result["score"]
        assert float(row["max_score"]) == result["max_score"]
        assert row["status"] == result["status"]


# --- fast: cases, command line and messages -------------------------------------------------
@pytest.mark.grading
def test_the_french_edition_gets_the_same_statuses_and_scores(batch: BatchRun) -> None:
    french = batch.french
    assert french is not None
    assert set(french.built.expected) == set(gc.FRENCH_STUDENTS) & set(batch.built.expected)
    for student in french.built.expected:
        en, fr = batch.result(student), french.result(student)
        assert (fr["status"], fr["autograded_score"], fr["autograded_max_score"]) == (
            en["status"],
            en["autograded_score"],
            en["autograded_max_score"],
        ), f"{student}: French {fr}, English {en}"


@pytest.mark.grading
def test_the_french_student_version_and_feedback_are_in_french(batch: BatchRun) -> None:
    french = batch.french
    assert french is not None
    aid = french.built.assignment_id
    for name in french.built.notebooks:
        released = (french.course / "release" / aid / f"{name}.ipynb").read_text(encoding="utf-8")
        assert "VOTRE CODE ICI" in released and "YOUR CODE HERE" not in released
    for student in ("wrong", "blank"):
        feedback = next((french.course / "feedback" / student / aid).glob("*.html"))
        page = feedback.read_text(encoding="utf-8")
        assert '<html lang="fr"' in page
        # none of the grader's English (table, statuses, nbgrader's labels) is left; code
        # and its output (<pre>) are the student's and the assignment's, in Python
        prose = re.sub(r"<pre\b.*?</pre>", " ", page, flags=re.S)
        assert english_left(visible_text(prose)) == [], student


@pytest.mark.parametrize("assignment_id", ASSIGNMENT_IDS)
def test_grading_cases_are_defined(assignment_id: str) -> None:
    error = None
    try:
        gc.cases_for(assignment_id)
    except gc.MissingCasesError as exc:
        error = str(exc)
    if error:
        pytest.fail(error, pytrace=False)


def test_missing_cases_say_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(gc.MissingCasesError, match="add ASSIGNMENT_CASES"):
        gc.cases_for("no_such_assignment")
    placeholder = {"wrong": {}, "hardcoded": {}}
    monkeypatch.setitem(gc.ASSIGNMENT_CASES, "hw_draft", placeholder)
    with pytest.raises(gc.MissingCasesError, match="fill in cases for hw_draft"):
        gc.cases_for("hw_draft")


def test_parser_reads_each_command() -> None:
    parser = cli.build_parser()
    args = parser.parse_args(["grade", "hw1", "--timeout", "5", "--course-dir", "/tmp/c"])
    assert (args.command, args.assignment_id, args.timeout) == ("grade", "hw1", 5)
    assert args.course_dir == Path("/tmp/c")
    args = parser.parse_args(["export", "hw1", "--output", "out.csv"])
    assert args.output == Path("out.csv") and args.course_dir is None
    for command in ("release", "feedback"):
        assert parser.parse_args([command, "hw1"]).command == command


@pytest.mark.parametrize("argv", [[], ["grade"], ["publish", "hw1"], ["release", "hw1", "-x"]])
def test_parser_rejects_bad_commands(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.build_parser().parse_args(argv)
    assert exc.value.code == 2


@pytest.mark.parametrize("value", ["0", "-3", "ten"])
def test_parser_rejects_bad_timeout(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["grade", "hw1", "--timeout", value])
    assert errors.BAD_TIMEOUT.format(value=value) in capsys.readouterr().err


def main_output(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_missing_course_dir_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = main_output(["grade", "demo", "--course-dir", str(tmp_path)], capsys)
    assert code == cli.EXIT_CANNOT_RUN
    assert err.strip() == "error: " + errors.COURSE_DIR_NOT_FOUND.format(path=tmp_path)


@pytest.mark.parametrize("command", ["release", "grade", "feedback", "export"])
def test_unknown_assignment_says_what_to_do(
    tiny_course: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    course = tiny_course
    code, _, err = main_output([command, "dmeo", "--course-dir", str(course)], capsys)
    assert code == cli.EXIT_CANNOT_RUN
    message = errors.UNKNOWN_ASSIGNMENT.format(
        assignment_id="dmeo",
        source=course / "assignments" / "dmeo",
        known="demo",
        source_root=course / "assignments",
    )
    assert err.strip() == f"error: {message}"


def test_grading_before_release_says_what_to_do(
    tiny_course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = tiny_course
    code, _, err = main_output(["grade", "demo", "--course-dir", str(course)], capsys)
    assert code == cli.EXIT_CANNOT_RUN
    assert "python -m autograder release demo" in err
    code, _, err = main_output(["export", "demo", "--course-dir", str(course)], capsys)
    assert code == cli.EXIT_CANNOT_RUN
    assert "python -m autograder grade demo" in err


@pytest.mark.grading
def test_malformed_and_missing_are_classified_without_a_kernel(
    tiny_course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course_dir = tiny_course
    assert main_output(["release", "demo", "--course-dir", str(course_dir)], capsys)[0] == 0
    broken = {"garbage": gc.GARBAGE, "empty_json": b"{}", "half": b'{"cells": ['}
    for student, content in broken.items():
        folder = course_dir / "submitted" / student / "demo"
        folder.mkdir(parents=True)
        (folder / "demo.ipynb").write_bytes(content)
    (course_dir / "submitted" / "nobody" / "demo").mkdir(parents=True)
    # a hand-copied submission whose notebook is a link to the gradebook: never followed
    linked = course_dir / "submitted" / "linked" / "demo"
    linked.mkdir(parents=True)
    (linked / "demo.ipynb").symlink_to(course_dir / "gradebook.db")
    stale = [course_dir / step / "garbage" / "demo" for step in ("autograded", "feedback")]
    for folder in stale:  # left by an earlier batch: must not survive a failed regrade
        folder.mkdir(parents=True)
        (folder / "demo.ipynb").write_text("{}", encoding="utf-8")

    code, out, _ = main_output(["grade", "demo", "--course-dir", str(course_dir)], capsys)
    assert not any(folder.exists() for folder in stale)
    assert code == 0
    summary = sm.GradeSummary.read(sm.summary_path(course_dir / "autograded", "demo"))
    statuses = {s.student_id: s.status for s in summary.submissions}
    assert statuses == {
        "empty_json": "malformed",
        "garbage": "malformed",
        "half": "malformed",
        "linked": "malformed",
        "nobody": "missing",
    }
    assert all(s.score == 0 and s.log_file is None for s in summary.submissions)
    assert "5 submission(s): 4 malformed, 1 missing" in out
    linked_note = summary.by_student()["linked"].notes[0]
    assert "symbolic links" in linked_note and "demo.ipynb" in linked_note
    assert not (course_dir / "autograded" / "linked").exists()

    code, out, _ = main_output(["export", "demo", "--course-dir", str(course_dir)], capsys)
    assert code == 0
    with (course_dir / "exports" / "demo_grades.csv").open(encoding="utf-8") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(statuses)
    assert rows["nobody"]["needs_manual_grade"] == "False"  # nbgrader's rule for a missing nb
    assert rows["garbage"]["needs_manual_grade"] == "True"

    # feedback (autograder.feedback) then says what happened to each of them
    code, out, _ = main_output(["feedback", "demo", "--course-dir", str(course_dir)], capsys)
    assert code == 0
    assert all(student in out for student in statuses)


@pytest.mark.grading
def test_release_names_the_error_that_failed_the_solution(
    tiny_course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The solution loses its points because the environment lacks a module, not because the
    # notebook is wrong: the message says which cell raised what.
    course = tiny_course
    path = course / "assignments" / "demo" / "demo.ipynb"
    nb = nbformat.read(path, as_version=4)
    meta = {
        "nbgrader": {
            "grade": False,
            "solution": False,
            "locked": True,
            "task": False,
            "grade_id": "setup",
            "schema_version": 3,
        }
    }
    nb.cells.insert(
        1, new_code_cell("import a_module_this_machine_lacks as helpers", metadata=meta)
    )
    nb.cells[2].source = "### BEGIN SOLUTION\nanswer = helpers.ANSWER\n### END SOLUTION"
    nbformat.write(nb, path)
    code, _, err = main_output(["release", "demo", "--course-dir", str(course)], capsys)
    assert code == cli.EXIT_CANNOT_RUN
    assert "the solution scores 0 / 1" in err
    assert "setup: ModuleNotFoundError: No module named 'a_module_this_machine_lacks'" in err


@pytest.mark.grading
def test_no_submissions_is_not_a_failure(
    tiny_course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = Course.load(tiny_course)
    release.release(course, "demo")
    lines: list[str] = []
    summary = batch_step.grade(course, "demo", echo=lines.append)
    assert summary.submissions == []
    assert lines[0].startswith("No submissions for 'demo'")


# --- fast: the checks around nbgrader -------------------------------------------------------
def test_read_notebook_reports_why_it_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    for content, reason in [
        (gc.GARBAGE, "not UTF-8"),
        (b'{"cells": [', "invalid JSON"),
        (b"[1, 2]", "not a Jupyter notebook"),
    ]:
        path.write_bytes(content)
        with pytest.raises(inspection.MalformedNotebookError, match=reason):
            inspection.read_notebook(path)
    nbformat.write(new_notebook(cells=[new_code_cell("1")]), path)
    assert inspection.read_notebook(path).cells[0].source == "1"


def reference(name: str, source: str, **kwargs: object) -> inspection.ReferenceCell:
    fields = {"locked": True, "is_test": True, "is_graded": True, "points": 2.0, **kwargs}
    sources = frozenset({source.strip(), inspection._without_hidden_tests(source).strip()})
    return inspection.ReferenceCell(name=name, accepted_sources=sources, **fields)  # type: ignore[arg-type]


def test_find_tampering_accepts_released_and_source_tests() -> None:
    test_source = "assert f(1) == 2\n### BEGIN HIDDEN TESTS\nassert f(2) == 4\n### END HIDDEN TESTS"
    refs = [reference("test-f", test_source)]

    def notebook(source: str, points: float = 2) -> nbformat.NotebookNode:
        meta = {"nbgrader": {"grade_id": "test-f", "grade": True, "locked": True, "points": points}}
        return new_notebook(cells=[new_code_cell(source, metadata=meta)])

    assert inspection.find_tampering(notebook(test_source), refs, "hw") == []
    assert inspection.find_tampering(notebook("assert f(1) == 2\n"), refs, "hw") == []
    edited = inspection.find_tampering(notebook("pass"), refs, "hw")
    assert edited == [errors.TAMPERED_MODIFIED.format(cell="test-f", notebook="hw.ipynb")]
    deleted = inspection.find_tampering(new_notebook(cells=[]), refs, "hw")
    assert len(deleted) == 1 and "test cell 'test-f' is missing" in deleted[0]
    reweighted = inspection.find_tampering(notebook(test_source, points=99), refs, "hw")
    assert len(reweighted) == 1 and "points of 'test-f'" in reweighted[0]


def test_timed_out_cells_are_found_by_ename() -> None:
    stopped = nbformat.from_dict(
        {"output_type": "error", "ename": "CellTimeoutError", "evalue": "", "traceback": []}
    )
    failing = nbformat.from_dict(
        {"output_type": "error", "ename": "AssertionError", "evalue": "", "traceback": []}
    )
    nb = new_notebook(
        cells=[
            new_code_cell("while True: pass", metadata={"nbgrader": {"grade_id": "loop"}}),
            new_code_cell("x"),
            new_code_cell("assert False"),
        ]
    )
    nb.cells[0].outputs = [stopped]
    nb.cells[1].outputs = [stopped]
    nb.cells[2].outputs = [failing]
    assert inspection.timed_out_cells(nb, "CellTimeoutError") == ["loop", "cell 1"]


def test_feedback_hides_hidden_tests_but_keeps_the_reason() -> None:
    source = (
        "assert isinstance(x, int)\n### BEGIN HIDDEN TESTS\n"
        'assert x == 42, "x should be the answer"\n### END HIDDEN TESTS'
    )
    cell = new_code_cell(source, metadata={"nbgrader": {"grade": True, "grade_id": "t"}})
    cell.outputs = [
        nbformat.from_dict(
            {
                "output_type": "error",
                "ename": "AssertionError",
                "evalue": "x should be the answer",
                "traceback": ["----> 3 assert x == 42, 'x should be the answer'"],
            }
        )
    ]
    nb, _ = HideHiddenTests().preprocess(new_notebook(cells=[cell]), {})
    out = nb.cells[0]
    assert out.source == f"assert isinstance(x, int)\n{HIDDEN_TESTS_PLACEHOLDER}"
    assert out.outputs[0].traceback == ["AssertionError: x should be the answer"]


def test_summary_round_trip_and_table(tmp_path: Path) -> None:
    summary = sm.GradeSummary("hw", "course", "2025-01-01T00:00:00+00:00", 30, "0.9.6")
    summary.submissions = [
        sm.SubmissionResult("ann", sm.Status.GRADED, 3, 4, 3, 3, True),
        sm.SubmissionResult("bob", sm.Status.MISSING, 0, 4, notes=["no hw.ipynb"]),
    ]
    path = sm.summary_path(tmp_path, "hw")
    summary.write(path)
    assert json.loads(path.read_text())["counts"] == {"graded": 1, "missing": 1}
    assert sm.GradeSummary.read(path) == summary
    table = sm.format_table(summary)
    assert "ann" in table and "3 / 4" in table and "bob [missing]: no hw.ipynb" in table
