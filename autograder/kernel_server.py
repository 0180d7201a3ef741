"""The warm kernel server: a process in the sandbox that forks one fresh kernel per notebook.

A cold kernel spends most of a submission's cost before the student's first line runs:
starting Python and IPython, then importing NumPy, pandas, scikit-learn... This server pays
that once per grading worker. It runs inside the worker's bubblewrap sandbox (the same
read-only system, Python and ``medai``, no network, its own PID namespace, cleared
environment, single-threaded BLAS), imports the course's libraries, then waits for orders
from its worker on a socket. For each notebook it forks a child that:

1. takes a mount, an IPC and a PID namespace of its own, with fresh RAM disks for ``/tmp``,
   ``/dev/shm`` and its working folder (``/student/<assignment>``, holding the assignment's
   data files, bound read-only), so nothing one kernel writes is seen by the next, and it
   sees no process but its own and the namespace's process 1 (root, which reaps orphans
   and ends with the kernel, taking every process of the namespace with it);
2. keeps only the file descriptor of its log (the control socket is closed);
3. sets its rlimits (address space, processes, CPU time, file size, no core), drops to the
   unprivileged uid of the order (one per submission in flight, so ``RLIMIT_NPROC`` bounds
   each kernel on its own) with no groups, no capabilities and ``no_new_privs``;
4. reseeds NumPy's global generator (Python's ``random`` reseeds itself on fork);
5. becomes an IPython kernel on the connection file the worker wrote.

Before each kernel and when the worker asks, every process of the sandbox but the server and
bwrap's process 1 is killed (``kill(-1)``), so no student's process, file or IPC object
outlives their notebook. The server itself runs as root inside the sandbox, with only the
capabilities the steps above need; it never runs student code, reads nothing the kernels
can write, and holds nothing of a student (the orders carry a connection file's path and
limits, never a name).

This file runs in the sandbox, where the ``autograder`` package is not: it uses the
standard library only. Protocol: JSON messages on a ``SOCK_SEQPACKET`` socket, one reply
per order; ``start`` carries the log's file descriptor (``SCM_RIGHTS``).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import resource
import signal
import socket
import sys
import time
import traceback

#: what a notebook of the course imports; each is imported once here, before any fork
WARM_MODULES = (
    "ipykernel.kernelapp",
    "ipywidgets",
    "numpy",
    "pandas",
    "scipy.stats",
    "sklearn.linear_model",
    "sklearn.metrics",
    "sklearn.model_selection",
    "sklearn.pipeline",
    "sklearn.preprocessing",
    "fairlearn.metrics",
    "matplotlib.pyplot",
    "medai",
    "medai.datasets",
    "medai.evidence",
    "medai.grading",
    "medai.metrics",
    "medai.plots",
    "medai.tables",
)
#: largest order or reply, in bytes
MAX_MESSAGE = 64 * 1024
# Linux constants (<sched.h>, <sys/mount.h>, <sys/prctl.h>)
CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWPID = 0x00020000, 0x08000000, 0x20000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32
MS_BIND, MS_MOVE, MS_REC, MS_PRIVATE = 4096, 8192, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 1, 4, 38

_libc = ctypes.CDLL("libc.so.6", use_errno=True)


def _call(result: int, what: str) -> None:
    if result != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"{what}: {os.strerror(number)}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    _call(
        _libc.mount(
            source.encode() if source else None,
            target.encode(),
            fstype.encode() if fstype else None,
            flags,
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def _ram_disk(target: str, size_mb: int, mode: str) -> None:
    _mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size_mb}m,mode={mode}")


def _bind_read_only(source: str, target: str) -> None:
    if os.path.isdir(source):
        os.mkdir(target)
    else:
        open(target, "wb").close()  # noqa: SIM115 -- an empty mount point
    _mount(source, target, None, MS_BIND | MS_REC)
    _mount(None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _mounts_under(folder: str) -> list[str]:
    """The outermost mount points strictly under ``folder`` (moving one takes its own)."""
    points = []
    with open("/proc/self/mountinfo", encoding="utf-8") as table:
        for line in table:
            point = line.split()[4]
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), point)
            if point.startswith(folder.rstrip("/") + "/"):
                points.append(point)
    outermost: list[str] = []
    for point in sorted(set(points), key=len):
        if not any(point.startswith(kept + "/") for kept in outermost):
            outermost.append(point)
    return outermost


def _wait_status(pid: int) -> int:
    """Wait for a child; its exit status as a shell gives it (128 + N when killed by N)."""
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    return code if code >= 0 else 128 - code


def _reap_until(kernel: int) -> None:
    """Process 1 of a kernel's namespace: reap orphans until the kernel ends, then end too
    (and every process of the namespace with it)."""
    while True:
        pid, status = os.waitpid(-1, 0)
        if pid == kernel:
            code = os.waitstatus_to_exitcode(status)
            os._exit(code if code >= 0 else 128 - code)


class Server:
    """The orders of one worker: one kernel at a time, under one uid."""

    def __init__(self, control: socket.socket, settings: dict) -> None:
        self.control = control
        self.workdir = settings["workdir"]
        self.data_folder = settings["data_folder"]
        self.data_names = list(settings["data_names"])
        self.kernel: int | None = None
        self.returncode: int | None = None

    # --- the kernels --------------------------------------------------------------------
    def kill_all(self) -> None:
        """Kill every process of the sandbox but this server and bwrap's process 1: the
        kernel, what it started, and its namespace's process 1."""
        for _ in range(10_000):  # one forking while we kill is caught next round
            with contextlib.suppress(ProcessLookupError):  # none left to kill
                os.kill(-1, signal.SIGKILL)  # all but this process and process 1 (CAP_KILL)
            if self.kernel is not None:
                self._reap(block=True)
            if not self._left():
                return
            time.sleep(0.001)

    def _left(self) -> bool:
        """Whether a process other than this one and process 1 still runs."""
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) in (1, os.getpid()):
                continue
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                    state = stat.read().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                continue  # gone meanwhile
            if state not in ("Z", "X"):  # a zombie is dead, waiting for process 1
                return True
        return False

    def _reap(self, block: bool) -> None:
        assert self.kernel is not None
        try:
            pid, status = os.waitpid(self.kernel, 0 if block else os.WNOHANG)
        except ChildProcessError:
            pid, status = self.kernel, 0
        if pid == self.kernel:
            self.returncode = os.waitstatus_to_exitcode(status)  # -N when killed by N
            self.kernel = None

    def start(self, order: dict, log: int) -> dict:
        self.kill_all()
        self.returncode = None
        pid = os.fork()
        if pid == 0:
            try:
                self._become_kernel(order, log)
            except SystemExit as end:  # the kernel was asked to shut down
                os._exit(end.code if isinstance(end.code, int) else 0)
            except BaseException:  # noqa: BLE001 -- said on the log, then gone
                with contextlib.suppress(OSError):
                    os.write(2, traceback.format_exc().encode())
            os._exit(70)
        os.close(log)
        self.kernel = pid
        return {"pid": pid}

    def _become_kernel(self, order: dict, log: int) -> None:
        """In the forked child: isolate, limit, drop privileges, then run the kernel."""
        os.setsid()
        _call(_libc.unshare(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWPID), "unshare")
        _mount(None, "/", None, MS_REC | MS_PRIVATE)
        scratch = int(order["scratch_mb"])
        self._fresh_tmp(scratch)
        _ram_disk("/dev/shm", scratch, "1777")
        _ram_disk(self.workdir, scratch, "1777")
        for name in self.data_names:
            _bind_read_only(os.path.join(self.data_folder, name), os.path.join(self.workdir, name))
        _ram_disk(self.data_folder, 1, "0755")  # the staging copy is out of sight
        # the descriptors: the log on stdout and stderr, nothing else (not the control socket)
        uid = int(order["uid"])
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.closerange(3, 65536)
        _call(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "pdeathsig")
        init = os.fork()  # process 1 of the new PID namespace
        if init != 0:  # this one stays outside, root, and ends as the namespace ends
            os._exit(_wait_status(init))
        _call(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "pdeathsig")
        _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        kernel = os.fork()
        if kernel != 0:  # process 1 stays root (out of the kernel's reach) and reaps
            _reap_until(kernel)
        os.chdir(self.workdir)
        mb = 2**20
        for limit, value in (
            (resource.RLIMIT_AS, int(order["memory_mb"]) * mb),
            (resource.RLIMIT_NPROC, int(order["processes"])),
            (resource.RLIMIT_CPU, int(order["cpu_seconds"])),
            (resource.RLIMIT_FSIZE, int(order["file_mb"]) * mb),
            (resource.RLIMIT_CORE, 0),
        ):
            resource.setrlimit(limit, (value, value))
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)  # and with it, every capability
        _call(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
        _call(_libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), "dumpable")  # its own /proc, as cold
        _call(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "pdeathsig")
        for name in ("SIGINT", "SIGTERM", "SIGCHLD"):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()
        from ipykernel.kernelapp import IPKernelApp

        sys.argv = ["ipykernel_launcher", "-f", order["connection_file"]]
        sys.argv.append("--IPKernelApp.ignore_cwd=True")
        IPKernelApp.launch_instance()
        os._exit(0)

    def _fresh_tmp(self, size_mb: int) -> None:
        """A new, empty RAM disk on /tmp that still shows what the sandbox binds under it (a
        virtual environment or a course checkout in /tmp): it is made on the working folder,
        those mounts are moved into it, then it is moved onto /tmp."""
        _ram_disk(self.workdir, size_mb, "1777")
        for point in _mounts_under("/tmp"):
            inside = os.path.join(self.workdir, os.path.relpath(point, "/tmp"))
            os.makedirs(os.path.dirname(inside), mode=0o755, exist_ok=True)
            if os.path.isdir(point):
                os.mkdir(inside)
            else:
                open(inside, "wb").close()  # noqa: SIM115 -- an empty mount point
            _mount(point, inside, None, MS_MOVE)
        _mount(self.workdir, "/tmp", None, MS_MOVE)

    # --- the orders ---------------------------------------------------------------------
    def answer(self, order: dict, fds: list[int]) -> dict:
        what = order.get("order")
        if what == "start" and len(fds) == 1:
            return self.start(order, fds[0])
        for descriptor in fds:
            os.close(descriptor)
        if what == "poll":
            if self.kernel is not None:
                self._reap(block=False)
            return {"returncode": self.returncode if self.kernel is None else None}
        if what == "kill":
            self.kill_all()
            return {"returncode": self.returncode}
        return {"error": f"unknown order {what!r}"}

    def serve(self) -> None:
        while True:
            message, fds, _flags, _address = socket.recv_fds(self.control, MAX_MESSAGE, 1)
            if not message:  # the worker is gone
                self.kill_all()
                return
            try:
                reply = self.answer(json.loads(message), fds)
            except Exception as exc:  # noqa: BLE001 -- the worker says it, with the cause
                reply = {"error": f"{type(exc).__name__}: {exc}"}
            self.control.send(json.dumps(reply).encode())


def warm_up() -> list[str]:
    """Import the course's libraries; the ones missing here are left to the notebooks."""
    warmed = []
    for name in WARM_MODULES:
        try:
            __import__(name)
        except Exception:  # noqa: BLE001, S112 -- a notebook importing it gets the error
            continue
        warmed.append(name)
    return warmed


def main() -> None:
    control = socket.socket(fileno=int(sys.argv[1]))
    settings = json.loads(sys.argv[2])
    try:
        server = Server(control, settings)
        warmed = warm_up()
    except Exception as exc:  # noqa: BLE001
        control.send(json.dumps({"error": f"{type(exc).__name__}: {exc}"}).encode())
        return
    control.send(json.dumps({"ready": warmed}).encode())
    server.serve()


if __name__ == "__main__":
    main()
