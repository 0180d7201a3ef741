"""nbgrader's autograde split in three stages, so that execution runs in parallel workers.

nbgrader's ``Autograde`` converter does, per submission: record the submission in the
gradebook and copy the files (``init_assignment``), a sanitizing pass (ClearOutput,
DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata: gradebook reads),
then an autograding pass (Execute, IgnorePattern, ClearMetadata, LimitOutput, SaveAutoGrades,
AssignLatePenalties, CheckCellMetadata: gradebook writes). `StagedAutograde` is that same
converter with a ``stage``:

- ``prepare`` (main process): init_assignment and the sanitizing pass;
- execution (a worker process, `execute.execute_notebook`): nbgrader's Execute, sandboxed;
- ``finish`` (main process): the autograding pass without Execute, on the executed notebook.

So the main process is the only one that opens the gradebook, one submission at a time, and
every preprocessor is nbgrader's own: scores are those of ``nbgrader autograde``.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from nbconvert.preprocessors import ExecutePreprocessor
from nbgrader.apps import NbGraderAPI
from nbgrader.converters import Autograde
from nbgrader.converters.base import BaseConverter
from nbgrader.utils import capture_log, setenv, temp_attrs
from traitlets import Unicode
from traitlets.utils.importstring import import_item

PREPARE = "prepare"
FINISH = "finish"
PR_SET_PDEATHSIG = 1


def _is_execute(preprocessor) -> bool:
    cls = import_item(preprocessor) if isinstance(preprocessor, str) else preprocessor
    return isinstance(cls, type) and issubclass(cls, ExecutePreprocessor)


class StagedAutograde(Autograde):
    """nbgrader's Autograde converter, run one stage at a time (see the module docstring)."""

    stage = Unicode(PREPARE)

    @property
    def _input_directory(self) -> str:
        if self.stage == FINISH:
            return self.coursedir.autograded_directory
        return self.coursedir.submitted_directory

    def init_destination(self, assignment_id: str, student_id: str) -> bool:
        if self.stage == FINISH:  # keep what the prepare stage and the worker wrote
            return True
        return super().init_destination(assignment_id, student_id)

    def init_assignment(self, assignment_id: str, student_id: str) -> None:
        if self.stage == PREPARE:
            super().init_assignment(assignment_id, student_id)

    def _init_preprocessors(self) -> None:
        self.exporter._preprocessors = []
        if self.stage == PREPARE:
            preprocessors = self.sanitize_preprocessors
        else:
            preprocessors = [p for p in self.autograde_preprocessors if not _is_execute(p)]
        for pp in preprocessors:
            self.exporter.register_preprocessor(pp)

    def convert_single_notebook(self, notebook_filename: str) -> None:
        self._sanitizing = self.stage == PREPARE
        self._init_preprocessors()
        with setenv(NBGRADER_EXECUTION="autograde"):
            BaseConverter.convert_single_notebook(self, notebook_filename)


def run_stage(api: NbGraderAPI, stage: str, assignment_id: str, student_id: str) -> dict:
    """Run one stage for one submission, as ``NbGraderAPI.autograde`` runs the converter.

    Returns
    -------
    dict
        nbgrader's ``{"success": bool, "log": str, "error": str}``.
    """
    with temp_attrs(api.coursedir, assignment_id=assignment_id, student_id=student_id):
        app = StagedAutograde(coursedir=api.coursedir, parent=api)
        app.stage = stage
        app.force = True
        app.create_student = True
        return capture_log(app)


def hash_tree(digest, root: Path, pattern: str = "*") -> None:
    """Feed the names and contents of the files under ``root`` matching ``pattern`` (sorted)."""
    if root.is_dir():
        for path in sorted(p for p in root.rglob(pattern) if p.is_file()):
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(b"\1")


def fingerprint(folder: Path, source: Path, settings: dict) -> str:
    """Checksum of a submission's files, the assignment's source and the grading settings."""
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
    for root in (folder, source):
        hash_tree(digest, root)
    return digest.hexdigest()


def _worker_init() -> None:
    """In each worker: die with the grader (even on SIGKILL), leave Ctrl-C to the grader."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """The pool of execution workers (spawned: no state shared with the grader)."""
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_worker_init,
    )
