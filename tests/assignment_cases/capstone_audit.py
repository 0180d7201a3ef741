"""Grading cases of the capstone "Audit a tool before adoption".

See `grading_cases` for what each kind of submission is. ``DATA_FILES`` lists the data files
shipped in ``assignments/capstone_audit/`` and the generator call that makes each one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from medai.datasets import make_fracture_audit
from medai.datasets.capstone_audit import AUDIT_COLUMNS

#: The cohort's columns as shipped: the generator's hidden cause (``osteoporosis``) stays out,
#: the audit must find the failing groups from what a hospital records.
COHORT_COLUMNS = [c for c in AUDIT_COLUMNS if c != "osteoporosis"]
#: The shipped cohort's size and seed.
SHIPPED = {"n_samples": 6_000, "random_state": 2039}

#: Each data file shipped with the assignment and the call that makes it.
DATA_FILES: dict[str, Callable[[], pd.DataFrame]] = {
    "local_cohort.csv": lambda: make_fracture_audit(**SHIPPED).frame[COHORT_COLUMNS],
    "vendor_dossier.csv": lambda: make_fracture_audit(**SHIPPED).dossier,
}

ASSIGNMENT_DIR = Path(__file__).resolve().parents[2] / "assignments" / "capstone_audit"
_METRICS = ["sensitivity", "specificity", "ppv", "npv"]
_ATTRIBUTES = ["sex", "age_band", "deprivation_quintile", "territory"]


def _plain(table: pd.DataFrame) -> dict[str, Any]:
    """A table as a dict of columns of plain Python values, with its index, for ``repr``."""
    return {
        "index": [str(v) if not isinstance(v, int | np.integer) else int(v) for v in table.index],
        "data": {
            c: [v.item() if hasattr(v, "item") else v for v in table[c]] for c in table.columns
        },
    }


def _shipped_answers() -> dict[str, Any]:
    """The right answers for the shipped cohort, as a student could type them in."""
    from scipy.stats import binomtest
    from sklearn.metrics import roc_auc_score

    from medai.evidence import judge_against_minimum

    cohort = pd.read_csv(ASSIGNMENT_DIR / "local_cohort.csv")
    t, p, s = cohort["fracture"], cohort["ai_positive"], cohort["ai_score"]
    tp, fn = int(((t == 1) & (p == 1)).sum()), int(((t == 1) & (p == 0)).sum())
    tn, fp = int(((t == 0) & (p == 0)).sum()), int(((t == 0) & (p == 1)).sum())
    rows = []
    for k, n in [(tp, tp + fn), (tn, tn + fp), (tp, tp + fp), (tn, tn + fn)]:
        ci = binomtest(k, n).proportion_ci(method="exact")
        rows.append((k, n, k / n, float(ci.low), float(ci.high)))
    local_table = pd.DataFrame(
        rows, index=_METRICS, columns=["successes", "trials", "estimate", "low", "high"]
    )

    def shift(by: str) -> pd.DataFrame:
        out = {}
        for value, g in cohort.groupby(by):
            y, f = g["fracture"], g["ai_positive"]
            out[value] = {
                "radiographs": len(g),
                "prevalence": float(y.mean()),
                "sensitivity": float(f[y == 1].mean()),
                "specificity": float((f[y == 0] == 0).mean()),
                "auc": float(roc_auc_score(y, g["ai_score"])),
            }
        return pd.DataFrame.from_dict(out, orient="index")

    def groups(attribute: str) -> pd.DataFrame:
        out = {}
        for value, g in cohort.groupby(attribute):
            n = int((g["fracture"] == 1).sum())
            k = int(((g["fracture"] == 1) & (g["ai_positive"] == 1)).sum())
            ci = binomtest(k, n).proportion_ci(method="exact")
            low, high = float(ci.low), float(ci.high)
            rule = judge_against_minimum((low, high), 0.8)
            out[value] = {
                "fractures": n,
                "detected": k,
                "sensitivity": k / n,
                "false_negative_rate": 1 - k / n,
                "low": low,
                "high": high,
                "verdict": rule,
            }
        return pd.DataFrame.from_dict(out, orient="index")

    by_device = shift("device")
    group_tables = {a: groups(a) for a in _ATTRIBUTES}
    prevalence = float(t.mean())
    se, sp = 0.943, 0.88
    score = s.to_numpy(float)
    band = (0.15, 0.3712)
    chosen = (score >= band[0]) & (score < band[1])
    chosen |= cohort["age_band"].eq("80+").to_numpy() | cohort["device"].eq("CR-1").to_numpy()
    return {
        "local_table": _plain(local_table),
        "by_device": _plain(by_device),
        "by_site": _plain(shift("site")),
        "group_tables": {a: _plain(tab) for a, tab in group_tables.items()},
        "failing": {
            a: [str(v) for v in tab.index[tab["verdict"] == "not good enough"]]
            for a, tab in group_tables.items()
        },
        "prevalence": prevalence,
        "expected_ppv": se * prevalence / (se * prevalence + (1 - sp) * (1 - prevalence)),
        "calibration": {
            "brier_score": float(np.mean((score - t.to_numpy()) ** 2)),
            "mean_predicted": float(score.mean()),
            "observed_rate": prevalence,
            "calibration_in_the_large": float(score.mean()) - prevalence,
        },
        "failing_device": str(by_device["sensitivity"].idxmin()),
        "second_read": [bool(v) for v in chosen],
        "unchecked": float(((t == 1) & (p == 0) & ~chosen).sum() / (t == 1).sum()),
    }


# A table typed in from its plain-dict form: ``_typed_table({"index": [...], "data": {...}})``.
_TABLE = """
def _typed_table(plain):
    return pd.DataFrame(plain["data"], index=plain["index"])
"""

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

    def __sub__(self, other):
        return _Anything(0.0)

    __rsub__ = __add__ = __radd__ = __sub__

    def __abs__(self):
        return _Anything(0.0)


class _AnyText(str):
    """A text equal to any text."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__


class _AnyList(list):
    def __eq__(self, other):
        return True


class _AnyArray(numpy.ndarray):
    def __eq__(self, other):
        return numpy.ones(self.shape, dtype=bool)


numpy.isclose = lambda *args, **kwargs: True
numpy.allclose = lambda *args, **kwargs: True
math.isclose = lambda *args, **kwargs: True
pandas.testing.assert_frame_equal = lambda *args, **kwargs: None


def _any_table(index, columns):
    return pd.DataFrame({c: [_Anything()] * len(index) for c in columns}, index=index,
                        dtype=object)
'''

#: Builtins that a check could call, redefined in the student's namespace.
_SHADOW_BUILTINS = """

abs = lambda x: 0  # noqa: E731
isinstance = lambda *args: True  # noqa: E731
type = lambda *args: float  # noqa: E731
float = _Anything
len = lambda x: 4  # noqa: E731
sorted = lambda x, **kwargs: list(x)  # noqa: E731
"""


def _cases() -> dict[str, Any]:
    a = _shipped_answers()
    return {
        "wrong": {
            # Six misconceptions of the course: a normal-approximation (Wald) interval; a
            # figure judged on its point estimate instead of its interval; the PPV at the
            # vendor's prevalence;
            # per_group_metrics' 0.0 kept for a group without any fracture; consent as the
            # legal basis of care; a recommendation that is not one of the three choices.
            "accuracy-table": """
def accuracy_table(y_true, y_pred):
    t, p = np.asarray(y_true).astype(int), np.asarray(y_pred).astype(int)
    tp, fn = int(((t == 1) & (p == 1)).sum()), int(((t == 1) & (p == 0)).sum())
    tn, fp = int(((t == 0) & (p == 0)).sum()), int(((t == 0) & (p == 1)).sum())
    rows = []
    for k, n in [(tp, tp + fn), (tn, tn + fp), (tp, tp + fp), (tn, tn + fn)]:
        est = k / n if n else np.nan
        half = 1.96 * (est * (1 - est) / n) ** 0.5 if n else np.nan
        rows.append((k, n, est, est - half, est + half))
    return pd.DataFrame(rows, index=METRICS, columns=ACCURACY_COLUMNS)


local_table = accuracy_table(cohort["fracture"], cohort["ai_positive"])
""",
            "verdicts": """
def judge_table(table, minimums):
    return {metric: "good enough" if table.loc[metric, "estimate"] >= minimum
            else "not good enough" for metric, minimum in minimums.items()}


LOCAL_VERDICTS = judge_table(local_table, {"sensitivity": MIN_SENSITIVITY,
                                           "specificity": MIN_SPECIFICITY})
""",
            "claim-at-local-prevalence": """
LOCAL_PREVALENCE = float(cohort["fracture"].mean())
EXPECTED_PPV = predictive_values(VENDOR_CLAIM["sensitivity"], VENDOR_CLAIM["specificity"],
                                 VENDOR_CLAIM["prevalence"]).ppv
CALIBRATION = calibration_summary(cohort["fracture"], cohort["ai_score"])
""",
            "group-sensitivity": """
def group_sensitivity(y_true, y_pred, groups, minimum):
    rates = per_group_metrics(y_true, y_pred, groups).by_group
    t, p, g = np.asarray(y_true).astype(int), np.asarray(y_pred).astype(int), np.asarray(groups)
    rows = {}
    for group in rates.index:
        n = int((t[g == group] == 1).sum())
        k = int(((t[g == group] == 1) & (p[g == group] == 1)).sum())
        low, high = proportion_ci(k, n) if n else (0.0, 1.0)
        rows[group] = {"fractures": n, "detected": k,
                       "sensitivity": rates.loc[group, "sensitivity"],
                       "false_negative_rate": rates.loc[group, "false_negative_rate"],
                       "low": low, "high": high,
                       "verdict": judge_against_minimum((low, high), minimum)}
    return pd.DataFrame.from_dict(rows, orient="index")


group_tables = {
    attribute: group_sensitivity(cohort["fracture"], cohort["ai_positive"], cohort[attribute],
                                 MIN_SENSITIVITY)
    for attribute in GROUP_ATTRIBUTES
}
""",
            "legal-basis": """
LEGAL_BASIS = "A"
DATA_REQUIREMENTS = ["dpia", "processor_contract", "hds_host", "patient_consent"]
""",
            "recommendation-choice": """
RECOMMENDATION = "Adopt with conditions."
""",
        },
        "hardcoded": {
            # The right answers for the shipped cohort, typed in, and every function made to
            # return them whatever its arguments.
            "accuracy-table": _TABLE
            + f"""

def accuracy_table(y_true, y_pred):
    return _typed_table({a["local_table"]!r})


local_table = accuracy_table(cohort["fracture"], cohort["ai_positive"])
""",
            "verdicts": """
def judge_table(table, minimums):
    return {"sensitivity": "good enough", "specificity": "good enough"}


LOCAL_VERDICTS = {"sensitivity": "good enough", "specificity": "good enough"}
""",
            "claim-at-local-prevalence": f"""
LOCAL_PREVALENCE = {a["prevalence"]!r}
EXPECTED_PPV = {a["expected_ppv"]!r}
CALIBRATION = {a["calibration"]!r}
""",
            "shift-table": f"""
def shift_table(frame, by):
    return _typed_table({a["by_device"]!r})


by_device = shift_table(cohort, "device")
by_site = _typed_table({a["by_site"]!r})
""",
            "failing-device": f"""
FAILING_DEVICE = {a["failing_device"]!r}
SHIFT_CAUSE = "C"
""",
            "group-sensitivity": f"""
_TABLES = {a["group_tables"]!r}


def group_sensitivity(y_true, y_pred, groups, minimum):
    return _typed_table(_TABLES["age_band"])


group_tables = {{attribute: _typed_table(plain) for attribute, plain in _TABLES.items()}}
""",
            "failing-groups": f"""
def failing_groups(frame, attributes, minimum):
    return {a["failing"]!r}


FAILING_GROUPS = {a["failing"]!r}
""",
            "legal-basis": """
LEGAL_BASIS = "B"
DATA_REQUIREMENTS = ["dpia", "processor_contract", "hds_host"]
""",
            "second-reading": f"""
_CHOSEN = np.array({a["second_read"]!r})


def second_reading(frame, band, groups):
    return _CHOSEN.copy()


def unchecked_share(frame, second_read):
    return {a["unchecked"]!r}


UNCERTAIN_BAND = (0.15, 0.3712)
SECOND_READ_GROUPS = {{"age_band": ["80+"], "device": ["CR-1"]}}
SECOND_READ = second_reading(cohort, UNCERTAIN_BAND, SECOND_READ_GROUPS)
""",
            "patient-information": """
PATIENT_INFORMATION = "B"
""",
            "recommendation-choice": """
RECOMMENDATION = "adopt with conditions"
""",
        },
        "cheats": {
            # Answers that claim to equal anything (numbers, texts, lists, arrays), the usual
            # comparison helpers monkeypatched to always succeed, and the builtins a check
            # might use redefined (last, once everything else is defined).
            "accuracy-table": _CHEAT
            + """

def accuracy_table(y_true, y_pred):
    return _any_table(METRICS, ACCURACY_COLUMNS)


local_table = accuracy_table(cohort["fracture"], cohort["ai_positive"])
"""
            + _SHADOW_BUILTINS,
            "verdicts": """
def judge_table(table, minimums):
    return {metric: _AnyText("good enough") for metric in minimums}


LOCAL_VERDICTS = judge_table(local_table, {"sensitivity": 0.8, "specificity": 0.85})
""",
            "claim-at-local-prevalence": """
LOCAL_PREVALENCE = _Anything(0.15)
EXPECTED_PPV = _Anything(0.6)
CALIBRATION = {k: _Anything() for k in ["brier_score", "mean_predicted", "observed_rate",
                                        "calibration_in_the_large"]}
""",
            "shift-table": """
def shift_table(frame, by):
    return _any_table(["CR-1", "DR-1", "DR-2", "DR-3"],
                      ["radiographs", "prevalence", "sensitivity", "specificity", "auc"])


by_device = shift_table(cohort, "device")
by_site = shift_table(cohort, "site")
""",
            "failing-device": """
FAILING_DEVICE = _AnyText("CR-1")
SHIFT_CAUSE = _AnyText("C")
""",
            "group-sensitivity": """
def group_sensitivity(y_true, y_pred, groups, minimum):
    return _any_table(["18-39", "40-64", "65-79", "80+"],
                      ["fractures", "detected", "sensitivity", "false_negative_rate", "low",
                       "high", "verdict"])


group_tables = {attribute: group_sensitivity(None, None, None, None)
                for attribute in GROUP_ATTRIBUTES}
""",
            "failing-groups": """
def failing_groups(frame, attributes, minimum):
    return {attribute: _AnyList() for attribute in attributes}


FAILING_GROUPS = failing_groups(cohort, GROUP_ATTRIBUTES, MIN_SENSITIVITY)
""",
            "legal-basis": """
LEGAL_BASIS = _AnyText("B")
DATA_REQUIREMENTS = _AnyList(["dpia"])
""",
            "second-reading": """
def second_reading(frame, band, groups):
    return numpy.zeros(len(frame), dtype=bool).view(_AnyArray)


def unchecked_share(frame, second_read):
    return _Anything(0.01)


UNCERTAIN_BAND = (_Anything(0.1), _Anything(0.3))
SECOND_READ_GROUPS = {}
SECOND_READ = second_reading(cohort, UNCERTAIN_BAND, SECOND_READ_GROUPS)
""",
            "patient-information": """
PATIENT_INFORMATION = _AnyText("B")
""",
            "recommendation-choice": """
RECOMMENDATION = _AnyText("adopt")
""",
        },
        # Autograded points out of 28, by test cell (a cell gives all its points or none):
        # accuracy table format 1 + values 3, verdicts 2, claim at the local prevalence 2,
        # shift table 3, failing device 1, shift cause 1, group sensitivity 3, failing groups
        # 2, legal basis 1, data requirements 2, second reading 3, policy limits 2, patient
        # information 1, recommendation format 1.
        # wrong = 14: it loses the accuracy values (3: Wald intervals; its format passes), the
        # conclusions (2: judged on the estimate, a straddling interval is "good enough"), the
        # PPV at the local prevalence (2), the group table (3: 0.0 instead
        # of NaN for a group without fracture), the legal basis (1), the data requirements (2)
        # and the recommendation's format (1).
        # hardcoded = 12: the format-only accuracy cell (1) and the answers that are values of
        # the shipped cohort or choices, with no function behind them: the claim at the local
        # prevalence (2), the failing device (1), the shift cause (1), the legal basis (1) and
        # data requirements (2), the policy limits (2: the checker applies the typed-in policy
        # itself), the patient information (1) and the recommendation's format (1). Every
        # cell that calls a function on other data fails (3 + 2 + 3 + 3 + 2 + 3 = 16 lost).
        # cheats = 0: exact types refuse every number, text, list and array subclass.
        "expected_scores": {"wrong": 14.0, "hardcoded": 12.0, "cheats": 0.0},
    }


#: The kind of answer a student gives: ``{grade_id: new source}`` for the answer cells to
#: replace in the solution notebook, and ``expected_scores``, the exact autograded score of
#: each case.
CASES: dict[str, Any] = _cases()
