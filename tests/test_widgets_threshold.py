"""ThresholdExplorer: its numbers are scikit-learn's, and its figure has alt text.

Keyboard use, display and speed, common to every explorer: test_widgets_common.py."""

from __future__ import annotations

import base64

import ipywidgets as widgets
import numpy as np
import pytest
from sklearn.metrics import confusion_matrix, precision_score, recall_score

from medai.datasets import make_fracture_triage_cohort
from medai.widgets import ThresholdExplorer
from medai.widgets.threshold import (
    _NOT_BINARY_LABELS,
    _ONE_CLASS_ONLY,
    _SCORE_NOT_IN_RANGE,
    _THRESHOLD_NOT_IN_RANGE,
)


@pytest.fixture(scope="module")
def cohort():
    frame = make_fracture_triage_cohort(2000, random_state=1).frame
    return frame["fracture"].to_numpy(), frame["ai_score"].to_numpy()


@pytest.fixture
def explorer(cohort):
    return ThresholdExplorer(*cohort, initial_threshold=0.5)


def reference(y, s, threshold):
    flags = (s >= threshold).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, flags, labels=[0, 1]).ravel()
    metrics = {
        "sensitivity": recall_score(y, flags, zero_division=0),
        "specificity": recall_score(y, flags, pos_label=0, zero_division=0),
        "ppv": precision_score(y, flags, zero_division=0),
        "npv": precision_score(y, flags, pos_label=0, zero_division=0),
    }
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn}, metrics


@pytest.mark.parametrize("threshold", [0.0, 0.07, 0.5, 0.93, 1.0])
def test_results_equal_scikit_learn(cohort, explorer, threshold):
    y, s = cohort
    explorer.threshold = threshold
    counts, metrics = reference(y, s, threshold)
    assert explorer.threshold == threshold
    assert explorer.confusion == counts
    assert explorer.metrics == pytest.approx(metrics)
    fpr, tpr = explorer.operating_point
    assert fpr == pytest.approx(1 - metrics["specificity"])
    assert tpr == pytest.approx(metrics["sensitivity"])
    per = explorer.per_1000
    assert per["missed"] == pytest.approx(1000 * counts["fn"] / len(y))
    assert per["false_alarms"] == pytest.approx(1000 * counts["fp"] / len(y))
    assert per["flagged"] == pytest.approx(1000 * (counts["tp"] + counts["fp"]) / len(y))


def test_a_lower_threshold_misses_fewer_and_alarms_more(explorer):
    explorer.threshold = 0.5
    high = explorer.per_1000
    explorer.threshold = 0.1
    low = explorer.per_1000
    assert low["missed"] < high["missed"] and low["false_alarms"] > high["false_alarms"]


def test_the_slider_drives_the_results_and_the_html(explorer):
    slider = next(w for w in explorer.widget.children if isinstance(w, widgets.FloatSlider))
    assert slider.step == 0.01  # arrow keys move it by 0.01
    before = explorer.confusion
    slider.value = 0.2
    assert explorer.threshold == 0.2 and explorer.confusion != before
    html = explorer._repr_mimebundle_()["text/html"]
    assert f"{explorer.confusion['fn']:,} false negatives" in html
    assert "missed fractures" in html and 'alt="ROC curve' in html
    assert explorer._png[:4] == b"\x89PNG"


def test_the_live_figure_has_alt_text_that_follows_the_threshold(cohort, explorer):
    # In the live widget the ROC figure is an <img> inside an HTML widget, with its alt text
    # (ipywidgets.Image has no alt attribute for a screen reader to read).
    assert not any(isinstance(w, widgets.Image) for w in _descendants(explorer.widget))
    views = [
        w
        for w in _descendants(explorer.widget)
        if isinstance(w, widgets.HTML) and "<img " in w.value
    ]
    assert len(views) == 1
    view = views[0]
    explorer.threshold = 0.5
    alt_high = explorer.figure_alt
    fpr, tpr = explorer.operating_point
    assert "threshold 0.50" in alt_high and f"sensitivity {tpr:.2f}" in alt_high
    assert f'alt="{alt_high}"' in view.value
    assert f"data:image/png;base64,{base64.b64encode(explorer._png).decode()}" in view.value
    explorer.threshold = 0.1
    alt_low = explorer.figure_alt
    assert alt_low != alt_high and "threshold 0.10" in alt_low
    assert f'alt="{alt_low}"' in view.value and alt_high not in view.value
    # The static HTML shows the same figure with the same text.
    assert view.value in explorer.static_html()
    assert ThresholdExplorer(*cohort, figure=False).figure_alt is None


def _descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _descendants(child)


def test_bad_input_gets_a_clear_message(cohort):
    y, s = cohort
    with pytest.raises(ValueError, match=_NOT_BINARY_LABELS):
        ThresholdExplorer(y + 1, s)
    with pytest.raises(ValueError, match=_ONE_CLASS_ONLY):
        ThresholdExplorer(np.zeros_like(y), s)
    with pytest.raises(ValueError, match=_SCORE_NOT_IN_RANGE):
        ThresholdExplorer(y, s * 2)
    explorer = ThresholdExplorer(y, s, figure=False)
    with pytest.raises(ValueError, match=_THRESHOLD_NOT_IN_RANGE):
        explorer.threshold = 1.5
