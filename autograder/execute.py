"""nbgrader's Execute preprocessor, run in a worker with the sandbox, watchdogs and caps.

`GradingExecute` is nbgrader's ``Execute`` (same configuration: ``c.Execute.timeout``...)
with:

- the kernel in the sandbox (`sandbox.SandboxedKernelManager`), unless disabled;
- a cap on the output accepted from a cell and from the notebook: beyond it the output is
  dropped and the kernel killed, so gigabytes of output never reach the grader's memory;
- a wall-time watchdog for the whole notebook;
- a test cell that raised an error scores 0 even if student code it called showed a value
  first (nbgrader would read that value as partial credit);
- errors that cannot be silenced: a cell whose ``execute_reply`` says ``error`` always ends
  with an error output (nbgrader 0.9.6 does this too), and the cells where the student's code
  had hidden the traceback (e.g. ``get_ipython().showtraceback`` replaced) are recorded;
- the test-cell guard (`kernel_guard`): before the first cell, the real libraries are
  imported and recorded in the kernel; before each test cell the builtins, those libraries
  and the working folder are put back, and after it the student's state. Each step must
  answer with a fresh random token (read back through ``user_expressions``, which IPython
  evaluates without the input transformers a student could install): a test cell before
  which the guard did not answer is recorded, and the submission is not scored on it.

`execute_notebook` is what a worker process runs: it reads the sanitized notebook nbgrader
wrote in ``autograded/<student>/<assignment>/``, executes it and writes it back. It never
opens the gradebook.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import secrets
import signal
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async, run_sync
from nbgrader import utils as nbgrader_utils
from nbgrader.preprocessors import Execute

from . import kernel_guard, sandbox

RESULT = "execute_result"
#: messages counted against the output caps: cell outputs, and widget state, which nbclient
#: keeps in the notebook too
OUTPUT_TYPES = {
    "stream",
    "display_data",
    "execute_result",
    "error",
    "update_display_data",
    "comm_open",
    "comm_msg",
}

#: how the execution of one notebook ended
EXECUTED = "executed"
KERNEL_DIED = "kernel_died"
NOTEBOOK_TIMEOUT = "notebook_timeout"
OUTPUT_LIMIT = "output_limit"
UNSTOPPABLE = "unstoppable"
FAILED = "failed"
#: seconds a guard step may take (it is a few milliseconds; the kernel is idle between cells)
GUARD_SECONDS = 60
#: name recorded when the guard could not be installed before the first cell
GUARD_SETUP = "(before the first cell)"


@dataclass
class ExecutionReport:
    """What happened while one notebook ran (sent back from the worker)."""

    notebook: str
    outcome: str = EXECUTED
    reason: str = ""
    silenced_cells: list[str] = field(default_factory=list)
    unguarded_cells: list[str] = field(default_factory=list)
    dropped_results: list[str] = field(default_factory=list)
    output_cell: str | None = None
    seconds: float = 0.0


def _cell_name(cell, index: int) -> str:
    meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
    return meta.get("grade_id") or f"cell {index}"


def _message_size(msg: dict[str, Any]) -> int:
    if msg.get("msg_type") not in OUTPUT_TYPES:
        return 0
    content = msg.get("content", {})
    if "text" in content:
        return len(content["text"])
    return len(json.dumps(content, default=str))


def _is_test_cell(cell) -> bool:
    return (
        cell.cell_type == "code"
        and nbgrader_utils.is_grade(cell)
        and not nbgrader_utils.is_solution(cell)
    )


def imported_modules(nb) -> list[str]:
    """Every module a code cell of the notebook imports (``from a import b``: a and a.b)."""
    names: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        lines = [ln for ln in cell.source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
        try:
            tree = ast.parse("\n".join(lines))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return kernel_guard.importable_modules(sorted(names))


class GradingExecute(Execute):
    """nbgrader's Execute with the sandbox, an output cap and a notebook watchdog."""

    def __init__(
        self,
        *,
        use_sandbox: bool = True,
        sandbox_uid: int = sandbox.SANDBOX_UID_BASE,
        limits: sandbox.Limits | None = None,
        **kwargs: Any,
    ) -> None:
        if use_sandbox:
            kwargs["kernel_manager_class"] = sandbox.SandboxedKernelManager
        super().__init__(**kwargs)
        self.use_sandbox = use_sandbox
        self.sandbox_uid = sandbox_uid
        self.limits = limits or sandbox.Limits()
        self.silenced_cells: list[str] = []
        self.unguarded_cells: list[str] = []
        self.dropped_results: list[str] = []
        self._guard_installed = False
        self.stopped_because: str | None = None
        self.output_cell: str | None = None
        self._cell_bytes: dict[int, int] = {}
        self._notebook_bytes = 0

    def create_kernel_manager(self):
        """Nbclient's kernel manager, told the sandbox uid and limits."""
        km = super().create_kernel_manager()
        if isinstance(km, sandbox.SandboxedKernelManager):
            km.sandbox_uid = self.sandbox_uid
            km.limits_json = json.dumps(asdict(self.limits))
        return km

    def kill_kernel(self, because: str) -> None:
        """Kill the kernel at once (bwrap takes every process of the sandbox with it)."""
        if self.stopped_because is None:
            self.stopped_because = because
        provisioner = getattr(self.km, "provisioner", None)
        process = getattr(provisioner, "process", None)
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                process.kill()

    def process_message(self, msg, cell, cell_index):
        """Count the output of each cell; drop it and kill the kernel past the caps."""
        size = _message_size(msg)
        if size:
            self._cell_bytes[cell_index] = self._cell_bytes.get(cell_index, 0) + size
            self._notebook_bytes += size
            over_cell = self._cell_bytes[cell_index] > self.limits.output_cell_kb * 1024
            over_notebook = self._notebook_bytes > self.limits.output_notebook_kb * 1024
            if over_cell or over_notebook or self.stopped_because == OUTPUT_LIMIT:
                if self.output_cell is None:
                    self.output_cell = _cell_name(cell, cell_index)
                self.kill_kernel(OUTPUT_LIMIT)
                return None
        return super().process_message(msg, cell, cell_index)

    async def _run_guard(self, code: str, nonce: str) -> bool | None:
        """Run a guard snippet out of band; True if it answered with ``nonce``.

        None when the kernel died meanwhile (nbclient reports that on the next cell).
        """
        assert self.kc is not None
        msg_id = self.kc.execute(
            code,
            silent=True,
            store_history=False,
            user_expressions={"nonce": kernel_guard.NONCE_NAME},
            allow_stdin=False,
            stop_on_error=False,
        )
        deadline = time.monotonic() + GUARD_SECONDS
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            try:
                msg = await ensure_async(self.kc.shell_channel.get_msg(timeout=min(1, remaining)))
            except Exception:  # queue.Empty: no reply yet (a cancellation is no Exception)
                if not await ensure_async(self.kc.is_alive()):
                    return None
                continue
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                break
        content = msg.get("content", {})
        if content.get("status") != "ok":
            return False
        answer = content.get("user_expressions", {}).get("nonce", {})
        return answer.get("status") == "ok" and answer.get("data", {}).get("text/plain") == repr(
            nonce
        )

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        """nbclient's cell execution, with the guard's steps around each test cell."""
        runs = cell.cell_type == "code" and bool(cell.source.strip())
        if runs and not self._guard_installed:
            self._guard_installed = True
            workdir = os.path.abspath(self.resources.get("metadata", {}).get("path") or ".")
            nonce = secrets.token_hex(16)
            code = kernel_guard.setup_code(workdir, imported_modules(self.nb), nonce)
            if await self._run_guard(code, nonce) is False:
                self.unguarded_cells.append(GUARD_SETUP)
        test = runs and _is_test_cell(cell)
        if test:
            nonce = secrets.token_hex(16)
            if await self._run_guard(kernel_guard.step_code("before", nonce), nonce) is False:
                self.unguarded_cells.append(_cell_name(cell, cell_index))
        cell = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        if test:
            nonce = secrets.token_hex(16)
            await self._run_guard(kernel_guard.step_code("after", nonce), nonce)
        return cell

    execute_cell = run_sync(async_execute_cell)  # what nbconvert's preprocess_cell calls

    def on_cell_executed(self, **kwargs):
        """Record a cell whose error left no error output; nbgrader then adds one."""
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
        # nbgrader reads the first value a test cell shows as partial credit, even if an error
        # follows; student code the test calls can show one (get_ipython().displayhook(1.0))
        if content.get("status") == "error" and _is_test_cell(cell):
            shown = [out for out in cell.get("outputs", []) if out.get("output_type") != RESULT]
            if len(shown) != len(cell.get("outputs", [])):
                cell.outputs = shown
                self.dropped_results.append(_cell_name(cell, kwargs.get("cell_index", -1)))
        # whatever nbgrader decided, a cell whose reply is an error ends with an error output
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
            self.limits.notebook_seconds, self.kill_kernel, args=(NOTEBOOK_TIMEOUT,)
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
    limits: dict[str, int],
) -> dict[str, Any]:
    """Execute one sanitized notebook in place (what a worker process runs).

    Parameters
    ----------
    path
        ``autograded/<student>/<assignment>/<name>.ipynb``, as nbgrader's sanitizing pass
        wrote it.
    config_json
        The course's traitlets configuration (``Execute`` section used), as JSON.
    use_sandbox
        Run the kernel in the sandbox.
    sandbox_uid
        The uid of the sandboxed kernel (one per worker).
    limits
        `sandbox.Limits` fields.

    Returns
    -------
    dict
        An `ExecutionReport` as a dict.
    """
    from traitlets.config import Config

    start = time.monotonic()
    notebook = Path(path)
    report = ExecutionReport(notebook=notebook.stem)
    config = Config(json.loads(config_json))
    nb = nbformat.read(notebook, as_version=4)
    executor = GradingExecute(
        config=config,
        use_sandbox=use_sandbox,
        sandbox_uid=sandbox_uid,
        limits=sandbox.Limits(**limits),
    )
    resources = {"metadata": {"path": str(notebook.parent)}}
    os.environ["NBGRADER_EXECUTION"] = "autograde"  # as nbgrader sets it (no-sandbox kernels)
    try:
        nb, _ = executor.preprocess(nb, resources)
    except (DeadKernelError, RuntimeError) as exc:
        report.outcome = executor.stopped_because or KERNEL_DIED
        report.reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
    except CellTimeoutError as exc:
        report.outcome = executor.stopped_because or UNSTOPPABLE
        report.reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    except Exception as exc:  # any other failure fails this notebook only
        report.outcome = executor.stopped_because or FAILED
        report.reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    else:
        if executor.stopped_because:  # killed between cells: the last outputs are unreliable
            report.outcome = executor.stopped_because
    report.silenced_cells = executor.silenced_cells
    report.unguarded_cells = executor.unguarded_cells
    report.dropped_results = executor.dropped_results
    report.output_cell = executor.output_cell
    if report.outcome == EXECUTED:
        nbformat.write(nb, notebook)
    report.seconds = round(time.monotonic() - start, 2)
    return asdict(report)
