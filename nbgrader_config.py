"""nbgrader configuration for the course (read by `nbgrader ...` and by `python -m autograder`).

Run nbgrader from the folder of this file. The course folder holds:

- ``assignments/<id>/``: the SOURCE versions (solutions, visible and hidden tests, data files);
- ``release/``, ``submitted/``, ``autograded/``, ``feedback/``, ``gradebook.db``: working
  folders and the gradebook, created by nbgrader and git-ignored.

Every option set here is an nbgrader 0.9 configurable; see
https://nbgrader.readthedocs.io/en/stable/configuration/config_options.html
"""

import os

from autograder.feedback_filters import template_basedirs

c = get_config()  # noqa: F821 -- provided by traitlets when it loads this file

# --- Course directory -----------------------------------------------------------------------
# The root is the folder of this file, so the commands work from anywhere and a copy of the
# course (e.g. in the tests' temporary directory) grades inside that copy.
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "ai-medicine"
c.CourseDirectory.source_directory = "assignments"
# db_url is left to its default: sqlite:///<root>/gradebook.db

# --- Language of what learners read from the grader (python -m autograder) -----------------
# "en" or "fr" (the French course sets "fr"): feedback pages (results, notes, nbgrader's
# labels) and certificates are written in it; what the instructor reads stays in English.
# Any other value stops feedback and certificates with a message saying so. (Read by
# autograder.language.course_language; nbgrader ignores this section.)
c.Course.language = "en"

# --- Student version (nbgrader generate_assignment) -----------------------------------------
c.ClearSolutions.code_stub = {
    "python": (
        "# YOUR CODE HERE\n"
        'raise NotImplementedError("Replace this line with your answer, then run the cell.")'
    ),
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# --- Execution during autograding (nbgrader autograde) --------------------------------------
# Each cell gets at most 30 s (the course's bar: a whole notebook runs in under 30 s on 2 cores).
# On timeout nbgrader interrupts the kernel, records the error below as the cell's output and
# goes on with the next cells, so an infinite loop costs the points of the tests that depend on
# it, not the whole submission. `python -m autograder grade` reports such a submission as
# "timed_out" by looking for this ename in the autograded notebook.
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True
c.Execute.error_on_timeout = {
    "ename": "CellTimeoutError",
    "evalue": "the cell ran past the time limit and was stopped",
    "traceback": [
        "CellTimeoutError: this cell ran past the per-cell time limit during grading and was "
        "stopped. Look for an infinite loop or a computation that is far too slow."
    ],
}
# The kernel gets 60 s to start; a kernel that dies (e.g. os._exit) fails that submission only.
c.Execute.startup_timeout = 60
c.Execute.execute_retries = 0
# (Execute.allow_errors is True in nbgrader and not configurable: a failing cell does not stop
# the notebook, it only costs that test cell's points.)

# A test cell that a student deleted is put back from the gradebook and run, so deleting a
# failing test cannot help; nbgrader logs "Missing grade cell ... adding to notebook".
# (Edited locked cells are always restored; nbgrader logs "Attribute 'checksum' ... changed".)
c.OverwriteCells.add_missing_cells = True

# --- Sandbox (python -m autograder grade; see book/instructor_sandbox.md) -------------------
# Student kernels run in a bubblewrap sandbox with these limits. Memory, processes, CPU time
# and file size are rlimits of each kernel process; the wall time of a whole notebook and the
# output accepted from a cell / a notebook are enforced by the grader, which kills the kernel
# beyond them. (Read by autograder.sandbox.limits_from_config; nbgrader ignores them.)
c.Sandbox.memory_mb = 3072
c.Sandbox.processes = 64
c.Sandbox.cpu_seconds = 600
c.Sandbox.file_mb = 64
c.Sandbox.notebook_seconds = 600
c.Sandbox.output_cell_kb = 2048
c.Sandbox.output_notebook_kb = 8192

# --- Feedback (nbgrader generate_feedback) --------------------------------------------------
# nbgrader shows hidden tests' code in feedback by design (jupyter/nbgrader#917). The course
# promises that feedback says which hidden test failed and why, never its code, so the hidden
# region is replaced, and a table of results (the checker's messages) comes first.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "autograder.feedback_filters.HideHiddenTests",
]
# The page's template is nbgrader's "feedback" with its labels in the course's language: the
# course's templates folder comes first, then nbgrader's (formgrader still finds its own).
c.HTMLExporter.extra_template_basedirs = template_basedirs()
# The student's HTML, JavaScript and markdown are sanitized: a feedback page shows what the
# student's code printed, never runs it.
c.HTMLExporter.sanitize_html = True

# --- CME certificates (python -m autograder certificates MODULE; verify CODE|FILE) ----------
# A learner gets a module's certificate when the post-test <module>_post scored at least
# pass_percent % of its points (graded normally), and, with require_assignment, the module's
# graded assignment too, with nothing left to grade by hand. Certificates are signed with
# the key in key_file (relative to this folder): it is created on first use, in a folder
# that git ignores; keep it private and back it up. (Read by autograder.certificates;
# nbgrader ignores this section.)
c.Certificates.pass_percent = 70
c.Certificates.require_assignment = False
c.Certificates.key_file = ".certificates/signing.key"
c.Certificates.issuer = "AI in medicine, hands-on (ai-medicine)"
