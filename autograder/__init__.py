"""Grading tooling around nbgrader for the course.

``python -m autograder release|grade|feedback|export ASSIGNMENT_ID [--course-dir DIR]``;
see `autograder.cli`. Modules: `course` (course folder and nbgrader configuration),
`pipeline` (the four steps over nbgrader's Python API), `inspection` (read-only checks of a
submission), `summary` (the grade summary JSON and table), `feedback_filters` (hide hidden
tests' code in feedback), `errors` (every message).
"""

from autograder.errors import AutograderError

__all__ = ["AutograderError"]
