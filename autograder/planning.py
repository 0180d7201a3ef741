"""Which submissions a batch grades, and which it keeps from the last run.

A submission is graded again only when something that decides its score changed since it
was graded: its files, the assignment's source, the grading settings (time limit, sandbox,
limits, nbgrader's version), the course configuration, the code the tests and the grader run
(``medai``, ``autograder``) or the due date. Its fingerprint is a checksum of all of these.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import medai

from . import summary as sm
from .course import Course


def hash_tree(digest, root: Path, pattern: str = "*") -> None:
    """Feed the names and contents of the files under ``root`` matching ``pattern`` (sorted).

    Links are hashed by their target's name, never followed.
    """
    if root.is_dir():
        for path in sorted(root.rglob(pattern)):
            if path.is_symlink():
                digest.update(str(path.relative_to(root)).encode() + b"\0link\0")
            elif path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(b"\1")


def fingerprint(folder: Path, source: Path, settings: dict) -> str:
    """Checksum of a submission's files, the assignment's source and the grading settings."""
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
    for root in (folder, source):
        hash_tree(digest, root)
    return digest.hexdigest()


def grading_inputs(course: Course, assignment_id: str) -> dict[str, str]:
    """What else decides a score: the course configuration, the code of ``medai`` and
    ``autograder``, and the assignment's due date (late penalties)."""
    digest = hashlib.sha256()
    for package in (Path(medai.__file__).parent, Path(__file__).parent):
        hash_tree(digest, package, "*.py")
    config = course.root / "nbgrader_config.py"
    with course.gradebook() as gb:
        due = gb.find_assignment(assignment_id).duedate
    return {
        "config": hashlib.sha256(config.read_bytes()).hexdigest() if config.is_file() else "",
        "code": digest.hexdigest(),
        "due": due.isoformat() if due is not None else "",
    }


def submission_folders(course: Course, assignment_id: str) -> list[Path]:
    """The ``submitted/<student>/<assignment_id>/`` folders, sorted by student id."""
    if not course.submitted_dir.is_dir():
        return []
    return sorted(
        p
        for p in course.submitted_dir.glob(f"*/{assignment_id}")
        if p.is_dir() and not p.is_symlink()
    )


@dataclass
class Plan:
    """A batch's work: submissions to grade (with their fingerprints) and results kept."""

    todo: list[tuple[str, str]] = field(default_factory=list)
    kept: dict[str, sm.SubmissionResult] = field(default_factory=dict)


def _still_there(course: Course, assignment_id: str, kept: sm.SubmissionResult) -> bool:
    """A kept result whose autograded notebook was deleted since is graded again."""
    if kept.status not in sm.HAS_AUTOGRADED_NOTEBOOK:
        return True
    return (course.autograded_dir / kept.student_id / assignment_id).is_dir()


def plan(
    course: Course,
    assignment_id: str,
    settings: dict,
    previous: dict[str, sm.SubmissionResult],
) -> Plan:
    """Split the submissions into those to grade and those unchanged since ``previous``."""
    out = Plan()
    source = course.source_dir / assignment_id
    for folder in submission_folders(course, assignment_id):
        student_id = folder.parent.name
        fp = fingerprint(folder, source, settings)
        kept = previous.get(student_id)
        if (
            kept is not None
            and kept.fingerprint == fp
            and _still_there(course, assignment_id, kept)
        ):
            out.kept[student_id] = kept
        else:
            out.todo.append((student_id, fp))
    return out
