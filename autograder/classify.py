"""Classify how a submission's execution went: its status and the notes that say why.

Pure functions of the worker's reports (`execute.ExecutionReport`): no gradebook, no files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import errors
from . import summary as sm
from .execute import ExecutionReport, Outcome


@dataclass
class Classification:
    """A submission's status after execution, with its notes and review notes.

    ``scored`` is False when nothing may be scored: the submission is recorded at 0 and
    flagged for manual grading instead of going through nbgrader's scoring pass.
    """

    status: sm.Status
    notes: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    scored: bool = True


def classify(
    reports: list[ExecutionReport],
    *,
    prior: sm.Status,
    prior_notes: list[str],
    notebook_seconds: int,
    output_cell_kb: int,
    cell_timeout: int,
    log_file: str,
) -> Classification:
    """What the reports of one submission's notebooks say.

    Parameters
    ----------
    reports
        One per notebook run, in order (the run stops at the first that did not finish).
    prior
        The status the prepare step gave (``graded`` or ``tampered``).
    prior_notes
        The prepare step's notes (edited or deleted cells, missing notebooks): kept in every
        outcome.
    notebook_seconds, output_cell_kb, cell_timeout
        The limits, for the messages.
    log_file
        The submission's log, for the messages.
    """
    review = []
    for report in reports:
        if report.silenced_cells:
            review.append(errors.SILENCED_TRACEBACK.format(cells=", ".join(report.silenced_cells)))
    failed = next((r for r in reports if r.outcome != Outcome.EXECUTED), None)
    if failed is not None:
        notebook = f"{failed.notebook}.ipynb"
        if failed.outcome == Outcome.NOTEBOOK_TIMEOUT:
            status = sm.Status.TIMED_OUT
            note = errors.NOTEBOOK_TIMED_OUT.format(notebook=notebook, seconds=notebook_seconds)
        elif failed.outcome == Outcome.OUTPUT_LIMIT:
            status = sm.Status.OUTPUT_LIMIT
            note = errors.OUTPUT_LIMIT.format(
                cell=failed.output_cell, notebook=notebook, limit_kb=output_cell_kb
            )
        elif failed.outcome == Outcome.KERNEL_DIED:
            status = sm.Status.KERNEL_DIED
            note = errors.KERNEL_DIED.format(notebook=notebook, log=log_file)
        elif failed.outcome == Outcome.UNSTOPPABLE:
            status = sm.Status.TIMED_OUT
            note = errors.TIMED_OUT_UNSTOPPABLE.format(
                notebook=notebook, timeout=cell_timeout, log=log_file
            )
        else:
            status = sm.Status.ERROR
            note = errors.GRADING_FAILED.format(reason=failed.reason, log=log_file)
        return Classification(status, [note, *prior_notes], review, scored=False)
    stopped = [cell for r in reports for cell in r.timed_out_cells]
    notes = list(prior_notes)
    status = prior
    if stopped:
        notes.insert(0, errors.TIMED_OUT.format(cells=", ".join(stopped), timeout=cell_timeout))
        if prior != sm.Status.TAMPERED:  # a tampered submission is reported as such
            status = sm.Status.TIMED_OUT
    return Classification(status, notes, review)
