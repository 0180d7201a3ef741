"""medai.teams: the team arithmetic agrees with a simulation of the reading, policy by policy."""

from __future__ import annotations

import numpy as np
import pytest

from medai.datasets import make_fracture_triage_cohort
from medai.teams import (
    _BAD_BAND,
    _BAD_POLICY,
    _BAD_PROBABILITY,
    _LENGTH_MISMATCH,
    _NOT_BINARY,
    POLICIES,
    deferral_decisions,
    team_outcomes,
)

SE, SP = 0.9, 0.85


@pytest.fixture(scope="module")
def cohort():
    frame = make_fracture_triage_cohort(600, random_state=3).frame
    return frame["fracture"].to_numpy(), frame["ai_score"].to_numpy()


def simulate(y, s, policy, *, threshold=0.5, low=0.1, high=0.9, trust=0.5, runs=400, seed=0):
    """Read the cohort `runs` times with a radiologist who errs at random; mean counts."""
    rng = np.random.default_rng(seed)
    n = len(y)
    missed, alarms, reads = [], [], []
    for _ in range(runs):
        reader = np.where(y == 1, rng.random(n) < SE, rng.random(n) >= SP)
        tool = s >= threshold
        if policy == "reader_alone":
            call, read = reader, np.ones(n, bool)
        elif policy == "tool_alone":
            call, read = tool, np.zeros(n, bool)
        elif policy == "second_reader":
            call, read = reader | tool, np.ones(n, bool)
        elif policy == "triage":
            call, read = tool & reader, tool
        elif policy == "deferral":
            read = (s >= low) & (s < high)
            call = (s >= high) | (read & reader)
        else:
            follows = rng.random(n) < trust
            call, read = np.where(follows, tool, reader), np.ones(n, bool)
        missed.append(((y == 1) & ~call).sum())
        alarms.append(((y == 0) & call).sum())
        reads.append(read.sum())
    return [1000 * np.mean(v) / n for v in (missed, alarms, reads)]


@pytest.mark.parametrize("policy", list(POLICIES))
def test_expected_values_match_a_simulated_reading(cohort, policy):
    y, s = cohort
    options = {"threshold": 0.3, "low": 0.05, "high": 0.7, "trust": 0.6}
    result = team_outcomes(y, s, policy, reader_sensitivity=SE, reader_specificity=SP, **options)
    missed, alarms, reads = simulate(y, s, policy, **options)
    # 400 readings of 600 radiographs: the simulated means are within about 1 per 1,000
    assert result.missed_per_1000 == pytest.approx(missed, abs=1.5)
    assert result.false_alarms_per_1000 == pytest.approx(alarms, abs=2.5)
    assert result.reads_per_1000 == pytest.approx(reads)
    fractures = y.sum()
    assert result.sensitivity == pytest.approx(
        1 - result.missed_per_1000 * len(y) / 1000 / fractures
    )


def test_a_hand_worked_deferral():
    # scores: flagged (fracture), ruled out (none), read (none), read (fracture)
    result = team_outcomes(
        [1, 0, 0, 1], [0.95, 0.05, 0.5, 0.4], "deferral",
        reader_sensitivity=0.9, reader_specificity=0.8, low=0.1, high=0.9,
    )  # fmt: skip
    assert result.reads_per_1000 == 500.0
    assert result.missed_per_1000 == pytest.approx(1000 * 0.1 / 4)
    assert result.false_alarms_per_1000 == pytest.approx(1000 * 0.2 / 4)
    assert result.sensitivity == pytest.approx((1 + 0.9) / 2)
    assert result.specificity == pytest.approx((1 + 0.8) / 2)
    assert list(result.as_dict()) == [
        "missed_per_1000", "false_alarms_per_1000", "reads_per_1000", "sensitivity",
        "specificity",
    ]  # fmt: skip


def test_the_policies_are_limits_of_one_another(cohort):
    y, s = cohort
    kw = {"reader_sensitivity": SE, "reader_specificity": SP}
    alone = team_outcomes(y, s, "reader_alone", **kw)
    tool = team_outcomes(y, s, "tool_alone", threshold=0.4, **kw)
    # a band from 0 to 1 defers everything (no score reaches 1 here); an empty band leaves
    # the tool alone
    everything = team_outcomes(y, s * 0.999, "deferral", low=0.0, high=1.0, **kw)
    assert everything == alone
    assert team_outcomes(y, s, "deferral", low=0.4, high=0.4, **kw) == tool
    assert team_outcomes(y, s, "concurrent", trust=0.0, threshold=0.4, **kw) == alone
    full_trust = team_outcomes(y, s, "concurrent", trust=1.0, threshold=0.4, **kw)
    assert full_trust.missed_per_1000 == pytest.approx(tool.missed_per_1000)
    assert full_trust.reads_per_1000 == 1000.0 and tool.reads_per_1000 == 0.0
    # a second reader can only add positives; a rule-out can only remove them and reads less
    second = team_outcomes(y, s, "second_reader", threshold=0.4, **kw)
    triage = team_outcomes(y, s, "triage", threshold=0.05, **kw)
    assert second.missed_per_1000 < alone.missed_per_1000 < triage.missed_per_1000
    assert second.false_alarms_per_1000 > alone.false_alarms_per_1000
    assert triage.reads_per_1000 < alone.reads_per_1000 == 1000.0


def test_deferral_decisions_put_the_boundaries_where_documented():
    got = deferral_decisions([0.0, 0.099, 0.1, 0.5, 0.899, 0.9, 1.0], 0.1, 0.9)
    assert got.tolist() == ["rule_out", "rule_out", "read", "read", "read", "flag", "flag"]
    assert deferral_decisions([0.2, 0.3], 0.3, 0.3).tolist() == ["rule_out", "flag"]


def test_an_empty_cohort_gives_zero_per_1000_and_undefined_rates():
    result = team_outcomes([], [], "reader_alone", reader_sensitivity=SE, reader_specificity=SP)
    assert result.missed_per_1000 == result.reads_per_1000 == 0.0
    assert np.isnan(result.sensitivity) and np.isnan(result.specificity)


def test_bad_input_gets_a_clear_message(cohort):
    y, s = cohort
    kw = {"reader_sensitivity": SE, "reader_specificity": SP}
    with pytest.raises(ValueError, match=_BAD_POLICY):
        team_outcomes(y, s, "autopilot", **kw)
    with pytest.raises(ValueError, match=_BAD_PROBABILITY):
        team_outcomes(y, s, "triage", threshold=1.5, **kw)
    with pytest.raises(ValueError, match=_BAD_PROBABILITY):
        team_outcomes(y, s, "reader_alone", reader_sensitivity=90, reader_specificity=SP)
    with pytest.raises(ValueError, match=_BAD_BAND):
        team_outcomes(y, s, "deferral", low=0.8, high=0.2, **kw)
    with pytest.raises(ValueError, match=_BAD_BAND):
        deferral_decisions(s, 0.8, 0.2)
    with pytest.raises(ValueError, match=_LENGTH_MISMATCH):
        team_outcomes(y[:-1], s, "reader_alone", **kw)
    with pytest.raises(ValueError, match=_NOT_BINARY):
        team_outcomes(y * 2, s, "reader_alone", **kw)
