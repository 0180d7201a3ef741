"""Prepare one submission in the main process: checks, a trusted copy, nbgrader's first pass.

`prepare` decides, without running anything, whether a submission can be graded (a notebook
with the expected name, plain files only, readable JSON) and notes what the instructor should
look at (edited tests, suspicious code). Then it writes a staging copy that holds only what
is trusted: each notebook rebuilt from the instructor's source with the student's answers
(`sanitize.rebuild`) and the collect step's ``timestamp.txt``; nothing else the student sent
goes on. nbgrader's sanitizing pass reads that copy and writes
``autograded/<student>/<assignment>/``, adding the assignment's own data files.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.apps import NbGraderAPI
from nbgrader.preprocessors import ClearSolutions
from nbgrader.utils import rmtree

from . import cheats, errors, inspection, record, sanitize, stages
from . import summary as sm
from .course import Course

#: folder of the course where the trusted copies are written for nbgrader's first pass
STAGING_DIR = ".autograder-staging"
#: the collect step's record of when the submission was made (nbgrader's file name)
TIMESTAMP_FILE = "timestamp.txt"
MAX_TIMESTAMP_BYTES = 200


@dataclass
class Prepared:
    """A submission after the main process's checks: its result so far, and what to run."""

    result: sm.SubmissionResult
    notebooks: list[str] = field(default_factory=list)

    @property
    def decided(self) -> bool:
        """True when nothing is to be run (missing, malformed, nbgrader failed)."""
        return not self.notebooks


def _give_up(
    course: Course, assignment_id: str, result: sm.SubmissionResult, status: sm.Status, note: str
) -> Prepared:
    result.status = status
    result.notes.append(note)
    needs_review = status != sm.Status.MISSING
    record.without_grading(course, assignment_id, result.student_id, needs_review=needs_review)
    record.fill_scores(course, assignment_id, result)
    return Prepared(result)


def prepare(
    course: Course,
    api: NbGraderAPI,
    assignment_id: str,
    student_id: str,
    notebook_names: list[str],
) -> Prepared:
    """Check one submission and write its trusted copy to ``autograded/``.

    Returns
    -------
    Prepared
        The result so far, and the autograded notebooks to run (none when decided here).
    """
    folder = course.submitted_dir / student_id / assignment_id
    result = sm.SubmissionResult(student_id=student_id, status=sm.Status.GRADED)
    where = folder.relative_to(course.root)
    listing = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []

    # 1. Is there a notebook with the expected name, plain files only, parsing as JSON?
    present = [n for n in notebook_names if (folder / f"{n}.ipynb").is_file()]
    if not present:
        expected = " and ".join(f"{n}.ipynb" for n in notebook_names)
        note = errors.MISSING_NOTEBOOK.format(
            expected=expected, folder=where, found=", ".join(listing) or "nothing"
        )
        return _give_up(course, assignment_id, result, sm.Status.MISSING, note)
    for name in sorted(set(notebook_names) - set(present)):  # nbgrader scores it 0
        result.notes.append(
            errors.MISSING_NOTEBOOK.format(
                expected=f"{name}.ipynb", folder=where, found=", ".join(listing)
            )
        )
    links = _links_and_special_files(folder)
    if links:
        note = errors.SUBMISSION_HAS_LINKS.format(folder=where, names=", ".join(links))
        return _give_up(course, assignment_id, result, sm.Status.MALFORMED, note)
    parsed = {}
    for name in present:
        path = folder / f"{name}.ipynb"
        try:
            parsed[name] = inspection.read_notebook(path)
        except inspection.MalformedNotebookError as exc:
            note = errors.MALFORMED_NOTEBOOK.format(path=path.relative_to(course.root), reason=exc)
            return _give_up(course, assignment_id, result, sm.Status.MALFORMED, note)

    # 2. Edited or removed locked and test cells (they are restored), code worth a look.
    tampering = []
    with course.gradebook() as gb:
        for name, nb in parsed.items():
            references = inspection.reference_cells(gb.find_notebook(name, assignment_id))
            tampering.extend(inspection.find_tampering(nb, references, name))
            for cell, what in cheats.scan_notebook(nb):
                result.review.append(errors.SUSPICIOUS_CODE.format(cell=cell, what=what))
    if tampering:
        result.status = sm.Status.TAMPERED
        result.notes.extend(tampering)

    # 3. The trusted copy, then nbgrader's first pass on it.
    staging_root = course.root / STAGING_DIR
    staged = staging_root / student_id / assignment_id
    if staged.exists():
        rmtree(str(staged))
    staged.mkdir(parents=True)
    try:
        stubber = ClearSolutions(config=course.config)
        for name, nb in parsed.items():
            source = nbformat.read(course.source_dir / assignment_id / f"{name}.ipynb", 4)
            nbformat.write(sanitize.rebuild(nb, source, stubber), staged / f"{name}.ipynb")
        _copy_timestamp(folder, staged)
        outcome = stages.run_stage(
            api, stages.Stage.PREPARE, assignment_id, student_id, staging=str(staging_root)
        )
    finally:
        rmtree(str(staged))
    log = record.write_log(course, assignment_id, student_id, outcome)
    result.log_file = str(log.relative_to(course.root))
    if not outcome.get("success"):
        note = errors.GRADING_FAILED.format(reason=record.last_error(outcome), log=result.log_file)
        return _give_up(course, assignment_id, result, sm.Status.ERROR, note)
    dest = course.autograded_dir / student_id / assignment_id
    return Prepared(result, [str(dest / f"{name}.ipynb") for name in present])


def _copy_timestamp(folder: Path, staged: Path) -> None:
    """The collect step's timestamp (a short plain file), if there is one."""
    stamp = folder / TIMESTAMP_FILE
    if stamp.is_file() and not stamp.is_symlink() and stamp.stat().st_size <= MAX_TIMESTAMP_BYTES:
        shutil.copyfile(stamp, staged / TIMESTAMP_FILE)


def _links_and_special_files(folder: Path) -> list[str]:
    """What in a submission folder is neither a plain file nor a folder (never followed)."""
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_symlink() or not (path.is_file() or path.is_dir())
    )
