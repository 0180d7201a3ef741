"""Grading cases of the module 1 assignment "From scores to a triage decision".

See `grading_cases` for what each kind of submission is. ``DATA_FILES`` lists the data files
shipped in ``assignments/data_to_decision/`` and the generator call that makes each one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from medai.datasets import make_fracture_triage_cohort

ASSIGNMENT_DIR = Path(__file__).resolve().parents[2] / "assignments" / "data_to_decision"

#: Each data file shipped with the assignment and the call that makes it.
DATA_FILES: dict[str, Callable[[], pd.DataFrame]] = {
    "fracture_triage.csv": lambda: (
        make_fracture_triage_cohort(2_000, prevalence=0.2, random_state=2027).frame
    ),
}

GOAL = 0.95


def _counts(y_true: pd.Series, flags: pd.Series) -> dict[str, int]:
    t, f = y_true == 1, flags
    return {
        "tp": int((t & f).sum()),
        "fp": int((~t & f).sum()),
        "fn": int((t & ~f).sum()),
        "tn": int((~t & ~f).sum()),
    }


def _metrics(c: dict[str, int]) -> dict[str, float]:
    return {
        "sensitivity": c["tp"] / (c["tp"] + c["fn"]),
        "specificity": c["tn"] / (c["tn"] + c["fp"]),
        "ppv": c["tp"] / (c["tp"] + c["fp"]),
        "npv": c["tn"] / (c["tn"] + c["fn"]),
    }


def _shipped_answers() -> dict[str, Any]:
    """The right answers for the shipped radiographs, as a student could type them in."""
    data = pd.read_csv(ASSIGNMENT_DIR / "fracture_triage.csv")
    val = data[data["split"] == "validation"]
    test = data[data["split"] == "test"]
    at_half = _counts(val["fracture"], val["ai_score"] >= 0.5)
    # The highest score at which the validation sensitivity still reaches the goal.
    fractures = int((val["fracture"] == 1).sum())
    threshold = max(
        float(s)
        for s in val["ai_score"].unique()
        if _counts(val["fracture"], val["ai_score"] >= s)["tp"] >= GOAL * fractures
    )
    on_test = _counts(test["fracture"], test["ai_score"] >= threshold)
    return {
        "counts": at_half,
        "metrics": _metrics(at_half),
        "threshold": threshold,
        "test_metrics": _metrics(on_test),
        "missed": 1000 * on_test["fn"] / len(test),
        "false_alarms": 1000 * on_test["fp"] / len(test),
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

    def __int__(self):
        return 100

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

#: Builtins that checks use, shadowed so that a naive check would pass (``abs(x - y) < tol``,
#: ``isinstance(x, float)``, ``type(x) is float``, ``all(...)``, ``sorted(a) == sorted(b)``).
#: Put at the end of an answer cell: the cell's own code still runs with the real ones.
_SHADOW_BUILTINS = """

abs = lambda *args: 0
isinstance = lambda *args: True
type = lambda *args: float
all = any = lambda *args: True
sorted = lambda *args, **kwargs: []
len = lambda *args: 1000
float = _Anything
"""


def _cases() -> dict[str, Any]:
    a = _shipped_answers()
    return {
        "wrong": {
            # The module's two classic mistakes: sensitivity and specificity computed over
            # the flagged / unflagged patients (that is, PPV and NPV), and the threshold
            # tuned on the test set, which then reports an optimistic performance.
            "diagnostic-metrics": """
def confusion_counts(y_true, y_pred):
    y_true = np.asarray(y_true).astype(int)
    y_pred = np.asarray(y_pred).astype(int)
    return {
        "tp": int(np.sum((y_true == 1) & (y_pred == 1))),
        "fp": int(np.sum((y_true == 0) & (y_pred == 1))),
        "fn": int(np.sum((y_true == 1) & (y_pred == 0))),
        "tn": int(np.sum((y_true == 0) & (y_pred == 0))),
    }


def diagnostic_metrics(y_true, y_pred):
    c = confusion_counts(y_true, y_pred)
    flagged, unflagged = c["tp"] + c["fp"], c["tn"] + c["fn"]
    return {
        "sensitivity": c["tp"] / flagged if flagged else 0.0,
        "specificity": c["tn"] / unflagged if unflagged else 0.0,
        "ppv": c["tp"] / flagged if flagged else 0.0,
        "npv": c["tn"] / unflagged if unflagged else 0.0,
    }


flags_at_half = (validation["ai_score"] >= 0.5).astype(int)
counts_at_half = confusion_counts(validation["fracture"], flags_at_half)
metrics_at_half = diagnostic_metrics(validation["fracture"], flags_at_half)
""",
            "choose-threshold": """
def pick_threshold(y_true, y_score, min_sensitivity):
    y_true = np.asarray(y_true).astype(int)
    y_score = np.asarray(y_score, dtype=float)
    best = None
    for threshold in np.unique(y_score):
        c = confusion_counts(y_true, (y_score >= threshold).astype(int))
        if c["tp"] >= min_sensitivity * (c["tp"] + c["fn"]):
            if best is None or c["fp"] <= best[1]:
                best = (float(threshold), c["fp"])
    return best[0]


def per_1000(y_true, y_score, threshold):
    c = confusion_counts(y_true, (np.asarray(y_score) >= threshold).astype(int))
    # Per 1,000 fractures and per 1,000 intact radiographs, not per 1,000 radiographs.
    return {
        "missed": 1000 * c["fn"] / (c["tp"] + c["fn"]),
        "false_alarms": 1000 * c["fp"] / (c["fp"] + c["tn"]),
    }


THRESHOLD = pick_threshold(test["fracture"], test["ai_score"], GOAL_SENSITIVITY)
test_flags = (test["ai_score"] >= THRESHOLD).astype(int)
test_metrics = diagnostic_metrics(test["fracture"], test_flags)
test_per_1000 = per_1000(test["fracture"], test["ai_score"], THRESHOLD)
MISSED_PER_1000 = test_per_1000["missed"]
FALSE_ALARMS_PER_1000 = test_per_1000["false_alarms"]
""",
            # Part 3 without code: the row with fewer false alarms, below the 95 % goal.
            "threshold-choice": 'THRESHOLD_CHOICE = "C"\n',
        },
        "hardcoded": {
            # The right numbers for the shipped data, typed in, and every function returns
            # the shipped data's constants, which fail on other radiographs.
            "diagnostic-metrics": f"""
def confusion_counts(y_true, y_pred):
    return {a["counts"]!r}


def diagnostic_metrics(y_true, y_pred):
    return {a["metrics"]!r}


flags_at_half = (validation["ai_score"] >= 0.5).astype(int)
counts_at_half = confusion_counts(validation["fracture"], flags_at_half)
metrics_at_half = diagnostic_metrics(validation["fracture"], flags_at_half)
""",
            "choose-threshold": f"""
def pick_threshold(y_true, y_score, min_sensitivity):
    return {a["threshold"]!r}


def per_1000(y_true, y_score, threshold):
    return {{"missed": {a["missed"]!r}, "false_alarms": {a["false_alarms"]!r}}}


THRESHOLD = {a["threshold"]!r}
test_metrics = {a["test_metrics"]!r}
MISSED_PER_1000 = {a["missed"]!r}
FALSE_ALARMS_PER_1000 = {a["false_alarms"]!r}
""",
        },
        "cheats": {
            # Answers that claim to equal anything, the usual comparison helpers
            # monkeypatched to always succeed, and the builtins checks use shadowed.
            "diagnostic-metrics": _CHEAT
            + """

def confusion_counts(y_true, y_pred):
    return {k: _Anything(100.0) for k in COUNTS}


def diagnostic_metrics(y_true, y_pred):
    return {k: _Anything() for k in METRICS}


flags_at_half = (validation["ai_score"] >= 0.5).astype(int)
counts_at_half = confusion_counts(validation["fracture"], flags_at_half)
metrics_at_half = diagnostic_metrics(validation["fracture"], flags_at_half)
"""
            + _SHADOW_BUILTINS,
            "choose-threshold": """
def pick_threshold(y_true, y_score, min_sensitivity):
    return _Anything(0.2)


def per_1000(y_true, y_score, threshold):
    return {"missed": _Anything(10.0), "false_alarms": _Anything(100.0)}


THRESHOLD = _Anything(0.2)
test_metrics = {k: _Anything() for k in METRICS}
MISSED_PER_1000 = _Anything(10.0)
FALSE_ALARMS_PER_1000 = _Anything(100.0)
""",
            # A letter that claims to equal every letter.
            "threshold-choice": """
class _AnyLetter(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


THRESHOLD_CHOICE = _AnyLetter("B")
""",
        },
        # Autograded points out of 13, by test cell: counts format 1 + values 2, metrics
        # format 1 + values 2, threshold format 1 + values 3, test-set performance 2 (one
        # cell: its visible format check, then per_1000 on other data, then the test set),
        # and the threshold chosen from the table without code 1 (Part 3, added with the
        # no-code path: it raised the total from 12 to 13).
        # wrong: 5 = counts format 1 + counts values 2 (its confusion_counts is right)
        #   + metrics format 1 (right keys and types) + threshold format 1 (a float in
        #   [0, 1]); 0 for metrics values (its "sensitivity" is the PPV), 0 for threshold
        #   values (tuned on the test set, it is lower than needed on the validation set:
        #   another threshold reaches the goal there with fewer false alarms), and 0 for
        #   test-set performance (wrong test_metrics; per_1000 divides by the fractures
        #   and by the intact radiographs instead of by all radiographs), and 0 for the
        #   no-code choice (row C has fewer false alarms but misses the 95 % goal).
        # hardcoded: 4 = the three format cells 1 + 1 + 1 (typed-in ints and floats of the
        #   right shape); every function returns the shipped data's constants, so each
        #   values cell fails on other data, and the test-set performance cell fails on
        #   per_1000 called with other radiographs and thresholds, though the typed-in
        #   MISSED_PER_1000, FALSE_ALARMS_PER_1000 and test_metrics are right; plus 1 for
        #   the no-code choice, kept from the solution: for that part a typed letter is the
        #   answer asked for (its expected value is recomputed from the data).
        # cheats: 0 = every cell, visible or hidden, checks exact types with medai.grading,
        #   whose code no student name reaches, so _Anything is refused everywhere; the
        #   shadowed builtins (abs, isinstance, type, all, sorted, len, float) change none
        #   of those checks; the letter that equals every letter is a str subclass, refused
        #   by the exact type check.
        "expected_scores": {"wrong": 5.0, "hardcoded": 4.0, "cheats": 0.0},
    }


#: The kind of answer a student gives: ``{grade_id: new source}`` for the answer cells to
#: replace in the solution notebook, and ``expected_scores``, the exact autograded score of
#: each case.
CASES: dict[str, Any] = _cases()
