"""Rebuild a submitted notebook from the instructor's source: only the answers are the student's.

A submission is a file the student wrote, metadata included: a cell tag an executor honours
(``skip-execution``, ``raises-exception``), a test cell marked as an answer, notebook-level
widget state, a kernelspec of their choice. nbgrader restores the source, type, lock and
points of the cells it knows, not the rest. `rebuild` makes the notebook that is graded from
the source notebook instead:

- every cell of the source is there, in the source's order, with the source's metadata;
- an answer cell (nbgrader ``solution``) takes the student's text, and only its text;
- every other cell with a grade id (instructions, setup, tests) is the source's own cell,
  whatever the student did to it (edited, moved, deleted: see `inspection` for the notes);
- a cell the student added (no known grade id) keeps its text, as a plain code or markdown
  cell with no metadata at all, after the known cell it followed;
- an answer cell the student deleted comes back as the student version (its solution
  replaced by the stub, as ``release`` wrote it);
- the notebook's metadata is the source's (kernel, language), nothing of the student's.
"""

from __future__ import annotations

import copy
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbgrader import utils as nbgrader_utils
from nbgrader.preprocessors import ClearSolutions

#: longest text kept from one student cell (characters)
MAX_CELL_CHARS = 2_000_000


def _grade_id(cell: Any) -> str | None:
    meta = cell.get("metadata", {}) if isinstance(cell, dict) else {}
    nbgrader = meta.get("nbgrader") if isinstance(meta, dict) else None
    grade_id = nbgrader.get("grade_id") if isinstance(nbgrader, dict) else None
    return grade_id if isinstance(grade_id, str) else None


def _text(cell: Any) -> str:
    source = cell.get("source", "") if isinstance(cell, dict) else ""
    if isinstance(source, list):
        source = "".join(part for part in source if isinstance(part, str))
    return source[:MAX_CELL_CHARS] if isinstance(source, str) else ""


def _attachments(cell: Any) -> dict[str, dict[str, str]] | None:
    """A markdown answer's pasted images, if they are plain data."""
    found = cell.get("attachments") if isinstance(cell, dict) else None
    if not isinstance(found, dict):
        return None
    clean = {
        str(name): {str(k): v for k, v in bundle.items() if isinstance(v, str)}
        for name, bundle in found.items()
        if isinstance(bundle, dict)
    }
    return clean or None


def _student_cell(cell: Any) -> NotebookNode:
    """A cell the student added: its text only, as a code or markdown cell."""
    kind = cell.get("cell_type") if isinstance(cell, dict) else None
    if kind == "code":
        return nbformat.v4.new_code_cell(_text(cell))
    return nbformat.v4.new_markdown_cell(_text(cell))


def _stub(cell: NotebookNode, stubber: ClearSolutions, language: str) -> NotebookNode:
    """The student version of an answer cell (the solution region replaced by the stub)."""
    stubbed = copy.deepcopy(cell)
    try:
        replaced = stubber._replace_solution_region(stubbed, language)
    except RuntimeError:  # unbalanced markers in the source: nbgrader refused it at release
        replaced = False
    if not replaced:
        stubbed.source = (
            stubber.code_stub[language] if cell.cell_type == "code" else stubber.text_stub
        )
    return stubbed


def rebuild(
    student: NotebookNode, source: NotebookNode, stubber: ClearSolutions | None = None
) -> NotebookNode:
    """The notebook to grade: the source notebook with the student's answers.

    Parameters
    ----------
    student
        The submitted notebook, as read (any metadata, any cells).
    source
        The instructor's source notebook of the same name.
    stubber
        nbgrader's ``ClearSolutions`` with the course's stubs (for deleted answers).

    Returns
    -------
    NotebookNode
        A new nbformat 4 notebook (the inputs are not modified).
    """
    stubber = stubber or ClearSolutions()
    language = str(source.metadata.get("kernelspec", {}).get("language", "python"))
    known = {gid for cell in source.cells if (gid := _grade_id(cell)) is not None}
    answers: dict[str, Any] = {}
    added: dict[str | None, list[NotebookNode]] = {}
    anchor: str | None = None
    for cell in student.get("cells", []):
        grade_id = _grade_id(cell)
        if grade_id in known:
            answers.setdefault(grade_id, cell)
            anchor = grade_id
        elif _text(cell).strip():
            added.setdefault(anchor, []).append(_student_cell(cell))
    unnamed_sources = {_text(c) for c in source.cells if _grade_id(c) is None}
    cells: list[NotebookNode] = [
        c for c in added.pop(None, []) if c.cell_type == "code" or c.source not in unnamed_sources
    ]
    for original in source.cells:
        cell = copy.deepcopy(original)
        grade_id = _grade_id(cell)
        if grade_id is not None and nbgrader_utils.is_solution(cell):
            if grade_id in answers:
                cell.source = _text(answers[grade_id])
                pictures = _attachments(answers[grade_id]) if cell.cell_type == "markdown" else None
                cell.pop("attachments", None)
                if pictures:
                    cell["attachments"] = pictures
            else:
                cell = _stub(cell, stubber, language)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
        for extra in added.pop(grade_id, []) if grade_id is not None else []:
            if extra.cell_type == "code" or extra.source not in unnamed_sources:
                cells.append(extra)
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=copy.deepcopy(source.metadata))
    notebook.metadata.pop("widgets", None)
    return notebook
