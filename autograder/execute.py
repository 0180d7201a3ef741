"""Run one submission's notebook in a worker: the student's cells in the sandboxed kernel,
the test cells in the trusted checker.

`GradingExecute` is nbgrader's ``Execute`` preprocessor (same configuration:
``c.Execute.timeout``...) with:

- the kernel in the sandbox, forked warm by the worker's kernel server
  (`warm_kernels.SandboxedKernelManager`), unless disabled;
- the test cells never sent to the kernel. Each is run by `checker.Checker` in this process
  (the worker, where no student code ever runs), which asks the kernel's agent
  (`kernel_agent`, installed before the first cell) for the student's values and calls, as
  data. The cell's outputs are then written from the checker's `checker.Verdict` only: none
  when it passed, an error naming what was wrong when it failed. nbgrader's scoring pass
  reads those outputs, so a test scores only when the checker saw it pass here;
- the assignment's setup cells (locked cells that are neither answers nor tests) run in the
  kernel and in the checker, so tests use the instructor's own setup names and data;
- a cap on the output accepted from a cell and from the notebook, binary widget buffers
  included (beyond it the output is dropped and the kernel killed), and a cap on the size of
  any single message the kernel sends (ZeroMQ's ``MAXMSGSIZE``), so no message of any size
  is read whole before it is judged;
- a wall-time watchdog for the whole notebook;
- errors that cannot be silenced: a cell whose ``execute_reply`` says ``error`` always ends
  with an error output, and the cells where the student's code hid its traceback are noted.

`execute_notebook` is what a worker process runs: it reads the sanitized notebook in
``autograded/<student>/<assignment>/``, runs it and writes it back. It never opens the
gradebook.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import nbformat
import zmq
import zmq.asyncio
from jupyter_client.asynchronous import AsyncKernelClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async, run_sync
from nbgrader import utils as nbgrader_utils
from nbgrader.preprocessors import Execute
from traitlets import default

from . import checker, errors, inspection, kernel_agent, language, sandbox, warm_kernels

#: messages counted against the output caps: cell outputs, and widget state, which nbclient
#: keeps in the notebook too
OUTPUT_TYPES = frozenset(
    {
        "stream",
        "display_data",
        "execute_result",
        "error",
        "update_display_data",
        "comm_open",
        "comm_msg",
    }
)
RESULT = "execute_result"
#: seconds the agent's installation may take (it is milliseconds; a start-up file could hang)
INSTALL_SECONDS = 60
#: seconds a request may still take after the kernel was interrupted, before it is killed
INTERRUPT_GRACE = 5
#: largest single message accepted from the kernel, in bytes: a checker's reply
#: (`codec.MAX_REPLY_CHARS`, JSON inside JSON: up to twice its size), and room to spare
MAX_MESSAGE_BYTES = 40 * 2**20
#: the code that asks the agent in the kernel to answer one request, sent in the code...
REQUEST = '__import__("sys").modules["{module}"].serve("{payload}")'
#: ... or left in a file of the kernel's run folder
REQUEST_FILE = '__import__("sys").modules["{module}"].serve_file({path!r})'
#: requests smaller than this go in the code (a file costs more than it saves)
FILE_REQUEST_BYTES = 16 * 1024


class Outcome(StrEnum):
    """How the execution of one notebook ended."""

    EXECUTED = "executed"
    KERNEL_DIED = "kernel_died"
    NOTEBOOK_TIMEOUT = "notebook_timeout"
    OUTPUT_LIMIT = "output_limit"
    UNSTOPPABLE = "unstoppable"
    FAILED = "failed"


class CellKind(StrEnum):
    """What a code cell is to the grader (from its nbgrader metadata, rebuilt from the
    source notebook by `sanitize`)."""

    SETUP = "setup"  # locked, neither answer nor test: the instructor's code
    TEST = "test"  # graded, not an answer: judged by the checker
    STUDENT = "student"  # an answer, or a cell the student added


def cell_kind(cell: Any) -> CellKind:
    """The grader's view of a code cell."""
    if nbgrader_utils.is_grade(cell) and not nbgrader_utils.is_solution(cell):
        return CellKind.TEST
    if nbgrader_utils.is_locked(cell) and not nbgrader_utils.is_solution(cell):
        return CellKind.SETUP
    return CellKind.STUDENT


@dataclass
class ExecutionReport:
    """What happened while one notebook ran (sent back from the worker as it is)."""

    notebook: str
    outcome: Outcome = Outcome.EXECUTED
    reason: str = ""
    silenced_cells: list[str] = field(default_factory=list)
    output_cell: str | None = None
    #: the checker's verdict on each test cell, by grade id
    verdicts: dict[str, checker.Verdict] = field(default_factory=dict)
    #: setup cells that failed in the checker (the tests after them may fail too)
    setup_errors: list[str] = field(default_factory=list)
    #: cells stopped at the per-cell time limit (student cells and test cells)
    timed_out_cells: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _cell_name(cell: Any, index: int) -> str:
    meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
    return meta.get("grade_id") or f"cell {index}"


def message_size(msg: dict[str, Any]) -> int:
    """Bytes of output in a kernel message (binary buffers included)."""
    if msg.get("msg_type") not in OUTPUT_TYPES:
        return 0
    content = msg.get("content", {})
    size = len(content["text"]) if "text" in content else len(json.dumps(content, default=str))
    return size + sum(len(memoryview(b)) for b in msg.get("buffers") or ())


def install_code() -> str:
    """The snippet, run before the first cell, that installs the agent in the kernel."""
    source = Path(kernel_agent.__file__).read_text(encoding="utf-8")
    name = kernel_agent.MODULE_NAME
    return (
        "import sys as __ag_sys, types as __ag_types\n"
        f"__ag_module = __ag_types.ModuleType({name!r})\n"
        f"exec(compile({source!r}, {'<' + name + '>'!r}, 'exec'), vars(__ag_module))\n"
        f"__ag_sys.modules[{name!r}] = __ag_module\n"
        "__ag_module.install(get_ipython().user_ns)\n"
        "del __ag_sys, __ag_types, __ag_module\n"
    )


def verdict_outputs(verdict: checker.Verdict) -> list[Any]:
    """A test cell's outputs, from the checker's verdict only (none when it passed)."""
    if verdict.passed:
        return []
    return [
        nbformat.v4.new_output(
            "error",
            ename=verdict.ename,
            evalue=verdict.message,
            traceback=[f"{verdict.ename}: {verdict.message}"],
        )
    ]


class BoundedKernelClient(AsyncKernelClient):
    """jupyter_client's kernel client whose sockets drop any message over the size limit.

    ZeroMQ's ``MAXMSGSIZE`` is set on the client's own context before its sockets connect:
    a larger message from the kernel is never read (the connection is reset), so no message
    reaches the grader's memory whole before it is judged.
    """

    @default("context")
    def _bounded_context(self) -> zmq.asyncio.Context:
        self._created_context = True
        context = zmq.asyncio.Context()
        context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
        return context


class _Link:
    """The checker's way to the kernel: each request runs on the executor's event loop."""

    def __init__(self, executor: GradingExecute) -> None:
        self.executor = executor

    def request(self, payload: bytes, what: str) -> str:
        loop = self.executor.loop
        assert loop is not None
        future = asyncio.run_coroutine_threadsafe(self.executor.rpc(payload, what), loop)
        return future.result()


class GradingExecute(Execute):
    """nbgrader's Execute with the sandbox, the trusted checker, output caps and a watchdog."""

    def __init__(
        self,
        *,
        use_sandbox: bool = True,
        sandbox_uid: int = sandbox.SANDBOX_UID_BASE,
        limits: sandbox.Limits | None = None,
        source_folder: Path | None = None,
        server: warm_kernels.KernelServer | None = None,
        **kwargs: Any,
    ) -> None:
        if use_sandbox:
            kwargs["kernel_manager_class"] = warm_kernels.SandboxedKernelManager
        # a grading kernel has nothing to save: it is killed, not asked to shut down
        kwargs.setdefault("shutdown_kernel", "immediate")
        super().__init__(**kwargs)
        self.use_sandbox = use_sandbox
        self.sandbox_uid = sandbox_uid
        self.limits = limits or sandbox.Limits()
        self.source_folder = source_folder
        self.server = server
        self.silenced_cells: list[str] = []
        self.setup_errors: list[str] = []
        self.verdicts: dict[str, checker.Verdict] = {}
        self.stopped_because: Outcome | None = None
        self.output_cell: str | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.checker: checker.Checker | None = None
        self._agent_installed = False
        self._deadline = 0.0
        self._current: tuple[int, str] = (-1, "")
        self._closing = False
        self._watchers: list[asyncio.Future] = []
        self._requests = 0
        self._cell_bytes: dict[int, int] = {}
        self._notebook_bytes = 0

    def create_kernel_manager(self):
        """Nbclient's kernel manager, told the kernel server and the limits."""
        km = super().create_kernel_manager()
        km.client_factory = BoundedKernelClient
        if isinstance(km, warm_kernels.SandboxedKernelManager):
            km.server = self.server
            km.limits = self.limits
            km.uid = self.sandbox_uid
        return km

    def _kernel_process(self):
        """The kernel's process (a `warm_kernels.WarmKernel` in the sandbox) while it runs."""
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        return process if process is not None and process.poll() is None else None

    def kill_kernel(self, because: Outcome) -> None:
        """Kill the kernel at once, and every process it started."""
        if self.stopped_because is None:
            self.stopped_because = because
        if because == Outcome.OUTPUT_LIMIT and self.output_cell is None:
            self.output_cell = self._current[1]
        process = self._kernel_process()
        if process is not None:
            if not isinstance(process, warm_kernels.WarmKernel):  # its pid is the sandbox's
                with contextlib.suppress(OSError):
                    os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                process.kill()

    def _count_output(self, msg: dict[str, Any], cell_index: int, name: str) -> bool:
        """Count a message's output; False (and the kernel killed) past the caps."""
        size = message_size(msg)
        if size:
            self._cell_bytes[cell_index] = self._cell_bytes.get(cell_index, 0) + size
            self._notebook_bytes += size
        over_cell = self._cell_bytes.get(cell_index, 0) > self.limits.output_cell_kb * 1024
        over_notebook = self._notebook_bytes > self.limits.output_notebook_kb * 1024
        if over_cell or over_notebook or self.stopped_because == Outcome.OUTPUT_LIMIT:
            if self.output_cell is None:
                self.output_cell = name
            self.kill_kernel(Outcome.OUTPUT_LIMIT)
            return False
        return True

    def process_message(self, msg, cell, cell_index):
        """Count the output of each cell; drop it and kill the kernel past the caps."""
        self._current = (cell_index, _cell_name(cell, cell_index))
        if not self._count_output(msg, *self._current):
            return None
        return super().process_message(msg, cell, cell_index)

    # --- messages over the size limit ----------------------------------------------------
    async def async_start_new_kernel_client(self):
        """nbclient's client, watched: a connection the size limit reset stops the kernel."""
        kc = await super().async_start_new_kernel_client()
        self._watchers = [
            asyncio.ensure_future(self._watch(channel.socket))
            for channel in (kc.iopub_channel, kc.shell_channel)
        ]
        return kc

    async def _watch(self, socket) -> None:
        """Kill the kernel when ZeroMQ drops its connection (a message over the limit)."""
        monitor = socket.get_monitor_socket(zmq.EVENT_DISCONNECTED)
        try:
            await monitor.recv_multipart()
            # a kernel that died closes its connections too: only a live one sent too much
            for _ in range(10):
                if self._closing or self._kernel_process() is None:
                    return
                await asyncio.sleep(0.1)
            self.kill_kernel(Outcome.OUTPUT_LIMIT)
        except (asyncio.CancelledError, zmq.ZMQError):
            pass
        finally:
            with contextlib.suppress(Exception):
                socket.disable_monitor()
            monitor.close(linger=0)

    async def _async_cleanup_kernel(self) -> None:
        self._closing = True  # the connections close now: no longer a sign of a flood
        for watcher in self._watchers:
            watcher.cancel()
        await super()._async_cleanup_kernel()

    # nbconvert's preprocess calls the synchronous names, bound to nbclient's own methods
    start_new_kernel_client = run_sync(async_start_new_kernel_client)
    _cleanup_kernel = run_sync(_async_cleanup_kernel)

    # --- requests to the kernel's agent -------------------------------------------------
    async def _await_idle(
        self, msg_id: str, deadline: float, cell_index: int, name: str
    ) -> tuple[str | None, bool]:
        """Read the kernel's messages for one request until it is idle again.

        Returns the agent's reply (None if it sent none) and whether the request finished
        before ``deadline``. Output the student's code printed meanwhile is counted against
        the caps and dropped: it never reaches the notebook.
        """
        assert self.kc is not None
        reply: str | None = None
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return reply, False
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=min(remaining, 1)))
            except queue.Empty:
                if self.stopped_because is not None or not await ensure_async(self.kc.is_alive()):
                    raise checker.KernelError(checker.KERNEL_GONE) from None
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg.get("msg_type"), msg.get("content", {})
            if kind == "status" and content.get("execution_state") == "idle":
                return reply, True
            data = content.get("data", {}) if kind == "display_data" else {}
            if kernel_agent.MIME_TYPE in data and reply is None:
                answer = data[kernel_agent.MIME_TYPE]
                reply = answer if type(answer) is str else None
            elif not self._count_output(msg, cell_index, name):
                raise checker.KernelError(checker.KERNEL_GONE)

    async def _send(self, code: str) -> str:
        assert self.kc is not None
        return self.kc.execute(
            code, silent=True, store_history=False, allow_stdin=False, stop_on_error=False
        )

    async def rpc(self, payload: bytes, what: str) -> str:
        """Send one request of the checker to the agent and wait for its reply.

        Raises `checker.KernelError` when the test's time is up (the kernel is interrupted,
        and killed if it does not stop), when the kernel is gone, or when no reply came.
        """
        if self.stopped_because is not None:
            raise checker.KernelError(checker.KERNEL_GONE)
        if time.monotonic() >= self._deadline:
            raise checker.KernelError(
                checker.message(checker.TIMED_OUT).format(call=what), self._timeout_ename
            )
        msg_id = await self._send(self._request_code(payload))
        index, name = self._current
        reply, done = await self._await_idle(msg_id, self._deadline, index, name)
        if not done:
            assert self.km is not None
            with contextlib.suppress(Exception):
                await ensure_async(self.km.interrupt_kernel())
            _, stopped = await self._await_idle(
                msg_id, time.monotonic() + INTERRUPT_GRACE, index, name
            )
            if not stopped:
                self.kill_kernel(Outcome.UNSTOPPABLE)
            raise checker.KernelError(
                checker.message(checker.TIMED_OUT).format(call=what), self._timeout_ename
            )
        if reply is None:
            raise checker.KernelError(checker.message(checker.NO_REPLY).format(what=what))
        return reply

    def _request_code(self, payload: bytes) -> str:
        """The code that hands one request to the agent: through a file when it is large."""
        folder = getattr(self.km, "run_folder", None)
        if folder is not None and len(payload) >= FILE_REQUEST_BYTES:
            self._requests += 1
            path = Path(folder) / f"request-{self._requests}.pickle"
            # The folder is the kernel's: a link it planted under this name must never make
            # the grader (root) write, or change the mode of, a file of the machine. So the
            # file is made new here, never through a link; if the name is taken, the code
            # carries the request.
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
            try:
                with os.fdopen(os.open(path, flags, 0o600), "wb") as request:
                    os.fchmod(request.fileno(), 0o644)  # the kernel reads it, then deletes it
                    request.write(payload)
            except FileExistsError:  # a name the kernel took: the code carries the request
                pass
            except OSError:  # the run folder is full: the code carries it
                with contextlib.suppress(OSError):
                    path.unlink()
            else:
                return REQUEST_FILE.format(module=kernel_agent.MODULE_NAME, path=str(path))
        payload_b64 = base64.b64encode(payload).decode("ascii")
        return REQUEST.format(module=kernel_agent.MODULE_NAME, payload=payload_b64)

    @property
    def _timeout_ename(self) -> str:
        return (self.error_on_timeout or {}).get("ename", checker.TIMEOUT_ENAME)

    async def _install_agent(self) -> None:
        msg_id = await self._send(install_code())
        self._current = (-1, "(agent)")
        await self._await_idle(msg_id, time.monotonic() + INSTALL_SECONDS, -1, "(agent)")

    async def _check(self, cell, cell_index: int):
        """Run a test cell in the checker; write its outputs from the verdict."""
        assert self.checker is not None
        name = _cell_name(cell, cell_index)
        self._current = (cell_index, name)
        self._deadline = time.monotonic() + (self.timeout or 30)
        verdict = await asyncio.to_thread(self.checker.run_test, cell.source, name)
        self.verdicts[name] = verdict
        cell.outputs = verdict_outputs(verdict)
        cell.execution_count = None
        if self.stopped_because is not None:  # the kernel was killed during the test
            raise DeadKernelError(f"the kernel was stopped ({self.stopped_because})")
        return cell

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        """Student and setup cells run in the kernel; test cells in the checker."""
        runs = cell.cell_type == "code" and bool(cell.source.strip())
        if not runs:
            return await super().async_execute_cell(
                cell, cell_index, execution_count, store_history
            )
        if self.loop is None:
            self.loop = asyncio.get_running_loop()
            self.checker = checker.Checker(_Link(self), self.source_folder or Path.cwd())
        if not self._agent_installed:
            self._agent_installed = True
            await self._install_agent()
        kind = cell_kind(cell)
        if kind == CellKind.TEST:
            return await self._check(cell, cell_index)
        cell = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        if kind == CellKind.SETUP:
            name = _cell_name(cell, cell_index)
            self._current = (cell_index, name)
            self._deadline = time.monotonic() + (self.timeout or 30)
            error = await asyncio.to_thread(self.checker.run_setup, cell.source, name)
            if error:
                self.setup_errors.append(f"{name}: {error}")
        return cell

    execute_cell = run_sync(async_execute_cell)  # what nbconvert's preprocess_cell calls

    def on_cell_executed(self, **kwargs):
        """Record a cell whose error left no error output; put one back."""
        cell, reply = kwargs["cell"], kwargs["execute_reply"]
        content = reply.get("content", {})
        timed_out = content.get("ename") == (self.error_on_timeout or {}).get("ename")
        if content.get("status") == "error" and not timed_out:  # a timeout is no cheat
            shown = any(
                out.get("output_type") == "error" and out.get("ename") == content.get("ename")
                for out in cell.get("outputs", [])
            )
            if not shown:
                self.silenced_cells.append(_cell_name(cell, kwargs.get("cell_index", -1)))
        super().on_cell_executed(**kwargs)
        if content.get("status") == "error" and not any(
            out.get("output_type") == "error" for out in cell.get("outputs", [])
        ):
            cell.outputs.append(
                nbformat.from_dict(
                    {
                        "output_type": "error",
                        "ename": str(content.get("ename", "Error")),
                        "evalue": str(content.get("evalue", "")),
                        "traceback": ["the cell raised an error (its traceback was hidden)"],
                    }
                )
            )

    def preprocess(self, nb, resources=None, km=None):
        """Execute the notebook, killing the kernel if it runs past the notebook limit."""
        watchdog = threading.Timer(
            self.limits.notebook_seconds, self.kill_kernel, args=(Outcome.NOTEBOOK_TIMEOUT,)
        )
        watchdog.daemon = True
        watchdog.start()
        try:
            return super().preprocess(nb, resources, km=km)
        finally:
            watchdog.cancel()


def execute_notebook(
    path: str,
    config_json: str,
    use_sandbox: bool,
    sandbox_uid: int,
    limits: sandbox.Limits,
    source_folder: str,
) -> ExecutionReport:
    """Run one sanitized notebook in place (what a worker process runs).

    Parameters
    ----------
    path
        ``autograded/<student>/<assignment>/<name>.ipynb``, as the prepare step wrote it.
    config_json
        The course's traitlets configuration (``Execute`` section used), as JSON.
    use_sandbox
        Run the kernel in the sandbox.
    sandbox_uid
        The uid of the sandboxed kernel (one per worker).
    limits
        The sandbox limits.
    source_folder
        The instructor's copy of the assignment: the checker reads data files there, and the
        kernel's working folder holds its data files (read-only), nothing else.

    Returns
    -------
    ExecutionReport
        How it ended, and the checker's verdict on each test cell.
    """
    from traitlets.config import Config

    start = time.monotonic()
    notebook = Path(path)
    report = ExecutionReport(notebook=notebook.stem)
    config = Config(json.loads(config_json))
    checker.set_language(language.course_language(config))
    nb = nbformat.read(notebook, as_version=4)
    server = None
    if use_sandbox:
        try:
            server = warm_kernels.server_for(Path(source_folder))
        except errors.AutograderError as exc:
            report.outcome = Outcome.FAILED
            report.reason = str(exc)[:300]
            report.seconds = round(time.monotonic() - start, 2)
            return report
    executor = GradingExecute(
        config=config,
        use_sandbox=use_sandbox,
        sandbox_uid=sandbox_uid,
        limits=limits,
        source_folder=Path(source_folder),
        server=server,
    )
    resources = {"metadata": {"path": str(notebook.parent)}}
    os.environ["NBGRADER_EXECUTION"] = "autograde"  # as nbgrader sets it (no-sandbox kernels)
    try:
        nb, _ = executor.preprocess(nb, resources)
    except (DeadKernelError, RuntimeError) as exc:
        report.outcome = executor.stopped_because or Outcome.KERNEL_DIED
        report.reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    except CellTimeoutError as exc:
        report.reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        report.outcome = executor.stopped_because or Outcome.UNSTOPPABLE
    except Exception as exc:  # any other failure fails this notebook only
        report.outcome = executor.stopped_because or Outcome.FAILED
        report.reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    else:
        if executor.stopped_because:  # killed between cells: the last outputs are unreliable
            report.outcome = executor.stopped_because
    report.silenced_cells = executor.silenced_cells
    report.output_cell = executor.output_cell
    report.verdicts = executor.verdicts
    report.setup_errors = executor.setup_errors
    if report.outcome == Outcome.EXECUTED:
        report.timed_out_cells = inspection.timed_out_cells(nb, executor._timeout_ename)
        nb.metadata.pop("widgets", None)  # widget state is the student's: never rendered
        nbformat.write(nb, notebook)
    report.seconds = round(time.monotonic() - start, 2)
    return report
