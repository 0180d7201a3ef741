"""PrevalenceExplorer: Bayes' numbers as the prevalence moves, and its controls.

Keyboard use, display and speed, common to every explorer: test_widgets_common.py."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from medai.evidence import natural_frequencies, predictive_values
from medai.widgets import PRESETS, PrevalenceExplorer
from medai.widgets.prevalence import _PREVALENCE_OUT_OF_RANGE, _UNKNOWN_PRESET


@pytest.fixture
def explorer():
    return PrevalenceExplorer(sensitivity=0.9, specificity=0.95, prevalence=0.01)


def _controls(explorer, kind):
    return [c for c in explorer.widget.children if isinstance(c, kind)]


def test_results_are_bayes_at_the_current_prevalence(explorer):
    expected = predictive_values(0.9, 0.95, 0.01)
    assert explorer.ppv == pytest.approx(expected.ppv)
    assert explorer.npv == pytest.approx(expected.npv)
    assert explorer.table.equals(natural_frequencies(0.9, 0.95, 0.01))


def test_screening_to_specialist_raises_ppv_and_lowers_npv(explorer):
    explorer.set_setting("Screening (1 in 100)")
    screening = (explorer.ppv, explorer.npv)
    explorer.set_setting("Specialist clinic (1 in 3)")
    assert explorer.prevalence == pytest.approx(PRESETS["Specialist clinic (1 in 3)"])
    assert explorer.ppv > 0.85 > 0.2 > screening[0]
    assert explorer.npv < screening[1]
    assert "PPV" in explorer._repr_mimebundle_()["text/html"]


def test_moving_a_slider_updates_the_results(explorer):
    prevalence = _controls(explorer, widgets.FloatLogSlider)[0]
    prevalence.value = 0.2
    assert explorer.ppv == pytest.approx(predictive_values(0.9, 0.95, 0.2).ppv)
    assert explorer.setting.startswith("Custom")  # no preset at 20 %
    sensitivity, specificity = _controls(explorer, widgets.FloatSlider)
    specificity.value = 0.8
    assert explorer.ppv == pytest.approx(predictive_values(0.9, 0.8, 0.2).ppv)
    assert explorer.table.loc["Total", "Total"] == 10_000


def test_the_dropdown_moves_the_prevalence_slider(explorer):
    dropdown = _controls(explorer, widgets.Dropdown)[0]
    dropdown.value = "General hospital (1 in 20)"
    assert _controls(explorer, widgets.FloatLogSlider)[0].value == pytest.approx(0.05)
    assert explorer.ppv == pytest.approx(predictive_values(0.9, 0.95, 0.05).ppv)


def test_controls_are_keyboard_widgets_without_continuous_update(explorer):
    sliders = _controls(explorer, widgets.FloatLogSlider) + _controls(explorer, widgets.FloatSlider)
    assert len(sliders) == 3
    assert all(s.continuous_update is False for s in sliders)
    assert len(_controls(explorer, widgets.Dropdown)) == 1


def test_bad_values_are_refused(explorer):
    with pytest.raises(ValueError, match=_UNKNOWN_PRESET):
        explorer.set_setting("Moon base")
    with pytest.raises(ValueError, match=_PREVALENCE_OUT_OF_RANGE):
        explorer.set_prevalence(0.95)
    with pytest.raises(ValueError, match=_PREVALENCE_OUT_OF_RANGE):
        PrevalenceExplorer(prevalence=0.0)
