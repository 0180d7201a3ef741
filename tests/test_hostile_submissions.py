"""Hostile submissions, graded in one sandboxed batch next to honest ones.

Each case asserts its own outcome, and the batch asserts that the honest submissions
(``solution``: full marks, ``blank``: 0) are scored as when graded alone and that no other
student's files changed. The assignment is the tiny one of `test_grading_pipeline`, whose
hidden test holds a secret marker: it must never reach a student's output or feedback.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import threading

import grading_cases as gc
import nbformat
import pytest
from test_grading_pipeline import run_cli, tiny_assignment

SECRET = "HIDDEN-MARKER-7d3e"
HONEST = {"solution": 4.0, "blank": 0.0}
TIMEOUT = 5

#: More test cells of the demo assignment, each open to one cheat if nothing guarded it: a
#: builtin, a library function and a data file read by relative path that the test relies on.
EXTRA_TESTS = {
    "test-answer-builtin": (
        '### BEGIN HIDDEN TESTS\nassert abs(answer - 42) < 0.5, "not the answer"\n'
        "### END HIDDEN TESTS"
    ),
    "test-answer-library": (
        "### BEGIN HIDDEN TESTS\nimport math as _math\n\n"
        'assert _math.fabs(answer - 42) < 0.5, "not the answer"\n### END HIDDEN TESTS'
    ),
    "test-answer-data": (
        "### BEGIN HIDDEN TESTS\n"
        'assert answer == int(open("expected.txt").read()), "not the answer in the data"\n'
        "### END HIDDEN TESTS"
    ),
}

#: Cheats on how a test cell judges (it runs in the student's kernel, after the student's
#: code), each with a wrong answer: without the grader's defences, each would pass one test
#: (the first all of them). student: (answer cell, expected status)
CHEATS = {
    "cheat_skip_cells": (  # every later cell, tests included, becomes `pass`
        "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])\nanswer = 41",
        "tampered",
    ),
    "cheat_shadow_builtin": ("abs = lambda x: 0\nanswer = 41", "graded"),
    "cheat_patch_library": ("import math\n\nmath.fabs = lambda x: 0.0\nanswer = 41", "graded"),
    "cheat_sys_modules": (
        "import sys, types\n\n_fake = types.ModuleType('math')\n_fake.fabs = lambda x: 0.0\n"
        "sys.modules['math'] = _fake\nanswer = 41",
        "graded",
    ),
    "cheat_patch_builtins_module": (
        "import builtins\n\nbuiltins.abs = lambda x: 0\nanswer = 41",
        "graded",
    ),
    "cheat_partial_credit": (  # shows 1.0 from inside the test: nbgrader reads it as a score
        "class _Answer:\n    def __eq__(self, other):\n"
        "        get_ipython().displayhook(1.0)\n        return False\n\n"
        "    __sub__ = __rsub__ = lambda self, other: 100\n\n\nanswer = _Answer()",
        "graded",
    ),
    "cheat_chdir": (  # a doctored copy of the data file, in a folder made the working folder
        "import os, tempfile\n\n_fake = tempfile.mkdtemp()\n"
        "open(os.path.join(_fake, 'expected.txt'), 'w').write('41')\nos.chdir(_fake)\n"
        "answer = 41",
        "graded",
    ),
}


def answer(code: str) -> str:
    """An answer cell: the hostile code, then the right answer if it survives."""
    return f"{code}\nanswer = 42"


READ = """
import pathlib
for _path in {paths!r}:
    try:
        print(pathlib.Path(_path).read_text()[:400])
    except Exception as _exc:
        print("blocked:", type(_exc).__name__)
"""

HOSTILE = {
    # student: (answer code, expected status)
    "infinite_loop": ("while True:\n    pass", "timed_out"),
    "os_exit": ("import os\nos._exit(1)", "kernel_died"),
    "kill_self": ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "kernel_died"),
    "memory_bomb": (
        "_blocks = []\ntry:\n    while True:\n        _blocks.append(bytearray(100 * 2**20))\n"
        "except MemoryError:\n    print('memory bomb stopped')\n_blocks = None",
        "graded",
    ),
    "fork_bomb": (
        "import os, time\n_n = 0\ntry:\n    while True:\n        if os.fork() == 0:\n"
        "            time.sleep(300)\n            os._exit(0)\n        _n += 1\n"
        "except OSError:\n    print('fork bomb stopped after', _n)",
        "graded",
    ),
    "huge_output": ("while True:\n    print('x' * 10**6)", "output_limit"),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Release the tiny assignment, submit honest and hostile notebooks, grade them once."""
    course = tiny_assignment(tmp_path_factory.mktemp("hostile") / "course")
    notebook = course / "assignments" / "demo" / "demo.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells[2].source = nb.cells[2].source.replace(
        "### END HIDDEN TESTS", f"# {SECRET}\n### END HIDDEN TESTS"
    )
    for position, (grade_id, code) in enumerate(EXTRA_TESTS.items(), start=3):
        metadata = json.loads(json.dumps(nb.cells[2].metadata))
        cell = nbformat.v4.new_code_cell(code, metadata=metadata)
        cell.metadata["nbgrader"]["grade_id"] = grade_id
        nb.cells.insert(position, cell)
    nbformat.write(nb, notebook)
    (notebook.parent / "expected.txt").write_text("42")
    assert run_cli("release", "demo", "--course-dir", course).returncode == 0
    source = nbformat.read(notebook, as_version=4)
    released = nbformat.read(course / "release" / "demo" / "demo.ipynb", as_version=4)

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(120)
    port = server.getsockname()[1]
    connections: list[object] = []

    def accept() -> None:
        with contextlib.suppress(OSError):
            connections.append(server.accept())

    threading.Thread(target=accept, daemon=True).start()

    submitted = course / "submitted"
    cases = {**HOSTILE, **CHEATS}
    cases["network"] = (
        f"import socket\nfor _host in [('127.0.0.1', {port}), ('1.1.1.1', 443)]:\n"
        "    try:\n        socket.create_connection(_host, timeout=3)\n        print('connected')\n"
        "    except OSError as _exc:\n        print('blocked:', type(_exc).__name__)",
        "graded",
    )
    secrets = [
        course / "assignments" / "demo" / "demo.ipynb",
        course / "gradebook.db",
        submitted / "solution" / "demo" / "demo.ipynb",
        course / "nbgrader_config.py",
    ]
    paths = [*map(str, secrets), "demo.ipynb"]  # its own notebook holds the hidden tests
    cases["read_secrets"] = (READ.format(paths=paths), "graded")
    outside = [
        course / "gradebook.db",
        submitted / "solution" / "demo" / "demo.ipynb",
        course / "assignments" / "demo" / "demo.ipynb",
        course / "autograded" / "solution" / "demo" / "demo.ipynb",
    ]
    cases["write_outside"] = (
        "for _path in %r:\n    try:\n        open(_path, 'w').write('overwritten')\n"
        "        print('wrote', _path)\n    except OSError as _exc:\n"
        "        print('blocked:', type(_exc).__name__)" % [str(p) for p in outside],
        "graded",
    )

    def write(student: str, nb: nbformat.NotebookNode | bytes, name: str = "demo") -> None:
        folder = submitted / student / "demo"
        folder.mkdir(parents=True, exist_ok=True)
        if isinstance(nb, bytes):
            (folder / f"{name}.ipynb").write_bytes(nb)
        else:
            nbformat.write(nb, folder / f"{name}.ipynb")
            (folder / "expected.txt").write_text("42")

    write("solution", source)
    write("blank", released)
    for student, (code, _) in cases.items():
        nb = nbformat.from_dict(json.loads(json.dumps(source)))
        nb.cells[1].source = code if student in CHEATS else answer(code)
        write(student, nb)
    edited = nbformat.from_dict(json.loads(json.dumps(source)))
    edited.cells[2].source = "pass"
    edited.cells[1].source = "answer = 41"
    write("edited_test", edited)
    deleted = nbformat.from_dict(json.loads(json.dumps(source)))
    deleted.cells[1].source = "answer = 41"
    del deleted.cells[2]
    write("deleted_test", deleted)
    write("malformed", gc.GARBAGE)
    (submitted / "missing" / "demo").mkdir(parents=True)
    write("renamed", source, name="demo_final")

    def digest() -> dict[str, str]:
        return {
            str(p.relative_to(course)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in [*submitted.rglob("*.ipynb"), course / "assignments" / "demo" / "demo.ipynb"]
        }

    before = digest()
    grade = run_cli(
        "grade", "demo", "--course-dir", course, "--jobs", "2", "--timeout", str(TIMEOUT)
    )
    assert grade.returncode == 0, grade.stdout + grade.stderr
    feedback = run_cli("feedback", "demo", "--course-dir", course)
    server.close()
    summary = json.loads((course / "autograded" / "demo_summary.json").read_text())
    return {
        "course": course,
        "results": {s["student_id"]: s for s in summary["submissions"]},
        "cases": cases,
        "before": before,
        "after": digest(),
        "connections": connections,
        "grade": grade,
        "feedback": feedback,
    }


def feedback_text(hostile: dict, student: str) -> str:
    """The student's feedback files, as text ('' if none)."""
    folder = hostile["course"] / "feedback" / student / "demo"
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.html")))


def outputs(hostile: dict, student: str) -> str:
    """The text outputs of the student's autograded notebook."""
    path = hostile["course"] / "autograded" / student / "demo" / "demo.ipynb"
    nb = nbformat.read(path, as_version=4)
    return "".join(out.get("text", "") for cell in nb.cells for out in cell.get("outputs", []))


def test_honest_submissions_are_unaffected(hostile: dict) -> None:
    for student, score in HONEST.items():
        result = hostile["results"][student]
        assert result["status"] == "graded", result["notes"]
        assert result["autograded_score"] == score
    assert hostile["before"] == hostile["after"], "a submission or the source was modified"


@pytest.mark.parametrize("student", [*HOSTILE, "network", "read_secrets", "write_outside"])
def test_hostile_submission_outcome(hostile: dict, student: str) -> None:
    result = hostile["results"][student]
    assert result["status"] == hostile["cases"][student][1], result["notes"]
    if result["status"] in ("kernel_died", "output_limit"):  # nothing could be scored
        assert result["autograded_score"] == 0 and result["needs_manual_grade"]
    if result["status"] != "graded":
        assert result["notes"]
    test_honest_submissions_are_unaffected(hostile)


def test_memory_and_fork_bombs_are_stopped_inside_their_cell(hostile: dict) -> None:
    assert "memory bomb stopped" in outputs(hostile, "memory_bomb")
    assert "fork bomb stopped after" in outputs(hostile, "fork_bomb")
    assert hostile["results"]["memory_bomb"]["autograded_score"] == HONEST["solution"]


def test_huge_output_never_reaches_the_grader(hostile: dict) -> None:
    path = hostile["course"] / "autograded" / "huge_output" / "demo"
    assert not path.exists()  # the kernel was stopped: no autograded notebook
    assert "printed more than" in hostile["results"]["huge_output"]["notes"][0]


def test_network_is_unreachable(hostile: dict) -> None:
    text = outputs(hostile, "network")
    assert "connected" not in text and text.count("blocked:") == 2
    assert hostile["connections"] == []


def test_secrets_cannot_be_read_and_never_reach_the_feedback(hostile: dict) -> None:
    text = outputs(hostile, "read_secrets")
    assert text.count("blocked: FileNotFoundError") == 5, text
    for student in hostile["results"]:
        assert SECRET not in feedback_text(hostile, student), student
    assert "blocked: FileNotFoundError" in feedback_text(hostile, "read_secrets")
    assert "read_secrets" in hostile["feedback"].stdout


def test_writes_outside_the_working_copy_fail(hostile: dict) -> None:
    text = outputs(hostile, "write_outside")
    assert "wrote" not in text and text.count("blocked:") == 4, text


@pytest.mark.parametrize("student", ["edited_test", "deleted_test"])
def test_tampered_tests_are_restored_and_flagged(hostile: dict, student: str) -> None:
    result = hostile["results"][student]
    assert result["status"] == "tampered"
    assert result["autograded_score"] == 0  # the restored test ran on the wrong answer


@pytest.mark.parametrize(
    ("student", "status"),
    [("malformed", "malformed"), ("missing", "missing"), ("renamed", "missing")],
)
def test_unreadable_or_missing_notebooks(hostile: dict, student: str, status: str) -> None:
    result = hostile["results"][student]
    assert result["status"] == status and result["score"] == 0 and result["notes"]


@pytest.mark.parametrize("student", list(CHEATS))
def test_cheats_on_how_tests_judge_score_nothing(hostile: dict, student: str) -> None:
    result = hostile["results"][student]
    assert result["status"] == CHEATS[student][1], result["notes"]
    assert result["autograded_score"] == 0, result["grades"]
    assert result["review"], "the cheat should be flagged for the instructor"
    test_honest_submissions_are_unaffected(hostile)


def test_skipped_cells_are_caught_by_the_guard(hostile: dict) -> None:
    result = hostile["results"]["cheat_skip_cells"]
    assert result["needs_manual_grade"]
    assert "did not answer" in result["notes"][0] and "test-answer" in result["notes"][0]
