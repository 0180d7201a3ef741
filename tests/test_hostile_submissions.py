"""Hostile submissions, graded in one sandboxed batch next to honest ones.

Each case asserts its own outcome, and the batch asserts that the honest submissions
(``solution``: full marks, ``blank``: 0) are scored as when graded alone and that no other
student's files changed. The assignment is the tiny one of `test_grading_pipeline`, with
more tests: one that calls the student's ``double`` on inputs the kernel has never seen, and
tests that a cheat could target (a builtin, a library function, a data file). Its hidden
tests hold a secret marker: it must never reach the student's kernel, output or feedback.

Classes of attack, each closed by design rather than by a patch (`autograder.checker`):
execution (loops, crashes, bombs, floods, network, files), judging (anything that changes
how code runs in the kernel: tests never run there), metadata and extra files (the notebook
is rebuilt from the source, only the assignment's data reach the kernel), replies (the
checker reads data only, bounded), exfiltration (hidden code never enters the kernel), and
denial of service of the steps after grading (feedback, report).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import re
import socket
import threading
import time
import zlib

import grading_cases as gc
import nbformat
import pytest
from autograder_course import run_cli, tiny_assignment

pytestmark = pytest.mark.grading

SECRET = "HIDDEN-MARKER-7d3e"
HONEST = {"solution": 6.0, "blank": 0.0}
TIMEOUT = 10  # per cell: a 3 GiB memory bomb zero-fills for seconds on a busy machine
DOUBLE = "def double(x):\n    return [2 * v for v in x]\n"

#: More test cells of the demo assignment, each open to one cheat if tests ran in the kernel:
#: a builtin, a library function, a data file read by relative path, and a function called
#: on inputs the kernel has never seen.
EXTRA_TESTS = {
    "test-answer-builtin": (
        '### BEGIN HIDDEN TESTS\nassert abs(answer - 42) < 0.5, "not the answer"\n'
        "### END HIDDEN TESTS",
        1,
    ),
    "test-answer-library": (
        "### BEGIN HIDDEN TESTS\nimport math as _math\n\n"
        'assert _math.fabs(answer - 42) < 0.5, "not the answer"\n### END HIDDEN TESTS',
        1,
    ),
    "test-answer-data": (
        "### BEGIN HIDDEN TESTS\n"
        'assert answer == int(open("expected.txt").read()), "not the answer in the data"\n'
        "### END HIDDEN TESTS",
        1,
    ),
    "test-double": (
        "### BEGIN HIDDEN TESTS\nimport random as _random\n\n"
        "_values = [_random.randint(-1000, 1000) for _ in range(_random.randint(3, 9))]\n"
        'assert double(list(_values)) == [2 * v for v in _values], "double is wrong"\n'
        f"# {SECRET}\n### END HIDDEN TESTS",
        2,
    ),
}

#: Cheats on how a test judges, each with a wrong answer: none may score (a test that ran in
#: the student's kernel could be fooled by each). student: answer cell code
CHEATS = {
    "cheat_skip_cells": (  # every later cell, tests and the grader's requests: `pass`
        "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])\nanswer = 41"
    ),
    "cheat_rewrite_tests": (  # turns asserts into `pass`, leaves everything else alone
        "import re\n"
        "get_ipython().input_transformers_post.append(\n"
        "    lambda lines: [re.sub(r'^(\\s*)assert .*', r'\\1pass', l) for l in lines])\n"
        "answer = 41"
    ),
    "cheat_shadow_builtin": "abs = lambda x: 0\nisinstance = lambda *a: True\nanswer = 41",
    "cheat_patch_library": "import math\n\nmath.fabs = lambda x: 0.0\nanswer = 41",
    "cheat_sys_modules": (
        "import sys, types\n\n_fake = types.ModuleType('math')\n_fake.fabs = lambda x: 0.0\n"
        "sys.modules['math'] = _fake\nanswer = 41"
    ),
    "cheat_patch_builtins_module": "import builtins\n\nbuiltins.abs = lambda x: 0\nanswer = 41",
    "cheat_partial_credit": (  # shows 1.0 from inside a call: nbgrader reads it as a score
        "class _Answer:\n    def __eq__(self, other):\n"
        "        get_ipython().displayhook(1.0)\n        return True\n\n"
        "    __sub__ = __rsub__ = lambda self, other: 0\n\n\nanswer = _Answer()"
    ),
    "cheat_fake_number": (  # an int that equals anything
        "class _Int(int):\n    def __eq__(self, other):\n        return True\n"
        "    __hash__ = int.__hash__\n\n\nanswer = _Int(41)"
    ),
    "cheat_chdir": (  # a doctored copy of the data file, in a folder made the working folder
        "import os, tempfile\n\n_fake = tempfile.mkdtemp()\n"
        "open(os.path.join(_fake, 'expected.txt'), 'w').write('41')\nos.chdir(_fake)\n"
        "answer = 41"
    ),
    "cheat_forged_replies": (  # the grader's agent answers every request with True
        "import json, sys\n"
        "sys.modules['_autograder_agent'].answer = lambda request: json.dumps({'ok': True})\n"
        "answer = 41"
    ),
    "cheat_fake_reply_display": (  # publishes its own reply to every request, first
        "from IPython.display import publish_display_data\n"
        "_mime = 'application/x-autograder-reply+json'\n"
        "def _fake():\n"
        "    publish_display_data({_mime: '{\"ok\": 41}'})\n"
        "get_ipython().events.register('pre_execute', _fake)\n"
        "answer = 41"
    ),
}

#: Attacks that need no wrong answer: a blank (released) notebook plus the attack
BLANK_ATTACKS = ("cheat_tagged_tests", "cheat_extra_files")

READ = """
import pathlib
for _path in {paths!r}:
    try:
        print(pathlib.Path(_path).read_text()[:400])
    except Exception as _exc:
        print("blocked:", type(_exc).__name__)
"""

#: Student code that records every piece of code the kernel is sent, then looks for the
#: hidden tests everywhere it can while the checker calls it, and prints all of it encoded.
EXFILTRATE = """
import base64, gc, inspect, json, sys, zlib
_seen = []
get_ipython().input_transformers_post.append(lambda lines: _seen.append(''.join(lines)) or lines)
def double(x):
    for _frame in inspect.stack():
        _seen.append(repr(list(_frame.frame.f_globals)))
        _seen.append(str(_frame.code_context))
    _seen.extend(o for o in gc.get_objects() if type(o) is str and ('assert' in o or 'HIDDEN' in o))
    _seen.append(repr(In) if 'In' in globals() else '')
    return [2 * v for v in x]
answer = 42
"""
DUMP = "print(base64.b64encode(zlib.compress(json.dumps(_seen).encode())).decode())"

HTML_INJECTION = (
    "from IPython.display import HTML, Javascript, display\n"
    "display(HTML('<script>window.pwned = 1</script><img src=x onerror=\"alert(1)\">'))\n"
    "display(Javascript('window.pwned = 2'))\n"
    "answer = 42\n" + DOUBLE
)

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
    # the checker's call never returns, or returns what cannot be read
    "slow_function": (
        "def double(x):\n    while True:\n        pass\nanswer = 42",
        "timed_out",
    ),
    "deep_reply": (
        "def double(x):\n    out = []\n    for _ in range(100000):\n        out = [out]\n"
        "    return out\nanswer = 42",
        "graded",
    ),
    "huge_reply": ("def double(x):\n    return 'x' * (60 * 2**20)\nanswer = 42", "output_limit"),
    "dollar_exception": (
        "class _E(Exception):\n    pass\n_E.__name__ = '$\\\\frac{a}{$'\n"
        "def double(x):\n    raise _E('$x^$')\nanswer = 42",
        "graded",
    ),
}


def answer(code: str) -> str:
    """An answer cell: the hostile code, then the right answers if it survives."""
    return f"{code}\nanswer = 42\n{DOUBLE}"


def _odd_metadata(released: nbformat.NotebookNode) -> dict:
    """The right answers, with nonsense in the cells' nbgrader metadata."""
    nb = json.loads(json.dumps(released))
    nb["cells"][1]["source"] = f"answer = 42\n{DOUBLE}"
    nb["cells"][1]["metadata"]["nbgrader"]["points"] = "many"
    nb["cells"][2]["metadata"]["nbgrader"] = "grade me"
    nb["cells"][3]["metadata"]["nbgrader"]["grade_id"] = {"$": "handle"}
    nb["cells"].append({"cell_type": "code", "source": ["x = 1"], "metadata": {"nbgrader": 5}})
    return nb


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Release the tiny assignment, submit honest and hostile notebooks, grade them once."""
    course = tiny_assignment(tmp_path_factory.mktemp("hostile") / "course")
    notebook = course / "assignments" / "demo" / "demo.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells[1].source = nb.cells[1].source.replace("### END SOLUTION", f"{DOUBLE}### END SOLUTION")
    nb.cells[2].source = nb.cells[2].source.replace(
        "### END HIDDEN TESTS", f"# {SECRET}\n### END HIDDEN TESTS"
    )
    for position, (grade_id, (code, points)) in enumerate(EXTRA_TESTS.items(), start=3):
        metadata = json.loads(json.dumps(nb.cells[2].metadata))
        cell = nbformat.v4.new_code_cell(code, metadata=metadata)
        cell.metadata["nbgrader"]["grade_id"] = grade_id
        cell.metadata["nbgrader"]["points"] = points
        nb.cells.insert(position, cell)
    nbformat.write(nb, notebook)
    (notebook.parent / "expected.txt").write_text("42")
    released_check = run_cli("release", "demo", "--course-dir", course)
    assert released_check.returncode == 0, released_check.stdout + released_check.stderr
    source = nbformat.read(notebook, as_version=4)
    released = nbformat.read(course / "release" / "demo" / "demo.ipynb", as_version=4)

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(180)
    port = server.getsockname()[1]
    connections: list[object] = []

    def accept() -> None:
        with contextlib.suppress(OSError):
            connections.append(server.accept())

    threading.Thread(target=accept, daemon=True).start()

    submitted = course / "submitted"
    cases = dict(HOSTILE)
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

    def write(student: str, nb: object, name: str = "demo", extra: dict | None = None) -> None:
        folder = submitted / student / "demo"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.ipynb"
        if isinstance(nb, bytes):
            path.write_bytes(nb)
        elif isinstance(nb, dict) and not isinstance(nb, nbformat.NotebookNode):
            path.write_text(json.dumps(nb), encoding="utf-8")
        else:
            nbformat.write(nb, path)
        for file_name, content in (extra or {}).items():
            (folder / file_name).write_text(content, encoding="utf-8")

    def copy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
        return nbformat.from_dict(json.loads(json.dumps(nb)))

    write("solution", source)
    write("blank", released)
    for student, (code, _) in cases.items():
        nb = copy(source)
        nb.cells[1].source = code if student in HOSTILE and "def double" in code else answer(code)
        write(student, nb)
    for student, code in CHEATS.items():
        nb = copy(source)
        nb.cells[1].source = code
        write(student, nb)

    # a blank notebook whose test cells carry tags the executor honours and claim to be answers
    tagged = copy(released)
    for cell in tagged.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            cell.metadata["tags"] = ["skip-execution", "raises-exception"]
            meta["solution"], meta["grade"], meta["points"] = True, False, 0
    tagged.metadata["widgets"] = {"state": {"x": "y" * 1000}}
    write("cheat_tagged_tests", tagged)
    # a blank notebook with files that a kernel's start-up or imports would pick up
    trojans = {
        "ipykernel_launcher.py": "import sys; sys.exit('trojan launcher')",
        "sitecustomize.py": "import builtins; builtins.answer = 42",
        "medai.py": "raise SystemExit('trojan medai')",
        "expected.txt": "41",
    }
    write("cheat_extra_files", copy(released), extra=trojans)

    exfiltrate = copy(source)
    exfiltrate.cells[1].source = EXFILTRATE
    exfiltrate.cells.append(nbformat.v4.new_code_cell(DUMP))
    write("exfiltrate", exfiltrate)
    html_nb = copy(source)
    html_nb.cells[1].source = HTML_INJECTION
    write("html_injection", html_nb)
    markers = copy(source)  # fake hidden-test regions everywhere, for the feedback step
    fake = "### BEGIN HIDDEN TESTS\n" + ("# " + "y" * 200 + "\n") * 200 + "### END HIDDEN TESTS"
    markers.cells.extend(nbformat.v4.new_code_cell(f"print({i})\n{fake}") for i in range(300))
    write("fake_markers", markers)
    write("odd_metadata", _odd_metadata(released))
    not_a_mapping = json.loads(json.dumps(source))
    not_a_mapping["cells"][0]["metadata"] = ["not", "a", "mapping"]
    write("malformed_metadata", not_a_mapping)
    deep = b'{"cells": [], "metadata": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    write("deep_json", deep)

    edited = copy(source)
    edited.cells[2].source = "pass"
    edited.cells[1].source = "answer = 41\n" + DOUBLE
    write("edited_test", edited)
    deleted = copy(source)
    deleted.cells[1].source = "answer = 41\n" + DOUBLE
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
    start = time.monotonic()
    feedback = run_cli("feedback", "demo", "--course-dir", course)
    feedback_seconds = time.monotonic() - start
    report = run_cli("report", "demo", "--course-dir", course)
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
        "feedback_seconds": feedback_seconds,
        "report": report,
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


def test_the_batch_gives_every_student_a_status(hostile: dict) -> None:
    students = {p.parent.name for p in (hostile["course"] / "submitted").glob("*/demo")}
    assert set(hostile["results"]) == students
    for student in students:
        assert f"{student}:" in hostile["grade"].stdout


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


def test_replies_the_checker_cannot_read_fail_their_test_only(hostile: dict) -> None:
    for student in ("slow_function", "deep_reply", "dollar_exception"):
        grades = hostile["results"][student]["grades"]
        assert grades["test-double"]["score"] == 0, student
        assert grades["test-answer-builtin"]["score"] == 1, student  # the rest was judged
    deep = hostile["results"]["deep_reply"]
    assert deep["autograded_score"] == HONEST["solution"] - 2
    assert "nested" in feedback_text(hostile, "deep_reply")
    assert "ran past the time limit" in feedback_text(hostile, "slow_function")


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


def test_hidden_tests_never_enter_the_students_kernel(hostile: dict) -> None:
    # Everything the kernel was sent and everything its code could find while the checker
    # called it, dumped by the student's last cell: no hidden test's code is in it.
    result = hostile["results"]["exfiltrate"]
    assert result["autograded_score"] == HONEST["solution"], result["grades"]
    dump = outputs(hostile, "exfiltrate").strip().splitlines()[-1]
    seen = zlib.decompress(base64.b64decode(dump)).decode()
    assert len(seen) > 1000  # it did record the kernel's inputs, the grader's requests too
    assert "_autograder_agent" in seen
    for hidden in (SECRET, "not the answer in the data", "double is wrong", "_random.randint"):
        assert hidden not in seen, hidden


def test_writes_outside_the_working_copy_fail(hostile: dict) -> None:
    text = outputs(hostile, "write_outside")
    assert "wrote" not in text and text.count("blocked:") == 4, text


@pytest.mark.parametrize("student", ["edited_test", "deleted_test"])
def test_tampered_tests_are_restored_and_flagged(hostile: dict, student: str) -> None:
    result = hostile["results"][student]
    assert result["status"] == "tampered"
    assert result["autograded_score"] == 2  # the restored tests judged `double` only right


@pytest.mark.parametrize(
    ("student", "status"),
    [
        ("malformed", "malformed"),
        ("missing", "missing"),
        ("renamed", "missing"),
        ("deep_json", "malformed"),
        ("malformed_metadata", "malformed"),
    ],
)
def test_unreadable_or_missing_notebooks(hostile: dict, student: str, status: str) -> None:
    result = hostile["results"][student]
    assert result["status"] == status and result["score"] == 0 and result["notes"]


def test_nonsense_metadata_is_replaced_by_the_source(hostile: dict) -> None:
    result = hostile["results"]["odd_metadata"]
    assert result["status"] in ("graded", "tampered"), result["notes"]
    assert result["autograded_score"] == HONEST["solution"]  # the answers were right


@pytest.mark.parametrize("student", list(CHEATS))
def test_cheats_on_how_tests_judge_score_nothing(hostile: dict, student: str) -> None:
    result = hostile["results"][student]
    assert result["status"] == "graded", result["notes"]
    assert result["autograded_score"] == 0, result["grades"]
    assert result["review"], "the cheat should be flagged for the instructor"
    test_honest_submissions_are_unaffected(hostile)


@pytest.mark.parametrize("student", BLANK_ATTACKS)
def test_tags_metadata_and_extra_files_change_nothing(hostile: dict, student: str) -> None:
    result = hostile["results"][student]
    assert result["status"] in ("graded", "tampered"), result["notes"]
    assert result["autograded_score"] == 0, result["grades"]
    assert result["autograded_max_score"] == 6  # the tests and their points are the source's
    folder = hostile["course"] / "autograded" / student / "demo"
    assert sorted(p.name for p in folder.iterdir()) == ["demo.ipynb", "expected.txt"]
    assert (folder / "expected.txt").read_text() == "42"  # the instructor's data, not theirs


def test_feedback_escapes_the_students_html(hostile: dict) -> None:
    page = feedback_text(hostile, "html_injection")
    assert page, hostile["feedback"].stdout
    # the student's code is shown (escaped); what it displayed is never live HTML or script
    assert "&lt;script&gt;window.pwned = 1" in page
    assert not re.search(r"<script[^>]*>[^<]*pwned", page, flags=re.IGNORECASE)
    assert not re.search(r"<img[^>]*onerror", page, flags=re.IGNORECASE)
    assert hostile["results"]["html_injection"]["autograded_score"] == HONEST["solution"]


def test_feedback_and_report_finish_for_the_class(hostile: dict) -> None:
    assert hostile["feedback"].returncode == 0, hostile["feedback"].stderr
    assert hostile["feedback_seconds"] < 300
    assert "fake_markers" in hostile["feedback"].stdout
    assert hostile["report"].returncode == 0, hostile["report"].stderr
    # the student's exception, '$...$' in its name, is a message here, never maths to parse
    assert "raised $\\frac{a}{$: $x^$" in feedback_text(hostile, "dollar_exception")
