"""Every hands-on notebook runs top to bottom, fresh (no cache), with no network."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK_DIR = Path(__file__).parents[1] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.md"))


@cache
def run_notebook(path: Path) -> nbformat.NotebookNode:
    """Execute a MyST notebook in its own folder (once per test session) with its outputs."""
    notebook = jupytext.read(path)
    client = NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": path.parent}}
    )
    client.execute()
    return notebook


def outputs_of(path: Path) -> list[dict]:
    cells = run_notebook(path).cells
    return [output for cell in cells if cell.cell_type == "code" for output in cell.outputs]


def test_there_are_notebooks():
    assert NOTEBOOKS, "no MyST notebooks found in notebooks/"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path: Path):
    outputs = outputs_of(path)
    assert not [o for o in outputs if o.output_type == "error"]
    # Figures were drawn, and widgets (explorers, quizzes) were rendered with their state.
    assert any("image/png" in o.get("data", {}) for o in outputs)
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)


@pytest.mark.slow
def test_bias_fairness_notebook_measures_the_harm():
    texts = [
        o.get("text", "") + o.get("data", {}).get("text/plain", "")
        for o in outputs_of(NOTEBOOK_DIR / "bias_fairness.md")
    ]
    gap_line = next(
        line for text in texts for line in text.splitlines() if line.startswith("Gap in missed")
    )
    assert float(gap_line.rsplit(" ", 1)[1]) > 0.15
