"""Figures of module 1: the operating point sits where the threshold's metrics say."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.metrics import recall_score  # noqa: E402

from medai.datasets import make_fracture_triage_cohort  # noqa: E402
from medai.plots import alt_text  # noqa: E402
from medai.plots.data_to_decision import (  # noqa: E402
    _NOT_A_THRESHOLD,
    _ONE_CLASS,
    OPERATING_POINT_GID,
    THRESHOLD_GID,
    plot_roc_with_threshold,
    plot_score_distributions,
)


@pytest.fixture
def cohort():
    frame = make_fracture_triage_cohort(1000, random_state=0).frame
    return frame["fracture"].to_numpy(), frame["ai_score"].to_numpy()


def test_operating_point_is_at_one_minus_specificity_and_sensitivity(cohort):
    y, s = cohort
    ax = plot_roc_with_threshold(y, s, 0.3)
    point = next(line for line in ax.lines if line.get_gid() == OPERATING_POINT_GID)
    flags = (s >= 0.3).astype(int)
    assert point.get_xdata()[0] == pytest.approx(1 - recall_score(y, flags, pos_label=0))
    assert point.get_ydata()[0] == pytest.approx(recall_score(y, flags))
    assert "Sensitivity" in ax.get_ylabel()
    assert "AUC" in alt_text(ax)
    plt.close("all")


def test_score_distributions_show_both_classes_and_the_threshold(cohort):
    y, s = cohort
    ax = plot_score_distributions(y, s, 0.4)
    assert [line.get_gid() for line in ax.lines] == [THRESHOLD_GID]
    labels = ax.get_legend_handles_labels()[1]
    assert any(label.startswith("No fracture") for label in labels)
    assert any(label.startswith("Fracture") for label in labels)
    plt.close("all")


def test_bad_input_gets_a_clear_message(cohort):
    y, s = cohort
    with pytest.raises(ValueError, match=re.escape(_ONE_CLASS)):
        plot_roc_with_threshold(np.zeros_like(y), s, 0.5)
    with pytest.raises(ValueError, match=_NOT_A_THRESHOLD):
        plot_score_distributions(y, s, 1.5)
    plt.close("all")
