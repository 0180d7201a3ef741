"""Grading cases of the module 2 assignment "Audit a vendor claim on local data".

See `grading_cases` for what each kind of submission is. ``DATA_FILES`` lists the data files
shipped in ``assignments/judging_evidence/`` and the generator call that makes each one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from medai.datasets import make_screening_audit

#: The columns the assignment ships (the generator's ``subtle`` column stays hidden: the
#: student must reason about the spectrum, not read it).
COHORT_COLUMNS = [
    "patient_id", "vertebral_height_ratio", "bone_density_hu", "texture_score", "ai_score",
    "ai_positive", "fracture",
]  # fmt: skip

#: Each data file shipped with the assignment and the call that makes it.
DATA_FILES: dict[str, Callable[[], pd.DataFrame]] = {
    "local_cohort.csv": lambda: make_screening_audit(2_500, random_state=2034).frame[
        COHORT_COLUMNS
    ],
}

ASSIGNMENT_DIR = Path(__file__).resolve().parents[2] / "assignments" / "judging_evidence"


def _shipped_answers() -> dict[str, Any]:
    """The right answers for the shipped cohort, as a student could type them in."""
    from scipy.stats import binomtest
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import brier_score_loss, roc_auc_score

    cohort = pd.read_csv(ASSIGNMENT_DIR / "local_cohort.csv")
    t, p, s = cohort["fracture"], cohort["ai_positive"], cohort["ai_score"]
    tp, fn = int(((t == 1) & (p == 1)).sum()), int(((t == 1) & (p == 0)).sum())
    tn, fp = int(((t == 0) & (p == 0)).sum()), int(((t == 0) & (p == 1)).sum())
    counts = {
        "sensitivity": (tp, tp + fn),
        "specificity": (tn, tn + fp),
        "ppv": (tp, tp + fp),
        "npv": (tn, tn + fn),
    }
    intervals = {}
    for metric, (k, n) in counts.items():
        ci = binomtest(k, n).proportion_ci(method="exact")
        intervals[metric] = (float(ci.low), float(ci.high))
    prevalence = float(t.mean())
    se, sp = 0.941, 0.906
    observed, predicted = calibration_curve(t, s, n_bins=10)
    sizes = pd.cut(s, [i / 10 for i in range(11)], include_lowest=True).value_counts(sort=False)
    return {
        "metrics": {m: k / n for m, (k, n) in counts.items()},
        "intervals": intervals,
        "prevalence": prevalence,
        "expected_ppv": se * prevalence / (se * prevalence + (1 - sp) * (1 - prevalence)),
        "expected_npv": sp * (1 - prevalence) / (sp * (1 - prevalence) + (1 - se) * prevalence),
        "auc": float(roc_auc_score(t, s)),
        "brier": float(brier_score_loss(t, s)),
        "citl": float(s.mean() - t.mean()),
        "table": {
            "n": [int(v) for v in sizes[sizes > 0]],
            "mean_predicted": [float(v) for v in predicted],
            "observed_rate": [float(v) for v in observed],
        },
    }


_CHEAT = '''
import math
import numpy
import pandas.testing


class _Anything(float):
    """Equal to anything, true, and a plausible number."""

    def __new__(cls, value=0.5):
        return super().__new__(cls, value)

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __lt__ = __le__ = __gt__ = __ge__ = __eq__
    __hash__ = float.__hash__

    def __bool__(self):
        return True

    def __float__(self):
        return 0.5

    def __sub__(self, other):
        return _Anything(0.0)

    __rsub__ = __add__ = __radd__ = __sub__

    def __abs__(self):
        return _Anything(0.0)


numpy.isclose = lambda *args, **kwargs: True
numpy.allclose = lambda *args, **kwargs: True
math.isclose = lambda *args, **kwargs: True
pandas.testing.assert_frame_equal = lambda *args, **kwargs: None
'''


def _cases() -> dict[str, Any]:
    a = _shipped_answers()
    return {
        "wrong": {
            # Three misconceptions of the module: a normal-approximation (Wald) interval,
            # which is wrong on few positives and can leave 0-1; the vendor's prevalence used
            # for the local PPV; and a claim rejected because the point estimate is lower.
            "confidence-intervals": """
def exact_ci(successes, trials):
    p = successes / trials
    half = 1.96 * (p * (1 - p) / trials) ** 0.5
    return (float(p - half), float(p + half))


tn, fp, fn, tp = (int(v) for v in confusion_matrix(
    cohort["fracture"], cohort["ai_positive"], labels=[0, 1]).ravel())
local_ci = {
    "sensitivity": exact_ci(tp, tp + fn),
    "specificity": exact_ci(tn, tn + fp),
    "ppv": exact_ci(tp, tp + fp),
    "npv": exact_ci(tn, tn + fn),
}
""",
            "expected-predictive-values": """
_se, _sp = VENDOR_CLAIM["sensitivity"], VENDOR_CLAIM["specificity"]
_prev = VENDOR_CLAIM["prevalence"]
EXPECTED_PPV = float(_se * _prev / (_se * _prev + (1 - _sp) * (1 - _prev)))
EXPECTED_NPV = float(_sp * (1 - _prev) / (_sp * (1 - _prev) + (1 - _se) * _prev))
""",
            "claim-decisions": """
CLAIM_HOLDS = {
    "sensitivity": bool(local_metrics["sensitivity"] >= VENDOR_CLAIM["sensitivity"]),
    "specificity": bool(local_metrics["specificity"] >= VENDOR_CLAIM["specificity"]),
    "auc": bool(LOCAL_AUC >= VENDOR_CLAIM["auc"] - AUC_MARGIN),
    "calibration": bool(abs(CALIBRATION_IN_THE_LARGE) <= CALIBRATION_MARGIN),
}
""",
        },
        "hardcoded": {
            # The right numbers for this cohort, typed in: functions return constants.
            "local-metrics": f"""
def diagnostic_metrics(y_true, y_pred):
    return {a["metrics"]!r}


local_metrics = diagnostic_metrics(cohort["fracture"], cohort["ai_positive"])
LOCAL_PREVALENCE = {a["prevalence"]!r}
""",
            "confidence-intervals": f"""
def exact_ci(successes, trials):
    return {a["intervals"]["sensitivity"]!r}


local_ci = {a["intervals"]!r}
""",
            "expected-predictive-values": f"""
EXPECTED_PPV = {a["expected_ppv"]!r}
EXPECTED_NPV = {a["expected_npv"]!r}
""",
            "calibration": f"""
LOCAL_AUC = {a["auc"]!r}
BRIER = {a["brier"]!r}
CALIBRATION_IN_THE_LARGE = {a["citl"]!r}


def reliability_table(y_true, y_prob, n_bins=10):
    return pd.DataFrame({a["table"]!r})


reliability = reliability_table(cohort["fracture"], cohort["ai_score"])
""",
            "claim-decisions": """
CLAIM_HOLDS = {"sensitivity": False, "specificity": True, "auc": False, "calibration": False}
""",
        },
        "cheats": {
            # Answers that claim to equal anything, and the usual comparison helpers
            # monkeypatched to always succeed.
            "local-metrics": _CHEAT
            + """

def diagnostic_metrics(y_true, y_pred):
    return {m: _Anything() for m in METRICS}


local_metrics = diagnostic_metrics(cohort["fracture"], cohort["ai_positive"])
LOCAL_PREVALENCE = _Anything(0.04)
""",
            "confidence-intervals": """
def exact_ci(successes, trials):
    return (_Anything(0.1), _Anything(0.9))


local_ci = {m: exact_ci(1, 2) for m in METRICS}
""",
            "expected-predictive-values": """
EXPECTED_PPV = _Anything(0.3)
EXPECTED_NPV = _Anything(0.99)
""",
            "calibration": """
LOCAL_AUC = _Anything(0.9)
BRIER = _Anything(0.04)
CALIBRATION_IN_THE_LARGE = _Anything(0.0)


def reliability_table(y_true, y_prob, n_bins=10):
    return pd.DataFrame({c: [_Anything()] * n_bins for c in
                         ["n", "mean_predicted", "observed_rate"]}, dtype=object)


reliability = reliability_table(cohort["fracture"], cohort["ai_score"])
""",
            "claim-decisions": """
CLAIM_HOLDS = {k: _Anything() for k in ["sensitivity", "specificity", "auc", "calibration"]}
""",
        },
        # Autograded points out of 16 (tests: metrics format 1 + values 3, intervals format 1
        # + values 2, expected PPV/NPV 2, AUC/Brier/calibration-in-the-large 2, reliability
        # table 2, claim decisions 3).
        # wrong: metrics 4 + intervals format 1 (the Wald intervals have the right shape) +
        # AUC/Brier 2 + reliability table 2 = 9; it loses the exact intervals, the PPV at the
        # local prevalence and the decisions (specificity is rejected on its point estimate).
        # hardcoded: metrics format 1 + intervals format 1 + expected PPV/NPV 2 + AUC/Brier 2
        # + decisions 3 = 9; the functions fail on other patients and counts.
        # cheats: only the two format-only checks (metrics 1 + intervals 1) = 2; every
        # hidden value test fails on the exact types.
        "expected_scores": {"wrong": 9.0, "hardcoded": 9.0, "cheats": 2.0},
    }


#: The kind of answer a student gives: ``{grade_id: new source}`` for the answer cells to
#: replace in the solution notebook, and ``expected_scores``, the exact autograded score of
#: each case.
CASES: dict[str, Any] = _cases()
