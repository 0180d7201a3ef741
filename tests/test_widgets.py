"""Tests of medai.widgets.GroupThresholdExplorer: its numbers are fairlearn's, its controls work,
its criteria compare error rates as ratios, and the fairness conflict shows on the course's
cohort."""

from __future__ import annotations

import re

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import MetricFrame
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from medai.datasets import make_care_programme_triage
from medai.metrics import CLINICAL_METRICS, per_group_metrics
from medai.widgets import CRITERIA, GroupThresholdExplorer
from medai.widgets.group_thresholds import (
    _FLAGS_OUT_OF_RANGE,
    _NO_CASES_IN_GROUP,
    _NOT_BINARY,
    _RATIO_OUT_OF_RANGE,
    _THRESHOLD_OUT_OF_RANGE,
    _TOO_FEW_GROUPS,
    _UNKNOWN_GROUP,
    MIN_RATIO,
    equal_opportunity_thresholds,
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
    explorer = GroupThresholdExplorer(*cohort)
    table = explorer.table
    assert table.loc[GROUP_A, "sensitivity"] - table.loc[GROUP_B, "sensitivity"] > 0.15
    assert explorer.criteria["equal_opportunity"] is False
    assert explorer.criteria["equalised_odds"] is False

    # Find, with fairlearn directly, a threshold for group B that matches group A's miss rate.
    y_true, y_score, groups = cohort
    ratios = {}
    for t_b in np.round(np.arange(0.10, 0.50, 0.01), 2):  # B needs a lower threshold
        by_group = expected_frame(y_true, y_score, groups, {GROUP_A: 0.5, GROUP_B: t_b}).by_group
        fnr = by_group["false_negative_rate"]
        ratios[t_b] = fnr.min() / fnr.max()
    best = max(ratios, key=ratios.get)
    assert ratios[best] >= 0.9

    explorer.set_thresholds({GROUP_B: float(best)})
    assert explorer.criteria["equal_opportunity"] is True
    assert explorer.ratios["false_negative_rate"] == pytest.approx(ratios[best])
    # lowering B's threshold raised its false alarms: equal opportunity without equalised odds
    assert explorer.ratios["false_positive_rate"] < MIN_RATIO
    assert explorer.criteria["equalised_odds"] is False


def _wrong_flag_rate(y_true, y_pred) -> float:
    """Share of flags that are wrong (1 - PPV), 0 with no flag: the explorer's definition."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return float(((y_pred == 1) & (y_true == 0)).sum() / max(int(y_pred.sum()), 1))


def test_criteria_agree_with_fairlearn_ratios(cohort, explorer):
    thresholds = {GROUP_A: 0.45, GROUP_B: 0.35}
    explorer.set_thresholds(thresholds)
    y_true, y_score, groups = cohort
    cutoffs = np.array([thresholds[g] for g in groups])
    frame = MetricFrame(
        metrics={
            "false_negative_rate": CLINICAL_METRICS["false_negative_rate"],
            "false_positive_rate": CLINICAL_METRICS["false_positive_rate"],
            "false_discovery_rate": _wrong_flag_rate,
            "selection_rate": CLINICAL_METRICS["selection_rate"],
        },
        y_true=y_true,
        y_pred=(y_score >= cutoffs).astype(int),
        sensitive_features=groups,
    )
    ratio = frame.ratio(method="between_groups")
    pd.testing.assert_series_equal(
        explorer.ratios, ratio[explorer.ratios.index].astype(float), check_names=False
    )
    assert set(explorer.criteria) == set(CRITERIA)
    for criterion, rates in CRITERIA.items():
        assert explorer.criteria[criterion] == all(ratio[m] >= MIN_RATIO for m in rates)


def test_a_rate_twice_another_is_not_equal_though_only_five_points_apart():
    # Group A: 100 patients without the condition, 5 flagged; group B: 10 flagged. Both have
    # every case found. An absolute tolerance of 5 points would call 5 % and 10 % equal.
    y_true = np.r_[np.ones(50), np.zeros(100), np.ones(50), np.zeros(100)].astype(int)
    y_score = np.r_[np.ones(50), np.repeat([0.9, 0.1], [5, 95]), np.ones(50),
                    np.repeat([0.9, 0.1], [10, 90])]  # fmt: skip
    groups = np.repeat(["A", "B"], 150)
    explorer = GroupThresholdExplorer(y_true, y_score, groups)
    assert explorer.compared_rates["false_positive_rate"].tolist() == [0.05, 0.10]
    assert explorer.gaps["false_positive_rate"] == pytest.approx(0.05)
    assert explorer.criteria["equal_opportunity"] is True  # no case is missed anywhere
    assert explorer.ratios["false_positive_rate"] == pytest.approx(0.5)
    assert explorer.criteria["equalised_odds"] is False


def test_min_ratio_sets_the_limit_and_is_checked(cohort):
    explorer = GroupThresholdExplorer(*cohort, min_ratio=0.5)
    assert explorer.criteria["equal_opportunity"] == bool(
        explorer.ratios["false_negative_rate"] >= 0.5
    )
    for bad in (0.0, 1.0, 1.25):
        with pytest.raises(ValueError, match=re.escape(_RATIO_OUT_OF_RANGE)):
            GroupThresholdExplorer(*cohort, min_ratio=bad)


@pytest.fixture(scope="module")
def course_cohort():
    """The notebook's triage cohort (seed 1) and a need score calibrated within each group."""
    triage = make_care_programme_triage(random_state=1)
    frame = triage.frame

    def with_group(rows: pd.DataFrame) -> pd.DataFrame:
        return rows[triage.feature_names].assign(black=(rows["group"] == "Black").astype(int))

    train, test = frame[frame["split"] == "train"], frame[frame["split"] == "test"]
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    model.fit(with_group(train), train["high_need"])
    return test, model.predict_proba(with_group(test))[:, 1], int(test["flagged"].sum())


def test_the_fairness_conflict_is_visible_on_the_course_cohort(course_cohort):
    test, score, places = course_cohort
    # The score is calibrated within groups (mean risk within 2 points of the base rate)...
    mean_risk = pd.Series(score, index=test.index).groupby(test["group"]).mean()
    base_rate = test.groupby("group")["high_need"].mean()
    assert (mean_risk - base_rate).abs().max() < 0.02
    explorer = GroupThresholdExplorer(test["high_need"], score, test["group"])

    # ...and with one threshold filling the places, a flag means the same in both groups,
    # but high-need White patients are missed far more often: equal opportunity breaks.
    one = float(np.sort(score)[::-1][places - 1])
    explorer.set_thresholds({"Black": one, "White": one})
    assert explorer.criteria["predictive_parity"] is True
    assert explorer.criteria["equal_opportunity"] is False
    fnr = explorer.compared_rates["false_negative_rate"]
    assert fnr["White"] / fnr["Black"] == pytest.approx(2.0, abs=0.3)  # "about twice"

    # Equalising the miss rates with the same places breaks predictive parity.
    thresholds = equal_opportunity_thresholds(test["high_need"], score, test["group"], places)
    explorer.set_thresholds(thresholds)
    flagged = (score >= test["group"].map(thresholds).to_numpy()).sum()
    assert places - 5 <= flagged <= places
    assert explorer.criteria["equal_opportunity"] is True
    assert explorer.criteria["predictive_parity"] is False
    assert explorer.criteria["equalised_odds"] is False
    wrong = explorer.compared_rates["false_discovery_rate"]
    assert wrong.max() / wrong.min() > 3  # "wrong several times as often"


def test_threshold_optimizer_flags_more_patients_than_the_places(course_cohort):
    # The chapter: on the notebook's cohort, ThresholdOptimizer reaches equal sensitivity by
    # flagging far more patients than the programme has places.
    from fairlearn.postprocessing import ThresholdOptimizer

    triage = make_care_programme_triage(random_state=1)
    frame = triage.frame
    train, test = frame[frame["split"] == "train"], frame[frame["split"] == "test"]
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    model.fit(train[triage.feature_names], train["high_need"])
    optimizer = ThresholdOptimizer(
        estimator=model,
        constraints="true_positive_rate_parity",
        objective="balanced_accuracy_score",
        prefit=True,
        predict_method="predict_proba",
    )
    optimizer.fit(
        train[triage.feature_names], train["high_need"], sensitive_features=train["group"]
    )
    flags = optimizer.predict(
        test[triage.feature_names], sensitive_features=test["group"], random_state=0
    )
    assert flags.sum() > 1.5 * course_cohort[2]


def test_equal_opportunity_thresholds_equalise_sensitivity_within_capacity(cohort):
    y_true, y_score, groups = cohort
    for n_flags in (200, 600, 1000):
        thresholds = equal_opportunity_thresholds(y_true, y_score, groups, n_flags)
        assert set(thresholds) == {GROUP_A, GROUP_B}
        flags = (y_score >= np.array([thresholds[g] for g in groups])).astype(int)
        assert n_flags - 10 <= flags.sum() <= n_flags
        sensitivity = per_group_metrics(y_true, flags, groups).by_group["sensitivity"]
        cases = pd.Series(y_true).groupby(groups).sum()
        # Every group reaches the common target, within one patient with the condition.
        assert sensitivity.max() - sensitivity.min() <= 1 / cases.min() + 1e-12
    # More places, higher common sensitivity.
    few, many = (
        per_group_metrics(
            y_true,
            (y_score >= np.array([t[g] for g in groups])).astype(int),
            groups,
        )
        .by_group["sensitivity"]
        .min()
        for t in (
            equal_opportunity_thresholds(y_true, y_score, groups, 200),
            equal_opportunity_thresholds(y_true, y_score, groups, 1000),
        )
    )
    assert many > few


def test_equal_opportunity_thresholds_reject_bad_input(cohort):
    y_true, y_score, groups = cohort
    with pytest.raises(ValueError, match=re.escape(_FLAGS_OUT_OF_RANGE)):
        equal_opportunity_thresholds(y_true, y_score, groups, len(y_true) + 1)
    no_case_in_b = np.where(groups == GROUP_B, 0, y_true)
    with pytest.raises(ValueError, match=re.escape(_NO_CASES_IN_GROUP)):
        equal_opportunity_thresholds(no_case_in_b, y_score, groups, 100)


def test_html_states_each_criterion_in_words(explorer):
    bundle = explorer._repr_mimebundle_()
    text = bundle["text/html"]
    for group in explorer.groups:
        assert group in text  # the HTML escaper leaves these names readable
    assert "Equal opportunity" in text and "Demographic parity" in text
    n_holds = len(re.findall(r"✓ holds", text))
    assert n_holds == sum(explorer.criteria.values())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"Nobody": 0.3}, _UNKNOWN_GROUP),
        ({GROUP_A: 1.5}, _THRESHOLD_OUT_OF_RANGE),
    ],
)
def test_set_thresholds_rejects_bad_input(explorer, change, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        explorer.set_thresholds(change)


def test_constructor_rejects_one_group_and_non_binary_labels():
    rng = np.random.default_rng(0)
    y_score = rng.random(10)
    with pytest.raises(ValueError, match=re.escape(_TOO_FEW_GROUPS)):
        GroupThresholdExplorer(rng.integers(0, 2, 10), y_score, ["only"] * 10)
    with pytest.raises(ValueError, match=re.escape(_NOT_BINARY)):
        GroupThresholdExplorer(np.arange(10), y_score, ["a", "b"] * 5)
