"""nbgrader's autograde split in stages, so that execution runs in parallel workers.

nbgrader's ``Autograde`` converter does, per submission: record the submission in the
gradebook and copy the files (``init_assignment``), a sanitizing pass (ClearOutput,
DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata: gradebook reads),
then an autograding pass (Execute, IgnorePattern, ClearMetadata, LimitOutput, SaveAutoGrades,
AssignLatePenalties, CheckCellMetadata: gradebook writes). `StagedAutograde` is that same
converter with a ``stage``:

- ``prepare`` (main process): init_assignment and the sanitizing pass, reading the
  submission from the staging folder that `autograder.prepare` wrote (the notebooks rebuilt
  from the source, and the collect step's timestamp), not from ``submitted/``;
- execution (a worker process, `autograder.worker`): the student's cells in the sandboxed
  kernel, the test cells in the trusted checker;
- ``finish`` (main process): the autograding pass without Execute, on the executed notebook.

So the main process is the only one that opens the gradebook, one submission at a time, and
every other preprocessor is nbgrader's own.
"""

from __future__ import annotations

from enum import StrEnum

from nbconvert.preprocessors import ExecutePreprocessor
from nbgrader.apps import NbGraderAPI
from nbgrader.converters import Autograde
from nbgrader.converters.base import BaseConverter
from nbgrader.utils import capture_log, setenv, temp_attrs
from traitlets import Unicode
from traitlets.utils.importstring import import_item


class Stage(StrEnum):
    """The stages of nbgrader's autograde run by the main process."""

    PREPARE = "prepare"
    FINISH = "finish"


def _is_execute(preprocessor) -> bool:
    cls = import_item(preprocessor) if isinstance(preprocessor, str) else preprocessor
    return isinstance(cls, type) and issubclass(cls, ExecutePreprocessor)


class StagedAutograde(Autograde):
    """nbgrader's Autograde converter, run one stage at a time (see the module docstring)."""

    stage = Unicode(Stage.PREPARE.value)
    staging_directory = Unicode("", help="Absolute folder the prepare stage reads from.")

    @property
    def _input_directory(self) -> str:
        if self.stage == Stage.FINISH:
            return self.coursedir.autograded_directory
        return self.staging_directory or self.coursedir.submitted_directory

    def init_destination(self, assignment_id: str, student_id: str) -> bool:
        if self.stage == Stage.FINISH:  # keep what the prepare stage and the worker wrote
            return True
        return super().init_destination(assignment_id, student_id)

    def init_assignment(self, assignment_id: str, student_id: str) -> None:
        if self.stage == Stage.PREPARE:
            super().init_assignment(assignment_id, student_id)

    def _init_preprocessors(self) -> None:
        self.exporter._preprocessors = []
        if self.stage == Stage.PREPARE:
            preprocessors = self.sanitize_preprocessors
        else:
            preprocessors = [p for p in self.autograde_preprocessors if not _is_execute(p)]
        for pp in preprocessors:
            self.exporter.register_preprocessor(pp)

    def convert_single_notebook(self, notebook_filename: str) -> None:
        self._sanitizing = self.stage == Stage.PREPARE
        self._init_preprocessors()
        with setenv(NBGRADER_EXECUTION="autograde"):
            BaseConverter.convert_single_notebook(self, notebook_filename)


def run_stage(
    api: NbGraderAPI, stage: Stage, assignment_id: str, student_id: str, staging: str = ""
) -> dict:
    """Run one stage for one submission, as ``NbGraderAPI.autograde`` runs the converter.

    Returns
    -------
    dict
        nbgrader's ``{"success": bool, "log": str, "error": str}``.
    """
    with temp_attrs(api.coursedir, assignment_id=assignment_id, student_id=student_id):
        app = StagedAutograde(coursedir=api.coursedir, parent=api)
        app.stage = stage.value
        app.staging_directory = staging
        app.force = True
        app.create_student = True
        return capture_log(app)
