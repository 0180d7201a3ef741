"""Tests of medai.plots: the figures show what sklearn and fairlearn compute, per group.

Labels, colours, alt text and drawing on a given Axes, common to every figure:
test_plots_common.py."""

from __future__ import annotations

import re

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from sklearn.calibration import calibration_curve
from sklearn.metrics import roc_auc_score, roc_curve

from medai.metrics import per_group_metrics
from medai.plots import (
    PALETTE,
    REFERENCE_GID,
    alt_text,
    group_colors,
    group_styles,
    plot_calibration_by_group,
    plot_error_rates_by_group,
    plot_roc_by_group,
)
from medai.plots.groups import _ONE_CLASS_GROUP
from medai.plots.style import _LENGTH_MISMATCH

GROUPS = ("Black", "White", "Hispanic")


@pytest.fixture(autouse=True)
def _agg_backend():
    matplotlib.use("Agg")
    yield
    plt.close("all")


@pytest.fixture
def cohort() -> dict[str, np.ndarray]:
    """600 patients in three groups; the score separates the classes less well in 'Black'."""
    rng = np.random.default_rng(0)
    n = 600
    groups = rng.choice(GROUPS, size=n)
    y_true = rng.integers(0, 2, size=n)
    signal = np.where(groups == "Black", 0.6, 1.8)
    y_score = 1 / (1 + np.exp(-(signal * (y_true - 0.5) + rng.normal(0, 1, size=n))))
    return {"y_true": y_true, "y_score": y_score, "groups": groups}


def _group_lines(ax):
    return [line for line in ax.get_lines() if line.get_gid() != REFERENCE_GID]


def test_group_colors_are_from_the_palette_distinct_and_stable():
    colors = group_colors(["b", "a", "c", "a"])
    assert set(colors) == {"a", "b", "c"}
    assert set(colors.values()) <= set(PALETTE)
    assert len(set(colors.values())) == 3
    # the same set of groups, in another order, gets the same colours
    assert group_colors(["c", "b", "a"]) == colors


def test_group_styles_differ_beyond_colour():
    styles = group_styles([f"g{i}" for i in range(8)])
    assert len({s.marker for s in styles.values()}) == 8
    assert len({s.hatch for s in styles.values()}) == 8
    # once the palette wraps round, colour and line style together still tell groups apart
    many = group_styles([f"g{i:02d}" for i in range(20)])
    assert len({(s.color, str(s.linestyle)) for s in many.values()}) == 20


def test_roc_legend_shows_sklearn_auc_of_each_group(cohort):
    ax = plot_roc_by_group(**cohort)
    labels = {line.get_label().split(" (")[0]: line.get_label() for line in _group_lines(ax)}
    assert set(labels) == set(GROUPS)
    for group in GROUPS:
        rows = cohort["groups"] == group
        expected = roc_auc_score(cohort["y_true"][rows], cohort["y_score"][rows])
        shown = float(re.search(r"AUC = ([0-9.]+)", labels[group]).group(1))
        assert shown == pytest.approx(expected, abs=0.005)
    # the groups really differ, so a plot that mixed them up would fail the check above
    masks = [cohort["groups"] == group for group in GROUPS]
    aucs = [roc_auc_score(cohort["y_true"][m], cohort["y_score"][m]) for m in masks]
    assert max(aucs) - min(aucs) > 0.1


def test_roc_curves_are_sklearn_curves_and_colours_per_group(cohort):
    ax = plot_roc_by_group(**cohort)
    colors = group_colors(cohort["groups"])
    for line in _group_lines(ax):
        group = line.get_label().split(" (")[0]
        rows = cohort["groups"] == group
        fpr, tpr, _ = roc_curve(cohort["y_true"][rows], cohort["y_score"][rows])
        np.testing.assert_allclose(line.get_xdata(), fpr)
        np.testing.assert_allclose(line.get_ydata(), tpr)
        assert to_hex(line.get_color()).upper() == colors[group].upper()
    line_colors = [to_hex(line.get_color()).upper() for line in _group_lines(ax)]
    assert set(line_colors) <= {c.upper() for c in PALETTE}
    assert len(set(line_colors)) == len(GROUPS)
    assert len({line.get_marker() for line in _group_lines(ax)}) == len(GROUPS)


def test_roc_has_chance_diagonal_proportions_and_legend(cohort):
    ax = plot_roc_by_group(**cohort)
    reference = [line for line in ax.get_lines() if line.get_gid() == REFERENCE_GID]
    assert len(reference) == 1
    np.testing.assert_allclose(reference[0].get_xdata(), [0, 1])
    np.testing.assert_allclose(reference[0].get_ydata(), [0, 1])
    assert "proportion" in ax.get_xlabel() and "proportion" in ax.get_ylabel()
    assert ax.get_legend() is not None


def test_roc_rejects_a_group_with_one_class(cohort):
    y_true = cohort["y_true"].copy()
    y_true[cohort["groups"] == "White"] = 0
    with pytest.raises(ValueError, match=re.escape(_ONE_CLASS_GROUP)):
        plot_roc_by_group(y_true, cohort["y_score"], cohort["groups"])


def test_mismatched_lengths_are_rejected(cohort):
    with pytest.raises(ValueError, match=re.escape(_LENGTH_MISMATCH)):
        plot_roc_by_group(cohort["y_true"][:-1], cohort["y_score"], cohort["groups"])


def test_calibration_curves_are_sklearn_curves(cohort):
    ax = plot_calibration_by_group(cohort["y_true"], cohort["y_score"], cohort["groups"], n_bins=5)
    lines = _group_lines(ax)
    assert len(lines) == len(GROUPS)
    for line in lines:
        group = line.get_label().split(" (")[0]
        rows = cohort["groups"] == group
        observed, predicted = calibration_curve(
            cohort["y_true"][rows], cohort["y_score"][rows], n_bins=5
        )
        np.testing.assert_allclose(line.get_xdata(), predicted)
        np.testing.assert_allclose(line.get_ydata(), observed)
    assert any(line.get_gid() == REFERENCE_GID for line in ax.get_lines())
    assert ax.get_legend() is not None


def test_error_rate_bars_are_fairlearn_rates(cohort):
    y_pred = (cohort["y_score"] >= 0.5).astype(int)
    ax = plot_error_rates_by_group(cohort["y_true"], y_pred, cohort["groups"])
    expected = per_group_metrics(cohort["y_true"], y_pred, cohort["groups"]).by_group
    assert len(ax.containers) == len(GROUPS)
    colors = group_colors(cohort["groups"])
    for bars in ax.containers:
        group = bars.get_label()
        heights = [patch.get_height() for patch in bars.patches]
        np.testing.assert_allclose(
            heights,
            expected.loc[group, ["false_negative_rate", "false_positive_rate"]].astype(float),
        )
        assert to_hex(bars.patches[0].get_facecolor()).upper() == colors[group].upper()
    # value labels above the bars: one per bar, each a percentage
    value_labels = [t.get_text() for t in ax.texts]
    assert len(value_labels) == 2 * len(GROUPS)
    assert all(label.endswith("%") for label in value_labels)
    assert ax.get_legend() is not None


@pytest.mark.parametrize("kind", ["roc", "calibration", "error_rates"])
def test_alt_text_names_every_group(cohort, kind):
    if kind == "roc":
        ax = plot_roc_by_group(**cohort)
    elif kind == "calibration":
        ax = plot_calibration_by_group(cohort["y_true"], cohort["y_score"], cohort["groups"])
    else:
        y_pred = (cohort["y_score"] >= 0.5).astype(int)
        ax = plot_error_rates_by_group(cohort["y_true"], y_pred, cohort["groups"])
    text = alt_text(ax)
    for group in GROUPS:
        assert group in text


def test_alt_text_of_roc_gives_each_auc(cohort):
    text = alt_text(plot_roc_by_group(**cohort))
    for group in GROUPS:
        rows = cohort["groups"] == group
        auc = roc_auc_score(cohort["y_true"][rows], cohort["y_score"][rows])
        assert f"{group} (AUC = {auc:.2f}" in text
    assert "Chance" in text


def test_alt_text_of_bars_gives_each_rate(cohort):
    y_pred = (cohort["y_score"] >= 0.5).astype(int)
    text = alt_text(plot_error_rates_by_group(cohort["y_true"], y_pred, cohort["groups"]))
    expected = per_group_metrics(cohort["y_true"], y_pred, cohort["groups"]).by_group
    for group in GROUPS:
        assert f"{expected.loc[group, 'false_negative_rate']:.1%}" in text
