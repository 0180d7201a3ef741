"""Read-only checks of a submission around nbgrader's autograde.

nbgrader restores edited locked cells and (with ``OverwriteCells.add_missing_cells``) deleted
test cells silently, apart from log lines that also fire for honest students (a released test
cell lacks its hidden tests, so its checksum never matches). These checks compare each
submitted cell with the gradebook's copy, accepting the source version and the released one.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader.api import Notebook
from nbgrader.preprocessors import ClearHiddenTests

from . import errors

#: largest submitted notebook read (a course notebook without outputs is well under 1 MB)
MAX_NOTEBOOK_BYTES = 50 * 2**20


class MalformedNotebookError(ValueError):
    """A submitted file that is not a readable Jupyter notebook."""


def read_notebook(path: Path) -> NotebookNode:
    """Parse a submitted notebook, or raise `MalformedNotebookError` with a short reason.

    Parameters
    ----------
    path
        The ``.ipynb`` file.

    Returns
    -------
    NotebookNode
        The notebook, as nbformat version 4.
    """
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        raise MalformedNotebookError(
            f"too large: {size / 2**20:.0f} MB (at most {MAX_NOTEBOOK_BYTES // 2**20} MB; "
            "clear the outputs and save again)"
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedNotebookError(f"not UTF-8 text: {exc.reason} at byte {exc.start}") from exc
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedNotebookError(f"invalid JSON: {exc.msg} at line {exc.lineno}") from exc
    except RecursionError:
        raise MalformedNotebookError("invalid JSON: nested too deeply") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.reads(text, as_version=4)
    except Exception as exc:  # nbformat raises several types for a non-notebook JSON
        reason = f"not a Jupyter notebook: {type(exc).__name__}: {exc}"[:300]
        raise MalformedNotebookError(reason) from None
    cells = nb.get("cells")
    if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
        raise MalformedNotebookError("not a Jupyter notebook: it has no list of cells")
    return nb


def _nbgrader(cell: NotebookNode) -> dict:
    """A cell's nbgrader metadata, or {} when it is missing or not a mapping."""
    meta = cell.get("metadata")
    nbgrader = meta.get("nbgrader") if isinstance(meta, dict) else None
    return nbgrader if isinstance(nbgrader, dict) else {}


def _grade_id(cell: NotebookNode) -> str | None:
    grade_id = _nbgrader(cell).get("grade_id")
    return grade_id if isinstance(grade_id, str) else None


def _source(cell: NotebookNode) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        source = "".join(part for part in source if isinstance(part, str))
    return source if isinstance(source, str) else ""


def _without_hidden_tests(source: str) -> str:
    cell = NotebookNode(cell_type="code", source=source, metadata={})
    try:
        ClearHiddenTests()._remove_hidden_test_region(cell)
    except RuntimeError:  # unbalanced markers: compare with the full source only
        return source
    return cell.source


@dataclass(frozen=True)
class ReferenceCell:
    """What the gradebook knows about one cell with a grade id."""

    name: str
    locked: bool
    is_test: bool
    is_graded: bool
    points: float | None
    accepted_sources: frozenset[str]


def reference_cells(notebook: Notebook) -> list[ReferenceCell]:
    """The gradebook's cells of one notebook, with the sources a student may legitimately have.

    Parameters
    ----------
    notebook
        A notebook from `nbgrader.api.Gradebook.find_notebook` (inside an open gradebook).

    Returns
    -------
    list of ReferenceCell
        One per source cell, in notebook order.
    """
    points = {cell.name: float(cell.max_score) for cell in notebook.grade_cells}
    solutions = {cell.name for cell in notebook.solution_cells}
    cells = []
    for source_cell in notebook.source_cells:
        source = source_cell.source or ""
        cells.append(
            ReferenceCell(
                name=source_cell.name,
                locked=bool(source_cell.locked),
                is_test=source_cell.name in points and source_cell.name not in solutions,
                is_graded=source_cell.name in points,
                points=points.get(source_cell.name),
                accepted_sources=frozenset({source.strip(), _without_hidden_tests(source).strip()}),
            )
        )
    return cells


def find_tampering(
    nb: NotebookNode, references: list[ReferenceCell], notebook_name: str
) -> list[str]:
    """Describe every locked or graded cell that was edited, deleted or re-weighted.

    Parameters
    ----------
    nb
        The submitted notebook.
    references
        The gradebook's cells of that notebook (`reference_cells`).
    notebook_name
        Used in the messages.

    Returns
    -------
    list of str
        One message per problem (empty for an honest submission).
    """
    submitted = {}
    for cell in nb.cells:
        grade_id = _grade_id(cell)
        if grade_id is not None:
            submitted.setdefault(grade_id, cell)
    where = f"{notebook_name}.ipynb"
    problems = []
    for ref in references:
        cell = submitted.get(ref.name)
        if cell is None:
            if ref.is_graded or ref.locked:
                kind = "test" if ref.is_test else ("graded" if ref.is_graded else "locked")
                action = (
                    "put it back from the gradebook and ran it"
                    if ref.is_graded
                    else "did not need it for grading"
                )
                problems.append(
                    errors.TAMPERED_DELETED.format(
                        kind=kind, cell=ref.name, notebook=where, action=action
                    )
                )
            continue
        if ref.locked and _source(cell).strip() not in ref.accepted_sources:
            problems.append(errors.TAMPERED_MODIFIED.format(cell=ref.name, notebook=where))
        got = _nbgrader(cell).get("points")
        if ref.points is not None and got is not None:
            try:
                changed = float(got) != ref.points
            except (TypeError, ValueError):
                changed = True
            if changed:
                problems.append(
                    errors.TAMPERED_POINTS.format(
                        cell=ref.name, notebook=where, expected=ref.points, got=got
                    )
                )
    return problems


def timed_out_cells(nb: NotebookNode, timeout_ename: str) -> list[str]:
    """Cells of an autograded notebook that nbgrader stopped at the time limit.

    Parameters
    ----------
    nb
        The autograded notebook.
    timeout_ename
        The error name nbgrader records on timeout (``Execute.error_on_timeout['ename']``).

    Returns
    -------
    list of str
        The grade id of each such cell, or ``cell <index>`` when it has none.
    """
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") == timeout_ename:
                found.append(_grade_id(cell) or f"cell {index}")
                break
    return found
