"""Grading cases of the module 6 assignment "Design the human–AI workflow".

See `grading_cases` for what each kind of submission is. ``DATA_FILES`` lists the data files
shipped in ``assignments/clinician_in_charge/`` and the generator call that makes each one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from medai.datasets import make_fracture_triage_cohort, make_reader_study
from medai.teams import team_outcomes

ASSIGNMENT_DIR = Path(__file__).resolve().parents[2] / "assignments" / "clinician_in_charge"
READER = {"reader_sensitivity": 0.94, "reader_specificity": 0.94}

#: The five policies of part 4: letter, description, policy of medai.teams and its options.
POLICY_TABLE = [
    ("A", "Radiologist alone", "reader_alone", {}),
    ("B", "Triage rule-out below 0.05", "triage", {"threshold": 0.05}),
    ("C", "Deferral band 0.05-0.45", "deferral", {"low": 0.05, "high": 0.45}),
    ("D", "Concurrent reading, trust 0.5, tool at 0.5", "concurrent", {"threshold": 0.5}),
    ("E", "Tool alone at 0.1", "tool_alone", {"threshold": 0.1}),
]


def triage_scores() -> pd.DataFrame:
    """The radiographs of the assignment: module 1's generator, without its split column."""
    frame = make_fracture_triage_cohort(2_000, random_state=2061).frame
    return frame[["radiograph_id", "ai_score", "fracture"]]


def policy_comparison() -> pd.DataFrame:
    """Part 4's table: each policy on the radiographs, per 1,000, rounded to one decimal."""
    cohort = triage_scores()
    rows = []
    for letter, description, policy, options in POLICY_TABLE:
        result = team_outcomes(
            cohort["fracture"], cohort["ai_score"], policy, trust=0.5, **READER, **options
        )
        rows.append(
            {
                "policy": letter,
                "description": description,
                "missed_per_1000": round(result.missed_per_1000, 1),
                "false_alarms_per_1000": round(result.false_alarms_per_1000, 1),
                "reads_per_1000": round(result.reads_per_1000, 1),
            }
        )
    return pd.DataFrame(rows)


#: Each data file shipped with the assignment and the call that makes it.
DATA_FILES: dict[str, Callable[[], pd.DataFrame]] = {
    "triage_scores.csv": triage_scores,
    "reader_study.csv": lambda: make_reader_study(27, random_state=2062).frame,
    "policy_comparison.csv": policy_comparison,
}


def _shipped_answers() -> dict[str, Any]:
    """The right answers for the shipped data, as a student could type them in."""
    triage = pd.read_csv(ASSIGNMENT_DIR / "triage_scores.csv")
    study = pd.read_csv(ASSIGNMENT_DIR / "reader_study.csv")
    y, s = triage["fracture"], triage["ai_score"]
    decisions = [
        "rule_out" if v < 0.05 else ("flag" if v >= 0.45 else "read") for v in s.to_numpy()
    ]
    deferral = team_outcomes(y, s, "deferral", low=0.05, high=0.45, **READER).as_dict()
    performance = {
        k: deferral[k] for k in ("missed_per_1000", "false_alarms_per_1000", "reads_per_1000")
    }
    accuracy = study.groupby(["experience", "ai_correct"])["reader_correct"].mean().unstack()
    table = {
        "accuracy_ai_correct": accuracy[1].tolist(),
        "accuracy_ai_wrong": accuracy[0].tolist(),
        "drop": (accuracy[1] - accuracy[0]).tolist(),
    }
    return {
        "decisions": decisions,
        "performance": performance,
        "chosen": {"low": 0.05, "high": 0.45, **performance},
        "levels": list(accuracy.index),
        "table": table,
        "most_affected": str((accuracy[1] - accuracy[0]).idxmax()),
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


class _AnyText(str):
    """A string equal to any string."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__

    def strip(self, *args):
        return self

    def upper(self):
        return self


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
len = lambda x: 3  # noqa: E731
sorted = lambda x, **kwargs: list(x)  # noqa: E731
"""


def _cases() -> dict[str, Any]:
    a = _shipped_answers()
    return {
        "wrong": {
            # Three misconceptions of the module: the band's boundaries reversed (a score
            # equal to `low` ruled out, one equal to `high` read); a goal checked on misses
            # and false alarms but not on reads, so the function never says "impossible";
            # and the AI's correctness read the wrong way round (0 taken as "right").
            "deferral-decisions": """
def deferral_decisions(scores, low, high):
    scores = np.asarray(scores, dtype=float)
    return np.where(scores <= low, "rule_out", np.where(scores > high, "flag", "read"))


decisions = deferral_decisions(triage["ai_score"], 0.05, 0.45)
""",
            "cheapest-policy": """
def cheapest_policy(y_true, scores, reader_sensitivity, reader_specificity,
                    max_missed_per_1000, max_false_alarms_per_1000, max_reads_per_1000, grid):
    best, best_key = None, None
    for low in grid:
        for high in grid:
            if low > high:
                continue
            result = team_performance(y_true, scores, low, high, reader_sensitivity,
                                      reader_specificity)
            if (result["missed_per_1000"] <= max_missed_per_1000
                    and result["false_alarms_per_1000"] <= max_false_alarms_per_1000):
                key = (result["reads_per_1000"], result["missed_per_1000"], low, high)
                if best_key is None or key < best_key:
                    best_key = key
                    best = {"low": low, "high": high, **result}
    return best


CHOSEN_POLICY = cheapest_policy(triage["fracture"], triage["ai_score"], READER_SENSITIVITY,
                                READER_SPECIFICITY, GOAL["max_missed_per_1000"],
                                GOAL["max_false_alarms_per_1000"], GOAL["max_reads_per_1000"],
                                THRESHOLD_GRID)
""",
            "automation-bias": """
def automation_bias(study):
    accuracy = (study.groupby(["experience", "ai_correct"])["reader_correct"].mean()
                .unstack("ai_correct").reindex(columns=[0, 1]))
    table = pd.DataFrame({"accuracy_ai_correct": accuracy[0].astype(float),
                          "accuracy_ai_wrong": accuracy[1].astype(float)})
    table["drop"] = table["accuracy_ai_correct"] - table["accuracy_ai_wrong"]
    table.index.name = "experience"
    return table


bias = automation_bias(study)
MOST_AFFECTED = str(bias["drop"].idxmax())
""",
        },
        "hardcoded": {
            # The right answers for the shipped data, typed in, and every function made to
            # return them whatever its arguments.
            "deferral-decisions": f"""
def deferral_decisions(scores, low, high):
    return np.array({a["decisions"]!r})


decisions = deferral_decisions(triage["ai_score"], 0.05, 0.45)
""",
            "team-performance": f"""
def team_performance(y_true, scores, low, high, reader_sensitivity, reader_specificity):
    return {a["performance"]!r}


performance = team_performance(None, None, 0.05, 0.45, 0.94, 0.94)
radiologist_alone = performance
""",
            "cheapest-policy": f"""
def cheapest_policy(*args):
    return {a["chosen"]!r}


CHOSEN_POLICY = cheapest_policy()
""",
            "automation-bias": f"""
def automation_bias(study):
    return pd.DataFrame({a["table"]!r},
                        index=pd.Index({a["levels"]!r}, name="experience"))


bias = automation_bias(study)
MOST_AFFECTED = {a["most_affected"]!r}
""",
        },
        "cheats": {
            # Answers that claim to equal anything, the usual comparison helpers patched to
            # always succeed, and the builtins a check might use redefined (last, once
            # everything else is defined).
            "deferral-decisions": _CHEAT
            + """

def deferral_decisions(scores, low, high):
    return [_AnyText("read") for _ in range(3)]


decisions = deferral_decisions(triage["ai_score"], 0.05, 0.45)
""",
            "team-performance": """
def team_performance(*args):
    return {k: _Anything() for k in ["missed_per_1000", "false_alarms_per_1000",
                                     "reads_per_1000"]}


performance = team_performance()
radiologist_alone = performance
""",
            "cheapest-policy": """
def cheapest_policy(*args):
    return {k: _Anything() for k in ["low", "high", "missed_per_1000",
                                     "false_alarms_per_1000", "reads_per_1000"]}


CHOSEN_POLICY = cheapest_policy()
""",
            "automation-bias": """
def automation_bias(study):
    levels = sorted(set(study["experience"]))
    return pd.DataFrame({c: [_Anything()] * len(levels) for c in
                         ["accuracy_ai_correct", "accuracy_ai_wrong", "drop"]},
                        index=pd.Index(levels, name="experience"), dtype=object)


bias = automation_bias(study)
MOST_AFFECTED = _AnyText("inexperienced")
""",
            "policy-answers": """
BEST_POLICY = _AnyText("C")
D_MISSES_FEWER = _Anything()
"""
            + _SHADOW_BUILTINS,
        },
        # Autograded points out of 15, by test cell: deferral decisions 1, team performance
        # format 1 + values 3, cheapest policy format 1 + values 3, automation bias format 1
        # + values 3, best policy 1, concurrent misses 1. A cell gives all its points or none.
        # See the instructor page for why each case gets its score.
        "expected_scores": {"wrong": 8.0, "hardcoded": 5.0, "cheats": 0.0},
    }


#: The kind of answer a student gives: ``{grade_id: new source}`` for the answer cells to
#: replace in the solution notebook, and ``expected_scores``, the exact autograded score of
#: each case.
CASES: dict[str, Any] = _cases()
