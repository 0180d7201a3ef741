"""HumanAITeamExplorer: it shows medai.teams' numbers and its controls work together.

Keyboard use, display and speed, common to every explorer: test_widgets_common.py."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from medai.datasets import make_fracture_triage_cohort
from medai.teams import _BAD_BAND, _BAD_POLICY, POLICIES, team_outcomes
from medai.widgets import HumanAITeamExplorer
from medai.widgets.human_ai_team import _UNKNOWN_CONTROL


@pytest.fixture(scope="module")
def cohort():
    frame = make_fracture_triage_cohort(2000, random_state=1).frame
    return frame["fracture"].to_numpy(), frame["ai_score"].to_numpy()


@pytest.fixture
def explorer(cohort):
    return HumanAITeamExplorer(*cohort)


def sliders(explorer):
    return {
        s.description: s for s in explorer.widget.children if isinstance(s, widgets.FloatSlider)
    }


@pytest.mark.parametrize("policy", list(POLICIES))
def test_results_are_the_team_arithmetic(cohort, explorer, policy):
    y, s = cohort
    values = {"threshold": 0.3, "low": 0.04, "high": 0.6, "trust": 0.4}
    explorer.set(policy=policy, reader_sensitivity=0.9, reader_specificity=0.8, **values)
    expected = team_outcomes(y, s, policy, reader_sensitivity=0.9, reader_specificity=0.8, **values)
    assert explorer.result == expected
    alone = team_outcomes(y, s, "reader_alone", reader_sensitivity=0.9, reader_specificity=0.8)
    assert explorer.baselines["reader_alone"] == alone
    html = explorer._repr_mimebundle_()["text/html"]
    assert f"{expected.missed_per_1000:.1f}" in html and "Radiologist reads" in html


def test_only_the_sliders_a_policy_uses_are_shown(explorer):
    explorer.set(policy="deferral")
    shown = {d for d, s in sliders(explorer).items() if s.layout.display != "none"}
    assert shown == {
        "Radiologist's sensitivity", "Radiologist's specificity", "Rule out below",
        "Flag at or above",
    }  # fmt: skip
    explorer.set(policy="concurrent")
    shown = {d for d, s in sliders(explorer).items() if s.layout.display != "none"}
    assert "Trust in the tool" in shown and "Rule out below" not in shown


def test_moving_a_control_updates_and_keeps_low_below_high(explorer):
    controls = sliders(explorer)
    dropdown = next(c for c in explorer.widget.children if isinstance(c, widgets.Dropdown))
    dropdown.value = "triage"
    assert explorer.policy == "triage"
    before = explorer.result
    controls["Tool's threshold"].value = 0.02
    assert explorer.result.reads_per_1000 > before.reads_per_1000
    dropdown.value = "deferral"
    controls["Flag at or above"].value = 0.5
    controls["Rule out below"].value = 0.7  # past high: high follows
    assert controls["Flag at or above"].value == 0.7
    assert explorer.result.reads_per_1000 == 0.0  # an empty band: nobody reads
    controls["Flag at or above"].value = 0.3  # below low: low follows
    assert controls["Rule out below"].value == 0.3


def test_controls_are_keyboard_widgets_without_continuous_update(explorer):
    all_sliders = list(sliders(explorer).values())
    assert len(all_sliders) == 6
    assert all(s.continuous_update is False for s in all_sliders)
    assert all(s.step <= 0.05 for s in all_sliders)  # arrow keys move in small steps


def test_bad_values_are_refused_and_leave_the_controls_as_they_were(explorer):
    before = explorer.settings
    with pytest.raises(ValueError, match=_UNKNOWN_CONTROL):
        explorer.set(autopilot=True)
    with pytest.raises(ValueError, match=_BAD_POLICY):
        explorer.set(policy="autopilot")
    with pytest.raises(ValueError, match=_BAD_BAND):
        explorer.set(low=0.9, high=0.1)
    assert explorer.settings == before
    assert "HumanAITeamExplorer(policy='deferral'" in repr(explorer)
