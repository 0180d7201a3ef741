"""Parallel grading: same scores as plain ``nbgrader autograde``, reruns, interruptions.

A small assignment with three tests (so that scores vary) and a handful of students.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import autograder_course as ac
import psutil
import pytest
from autograder_course import run_cli

from autograder import batch, errors, worker
from autograder.course import Course

STUDENTS = {
    "ann": "a, b, c = 1, 2, 3",
    "bob": "a, b, c = 1, 0, 3",
    "cyd": "a, b, c = 0, 2, 0",
    "dee": "a, b, c = 1.0, 2, 3",
    "eve": "import time\ntime.sleep(1)\na, b, c = 1, 2, 0",
    "fay": "raise ValueError('no idea')",
}

pytestmark = pytest.mark.grading


def make_course(root: Path, students: dict[str, str] = STUDENTS) -> Path:
    """Course with the three-test assignment ``trio``, released, and the submissions."""
    return ac.trio_course(root, students)


def gradebook_scores(root: Path) -> dict[str, dict[str, float | None]]:
    """Every student's auto score of every graded cell, from the gradebook."""
    course = Course.load(root)
    scores: dict[str, dict[str, float | None]] = {}
    with course.gradebook() as gb:
        for submission in gb.assignment_submissions("trio"):
            for notebook in submission.notebooks:
                scores[submission.student_id] = {g.name: g.auto_score for g in notebook.grades}
    return scores


def summary(root: Path) -> dict:
    return json.loads((root / "autograded" / "trio_summary.json").read_text())


def test_parallel_scores_equal_sequential_nbgrader(tmp_path: Path) -> None:
    ours = make_course(tmp_path / "ours")
    theirs = tmp_path / "theirs"
    shutil.copytree(ours, theirs)
    graded = run_cli("grade", "trio", "--course-dir", ours, "--jobs", "2")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    plain = subprocess.run(
        [str(Path(sys.executable).parent / "nbgrader"), "autograde", "trio", "--force"],
        cwd=theirs,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert plain.returncode == 0, plain.stderr
    expected = gradebook_scores(theirs)
    assert gradebook_scores(ours) == expected
    assert expected["ann"] == {"test-a": 1, "test-b": 2, "test-c": 3}
    assert sum(expected["bob"].values()) == 4 and sum(expected["fay"].values()) == 0


def test_rerun_grades_only_new_or_changed_submissions(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", {k: STUDENTS[k] for k in ("ann", "bob", "cyd")})
    first = run_cli("grade", "trio", "--course-dir", root, "--jobs", "2")
    assert "[3/3]" in first.stdout
    again = run_cli("grade", "trio", "--course-dir", root, "--jobs", "2")
    assert "3 submission(s) unchanged since they were graded: kept." in again.stdout
    assert "[1/" not in again.stdout
    ac.submit_trio(root, "bob", "a, b, c = 1, 2, 3")  # bob resubmits
    ac.submit_trio(root, "dee", "a, b, c = 1, 2, 0")  # a new student
    third = run_cli("grade", "trio", "--course-dir", root, "--jobs", "2")
    assert "[2/2]" in third.stdout and "ann:" not in third.stdout
    scores = {s["student_id"]: s["autograded_score"] for s in summary(root)["submissions"]}
    assert scores == {"ann": 6, "bob": 6, "cyd": 2, "dee": 3}
    forced = run_cli("grade", "trio", "--course-dir", root, "--force", "--jobs", "2")
    assert "[4/4]" in forced.stdout


def start_batch(root: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    return subprocess.Popen(
        [sys.executable, "-m", "autograder", "grade", "trio", "--course-dir", str(root)]
        + ["--jobs", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for_results(root: Path, count: int, process: subprocess.Popen[str]) -> int:
    """Wait until the summary holds at least ``count`` results; return how many."""
    path = root / "autograded" / "trio_summary.json"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if path.is_file():
            done = len(json.loads(path.read_text())["submissions"])
            if done >= count:
                return done
        time.sleep(0.2)
    raise AssertionError("the batch did not progress")


def leftover_kernels(root: Path) -> list[psutil.Process]:
    """Sandboxes still running for this course (their command line names its folders)."""
    found = []
    for process in psutil.process_iter(["cmdline", "status"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        dead = process.info["status"] == psutil.STATUS_ZOMBIE  # gone, not yet reaped
        if "bwrap" in cmdline and str(root) in cmdline and not dead:
            found.append(process)
    return found


SLOW = {f"s{i}": "import time\ntime.sleep(1.5)\na, b, c = 1, 2, 3" for i in range(5)}


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_interrupted_batch_keeps_finished_results_and_resumes(
    tmp_path: Path, how: signal.Signals
) -> None:
    root = make_course(tmp_path / "course", SLOW)
    process = start_batch(root)
    wait_for_results(root, 2, process)
    os.killpg(process.pid, how) if how == signal.SIGKILL else process.send_signal(how)
    out, _ = process.communicate(timeout=60)
    time.sleep(1)
    assert leftover_kernels(root) == []
    kept = summary(root)["submissions"]
    assert 2 <= len(kept) < len(SLOW)
    assert all(s["status"] == "graded" and s["autograded_score"] == 6 for s in kept)
    if how == signal.SIGINT:
        left = len(SLOW) - len(kept)
        assert errors.INTERRUPTED.format(done=len(kept), left=left) in out
    with sqlite3.connect(root / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    resumed = run_cli("grade", "trio", "--course-dir", root, "--jobs", "2")
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(kept)} submission(s) unchanged" in resumed.stdout
    assert f"[{len(SLOW) - len(kept)}/{len(SLOW) - len(kept)}]" in resumed.stdout
    final = summary(root)["submissions"]
    assert [s["student_id"] for s in final] == sorted(SLOW)
    assert all(s["autograded_score"] == 6 for s in final)
    assert all(sum(v.values()) == 6 for v in gradebook_scores(root).values())


def test_no_sandbox_grades_the_same(tmp_path: Path) -> None:
    root = make_course(tmp_path / "course", {k: STUDENTS[k] for k in ("ann", "bob", "fay")})
    plain = run_cli("grade", "trio", "--course-dir", root, "--no-sandbox", "--jobs", "2")
    assert plain.returncode == 0, plain.stderr
    scores = {s["student_id"]: s["autograded_score"] for s in summary(root)["submissions"]}
    assert scores == {"ann": 6, "bob": 4, "fay": 0}
    # the sandbox is part of the settings: switching it on grades everything again
    sandboxed = run_cli("grade", "trio", "--course-dir", root, "--jobs", "2")
    assert "[3/3]" in sandboxed.stdout


def test_a_dying_worker_fails_only_its_own_submission(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    students = {"ann": STUDENTS["ann"], "bob": STUDENTS["bob"]}
    students |= {"doomed": STUDENTS["ann"], "unlucky": STUDENTS["ann"]}
    root = make_course(tmp_path / "course", students)
    monkeypatch.setattr(worker, "grade_submission", ac.grade_or_die)
    lines: list[str] = []
    result = batch.grade(Course.load(root), "trio", echo=lines.append, jobs=2)
    by_student = result.by_student()
    assert {s: r.status for s, r in by_student.items()} == {
        "ann": "graded",
        "bob": "graded",
        "doomed": "error",
        "unlucky": "graded",
    }
    assert [by_student[s].autograded_score for s in ("ann", "bob", "unlucky")] == [6, 4, 6]
    assert by_student["doomed"].notes == [errors.WORKER_DIED]
    assert by_student["doomed"].needs_manual_grade
    assert by_student["doomed"].fingerprint == ""  # the next run tries it again
    again = batch.grade(Course.load(root), "trio", echo=lines.append, jobs=2)
    assert again.by_student()["doomed"].status == "error"
    assert "3 submission(s) unchanged since they were graded: kept." in lines
