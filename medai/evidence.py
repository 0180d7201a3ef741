"""Judging a diagnostic claim: predictive values at a prevalence, intervals, calibration.

Module 2 ("Judging the evidence") turns a vendor's sensitivity and specificity into what a
flag means at the prevalence of one's own patients (Bayes' theorem, shown as natural
frequencies), puts a confidence interval on every proportion, judges that interval against
the minimum a department set before looking (:func:`judge_against_minimum`), and checks
whether a risk score can be read as a probability (calibration). The intervals are scipy's
(:meth:`scipy.stats.binomtest` ``.proportion_ci``); the Brier score is scikit-learn's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.stats import binomtest
from sklearn.metrics import brier_score_loss

from medai.i18n import _, got

__all__ = [
    "COLLECT_MORE_DATA",
    "GOOD_ENOUGH",
    "NOT_GOOD_ENOUGH",
    "VERDICTS",
    "PredictiveValues",
    "calibration_in_the_large",
    "calibration_summary",
    "judge_against_minimum",
    "natural_frequencies",
    "predictive_values",
    "proportion_ci",
    "reliability_table",
]

_NOT_A_PROPORTION = "Sensitivity, specificity and prevalence must lie between 0 and 1."
_BAD_COUNTS = (
    "successes and trials must be whole numbers with 0 <= successes <= trials, trials > 0."
)
_BAD_METHOD = 'The interval method must be "exact" (Clopper-Pearson) or "wilson".'
_BAD_BINS = "n_bins must be a whole number of at least 2."
_NOT_BINARY = "y_true must contain only 0 and 1."
_LENGTH_MISMATCH = "y_true and y_prob must have the same length."
_PROBABILITY_OUT_OF_RANGE = "y_prob must hold probabilities between 0 and 1."
_BAD_INTERVAL = "An interval is (low, high) with 0 <= low <= high <= 1."

#: The three conclusions a local audit can reach about one figure, against a minimum.
GOOD_ENOUGH = "good enough"
NOT_GOOD_ENOUGH = "not good enough"
COLLECT_MORE_DATA = "collect more data"
VERDICTS = (GOOD_ENOUGH, NOT_GOOD_ENOUGH, COLLECT_MORE_DATA)

#: Columns of :func:`reliability_table`, in order.
RELIABILITY_COLUMNS = ["bin_low", "bin_high", "n", "mean_predicted", "observed_rate"]


def _check_proportion(**values: float) -> None:
    for name, value in values.items():
        if not 0.0 <= float(value) <= 1.0:
            raise ValueError(
                f"{_(_NOT_A_PROPORTION)} "
                + _("Got {name}={value!r}.").format(name=name, value=value)
            )


@dataclass(frozen=True)
class PredictiveValues:
    """What a positive and a negative result mean at one prevalence.

    Attributes
    ----------
    ppv : float
        Share of positive results that are true positives (nan if there are none).
    npv : float
        Share of negative results that are true negatives (nan if there are none).
    """

    ppv: float
    npv: float


def predictive_values(
    sensitivity: float, specificity: float, prevalence: float
) -> PredictiveValues:
    """PPV and NPV of a test of known sensitivity and specificity, at a prevalence (Bayes).

    Parameters
    ----------
    sensitivity, specificity, prevalence : float
        Proportions between 0 and 1.

    Returns
    -------
    PredictiveValues
        ``ppv = se p / (se p + (1 - sp)(1 - p))`` and
        ``npv = sp (1 - p) / (sp (1 - p) + (1 - se) p)``.

    Raises
    ------
    ValueError
        :data:`_NOT_A_PROPORTION`.
    """
    _check_proportion(sensitivity=sensitivity, specificity=specificity, prevalence=prevalence)
    se, sp, p = float(sensitivity), float(specificity), float(prevalence)
    true_pos, false_pos = se * p, (1 - sp) * (1 - p)
    true_neg, false_neg = sp * (1 - p), (1 - se) * p
    ppv = true_pos / (true_pos + false_pos) if true_pos + false_pos > 0 else float("nan")
    npv = true_neg / (true_neg + false_neg) if true_neg + false_neg > 0 else float("nan")
    return PredictiveValues(ppv=ppv, npv=npv)


def natural_frequencies(
    sensitivity: float, specificity: float, prevalence: float, *, population: int = 10_000
) -> pd.DataFrame:
    """The 2x2 table of a test in a population of ``population`` people, in whole numbers.

    Natural frequencies ("of 10,000 people, 100 have the disease; the test flags 90 of
    them...") make Bayes' theorem readable without formulas.

    Parameters
    ----------
    sensitivity, specificity, prevalence : float
        Proportions between 0 and 1.
    population : int, default=10_000
        Size of the imagined population.

    Returns
    -------
    pandas.DataFrame of shape (3, 3)
        Rows "Test positive", "Test negative", "Total"; columns "Disease", "No disease",
        "Total", in the notebook's language (:func:`medai.set_language`): a table to read.
        Counts are rounded to whole people; the totals add up.
    """
    _check_proportion(sensitivity=sensitivity, specificity=specificity, prevalence=prevalence)
    diseased = round(population * prevalence)
    healthy = population - diseased
    true_pos = round(diseased * sensitivity)
    true_neg = round(healthy * specificity)
    table = pd.DataFrame(
        {
            _("Disease"): [true_pos, diseased - true_pos],
            _("No disease"): [healthy - true_neg, true_neg],
        },
        index=[_("Test positive"), _("Test negative")],
    )
    total = _("Total")
    table[total] = table.sum(axis=1)
    table.loc[total] = table.sum(axis=0)
    return table.astype(int)


def proportion_ci(
    successes: int, trials: int, *, confidence: float = 0.95, method: str = "exact"
) -> tuple[float, float]:
    """Confidence interval of a proportion such as a sensitivity (k of n positives found).

    Parameters
    ----------
    successes, trials : int
        For a sensitivity: true positives, and patients with the condition.
    confidence : float, default=0.95
    method : {"exact", "wilson"}, default="exact"
        "exact" is Clopper-Pearson's interval, which never covers less than promised;
        "wilson" is Wilson's score interval, a little narrower.

    Returns
    -------
    (float, float)
        Lower and upper bound, between 0 and 1.

    Raises
    ------
    ValueError
        :data:`_BAD_COUNTS` or :data:`_BAD_METHOD`.
    """
    if method not in ("exact", "wilson"):
        raise ValueError(f"{_(_BAD_METHOD)} {got(method)}")
    if (
        int(successes) != successes
        or int(trials) != trials
        or not 0 <= successes <= trials
        or trials <= 0
    ):
        raise ValueError(
            f"{_(_BAD_COUNTS)} "
            + _("Got {successes!r} of {trials!r}.").format(successes=successes, trials=trials)
        )
    interval = binomtest(int(successes), int(trials)).proportion_ci(
        confidence_level=confidence, method=method
    )
    return float(interval.low), float(interval.high)


def judge_against_minimum(interval: tuple[float, float], minimum: float) -> str:
    """What a local confidence interval says about a minimum set before looking at the data.

    The department first decides what it needs (say, a sensitivity of at least 0.85), then
    measures. The local data show that the tool is good enough only if the whole interval
    reaches the minimum; they show that it is not if the whole interval lies below it; an
    interval that straddles the minimum is too wide to tell, however close the estimate.

    Parameters
    ----------
    interval : (float, float)
        The local 95 % confidence interval (low, high) of a proportion, from
        :func:`proportion_ci`.
    minimum : float
        The lowest acceptable value, between 0 and 1.

    Returns
    -------
    str
        :data:`GOOD_ENOUGH` if ``low >= minimum``, :data:`NOT_GOOD_ENOUGH` if
        ``high < minimum``, else :data:`COLLECT_MORE_DATA`.

    Raises
    ------
    ValueError
        :data:`_BAD_INTERVAL` or :data:`_NOT_A_PROPORTION`.
    """
    low, high = (float(bound) for bound in interval)
    if not 0.0 <= low <= high <= 1.0:
        raise ValueError(f"{_(_BAD_INTERVAL)} {got(interval)}")
    _check_proportion(minimum=minimum)
    if low >= minimum:
        return GOOD_ENOUGH
    if high < minimum:
        return NOT_GOOD_ENOUGH
    return COLLECT_MORE_DATA


def _check_scores(y_true: ArrayLike, y_prob: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    y_true = np.asarray(y_true).ravel()
    y_prob = np.asarray(y_prob, dtype=float).ravel()
    if len(y_true) != len(y_prob):
        raise ValueError(_(_LENGTH_MISMATCH))
    if not np.isin(y_true, (0, 1)).all():
        raise ValueError(_(_NOT_BINARY))
    if not ((y_prob >= 0) & (y_prob <= 1)).all():
        raise ValueError(_(_PROBABILITY_OUT_OF_RANGE))
    return y_true.astype(int), y_prob


def calibration_in_the_large(y_true: ArrayLike, y_prob: ArrayLike) -> float:
    """Mean predicted risk minus the observed rate: > 0 when the score over-predicts."""
    y_true, y_prob = _check_scores(y_true, y_prob)
    return float(y_prob.mean() - y_true.mean())


def reliability_table(y_true: ArrayLike, y_prob: ArrayLike, *, n_bins: int = 10) -> pd.DataFrame:
    """The numbers behind a reliability diagram, in equal-width bins of predicted risk.

    Parameters
    ----------
    y_true : array-like of shape (n_patients,)
        0 or 1.
    y_prob : array-like of shape (n_patients,)
        Predicted probabilities.
    n_bins : int, default=10
        Equal-width bins over [0, 1], binned as scikit-learn's ``calibration_curve`` bins
        them. Empty bins are left out.

    Returns
    -------
    pandas.DataFrame
        One row per non-empty bin, columns :data:`RELIABILITY_COLUMNS`. ``mean_predicted`` and
        ``observed_rate`` are what scikit-learn's ``calibration_curve(strategy="uniform")``
        returns as ``prob_pred`` and ``prob_true``.
    """
    if int(n_bins) != n_bins or n_bins < 2:
        raise ValueError(f"{_(_BAD_BINS)} {got(n_bins)}")
    y_true, y_prob = _check_scores(y_true, y_prob)
    edges = np.linspace(0.0, 1.0, int(n_bins) + 1)
    # The binning of sklearn's calibration_curve, so that both give the same numbers.
    index = np.searchsorted(edges[1:-1], y_prob)
    counts = np.bincount(index, minlength=n_bins)
    predicted = np.bincount(index, weights=y_prob, minlength=n_bins)
    observed = np.bincount(index, weights=y_true, minlength=n_bins)
    kept = counts > 0
    return pd.DataFrame(
        {
            "bin_low": edges[:-1][kept],
            "bin_high": edges[1:][kept],
            "n": counts[kept].astype(int),
            "mean_predicted": predicted[kept] / counts[kept],
            "observed_rate": observed[kept] / counts[kept],
        }
    )


def calibration_summary(y_true: ArrayLike, y_prob: ArrayLike) -> dict[str, float]:
    """Brier score, mean predicted risk, observed rate and calibration-in-the-large."""
    y_true, y_prob = _check_scores(y_true, y_prob)
    return {
        "brier_score": float(brier_score_loss(y_true, y_prob)),
        "mean_predicted": float(y_prob.mean()),
        "observed_rate": float(y_true.mean()),
        "calibration_in_the_large": float(y_prob.mean() - y_true.mean()),
    }
