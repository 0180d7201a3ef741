"""Grading on a Dask cluster (``grade --scheduler``): same scores, dead workers survived.

A `distributed.LocalCluster` of worker processes stands in for a cluster of machines that
share the course folder; the grader connects to its scheduler by address, as on a real one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import autograder_course as ac
import dask
import psutil
import pytest
from autograder_course import run_cli
from distributed import Client, LocalCluster

from autograder import batch, cluster, errors, worker
from autograder.course import Course

pytestmark = pytest.mark.grading

STUDENTS = {
    "ann": "a, b, c = 1, 2, 3",
    "bob": "a, b, c = 1, 0, 3",
    "cyd": "a, b, c = 0, 2, 0",
    "fay": "raise ValueError('no idea')",
}
EXPECTED = {"ann": 6, "bob": 4, "cyd": 2, "fay": 0}


#: workers that may start the process each submission is graded in (see autograder.cluster)
WORKERS_MAY_HAVE_CHILDREN = {"distributed.worker.daemon": False}


@contextlib.contextmanager
def local_cluster() -> Iterator[LocalCluster]:
    """Two single-threaded worker processes, restarted by their nanny if they die.

    The setting stays on while the cluster lives: a worker restarted after a death reads it.
    """
    with (
        dask.config.set(WORKERS_MAY_HAVE_CHILDREN),
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as local,
    ):
        yield local


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with local_cluster() as local:
        yield local.scheduler_address


def scores(summary) -> dict[str, float]:
    return {s: r.autograded_score for s, r in summary.by_student().items()}


def test_cluster_scores_equal_local_scores(tmp_path: Path, scheduler: str) -> None:
    on_cluster = ac.trio_course(tmp_path / "cluster", STUDENTS)
    graded = run_cli("grade", "trio", "--course-dir", on_cluster, "--scheduler", scheduler)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert "[4/4]" in graded.stdout
    here = ac.trio_course(tmp_path / "here", STUDENTS)
    local = batch.grade(Course.load(here), "trio", echo=lambda _: None, jobs=2)
    clustered = batch.grade(Course.load(on_cluster), "trio", echo=lambda _: None)
    assert scores(clustered) == scores(local) == EXPECTED
    assert {r.status for r in clustered.by_student().values()} == {"graded"}


def test_a_dying_grading_process_fails_only_its_own_submission(
    tmp_path: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    students = {"ann": STUDENTS["ann"], "bob": STUDENTS["bob"]}
    students |= {"doomed": STUDENTS["ann"], "unlucky": STUDENTS["ann"]}
    root = ac.trio_course(tmp_path / "course", students)
    monkeypatch.setattr(worker, "grade_submission", ac.grade_or_die)
    result = batch.grade(Course.load(root), "trio", echo=lambda _: None, scheduler=scheduler)
    by_student = result.by_student()
    assert {s: r.status for s, r in by_student.items()} == {
        "ann": "graded",
        "bob": "graded",
        "doomed": "error",
        "unlucky": "graded",  # died once, graded on its second try
    }
    assert [by_student[s].autograded_score for s in ("ann", "bob", "unlucky")] == [6, 4, 6]
    assert by_student["doomed"].notes == [errors.WORKER_DIED]


def test_a_dead_dask_worker_loses_no_submission(tmp_path: Path) -> None:
    slow = {f"s{i}": "import time\ntime.sleep(2)\na, b, c = 1, 2, 3" for i in range(4)}
    root = ac.trio_course(tmp_path / "course", slow)
    with (
        local_cluster() as local,
        Client(local) as client,
    ):
        pids = client.run(os.getpid)
        killed: list[int] = []

        def kill_a_worker() -> None:
            # once a worker is grading a submission, kill it mid-task
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                busy = [w for w, tasks in client.processing().items() if tasks]
                if busy:
                    time.sleep(1)
                    killed.append(pids[busy[0]])
                    os.kill(pids[busy[0]], signal.SIGKILL)
                    return
                time.sleep(0.1)

        killer = threading.Thread(target=kill_a_worker)
        killer.start()
        result = batch.grade(
            Course.load(root), "trio", echo=lambda _: None, scheduler=local.scheduler_address
        )
        killer.join()
        assert killed and not psutil.pid_exists(killed[0]), "no worker was killed"
    # Dask gave the dead worker's submission to the other worker (or to its restart)
    assert scores(result) == dict.fromkeys(slow, 6)


def test_a_threads_grading_process_serves_its_next_submissions() -> None:
    # A Dask worker's thread keeps its grading process (and so its warm kernel server) from
    # one submission to the next; a process that died is replaced at the next one.
    first = worker.in_child(ac.process_or_die, "first", False)
    assert worker.in_child(ac.process_or_die, "second", False) == first
    with pytest.raises(BrokenProcessPool):
        worker.in_child(ac.process_or_die, "die", False)
    replaced = worker.in_child(ac.process_or_die, "after", False)
    assert replaced != first and psutil.pid_exists(replaced) and not psutil.pid_exists(first)


def test_unreachable_scheduler_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "2s")
    with pytest.raises(errors.AutograderError) as raised:
        cluster.ClusterPool("tcp://127.0.0.1:9", use_sandbox=False)
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in str(raised.value)
    assert "dask worker" in str(raised.value)


def test_daemonic_workers_are_refused_with_the_fix() -> None:
    with (
        dask.config.set({"distributed.worker.daemon": True}),  # Dask's default
        LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as local,
        pytest.raises(errors.AutograderError) as raised,
    ):
        cluster.ClusterPool(local.scheduler_address, use_sandbox=False)
    assert "DASK_DISTRIBUTED__WORKER__DAEMON=False" in str(raised.value)


def test_worker_lost_tells_a_death_from_a_failure() -> None:
    from concurrent.futures.process import BrokenProcessPool

    from distributed import KilledWorker

    assert cluster.worker_lost(BrokenProcessPool("child died"))
    assert cluster.worker_lost(KilledWorker("task", "worker", allowed_failures=3))
    assert not cluster.worker_lost(ValueError("the student's code raised"))
    assert not cluster.worker_lost(None)
