"""A local JupyterHub for the course, with nbgrader's exchange, real accounts and a released
assignment: what ``hub/start.py`` sets up and ``hub/stop.py`` removes (tests/test_hub.py
drives it).

Everything lives in one folder, the hub's root (``/srv/medai-hub`` by default)::

    hub.json               settings: ports, accounts and passwords, admin token (root only)
    hub/                   JupyterHub's database, cookie secret, pid files and log (root only)
    exchange/              nbgrader's exchange (mode 0777, nbgrader's documented set-up)
    jupyter/common/        nbgrader_config.py: course id and exchange, for every user
    jupyter/students/      the instructor tools switched off (server extension, Lab plugins)

and in the home folders of the accounts it creates (an instructor and students, every name
starting with ``medai-``, each marked as created here so that ``stop`` never removes another
account). The instructor's course folder is ``~/ai-medicine``: the repository's
``nbgrader_config.py`` and the chosen ``assignments/<id>/``.
"""

from __future__ import annotations

import contextlib
import grp
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
HUB_DIR = Path(__file__).resolve().parent
VENV = REPO / ".venv"
PROXY_SCRIPT = REPO / "node_modules" / "configurable-http-proxy" / "bin" / "configurable-http-proxy"
DEFAULT_ROOT = Path("/srv/medai-hub")
#: every account this module creates or removes starts with it
PREFIX = "medai-"
#: written in the accounts' GECOS field: stop() removes only accounts that carry it
MARKER = "ai-medicine course hub (hub/start.py)"
COURSE_ID = "ai-medicine"
COURSE_FOLDER = "ai-medicine"
DEFAULT_ASSIGNMENTS = ("data_to_decision",)
FORMGRADER = "nbgrader.server_extensions.formgrader"
#: JupyterLab plugins of nbgrader that only instructors need (nbgrader 0.9.6)
INSTRUCTOR_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment")
START_SECONDS = 60


class HubError(RuntimeError):
    """The hub could not be set up; the message says why and what to do."""


@dataclass
class Settings:
    """What ``hub.json`` holds: read by jupyterhub_config.py, stop() and the tests."""

    root: str
    instructor: str
    students: list[str]
    assignments: list[str]
    port: int
    hub_port: int
    proxy_api_port: int
    admin_token: str
    passwords: dict[str, str]
    venv: str = str(VENV)
    proxy_script: str = str(PROXY_SCRIPT)
    hub_pid: int | None = None
    accounts_created: list[str] = field(default_factory=list)
    group_created: str | None = None
    #: folders given an ACL entry for the hub's group, with their mode before it
    traverse_granted: dict[str, int] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def users(self) -> list[str]:
        return [self.instructor, *self.students]

    @property
    def exchange(self) -> Path:
        return Path(self.root) / "exchange"

    @property
    def course(self) -> Path:
        return home(self.instructor) / COURSE_FOLDER

    @property
    def log(self) -> Path:
        return Path(self.root) / "hub" / "jupyterhub.log"

    def save(self) -> None:
        path = Path(self.root) / "hub.json"
        path.touch(mode=0o600)
        path.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")

    @classmethod
    def load(cls, root: Path) -> Settings:
        return cls(**json.loads((root / "hub.json").read_text(encoding="utf-8")))


# --- accounts ----------------------------------------------------------------------------------
def home(user: str) -> Path:
    return Path(pwd.getpwnam(user).pw_dir)


def account_exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
    except KeyError:
        return False
    return True


def created_here(user: str) -> bool:
    """True for an account this module created (its name and GECOS marker)."""
    try:
        entry = pwd.getpwnam(user)
    except KeyError:
        return False
    return user.startswith(PREFIX) and entry.pw_gecos == MARKER


def create_account(settings: Settings, user: str) -> None:
    """A local account with a private home folder (0700) and its password, recorded in
    ``hub.json`` as soon as it exists (so that `stop` removes it whatever fails next)."""
    useradd = ["useradd", "--create-home", "--user-group", "--shell", "/bin/bash"]
    run([*useradd, "--comment", MARKER, user])
    settings.accounts_created.append(user)
    settings.save()
    home(user).chmod(0o700)
    run(["chpasswd"], input=f"{user}:{settings.passwords[user]}\n")


def user_env(user: str, root: Path, teaching: bool) -> dict[str, str]:
    """The environment of ``user``'s JupyterLab terminal (see jupyterhub_config.py)."""
    folders = ["common"] if teaching else ["students", "common"]
    return {
        "HOME": str(home(user)),
        "USER": user,
        "LOGNAME": user,
        "LANG": "C.UTF-8",
        "PATH": f"{VENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "JUPYTER_CONFIG_PATH": os.pathsep.join(str(root / "jupyter" / f) for f in folders),
    }


def as_user(
    settings: Settings, user: str, command: list[str], cwd: Path | None = None, check: bool = True
) -> subprocess.CompletedProcess:
    """Run ``command`` as ``user`` with the environment of their JupyterLab terminal."""
    env = user_env(user, Path(settings.root), teaching=user == settings.instructor)
    wrapped = ["runuser", "-u", user, "--", "env", "-i"]
    wrapped += [f"{key}={value}" for key, value in env.items()] + command
    return run(wrapped, cwd=cwd or home(user), check=check)


def run(
    command: list[str], cwd: Path | None = None, check: bool = True, input: str | None = None
) -> subprocess.CompletedProcess:
    result = subprocess.run(
        command, cwd=cwd, input=input, capture_output=True, text=True, check=False
    )
    if check and result.returncode != 0:
        raise HubError(
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}"
        )
    return result


# --- a Python the users can run -----------------------------------------------------------
# The users' servers run the course's Python. Where it is installed under a folder other
# users cannot enter (pyenv under /root on the course's CI machines), the hub's accounts get
# the right to pass through those folders, and nothing else, while the hub runs: an ACL entry
# "group medai-hub: --x", as `setfacl -m g:medai-hub:x DIR` would write (Linux's
# system.posix_acl_access format, so that no acl package is needed).
_ACL_VERSION = 2
_ACL_USER_OBJ, _ACL_GROUP_OBJ, _ACL_GROUP, _ACL_MASK, _ACL_OTHER = 0x01, 0x04, 0x08, 0x10, 0x20
_ACL_UNDEFINED_ID = 0xFFFFFFFF
_ACL_XATTR = "system.posix_acl_access"


def closed_folders(path: Path) -> list[Path]:
    """The folders on the way to ``path`` that other users cannot pass through."""
    resolved = path.resolve()
    return [p for p in reversed(resolved.parents) if not p.stat().st_mode & 0o001]


def grant_traverse(folder: Path, gid: int) -> int:
    """Give group ``gid`` the right to pass through ``folder``; return the mode before."""
    if _ACL_XATTR in os.listxattr(folder):
        raise HubError(f"{folder} has an ACL already: give the hub's users access by hand")
    mode = folder.stat().st_mode & 0o7777
    owner, group, other = (mode >> 6) & 7, (mode >> 3) & 7, mode & 7
    entries = [
        (_ACL_USER_OBJ, owner, _ACL_UNDEFINED_ID),
        (_ACL_GROUP_OBJ, group, _ACL_UNDEFINED_ID),
        (_ACL_GROUP, 1, gid),
        (_ACL_MASK, group | 1, _ACL_UNDEFINED_ID),
        (_ACL_OTHER, other, _ACL_UNDEFINED_ID),
    ]
    value = struct.pack("<I", _ACL_VERSION) + b"".join(struct.pack("<HHI", *e) for e in entries)
    os.setxattr(folder, _ACL_XATTR, value)
    return mode


def revoke_traverse(folder: Path, mode: int) -> None:
    with contextlib.suppress(OSError):
        os.removexattr(folder, _ACL_XATTR)
    with contextlib.suppress(OSError):
        folder.chmod(mode)


def open_python_to(settings: Settings, group: str) -> None:
    gid = grp.getgrnam(group).gr_gid
    for folder in closed_folders(VENV / "bin" / "python"):
        settings.traverse_granted[str(folder)] = grant_traverse(folder, gid)
        settings.save()


# --- the hub's folders --------------------------------------------------------------------------
def write_jupyter_config(root: Path) -> None:
    """The hub's Jupyter configuration folders (jupyterhub_config.py puts them on each user's
    JUPYTER_CONFIG_PATH, ahead of the environment's own settings)."""
    common = root / "jupyter" / "common"
    common.mkdir(parents=True)
    template = (HUB_DIR / "nbgrader_config.py").read_text(encoding="utf-8")
    default = '"/usr/local/share/nbgrader/exchange"'
    assert default in template, "hub/nbgrader_config.py must set Exchange.root to the default"
    (common / "nbgrader_config.py").write_text(
        template.replace(default, json.dumps(str(root / "exchange"))), encoding="utf-8"
    )
    students = root / "jupyter" / "students"
    (students / "jupyter_server_config.d").mkdir(parents=True)
    (students / "labconfig").mkdir()
    server = {"ServerApp": {"jpserver_extensions": {FORMGRADER: False}}}
    (students / "jupyter_server_config.d" / "ai-medicine-students.json").write_text(
        json.dumps(server, indent=2), encoding="utf-8"
    )
    lab = {
        "disabledExtensions": dict.fromkeys(INSTRUCTOR_PLUGINS, True),
        "lockedExtensions": dict.fromkeys(INSTRUCTOR_PLUGINS, True),
    }
    (students / "labconfig" / "page_config.json").write_text(
        json.dumps(lab, indent=2), encoding="utf-8"
    )
    for path in [root / "jupyter", *(root / "jupyter").rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def make_exchange(root: Path) -> None:
    exchange = root / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)  # "sudo chmod ugo+rw": every user may write (nbgrader's FAQ)


def make_course(settings: Settings) -> None:
    """The instructor's course folder, owned by the instructor, and their nbgrader config."""
    course = settings.course
    course.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", course / "nbgrader_config.py")
    for assignment in settings.assignments:
        shutil.copytree(REPO / "assignments" / assignment, course / "assignments" / assignment)
    config = home(settings.instructor) / ".jupyter"
    config.mkdir()
    (config / "nbgrader_config.py").write_text(
        f"c = get_config()  # noqa: F821\nc.CourseDirectory.root = {str(course)!r}\n",
        encoding="utf-8",
    )
    run(["chown", "-R", f"{settings.instructor}:", str(course), str(config)])


def as_root(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run a course command as root (the grading sandbox needs it), as `sudo` would."""
    env = {
        "PATH": f"{VENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": "/root",
    }
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise HubError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return result


def give_back(settings: Settings) -> None:
    """The files a root command wrote in the course folder, back to the instructor."""
    run(["chown", "-R", f"{settings.instructor}:", str(settings.course)])


def release(settings: Settings, checked: bool = True) -> None:
    """Release each assignment: the student version, then nbgrader's release to the exchange
    as the instructor. ``checked``: with the course's checks (`autograder release` grades the
    solution and the blank version in the sandbox, so as root); else nbgrader's
    ``generate_assignment`` alone (the same student version, unchecked)."""
    for assignment in settings.assignments:
        if checked:
            as_root(["python", "-m", "autograder", "release", assignment], cwd=settings.course)
            give_back(settings)
        else:
            as_user(
                settings,
                settings.instructor,
                ["nbgrader", "generate_assignment", assignment],
                cwd=settings.course,
            )
        as_user(
            settings,
            settings.instructor,
            ["nbgrader", "release_assignment", assignment],
            cwd=settings.course,
        )


# --- the hub process -----------------------------------------------------------------------------
def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def start_hub(settings: Settings) -> None:
    """Start JupyterHub (and its proxy) in the background; wait until its API answers."""
    state = Path(settings.root) / "hub"
    env = {
        "PATH": f"{VENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "MEDAI_HUB_ROOT": settings.root,
    }
    with settings.log.open("ab") as log:
        process = subprocess.Popen(
            [str(VENV / "bin" / "jupyterhub"), "-f", str(HUB_DIR / "jupyterhub_config.py")],
            cwd=state,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    settings.hub_pid = process.pid
    settings.save()
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HubError(f"JupyterHub stopped at start:\n{tail(settings.log)}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{settings.url}/hub/api/", timeout=2) as answer,
        ):
            if answer.status == 200:
                return
        time.sleep(0.5)
    raise HubError(f"JupyterHub did not answer in {START_SECONDS} s:\n{tail(settings.log)}")


def tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


# --- start and stop ------------------------------------------------------------------------------
def check_machine() -> None:
    if os.geteuid() != 0:
        raise HubError("run as root: the hub starts each user's server as that user")
    for tool in ("useradd", "userdel", "usermod", "groupadd", "groupdel", "chpasswd", "runuser"):
        if shutil.which(tool) is None:
            raise HubError(f"{tool} is missing (Debian's passwd and util-linux packages)")
    if not (VENV / "bin" / "jupyterhub").exists():
        raise HubError("JupyterHub is not in .venv: run `make setup` (requirements.txt)")
    if not PROXY_SCRIPT.exists():
        raise HubError("configurable-http-proxy is not in node_modules: run `make setup`")


def start(
    root: Path = DEFAULT_ROOT,
    assignments: tuple[str, ...] = DEFAULT_ASSIGNMENTS,
    students: int = 3,
    prefix: str = PREFIX,
    release_now: bool = True,
) -> Settings:
    """Set up the accounts, exchange and course, start the hub, release the assignments
    (unless ``release_now`` is False: then call `release` yourself).

    On failure everything already made is removed (`stop`) and `HubError` says why.
    """
    check_machine()
    if not prefix.startswith(PREFIX):
        raise HubError(f"account names must start with {PREFIX!r}")
    if (root / "hub.json").exists():
        raise HubError(f"{root} holds a hub already: stop it first (python hub/stop.py)")
    if root.exists():
        raise HubError(f"{root} exists: give the hub a new folder (--root)")
    for assignment in assignments:
        if not (REPO / "assignments" / assignment).is_dir():
            raise HubError(f"no assignment {assignment!r} in {REPO / 'assignments'}")
    instructor = f"{prefix}instructor"
    learners = [f"{prefix}student{k}" for k in range(1, students + 1)]
    taken = [u for u in [instructor, *learners] if account_exists(u)]
    if taken:
        raise HubError(f"accounts exist already: {', '.join(taken)} (python hub/stop.py?)")
    port, hub_port, proxy_api_port = free_ports(3)
    root.mkdir(mode=0o755, parents=True)
    root.chmod(0o755)  # every user reaches the exchange and the hub's configuration
    (root / "hub").mkdir(mode=0o700)
    settings = Settings(
        root=str(root),
        instructor=instructor,
        students=learners,
        assignments=list(assignments),
        port=port,
        hub_port=hub_port,
        proxy_api_port=proxy_api_port,
        admin_token=secrets.token_hex(32),
        passwords={u: secrets.token_urlsafe(12) for u in [instructor, *learners]},
    )
    settings.save()
    try:
        for user in settings.users:
            create_account(settings, user)
        group = f"{prefix}hub"
        run(["groupadd", group])
        settings.group_created = group
        settings.save()
        for user in settings.users:
            run(["usermod", "--append", "--groups", group, user])
        open_python_to(settings, group)
        make_exchange(root)
        write_jupyter_config(root)
        make_course(settings)
        start_hub(settings)
        if release_now:
            release(settings)
    except BaseException:
        stop(root)
        raise
    return settings


def stop(root: Path = DEFAULT_ROOT) -> list[str]:
    """Stop the hub and every process of its accounts, remove the accounts (with their home
    folders) and the hub's root. Safe to run twice; returns what it removed."""
    removed: list[str] = []
    if not (root / "hub.json").exists():
        return removed
    settings = Settings.load(root)
    if settings.hub_pid and psutil.pid_exists(settings.hub_pid):
        terminate([settings.hub_pid])  # the hub stops the users' servers and the proxy
    proxy_pid = root / "hub" / "proxy.pid"
    if proxy_pid.exists():
        with contextlib.suppress(ValueError):
            terminate([int(proxy_pid.read_text().strip())], only_cmdline="configurable-http-proxy")
    accounts = [u for u in settings.accounts_created if created_here(u)]
    uids = {pwd.getpwnam(u).pw_uid for u in accounts}
    terminate([p.pid for p in psutil.process_iter(["uids"]) if p.info["uids"].real in uids])
    for folder, mode in settings.traverse_granted.items():
        revoke_traverse(Path(folder), mode)
    for user in accounts:
        run(["userdel", "--remove", user], check=False)
        if not account_exists(user):
            removed.append(user)
    if settings.group_created and settings.group_created.startswith(PREFIX):
        run(["groupdel", settings.group_created], check=False)
    shutil.rmtree(root, ignore_errors=True)
    removed.append(str(root))
    return removed


def terminate(pids: list[int], only_cmdline: str | None = None, seconds: float = 10) -> None:
    """SIGTERM these processes (and their children), then SIGKILL what is left."""
    processes = []
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            process = psutil.Process(pid)
            if only_cmdline and not any(only_cmdline in part for part in process.cmdline()):
                continue
            processes += [process, *process.children(recursive=True)]
    for process in processes:
        with contextlib.suppress(psutil.Error):
            process.send_signal(signal.SIGTERM)
    _, alive = psutil.wait_procs(processes, timeout=seconds)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(alive, timeout=seconds)


def describe(settings: Settings) -> str:
    lines = [
        f"JupyterHub is running at {settings.url}/ (log: {settings.log})",
        f"instructor: {settings.instructor}, course folder {settings.course}",
        f"students: {', '.join(settings.students)}",
        f"released: {', '.join(settings.assignments)}; exchange {settings.exchange}",
        f"passwords: in {Path(settings.root) / 'hub.json'} (root only)",
        f"stop and remove everything: .venv/bin/python hub/stop.py --root {settings.root}",
    ]
    return "\n".join(lines)


def main_guard(function, *args) -> int:
    try:
        function(*args)
    except HubError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def api(
    settings: Settings,
    method: str,
    path: str,
    token: str | None = None,
    body: dict | None = None,
) -> tuple[int, object]:
    """One request to the hub (through its proxy): (HTTP status, decoded JSON or text)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{settings.url}{path}", data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            status, text = answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode(errors="replace")
    try:
        return status, json.loads(text) if text else None
    except json.JSONDecodeError:
        return status, text
