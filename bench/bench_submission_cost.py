"""Benchmark: what one submission costs to grade, against the floor of its own code and tests.

Builds ``--students`` copies of the ``bias_fairness`` solution, grades them one at a time
(``python -m autograder grade --jobs 1``, sandbox on) and measures, per submission, the wall
time and the CPU time of the grader and everything it starts (kernels, sandboxes, checker).
The floor is what no grader can avoid: the same cells (the answers, then the visible and
hidden tests) run in ONE kernel started once, with the course's libraries already imported,
the namespace reset between submissions and one BLAS thread as in the sandbox. The
difference is the grader's own cost per submission: forking a fresh sandboxed kernel from
the worker's kernel server (which imported the libraries once), starting IPython in it,
nbgrader's passes, the checker. Both run in one process of this script, on the same machine,
one after the other; the libraries are read from disk once first, so neither pays for a cold
cache.

Usage: ``python bench/bench_submission_cost.py [--students 10] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
from jupyter_client.manager import start_new_kernel

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests"))

import grading_cases as gc  # noqa: E402

from autograder import release, sandbox  # noqa: E402
from autograder.course import Course, ensure_tools_on_path, quiet_library_warnings  # noqa: E402

ASSIGNMENT = "bias_fairness"
WARM_UP = "import fairlearn, ipykernel, matplotlib, numpy, pandas, sklearn"


def build(root: Path, students: int) -> Path:
    """A course copy with the assignment released and ``students`` copies of the solution."""
    gc.make_course(root, ASSIGNMENT)
    release.release(Course.load(root), ASSIGNMENT, check=False)
    source = root / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    for index in range(students):
        folder = root / "submitted" / f"student_{index:02d}" / ASSIGNMENT
        folder.mkdir(parents=True)
        shutil.copy(source, folder / source.name)
    return root


class CpuAccount:
    """CPU seconds of a command and every process it starts, however they end.

    Counted by a cgroup of its own (cgroup v1 ``cpuacct`` or cgroup v2 ``cpu.stat``) when
    this machine lets root make one: a process killed before its parent reaped it (a kernel
    stopped with its sandbox) is counted too. Otherwise by ``RUSAGE_CHILDREN``, which misses
    such processes, and the report says so.
    """

    V1 = Path("/sys/fs/cgroup/cpuacct")
    V2 = Path("/sys/fs/cgroup/unified")

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.usage_file = ""
        name = f"bench-cost-{os.getpid()}"
        for base, usage in ((self.V1, "cpuacct.usage"), (self.V2, "cpu.stat")):
            try:
                (base / name).mkdir()
            except OSError:
                continue
            if (base / name / usage).exists():
                self.folder, self.usage_file = base / name, usage
                break
            (base / name).rmdir()
        self.how = "a cgroup" if self.folder else "RUSAGE_CHILDREN (misses killed processes)"

    def enter(self) -> None:
        """Put the calling process in the cgroup (a ``preexec_fn``)."""
        if self.folder is not None:
            (self.folder / "cgroup.procs").write_text(str(os.getpid()))

    def seconds(self) -> float:
        if self.folder is None:
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            return usage.ru_utime + usage.ru_stime
        text = (self.folder / self.usage_file).read_text()
        if self.usage_file == "cpuacct.usage":
            return int(text) / 1e9
        return int(text.split("usage_usec")[1].split()[0]) / 1e6

    def close(self) -> None:
        if self.folder is not None:
            with contextlib.suppress(OSError):
                self.folder.rmdir()


def graded_cost(root: Path, students: int, account: CpuAccount) -> tuple[float, float]:
    """Wall and CPU seconds per submission of ``grade --jobs 1``."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}")
    command = [sys.executable, "-m", "autograder", "grade", ASSIGNMENT, "--jobs", "1"]
    cpu, start = account.seconds(), time.monotonic()
    done = subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, preexec_fn=account.enter
    )
    wall = time.monotonic() - start
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return wall / students, (account.seconds() - cpu) / students


def floor_cost(root: Path, students: int) -> tuple[float, float]:
    """Wall and CPU seconds per submission of its cells alone, in one warm kernel."""
    folder = root / "assignments" / ASSIGNMENT
    notebook = nbformat.read(folder / f"{ASSIGNMENT}.ipynb", as_version=4)
    cells = [c.source for c in notebook.cells if c.cell_type == "code"]
    # one BLAS thread, as in the sandbox: the floor does the same work the same way
    env = {**os.environ, **sandbox.SINGLE_THREAD_ENV}
    manager, client = start_new_kernel(cwd=str(folder), env=env)
    kernel = psutil.Process(manager.provisioner.process.pid)
    try:
        client.execute_interactive(WARM_UP, timeout=120)
        cpu_times = kernel.cpu_times()
        cpu, start = cpu_times.user + cpu_times.system, time.monotonic()
        for _ in range(students):
            client.execute_interactive("%reset -f", timeout=60)
            for source in cells:
                reply = client.execute_interactive(source, timeout=120, output_hook=lambda _: 0)
                assert reply["content"]["status"] == "ok", source[:200]
        wall = time.monotonic() - start
        cpu_times = kernel.cpu_times()
        return wall / students, (cpu_times.user + cpu_times.system - cpu) / students
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--keep", type=Path, default=None, help="build the course here")
    args = parser.parse_args(argv)
    ensure_tools_on_path()
    quiet_library_warnings()
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-cost-"))
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()}")
    root = build(base / "course", args.students)
    subprocess.run([sys.executable, "-c", WARM_UP], check=True)
    floor_wall, floor_cpu = floor_cost(root, args.students)
    account = CpuAccount()
    try:
        graded_wall, graded_cpu = graded_cost(root, args.students, account)
    finally:
        account.close()
    print(f"{args.students} copies of the {ASSIGNMENT} solution, one at a time:")
    print(f"  (the grader's CPU counted by {account.how})")
    print(f"  graded (grade --jobs 1, sandbox): {graded_wall:.2f} s wall, {graded_cpu:.2f} s CPU")
    print(f"  floor (cells in one warm kernel): {floor_wall:.2f} s wall, {floor_cpu:.2f} s CPU")
    print(
        f"  the grader's own cost: {graded_wall - floor_wall:.2f} s wall, "
        f"{graded_cpu - floor_cpu:.2f} s CPU per submission "
        f"({graded_cpu / floor_cpu:.1f} times the floor's CPU)"
    )
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
