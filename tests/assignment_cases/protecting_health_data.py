"""Grading cases of the module 5 assignment "De-identify a register and measure the risk left".

See `grading_cases` for what each kind of submission is. ``DATA_FILES`` lists the data files
shipped in ``assignments/protecting_health_data/`` and the generator call that makes each one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from medai.datasets import make_patient_register, make_voter_list

_REGISTER_SEED, _VOTERS_SEED = 2026, 2027


def _register():
    return make_patient_register(1_500, random_state=_REGISTER_SEED)


def _as_read_back(frame: pd.DataFrame) -> pd.DataFrame:
    # read_csv (as the test of the data files calls it) reads the postcodes as integers.
    return frame.astype({"postcode": int})


#: Each data file shipped with the assignment and the call that makes it.
DATA_FILES: dict[str, Callable[[], pd.DataFrame]] = {
    "patient_register.csv": lambda: _as_read_back(_register().frame),
    "voter_list.csv": lambda: _as_read_back(
        make_voter_list(4_000, register=_register(), coverage=0.6, random_state=_VOTERS_SEED).frame
    ),
}

# An object that claims to equal anything and passes for a number or a truth value.
_CHEAT_CLASSES = """
import math
import numpy as np
import pandas.testing


class _AlwaysEqualInt(int):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = int.__hash__


class _AlwaysEqualFloat(float):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __sub__(self, other):
        return 0.0

    def __rsub__(self, other):
        return 0.0

    __hash__ = float.__hash__


np.isclose = lambda *args, **kwargs: True
np.allclose = lambda *args, **kwargs: True
math.isclose = lambda *args, **kwargs: True
pandas.testing.assert_frame_equal = lambda *args, **kwargs: None
"""

# Builtins that checks use, redefined in the student's namespace for every later cell. The
# later cheat cells do not use them; the checks that count go through medai.grading, whose
# code is not run in the student's namespace.
_SHADOW_BUILTINS = """

abs = lambda *args: 0
isinstance = lambda *args, **kwargs: True
type = lambda *args: float
float = _AlwaysEqualFloat
"""

# The register's release with 2-digit areas has 14 classes of at least 40 patients, 5
# diagnoses each (see the model answer); the HIV count of the shipped register is 38.
_HARDCODED_RISK = """
def residual_risk(release, quasi_identifiers):
    return 1 / 40, 14 / 1500


def l_diversity(release, quasi_identifiers, sensitive):
    return 5


MAX_RISK, AVERAGE_RISK = 0.025, 14 / 1500
L_RELEASE = 5
"""

#: The kind of answer a student gives: ``{grade_id: new source}`` for the answer cells to
#: replace in the solution notebook, and ``expected_scores``, the exact autograded score of
#: each case.
CASES: dict[str, Any] = {
    "wrong": {
        # The misconception of the module: removing names (and rounding ages) is enough.
        # Every match on the voter list counts, unique or not; the release keeps the full
        # postcode and suppresses nothing; the noise scale is taken to be epsilon. The risks
        # (the solution's cell) are computed right from this release.
        "linkage": """
def count_reidentified(released, public, on):
    return int(len(released.merge(public, on=list(on), how="inner")))


REIDENTIFIED_RAW = count_reidentified(register, voters, QUASI_IDENTIFIERS)
""",
        "deidentify": """
def deidentify(register, k):
    low = (register["age"] // 10) * 10
    return pd.DataFrame(
        {
            "age_band": low.astype(str) + "-" + (low + 9).astype(str),
            "sex": register["sex"],
            "area": register["postcode"].astype(str),
            "diagnosis": register["diagnosis"],
        },
        index=register.index,
    )


release = deidentify(register, K_REQUIRED)
""",
        "dp-count": """
def dp_scale(epsilon):
    return float(epsilon)


def dp_accuracy(scale, alpha):
    return dp.discrete_laplacian_scale_to_accuracy(scale, alpha)


def epsilon_for_accuracy(accuracy, alpha):
    return 1 / dp.accuracy_to_discrete_laplacian_scale(accuracy, alpha)


DP_SCALE = dp_scale(EPSILON)
hiv_measurement = (
    dp.t.make_count(dp.vector_domain(dp.atom_domain(T=str)), dp.symmetric_distance())
    >> dp.m.then_laplace(scale=DP_SCALE)
)
hiv_pseudonyms = register.loc[register["diagnosis"] == "HIV", "pseudonym"].tolist()
DP_RELEASE = hiv_measurement(hiv_pseudonyms)
DP_ERROR_95 = dp_accuracy(DP_SCALE, 0.05)
EPSILON_FOR_5 = epsilon_for_accuracy(5.0, 0.05)
""",
        # Budgets always add up, and 0.1 is "small": the plan of small monthly releases.
        "dp-plan": """
PLAN = "A"
""",
    },
    "hardcoded": {
        # The shipped data's answers, whatever the input: typed-in counts and risks, functions
        # that return them, a release built from the shipped file rather than from the
        # register it is given, and the exact HIV count released without noise by an OpenDP
        # measurement that claims to be 0.5-differentially private.
        "linkage": """
def count_reidentified(released, public, on):
    return 899


REIDENTIFIED_RAW = count_reidentified(register, voters, QUASI_IDENTIFIERS)
""",
        "deidentify": """
def deidentify(register, k):
    shipped = pd.read_csv("patient_register.csv", dtype={"postcode": str})
    low = (shipped["age"] // 10) * 10
    return pd.DataFrame(
        {
            "age_band": low.astype(str) + "-" + (low + 9).astype(str),
            "sex": shipped["sex"],
            "area": shipped["postcode"].str[:2] + "***",
            "diagnosis": shipped["diagnosis"],
        },
        index=shipped.index,
    )


release = deidentify(register, K_REQUIRED)
""",
        "residual-risk": _HARDCODED_RISK,
        "dp-count": """
def dp_scale(epsilon):
    return 2.0


def dp_accuracy(scale, alpha):
    return 6.42960493986766


def epsilon_for_accuracy(accuracy, alpha):
    return 0.6540417084668982


dp.enable_features("honest-but-curious")
hiv_measurement = dp.m.make_user_measurement(
    dp.vector_domain(dp.atom_domain(T=str)),
    dp.symmetric_distance(),
    dp.max_divergence(),
    function=lambda pseudonyms: len(pseudonyms),  # the exact count, no noise
    privacy_map=lambda d_in: 0.5 * d_in,
    TO=int,
)
DP_SCALE = dp_scale(EPSILON)
DP_RELEASE = 38
DP_ERROR_95 = dp_accuracy(DP_SCALE, 0.05)
EPSILON_FOR_5 = epsilon_for_accuracy(5.0, 0.05)
""",
    },
    "cheats": {
        # Answers that claim to equal anything, the comparison helpers patched, and the
        # builtins that checks use redefined.
        "linkage": _CHEAT_CLASSES
        + _SHADOW_BUILTINS
        + """

def count_reidentified(released, public, on):
    return _AlwaysEqualInt(900)


REIDENTIFIED_RAW = _AlwaysEqualInt(900)
""",
        "deidentify": """
class _AnyFrame(pd.DataFrame):
    def __eq__(self, other):
        return True


def deidentify(register, k):
    frame = _AnyFrame({c: ["x"] * 3 for c in RELEASE_COLUMNS}, index=register.index[:3])
    return frame


release = deidentify(register, K_REQUIRED)
""",
        "residual-risk": """
def residual_risk(release, quasi_identifiers):
    return _AlwaysEqualFloat(0.05), _AlwaysEqualFloat(0.01)


def l_diversity(release, quasi_identifiers, sensitive):
    return _AlwaysEqualInt(5)


MAX_RISK, AVERAGE_RISK = residual_risk(release, RELEASE_QIS)
L_RELEASE = l_diversity(release, RELEASE_QIS, "diagnosis")
""",
        "dp-count": """
class _AnyMeasurement:
    def __call__(self, data):
        return _AlwaysEqualInt(38)

    def map(self, d_in):
        return _AlwaysEqualFloat(0.5)


def dp_scale(epsilon):
    return _AlwaysEqualFloat(2.0)


def dp_accuracy(scale, alpha):
    return _AlwaysEqualFloat(6.4)


def epsilon_for_accuracy(accuracy, alpha):
    return _AlwaysEqualFloat(0.65)


hiv_measurement = _AnyMeasurement()
DP_SCALE = dp_scale(EPSILON)
DP_RELEASE = _AlwaysEqualInt(38)
DP_ERROR_95 = dp_accuracy(DP_SCALE, 0.05)
EPSILON_FOR_5 = epsilon_for_accuracy(5.0, 0.05)
""",
        # A string that claims to equal every letter.
        "dp-plan": """
class _AnyStr(str):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__


PLAN = _AnyStr("A")
""",
    },
    # Autograded points out of 17: linkage format 1 + values 3, release format 1 + k 3 +
    # utility 3, residual risk 2, DP functions and values 2, DP measurement and release 1,
    # the plan of Part 5 1.
    # wrong: linkage format 1 (the count of every match is an int; the values fail);
    # release format 1 and utility 3 (nothing suppressed, the shares are the register's),
    # but k fails; the risks are computed right from its release by the solution's functions
    # (2); dp_scale gives epsilon, not 1/epsilon (0), and its measurement is only
    # 2-differentially private (0); plan A adds up to 1.2 (0): 1 + 1 + 3 + 2 = 7.
    # hardcoded: the two format-only cells (1 + 1); the count fails on other tables, the
    # release on other registers (k and utility); the risks' functions fail on other tables
    # although the typed constants are right for this release; the DP functions fail on
    # other values; the measurement passes its domain, measure and privacy-map checks (its
    # str() and map(1) are right) but its 40 releases are all equal (no noise); the plan
    # keeps the solution's letter (1): a single choice cannot be asked on other data, the
    # letter typed in is the answer, and its justification is graded by hand: 3.
    # cheats: nothing passes. The tests run in the grader's checker, which reads the answers
    # as data: a subclass of DataFrame, int, float or str is not data (it stays in the kernel
    # and fails every check of a type), the redefined builtins and patched helpers are the
    # kernel's, never the checker's, and the fake measurement's map(1) is a float subclass
    # and it has no input domain: 0. (Run by plain nbgrader, in the kernel, the DataFrame
    # subclass passes the release's format check: 1.)
    "expected_scores": {"wrong": 7.0, "hardcoded": 3.0, "cheats": 0.0},
}
