"""The data files shipped with assignments are what the course generators make.

Each assignment's ``tests/assignment_cases/<id>.py`` lists its files in ``DATA_FILES``.
To regenerate after changing a generator: REGENERATE_ASSIGNMENT_DATA=1 pytest this file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import grading_cases as gc
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

ASSIGNMENTS = Path(__file__).parents[1] / "assignments"

#: Each shipped data file, relative to ``assignments/``, and the call that makes it.
DATA_FILES: dict[str, Callable[[], pd.DataFrame]] = {
    f"{assignment_id}/{name}": make
    for assignment_id, module in gc.case_modules().items()
    for name, make in getattr(module, "DATA_FILES", {}).items()
}


@pytest.mark.parametrize("relative_path", sorted(DATA_FILES))
def test_shipped_data_matches_its_generator(relative_path: str):
    path = ASSIGNMENTS / relative_path
    expected = DATA_FILES[relative_path]()
    if os.environ.get("REGENERATE_ASSIGNMENT_DATA") == "1":
        expected.to_csv(path, index=False)
    # Compare through CSV so that the float formatting of the file is what is checked.
    written = pd.read_csv(path)
    assert_frame_equal(written, expected.reset_index(drop=True), check_exact=False, rtol=1e-9)


def test_every_assignment_data_file_is_listed():
    shipped = {
        str(p.relative_to(ASSIGNMENTS)) for p in ASSIGNMENTS.glob("*/*") if p.suffix != ".ipynb"
    }
    assert shipped == set(DATA_FILES)
