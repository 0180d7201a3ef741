"""Tests of medai.widgets.GroupThresholdExplorer: its numbers are fairlearn's, its controls work."""

from __future__ import annotations

import re

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest

from medai.metrics import CLINICAL_METRICS, per_group_metrics
from medai.widgets import (
    CRITERIA,
    NOT_BINARY,
    THRESHOLD_OUT_OF_RANGE,
    TOO_FEW_GROUPS,
    UNKNOWN_GROUP,
    GroupThresholdExplorer,
)

# Group names with spaces and punctuation: the explorer must take any strings.
GROUP_A, GROUP_B = "Group A (urban)", "Group B: rural"


def make_cohort(n: int = 2000, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two groups with the same prevalence, where the score runs lower for group B's patients
    with the condition: at equal thresholds, group B has the lower sensitivity."""
    rng = np.random.default_rng(seed)
    groups = rng.choice([GROUP_A, GROUP_B], size=n)
    y_true = (rng.random(n) < 0.3).astype(int)
    positives_a = rng.beta(6, 2, size=n)
    positives_b = rng.beta(3, 3, size=n)
    negatives = rng.beta(2, 5, size=n)
    y_score = np.where(
        y_true == 0, negatives, np.where(groups == GROUP_A, positives_a, positives_b)
    )
    return y_true, y_score, groups


def expected_frame(y_true, y_score, groups, thresholds: dict[str, float]):
    """The reference: fairlearn's MetricFrame via medai.metrics, computed directly."""
    cutoffs = np.array([thresholds[g] for g in groups])
    return per_group_metrics(y_true, (y_score >= cutoffs).astype(int), groups)


@pytest.fixture
def cohort():
    return make_cohort()


@pytest.fixture
def explorer(cohort):
    return GroupThresholdExplorer(*cohort)


def test_initial_table_equals_per_group_metrics(cohort, explorer):
    expected = expected_frame(*cohort, {GROUP_A: 0.5, GROUP_B: 0.5}).by_group
    pd.testing.assert_frame_equal(explorer.table, expected.astype(float), check_names=False)
    assert list(explorer.table.columns) == list(CLINICAL_METRICS)


def test_table_after_set_thresholds_equals_per_group_metrics(cohort, explorer):
    thresholds = {GROUP_A: 0.62, GROUP_B: 0.31}
    explorer.set_thresholds(thresholds)
    assert explorer.thresholds == thresholds
    expected = expected_frame(*cohort, thresholds).by_group
    pd.testing.assert_frame_equal(explorer.table, expected.astype(float), check_names=False)
    # and the numbers moved: group B now flags more patients than at 0.5
    before = expected_frame(*cohort, {GROUP_A: 0.62, GROUP_B: 0.5}).by_group
    assert explorer.table.loc[GROUP_B, "selection_rate"] > before.loc[GROUP_B, "selection_rate"]


def test_works_for_three_groups_of_any_name():
    rng = np.random.default_rng(0)
    n = 900
    groups = rng.choice(["Black", "White", "Hispanic / Latino"], size=n)
    y_true = rng.integers(0, 2, size=n)
    y_score = rng.random(n)
    explorer = GroupThresholdExplorer(y_true, y_score, groups, initial_threshold=0.4)
    thresholds = {"Black": 0.3, "White": 0.55, "Hispanic / Latino": 0.4}
    explorer.set_thresholds({"Black": 0.3, "White": 0.55})
    assert explorer.thresholds == thresholds
    expected = expected_frame(y_true, y_score, groups, thresholds).by_group
    pd.testing.assert_frame_equal(explorer.table, expected.astype(float), check_names=False)


def test_sliders_are_keyboard_sliders_named_after_their_group(explorer):
    sliders = [c for c in explorer.widget.children if isinstance(c, widgets.FloatSlider)]
    assert len(sliders) == 2
    for slider, group in zip(sliders, explorer.groups, strict=True):
        assert group in slider.description
        assert slider.step == pytest.approx(0.01)
        assert slider.continuous_update is False
        assert (slider.min, slider.max) == (0.0, 1.0)
    checkboxes = [c for c in explorer.widget.children if isinstance(c, widgets.Checkbox)]
    assert len(checkboxes) == 1
    assert "same threshold" in checkboxes[0].description.lower()


def _sliders(explorer) -> dict[str, widgets.FloatSlider]:
    return {
        group: child
        for child in explorer.widget.children
        if isinstance(child, widgets.FloatSlider)
        for group in explorer.groups
        if child.description.startswith(group)
    }


def test_moving_a_slider_updates_the_table(cohort, explorer):
    _sliders(explorer)[GROUP_B].value = 0.25
    expected = expected_frame(*cohort, {GROUP_A: 0.5, GROUP_B: 0.25}).by_group
    pd.testing.assert_frame_equal(explorer.table, expected.astype(float), check_names=False)


def test_same_threshold_checkbox_links_the_sliders(cohort, explorer):
    sliders = _sliders(explorer)
    sliders[GROUP_A].value = 0.4  # unlinked: group B keeps its threshold
    assert explorer.thresholds == {GROUP_A: 0.4, GROUP_B: 0.5}

    explorer.same_threshold = True  # ticking aligns everyone on the slider moved last
    assert explorer.thresholds == {GROUP_A: 0.4, GROUP_B: 0.4}

    sliders[GROUP_B].value = 0.7
    assert explorer.thresholds == {GROUP_A: 0.7, GROUP_B: 0.7}
    expected = expected_frame(*cohort, {GROUP_A: 0.7, GROUP_B: 0.7}).by_group
    pd.testing.assert_frame_equal(explorer.table, expected.astype(float), check_names=False)

    explorer.same_threshold = False
    sliders[GROUP_B].value = 0.2
    assert explorer.thresholds == {GROUP_A: 0.7, GROUP_B: 0.2}


def test_linked_slider_move_updates_once(explorer):
    calls = []
    original = explorer.update
    explorer.update = lambda: (calls.append(1), original())  # what the observers call
    explorer.same_threshold = True
    calls.clear()
    _sliders(explorer)[GROUP_A].value = 0.33
    assert len(calls) == 1


def test_set_thresholds_that_differ_untick_the_link(explorer):
    explorer.same_threshold = True
    explorer.set_thresholds({GROUP_A: 0.3, GROUP_B: 0.6})
    assert explorer.same_threshold is False
    assert explorer.thresholds == {GROUP_A: 0.3, GROUP_B: 0.6}


def test_equal_opportunity_flips_when_thresholds_equalise_sensitivity(cohort):
    explorer = GroupThresholdExplorer(*cohort, tolerance=0.05)
    table = explorer.table
    assert table.loc[GROUP_A, "sensitivity"] - table.loc[GROUP_B, "sensitivity"] > 0.15
    assert explorer.criteria["equal_opportunity"] is False
    assert explorer.criteria["equalised_odds"] is False

    # Find, with fairlearn directly, a threshold for group B that matches group A's sensitivity.
    y_true, y_score, groups = cohort
    gaps = {}
    for t_b in np.round(np.arange(0.10, 0.50, 0.01), 2):  # B needs a lower threshold
        by_group = expected_frame(y_true, y_score, groups, {GROUP_A: 0.5, GROUP_B: t_b}).by_group
        gaps[t_b] = abs(by_group.loc[GROUP_A, "sensitivity"] - by_group.loc[GROUP_B, "sensitivity"])
    best = min(gaps, key=gaps.get)
    assert gaps[best] <= 0.02

    explorer.set_thresholds({GROUP_B: float(best)})
    assert explorer.criteria["equal_opportunity"] is True
    assert explorer.gaps["sensitivity"] == pytest.approx(gaps[best])
    # lowering B's threshold raised its false alarms: equal opportunity without equalised odds
    assert explorer.gaps["false_positive_rate"] > 0.05
    assert explorer.criteria["equalised_odds"] is False


def test_criteria_agree_with_fairlearn_differences(cohort, explorer):
    explorer.set_thresholds({GROUP_A: 0.45, GROUP_B: 0.35})
    frame = expected_frame(*cohort, {GROUP_A: 0.45, GROUP_B: 0.35})
    difference = frame.difference(method="between_groups")
    assert set(explorer.criteria) == set(CRITERIA)
    for criterion, metrics in CRITERIA.items():
        assert explorer.criteria[criterion] == all(difference[m] <= 0.05 for m in metrics)


def test_html_states_each_criterion_in_words(explorer):
    bundle = explorer._repr_mimebundle_()
    text = bundle["text/html"]
    for group in explorer.groups:
        assert group in text  # the HTML escaper leaves these names readable
    assert "Equal opportunity" in text and "Demographic parity" in text
    n_holds = len(re.findall(r"✓ holds", text))
    assert n_holds == sum(explorer.criteria.values())


def test_displaying_the_explorer_shows_the_widget(explorer):
    bundle = explorer._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == explorer.widget.model_id


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"Nobody": 0.3}, UNKNOWN_GROUP),
        ({GROUP_A: 1.5}, THRESHOLD_OUT_OF_RANGE),
    ],
)
def test_set_thresholds_rejects_bad_input(explorer, change, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        explorer.set_thresholds(change)


def test_constructor_rejects_one_group_and_non_binary_labels():
    rng = np.random.default_rng(0)
    y_score = rng.random(10)
    with pytest.raises(ValueError, match=re.escape(TOO_FEW_GROUPS)):
        GroupThresholdExplorer(rng.integers(0, 2, 10), y_score, ["only"] * 10)
    with pytest.raises(ValueError, match=re.escape(NOT_BINARY)):
        GroupThresholdExplorer(np.arange(10), y_score, ["a", "b"] * 5)
