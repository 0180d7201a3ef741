"""Every message the autograder prints: what went wrong, then what to do.

Messages are ``str.format`` templates, kept here so that the tests can assert them.
"""

from __future__ import annotations


class AutograderError(Exception):
    """A batch could not run at all; the message says why and what to do."""


# --- The batch cannot run (the command exits with status 2) --------------------------------
COURSE_DIR_NOT_FOUND = (
    "No nbgrader_config.py in {path}. Run the command from the course folder (the one holding "
    "nbgrader_config.py and assignments/) or pass --course-dir PATH_TO_THAT_FOLDER."
)
CONFIG_UNREADABLE = (
    "Could not read {path}: {reason}. Fix the file (it is Python: run `python {path}` to see "
    "the error) and try again."
)
UNKNOWN_ASSIGNMENT = (
    "Unknown assignment '{assignment_id}': there is no folder {source}. Known assignments: "
    "{known}. Check the spelling, or put the source notebook in {source_root}/<id>/."
)
NOT_RELEASED = (
    "Assignment '{assignment_id}' is not in the gradebook ({db_url}) yet. Run "
    "`python -m autograder release {assignment_id}` first, then grade."
)
RELEASE_FAILED = (
    "nbgrader could not generate the student version of '{assignment_id}': {reason}. Fix the "
    "source notebook in {source} (its nbgrader log is in {log}) and run release again."
)
NO_SUMMARY = (
    "No grading summary at {path}. Run `python -m autograder grade {assignment_id}` first, "
    "then {command} again."
)
BAD_TIMEOUT = "--timeout must be a whole number of seconds >= 1 (got {value})."

# --- Notices that do not stop the batch -----------------------------------------------------
NO_SUBMISSIONS = (
    "No submissions for '{assignment_id}': nothing matches {pattern}. Put each student's files "
    "in submitted/<student_id>/{assignment_id}/ (e.g. `nbgrader collect` or "
    "`nbgrader zip_collect`), then run grade again."
)
NOTHING_TO_FEED_BACK = (
    "No graded submission of '{assignment_id}' has an autograded notebook: run "
    "`python -m autograder grade {assignment_id}` first."
)

# --- Per-submission details (the `notes` of a student in the grade summary) ----------------
MISSING_NOTEBOOK = (
    "no {expected} in {folder} (found: {found}). Ask the student to submit the released "
    "notebook under its original name (or rename the file) and grade again."
)
MALFORMED_NOTEBOOK = (
    "{path} is not a readable notebook ({reason}). Nothing was run and the submission is "
    "flagged for manual grading. Ask the student to resubmit (or repair the JSON) and grade "
    "again."
)
KERNEL_DIED = (
    "the Python kernel died while running {notebook} (os._exit, a crash, or memory "
    "exhaustion): no test could be scored, every test counts 0 and the submission is flagged "
    "for manual grading. Read the student's code and the log {log}."
)
TIMED_OUT = (
    "cell(s) {cells} ran past the {timeout} s per-cell limit and were stopped; the cells after "
    "them still ran and were scored. Look for an infinite loop or a very slow computation."
)
TIMED_OUT_UNSTOPPABLE = (
    "{notebook} ran past the {timeout} s per-cell limit and did not stop when interrupted (the "
    "code ignores interrupts), so nbgrader gave up on it: every test counts 0 and the "
    "submission is flagged for manual grading. Read the student's code and the log {log}."
)
TAMPERED_MODIFIED = (
    "locked cell '{cell}' in {notebook} was edited; nbgrader graded it with the original "
    "cell. Check the student's notebook for an attempt to change a test."
)
TAMPERED_DELETED = (
    "{kind} cell '{cell}' is missing from {notebook}; nbgrader {action}. Check the student's "
    "notebook for an attempt to remove a test."
)
TAMPERED_POINTS = (
    "the points of '{cell}' in {notebook} were changed from {expected} to {got}; nbgrader used "
    "{expected}. Check the student's notebook metadata."
)
GRADING_FAILED = (
    "nbgrader could not grade this submission ({reason}): every test counts 0 and the "
    "submission is flagged for manual grading. See the log {log}."
)
NO_FEEDBACK = {
    "missing": "no notebook was submitted under the expected name: nothing to give feedback on",
    "malformed": "the notebook could not be read: ask the student to resubmit",
    "kernel_died": "the kernel died during grading, so there is no autograded notebook",
    "error": "nbgrader failed on this submission, so there is no autograded notebook",
    "timed_out": "the code ignored the interrupt at the time limit: no autograded notebook",
    "not_graded": "no autograded notebook: run grade for this assignment first",
}
FEEDBACK_FAILED = (
    "nbgrader could not write the feedback ({reason}); see {log} and run feedback again."
)
