"""Tests of medai.widgets.PrivacyBudgetExplorer: calibrated by OpenDP, its slider drives it.

Each test that draws runs twice: with OpenDP, and with the course's NumPy version that the
browser edition (JupyterLite) uses (``backend`` fixture), held to OpenDP's calibration.
Keyboard use, display and speed, common to every explorer: test_widgets_common.py."""

from __future__ import annotations

import re

import ipywidgets as widgets
import numpy as np
import opendp.prelude as dp
import pytest

from medai.widgets import PrivacyBudgetExplorer
from medai.widgets.privacy_budget import _BAD_COUNT, _EPSILON_OUT_OF_RANGE, _NO_COUNTS

COUNTS = {"Diabetes, whole register": 360, "HIV, women 20-29": 3}


@pytest.fixture
def explorer(backend):
    return PrivacyBudgetExplorer(COUNTS, epsilon=1.0, n_releases=50)


@pytest.mark.parametrize("epsilon", [0.01, 0.1, 0.5, 1.0, 10.0])
def test_scale_and_error_are_opendps_calibration(explorer, epsilon):
    explorer.set_epsilon(epsilon)
    assert explorer.epsilon == pytest.approx(epsilon)
    # a count has sensitivity 1: scale 1 / epsilon, and OpenDP certifies epsilon
    assert explorer.scale == pytest.approx(1 / epsilon)
    assert explorer.certified_epsilon == pytest.approx(epsilon, rel=1e-9)
    dp.enable_features("contrib")
    expected = dp.discrete_laplacian_scale_to_accuracy(1 / epsilon, 0.05)
    assert explorer.error_95 == pytest.approx(expected)
    table = explorer.table
    assert list(table.index) == list(COUNTS)
    assert list(table["true_count"]) == [360, 3]
    assert table.loc["HIV, women 20-29", "relative_error_95"] == pytest.approx(expected / 3)


def test_smaller_epsilon_means_more_error(explorer):
    explorer.set_epsilon(1.0)
    at_one = explorer.error_95
    explorer.set_epsilon(0.1)
    assert explorer.error_95 > 5 * at_one


def test_releases_are_noisy_counts_around_the_truth(explorer):
    # OpenDP's noise cannot be seeded. At epsilon 1 (scale 1) a release is more than 30
    # away from the truth with probability about exp(-30): this bound cannot flake.
    explorer.set_epsilon(1.0)
    releases = explorer.releases
    assert releases.shape == (2, 50)
    assert releases.dtypes.map(lambda t: np.issubdtype(t, np.integer)).all()
    truth = np.array(list(COUNTS.values()))[:, None]
    assert (np.abs(releases.to_numpy() - truth) <= 30).all()
    # 100 draws of scale 1 are not all equal to the truth (P about 0.46 ** 100)
    assert (releases.to_numpy() != truth).any()
    # a new update draws new releases (P of 100 identical draws is negligible)
    before = releases.to_numpy().copy()
    explorer.update()
    assert not np.array_equal(before, explorer.releases.to_numpy())


def test_the_slider_drives_the_update(explorer):
    slider = next(c for c in explorer.widget.children if isinstance(c, widgets.FloatLogSlider))
    assert slider.continuous_update is False  # recompute on release, not while dragging
    slider.value = 0.1
    assert explorer.epsilon == pytest.approx(0.1)
    assert explorer.scale == pytest.approx(10.0)
    assert "0.10" in explorer._results.value


def test_html_output_escapes_labels_and_shows_results():
    explorer = PrivacyBudgetExplorer({"<b>rare</b> & small": 2}, epsilon=0.5)
    bundle = explorer._repr_mimebundle_()
    assert "&lt;b&gt;rare&lt;/b&gt; &amp; small" in bundle["text/html"]
    assert "<b>rare</b>" not in bundle["text/html"]
    assert "PrivacyBudgetExplorer" in bundle["text/plain"]


def test_bad_input_gets_a_clear_message():
    with pytest.raises(ValueError, match=re.escape(_NO_COUNTS)):
        PrivacyBudgetExplorer({})
    with pytest.raises(ValueError, match=re.escape(_BAD_COUNT)):
        PrivacyBudgetExplorer({"a": -1})
    with pytest.raises(ValueError, match=re.escape(_BAD_COUNT)):
        PrivacyBudgetExplorer({"a": 2.5})
    with pytest.raises(ValueError, match=re.escape(_EPSILON_OUT_OF_RANGE)):
        PrivacyBudgetExplorer({"a": 2}, epsilon=100)
    with pytest.raises(ValueError, match=re.escape(_EPSILON_OUT_OF_RANGE)):
        PrivacyBudgetExplorer({"a": 2}).set_epsilon(0.0)


@pytest.mark.parametrize(
    ("epsilon", "factor", "shown"),
    [(0.1, 1.105, "1.11"), (1.0, 2.718, "2.72"), (5.0, 148.4, "148.41")],
)
def test_the_guarantee_is_shown_as_a_factor_e_to_the_epsilon(explorer, epsilon, factor, shown):
    # "Almost nothing more" holds for small epsilon only: 1.11 at 0.1, but 148 at 5.
    explorer.set_epsilon(epsilon)
    assert explorer.probability_factor == pytest.approx(factor, rel=1e-3)
    assert f"e<sup>ε</sup> = {shown}" in explorer.static_html()


def test_publishing_every_release_shown_spends_their_sum(explorer):
    # The releases are about the same patients: sequential composition, n x epsilon.
    explorer.set_epsilon(0.5)
    assert explorer.budget_if_all_published == pytest.approx(50 * 0.5)
    assert "50 × ε = 25.00" in explorer.static_html()
    assert PrivacyBudgetExplorer({"a": 3}, epsilon=1.0, n_releases=8).budget_if_all_published == 8


def test_the_explorer_says_which_library_draws_the_noise(explorer, backend):
    shown = explorer.static_html()
    if backend == "opendp":
        assert "This cell uses OpenDP 0." in shown
        assert "NumPy" not in shown
    else:
        assert (
            "In the browser (JupyterLite) OpenDP is not available: this cell uses the course's "
            "NumPy version of the same mechanism." in shown
        )
