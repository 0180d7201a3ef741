"""Each guarantee of the grading sandbox (`autograder.sandbox`), proved on a real kernel.

A notebook is executed the way a grading worker does it (`execute.execute_notebook`) in a
folder laid out like a course: the working copy ``autograded/alice/demo/`` next to the
source assignment (whose data files the kernel reads), the gradebook and another student's
submission, all holding a secret.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import time
from pathlib import Path

import autograder_course as ac
import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from autograder import errors, execute, sandbox, warm_kernels

REPO_ROOT = Path(__file__).resolve().parents[1]
SECRET = "SECRET-4f1c9a"
CONFIG = json.dumps({"Execute": {"timeout": 20, "startup_timeout": 60}})
#: a uid of its own (batches running at the same time use the first uids)
TEST_UID = sandbox.SANDBOX_UID_BASE + 900 + os.getpid() % 90

pytestmark = [
    pytest.mark.kernel,
    pytest.mark.skipif(os.geteuid() != 0, reason="the sandbox needs root"),
]


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course folder whose every file but the working copy holds the secret."""
    root = tmp_path_factory.mktemp("sandbox-course")
    for relative in (
        "assignments/demo/demo.ipynb",
        "gradebook.db",
        "submitted/bob/demo/demo.ipynb",
        "nbgrader_config.py",
    ):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(SECRET, encoding="utf-8")
    return root


def run(
    course: Path, *sources: str | dict, **limits: int
) -> tuple[execute.ExecutionReport, list[str]]:
    """Execute the cells in alice's working copy; the report and each cell's text output."""
    work = course / "autograded" / "alice" / "demo"
    work.mkdir(parents=True, exist_ok=True)
    path = work / "demo.ipynb"
    nb = new_notebook(
        cells=[s if isinstance(s, dict) else new_code_cell(s) for s in sources],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(nb, path)
    fields = sandbox.Limits(**{**sandbox.Limits().__dict__, **limits})
    source = course / "assignments" / "demo"
    report = execute.execute_notebook(str(path), CONFIG, True, TEST_UID, fields, str(source))
    outputs = []
    if report.outcome == execute.Outcome.EXECUTED:
        for cell in nbformat.read(path, as_version=4).cells:
            text = ""
            for out in cell.outputs:
                text += out.get("text", "") + str(out.get("data", {}).get("text/plain", ""))
                text += out.get("ename", "")
            outputs.append(text)
    return report, outputs


def sandbox_processes() -> list[psutil.Process]:
    """Processes still running under this test's sandbox uid (after 5 s to die at most)."""
    deadline = time.monotonic() + 5
    while True:
        found = []
        for process in psutil.process_iter(["uids", "status"]):
            uids = process.info["uids"]
            dead = process.info["status"] == psutil.STATUS_ZOMBIE  # gone, not yet reaped
            if uids is not None and uids.real == TEST_UID and not dead:
                found.append(process)
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


READ_ATTEMPT = """
import pathlib
found = []
for path in {paths!r}:
    try:
        found.append(pathlib.Path(path).read_text()[:40])
    except Exception as exc:
        found.append(type(exc).__name__)
print(found)
"""


def test_student_code_cannot_read_solutions_gradebook_or_other_students(course: Path) -> None:
    paths = [
        str(course / "assignments" / "demo" / "demo.ipynb"),
        str(course / "gradebook.db"),
        str(course / "submitted" / "bob" / "demo" / "demo.ipynb"),
        str(course / "nbgrader_config.py"),
        str(REPO_ROOT / "assignments" / "bias_fairness" / "bias_fairness.ipynb"),
        "/root/.bash_history",
        "/etc/shadow",
        "demo.ipynb",  # its own notebook, which holds the hidden tests while it runs
    ]
    report, outputs = run(
        course,
        READ_ATTEMPT.format(paths=paths),
        "import os; print(sorted(os.listdir('/')), os.getuid(), os.getgid())",
        "import os; print(sorted(os.listdir(os.path.dirname(os.getcwd()))))",
    )
    assert report.outcome == execute.Outcome.EXECUTED, report
    assert SECRET not in "".join(outputs)
    assert outputs[0].count("FileNotFoundError") + outputs[0].count("PermissionError") == 8
    listing, uid = outputs[1].rsplit("]", 1)
    # a minimal root: system folders, and the ancestors of the Python install and `medai`
    assert "home" not in listing and "srv" not in listing
    assert uid.split() == [str(TEST_UID)] * 2  # not root
    assert outputs[2].strip() == "['demo']"  # no other student's folder


def test_student_code_writes_only_its_working_copy(course: Path) -> None:
    marker = f"/tmp/sandbox-escape-{os.getpid()}"
    targets = [
        marker,
        str(course / "gradebook.db"),
        str(course / "submitted" / "bob" / "demo" / "demo.ipynb"),
        str(sandbox._python_paths()[-1] / "planted.py"),
        "written.txt",
    ]
    code = "results = []\n"
    code += f"for target in {targets!r}:\n"
    code += "    try:\n        open(target, 'w').write('pwned')\n        results.append('ok')\n"
    code += "    except OSError as exc:\n        results.append(type(exc).__name__)\n"
    code += "print(results)"
    code += "\nimport os\nos.symlink('/etc/passwd', 'link.txt')\nos.mkfifo('fifo')"
    report, outputs = run(course, code)
    assert report.outcome == execute.Outcome.EXECUTED
    results = outputs[0]
    assert results.count("'ok'") == 2  # its own folder, and the sandbox's private /tmp
    assert not Path(marker).exists()  # that /tmp was not the grader's
    assert (course / "gradebook.db").read_text() == SECRET
    assert (course / "submitted" / "bob" / "demo" / "demo.ipynb").read_text() == SECRET
    assert not (sandbox._python_paths()[-1] / "planted.py").exists()
    # what it wrote in its working folder (a RAM disk) is gone with the kernel: nothing it
    # made there, a link or a pipe, can redirect or block the grader's write of the notebook
    work = course / "autograded" / "alice" / "demo"
    assert sorted(p.name for p in work.iterdir()) == ["demo.ipynb"]


def test_data_files_cannot_be_changed_deleted_or_replaced(course: Path) -> None:
    # The kernel reads the assignment's own data files, bound from the source folder.
    data = course / "assignments" / "demo" / "cohort.csv"
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text("a,b\n1,2\n", encoding="utf-8")
    attempts = [
        "open('cohort.csv', 'w').write('a,b\\n9,9\\n')",
        "import os\nos.remove('cohort.csv')",
        "import os\nopen('fake.csv', 'w').write('x')\nos.replace('fake.csv', 'cohort.csv')",
    ]
    report, outputs = run(course, *attempts, "print(open('cohort.csv').read())")
    assert report.outcome == execute.Outcome.EXECUTED
    assert all("Error" in text for text in outputs[:3]), outputs
    assert outputs[3].strip() == "a,b\n1,2"
    assert data.read_text(encoding="utf-8") == "a,b\n1,2\n"
    data.unlink()


def test_data_folders_cannot_be_renamed_or_changed(course: Path) -> None:
    folder = course / "assignments" / "demo" / "images"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text("real", encoding="utf-8")
    attempts = [
        "import os\nos.rename('images', 'moved')",
        "open('images/a.txt', 'w').write('fake')",
        "open('images/b.txt', 'w').write('new')",
    ]
    report, outputs = run(course, *attempts, "print(open('images/a.txt').read())")
    assert report.outcome == execute.Outcome.EXECUTED
    assert all("Error" in text for text in outputs[:3]), outputs
    assert outputs[3].strip() == "real"
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]
    (folder / "a.txt").unlink()
    folder.rmdir()


def test_ram_disks_are_bounded(course: Path) -> None:
    fill = (
        "import os\nfor _folder in ['/tmp', '/dev/shm', '.']:\n    try:\n"
        "        for _i in range(100):\n"
        "            open(os.path.join(_folder, f'f{_i}'), 'wb').write(bytes(2**20))\n"
        "        print('filled', _folder)\n"
        "    except OSError as _exc:\n        print('full', _folder, _exc.errno)"
    )
    report, outputs = run(course, fill, scratch_mb=8)
    assert report.outcome == execute.Outcome.EXECUTED
    assert outputs[0].split("\n")[:3] == ["full /tmp 28", "full /dev/shm 28", "full . 28"]


def test_only_the_assignments_data_reaches_the_kernel(course: Path) -> None:
    # A file a student sent next to the notebook stays out of the kernel's folder, and a
    # data file of the assignment named like a module cannot stand in for it: Python starts
    # isolated and IPython leaves the working folder off sys.path.
    work = course / "autograded" / "alice" / "demo"
    work.mkdir(parents=True, exist_ok=True)
    (work / "ipykernel_launcher.py").write_text("raise SystemExit('trojan')", encoding="utf-8")
    source = course / "assignments" / "demo"
    (source / "medai.py").write_text("TROJAN = True", encoding="utf-8")
    report, outputs = run(
        course,
        "import os, sys; print(sorted(os.listdir('.')), '' in sys.path, os.getcwd() in sys.path)",
        "import medai; print(getattr(medai, 'TROJAN', 'the course helpers'))",
        "import sys; print(sys.flags.isolated, sys.flags.no_user_site)",
    )
    (source / "medai.py").unlink()
    (work / "ipykernel_launcher.py").unlink()
    assert report.outcome == execute.Outcome.EXECUTED, report
    assert outputs[0].strip() == "['medai.py'] False False"
    assert outputs[1].strip() == "the course helpers"
    assert outputs[2].split() == ["1", "1"]


def test_the_run_folder_is_a_bounded_ram_disk_gone_after_the_kernel(course: Path) -> None:
    code = (
        "import os\nfrom ipykernel import get_connection_file\n"
        "_run = os.path.dirname(get_connection_file())\nprint(_run)\n"
        "try:\n    for _i in range(200):\n"
        "        open(os.path.join(_run, f'f{_i}'), 'wb').write(bytes(2**20))\n"
        "    print('filled')\nexcept OSError as _exc:\n    print('full', _exc.errno, _i)"
    )
    report, outputs = run(course, code)
    assert report.outcome == execute.Outcome.EXECUTED, report
    folder, verdict = outputs[0].strip().split("\n")
    full, errno, written = verdict.split()
    assert (full, errno) == ("full", "28") and int(written) <= sandbox.RUN_FOLDER_MB
    assert not Path(folder).exists()  # unmounted and removed with the kernel


def test_large_inputs_reach_the_students_function_even_with_a_full_run_folder(
    course: Path,
) -> None:
    # The checker hands a large input over in a file of the run folder; a student who fills
    # that folder only sends it back to the slower way, in the code.
    fill = (
        "import os\nfrom ipykernel import get_connection_file\n"
        "_run = os.path.dirname(get_connection_file())\n"
        "try:\n    for _i in range(200):\n"
        "        open(os.path.join(_run, f'f{_i}'), 'wb').write(bytes(2**20))\n"
        "except OSError:\n    pass\n"
        "def total(values):\n    return sum(values)"
    )
    test = (
        "_values = list(range(50_000))  # well over the size sent in the code\n"
        "assert total(_values) == sum(_values), 'total is wrong'"
    )
    report, _ = run(course, fill, ac.grade_cell(test, "test-total", 1))
    assert report.outcome == execute.Outcome.EXECUTED, report
    assert report.verdicts["test-total"].passed, report.verdicts


def test_the_machines_accounts_are_not_listed(course: Path) -> None:
    report, outputs = run(course, "print(open('/etc/passwd').read())")
    assert report.outcome == execute.Outcome.EXECUTED
    names = [line.split(":")[0] for line in outputs[0].strip().splitlines()]
    assert names == ["root", "student"]


def test_no_network_not_even_the_graders_loopback(course: Path) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(15)
    port = server.getsockname()[1]
    accepted: list[object] = []

    def accept() -> None:
        with contextlib.suppress(OSError):
            accepted.append(server.accept())

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    code = (
        "import socket\nresults = []\n"
        f"for host in [('127.0.0.1', {port}), ('1.1.1.1', 80), ('pypi.org', 443)]:\n"
        "    try:\n        socket.create_connection(host, timeout=3)\n"
        "        results.append('connected')\n"
        "    except OSError as exc:\n        results.append(type(exc).__name__)\n"
        "print(results)"
    )
    report, outputs = run(course, code)
    server.close()
    thread.join(timeout=5)
    assert report.outcome == execute.Outcome.EXECUTED
    assert outputs[0].strip() == "['ConnectionRefusedError', 'OSError', 'gaierror']"
    assert accepted == []


def test_environment_is_cleared_and_blas_single_threaded(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRADER_SECRET_TOKEN", SECRET)
    report, outputs = run(
        course,
        "import os; print(sorted(os.environ))",
        "import os; print(os.environ['OMP_NUM_THREADS'], os.environ['OPENBLAS_NUM_THREADS'])",
    )
    assert report.outcome == execute.Outcome.EXECUTED
    assert "GRADER_SECRET_TOKEN" not in outputs[0]
    assert outputs[1].split() == ["1", "1"]


def test_memory_bomb_fails_with_memory_error(course: Path) -> None:
    report, outputs = run(
        course,
        "blocks = []\nwhile True:\n    blocks.append(bytearray(50 * 2**20))",
        "del blocks\nprint('still alive')",
        memory_mb=1024,
    )
    assert report.outcome == execute.Outcome.EXECUTED
    assert "MemoryError" in outputs[0] and "still alive" in outputs[1]


def test_fork_bomb_stops_at_the_process_limit_and_leaves_nothing(course: Path) -> None:
    code = (
        "import os, time\nchildren = 0\ntry:\n    while True:\n"
        "        if os.fork() == 0:\n            time.sleep(600)\n            os._exit(0)\n"
        "        children += 1\nexcept OSError as exc:\n"
        "    print('stopped after', children, type(exc).__name__)"
    )
    report, outputs = run(course, code, processes=40)
    assert report.outcome == execute.Outcome.EXECUTED
    stopped = outputs[0].split()
    assert stopped[0] == "stopped" and int(stopped[2]) < 40
    assert sandbox_processes() == []  # the sleeping children died with the sandbox


def test_cpu_time_limit_kills_the_kernel(course: Path) -> None:
    report, _ = run(course, "while True:\n    pass", cpu_seconds=3)
    assert report.outcome == execute.Outcome.KERNEL_DIED


def test_file_size_limit(course: Path) -> None:
    code = (
        "try:\n    open('big.bin', 'wb').write(bytes(3 * 2**20))\n    print('written')\n"
        "except OSError as exc:\n    print(type(exc).__name__, exc.errno)"
    )
    report, outputs = run(course, code, file_mb=1)
    assert report.outcome == execute.Outcome.EXECUTED
    assert outputs[0].split() == ["OSError", "27"]  # EFBIG


def test_wall_time_per_notebook(course: Path) -> None:
    cells = ["import time; time.sleep(3)"] * 4
    report, _ = run(course, *cells, notebook_seconds=5)
    assert report.outcome == execute.Outcome.NOTEBOOK_TIMEOUT
    assert report.seconds < 15
    assert sandbox_processes() == []


def test_output_is_capped_and_the_kernel_stopped(course: Path) -> None:
    report, _ = run(course, "while True:\n    print('x' * 10**5)", output_cell_kb=512)
    assert report.outcome == execute.Outcome.OUTPUT_LIMIT
    assert report.output_cell == "cell 0"
    assert sandbox_processes() == []


def test_widget_state_counts_as_output(course: Path) -> None:
    flood = "import ipywidgets\n_box = ipywidgets.Text()\nfor _i in range(2000):\n"
    flood += "    _box.value = str(_i) * 5000"
    report, _ = run(course, flood, output_cell_kb=512)
    assert report.outcome == execute.Outcome.OUTPUT_LIMIT
    assert sandbox_processes() == []


def test_binary_widget_buffers_count_as_output(course: Path) -> None:
    flood = "import ipywidgets\n_box = ipywidgets.Text()\nfor _i in range(200):\n"
    flood += "    _box.send({'i': _i}, buffers=[bytes(2**20)])"
    report, _ = run(course, flood, output_cell_kb=4096, output_notebook_kb=8192)
    assert report.outcome == execute.Outcome.OUTPUT_LIMIT
    assert sandbox_processes() == []


def test_no_single_message_is_read_whole_past_the_limit(course: Path) -> None:
    # One print larger than any message the grader reads: it is never received (the grader's
    # memory stays bounded), and the notebook stops as one whose output was too large.
    big = execute.MAX_MESSAGE_BYTES + 2**20
    report, outputs = run(
        course,
        f"print('x' * {big})",
        "print('after')",
        output_cell_kb=2**20,
        output_notebook_kb=2**20,
    )
    assert report.outcome == execute.Outcome.OUTPUT_LIMIT, report
    assert report.output_cell == "cell 0"
    assert sandbox_processes() == []


def test_a_silenced_traceback_still_fails_the_cell(course: Path) -> None:
    report, outputs = run(
        course,
        "get_ipython().showtraceback = lambda *a, **k: None",
        "assert False, 'this test fails'",
    )
    assert report.outcome == execute.Outcome.EXECUTED
    assert report.silenced_cells == ["cell 1"]
    assert "AssertionError" in outputs[1]


def test_grade_refuses_without_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "BWRAP", "bwrap-not-installed")
    with pytest.raises(errors.AutograderError) as exc:
        sandbox.check_available()
    assert str(exc.value) == errors.SANDBOX_UNAVAILABLE.format(reason="bwrap is not installed")
    assert "--no-sandbox" in str(exc.value)


def test_grade_command_refuses_without_sandbox_unless_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from autograder_course import tiny_assignment

    from autograder import cli

    course = tiny_assignment(tmp_path / "course")
    monkeypatch.setattr(sandbox, "BWRAP", "bwrap-not-installed")
    assert cli.main(["release", "demo", "--course-dir", str(course)]) == 0
    folder = course / "submitted" / "ann" / "demo"
    folder.mkdir(parents=True)
    (folder / "demo.ipynb").write_bytes((course / "release" / "demo" / "demo.ipynb").read_bytes())
    capsys.readouterr()
    assert cli.main(["grade", "demo", "--course-dir", str(course)]) == cli.EXIT_CANNOT_RUN
    refused = capsys.readouterr().err
    assert errors.SANDBOX_UNAVAILABLE.format(reason="bwrap is not installed") in refused
    assert not (course / "autograded" / "ann").exists()  # nothing ran
    assert cli.main(["grade", "demo", "--course-dir", str(course), "--no-sandbox"]) == 0
    assert "ann: graded" in capsys.readouterr().out


def test_sandbox_uids_that_are_accounts_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    owner = {sandbox.SANDBOX_UID_BASE + 1: "alice"}
    monkeypatch.setattr(sandbox, "account_of", owner.get)
    with pytest.raises(errors.AutograderError, match=r"uid\(s\) 61001 \(alice\) belong"):
        sandbox.check_available(uids=3)
    sandbox.check_available(uids=1)  # 61000 alone is free


def test_sandbox_is_available_here() -> None:
    sandbox.check_available()  # CI installs bubblewrap and runs as root


def test_a_sandbox_that_imports_other_helpers_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # e.g. an editable install of another checkout of the course: every answer would fail
    import medai

    monkeypatch.setattr(medai, "__file__", "/elsewhere/medai/__init__.py")
    with pytest.raises(errors.AutograderError) as exc:
        sandbox.check_available()
    message = str(exc.value)
    assert message.startswith("The sandboxed kernel does not import the course helpers")
    assert "/elsewhere/medai/__init__.py" in message
    assert str(REPO_ROOT / "medai" / "__init__.py") in message


# --- warm kernels: one kernel server per worker, one fresh kernel per notebook ------------


def test_each_kernel_is_forked_warm_from_the_workers_server(course: Path) -> None:
    probe = (
        "import sys\nprint(all(name in sys.modules for name in "
        "('numpy', 'pandas', 'sklearn.metrics', 'medai.grading')))\n"
        "import numpy\nprint(numpy.random.randint(2**31))"
    )
    first, out_first = run(course, probe)
    server = warm_kernels._server
    second, out_second = run(course, probe)
    assert (first.outcome, second.outcome) == (execute.Outcome.EXECUTED,) * 2
    assert warm_kernels._server is server  # the same server, started once
    assert "numpy" in server.warmed and "medai.grading" in server.warmed
    # the libraries were already imported when the student's first cell ran...
    assert out_first[0].split()[0] == out_second[0].split()[0] == "True"
    # ... and each kernel's NumPy generator was seeded afresh, not inherited from the server
    assert out_first[0].split()[1] != out_second[0].split()[1]


def test_the_kernel_sees_only_its_own_processes_and_has_no_privilege(course: Path) -> None:
    code = (
        "import os, subprocess\n_child = subprocess.Popen(['sleep', '60'])\n"
        "print(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()), os.getpid())\n"
        "_status = dict(l.split(':', 1) for l in open('/proc/self/status'))\n"
        "print(_status['CapEff'].strip(), _status['CapPrm'].strip(), _status['NoNewPrivs'].strip())"
    )
    report, outputs = run(course, code)
    assert report.outcome == execute.Outcome.EXECUTED, report
    pids, caps = outputs[0].strip().split("\n")
    listed, own = pids.rsplit(" ", 1)
    # its namespace's process 1 (which ends with it), itself and its child: not the server
    assert own == "2" and listed.startswith("[1, 2, ") and len(listed.split(",")) == 3
    assert caps.split() == ["0000000000000000", "0000000000000000", "1"]
    assert sandbox_processes() == []  # its child died with it


def test_the_kernel_holds_no_channel_to_its_server(course: Path) -> None:
    # The server's orders travel on a SOCK_SEQPACKET socket: none is open in the kernel.
    code = (
        "import os, socket\n_types = []\nfor _fd in os.listdir('/proc/self/fd'):\n"
        "    try:\n        _s = socket.socket(fileno=int(_fd))\n"
        "        _types.append(_s.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE))\n"
        "        _s.detach()\n    except OSError:\n        pass\n"
        "print(socket.SOCK_SEQPACKET in _types, len(_types) > 0)"
    )
    report, outputs = run(course, code)
    assert report.outcome == execute.Outcome.EXECUTED, report
    assert outputs[0].split() == ["False", "True"]  # it has sockets (ZeroMQ's), not that one


LEAVE_TRACES = """
import ctypes, os, subprocess
for _folder in ['/tmp', '/dev/shm', '.']:
    open(os.path.join(_folder, 'left-by-alice'), 'w').write('answers of alice')
_libc = ctypes.CDLL('libc.so.6', use_errno=True)
print(_libc.shmget(0x5EC2E7, 4096, 0o1666) >= 0)  # a SysV segment, which outlives processes
_ = subprocess.Popen(['sleep', '300'], start_new_session=True)
"""
FIND_TRACES = """
import ctypes, os
print([os.path.exists(os.path.join(f, 'left-by-alice')) for f in ['/tmp', '/dev/shm', '.']])
_libc = ctypes.CDLL('libc.so.6', use_errno=True)
print(_libc.shmget(0x5EC2E7, 0, 0), ctypes.get_errno())
"""


def test_nothing_a_kernel_leaves_reaches_the_next(course: Path) -> None:
    first, outputs = run(course, LEAVE_TRACES)
    assert first.outcome == execute.Outcome.EXECUTED, first
    assert outputs[0].strip() == "True"
    assert sandbox_processes() == []  # its background process was killed with it
    second, outputs = run(course, FIND_TRACES)
    assert second.outcome == execute.Outcome.EXECUTED, second
    files, segment = outputs[0].strip().split("\n")
    assert files == "[False, False, False]"
    assert segment.split() == ["-1", "2"]  # ENOENT: the segment went with the first kernel


def test_a_dead_kernel_server_is_replaced(course: Path) -> None:
    run(course, "1")
    server = warm_kernels._server
    server.process.kill()
    server.process.wait()
    report, outputs = run(course, "print('graded anyway')")
    assert report.outcome == execute.Outcome.EXECUTED, report
    assert outputs[0].strip() == "graded anyway"
    assert warm_kernels._server is not server
    assert not server.rundir.exists()  # the dead server's run folder is gone


def test_a_kernel_server_that_cannot_start_fails_the_notebook_with_a_message(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warm_kernels.close_server()
    monkeypatch.setattr(warm_kernels.sys, "executable", "/usr/bin/no-such-python")
    report, _ = run(course, "1")
    assert report.outcome == execute.Outcome.FAILED
    assert report.reason.startswith(errors.KERNEL_SERVER_FAILED.split("{")[0])


def test_what_the_sandbox_binds_under_tmp_stays_visible_in_a_fresh_tmp(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A course checked out in /tmp (as CI does) has its environment bound under /tmp: each
    # kernel's new /tmp must still show it, read-only, and be writable itself.
    shared = tmp_path / "environment-in-tmp"
    shared.mkdir()
    (shared / "marker.txt").write_text("bound", encoding="utf-8")
    assert str(shared).startswith("/tmp/")
    bound = sandbox._python_paths()
    monkeypatch.setattr(sandbox, "_python_paths", lambda: [*bound, shared])
    warm_kernels.close_server()
    try:
        report, outputs = run(
            course,
            f"import os\nprint(open({str(shared / 'marker.txt')!r}).read(), "
            f"os.access('/tmp', os.W_OK), os.access({str(shared)!r}, os.W_OK))",
        )
    finally:
        warm_kernels.close_server()  # the next tests get a server without it
    assert report.outcome == execute.Outcome.EXECUTED, report
    assert outputs[0].split() == ["bound", "True", "False"]


def test_links_planted_in_the_run_folder_never_make_the_grader_write_a_file(
    course: Path,
) -> None:
    # The checker leaves large requests in a file of the kernel's run folder, under a name
    # a student can guess. Links planted under those names, pointing at the machine's files
    # (as the grader, root, sees them), must neither be written through nor change a mode.
    victim = course / "gradebook.db"
    mode = victim.stat().st_mode
    plant = (
        "import os\nfrom ipykernel import get_connection_file\n"
        "_run = os.path.dirname(get_connection_file())\n"
        "for _i in range(1, 20):\n"
        f"    os.symlink({str(victim)!r}, os.path.join(_run, f'request-{{_i}}.pickle'))\n"
        "def total(values):\n    return sum(values)"
    )
    test = (
        "_values = list(range(50_000))  # well over the size sent in the code\n"
        "assert total(_values) == sum(_values), 'total is wrong'"
    )
    report, _ = run(course, plant, ac.grade_cell(test, "test-total", 1))
    assert report.outcome == execute.Outcome.EXECUTED, report
    assert report.verdicts["test-total"].passed, report.verdicts  # the code carried it
    assert victim.read_text(encoding="utf-8") == SECRET
    assert victim.stat().st_mode == mode
