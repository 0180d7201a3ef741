"""Every graded item of the course is mapped to one of the four competencies it assesses.

The four competencies are those of the French training framework the course follows:
understand algorithms and their limits, identify biases and risks, protect health data, keep
human responsibility for the decision. Each graded cell of an nbgrader source notebook
(``grade: true``: autograded test cells and hand-graded answers) carries exactly one of the
tags below in its ``metadata.tags``; the class report and the instructor pages group scores
by these tags.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import nbformat
import pytest

ASSIGNMENTS = Path(__file__).resolve().parents[1] / "assignments"
#: The tags, one per competency.
COMPETENCY_TAGS = (
    "competency-algorithms",
    "competency-bias-risks",
    "competency-data",
    "competency-human",
)
TAG_PREFIX = "competency-"
#: The assignment that must assess every competency.
CAPSTONE = "capstone_audit"
#: Each competency is assessed by at least this many graded items across the course.
MIN_ITEMS_PER_COMPETENCY = 2

NOTEBOOKS = sorted(p for p in ASSIGNMENTS.glob("*/*.ipynb") if not p.name.startswith((".", "_")))


@cache
def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _graded_cells(path: Path) -> list[tuple[str, list[str]]]:
    """(grade_id, tags) of every graded cell of a notebook."""
    return [
        (meta.get("grade_id", f"cell {i}"), list(cell.metadata.get("tags", [])))
        for i, cell in enumerate(_read(path).cells)
        if (meta := cell.metadata.get("nbgrader", {})).get("grade", False)
    ]


def _competency(tags: list[str]) -> list[str]:
    return [tag for tag in tags if tag.startswith(TAG_PREFIX)]


def test_there_are_assignments_to_check():
    assert NOTEBOOKS, f"no nbgrader source notebook under {ASSIGNMENTS}"
    assert (ASSIGNMENTS / CAPSTONE).is_dir()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_graded_cell_has_exactly_one_competency(path: Path):
    untagged = {}
    for grade_id, tags in _graded_cells(path):
        found = _competency(tags)
        if len(found) != 1 or found[0] not in COMPETENCY_TAGS:
            untagged[grade_id] = found
    assert not untagged, (
        f"{path.parent.name}: each graded cell needs exactly one of {COMPETENCY_TAGS} in its "
        f"metadata.tags; these do not (cell: competency tags found): {untagged}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_cell_has_an_unknown_competency_tag(path: Path):
    unknown = {
        tag
        for cell in _read(path).cells
        for tag in cell.metadata.get("tags", [])
        if tag.startswith(TAG_PREFIX) and tag not in COMPETENCY_TAGS
    }
    assert not unknown, f"{path.parent.name}: unknown competency tags {sorted(unknown)}"


def _course_counts() -> Counter[str]:
    return Counter(
        tag
        for path in NOTEBOOKS
        for _, tags in _graded_cells(path)
        for tag in _competency(tags)
        if tag in COMPETENCY_TAGS
    )


def test_each_competency_is_assessed_by_at_least_two_graded_items():
    counts = _course_counts()
    thin = {tag: counts[tag] for tag in COMPETENCY_TAGS if counts[tag] < MIN_ITEMS_PER_COMPETENCY}
    assert not thin, (
        f"each competency needs at least {MIN_ITEMS_PER_COMPETENCY} graded items across the "
        f"course; these have fewer: {thin}"
    )


def test_the_capstone_assesses_all_four_competencies():
    tags = {
        tag
        for path in (ASSIGNMENTS / CAPSTONE).glob("*.ipynb")
        for _, cell_tags in _graded_cells(path)
        for tag in _competency(cell_tags)
    }
    missing = sorted(set(COMPETENCY_TAGS) - tags)
    assert not missing, f"the capstone ({CAPSTONE}) assesses no graded item of {missing}"
