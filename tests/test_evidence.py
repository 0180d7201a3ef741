"""medai.evidence: Bayes at a prevalence, exact intervals, and calibration numbers."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss

from medai.evidence import (
    _BAD_BINS,
    _BAD_COUNTS,
    _BAD_INTERVAL,
    _BAD_METHOD,
    _LENGTH_MISMATCH,
    _NOT_A_PROPORTION,
    _NOT_BINARY,
    COLLECT_MORE_DATA,
    GOOD_ENOUGH,
    NOT_GOOD_ENOUGH,
    calibration_in_the_large,
    calibration_summary,
    judge_against_minimum,
    natural_frequencies,
    predictive_values,
    proportion_ci,
    reliability_table,
)


def test_predictive_values_follow_bayes_and_fall_with_prevalence():
    # 90 % sensitive and specific: at 1 % prevalence, 9 true of 9 + 99 positives.
    low = predictive_values(0.9, 0.9, 0.01)
    assert low.ppv == pytest.approx(0.009 / (0.009 + 0.099))
    assert low.npv == pytest.approx(0.891 / (0.891 + 0.001))
    high = predictive_values(0.9, 0.9, 0.33)
    assert high.ppv > 0.8 > 0.1 > low.ppv
    assert high.npv < low.npv


def test_predictive_values_agree_with_a_simulated_population():
    rng = np.random.default_rng(0)
    n, se, sp, p = 400_000, 0.85, 0.95, 0.04
    disease = rng.random(n) < p
    positive = np.where(disease, rng.random(n) < se, rng.random(n) > sp)
    values = predictive_values(se, sp, p)
    assert values.ppv == pytest.approx(disease[positive].mean(), abs=0.01)
    assert values.npv == pytest.approx((~disease[~positive]).mean(), abs=0.002)


def test_natural_frequencies_add_up():
    table = natural_frequencies(0.9, 0.8, 0.05, population=10_000)
    assert list(table.index) == ["Test positive", "Test negative", "Total"]
    assert list(table.columns) == ["Disease", "No disease", "Total"]
    assert table.loc["Total", "Total"] == 10_000
    assert table.loc["Total", "Disease"] == 500
    assert table.loc["Test positive", "Disease"] == 450
    assert table.loc["Test positive", "No disease"] == 1_900
    assert (table.loc["Total"] == table.iloc[:2].sum()).all()


@pytest.mark.parametrize("bad", [(-0.1, 0.9, 0.1), (0.9, 1.2, 0.1), (0.9, 0.9, 2.0)])
def test_proportions_out_of_range_are_refused(bad):
    with pytest.raises(ValueError, match=_NOT_A_PROPORTION):
        predictive_values(*bad)
    with pytest.raises(ValueError, match=_NOT_A_PROPORTION):
        natural_frequencies(*bad)


def test_proportion_ci_is_scipys_and_wide_on_few_positives():
    low, high = proportion_ci(19, 20)
    expected = binomtest(19, 20).proportion_ci(method="exact")
    assert (low, high) == (pytest.approx(expected.low), pytest.approx(expected.high))
    # 95 % measured on 20 positives is compatible with well under 80 %.
    assert low < 0.76 and high < 1.0
    wilson = proportion_ci(190, 200, method="wilson")
    assert high - low > wilson[1] - wilson[0]
    assert proportion_ci(0, 10)[0] == 0.0 and proportion_ci(10, 10)[1] == 1.0


@pytest.mark.parametrize("counts", [(5, 4), (-1, 10), (2.5, 10), (0, 0)])
def test_proportion_ci_refuses_bad_counts(counts):
    with pytest.raises(ValueError, match=re.escape(_BAD_COUNTS)):
        proportion_ci(*counts)


def test_proportion_ci_refuses_unknown_method():
    with pytest.raises(ValueError, match=re.escape(_BAD_METHOD)):
        proportion_ci(5, 10, method="wald")


@pytest.mark.parametrize(
    ("interval", "minimum", "verdict"),
    [
        ((0.87, 0.95), 0.85, GOOD_ENOUGH),
        ((0.85, 0.95), 0.85, GOOD_ENOUGH),  # the lower bound reaches the minimum
        ((0.61, 0.82), 0.85, NOT_GOOD_ENOUGH),
        ((0.70, 0.85), 0.85, COLLECT_MORE_DATA),  # the minimum is still inside
        ((0.74, 0.97), 0.85, COLLECT_MORE_DATA),  # the estimate is above, the data too few
    ],
)
def test_judge_against_minimum_reads_the_whole_interval(interval, minimum, verdict):
    assert judge_against_minimum(interval, minimum) == verdict


def test_few_positives_cannot_show_a_tool_is_good_enough():
    # The module's rule: 35 of 40 fractures found (87.5 %) looks above a minimum of 85 %, but
    # the exact interval straddles it; the same share on 400 fractures settles it.
    assert judge_against_minimum(proportion_ci(35, 40), 0.85) == COLLECT_MORE_DATA
    assert judge_against_minimum(proportion_ci(370, 400), 0.85) == GOOD_ENOUGH
    # And the old rule ("the claim is compatible with the interval") would accept a claim of
    # 95 % on the 40 fractures, although nothing shows even 85 %.
    assert proportion_ci(35, 40)[1] > 0.95


@pytest.mark.parametrize(("interval", "minimum"), [((0.9, 0.8), 0.5), ((-0.1, 0.5), 0.3)])
def test_judge_against_minimum_refuses_bad_input(interval, minimum):
    with pytest.raises(ValueError, match=re.escape(_BAD_INTERVAL)):
        judge_against_minimum(interval, minimum)
    with pytest.raises(ValueError, match=_NOT_A_PROPORTION):
        judge_against_minimum((0.2, 0.4), 1.5)


def _scores(seed=0, n=3000):
    rng = np.random.default_rng(seed)
    prob = rng.beta(1, 6, n)
    y = (rng.random(n) < prob * 0.6).astype(int)  # over-predicted by design
    return y, prob


def test_reliability_table_matches_sklearn_calibration_curve():
    y, prob = _scores()
    prob = np.concatenate([prob, [0.1, 0.2, 1.0, 0.0]])  # values on bin edges too
    y = np.concatenate([y, [1, 0, 1, 0]])
    for n_bins in (5, 10, 13):
        table = reliability_table(y, prob, n_bins=n_bins)
        prob_true, prob_pred = calibration_curve(y, prob, n_bins=n_bins, strategy="uniform")
        np.testing.assert_allclose(table["observed_rate"], prob_true)
        np.testing.assert_allclose(table["mean_predicted"], prob_pred)
        assert table["n"].sum() == len(y)


def test_calibration_summary_shows_over_prediction():
    y, prob = _scores()
    summary = calibration_summary(y, prob)
    assert summary["brier_score"] == pytest.approx(brier_score_loss(y, prob))
    assert summary["calibration_in_the_large"] == pytest.approx(prob.mean() - y.mean())
    assert calibration_in_the_large(y, prob) > 0.03


def test_calibration_inputs_are_checked():
    with pytest.raises(ValueError, match=_LENGTH_MISMATCH):
        calibration_summary([0, 1], [0.5])
    with pytest.raises(ValueError, match=_NOT_BINARY):
        calibration_summary([0, 2], [0.5, 0.5])
    with pytest.raises(ValueError, match=_BAD_BINS):
        reliability_table([0, 1], [0.2, 0.7], n_bins=1)
    assert isinstance(reliability_table(pd.Series([0, 1]), pd.Series([0.2, 0.7])), pd.DataFrame)
