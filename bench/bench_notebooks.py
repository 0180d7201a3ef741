"""Time each hands-on notebook against the 30 s target, with a baseline in the same run.

Run: .venv/bin/python bench/bench_notebooks.py
The baseline is an empty notebook (kernel start and shutdown only), so the ratio says how much
of a notebook's time is its own work. Exits non-zero if a notebook takes longer than 30 s.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

TARGET_SECONDS = 30.0
NOTEBOOK_DIR = Path(__file__).parents[1] / "notebooks"


def seconds_to_run(notebook: nbformat.NotebookNode, folder: Path) -> float:
    start = time.perf_counter()
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": folder}}
    ).execute()
    return time.perf_counter() - start


def main() -> int:
    seconds_to_run(nbformat.v4.new_notebook(), NOTEBOOK_DIR)  # warm-up: disk caches, bytecode
    baseline = seconds_to_run(nbformat.v4.new_notebook(), NOTEBOOK_DIR)
    print(f"{'notebook':<28}{'seconds':>10}{'x baseline':>12}  target {TARGET_SECONDS:.0f} s")
    print(f"{'(empty: kernel only)':<28}{baseline:>10.1f}{1.0:>12.1f}")
    slow = []
    for path in sorted(NOTEBOOK_DIR.glob("*.md")):
        elapsed = seconds_to_run(jupytext.read(path), path.parent)
        print(f"{path.stem:<28}{elapsed:>10.1f}{elapsed / baseline:>12.1f}")
        if elapsed > TARGET_SECONDS:
            slow.append(path.stem)
    if slow:
        print(f"Over the {TARGET_SECONDS:.0f} s target: {', '.join(slow)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
