"""Grading tooling around nbgrader for the course, for classes of hundreds.

``python -m autograder release|collect|grade|feedback|export|report ASSIGNMENT_ID``; see
`autograder.cli`. Modules, one per job:

- `course` -- the course folder and its nbgrader configuration;
- `release` -- the student version, checked by grading the solution and a blank notebook;
- `package` -- the release zip for the LMS;
- `collect` -- submissions from a folder or an LMS zip (Moodle's layout) into ``submitted/``;
- `batch` -- ``grade``: the schedule of a batch, resumable, one writer to the gradebook;
  its parts: `planning` (what to grade), `prepare` (checks and a trusted copy of each
  submission, `sanitize`), `worker` (the per-submission work in a pool of processes),
  `classify` (the status an execution gets), `record` (the gradebook), `stages` (nbgrader's
  autograde converter run in stages);
- `execute` -- a notebook run: the student's cells in the sandboxed kernel, the tests in the
  trusted `checker`, which reads the student's answers as data (`kernel_agent` in the
  kernel, `codec` in the checker);
- `sandbox` -- the bubblewrap sandbox and resource limits of a student's kernel;
- `cheats` -- an AST scan that flags tampering with the kernel or libraries for review;
- `inspection` -- read-only checks of a submission (malformed, tampered, timed out);
- `summary` -- the grade summary JSON and table;
- `feedback`, `feedback_filters` -- feedback pages that name each test, never show its code;
- `export` -- grades as CSV, Moodle grading worksheet or Canvas gradebook;
- `report` -- the class report (HTML with plots);
- `errors` -- every message, saying what went wrong and what to do;
- `language`, `messages_fr` -- what a learner reads (feedback, certificates, the Moodle
  comments, the checker's messages) in the course's language, ``c.Course.language``.
"""

from autograder.errors import AutograderError

__all__ = ["AutograderError"]
