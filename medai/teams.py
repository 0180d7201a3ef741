"""A radiologist and a tool as a team: what they miss together, and the reading it costs.

Module 6 ("The clinician stays in charge") compares ways of putting an AI tool into a
reading workflow. Each policy decides, for every radiograph, whether the tool decides
alone, a radiologist reads it, or both contribute, and so sets two numbers a department
can plan with: the fractures the team misses per 1,000 radiographs, and how many of those
1,000 radiographs a radiologist must read.

The policies (:data:`POLICIES`):

- ``reader_alone`` -- the radiologist reads every radiograph, without the tool;
- ``tool_alone`` -- the tool decides alone: flagged when its score is at or above the
  threshold, and nobody reads;
- ``second_reader`` -- the radiologist reads every radiograph, and a radiograph is called
  positive if the radiologist *or* the tool flags it;
- ``triage`` -- a rule-out: radiographs scored below the threshold are reported normal
  without a read, the others are read by the radiologist;
- ``deferral`` -- two thresholds: below ``low`` the tool rules out, at or above ``high`` it
  flags, and the uncertain band in between is deferred to the radiologist;
- ``concurrent`` -- the radiologist reads every radiograph with the tool's output in view
  and, with probability ``trust``, adopts the tool's call instead of their own (automation
  bias when the tool is wrong).

The radiologist is described by a sensitivity and a specificity that do not depend on the
score: a simplification (in reality, the cases the tool finds hard are often hard for
people too). The numbers are *expected* values: the average over the radiologist's random
errors, so the same inputs always give the same result.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import ArrayLike

from medai.i18n import N_, _, got

__all__ = [
    "DECISIONS",
    "POLICIES",
    "TeamResult",
    "deferral_decisions",
    "policy_descriptions",
    "team_outcomes",
]

#: Each policy and one line that says what it does, in the order the widget lists them (in
#: English; :func:`policy_descriptions` gives them in the notebook's language).
POLICIES: dict[str, str] = {
    "reader_alone": N_("Radiologist alone: every radiograph is read, no tool."),
    "tool_alone": N_("Tool alone: flagged when the score is at or above the threshold; no read."),
    "second_reader": N_(
        "AI as second reader: every radiograph is read; positive if the radiologist "
        "or the tool flags it."
    ),
    "triage": N_(
        "Triage (rule-out): radiographs scored below the threshold are reported normal "
        "unread; the others are read."
    ),
    "deferral": N_(
        "Deferral band: below 'low' the tool rules out, at or above 'high' it flags, "
        "in between a radiologist reads."
    ),
    "concurrent": N_(
        "Concurrent reading: the radiologist sees the tool's output and adopts it with "
        "probability 'trust'."
    ),
}

#: What :func:`deferral_decisions` says for each radiograph.
DECISIONS = ("rule_out", "read", "flag")

_BAD_POLICY = "Unknown policy."
_BAD_PROBABILITY = "must lie between 0 and 1."
_BAD_BAND = "low must not be above high."
_LENGTH_MISMATCH = "y_true and y_score must have the same length."
_NOT_BINARY = "y_true must contain only 0 and 1."


@dataclass(frozen=True)
class TeamResult:
    """What a team does on a cohort, per 1,000 radiographs and as proportions.

    Attributes
    ----------
    missed_per_1000 : float
        Fractures the team calls negative, per 1,000 radiographs (expected value).
    false_alarms_per_1000 : float
        Radiographs without a fracture that the team calls positive, per 1,000.
    reads_per_1000 : float
        Radiographs a radiologist reads, per 1,000.
    sensitivity : float
        Share of fractures the team calls positive (NaN if the cohort has none).
    specificity : float
        Share of radiographs without a fracture the team calls negative (NaN if none).
    """

    missed_per_1000: float
    false_alarms_per_1000: float
    reads_per_1000: float
    sensitivity: float
    specificity: float

    def as_dict(self) -> dict[str, float]:
        """The five numbers as a dict, in the order of the attributes."""
        return asdict(self)


def policy_descriptions() -> dict[str, str]:
    """:data:`POLICIES` in the notebook's language (:func:`medai.set_language`), to show."""
    return {policy: _(description) for policy, description in POLICIES.items()}


def _check_probability(name: str, value: float) -> float:
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} {_(_BAD_PROBABILITY)} {got(value)}")
    return value


def _check_band(low: float, high: float) -> tuple[float, float]:
    low, high = _check_probability("low", low), _check_probability("high", high)
    if low > high:
        raise ValueError(
            f"{_(_BAD_BAND)} " + _("Got low={low!r}, high={high!r}.").format(low=low, high=high)
        )
    return low, high


def deferral_decisions(y_score: ArrayLike, low: float, high: float) -> np.ndarray:
    """What a deferral policy does with each radiograph.

    Parameters
    ----------
    y_score : array-like of shape (n_radiographs,)
        The tool's score, between 0 and 1.
    low, high : float
        The two thresholds, ``0 <= low <= high <= 1``. When they are equal there is no band:
        every radiograph is ruled out or flagged.

    Returns
    -------
    ndarray of str, shape (n_radiographs,)
        ``"rule_out"`` where the score is below ``low`` (reported normal without a read),
        ``"flag"`` where it is at or above ``high`` (reported as a fracture without a
        read), ``"read"`` in between (deferred to a radiologist).
    """
    low, high = _check_band(low, high)
    score = np.asarray(y_score, dtype=float).ravel()
    return np.where(score < low, "rule_out", np.where(score >= high, "flag", "read"))


def _positive_and_read(
    policy: str,
    flagged: np.ndarray,
    reader_positive: np.ndarray,
    score: np.ndarray,
    *,
    threshold: float,
    low: float,
    high: float,
    trust: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Probability that the team calls each radiograph positive, and whether it is read."""
    everyone = np.ones_like(reader_positive)
    nobody = np.zeros_like(reader_positive)
    if policy == "reader_alone":
        return reader_positive, everyone
    if policy == "tool_alone":
        return flagged, nobody
    if policy == "second_reader":
        # positive unless both the tool and the radiologist say negative
        return flagged + (1 - flagged) * reader_positive, everyone
    if policy == "triage":
        return flagged * reader_positive, flagged
    if policy == "deferral":
        band = ((score >= low) & (score < high)).astype(float)
        return (score >= high) + band * reader_positive, band
    # concurrent: the radiologist adopts the tool's call with probability `trust`
    return trust * flagged + (1 - trust) * reader_positive, everyone


def team_outcomes(
    y_true: ArrayLike,
    y_score: ArrayLike,
    policy: str,
    *,
    reader_sensitivity: float,
    reader_specificity: float,
    threshold: float = 0.5,
    low: float = 0.1,
    high: float = 0.9,
    trust: float = 0.5,
) -> TeamResult:
    """Missed fractures, false alarms and reads per 1,000 radiographs under one policy.

    Parameters
    ----------
    y_true : array-like of shape (n_radiographs,)
        The reference diagnosis (1: fracture, 0: none).
    y_score : array-like of shape (n_radiographs,)
        The tool's score, between 0 and 1.
    policy : str
        One of :data:`POLICIES`.
    reader_sensitivity, reader_specificity : float
        The radiologist's, reading without the tool (0-1).
    threshold : float, default=0.5
        The tool flags a radiograph at or above it (``tool_alone``, ``second_reader``,
        ``triage``, ``concurrent``).
    low, high : float, default=0.1 and 0.9
        The deferral band (``deferral`` only); see :func:`deferral_decisions`.
    trust : float, default=0.5
        Probability that the radiologist adopts the tool's call (``concurrent`` only).

    Returns
    -------
    TeamResult
        Expected values over the radiologist's random errors.

    Raises
    ------
    ValueError
        :data:`_BAD_POLICY`, :data:`_BAD_PROBABILITY`, :data:`_BAD_BAND`,
        :data:`_LENGTH_MISMATCH` or :data:`_NOT_BINARY`.

    Examples
    --------
    >>> result = team_outcomes([1, 0, 0, 1], [0.95, 0.05, 0.5, 0.4], "deferral",
    ...                        reader_sensitivity=0.9, reader_specificity=0.8,
    ...                        low=0.1, high=0.9)
    >>> result.reads_per_1000, round(result.missed_per_1000, 1)
    (500.0, 25.0)
    """
    if policy not in POLICIES:
        raise ValueError(
            f"{_(_BAD_POLICY)} "
            + _("Got {policy!r}; the policies are {policies}.").format(
                policy=policy, policies=list(POLICIES)
            )
        )
    se = _check_probability("reader_sensitivity", reader_sensitivity)
    sp = _check_probability("reader_specificity", reader_specificity)
    threshold = _check_probability("threshold", threshold)
    trust = _check_probability("trust", trust)
    low, high = _check_band(low, high)
    truth = np.asarray(y_true).ravel()
    score = np.asarray(y_score, dtype=float).ravel()
    if truth.shape != score.shape:
        raise ValueError(_(_LENGTH_MISMATCH))
    if not np.isin(truth, (0, 1)).all():
        raise ValueError(_(_NOT_BINARY))
    truth = truth.astype(float)
    reader_positive = np.where(truth == 1, se, 1 - sp)
    flagged = (score >= threshold).astype(float)
    positive, read = _positive_and_read(
        policy, flagged, reader_positive, score, threshold=threshold, low=low, high=high,
        trust=trust,
    )  # fmt: skip
    n = max(truth.size, 1)  # an empty cohort gives 0 per 1,000, not a division error
    fractures, others = truth.sum(), (1 - truth).sum()
    missed = float((truth * (1 - positive)).sum())
    false_alarms = float(((1 - truth) * positive).sum())
    return TeamResult(
        missed_per_1000=1000 * missed / n,
        false_alarms_per_1000=1000 * false_alarms / n,
        reads_per_1000=1000 * float(read.sum()) / n,
        sensitivity=(fractures - missed) / fractures if fractures else float("nan"),
        specificity=(others - false_alarms) / others if others else float("nan"),
    )
