"""Figures of module 6: the band holds the deferred radiographs, the bars are the accuracies."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.container import BarContainer  # noqa: E402

from medai.datasets import PUBLISHED_ACCURACY, make_fracture_triage_cohort  # noqa: E402
from medai.plots import alt_text  # noqa: E402
from medai.plots.clinician_in_charge import (  # noqa: E402
    _NO_ACCURACY_COLUMNS,
    BAND_GID,
    HIGH_GID,
    PUBLISHED_GID,
    plot_accuracy_by_ai_correctness,
    plot_deferral_band,
    plot_team_tradeoff,
)
from medai.plots.data_to_decision import THRESHOLD_GID  # noqa: E402
from medai.teams import _BAD_BAND, team_outcomes  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def cohort():
    frame = make_fracture_triage_cohort(800, random_state=2).frame
    return frame["fracture"].to_numpy(), frame["ai_score"].to_numpy()


def test_the_band_sits_between_the_thresholds_and_counts_the_reads(cohort):
    y, s = cohort
    ax = plot_deferral_band(y, s, 0.1, 0.7)
    lines = {line.get_gid(): line for line in ax.lines}
    assert lines[THRESHOLD_GID].get_xdata()[0] == 0.1
    assert lines[HIGH_GID].get_xdata()[0] == 0.7
    band = next(p for p in ax.patches if p.get_gid() == BAND_GID)
    x0, x1 = band.get_x(), band.get_x() + band.get_width()
    assert (x0, x1) == pytest.approx((0.1, 0.7))
    n_read = int(((s >= 0.1) & (s < 0.7)).sum())
    labels = ax.get_legend_handles_labels()[1]
    assert f"Read by a radiologist ({n_read:,} of {len(s):,})" in labels
    assert "Rule out below 0.10" in labels and "Flag at or above 0.70" in labels
    with pytest.raises(ValueError, match=_BAD_BAND):
        plot_deferral_band(y, s, 0.7, 0.1)


def test_bars_are_the_accuracies_with_the_published_markers():
    table = pd.DataFrame(
        {"accuracy_ai_correct": [0.8, 0.85, 0.9], "accuracy_ai_wrong": [0.2, 0.3, 0.5]},
        index=pd.Index(list(PUBLISHED_ACCURACY.index), name="experience"),
    )
    ax = plot_accuracy_by_ai_correctness(table, published=PUBLISHED_ACCURACY)
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert [b.get_label() for b in bars] == ["AI suggestion correct", "AI suggestion wrong"]
    np.testing.assert_allclose(bars[0].datavalues, table["accuracy_ai_correct"])
    np.testing.assert_allclose(bars[1].datavalues, table["accuracy_ai_wrong"])
    markers = [line for line in ax.lines if line.get_gid() == PUBLISHED_GID]
    np.testing.assert_allclose(markers[1].get_ydata(), PUBLISHED_ACCURACY["accuracy_ai_wrong"])
    text = alt_text(ax)
    assert text.startswith("Bar chart") and "very experienced 50.0%" in text
    with pytest.raises(ValueError, match="columns"):
        plot_accuracy_by_ai_correctness(table.rename(columns={"accuracy_ai_wrong": "x"}))
    assert "accuracy_ai_wrong" in _NO_ACCURACY_COLUMNS


def test_one_point_per_policy_at_its_reads_and_misses(cohort):
    y, s = cohort
    kw = {"reader_sensitivity": 0.94, "reader_specificity": 0.94}
    results = {
        "Radiologist alone": team_outcomes(y, s, "reader_alone", **kw),
        "Deferral": team_outcomes(y, s, "deferral", low=0.05, high=0.8, **kw),
    }
    ax = plot_team_tradeoff(results)
    assert len(ax.lines) == 2
    for line, result in zip(ax.lines, results.values(), strict=True):
        assert line.get_xdata()[0] == result.reads_per_1000
        assert line.get_ydata()[0] == result.missed_per_1000
    assert ax.lines[0].get_label().startswith("Radiologist alone: 1,000 reads")
    assert "Fractures missed" in ax.get_ylabel() and "reads" in ax.get_xlabel()
    with pytest.raises(ValueError):
        plot_team_tradeoff({})
