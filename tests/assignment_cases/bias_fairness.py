"""Grading cases of the module 4 assignment "Spot the biased classifier" (``bias_fairness``).

See `grading_cases` for what each kind of submission is. ``DATA_FILES`` lists the data files
shipped in ``assignments/bias_fairness/`` and the generator call that makes each one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from medai.datasets import make_care_programme_triage
from medai.datasets.bias_fairness import make_french_care_programme_triage

ASSIGNMENT_DIR = Path(__file__).resolve().parents[2] / "assignments" / "bias_fairness"

TRIAGE_COLUMNS = [
    "patient_id", "group", "split", "age", "log_prior_cost", "outpatient_visits",
    "emergency_visits", "hba1c", "systolic_bp", "creatinine", "high_cost", "high_need",
    "risk_score", "flagged",
]  # fmt: skip

#: Part 5: the French version's test patients, with the groups a French record holds.
FRENCH_COLUMNS = [
    "patient_id", "sex", "age_band", "fdep_quintile", "territory", "high_need", "risk_score",
    "flagged",
]  # fmt: skip


def _french_test_patients() -> pd.DataFrame:
    frame = make_french_care_programme_triage(random_state=2027).frame
    return frame.loc[frame["split"] == "test", FRENCH_COLUMNS].reset_index(drop=True)


#: Each data file shipped with the assignment and the call that makes it.
DATA_FILES: dict[str, Callable[[], pd.DataFrame]] = {
    "triage_cohort.csv": lambda: make_care_programme_triage(random_state=2026).frame[
        TRIAGE_COLUMNS
    ],
    "french_cohort.csv": _french_test_patients,
}


def _shipped_split() -> tuple[pd.DataFrame, pd.DataFrame]:
    cohort = pd.read_csv(ASSIGNMENT_DIR / "triage_cohort.csv")
    train = cohort[cohort["split"] == "train"].reset_index(drop=True)
    test = cohort[cohort["split"] == "test"].reset_index(drop=True)
    return train, test


def _right_answers() -> dict[str, Any]:
    """The solution's answers for the shipped cohort, as a student would copy them from a run."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from medai.metrics import per_group_metrics

    train, test = _shipped_split()
    table = per_group_metrics(test["high_need"], test["flagged"], test["group"]).by_group
    fnr = table["false_negative_rate"]
    needy = train[train["high_need"] == 1]
    # The solution's mitigate: the same model, trained on the clinical label.
    features = [
        "age", "log_prior_cost", "outpatient_visits", "emergency_visits", "hba1c",
        "systolic_bp", "creatinine",
    ]  # fmt: skip
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    scores = model.fit(train[features], train["high_need"]).predict_proba(test[features])[:, 1]
    places = np.argsort(-scores, kind="stable")[: round(0.15 * len(test))]
    flags = np.zeros(len(test), dtype=int)
    flags[places] = 1
    change = (
        pd.Series(flags).groupby(test["group"]).mean()
        - test["flagged"].groupby(test["group"]).mean()
    )
    french = pd.read_csv(ASSIGNMENT_DIR / "french_cohort.csv")
    french_tables = {}
    for column in ("sex", "age_band", "fdep_quintile", "territory"):
        rows = french[french[column].notna()]
        need = rows["high_need"] == 1
        missed = need & (rows["flagged"] == 0)
        counts = pd.DataFrame(
            {
                "patients": rows.groupby(column).size(),
                "high_need": need.groupby(rows[column]).sum(),
                "missed": missed.groupby(rows[column]).sum(),
            }
        ).sort_index()
        french_tables[column] = {
            "index": [str(v) for v in counts.index],
            **{c: [int(v) for v in counts[c]] for c in counts},
            "false_negative_rate": [
                float(m / n) for m, n in zip(counts["missed"], counts["high_need"], strict=True)
            ],
        }
    french_ratios = {
        column: max(t["false_negative_rate"]) / min(t["false_negative_rate"])
        for column, t in french_tables.items()
    }
    return {
        "french": french_tables,
        "french_ratio": french_ratios["fdep_quintile"],
        "beyond": [column for column, ratio in french_ratios.items() if ratio > 1.25],
        "table": {c: [float(v) for v in table.loc[["Black", "White"], c]] for c in table},
        "harmed": str(fnr.idxmax()),
        "gap": float(fnr.max() - fnr.min()),
        "capture": {g: float(v) for g, v in needy.groupby("group")["high_cost"].mean().items()},
        "places": sorted(int(i) for i in places),
        "change": {str(g): float(v) for g, v in change.items()},
    }


_RIGHT = _right_answers()

#: Cheating code put before the answers of the ``cheats`` case: objects that claim to equal
#: anything (a str and a float subclass, true, converting to a plausible number), the
#: comparison helpers a test could use patched to always succeed, and the builtins a check
#: could use redefined to always agree.
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


class _AnyFloat(float):
    """A float equal to anything (and close to anything)."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __lt__ = __le__ = __gt__ = __ge__ = __eq__
    __hash__ = float.__hash__

    def __sub__(self, other):
        return _AnyFloat(0.0)

    __rsub__ = __sub__

    def __abs__(self):
        return _AnyFloat(0.0)


numpy.isclose = lambda *args, **kwargs: True
numpy.allclose = lambda *args, **kwargs: True
math.isclose = lambda *args, **kwargs: True
pandas.testing.assert_frame_equal = lambda *args, **kwargs: None

# Builtins a check could use, redefined in the notebook to always agree.
_real_float = float
abs = lambda *args: 0
float = lambda *args: 0.25
isinstance = lambda *args: True
type = lambda *args: _real_float
sorted = lambda *args, **kwargs: ["Black", "White"]
'''

#: The solution's mitigate, kept by the cases that cheat or err elsewhere in part 4.
_MITIGATE = """
def mitigate(train, test):
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    model.fit(train[FEATURES], train["high_need"])
    scores = model.predict_proba(test[FEATURES])[:, 1]
    flags = np.zeros(len(test), dtype=int)
    flags[np.argsort(-scores, kind="stable")[: round(CAPACITY * len(test))]] = 1
    return flags
"""

#: Part 5 of the ``wrong`` case: miss rates over all the group's patients, not over its
#: high-need patients; a ratio that does not set aside undefined rates; then the wrong
#: statement of part 6 (the area index read as an individual measure).
_WRONG_FRENCH = """
def miss_rates(frame, column):
    rows = frame[frame[column].notna()]
    need = rows["high_need"] == 1
    table = pd.DataFrame({
        "patients": rows.groupby(column).size(),
        "high_need": need.groupby(rows[column]).sum(),
        "missed": (need & (rows["flagged"] == 0)).groupby(rows[column]).sum(),
    }).sort_index()
    table["false_negative_rate"] = table["missed"] / table["patients"]
    return table


def miss_ratio(table):
    rates = table["false_negative_rate"]
    return float(rates.max() / rates.min())


french_audit = {column: miss_rates(french, column) for column in FRENCH_GROUPS}
FRENCH_RATIOS = {column: miss_ratio(table) for column, table in french_audit.items()}
BEYOND_LIMIT = [column for column in FRENCH_GROUPS if FRENCH_RATIOS[column] > RATIO_LIMIT]
"""

#: The overall metrics repeated for each group (a real DataFrame of the right shape).
_OVERALL_METRICS = """
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
"""


#: The kind of answer a student gives: ``{grade_id: new source}`` for the answer cells to
#: replace in the solution notebook, and ``expected_scores``, the exact autograded score of
#: each case.
CASES: dict[str, Any] = {
    "wrong": {
        # The overall metrics repeated for each group; the wrong error named (and the
        # least-selected group called harmed); the change in selection taken the wrong way
        # round (vendor minus fix).
        "per-group-metrics": _OVERALL_METRICS,
        "harmed-group": """
HARM_METRIC = "selection_rate"


def most_missed_group(table):
    return table["selection_rate"].idxmin()


def fnr_gap(table):
    return table["false_negative_rate"].max() - table["false_negative_rate"].min()


HARMED_GROUP = most_missed_group(vendor_table)
FNR_GAP = fnr_gap(vendor_table)
""",
        "mitigation": _MITIGATE
        + """

def selection_change(before, after, groups):
    groups = np.asarray(groups)
    return (pd.Series(np.asarray(before)).groupby(groups).mean()
            - pd.Series(np.asarray(after)).groupby(groups).mean())


mitigated_flags = mitigate(train, test)
SELECTION_CHANGE = selection_change(test["flagged"], mitigated_flags, test["group"])
""",
        "french-audit": _WRONG_FRENCH,
        "proxy-choice": 'PROXY_CHOICE = "A"',
    },
    "hardcoded": {
        # The right answers for this cohort typed in, every function returning them: they
        # fail on other patients and other tables.
        "per-group-metrics": f"""
def per_group_metrics(y_true, y_pred, groups):
    return pd.DataFrame({_RIGHT["table"]!r}, index=["Black", "White"])[METRIC_COLUMNS]


vendor_table = per_group_metrics(test["high_need"], test["flagged"], test["group"])
""",
        "harmed-group": f"""
HARM_METRIC = "false_negative_rate"


def most_missed_group(table):
    return {_RIGHT["harmed"]!r}


def fnr_gap(table):
    return {_RIGHT["gap"]!r}


HARMED_GROUP = {_RIGHT["harmed"]!r}
FNR_GAP = {_RIGHT["gap"]!r}
""",
        "bias-source": f"""
def label_capture(frame):
    return pd.Series({_RIGHT["capture"]!r})


capture = label_capture(train)
BIAS_SOURCE = "label"
""",
        "mitigation": f"""
def mitigate(train, test):
    flags = np.zeros(5000, dtype=int)
    flags[{_RIGHT["places"]!r}] = 1
    return flags


def selection_change(before, after, groups):
    return pd.Series({_RIGHT["change"]!r})


mitigated_flags = mitigate(train, test)
SELECTION_CHANGE = pd.Series({_RIGHT["change"]!r})
""",
        "french-audit": f"""
_TABLES = {_RIGHT["french"]!r}


def miss_rates(frame, column):
    table = _TABLES[column]
    return pd.DataFrame({{c: table[c] for c in ["patients", "high_need", "missed",
                                               "false_negative_rate"]}}, index=table["index"])


def miss_ratio(table):
    return {_RIGHT["french_ratio"]!r}


french_audit = {{column: miss_rates(french, column) for column in FRENCH_GROUPS}}
FRENCH_RATIOS = {{column: miss_ratio(table) for column, table in french_audit.items()}}
BEYOND_LIMIT = {_RIGHT["beyond"]!r}
""",
        # A single choice cannot tell a typed letter from a reasoned one: the letter earns
        # its point, the justification is graded by hand.
        "proxy-choice": 'PROXY_CHOICE = "B"',
    },
    "cheats": {
        # The overall metrics for every group (a real DataFrame, so the format test passes),
        # after the comparison helpers are patched and the builtins redefined; then answers
        # that claim to equal anything. Part 4 keeps the solution's mitigate.
        "per-group-metrics": _CHEAT + _OVERALL_METRICS,
        "harmed-group": """
HARM_METRIC = _Anything("false_negative_rate")


def most_missed_group(table):
    return _Anything("Black")


def fnr_gap(table):
    return _AnyFloat(0.2)


HARMED_GROUP = most_missed_group(vendor_table)
FNR_GAP = fnr_gap(vendor_table)
""",
        "bias-source": """
def label_capture(frame):
    return pd.Series({g: _AnyFloat(0.5) for g in pd.unique(frame["group"])}, dtype=object)


capture = label_capture(train)
BIAS_SOURCE = _Anything("label")
""",
        "mitigation": _MITIGATE
        + """

def selection_change(before, after, groups):
    return pd.Series({g: _AnyFloat(0.0) for g in pd.unique(groups)}, dtype=object)


mitigated_flags = mitigate(train, test)
SELECTION_CHANGE = selection_change(test["flagged"], mitigated_flags, test["group"])
""",
        "french-audit": """
def miss_rates(frame, column):
    rows = frame[frame[column].notna()]
    names = np.sort(rows[column].unique())
    columns = ["patients", "high_need", "missed", "false_negative_rate"]
    return pd.DataFrame({c: [_AnyFloat(0.5)] * len(names) for c in columns}, index=names,
                        dtype=object)


def miss_ratio(table):
    return _AnyFloat(1.3)


french_audit = {column: miss_rates(french, column) for column in FRENCH_GROUPS}
FRENCH_RATIOS = {column: miss_ratio(table) for column, table in french_audit.items()}
BEYOND_LIMIT = [_Anything("fdep_quintile")]
""",
        "proxy-choice": 'PROXY_CHOICE = _Anything("B")',
    },
    # Autograded points out of 20: per-group metrics format 1 + values 3, harmed group 2,
    # label capture 2, bias source 1, mitigation format 1 + effect 3 + cost 1, French miss
    # rates format 1 + values 2, miss ratio 2, proxy choice 1. (The proxy justification, 2,
    # and the recommendation, 4, are graded by hand.)
    # wrong: per-group format 1 (a table of the right shape) + label capture 2 + bias source
    # 1 (label_capture is the solution's) + mitigation format 1 + effect 3 + French miss
    # rates format 1 (right columns and groups) = 9; the values (overall, not per group),
    # the harm (selection rate), the cost (sign), the miss rates (over all patients), the
    # ratio (and so FRENCH_RATIOS) and the proxy choice ("A") fail.
    # hardcoded: the format-only checks, per-group format 1 + mitigation format 1 + French
    # miss rates format 1, plus the proxy choice 1 (a typed letter: a single choice cannot
    # resist it, which is why its justification is graded by hand) = 4; every function
    # returns this cohort's answers, so each hidden test fails on another cohort or table,
    # and BIAS_SOURCE = "label" fails with its constant label_capture.
    # cheats: per-group format 1 (a real DataFrame) + mitigation format 1 + effect 3 (the
    # solution's mitigate) + French miss rates format 1 (a real DataFrame) = 6; every other
    # check meets a rigged or wrong value and refuses it (exact types, values compared by
    # medai.grading, never with a builtin the notebook could redefine), whether or not the
    # engine hides the redefined builtins.
    "expected_scores": {"wrong": 9.0, "hardcoded": 4.0, "cheats": 6.0},
}
