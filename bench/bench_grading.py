"""Benchmark: parallel sandboxed grading against sequential ``nbgrader autograde``.

Builds 40 mixed submissions of the ``bias_fairness`` assignment (solution, blank, wrong,
hard-coded, cheating), grades one copy of the course with plain ``nbgrader autograde`` (one
submission at a time, no sandbox) and another with ``python -m autograder grade --jobs 2``
(sandbox on), on the same machine in one run; checks that every score in the two gradebooks
is identical; prints the wall times, the speed ratio against the target (2.5x on 2 cores),
the peak memory of each run (the proportional memory of all its processes, kernels included)
and the load average. Both runs start with the libraries already in the file cache (a
warm-up kernel imports them first), so neither pays for the first read from disk.

Exit status: 0 when the scores are identical and the target is met, 1 when the scores
differ, 2 when the target is missed.

Usage: ``python bench/bench_grading.py [--students 40] [--jobs 2] [--target 2.5] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests"))

import grading_cases as gc  # noqa: E402

from autograder import release  # noqa: E402
from autograder.course import Course, ensure_tools_on_path, quiet_library_warnings  # noqa: E402

ASSIGNMENT = "bias_fairness"
KINDS = ("solution", "blank", "wrong", "hardcoded", "cheats")


def build(root: Path, students: int) -> Path:
    """A course copy with the assignment released and ``students`` mixed submissions."""
    gc.make_course(root, ASSIGNMENT)
    course = Course.load(root)
    release.release(course, ASSIGNMENT, check=False)
    cases = gc.cases_for(ASSIGNMENT)
    source = gc.read(root / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    released = gc.read(root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    for index in range(students):
        kind = KINDS[index % len(KINDS)]
        nb = copy.deepcopy(released if kind == "blank" else source)
        if kind in cases:
            gc.replace_cells(nb, cases[kind])
        folder = root / "submitted" / f"{kind}_{index:02d}" / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{ASSIGNMENT}.ipynb")
    return root


class PeakMemory:
    """Peak of the summed proportional memory (PSS) of a process and all its descendants.

    PSS counts a page shared by N processes as 1/N in each, so the kernels forked from one
    server, which share its libraries until they write to them, are not counted N times.
    """

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            try:
                for process in [self.root, *self.root.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        total += process.memory_full_info().pss
            except psutil.Error:
                break
            self.peak = max(self.peak, total)
            time.sleep(0.2)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def timed(command: list[str], cwd: Path) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run a command; its wall time, peak memory (bytes) and result."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}")
    start = time.monotonic()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    memory = PeakMemory(process.pid)
    out, err = process.communicate()
    seconds = time.monotonic() - start
    peak = memory.stop()
    return seconds, peak, subprocess.CompletedProcess(command, process.returncode, out, err)


def scores(root: Path) -> dict[str, dict[str, float | None]]:
    """Every student's auto score of every graded cell, from the gradebook."""
    with Course.load(root).gradebook() as gb:
        return {
            s.student_id: {g.name: g.auto_score for nb in s.notebooks for g in nb.grades}
            for s in gb.assignment_submissions(ASSIGNMENT)
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--target", type=float, default=2.5, help="speed ratio to reach")
    parser.add_argument("--keep", type=Path, default=None, help="build the courses here")
    args = parser.parse_args(argv)
    ensure_tools_on_path()
    quiet_library_warnings()
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-grading-"))
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()}")
    ours = build(base / "ours", args.students)
    theirs = base / "theirs"
    shutil.copytree(ours, theirs)
    print(f"{args.students} submissions of {ASSIGNMENT} ({', '.join(KINDS)}) in {base}")

    warm_up = "import fairlearn, ipykernel, pandas, sklearn, nbgrader"
    subprocess.run([sys.executable, "-c", warm_up], check=True)
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    plain_s, plain_mem, plain = timed([nbgrader, "autograde", ASSIGNMENT, "--force"], theirs)
    assert plain.returncode == 0, plain.stderr[-2000:]
    print(
        f"nbgrader autograde (sequential, no sandbox): {plain_s:.1f} s, "
        f"peak {plain_mem / 2**20:.0f} MiB"
    )
    print(f"load average: {os.getloadavg()}")

    command = [sys.executable, "-m", "autograder", "grade", ASSIGNMENT, "--jobs", str(args.jobs)]
    ours_s, ours_mem, done = timed([*command, "--course-dir", str(ours)], ours)
    assert done.returncode == 0, done.stderr[-2000:]
    print(
        f"autograder grade --jobs {args.jobs} (sandbox on): {ours_s:.1f} s, "
        f"peak {ours_mem / 2**20:.0f} MiB"
    )
    print(f"load average after: {os.getloadavg()}")

    same = scores(ours) == scores(theirs)
    print(f"scores identical: {same} ({len(scores(ours))} students)")
    ratio = plain_s / ours_s
    met = ratio >= args.target
    print(f"speed ratio: {ratio:.2f}x (target {args.target:g}x: {'met' if met else 'MISSED'})")
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)
    if not same:
        return 1
    return 0 if met else 2


if __name__ == "__main__":
    sys.exit(main())
