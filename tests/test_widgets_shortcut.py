"""Tests of medai.widgets.ShortcutExplorer: its numbers are sklearn's, its slider works.

Keyboard use, display and speed, common to every explorer: test_widgets_common.py."""

from __future__ import annotations

import re
import warnings

import ipywidgets as widgets
import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupShuffleSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from medai.datasets import make_hospital_radiographs
from medai.widgets import ShortcutExplorer
from medai.widgets.shortcut import _STRENGTH_NOT_COMPUTED, _STRENGTHS_OUT_OF_RANGE

STRENGTHS = (0.0, 0.5, 1.0)


@pytest.fixture(scope="module")
def explorer() -> ShortcutExplorer:
    return ShortcutExplorer(STRENGTHS, n_patients=200, random_state=0)


def _slider(explorer: ShortcutExplorer) -> widgets.SelectionSlider:
    return next(w for w in explorer.widget.children if isinstance(w, widgets.SelectionSlider))


def _expected_auc(strength: float) -> dict[str, float]:
    """What the explorer should show, computed here with scikit-learn directly."""
    frame = make_hospital_radiographs(200, shortcut_strength=strength, random_state=0).frame
    pixels = [c for c in frame.columns if c.startswith("px_")]
    a, b = frame[frame["hospital"] == "A"], frame[frame["hospital"] == "B"]
    split = GroupShuffleSplit(n_splits=1, test_size=0.25, random_state=0)
    train, test = (a.iloc[i] for i in next(split.split(a, groups=a["patient_id"])))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
        model.fit(train[pixels], train["disease"])
    return {
        "A": roc_auc_score(test["disease"], model.predict_proba(test[pixels])[:, 1]),
        "B": roc_auc_score(b["disease"], model.predict_proba(b[pixels])[:, 1]),
    }


@pytest.mark.parametrize("strength", STRENGTHS)
def test_auc_of_each_strength_is_sklearn_s(explorer, strength):
    explorer.set_strength(strength)
    assert explorer.strength == strength
    expected = _expected_auc(strength)
    assert explorer.auc == pytest.approx(expected, abs=1e-12)


def test_a_strong_shortcut_scores_well_at_a_and_fails_at_b(explorer):
    results = explorer.results
    assert list(results.index) == list(STRENGTHS)
    strong, none = results.loc[1.0], results.loc[0.0]
    assert strong["auc_hospital_a"] > 0.95
    assert strong["auc_hospital_a"] - strong["auc_hospital_b"] > 0.2
    assert abs(none["auc_hospital_a"] - none["auc_hospital_b"]) < 0.1
    # the model's weight moves to the marker as the shortcut strengthens
    assert strong["marker_weight_share"] > 5 * none["marker_weight_share"]
    assert strong["marker_agreement_a"] == 1.0


def test_moving_the_slider_updates_the_text_and_the_map(explorer):
    # How fast it reacts is measured by bench/bench_widgets.py, not here.
    slider = _slider(explorer)
    for strength in (0.0, 1.0, 0.5):
        slider.value = strength  # what the arrow keys do
        assert explorer.strength == strength
        text = explorer._repr_mimebundle_()["text/html"]
        assert f"{explorer.auc['B']:.3f}" in text and f"{explorer.auc['A']:.3f}" in text
        assert explorer.coefficient_map.shape == (16, 16)


def test_the_map_description_names_the_largest_pixel(explorer):
    explorer.set_strength(1.0)
    row, column = np.unravel_index(np.argmax(explorer.coefficient_map), (16, 16))
    assert f"row {row}, column {column}" in explorer.map_description
    assert row in (1, 2) and column in (1, 2), (
        "with a perfect shortcut the model looks at the marker"
    )


def test_bad_strengths_are_refused(explorer):
    with pytest.raises(ValueError, match=re.escape(_STRENGTH_NOT_COMPUTED)):
        explorer.set_strength(0.3)
    with pytest.raises(ValueError, match=re.escape(_STRENGTHS_OUT_OF_RANGE)):
        ShortcutExplorer((0.2, 1.4))
    with pytest.raises(ValueError, match=re.escape(_STRENGTHS_OUT_OF_RANGE)):
        ShortcutExplorer((0.5, 0.5))
