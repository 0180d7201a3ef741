"""plot_predictive_values draws Bayes' PPV and NPV, labelled, in the course style."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from medai.evidence import predictive_values  # noqa: E402
from medai.plots import PALETTE, alt_text, plot_predictive_values  # noqa: E402


def test_curves_are_bayes_and_labelled():
    ax = plot_predictive_values(0.9, 0.95, settings={"screening": 0.01})
    ppv, npv = ax.get_lines()[:2]
    assert (ppv.get_label(), npv.get_label()) == ("PPV", "NPV")
    x = np.asarray(ppv.get_xdata())
    expected = [predictive_values(0.9, 0.95, p) for p in x[::40]]
    np.testing.assert_allclose(np.asarray(ppv.get_ydata())[::40], [v.ppv for v in expected])
    np.testing.assert_allclose(np.asarray(npv.get_ydata())[::40], [v.npv for v in expected])
    assert ppv.get_color() == PALETTE[0] and npv.get_linestyle() == "--"
    assert ax.get_xscale() == "log" and "Prevalence" in ax.get_xlabel()
    assert "1%" in [t.get_text() for t in ax.get_xticklabels()]
    assert any(t.get_text() == "screening" for t in ax.texts)
    description = alt_text(ax)
    assert "PPV" in description and "Sensitivity 90%" in description
    plt.close("all")


def test_without_settings_only_the_two_curves_are_drawn():
    _, ax = plt.subplots()
    plot_predictive_values(0.8, 0.8, settings={}, ax=ax)
    assert len(ax.get_lines()) == 2
    ppv = ax.get_lines()[0].get_ydata()
    assert ppv[0] < 0.01 and ppv[-1] == pytest.approx(predictive_values(0.8, 0.8, 0.9).ppv)
    plt.close("all")
