"""Submissions used to test the grading pipeline on every assignment, and their expectations.

Each assignment in ``assignments/`` is graded in one batch with these students:

==================  ===========================================================  ============
student             submission                                                   expected
==================  ===========================================================  ============
``solution``        the source notebook as the instructor wrote it                full marks
``blank``           the released student version, untouched                       0
``wrong``           solution with cells replaced (``ASSIGNMENT_CASES[id]``)       0 <= s < max
``hardcoded``       solution with cells replaced (``ASSIGNMENT_CASES[id]``)       0 <= s < max
``infinite_loop``   ``while True: pass`` after the first answer                   timed_out
``kernel_exit``     ``import os; os._exit(1)`` after the first answer             kernel_died
``edited_test``     the first test cell's source replaced by ``pass``             tampered
``deleted_test``    the first test cell removed                                   tampered
``malformed``       garbage bytes instead of the notebook                         malformed
``missing_empty``   an empty submission folder                                    missing
``missing_renamed`` the solution saved under another file name                    missing
``cheats``          solution with cells replaced by cheating code (``"cheats"``)  no hidden
                    of ``ASSIGNMENT_CASES[id]``, when the assignment has one      value test
``cheat_silenced``  blank, plus a cell replacing ``showtraceback`` (errors hidden)  0, flagged
``cheat_patched``   blank, plus ``np.isclose``/``math.isclose``/... patched         0, flagged
==================  ===========================================================  ============

The generic cheats (``cheat_*``) must score no more than ``blank``: a test cell that raised
an error fails even when the student's code hid the traceback, and the course's hidden tests
never trust a helper the student could patch.

"Autograded" scores count test cells only (code grade cells that are not answers); manually
graded answers are never scored by the autograder.

To add an assignment: add ``tests/assignment_cases/<id>.py`` defining ``CASES``, with a wrong
answer and a hard-coded answer, each as ``{grade_id: new cell source}`` replacing answer cells
of the solution notebook, and optionally the exact autograded scores they must get; and
``DATA_FILES``, the generator call that makes each data file the assignment ships.

Environment variables, to try the pipeline on other assignments (e.g. a draft in /tmp):
``GRADING_ASSIGNMENTS_DIR`` (default: the repository's ``assignments/``) and
``GRADING_EXTRA_CASES``, a Python file defining its own ``ASSIGNMENT_CASES`` dict.
"""

from __future__ import annotations

import copy
import importlib.util
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import book_extensions
import nbformat
import nbformat.v4
from autograder_course import course_folder
from nbformat import NotebookNode

REPO_ROOT = Path(__file__).resolve().parents[1]


CASES_DIR = Path(__file__).resolve().parent / "assignment_cases"


def _load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, f"cannot import {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def case_modules() -> dict[str, Any]:
    """The module of ``tests/assignment_cases/`` of each assignment, by assignment id."""
    return {
        path.stem: _load_module(path, f"assignment_cases_{path.stem}")
        for path in sorted(CASES_DIR.glob("*.py"))
        if not path.name.startswith("_")
    }


#: The wrong and hard-coded answers of each assignment (its module's ``CASES``).
ASSIGNMENT_CASES: dict[str, dict[str, Any]] = {
    assignment_id: module.CASES for assignment_id, module in case_modules().items()
}

CASE_KINDS = ("wrong", "hardcoded")
#: optional kinds of ``CASES``, graded when present
OPTIONAL_CASE_KINDS = ("cheats",)
#: generic cheats put in a new first cell of the blank notebook
SILENCE_TRACEBACKS = (
    "ip = get_ipython()\n"
    "ip.showtraceback = lambda *args, **kwargs: None\n"
    "ip._showtraceback = lambda *args, **kwargs: None\n"
)
PATCH_HELPERS = (
    "import math\nimport numpy\nimport pandas.testing\n\n"
    "numpy.isclose = lambda *args, **kwargs: True\n"
    "numpy.allclose = lambda *args, **kwargs: True\n"
    "math.isclose = lambda *args, **kwargs: True\n"
    "pandas.testing.assert_frame_equal = lambda *args, **kwargs: None\n"
)
INFINITE_LOOP = "\n\nwhile True:\n    pass\n"
KERNEL_EXIT = "\n\nimport os\n\nos._exit(1)\n"
GARBAGE = b"\x00\xff{not a notebook: ]]\x89PNG"
#: per-cell limit of the test batch: the infinite loop costs this, every other cell must fit
GRADING_TIMEOUT = 10


class MissingCasesError(LookupError):
    """An assignment has no (or empty) entry in `ASSIGNMENT_CASES`."""


def assignments_dir() -> Path:
    """Folder of the assignments under test (``GRADING_ASSIGNMENTS_DIR`` or the repo's)."""
    return Path(os.environ.get("GRADING_ASSIGNMENTS_DIR", REPO_ROOT / "assignments"))


def discover_assignment_ids() -> list[str]:
    """Every folder of `assignments_dir` that holds a notebook."""
    root = assignments_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def all_cases() -> dict[str, dict[str, Any]]:
    """`ASSIGNMENT_CASES`, plus those of the ``GRADING_EXTRA_CASES`` file if set."""
    cases = dict(ASSIGNMENT_CASES)
    extra = os.environ.get("GRADING_EXTRA_CASES")
    if extra:
        cases.update(_load_module(Path(extra), "extra_grading_cases").ASSIGNMENT_CASES)
    return cases


def cases_for(assignment_id: str) -> dict[str, Any]:
    """The wrong/hard-coded edits of an assignment, or a `MissingCasesError` saying what to do."""
    cases = all_cases()
    if assignment_id not in cases:
        raise MissingCasesError(
            f"no grading cases for assignment '{assignment_id}': add ASSIGNMENT_CASES, i.e. "
            f"tests/assignment_cases/{assignment_id}.py defining CASES with 'wrong' and "
            "'hardcoded' edits"
        )
    entry = cases[assignment_id]
    if not all(entry.get(kind) for kind in CASE_KINDS):
        raise MissingCasesError(
            f"fill in cases for {assignment_id}: CASES in tests/assignment_cases/"
            f"{assignment_id}.py needs non-empty 'wrong' and 'hardcoded' edits "
            "({grade_id: new source})"
        )
    return entry


# --- notebooks ------------------------------------------------------------------------------
def nbgrader_meta(cell: NotebookNode) -> dict[str, Any]:
    """The cell's nbgrader metadata (empty if none)."""
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_answer_cell(cell: NotebookNode) -> bool:
    """An autograded answer: a code solution cell that is not itself graded."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and meta.get("solution", False) and not meta.get("grade")


def is_test_cell(cell: NotebookNode) -> bool:
    """An autograder test: a graded code cell that is not an answer."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution")


def read(path: Path) -> NotebookNode:
    """Read a notebook as nbformat 4."""
    return nbformat.read(path, as_version=4)


def replace_cells(nb: NotebookNode, edits: dict[str, str]) -> list[str]:
    """Replace the source of the cells with the given grade ids; return the ids found."""
    found = []
    for cell in nb.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in edits:
            cell.source = edits[grade_id]
            found.append(grade_id)
    return found


def first_index(nb: NotebookNode, predicate) -> int | None:
    """Index of the first cell matching ``predicate``, or None."""
    return next((i for i, cell in enumerate(nb.cells) if predicate(cell)), None)


@dataclass
class Expected:
    """What the batch must report for one student."""

    status: str
    autograded: str = "any"  # "full", "zero", "partial" (0 <= s < max) or "any"
    exact: float | None = None
    tampered_cell: str | None = None
    notes: list[str] = field(default_factory=list)
    review: bool = False  # flagged for the instructor's review (suspected cheating)
    at_most_blank: bool = False  # scores no more than the blank notebook


@dataclass
class Batch:
    """The submissions written for one assignment and what each must get."""

    assignment_id: str
    notebooks: list[str]
    expected: dict[str, Expected]
    target_notebook: str
    first_answer: str
    first_test: str


def _from_browser(released: NotebookNode, source: NotebookNode) -> NotebookNode:
    """The released notebook as the JupyterLite site gives it, answered with the solution."""
    lite = book_extensions.load("lite")
    needs = book_extensions.load("lite_requirements")
    answers = {
        nbgrader_meta(c)["grade_id"]: c.source
        for c in source.cells
        if nbgrader_meta(c).get("solution")
    }
    notebook = copy.deepcopy(released)
    for cell in notebook.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    requirements = needs.browser_requirements(lite.lite_sources([]))
    notes = [lite.ASSIGNMENT_NOTE]
    return lite.for_the_browser(notebook, REPO_ROOT / "assignments", requirements, notes)


#: The submissions the French edition's batch grades too: the ones whose score depends on the
#: assignment's text and code (the others test the grading engine, the same in both languages).
FRENCH_STUDENTS = ("solution", "blank", "wrong", "hardcoded", "cheats")


def build_submissions(
    course_dir: Path,
    assignment_id: str,
    cases: dict[str, Any] | None,
    students: tuple[str, ...] | None = None,
) -> Batch:
    """Write ``submitted/<student>/<id>/`` for every case; the assignment must be released.

    Parameters
    ----------
    course_dir
        A course folder (a temporary copy) where ``release`` has run.
    assignment_id
        The assignment.
    cases
        Its entry of `ASSIGNMENT_CASES` (`cases_for`); None leaves out ``wrong`` and
        ``hardcoded``.
    students
        Only these submissions (e.g. `FRENCH_STUDENTS`); None: all of them.

    Returns
    -------
    Batch
        The expectations per student.
    """
    source_dir = course_dir / "assignments" / assignment_id
    release_dir = course_dir / "release" / assignment_id
    names = sorted(p.stem for p in source_dir.glob("*.ipynb"))
    sources = {name: read(source_dir / f"{name}.ipynb") for name in names}
    released = {name: read(release_dir / f"{name}.ipynb") for name in names}

    target = next((n for n in names if first_index(sources[n], is_answer_cell) is not None), None)
    assert target is not None, f"{assignment_id} has no autograded answer cell"
    answer_at = first_index(sources[target], is_answer_cell)
    test_at = first_index(sources[target], is_test_cell)
    assert test_at is not None, f"{assignment_id}.{target} has no autograder test cell"
    first_answer = nbgrader_meta(sources[target].cells[answer_at])["grade_id"]
    first_test = nbgrader_meta(sources[target].cells[test_at])["grade_id"]

    def submit(student: str, notebooks: dict[str, NotebookNode | bytes]) -> None:
        if students is not None and student not in students:
            return
        folder = course_dir / "submitted" / student / assignment_id
        folder.mkdir(parents=True, exist_ok=True)
        for name, nb in notebooks.items():
            path = folder / (name if name.endswith(".ipynb") else f"{name}.ipynb")
            if isinstance(nb, bytes):
                path.write_bytes(nb)
            else:
                nbformat.write(nb, path)

    def solution_with(edit) -> dict[str, NotebookNode]:
        notebooks = copy.deepcopy(sources)
        edit(notebooks[target])
        return notebooks

    expected: dict[str, Expected] = {}
    submit("solution", copy.deepcopy(sources))
    expected["solution"] = Expected("graded", autograded="full")
    submit("blank", copy.deepcopy(released))
    expected["blank"] = Expected("graded", autograded="zero")
    # Done in the browser (JupyterLite) and downloaded: the site's set-up cells and notes on
    # top, its kernel in the metadata, the answers of the solution. The grader ignores them.
    submit("from_browser", {name: _from_browser(released[name], sources[name]) for name in names})
    expected["from_browser"] = Expected("graded", autograded="full")

    for kind in CASE_KINDS if cases is not None else ():
        notebooks = copy.deepcopy(sources)
        found = [gid for nb in notebooks.values() for gid in replace_cells(nb, cases[kind])]
        unknown = sorted(set(cases[kind]) - set(found))
        assert not unknown, f"ASSIGNMENT_CASES['{assignment_id}']['{kind}']: no cells {unknown}"
        submit(kind, notebooks)
        exact = cases.get("expected_scores", {}).get(kind)
        expected[kind] = Expected("graded", autograded="partial", exact=exact)

    for kind in OPTIONAL_CASE_KINDS if cases is not None else ():
        if not cases.get(kind):
            continue
        notebooks = copy.deepcopy(sources)
        found = [gid for nb in notebooks.values() for gid in replace_cells(nb, cases[kind])]
        unknown = sorted(set(cases[kind]) - set(found))
        assert not unknown, f"ASSIGNMENT_CASES['{assignment_id}']['{kind}']: no cells {unknown}"
        submit(kind, notebooks)
        exact = cases.get("expected_scores", {}).get(kind)
        expected[kind] = Expected("graded", autograded="partial", exact=exact, review=True)

    for student, code in (("cheat_silenced", SILENCE_TRACEBACKS), ("cheat_patched", PATCH_HELPERS)):
        notebooks = copy.deepcopy(released)
        notebooks[target].cells.insert(0, nbformat.v4.new_code_cell(code))
        submit(student, notebooks)
        expected[student] = Expected("graded", autograded="zero", review=True, at_most_blank=True)

    def append_to_answer(code: str):
        def edit(nb: NotebookNode) -> None:
            nb.cells[answer_at].source = nb.cells[answer_at].source.rstrip() + code

        return edit

    submit("infinite_loop", solution_with(append_to_answer(INFINITE_LOOP)))
    expected["infinite_loop"] = Expected("timed_out")
    submit("kernel_exit", solution_with(append_to_answer(KERNEL_EXIT)))
    expected["kernel_exit"] = Expected("kernel_died", autograded="zero")

    def edit_test(nb: NotebookNode) -> None:
        nb.cells[test_at].source = "pass"

    def delete_test(nb: NotebookNode) -> None:
        del nb.cells[test_at]

    submit("edited_test", solution_with(edit_test))
    expected["edited_test"] = Expected("tampered", tampered_cell=first_test)
    submit("deleted_test", solution_with(delete_test))
    expected["deleted_test"] = Expected("tampered", tampered_cell=first_test)

    garbage = copy.deepcopy(sources)
    garbage[target] = GARBAGE  # type: ignore[assignment]
    submit("malformed", garbage)
    expected["malformed"] = Expected("malformed", autograded="zero")

    if students is None or "missing_empty" in students:
        (course_dir / "submitted" / "missing_empty" / assignment_id).mkdir(parents=True)
    expected["missing_empty"] = Expected("missing", autograded="zero")
    submit("missing_renamed", {f"{n}_final": nb for n, nb in copy.deepcopy(sources).items()})
    expected["missing_renamed"] = Expected("missing", autograded="zero")

    if students is not None:
        expected = {k: v for k, v in expected.items() if k in students}
    return Batch(
        assignment_id=assignment_id,
        notebooks=names,
        expected=expected,
        target_notebook=target,
        first_answer=first_answer,
        first_test=first_test,
    )


def make_course(destination: Path, assignment_id: str, source_root: Path | None = None) -> Path:
    """Copy the course configuration and one assignment's source into ``destination``.

    ``source_root``: another course folder to copy them from (the French edition's tree).
    """
    if source_root is None:
        course_folder(destination)
        source = assignments_dir() / assignment_id
    else:
        destination.mkdir(parents=True, exist_ok=True)
        shutil.copy(source_root / "nbgrader_config.py", destination / "nbgrader_config.py")
        source = source_root / "assignments" / assignment_id
    shutil.copytree(source, destination / "assignments" / assignment_id)
    return destination
