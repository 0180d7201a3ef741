"""Grading cases of the module 3 assignment "Why does a model that scored well fail at another
hospital?" (``where_models_fail``).

See `grading_cases` for what each kind of submission is. ``DATA_FILES`` lists the data file
shipped in ``assignments/where_models_fail/`` and the generator call that makes it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from medai.datasets import make_hospital_radiographs

#: Each data file shipped with the assignment and the call that makes it. The ``marker``
#: column is left out: finding the marker in the pixels is the student's job.
DATA_FILES: dict[str, Callable[[], pd.DataFrame]] = {
    "radiographs.csv": lambda: make_hospital_radiographs(
        250, shortcut_strength=0.85, random_state=2028
    ).frame.drop(columns="marker"),
}


def _shipped() -> pd.DataFrame:
    from pathlib import Path

    return pd.read_csv(
        Path(__file__).resolve().parents[2]
        / "assignments"
        / "where_models_fail"
        / "radiographs.csv"
    )


def _right_numbers() -> dict[str, Any]:
    """The solution's values on the shipped data, as a student would copy them from a run."""
    import warnings

    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold, train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    images = _shipped()
    pixels = [c for c in images.columns if c.startswith("px_")]
    no_corner = [c for c in pixels if not (int(c[3:5]) < 4 and int(c[6:8]) < 4)]
    a = images[images["hospital"] == "A"].reset_index(drop=True)
    b = images[images["hospital"] == "B"].reset_index(drop=True)
    vendor_train, vendor_test = train_test_split(a, test_size=0.25, random_state=0)
    seen = vendor_test["patient_id"].isin(vendor_train["patient_id"])

    def model():
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))

    def patient_level(columns):
        aucs = []
        for train, test in GroupKFold(n_splits=5).split(a, groups=a["patient_id"]):
            fitted = model().fit(a.iloc[train][columns], a.iloc[train]["disease"])
            scores = fitted.predict_proba(a.iloc[test][columns])[:, 1]
            aucs.append(roc_auc_score(a.iloc[test]["disease"], scores))
        return float(np.mean(aucs))

    def external(columns):
        fitted = model().fit(a[columns], a["disease"])
        return float(roc_auc_score(b["disease"], fitted.predict_proba(b[columns])[:, 1]))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weights = np.abs(model().fit(a[pixels], a["disease"])[-1].coef_.ravel())
        top = [pixels[i] for i in np.argsort(-weights)[:4]]
        return {
            "leaked_patients": int(vendor_test.loc[seen, "patient_id"].nunique()),
            "leaked_share": float(seen.mean()),
            "internal": patient_level(pixels),
            "top": top,
            "marker_auc": {
                str(h): float(roc_auc_score(rows["disease"], rows[top[0]]))
                for h, rows in images.groupby("hospital")
            },
            "external": external(pixels),
            "honest_internal": patient_level(no_corner),
            "honest_external": external(no_corner),
        }


_RIGHT = _right_numbers()

#: Answers that claim to equal anything, and library comparisons patched to always agree.
_CHEAT_PRELUDE = """
import math
import numpy as np
import pandas as pd
import pandas.testing


class _AnyFloat(float):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __lt__(self, other): return True
    def __le__(self, other): return True
    def __gt__(self, other): return True
    def __ge__(self, other): return True
    def __float__(self): return 0.9
    def __bool__(self): return True
    __hash__ = float.__hash__


class _AnyInt(int):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __float__(self): return 100.0
    __hash__ = int.__hash__


class _AnyList(list):
    def __eq__(self, other): return True
    def __ne__(self, other): return False


class _AnySeries(pd.Series):
    def __eq__(self, other): return pd.Series(True, index=self.index)


np.isclose = lambda *args, **kwargs: True
np.allclose = lambda *args, **kwargs: True
math.isclose = lambda *args, **kwargs: True
pandas.testing.assert_frame_equal = lambda *args, **kwargs: None
pandas.testing.assert_series_equal = lambda *args, **kwargs: None
"""

#: Builtins a check could use, shadowed in the student's namespace so that comparisons,
#: type tests and conversions always agree. The tests use none of them to judge an answer.
_SHADOW_BUILTINS = """
abs = lambda *args: 0
isinstance = lambda *args: True
type = lambda *args: float
float = lambda *args: 0.9
int = lambda *args: 100
len = lambda *args: 4
all = lambda *args: True
sorted = lambda *args, **kwargs: ["A", "B"]
"""

#: The kind of answer a student gives: ``{grade_id: new source}`` for the answer cells to
#: replace in the solution notebook, and ``expected_scores``, the exact autograded score of
#: each case (out of 15).
CASES: dict[str, Any] = {
    "wrong": {
        # A right answer in NumPy scalars (np.int64 and np.float64, as np.isin(...).sum()
        # and .mean() give them): it must keep its points.
        "leak": """
def leaked_patients(train, test):
    patients = test["patient_id"].unique()
    both = np.isin(patients, train["patient_id"].unique())
    return both.sum(), test["patient_id"].isin(patients[both]).mean()


LEAKED_PATIENTS, LEAKED_SHARE = leaked_patients(vendor_train, vendor_test)
""",
        # The typical mistake: "cross-validation" over images, not patients, so the leak
        # stays (the .mean() of cross_val_score, an np.float64, is refused for its value).
        "patient-level-auc": """
from sklearn.model_selection import KFold, cross_val_score


def patient_level_auc(frame, pixels):
    folds = KFold(n_splits=5, shuffle=True, random_state=0)
    return cross_val_score(make_model(), frame[pixels], frame["disease"], cv=folds,
                           scoring="roc_auc").mean()


INTERNAL_AUC = patient_level_auc(hospital_a, PIXELS)
""",
        # The "external" AUCs measured on the vendor's internal test split, with a right
        # external_auc.
        "honest": """
CORNER = [f"px_{row:02d}_{column:02d}" for row in range(4) for column in range(4)]
NO_CORNER = [pixel for pixel in PIXELS if pixel not in CORNER]


def external_auc(train_frame, test_frame, pixels):
    model = make_model().fit(train_frame[pixels], train_frame["disease"])
    return roc_auc_score(test_frame["disease"], model.predict_proba(test_frame[pixels])[:, 1])


EXTERNAL_AUC = external_auc(vendor_train, vendor_test, PIXELS)
HONEST_INTERNAL_AUC = patient_level_auc(hospital_a, NO_CORNER)
HONEST_EXTERNAL_AUC = external_auc(vendor_train, vendor_test, NO_CORNER)
""",
        # The heat map that looks clinical taken as proof: model Y.
        "pilot": """
PILOT = "Y"
""",
    },
    "hardcoded": {
        # The right numbers for the shipped data, typed in, and functions that return them.
        "leak": f"""
def leaked_patients(train, test):
    return {_RIGHT["leaked_patients"]!r}, {_RIGHT["leaked_share"]!r}


LEAKED_PATIENTS, LEAKED_SHARE = leaked_patients(vendor_train, vendor_test)
""",
        "patient-level-auc": f"""
def patient_level_auc(frame, pixels):
    return {_RIGHT["internal"]!r}


INTERNAL_AUC = patient_level_auc(hospital_a, PIXELS)
""",
        "shortcut": f"""
def top_pixels(model, pixels, k):
    return {_RIGHT["top"]!r}[:k]


def pixel_auc_by_hospital(frame, pixel):
    return pd.Series({_RIGHT["marker_auc"]!r})


TOP_PIXELS = top_pixels(None, PIXELS, 4)
MARKER_AUC = pixel_auc_by_hospital(images, TOP_PIXELS[0])
""",
        "honest": f"""
def external_auc(train_frame, test_frame, pixels):
    return {_RIGHT["external"]!r} if len(pixels) == 256 else {_RIGHT["honest_external"]!r}


EXTERNAL_AUC = {_RIGHT["external"]!r}
HONEST_INTERNAL_AUC = {_RIGHT["honest_internal"]!r}
HONEST_EXTERNAL_AUC = {_RIGHT["honest_external"]!r}
""",
    },
    "cheats": {
        "leak": _CHEAT_PRELUDE
        + _SHADOW_BUILTINS
        + """

def leaked_patients(train, test):
    return _AnyInt(100), _AnyFloat(0.9)


LEAKED_PATIENTS, LEAKED_SHARE = leaked_patients(vendor_train, vendor_test)
""",
        "patient-level-auc": """
def patient_level_auc(frame, pixels):
    return _AnyFloat(0.9)


INTERNAL_AUC = patient_level_auc(hospital_a, PIXELS)
""",
        "shortcut": """
def top_pixels(model, pixels, k):
    return _AnyList(["px_01_01", "px_01_02", "px_02_01", "px_02_02"])


def pixel_auc_by_hospital(frame, pixel):
    return _AnySeries({"A": 0.9, "B": 0.5})


TOP_PIXELS = top_pixels(None, PIXELS, 4)
MARKER_AUC = pixel_auc_by_hospital(images, TOP_PIXELS[0])
""",
        # Plain floats of the right type, which only the shadowed abs could make "right".
        "honest": """
def external_auc(train_frame, test_frame, pixels):
    return 0.7


EXTERNAL_AUC = 0.7
HONEST_INTERNAL_AUC = 0.75
HONEST_EXTERNAL_AUC = 0.75
""",
        # A string that claims to equal every letter.
        "pilot": """
class _AnyStr(str):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    __hash__ = str.__hash__


PILOT = _AnyStr("X")
""",
    },
    # Autograded points out of 15: test-leak 2; patient-level format 1 and values 3; top
    # pixels 1; pixel AUC format 1 and values 2; honest format 1, external AUC 2 and honest
    # values 1; the model to pilot (Part 5) 1.
    # wrong: 8 = leak 2 (right, in NumPy scalars, and NaN for an empty test frame) +
    # patient-level format 1 + top pixels 1 + pixel AUC format 1 and values 2 + honest
    # format 1. The image-level "patient" AUC fails its values (3), the internal "external"
    # AUCs fail the external AUC (2) and the honest values (1), and model Y, whose map looks
    # clinical, is not the one to pilot (0).
    # hardcoded: 4 = the format checks only: patient-level 1, pixel AUC 1, honest 1; and the
    # model to pilot, kept from the solution (1): a single choice cannot be asked on other
    # data, the letter is the answer, and its justification is graded by hand. Every function
    # is called on other images, splits or models, where its constants are wrong (and
    # test-leak, top pixels, external AUC and honest values hold no format points).
    # cheats: 1 = honest format (plain floats between 0 and 1). The objects that compare equal
    # to anything (numbers, lists, Series, a letter) are subclasses, refused by the exact type
    # checks of medai.grading, format checks included; the shadowed builtins change no check.
    "expected_scores": {"wrong": 8.0, "hardcoded": 4.0, "cheats": 1.0},
}
