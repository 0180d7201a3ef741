"""Pack the student version of an assignment (``release/<ID>/``) into a zip for the LMS.

The zip holds the released notebooks and data files under one folder ``<ID>/``, nothing
else: no checkpoints, caches or hidden files, and it is refused if a notebook still has a
solution or hidden-test marker.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from . import errors
from .course import Course

#: Names never packed (editor and Python leftovers, hidden files).
SKIPPED_PARTS = {".ipynb_checkpoints", "__pycache__", ".DS_Store"}
#: Text that must not reach students (nbgrader's markers of solutions and hidden tests).
LEAK_MARKERS = ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS")


def release_zip_path(course: Course, assignment_id: str) -> Path:
    """``release/<assignment_id>.zip``."""
    return course.release_dir / f"{assignment_id}.zip"


def pack_release(course: Course, assignment_id: str) -> Path:
    """Zip ``release/<assignment_id>/`` for the LMS.

    Parameters
    ----------
    course
        The course.
    assignment_id
        An assignment that ``release`` has generated.

    Returns
    -------
    Path
        The zip written (``release/<assignment_id>.zip``).
    """
    folder = course.release_dir / assignment_id
    files = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part in SKIPPED_PARTS or part.startswith(".") for part in relative.parts):
            continue
        if not path.is_file() or path.is_symlink():
            continue
        if path.suffix == ".ipynb":
            text = path.read_text(encoding="utf-8", errors="replace")
            for marker in LEAK_MARKERS:
                if marker in text:
                    raise errors.AutograderError(
                        errors.RELEASE_ZIP_LEAK.format(path=path, marker=marker)
                    )
        files.append((path, relative))
    output = release_zip_path(course, assignment_id)
    partial = output.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, relative in files:
            archive.write(path, f"{assignment_id}/{relative.as_posix()}")
    partial.replace(output)  # never leave a half-written zip for the LMS
    return output
