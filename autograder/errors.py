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
SUBMISSION_HAS_LINKS = (
    "{folder} holds symbolic links or special files ({names}), which nbgrader would follow "
    "with the grader's rights (a link could point at the gradebook or another student's "
    "work): nothing was run and the submission is flagged for manual grading. Replace them "
    "with plain files (or ask the student to resubmit) and grade again."
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

# --- Sandbox, parallel batches, cheat review (issue 5) --------------------------------------
SANDBOX_UNAVAILABLE = (
    "The sandbox cannot start on this machine ({reason}), so student code would run with your "
    "rights (it could read the solutions, the gradebook and other students' work, and reach "
    "the network). Install bubblewrap (`apt-get install bubblewrap`), run the grader as root "
    "(it starts each kernel under an unprivileged uid), and allow user namespaces; or, on a "
    "machine you trust the submissions on, pass --no-sandbox."
)
SANDBOX_HELPERS_MISMATCH = (
    "The sandboxed kernel does not import the course helpers the grader uses: the grader "
    "imports {grader}, a sandboxed Python gets {kernel}. Every answer would fail for a reason "
    "that is not the student's. Install this checkout of the course into the environment you "
    "grade with (from the course folder: `pip install -e .`, or `make setup` in a fresh clone) "
    "and run the command again."
)
KERNEL_SERVER_FAILED = (
    "The grading worker's kernel server (the sandboxed process that forks each student's "
    "kernel with the course's libraries already imported) did not start: {reason}. Check "
    "that the grader runs as root with bubblewrap installed (`make setup`), then grade again."
)
BAD_JOBS = "--jobs must be a whole number of workers >= 1 (got {value})."
INTERRUPTED = (
    "Interrupted: {done} submission(s) of this batch were graded and kept; run the same "
    "command again to grade the {left} left (finished ones are not graded twice)."
)
NOTEBOOK_TIMED_OUT = (
    "{notebook} ran past the {seconds} s limit for a whole notebook and its kernel was "
    "stopped: every test counts 0 and the submission is flagged for manual grading. Look for "
    "a loop or a computation that is far too slow."
)
OUTPUT_LIMIT = (
    "cell '{cell}' of {notebook} printed more than the {limit_kb} kB of output the grader "
    "accepts, so its kernel was stopped: every test counts 0 and the submission is flagged for "
    "manual grading. Look for a print in a loop."
)
SILENCED_TRACEBACK = (
    "cell(s) {cells} raised an error whose traceback the student's code had hidden (e.g. by "
    "replacing get_ipython().showtraceback); the error was recorded and the tests failed as "
    "they should. Review the submission for an attempt to cheat."
)
WORKER_DIED = (
    "the grading worker process died twice while this submission was running (it was killed "
    "from outside the grader, for example by the system when memory ran out): nothing was "
    "scored and the submission is flagged for manual grading. Run grade again to retry it; "
    "if it dies again, grade it alone with a lower memory limit (c.Sandbox.memory_mb)."
)
SCHEDULER_UNREACHABLE = (
    "cannot reach the Dask scheduler at {address} ({reason}). Start one (`dask scheduler`) "
    "and its workers (`dask worker {address}`) where they see the course folder, or leave out "
    "--scheduler to grade on this machine."
)
DAEMONIC_WORKERS = (
    "the workers of the Dask scheduler at {address} are daemonic processes, which cannot "
    "start the process each submission is graded in: start them with "
    "DASK_DISTRIBUTED__WORKER__DAEMON=False (e.g. `DASK_DISTRIBUTED__WORKER__DAEMON=False "
    "dask worker {address}`; for dask-jobqueue or dask-kubernetes, set it in the workers' "
    "environment)."
)
SUSPICIOUS_CODE = (
    "for review (not a penalty): answer cell '{cell}' {what}. Such code can change how the "
    "tests judge the answer; read the cell to check it is legitimate."
)
RELEASE_CHECK_FAILED = (
    "The student version of '{assignment_id}' was generated, but checking it failed: "
    "{problem}. If the errors point at the notebook, fix the source notebook in {source} "
    "(solution cells, tests, points); if they point at the environment (a module that cannot "
    "be imported, the sandbox), fix that; then run release again."
)
RELEASE_SOLUTION_LOSES_POINTS = (
    "the solution scores {score} / {max_score} ({status}; failing: {failing}; first errors: "
    "{causes})"
)

# --- collect: importing submissions from a folder or an LMS zip -----------------------------
COLLECT_SOURCE_NOT_FOUND = (
    "Nothing at {path}. Pass the folder of submissions or the zip your LMS gave you (e.g. "
    "Moodle's 'Download all submissions')."
)
ZIP_UNREADABLE = (
    "Could not open {path} as a zip file ({reason}). Download it again from the LMS, or unzip "
    "it yourself and pass the folder."
)
ZIP_TOO_BIG = (
    "{path} is too big to import safely: {what} (limit: {limit}). Check that it is the right "
    "file; if it is, unzip it yourself, remove what is not a submission and pass the folder."
)
ZIP_UNSAFE_PATH = (
    "{path} holds a file that would be written outside the import folder ({member}): nothing "
    "was imported. Do not use this zip; download the submissions again from the LMS."
)
ROSTER_NOT_FOUND = (
    "No roster file at {path}. Export the class list from the LMS as CSV (Moodle: the grading "
    "worksheet; Canvas: the gradebook export) and pass its path with --roster."
)
ROSTER_NO_ID_COLUMN = (
    "The roster {path} has no column of student ids (its columns: {columns}). Add a "
    "'student_id' column, or export it from the LMS with a 'Username', 'ID number', 'SIS Login "
    "ID' or 'Email address' column."
)
COLLECT_NEEDS_ROSTER = (
    "an LMS folder named after the student, not a student id: run collect again with "
    "--roster CLASS_LIST.csv (Moodle: the grading worksheet) to map names to ids"
)
COLLECT_NOT_IN_ROSTER = (
    "no student of the roster has this name or participant number: add the student to the "
    "roster (or copy the files to submitted/<student_id>/ yourself)"
)
COLLECT_AMBIGUOUS_NAME = (
    "several students of the roster have this name ({ids}): copy the files to "
    "submitted/<student_id>/ yourself for the right one"
)
COLLECT_BAD_STUDENT_ID = (
    "not a usable student id (letters, digits and . _ @ + - only): rename the folder to the "
    "student's id, or pass --roster to map names to ids"
)
COLLECT_MEMBER_TOO_BIG = (
    "{size:.0f} MB, more than the {limit:.0f} MB a submitted file may take: not collected "
    "(the other files were); ask the student to resubmit without it"
)
COLLECT_NOT_A_SUBMISSION = "a file or empty folder, not a student's submission folder: ignored"
COLLECT_KEPT_NEWER = (
    "kept the submission already collected ({existing}), which is not older than this one "
    "({incoming}); delete submitted/<student>/<assignment>/ first to replace it anyway"
)
COLLECT_DUPLICATE = "the import held several submissions for this student: the newest was kept"

# --- release zip ----------------------------------------------------------------------------
RELEASE_ZIP_LEAK = (
    "The student version {path} still contains '{marker}': it was not packed for the LMS. Check "
    "the source notebook's solution and hidden-test markers and run release again."
)

# --- export ---------------------------------------------------------------------------------
UNKNOWN_EXPORT_FORMAT = "Unknown export format '{fmt}': use one of {known}."
MOODLE_NEEDS_IDENTIFIERS = (
    "No student of '{assignment_id}' has a Moodle participant identifier, so Moodle cannot "
    "match the rows. Collect the submissions with --roster WORKSHEET.csv (Moodle's grading "
    "worksheet), or pass that worksheet to export with --roster."
)
EXPORT_NO_SUBMISSION = (
    "{count} student(s) of the roster have no submission: listed with an empty grade and the "
    "status no_submission: {students}. Enter a grade yourself where your rule gives one."
)
#: the Moodle worksheet's "Feedback comments", read by the student, per grading status
EXPORT_STUDENT_COMMENT = {
    "graded": "Graded automatically. Your feedback page explains each check.",
    "timed_out": (
        "Graded automatically. Part of your code ran past the time limit and was stopped: "
        "your feedback page says which checks could not pass."
    ),
    "tampered": (
        "Graded automatically with the checks as they were given to you; your instructor "
        "will review your notebook, in which a check was changed or deleted."
    ),
    "no_submission": "No submission was received for this assignment.",
    "missing": (
        "Your submission did not hold the notebook under its original name, so nothing "
        "could be graded. Ask your instructor whether you may resubmit."
    ),
    "malformed": (
        "Your file could not be opened as a notebook, so nothing could be graded. Ask your "
        "instructor whether you may resubmit."
    ),
    "other": (
        "Your notebook could not be graded automatically; your instructor will review it "
        "and this grade may change."
    ),
}
EXPORT_STUDENT_MANUAL = (
    "Some answers are still to be graded by your instructor: this grade may change."
)
EXPORT_LEFT_OUT = (
    "{count} student(s) left out of the {fmt} file because the roster has no {what} for them: "
    "{students}. Add them to the roster and export again, or enter their grades by hand."
)

# --- report ---------------------------------------------------------------------------------
NOTHING_TO_REPORT = (
    "The grade summary of '{assignment_id}' has no submission: collect and grade submissions "
    "first, then run report again."
)

# --- feedback pages for submissions that could not be graded normally (read by students) ----
STUDENT_STATUS = {
    "graded": "",
    "timed_out": (
        "Some of your code ran longer than the time limit ({timeout} seconds per cell, or the "
        "limit for the whole notebook) and was stopped, so the checks that needed it could not "
        "pass. Look for an endless loop or a "
        "very slow computation, run your notebook from top to bottom, and resubmit if allowed."
    ),
    "tampered": (
        "A locked cell or a test cell of your notebook was changed or deleted, or your code "
        "changed how the notebook runs its checks. The checks were run in their original form "
        "where they could be, and your instructor will review the notebook. Keep test cells as "
        "they are in the notebook you were given, and do not change how Python runs code."
    ),
    "output_limit": (
        "One of your cells printed far more output than the grader accepts (a print inside a "
        "loop?), so your notebook was stopped and could not be graded automatically. Your "
        "instructor will review it. Print only what you need, and resubmit if allowed."
    ),
    "kernel_died": (
        "Python stopped while running your notebook (the code ended the process, crashed, or "
        "used too much memory), so it could not be graded automatically. Your instructor will "
        "review it. Restart the kernel and run all cells to find the cell that stops."
    ),
    "error": (
        "Your notebook could not be graded automatically because of a problem while running it. "
        "Your instructor will review it. Run all cells from top to bottom to check it runs."
    ),
    "malformed": (
        "The file you submitted is not a readable Jupyter notebook (it may be damaged, or "
        "another kind of file), so nothing could be run. Open it in Jupyter to check, and "
        "resubmit the .ipynb file if allowed."
    ),
    "missing": (
        "No notebook named {expected} was found in your submission (found: {found}). Submit "
        "the notebook you were given, under its original name, if you may still resubmit."
    ),
}
STUDENT_STATUS_UNKNOWN = (
    "Your submission could not be graded in the usual way (status: {status}). Your instructor "
    "has been told and will review it."
)

# --- CME certificates (certificates MODULE, verify CODE|FILE) -------------------------------
UNKNOWN_CME_MODULE = (
    "Unknown module '{module}': certificates exist for {known}. Give the module's id, as in "
    "book/<id>.md (its post-test is the assignment <id>_post)."
)
NO_POST_TEST_GRADED = (
    "Module '{module}' has no graded post-test: release the assignment {post}, collect the "
    "learners' submissions and run `python -m autograder grade {post}` first, then "
    "certificates again."
)
UNKNOWN_LANGUAGE = "Unknown language '{language}': certificates are written in {known}."
BAD_PASS_PERCENT = (
    "c.Certificates.pass_percent must be a number above 0 and at most 100 (got {value!r}): "
    "fix it in nbgrader_config.py."
)
NO_CERTIFICATE_KEY = (
    "No certificate key at {path}, so no certificate can be checked here. Put the course's "
    "key file there (its place is c.Certificates.key_file in nbgrader_config.py), or run the "
    "command from the course folder that holds it. If the key is lost, the certificates it "
    "signed can no longer be verified: issue them again (`python -m autograder certificates "
    "MODULE` creates a new key)."
)
BAD_CERTIFICATE_KEY = (
    "The certificate key {path} is not a key this course writes ({bytes} random bytes in "
    "hexadecimal). Restore it from your backup; do not edit it."
)
CERTIFICATE_KEY_CREATED = (
    "There was no certificate key, so a new one was written to {path} (readable by you "
    "only). Keep it private and back it up: whoever holds it can issue certificates in the "
    "course's name, and without it none of these certificates can be verified. Its folder "
    "holds a .gitignore, so git never commits it; never copy it into a shared folder."
)
CERTIFICATE_POST_STATUS = (
    "the post-test was not graded normally (status: {status}): review the submission, grade "
    "it again, then run certificates again"
)
CERTIFICATE_BELOW_PASS = "{what} score {percent:.0f} % is below the pass mark of {pass_percent:g} %"
CERTIFICATE_NO_ASSIGNMENT = (
    "the module's graded assignment has no graded submission from this learner (the rule "
    "c.Certificates.require_assignment asks for one)"
)
CERTIFICATE_ASSIGNMENT_MANUAL = (
    "the module's graded assignment still has answers to grade by hand: grade them in "
    "formgrader, then run certificates again"
)
VERIFY_GENUINE = (
    "GENUINE: certificate {code}, issued by {issuer} on {issued} to {learner} ({learner_id}) "
    "for the module '{module}' (post-test {post:g} %); its fields are unaltered."
)
VERIFY_UNKNOWN_CODE = (
    "NOT VERIFIED: no certificate with the code {code} was issued by this course (register "
    "{register}). Check the code as it is printed on the certificate."
)
VERIFY_ALTERED_REGISTER = (
    "NOT VERIFIED: the register's entry for {code} does not match its code: the register was "
    "changed after the certificate was issued. Restore it from your backup."
)
VERIFY_BAD_SIGNATURE = (
    "NOT GENUINE: the certificate's fields do not match its code {code}: they were changed "
    "after it was issued, or another key signed them."
)
VERIFY_ALTERED_FILE = (
    "NOT GENUINE: the file's fields match the code {code}, but the file is not the one they "
    "make: it was changed after it was issued."
)
VERIFY_NOT_A_CERTIFICATE = "NOT GENUINE: {path} holds no certificate data of this course."
VERIFY_NOTHING = (
    "'{target}' is neither a file nor a verification code (codes look like "
    "ABCD-EFGH-IJKL-MNOP-QRST-UVWX). Give the code printed on the certificate, or the path of "
    "its HTML or PDF file."
)
