"""Grading cases of the module 4 assignment "Spot the biased classifier" (``bias_fairness``).

See `grading_cases` for what each kind of submission is. ``DATA_FILES`` lists the data files
shipped in ``assignments/bias_fairness/`` and the generator call that makes each one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from medai.datasets import make_care_programme_triage

ASSIGNMENT_DIR = Path(__file__).resolve().parents[2] / "assignments" / "bias_fairness"

TRIAGE_COLUMNS = [
    "patient_id", "group", "split", "age", "log_prior_cost", "outpatient_visits",
    "emergency_visits", "hba1c", "systolic_bp", "creatinine", "high_cost", "high_need",
    "risk_score", "flagged",
]  # fmt: skip

#: Each data file shipped with the assignment and the call that makes it.
DATA_FILES: dict[str, Callable[[], pd.DataFrame]] = {
    "triage_cohort.csv": lambda: make_care_programme_triage(random_state=2026).frame[
        TRIAGE_COLUMNS
    ],
}


def _bias_fairness_test_split():
    cohort = pd.read_csv(ASSIGNMENT_DIR / "triage_cohort.csv")
    return cohort[cohort["split"] == "train"], cohort[cohort["split"] == "test"]


def _bias_fairness_vendor_table() -> dict[str, list[float]]:
    """The vendor's per-group metrics on the shipped test split, as a student would copy them."""
    from medai.metrics import per_group_metrics

    _, test = _bias_fairness_test_split()
    table = per_group_metrics(test["high_need"], test["flagged"], test["group"]).by_group
    return {column: [float(v) for v in table.loc[["Black", "White"], column]] for column in table}


def _bias_fairness_label_capture() -> dict[str, float]:
    train, _ = _bias_fairness_test_split()
    needy = train[train["high_need"] == 1]
    return {g: float(v) for g, v in needy.groupby("group")["high_cost"].mean().items()}


#: The kind of answer a student gives: ``{grade_id: new source}`` for the
#: answer cells to replace in the solution notebook, and optionally ``expected_scores``, the
#: exact autograded score of each case. Without exact scores the test asserts
#: 0 <= autograded score < full autograded marks.
CASES: dict[str, Any] = {
    "wrong": {
        # The overall metrics repeated for each group, and the wrong error named.
        "per-group-metrics": """
def per_group_metrics(y_true, y_pred, groups):
    overall = {
        "sensitivity": recall_score(y_true, y_pred, zero_division=0),
        "false_negative_rate": false_negative_rate(y_true, y_pred),
        "false_positive_rate": false_positive_rate(y_true, y_pred),
        "ppv": precision_score(y_true, y_pred, zero_division=0),
        "selection_rate": selection_rate(y_true, y_pred),
    }
    return pd.DataFrame({g: overall for g in pd.unique(groups)}).T[METRIC_COLUMNS]


vendor_table = per_group_metrics(test["high_need"], test["flagged"], test["group"])
vendor_table
""",
        "harmed-group": """
HARMED_GROUP = vendor_table["selection_rate"].idxmin()
HARM_METRIC = "selection_rate"
FNR_GAP = float(vendor_table["false_negative_rate"].max()
                - vendor_table["false_negative_rate"].min())
""",
    },
    "hardcoded": {
        # The right numbers for this cohort, typed in: they fail on other patients.
        "per-group-metrics": f"""
def per_group_metrics(y_true, y_pred, groups):
    return pd.DataFrame({_bias_fairness_vendor_table()!r}, index=["Black", "White"])[
        METRIC_COLUMNS]


vendor_table = per_group_metrics(test["high_need"], test["flagged"], test["group"])
vendor_table
""",
        "bias-source": f"""
def label_capture(frame):
    return pd.Series({_bias_fairness_label_capture()!r})


capture = label_capture(train)
BIAS_SOURCE = "label"
""",
    },
    # Autograded points out of 14. wrong: format 1 + label capture 2 + bias source 1 +
    # mitigation format 1 + effect 3 (its SELECTION_CHANGE is 0: the cost test fails).
    # hardcoded: format 1 + harmed group 2 + bias source 1 + mitigation format 1 +
    # effect 3.
    "expected_scores": {"wrong": 8.0, "hardcoded": 8.0},
}
