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
#: The committee's minimums, as the assignment's setup cell states them.
MINIMUMS = {"sensitivity": 0.85, "specificity": 0.85, "ppv": 0.20, "npv": 0.98}


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
    discrimination = {
        "auc": float(roc_auc_score(t, s)),
        "brier": float(brier_score_loss(t, s)),
        "calibration_in_the_large": float(s.mean() - t.mean()),
    }
    return {
        "metrics": {m: k / n for m, (k, n) in counts.items()},
        "intervals": intervals,
        "prevalence": prevalence,
        "expected_ppv": se * prevalence / (se * prevalence + (1 - sp) * (1 - prevalence)),
        "expected_npv": sp * (1 - prevalence) / (sp * (1 - prevalence) + (1 - se) * prevalence),
        "discrimination": discrimination,
        "verdicts": {
            metric: (
                "good enough"
                if intervals[metric][0] >= minimum
                else "not good enough"
                if intervals[metric][1] < minimum
                else "collect more data"
            )
            for metric, minimum in MINIMUMS.items()
        },
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

#: Builtins that a check could call, redefined in the student's namespace.
_SHADOW_BUILTINS = """

abs = lambda x: 0  # noqa: E731
isinstance = lambda *args: True  # noqa: E731
type = lambda *args: float  # noqa: E731
float = _Anything
len = lambda x: 4  # noqa: E731
sorted = lambda x, **kwargs: ["auc", "calibration", "sensitivity", "specificity"]  # noqa: E731
"""


def _cases() -> dict[str, Any]:
    a = _shipped_answers()
    return {
        "wrong": {
            # Four misconceptions of the module: a normal-approximation (Wald) interval,
            # which is wrong on few positives and can leave 0-1; the vendor's prevalence used
            # for the local PPV (the function is right, the call is not); a figure judged on
            # its point estimate (the middle of the interval) instead of its lower bound, so
            # that a wide interval never says "collect more data"; and the score taken for
            # a probability because it ranks patients well (Part 6, without code).
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
def predictive_values(sensitivity, specificity, prevalence):
    ppv = sensitivity * prevalence / (
        sensitivity * prevalence + (1 - specificity) * (1 - prevalence))
    npv = specificity * (1 - prevalence) / (
        specificity * (1 - prevalence) + (1 - sensitivity) * prevalence)
    return (ppv, npv)


EXPECTED_PPV, EXPECTED_NPV = predictive_values(
    VENDOR_CLAIM["sensitivity"], VENDOR_CLAIM["specificity"], VENDOR_CLAIM["prevalence"])
""",
            "local-verdicts": """
def local_verdicts(intervals, minimums):
    verdicts = {}
    for name, minimum in minimums.items():
        low, high = intervals[name]
        estimate = (low + high) / 2
        verdicts[name] = "good enough" if estimate >= minimum else "not good enough"
    return verdicts


LOCAL_VERDICTS = local_verdicts(local_ci, MINIMUMS)
""",
            "calibration-choice": 'CALIBRATION_CHOICE = "A"\n',
        },
        "hardcoded": {
            # The right answers for the shipped cohort, typed in, and every function made to
            # return them whatever its arguments.
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
def predictive_values(sensitivity, specificity, prevalence):
    return ({a["expected_ppv"]!r}, {a["expected_npv"]!r})


EXPECTED_PPV = {a["expected_ppv"]!r}
EXPECTED_NPV = {a["expected_npv"]!r}
""",
            "calibration": f"""
def discrimination_and_calibration(y_true, y_prob):
    return {a["discrimination"]!r}


def reliability_table(y_true, y_prob, n_bins=10):
    return pd.DataFrame({a["table"]!r})


discrimination = discrimination_and_calibration(cohort["fracture"], cohort["ai_score"])
LOCAL_AUC = {a["discrimination"]["auc"]!r}
BRIER = {a["discrimination"]["brier"]!r}
CALIBRATION_IN_THE_LARGE = {a["discrimination"]["calibration_in_the_large"]!r}
reliability = reliability_table(cohort["fracture"], cohort["ai_score"])
""",
            "local-verdicts": f"""
def local_verdicts(intervals, minimums):
    return {a["verdicts"]!r}


LOCAL_VERDICTS = {a["verdicts"]!r}
""",
        },
        "cheats": {
            # Answers that claim to equal anything, the usual comparison helpers monkeypatched
            # to always succeed, and the builtins a check might use redefined (last, once
            # everything else is defined).
            "local-metrics": _CHEAT
            + """

def diagnostic_metrics(y_true, y_pred):
    return {m: _Anything() for m in METRICS}


local_metrics = diagnostic_metrics(cohort["fracture"], cohort["ai_positive"])
LOCAL_PREVALENCE = _Anything(0.04)
"""
            + _SHADOW_BUILTINS,
            "confidence-intervals": """
def exact_ci(successes, trials):
    return (_Anything(0.1), _Anything(0.9))


local_ci = {m: exact_ci(1, 2) for m in METRICS}
""",
            "expected-predictive-values": """
def predictive_values(sensitivity, specificity, prevalence):
    return (_Anything(0.3), _Anything(0.99))


EXPECTED_PPV, EXPECTED_NPV = predictive_values(0.9, 0.9, 0.04)
""",
            "calibration": """
def discrimination_and_calibration(y_true, y_prob):
    return {k: _Anything(0.5) for k in ["auc", "brier", "calibration_in_the_large"]}


def reliability_table(y_true, y_prob, n_bins=10):
    return pd.DataFrame({c: [_Anything()] * n_bins for c in
                         ["n", "mean_predicted", "observed_rate"]}, dtype=object)


discrimination = discrimination_and_calibration(cohort["fracture"], cohort["ai_score"])
LOCAL_AUC = discrimination["auc"]
BRIER = discrimination["brier"]
CALIBRATION_IN_THE_LARGE = discrimination["calibration_in_the_large"]
reliability = reliability_table(cohort["fracture"], cohort["ai_score"])
""",
            "local-verdicts": """
class _AnyVerdict(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


def local_verdicts(intervals, minimums):
    return {k: _AnyVerdict("good enough") for k in minimums}


LOCAL_VERDICTS = local_verdicts(local_ci, MINIMUMS)
""",
            "calibration-choice": """
CALIBRATION_CHOICE = _AnyVerdict("B")
""",
        },
        # Autograded points out of 17, by test cell: metrics format 1 + values 3, intervals
        # format 1 + values 2, predictive values 2, discrimination and calibration 2,
        # reliability table 2, verdicts against the minimums 3 (they replaced the claim
        # decisions, also 3), and the calibration choice without code 1 (added with the
        # no-code path: it raised the total from 16 to 17). A cell gives all or nothing.
        # wrong = 9: metrics 1 + 3, intervals format 1 (the Wald intervals are tuples of
        # floats around the estimates), discrimination and calibration 2, reliability table
        # 2; it loses the exact intervals (2), the predictive values (2: the function is
        # right but EXPECTED_PPV is at the vendor's prevalence), the verdicts (3: the PPV,
        # whose interval straddles its minimum, is called good enough on its middle) and
        # the calibration choice (1: "A", the score taken for a probability).
        # hardcoded = 3: the two format-only cells (metrics 1 + intervals 1), whose typed-in
        # numbers have the right types, and the calibration letter kept from the solution
        # (for that part a typed letter is the answer asked for; its expected value is
        # recomputed from the data); every cell that checks values also calls the functions
        # on other patients, cohorts, counts or minimums, where the constants are wrong
        # (3 + 2 + 2 + 2 + 2 + 3 = 14 lost).
        # cheats = 0: the format checks refuse a float or str subclass (exact types,
        # medai.grading), so even the format-only cells fail, and every hidden value test
        # fails on types.
        "expected_scores": {"wrong": 9.0, "hardcoded": 3.0, "cheats": 0.0},
    }


#: The kind of answer a student gives: ``{grade_id: new source}`` for the answer cells to
#: replace in the solution notebook, and ``expected_scores``, the exact autograded score of
#: each case.
CASES: dict[str, Any] = _cases()
