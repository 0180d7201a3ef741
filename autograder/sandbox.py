"""Run students' kernels inside a bubblewrap sandbox; the grader keeps its own rights.

Only the Jupyter kernels are sandboxed. Each grading worker runs one kernel server
(`kernel_server`, started by `warm_kernels`) as::

    bwrap <namespaces, minimal filesystem, four capabilities> python -I kernel_server.py ...

and the server forks one fresh kernel per notebook. What a kernel sees and may do:

- new PID, network, IPC and UTS namespaces for the server's sandbox (no network interface
  but loopback, no process of the machine), and mount, IPC and PID namespaces of its own
  (no process but its own and its namespace's process 1);
- read-only: ``/usr`` (and the ``/bin``, ``/lib`` links), a few files of ``/etc`` (with an
  account list of its own: root and the kernel's uid, not the machine's users), the Python
  install, the virtual environment and the course helpers package (``medai``, bound from its
  own folder: never the course folder, which holds the solutions and the gradebook);
- writable, and bounded in size (``Limits.scratch_mb``): its own new RAM disks for ``/tmp``
  (also ``HOME``), ``/dev/shm`` and the working folder ``/student/<assignment>``, which holds
  only the assignment's data files, each bound read-only from the instructor's source folder
  (never a file the student sent: an extra file in a submission never reaches the kernel);
  what the kernel writes there is gone when it stops, and the working copy on disk, where
  the grader writes the executed notebook, is out of its reach. A private run folder holds
  the kernel's ZeroMQ sockets (``ipc`` transport, since TCP to the grader's loopback is gone
  with the network namespace): a folder of the worker's RAM disk of ``RUN_FOLDER_MB``
  (mounted in the worker's own mount namespace when it has one), removed after the kernel;
- Python starts isolated (``-I``: no working folder, user site or ``PYTHON*`` variables on
  its path) and IPython does not add the working folder to ``sys.path`` either, so no file
  in the working folder can stand in for a module;
- it runs as an unprivileged uid with no capabilities and ``no_new_privs``, under rlimits on
  address space, processes, CPU time and file size; its environment is cleared;
- single-threaded BLAS, so parallel workers do not fight over the cores.

Wall time per notebook and the size of the output are enforced by the grader (`execute`).
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import errors

BWRAP = "bwrap"
#: what the kernel server keeps of root's rights inside the sandbox: mounting each kernel's
#: RAM disks (SYS_ADMIN), giving it the unprivileged uid (SETUID, SETGID) and killing it
#: with all it started (KILL)
SERVER_CAPABILITIES = ("CAP_SYS_ADMIN", "CAP_SETUID", "CAP_SETGID", "CAP_KILL")
#: where the kernels' working folders are, inside the sandbox: ``/student/<assignment>``
KERNEL_HOME = Path("/student")
#: where the assignment's data files wait, inside the sandbox, to be bound into each kernel
DATA_STAGE = "/run/assignment-data"
#: where the kernel server's code is, inside the sandbox
SERVER_SCRIPT = "/run/kernel_server.py"
#: size of the kernel server's own /tmp (each kernel gets a fresh one of ``scratch_mb``)
SERVER_SCRATCH_MB = 64
#: where the workers' run folders are made: not under /tmp, which each kernel gets fresh
RUN_BASE = Path("/run")
#: first uid of the sandboxed kernels; a batch uses one uid per worker so that
#: RLIMIT_NPROC (counted per real uid) bounds each kernel on its own
SANDBOX_UID_BASE = 61000
#: files of /etc a Python kernel may need (names, time zone, shared libraries)
ETC_FILES = (
    "/etc/nsswitch.conf",
    "/etc/localtime",
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/alternatives",
    "/etc/fonts",
    "/etc/mime.types",
)
#: size of the RAM disk that holds a kernel's sockets and settings
RUN_FOLDER_MB = 64
# Linux constants (<sys/mount.h>, <sched.h>)
_CLONE_NEWNS = 0x00020000
_MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 2, 4, 8
_MS_REC, _MS_PRIVATE = 16384, 1 << 18
_MNT_DETACH = 2
#: threads of numerical libraries: one, so that N workers use N cores
SINGLE_THREAD_ENV = {
    name: "1"
    for name in (
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "NUMEXPR_NUM_THREADS",
        "VECLIB_MAXIMUM_THREADS",
        "BLIS_NUM_THREADS",
    )
}


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed kernel (one notebook).

    Attributes
    ----------
    memory_mb
        Address space of each process (RLIMIT_AS): an allocation beyond it fails with
        ``MemoryError``.
    processes
        Processes and threads of the sandbox uid (RLIMIT_NPROC): a fork bomb stops there.
    cpu_seconds
        CPU time of each process (RLIMIT_CPU): the kernel is killed beyond it.
    file_mb
        Largest file the kernel may write (RLIMIT_FSIZE).
    notebook_seconds
        Wall time of a whole notebook: the grader kills the kernel beyond it.
    output_cell_kb, output_notebook_kb
        Output the grader accepts from one cell and from the whole notebook; beyond it, the
        kernel is killed and the output is dropped.
    scratch_mb
        Size of each RAM disk the kernel may write to (``/tmp``, ``/dev/shm`` and the working
        folder): beyond it, writes fail with "No space left on device".
    """

    memory_mb: int = 3072
    processes: int = 64
    cpu_seconds: int = 600
    file_mb: int = 64
    notebook_seconds: int = 600
    output_cell_kb: int = 2048
    output_notebook_kb: int = 8192
    scratch_mb: int = 512


def limits_from_config(config) -> Limits:
    """Read ``c.Sandbox.<field>`` of a traitlets config (``nbgrader_config.py``)."""
    section = config.get("Sandbox", {}) if config is not None else {}
    fields = Limits.__dataclass_fields__
    return Limits(**{k: int(v) for k, v in dict(section).items() if k in fields})


def _python_paths() -> list[Path]:
    """The Python install, the virtual environment and the course helpers package."""
    paths = {Path(sys.base_prefix).resolve(), Path(sys.prefix)}
    spec = importlib.util.find_spec("medai")
    if spec is not None and spec.submodule_search_locations:
        paths.add(Path(next(iter(spec.submodule_search_locations))).resolve())
    return sorted(paths)


def data_entries(source: Path) -> list[Path]:
    """The assignment's data files and folders, which the kernel may read but never change.

    Everything at the top of the instructor's source folder but the notebooks and hidden
    files. Each is bound read-only at the same name in the kernel's working folder (a mount
    point can be neither written, deleted nor renamed, and a bound folder takes its whole
    content with it). Links are never followed.
    """
    return sorted(
        path
        for path in source.iterdir()
        if not path.is_symlink()
        and (path.is_dir() or path.is_file())
        and path.suffix != ".ipynb"
        and not path.name.startswith(".")
    )


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL("libc.so.6", use_errno=True)


_private_mounts = False


def private_mount_namespace() -> bool:
    """Give this process a mount namespace of its own (a grading worker, as root).

    The RAM disks mounted for kernels are then invisible to the rest of the machine, and go
    with the worker whatever way it ends. False when that is not possible here.
    """
    global _private_mounts
    if _private_mounts:
        return True
    if os.geteuid() != 0:
        return False
    libc = _libc()
    if libc.unshare(_CLONE_NEWNS) != 0:
        return False
    if libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None) != 0:
        return False
    _private_mounts = True
    return True


def mount_ram_disk(folder: Path, size_mb: int) -> bool:
    """Mount a RAM disk of ``size_mb`` on ``folder`` (root only); False if it failed."""
    if os.geteuid() != 0:
        return False
    options = f"size={size_mb}m,mode=0700".encode()
    flags = _MS_NOSUID | _MS_NODEV | _MS_NOEXEC
    return _libc().mount(b"tmpfs", str(folder).encode(), b"tmpfs", flags, options) == 0


def unmount(folder: Path) -> None:
    """Detach the RAM disk on ``folder``: what it held is gone at once, however deep."""
    _libc().umount2(str(folder).encode(), _MNT_DETACH)


def write_accounts(rundir: Path, uid: int) -> None:
    """``passwd`` and ``group`` files naming only root and the kernel's uid (for /etc)."""
    (rundir / "passwd").write_text(
        f"root:x:0:0:root:/root:/usr/sbin/nologin\nstudent:x:{uid}:{uid}:student:/tmp:"
        "/usr/sbin/nologin\n",
        encoding="utf-8",
    )
    (rundir / "group").write_text(f"root:x:0:\nstudent:x:{uid}:\n", encoding="utf-8")


def server_command(rundir: Path, workdir: str, data: Sequence[Path] = ()) -> list[str]:
    """The command prefix that runs the worker's kernel server (`kernel_server`) in the sandbox.

    Parameters
    ----------
    rundir
        The worker's run folder (a RAM disk): the kernels' connection files and sockets, and
        the ``passwd`` and ``group`` files the sandbox shows (`write_accounts`).
    workdir
        The kernels' working folder inside the sandbox (``/student/<assignment>``); each
        kernel gets a fresh RAM disk there.
    data
        The assignment's data files and folders (`data_entries`), bound read-only at
        `DATA_STAGE`, from where each kernel binds them into its working folder.

    Returns
    -------
    list of str
        Append the program and its arguments. It runs as root inside the sandbox, with the
        capabilities the server needs to set up each kernel (mounts, uid) and no others.
    """
    args = [
        BWRAP,
        "--unshare-net",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
        "--clearenv",
        "--cap-drop",
        "ALL",
    ]
    for capability in SERVER_CAPABILITIES:
        args += ["--cap-add", capability]
    args += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib64", "lib32"):
        target = Path("/") / name
        if target.is_symlink():
            args += ["--symlink", os.readlink(target), str(target)]
        elif target.is_dir():
            args += ["--ro-bind", str(target), str(target)]
    args += ["--proc", "/proc", "--dev", "/dev"]
    args += ["--size", str(SERVER_SCRATCH_MB * 2**20), "--perms", "1777", "--tmpfs", "/tmp"]
    args += ["--perms", "1777", "--dir", "/dev/shm"]
    args += ["--perms", "0755", "--dir", "/etc"]  # else it takes the mode of rundir (0700)
    for path in ETC_FILES:
        args += ["--ro-bind-try", path, path]
    for name in ("passwd", "group"):  # not the machine's accounts
        args += ["--ro-bind-try", str(Path(rundir) / name), f"/etc/{name}"]
    binds = _python_paths()
    # bwrap copies the mode of a bound folder's parents (e.g. /root is 0700): open them up
    bound = [*binds, Path(rundir), Path(workdir), Path(DATA_STAGE)]
    parents = sorted({p for path in bound for p in path.parents if p != Path("/")}, key=str)
    for parent in parents:
        if str(parent) not in ("/tmp", "/usr"):
            args += ["--perms", "0755", "--dir", str(parent)]
    for path in binds:
        args += ["--ro-bind", str(path), str(path)]
    args += ["--bind", str(rundir), str(rundir)]
    args += ["--perms", "0755", "--dir", str(workdir), "--perms", "0755", "--dir", DATA_STAGE]
    for path in data:
        args += ["--ro-bind", str(path), f"{DATA_STAGE}/{path.name}"]
    args += ["--ro-bind", str(Path(__file__).with_name("kernel_server.py")), SERVER_SCRIPT]
    args += ["--chdir", "/"]
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": "/tmp",
        "LANG": "C.UTF-8",
        "MPLBACKEND": "agg",
        "MPLCONFIGDIR": str(rundir / "matplotlib"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "NBGRADER_EXECUTION": "autograde",
        **SINGLE_THREAD_ENV,
    }
    for key, value in env.items():
        args += ["--setenv", key, value]
    return args


def account_of(uid: int) -> str | None:
    """The name of the machine's account with this uid, if there is one."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return None


def check_available(uids: int = 1) -> None:
    """Raise `AutograderError` (``SANDBOX_UNAVAILABLE``) unless a sandbox can start here.

    Parameters
    ----------
    uids
        How many sandbox uids the batch uses (from `SANDBOX_UID_BASE`): none may be the uid
        of an account of the machine, whose files student code could then reach.
    """
    reason = None
    taken = [
        f"{uid} ({name})"
        for uid in range(SANDBOX_UID_BASE, SANDBOX_UID_BASE + uids)
        if (name := account_of(uid)) is not None
    ]
    if taken:
        reason = (
            f"the sandbox uid(s) {', '.join(taken)} belong to accounts of this machine, whose "
            "files student code could reach; grade on a machine where they are free"
        )
    elif os.geteuid() != 0:
        reason = "the grader must run as root to start kernels under another uid"
    elif shutil.which(BWRAP) is None:
        reason = "bwrap is not installed"
    else:
        with tempfile.TemporaryDirectory(prefix="autograder-check-") as tmp:
            work = Path(tmp)
            write_accounts(work, SANDBOX_UID_BASE)
            probe = [*server_command(work, "/student/probe"), "/usr/bin/true"]
            try:
                done = subprocess.run(probe, capture_output=True, text=True, timeout=30)
            except (OSError, subprocess.TimeoutExpired) as exc:
                reason = str(exc)
            else:
                if done.returncode != 0:
                    reason = (done.stderr.strip() or f"exit status {done.returncode}")[:300]
            if reason is None:
                _check_helpers(work)
    if reason:
        raise errors.AutograderError(errors.SANDBOX_UNAVAILABLE.format(reason=reason))


def _check_helpers(work: Path) -> None:
    """Refuse unless a sandboxed Python imports the course helpers the grader imported.

    The kernel starts isolated (``-I``), so it finds ``medai`` only where the virtual
    environment says; when that is not the copy the grader uses (an editable install of
    another checkout of the course), every answer would fail for a reason that has nothing
    to do with the student.
    """
    import medai

    ours = str(Path(medai.__file__).resolve())
    code = "import medai, pathlib; print(pathlib.Path(medai.__file__).resolve())"
    command = [*server_command(work, "/student/probe"), sys.executable, "-I"]
    try:
        done = subprocess.run([*command, "-c", code], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        theirs = f"(the probe failed: {exc})"
    else:
        lines = done.stdout.strip().splitlines()
        error = done.stderr.strip().splitlines()
        theirs = lines[-1] if done.returncode == 0 and lines else (error or ["?"])[-1]
    if theirs != ours:
        raise errors.AutograderError(
            errors.SANDBOX_HELPERS_MISMATCH.format(grader=ours, kernel=theirs[:300])
        )
