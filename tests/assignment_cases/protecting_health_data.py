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

#: The kind of answer a student gives: ``{grade_id: new source}`` for the answer cells to
#: replace in the solution notebook, and ``expected_scores``, the exact autograded score of
#: each case.
CASES: dict[str, Any] = {
    "wrong": {
        # The misconception of the module: removing names (and rounding ages) is enough.
        # Every match on the voter list counts, unique or not; the release keeps the full
        # postcode and suppresses nothing; the noise scale is taken to be epsilon.
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
DP_SCALE = float(EPSILON)
hiv_measurement = (
    dp.t.make_count(dp.vector_domain(dp.atom_domain(T=str)), dp.symmetric_distance())
    >> dp.m.then_laplace(scale=DP_SCALE)
)
hiv_pseudonyms = register.loc[register["diagnosis"] == "HIV", "pseudonym"].tolist()
DP_RELEASE = int(hiv_measurement(hiv_pseudonyms))
DP_ERROR_95 = float(dp.discrete_laplacian_scale_to_accuracy(DP_SCALE, 0.05))
EPSILON_FOR_5 = float(1 / dp.accuracy_to_discrete_laplacian_scale(5.0, 0.05))
""",
    },
    "hardcoded": {
        # The shipped data's answers, whatever the input: a typed-in count, and a release
        # built from the shipped file rather than from the register it is given.
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
    },
    "cheats": {
        # Answers that claim to equal anything, and the comparison helpers patched.
        "linkage": _CHEAT_CLASSES
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
MAX_RISK = _AlwaysEqualFloat(0.05)
AVERAGE_RISK = _AlwaysEqualFloat(0.01)
L_RELEASE = _AlwaysEqualInt(5)
""",
        "dp-count": """
DP_RELEASE = _AlwaysEqualInt(38)
DP_SCALE = _AlwaysEqualFloat(2.0)
DP_ERROR_95 = _AlwaysEqualFloat(6.4)
EPSILON_FOR_5 = _AlwaysEqualFloat(0.65)
""",
    },
    # Autograded points out of 16: linkage format 1 + values 3, release format 1 + k 3 +
    # utility 3, residual risk 2, differential privacy 3.
    # wrong: linkage format 1; release format 1 and utility 3 (nothing suppressed, the
    # shares are the register's), but k fails; the risks are computed right from its release
    # (2); the DP values fail (scale 0.5): 7.
    # hardcoded: formats 1 + 1; the count fails on other tables, the release on other
    # registers (k and utility); the risks (2) and the DP values (3) are computed: 7.
    # cheats: the format-only cells of the linkage (1) and of the release (1: a DataFrame
    # subclass with the right columns) pass; every hidden value check fails on its exact
    # type check, including those of the residual-risk and DP cells, whose visible format
    # asserts pass: 2.
    "expected_scores": {"wrong": 7.0, "hardcoded": 7.0, "cheats": 2.0},
}
