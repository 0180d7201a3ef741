"""The data files shipped with assignments are what the course generators make.

To regenerate after changing a generator: REGENERATE_ASSIGNMENT_DATA=1 pytest this file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from medai.datasets import make_care_programme_triage

ASSIGNMENTS = Path(__file__).parents[1] / "assignments"

TRIAGE_COLUMNS = [
    "patient_id", "group", "split", "age", "log_prior_cost", "outpatient_visits",
    "emergency_visits", "hba1c", "systolic_bp", "creatinine", "high_cost", "high_need",
    "risk_score", "flagged",
]  # fmt: skip

#: Each shipped data file and the call that makes it.
DATA_FILES: dict[str, Callable[[], pd.DataFrame]] = {
    "bias_fairness/triage_cohort.csv": lambda: make_care_programme_triage(random_state=2026).frame[
        TRIAGE_COLUMNS
    ],
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
