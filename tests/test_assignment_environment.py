"""A released assignment opened outside the course's environment says what it needs.

Each assignment's first code cell starts with the same check: where the course's helpers
(``medai``) cannot be imported, that cell and every check that imports them fail with one
sentence saying how to open the notebook, not with ``No module named 'medai'``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "assignments").glob("*/*.ipynb"))
NEEDS = "This notebook needs the course's Python environment"


def first_code(nb: nbformat.NotebookNode, test: bool = False) -> str:
    """The first code cell (``test``: the first test cell that imports the helpers)."""
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or bool(meta.get("grade")) != test:
            continue
        if not test or "from medai" in cell.source:
            return cell.source
    raise AssertionError("no such cell")


#: the last line of the check
CHECK_END = "import medai  # noqa: F401 -- raises, with the message\n\n"


def setup_check(nb: nbformat.NotebookNode) -> str:
    source = first_code(nb)
    return source[: source.index(CHECK_END) + len(CHECK_END)]


class _Hidden:
    """An environment without the course's helpers."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "medai":
            raise ModuleNotFoundError(f"No module named {name!r}")


def test_every_assignment_starts_with_the_same_check() -> None:
    checks = {path.stem: setup_check(nbformat.read(path, 4)) for path in NOTEBOOKS}
    assert len(set(checks.values())) == 1, sorted(checks)
    for path in NOTEBOOKS:
        assert "**What you need.**" in nbformat.read(path, 4).cells[0].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_outside_the_course_environment_the_notebook_says_what_it_needs(path: Path) -> None:
    nb = nbformat.read(path, 4)
    saved_path, saved = list(sys.meta_path), dict(sys.modules)
    messages = []
    try:
        sys.meta_path.insert(0, _Hidden())
        for name in [n for n in sys.modules if n.split(".")[0] == "medai"]:
            del sys.modules[name]
        namespace: dict = {}
        for source in (setup_check(nb), first_code(nb, test=True)):
            with pytest.raises(ModuleNotFoundError) as exc:
                exec(compile(source, str(path), "exec"), namespace)
            messages.append(str(exc.value))
    finally:
        sys.meta_path[:] = saved_path
        sys.modules.clear()
        sys.modules.update(saved)
    assert all(message.startswith(NEEDS) for message in messages), messages
