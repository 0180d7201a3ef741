"""Grading tooling around nbgrader for the course, for classes of hundreds.

``python -m autograder release|collect|grade|feedback|export|report ASSIGNMENT_ID``; see
`autograder.cli`. Modules, one per job:

- `course` -- the course folder and its nbgrader configuration;
- `pipeline` -- ``release`` (with its self-check) and ``grade`` over nbgrader's own converters;
- `package` -- the release zip for the LMS;
- `collect` -- submissions from a folder or an LMS zip (Moodle's layout) into ``submitted/``;
- `sandbox` -- the bubblewrap sandbox and resource limits of a student's kernel;
- `execute` -- nbgrader's Execute step, sandboxed, with silenced errors still counted;
- `parallel` -- execution in worker processes, one writer to the gradebook, resumable;
- `cheats` -- an AST scan that flags tampering with the kernel or libraries for review;
- `inspection` -- read-only checks of a submission (malformed, tampered, timed out);
- `summary` -- the grade summary JSON and table;
- `feedback`, `feedback_filters` -- feedback pages that name each test, never show its code;
- `export` -- grades as CSV, Moodle grading worksheet or Canvas gradebook;
- `report` -- the class report (HTML with plots);
- `errors` -- every message, saying what went wrong and what to do.
"""

from autograder.errors import AutograderError

__all__ = ["AutograderError"]
