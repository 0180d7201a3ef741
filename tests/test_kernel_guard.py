"""The guard around test cells (`autograder.kernel_guard`), in this process and in a kernel."""

from __future__ import annotations

import builtins
import math
import os
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from autograder import execute, kernel_guard


@pytest.fixture
def guard(tmp_path: Path):
    """A guard over a fake notebook namespace; the test process's state is put back after."""
    cwd = os.getcwd()
    real_fabs, real_open = math.fabs, builtins.open
    ns: dict = {}
    made = kernel_guard.Guard(ns, str(tmp_path), ["math"])
    yield made, ns
    math.fabs, builtins.open = real_fabs, real_open
    sys.modules["math"] = math
    os.chdir(cwd)


def test_before_hides_the_students_changes_and_after_puts_them_back(guard, tmp_path) -> None:
    made, ns = guard
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    fake_math = type(sys)("math")

    def fake_fabs(x):
        return 0.0

    def fake_open(*args, **kwargs):
        return None

    def fake_abs(x):
        return 0

    ns.update(abs=fake_abs, answer=41, __builtins__={"fake": True})
    math.fabs, builtins.open = fake_fabs, fake_open
    os.chdir(elsewhere)

    made.before("n1")
    assert "abs" not in ns and ns["answer"] == 41  # shadow hidden, answers kept
    assert ns["__builtins__"] is builtins and ns[kernel_guard.NONCE_NAME] == "n1"
    assert math.fabs(-2.0) == 2.0 and builtins.open is not fake_open
    assert Path.cwd() == tmp_path

    sys.modules["math"] = fake_math  # changed during the test cell: after() undoes only
    made.after("n2")  # what before() did, and keeps what the test cell did itself
    assert ns["abs"] is fake_abs and ns["__builtins__"] == {"fake": True}
    assert math.fabs is fake_fabs and builtins.open is fake_open
    assert Path.cwd() == elsewhere and ns[kernel_guard.NONCE_NAME] == "n2"


def test_a_missed_after_step_is_made_up_by_the_next_before(guard) -> None:
    made, ns = guard

    def fake_abs(x):
        return 0

    ns["abs"] = fake_abs
    made.before("n1")  # the test cell's 'after' never ran
    made.before("n2")
    made.after("n3")
    assert ns["abs"] is fake_abs


def test_modules_swapped_in_sys_modules_are_put_back(guard) -> None:
    made, _ = guard
    fake = type(sys)("math")
    sys.modules["math"] = fake
    made.before("n")
    assert sys.modules["math"] is math
    made.after("n")
    assert sys.modules["math"] is fake


def test_only_the_course_libraries_are_imported() -> None:
    assert kernel_guard.importable_modules(["numpy", "os", "sklearn.metrics", "mylib", "math"]) == [
        "math",
        "numpy",
        "sklearn.metrics",
    ]


def test_imported_modules_come_from_every_code_cell() -> None:
    nb = new_notebook(
        cells=[
            new_code_cell("import numpy as np\n%matplotlib inline\nfrom sklearn.metrics import f1"),
            new_code_cell("from . import local\nimport os\nbroken(:"),
            new_code_cell("import pandas as _pd"),
        ]
    )
    assert execute.imported_modules(nb) == [
        "numpy",
        "pandas",
        "sklearn.metrics",
        "sklearn.metrics.f1",
    ]


def _graded(source: str, meta: dict) -> nbformat.NotebookNode:
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {"schema_version": 3, "locked": True, **meta}
    return cell


@pytest.mark.slow
def test_guard_runs_around_each_test_cell_in_a_kernel(tmp_path: Path) -> None:
    """Without the sandbox (the sandboxed run is in test_hostile_submissions)."""
    answer = {"grade": False, "solution": True, "grade_id": "answer", "locked": False}
    test = {"grade": True, "solution": False, "grade_id": "test-answer", "points": 1}
    nb = new_notebook(
        cells=[
            _graded("abs = lambda x: 0\nanswer = 41", answer),
            _graded('assert abs(answer - 42) < 0.5, "not the answer"', test),
            new_code_cell("print(abs(-5))"),  # the student's abs is back
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    executor = execute.GradingExecute(use_sandbox=False, timeout=60)
    executor.preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    assert [o.get("ename") for o in nb.cells[1].outputs] == ["AssertionError"]
    assert nb.cells[2].outputs[0]["text"] == "0\n"
    assert executor.unguarded_cells == []


@pytest.mark.slow
def test_a_kernel_that_skips_cells_is_caught(tmp_path: Path) -> None:
    answer = {"grade": False, "solution": True, "grade_id": "answer", "locked": False}
    test = {"grade": True, "solution": False, "grade_id": "test-answer", "points": 1}
    skip = "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])\nanswer = 41"
    nb = new_notebook(
        cells=[_graded(skip, answer), _graded('assert answer == 42, "no"', test)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    executor = execute.GradingExecute(use_sandbox=False, timeout=60)
    executor.preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    assert nb.cells[1].outputs == []  # the test "passed": nothing ran
    assert executor.unguarded_cells == ["test-answer"]
