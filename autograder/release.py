"""``release``: the student version of an assignment, checked by grading it.

``NbGraderAPI.generate_assignment`` writes ``release/<id>/`` and records the assignment in
the gradebook; then `check_release` grades, in a temporary copy of the course (in the
sandbox when it can start here), the source notebook (it must get every autograded point)
and the untouched student version (it must get none). When the solution loses points, the
message names what failed and why (the first errors of the run), so that a broken
environment is not mistaken for a broken notebook.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import batch, errors, record, sandbox
from . import summary as sm
from .course import Course

#: errors of the solution's run quoted in a failed self-check
MAX_QUOTED_ERRORS = 3


@dataclass
class ReleaseResult:
    """Where the student version of an assignment was written."""

    assignment_id: str
    folder: Path
    files: list[Path]
    check: str = ""


def release(course: Course, assignment_id: str, check: bool = True) -> ReleaseResult:
    """Generate the student version (``release/<id>/``) and record the assignment.

    Parameters
    ----------
    course
        The course.
    assignment_id
        Folder name under the source directory.
    check
        Grade the solution and the blank student version afterwards (`check_release`).

    Returns
    -------
    ReleaseResult
        The release folder and its files.
    """
    course.check_assignment(assignment_id)
    result = course.api().generate_assignment(assignment_id, force=True, create=True)
    folder = course.release_dir / assignment_id
    if not result.get("success"):
        log = record.write_log(course, assignment_id, "release", result)
        raise errors.AutograderError(
            errors.RELEASE_FAILED.format(
                assignment_id=assignment_id,
                reason=record.last_error(result),
                source=course.source_dir / assignment_id,
                log=log,
            )
        )
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    verdict = check_release(course, assignment_id) if check else ""
    return ReleaseResult(assignment_id=assignment_id, folder=folder, files=files, check=verdict)


def run_errors(course: Course, assignment_id: str, student_id: str) -> list[str]:
    """The first errors in a graded submission's notebooks: ``cell: Type: message``."""
    found = []
    for path in sorted((course.autograded_dir / student_id / assignment_id).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells):
            meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    name = meta.get("grade_id") or f"cell {index}"
                    found.append(f"{name}: {output.get('ename')}: {output.get('evalue')}"[:300])
                    break
    return found[:MAX_QUOTED_ERRORS]


def check_release(course: Course, assignment_id: str) -> str:
    """Grade the solution and the blank student version in a temporary copy of the course.

    The solution must get every autograded point and the blank notebook none (both in the
    sandbox when it can start here); otherwise `AutograderError` (``RELEASE_CHECK_FAILED``),
    naming the first errors of the solution's run.

    Returns
    -------
    str
        What was checked, to print.
    """
    use_sandbox = True
    try:
        sandbox.check_available()
    except errors.AutograderError:
        use_sandbox = False
    source = course.source_dir / assignment_id
    with tempfile.TemporaryDirectory(prefix=f"release-check-{assignment_id}-") as tmp:
        root = Path(tmp)
        shutil.copy(course.root / "nbgrader_config.py", root / "nbgrader_config.py")
        shutil.copytree(source, root / course.source_dir.relative_to(course.root) / assignment_id)
        copy = Course.load(root)
        release(copy, assignment_id, check=False)
        for student, folder in (("solution", source), ("blank", copy.release_dir / assignment_id)):
            target = copy.submitted_dir / student / assignment_id
            target.mkdir(parents=True)
            for notebook in folder.glob("*.ipynb"):
                shutil.copy(notebook, target / notebook.name)
        summary = batch.grade(
            copy, assignment_id, echo=lambda _: None, jobs=2, use_sandbox=use_sandbox
        )
        results = summary.by_student()
        solution, blank = results["solution"], results["blank"]
        problems = []
        full = solution.autograded_score == solution.autograded_max_score
        if solution.status != sm.Status.GRADED or not full:
            failed = [
                name
                for name, g in solution.grades.items()
                if g["autograded"] and g["score"] < g["max_score"]
            ]
            causes = run_errors(copy, assignment_id, "solution") or solution.notes
            problems.append(
                errors.RELEASE_SOLUTION_LOSES_POINTS.format(
                    score=f"{solution.autograded_score:g}",
                    max_score=f"{solution.autograded_max_score:g}",
                    status=solution.status,
                    failing=", ".join(failed) or "none",
                    causes="; ".join(causes) or "none recorded",
                )
            )
    if blank.autograded_score != 0:
        passed = [name for name, g in blank.grades.items() if g["autograded"] and g["score"] > 0]
        problems.append(
            f"the blank notebook scores {blank.autograded_score:g} (tests passing without an "
            f"answer: {', '.join(passed)})"
        )
    if solution.autograded_max_score <= 0:
        problems.append("the assignment has no autograded test points")
    if problems:
        raise errors.AutograderError(
            errors.RELEASE_CHECK_FAILED.format(
                assignment_id=assignment_id, problem="; ".join(problems), source=source
            )
        )
    where = "in the sandbox" if use_sandbox else "WITHOUT the sandbox (it cannot start here)"
    return (
        f"Checked {where}: the solution scores {solution.autograded_score:g} / "
        f"{solution.autograded_max_score:g} and a blank notebook 0."
    )
