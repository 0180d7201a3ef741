"""Warm kernels: each grading worker's kernel server, and the kernel manager that uses it.

A worker starts one `KernelServer` (`kernel_server`, in the sandbox: the course's libraries
imported once) per assignment, and asks it for one fresh kernel per notebook, under the
sandbox uid of the submission. `SandboxedKernelManager` is jupyter_client's
``AsyncKernelManager`` with that launch: it writes the connection file in a run folder of
its own (``<run>/k<n>/``, given to the kernel's uid and removed with the kernel) and hands
nbclient a `WarmKernel`, which looks like the ``Popen`` of a local kernel (poll, wait, kill)
but asks the server. Killing a kernel kills every process of the sandbox but the server; the
next kernel starts only after.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

from . import errors, sandbox

#: seconds the server may take to import the course's libraries
READY_SECONDS = 300
#: seconds any other order may take (killing a kernel is milliseconds)
ORDER_SECONDS = 60


class KernelServer:
    """The client of one kernel server: start it, order kernels, stop it."""

    def __init__(self, source_folder: Path | None) -> None:
        self.source_folder = source_folder
        self.data = sandbox.data_entries(source_folder) if source_folder is not None else []
        name = source_folder.name if source_folder is not None else "assignment"
        self.workdir = str(sandbox.KERNEL_HOME / name)
        self.key = self.key_of(source_folder)
        self._lock = threading.Lock()
        self._count = 0
        base = sandbox.RUN_BASE if sandbox.RUN_BASE.is_dir() else None
        self.rundir = Path(tempfile.mkdtemp(prefix="autograder-kernels-", dir=base))
        self._mounted = sandbox.mount_ram_disk(self.rundir, sandbox.RUN_FOLDER_MB)
        os.chmod(self.rundir, 0o711)  # the kernels go through, to their own folder only
        sandbox.write_accounts(self.rundir, sandbox.SANDBOX_UID_BASE)  # each kernel's, later
        cache = Path.home() / ".cache" / "matplotlib"
        if cache.is_dir():  # saves building the font list in the server
            shutil.copytree(cache, self.rundir / "matplotlib")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        settings = {
            "workdir": self.workdir,
            "data_folder": sandbox.DATA_STAGE,
            "data_names": [path.name for path in self.data],
        }
        command = [
            *sandbox.server_command(self.rundir, self.workdir, self.data),
            sys.executable,
            "-I",
            sandbox.SERVER_SCRIPT,
            str(theirs.fileno()),
            json.dumps(settings),
        ]
        self.process = subprocess.Popen(
            command,
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        theirs.close()
        self.control = ours
        self.control.settimeout(READY_SECONDS)
        try:
            reply = self._receive()
        except (OSError, ValueError) as exc:
            self.close()
            raise errors.AutograderError(
                errors.KERNEL_SERVER_FAILED.format(reason=self._why(exc))
            ) from exc
        if "error" in reply:
            self.close()
            raise errors.AutograderError(errors.KERNEL_SERVER_FAILED.format(reason=reply["error"]))
        self.warmed: list[str] = reply["ready"]
        self.control.settimeout(ORDER_SECONDS)
        self.process.stderr.close()  # type: ignore[union-attr]

    @staticmethod
    def key_of(source_folder: Path | None) -> tuple:
        """What a server is made for: a changed set of data files needs a new one."""
        data = sandbox.data_entries(source_folder) if source_folder is not None else []
        stats = tuple((path.name, path.stat().st_dev, path.stat().st_ino) for path in data)
        return (str(source_folder), stats)

    def _why(self, exc: Exception) -> str:
        """The server's own words when it died before it was ready."""
        with contextlib.suppress(Exception):
            self.process.kill()
            _, err = self.process.communicate(timeout=5)
            if err.strip():
                return err.decode(errors="replace").strip().splitlines()[-1][:300]
        return f"{type(exc).__name__}: {exc}"[:300]

    def _receive(self) -> dict:
        message = self.control.recv(65536)
        if not message:
            raise ConnectionError("the kernel server stopped")
        return json.loads(message)

    def order(self, order: dict, fds: tuple[int, ...] = ()) -> dict:
        """Send one order and return the reply (thread-safe: the watchdog kills too)."""
        with self._lock:
            socket.send_fds(self.control, [json.dumps(order).encode()], list(fds))
            reply = self._receive()
        if "error" in reply:
            raise RuntimeError(f"kernel server: {reply['error']}")
        return reply

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def new_run_folder(self, uid: int) -> Path:
        """A folder of the run folder for one kernel, given to the kernel's uid."""
        self._count += 1
        folder = self.rundir / f"k{self._count}"
        folder.mkdir(mode=0o700)
        os.chown(folder, uid, uid)
        return folder

    def start(self, connection_file: Path, limits: sandbox.Limits, uid: int) -> WarmKernel:
        """A fresh kernel under ``uid`` on this connection file, its output on our stdout."""
        sandbox.write_accounts(self.rundir, uid)  # in place: the sandbox's /etc/passwd
        fields = ("memory_mb", "processes", "cpu_seconds", "file_mb", "scratch_mb")
        order = {"order": "start", "connection_file": str(connection_file), "uid": uid}
        order |= {name: getattr(limits, name) for name in fields}
        sys.stdout.flush()
        reply = self.order(order, (1,))
        return WarmKernel(self, reply["pid"])

    def close(self) -> None:
        """Stop the server (its kernels die with it) and remove the run folder."""
        with contextlib.suppress(OSError):
            self.control.close()
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        if self._mounted:
            sandbox.unmount(self.rundir)
        shutil.rmtree(self.rundir, ignore_errors=True)


class WarmKernel:
    """A kernel of the server, as nbclient and jupyter_client use a ``Popen``."""

    stdin = stdout = stderr = None

    def __init__(self, server: KernelServer, pid: int) -> None:
        self.server = server
        self.pid = pid  # in the sandbox's PID namespace: only the server may signal it
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                self.returncode = self.server.order({"order": "poll"})["returncode"]
            except (OSError, RuntimeError, ValueError):
                self.returncode = -signal.SIGKILL  # the server is gone, and its kernels
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("kernel", timeout or 0)
            time.sleep(0.05)
        assert self.returncode is not None
        return self.returncode

    def kill(self) -> None:
        """Kill the kernel and every process it started."""
        if self.returncode is None:
            try:
                code = self.server.order({"order": "kill"})["returncode"]
            except (OSError, RuntimeError, ValueError):
                code = None
            self.returncode = code if code is not None else -signal.SIGKILL

    terminate = kill

    def send_signal(self, signum: int) -> None:
        """Only a kill is ever sent (interrupts go as messages)."""
        self.kill()


_server: KernelServer | None = None


def server_for(source_folder: Path | None) -> KernelServer:
    """This process's kernel server for an assignment (started when needed)."""
    global _server
    if _server is not None and (
        _server.key != KernelServer.key_of(source_folder) or not _server.alive
    ):
        close_server()
    if _server is None:
        _server = KernelServer(source_folder)
    return _server


@atexit.register
def close_server() -> None:
    """Stop this process's kernel server (also done by its sandbox if this process dies)."""
    global _server
    if _server is not None:
        _server.close()
        _server = None


class SandboxedKernelManager(AsyncKernelManager):
    """An AsyncKernelManager whose kernels come from the worker's kernel server."""

    server: KernelServer | None = None
    limits: sandbox.Limits = sandbox.Limits()
    uid: int = sandbox.SANDBOX_UID_BASE
    _rundir: Path | None = None

    @property
    def run_folder(self) -> Path | None:
        """The kernel's private run folder (on a RAM disk it can read), while it runs."""
        return self._rundir

    async def _async_pre_start_kernel(self, **kw):
        assert self.server is not None, "a kernel server is needed"
        self._rundir = self.server.new_run_folder(self.uid)
        self.transport = "ipc"
        self.ip = str(self._rundir / "kernel")
        self.connection_file = str(self._rundir / "kernel.json")
        kw.pop("env", None)  # the sandbox sets its own, minimal environment
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        os.chown(self.connection_file, self.uid, self.uid)
        assert self.kernel_spec is not None
        self.kernel_spec.interrupt_mode = "message"  # no signal reaches into the sandbox
        return kernel_cmd, kw

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        assert self.server is not None and self.provisioner is not None
        kernel = self.server.start(Path(self.connection_file), self.limits, self.uid)
        provisioner = self.provisioner
        provisioner.process = kernel  # type: ignore[attr-defined]
        provisioner.pid = kernel.pid  # type: ignore[attr-defined]
        provisioner.pgid = None  # type: ignore[attr-defined]
        self._reconcile_connection_info(provisioner.connection_info)  # type: ignore[attr-defined]

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self._rundir is not None:
            assert self.server is not None
            with contextlib.suppress(OSError, RuntimeError, ValueError):
                self.server.order({"order": "kill"})  # nothing of the kernel's uid is left
            shutil.rmtree(self._rundir, ignore_errors=True)
            self._rundir = None

    cleanup_resources = _async_cleanup_resources  # what nbclient calls
