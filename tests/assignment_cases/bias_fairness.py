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


#: Cheating code put before the answers of the ``cheats`` case: an object that claims to
#: equal anything (and is true, and converts to a plausible number), and the comparison
#: helpers a test could use monkeypatched to always succeed.
_CHEAT = '''
import math
import numpy
import pandas.testing


class _Anything(str):
    """Equal to anything, true, and a plausible number or name."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __lt__ = __le__ = __gt__ = __ge__ = __eq__
    __hash__ = str.__hash__

    def __bool__(self):
        return True

    def __float__(self):
        return 0.25

    def __sub__(self, other):
        return _Anything("0")

    __rsub__ = __add__ = __radd__ = __sub__

    def __abs__(self):
        return 0.0


numpy.isclose = lambda *args, **kwargs: True
numpy.allclose = lambda *args, **kwargs: True
math.isclose = lambda *args, **kwargs: True
pandas.testing.assert_frame_equal = lambda *args, **kwargs: None
'''


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
    "cheats": {
        # The overall metrics for every group (a real DataFrame, so the format test passes)
        # with np.allclose patched to accept them; answers that claim to equal anything.
        "per-group-metrics": _CHEAT
        + """

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
""",
        "harmed-group": """
HARMED_GROUP = _Anything("Black")
HARM_METRIC = _Anything("false_negative_rate")
FNR_GAP = _Anything("0.2")
""",
        "bias-source": """
def label_capture(frame):
    return pd.Series({g: _Anything("0.5") for g in pd.unique(frame["group"])}, dtype=object)


capture = label_capture(train)
BIAS_SOURCE = _Anything("label")
""",
    },
    # Autograded points out of 14. wrong: format 1 + label capture 2 + bias source 1 +
    # mitigation format 1 + effect 3 (its SELECTION_CHANGE is 0: the cost test fails).
    # hardcoded: format 1 + harmed group 2 + bias source 1 + mitigation format 1 +
    # effect 3.
    # cheats: format 1 (a real DataFrame) + mitigation format 1 + effect 3 (the solution's
    # mitigate, untouched) = 5; the cost test fails (SELECTION_CHANGE is computed from the
    # overall table) and every value test of a cheated answer must fail. (With nbgrader
    # 0.9.6 and the assignment as of this writing it gets 8: test-per-group-metrics-values
    # compares with np.allclose, which the cheat patches; see the issue-5 note.)
    "expected_scores": {"wrong": 8.0, "hardcoded": 8.0, "cheats": 5.0},
}
