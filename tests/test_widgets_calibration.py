"""CalibrationExplorer: its numbers are scikit-learn's, and its controls work.

Keyboard use, display and speed, common to every explorer: test_widgets_common.py."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pytest
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss

from medai.widgets import CalibrationExplorer
from medai.widgets.calibration import _NO_SCORES, _UNKNOWN_SCORE


@pytest.fixture
def data():
    rng = np.random.default_rng(1)
    n = 4000
    true_risk = rng.beta(1, 8, n)
    y = (rng.random(n) < true_risk).astype(int)
    over = np.clip(true_risk * 2.5, 0, 1)  # over-predicts
    return y, {"as delivered": over, "recalibrated": true_risk}


def test_table_and_summary_are_sklearns(data):
    y, scores = data
    explorer = CalibrationExplorer(y, scores, n_bins=8)
    prob_true, prob_pred = calibration_curve(y, scores["as delivered"], n_bins=8)
    np.testing.assert_allclose(explorer.table["observed_rate"], prob_true)
    np.testing.assert_allclose(explorer.table["mean_predicted"], prob_pred)
    assert explorer.summary["brier_score"] == pytest.approx(
        brier_score_loss(y, scores["as delivered"])
    )
    summaries = explorer.summaries
    assert summaries.loc["as delivered", "calibration_in_the_large"] > 0.1
    assert abs(summaries.loc["recalibrated", "calibration_in_the_large"]) < 0.02
    assert (
        summaries.loc["recalibrated", "brier_score"] < summaries.loc["as delivered", "brier_score"]
    )


def test_controls_change_what_is_shown(data):
    y, scores = data
    explorer = CalibrationExplorer(y, scores)
    dropdown = next(c for c in explorer.widget.children if isinstance(c, widgets.Dropdown))
    slider = next(c for c in explorer.widget.children if isinstance(c, widgets.IntSlider))
    assert slider.continuous_update is False and "bins" in slider.description.lower()
    dropdown.value = "recalibrated"
    assert explorer.score_name == "recalibrated"
    slider.value = 5
    prob_true, _ = calibration_curve(y, scores["recalibrated"], n_bins=5)
    np.testing.assert_allclose(explorer.table["observed_rate"], prob_true)
    html = explorer._repr_mimebundle_()["text/html"]
    assert "<svg" in html and "<title" in html and "Brier score" in html and "recalibrated" in html


def test_show_and_bad_input(data):
    y, scores = data
    explorer = CalibrationExplorer(y, scores)
    explorer.show("recalibrated", n_bins=12)
    assert (explorer.score_name, explorer.n_bins) == ("recalibrated", 12)
    with pytest.raises(ValueError, match=_UNKNOWN_SCORE):
        explorer.show("other")
    with pytest.raises(ValueError, match=_NO_SCORES):
        CalibrationExplorer(y, {})


def test_the_table_reads_bins_as_words_with_spaced_cells(data):
    # A bin and its patient count once ran together ("0.00-0.12995"): each now has its cell.
    y, scores = data
    html = CalibrationExplorer(y, scores, n_bins=8).static_html()
    assert "0% to 12%" in html and "<td style=" in html and "padding" in html
    assert "nan" not in html.lower()
