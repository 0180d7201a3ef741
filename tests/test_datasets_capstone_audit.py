"""Generator of the capstone: a vendor's dossier, and a local cohort where the audit finds
that the claim does not hold, and where and for whom the tool fails."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from medai.datasets import make_fracture_audit
from medai.datasets.capstone_audit import (
    AGE_BANDS,
    AUDIT_COLUMNS,
    DEVICES,
    DOSSIER_COLUMNS,
    SITES,
    THRESHOLD,
)
from medai.evidence import (
    COLLECT_MORE_DATA,
    GOOD_ENOUGH,
    NOT_GOOD_ENOUGH,
    calibration_summary,
    judge_against_minimum,
    predictive_values,
    proportion_ci,
)

NOTEBOOK = Path(__file__).parents[1] / "assignments" / "capstone_audit" / "capstone_audit.ipynb"


def _sensitivity(frame: pd.DataFrame) -> float:
    return float(frame.loc[frame["fracture"] == 1, "ai_positive"].mean())


def _specificity(frame: pd.DataFrame) -> float:
    return float(1 - frame.loc[frame["fracture"] == 0, "ai_positive"].mean())


def _verdict(frame: pd.DataFrame, minimum: float) -> str:
    """The committee's conclusion on the sensitivity of ``frame`` (module 2's rule)."""
    found = frame.loc[frame["fracture"] == 1, "ai_positive"]
    return judge_against_minimum(proportion_ci(int(found.sum()), len(found)), minimum)


@pytest.fixture(scope="module")
def large() -> pd.DataFrame:
    return make_fracture_audit(200_000, random_state=0).frame


def test_make_fracture_audit_columns_and_types():
    bunch = make_fracture_audit(1_000, random_state=3)
    frame = bunch.frame
    assert list(frame.columns) == AUDIT_COLUMNS
    assert set(frame["site"]) <= set(SITES) and set(frame["device"]) <= set(DEVICES)
    assert set(frame["age_band"]) <= set(AGE_BANDS) and set(frame["sex"]) <= {"F", "M"}
    assert set(frame["deprivation_quintile"]) <= {1, 2, 3, 4, 5}
    # Each device belongs to its site, each site to its territory.
    assert (frame["device"].map(DEVICES) == frame["site"]).all()
    assert (frame["site"].map(SITES) == frame["territory"]).all()
    # The flag is the vendor's threshold on its score.
    assert bunch.threshold == THRESHOLD
    assert (frame["ai_positive"] == (frame["ai_score"] >= THRESHOLD)).all()
    assert frame["ai_score"].between(0, 1).all() and set(frame["fracture"]) <= {0, 1}
    # What French data may hold: no column of ethnic or racial origin.
    assert not [c for c in frame.columns if "ethnic" in c or "race" in c or "origin" in c]
    description = bunch.DESCR.lower()
    for phrase in ("fdep", "article 9"):
        assert phrase in description


def test_the_dossier_is_text_and_states_the_claim():
    bunch = make_fracture_audit(500, random_state=8)
    dossier = bunch.dossier
    assert list(dossier.columns) == DOSSIER_COLUMNS and dossier.shape == (18, 3)
    assert all(isinstance(v, str) for v in dossier.to_numpy().ravel())
    items = dict(zip(dossier["item"], dossier["value"], strict=True))
    for metric in ("sensitivity", "specificity", "auc", "prevalence"):
        assert float(items[metric]) == bunch.claim[metric]
    assert float(items["threshold"]) == THRESHOLD
    assert {"intended_use", "regulatory_status", "processing_location", "retention"} <= set(items)


def test_the_vendor_claim_comes_from_a_clear_cut_case_control_study():
    # Near sensitivity 0.95, specificity 0.90 and AUC 0.98 on its half-fracture set, whatever
    # the seed; the claim does not depend on the local options.
    for seed in range(5):
        claim = make_fracture_audit(300, random_state=seed).claim
        assert claim["sensitivity"] == pytest.approx(0.95, abs=0.03)
        assert claim["specificity"] == pytest.approx(0.90, abs=0.035)
        assert claim["auc"] == pytest.approx(0.98, abs=0.01)
        assert claim["prevalence"] == 0.5 and claim["n_radiographs"] == 1_200
        other = make_fracture_audit(300, legacy_visibility=1.0, random_state=seed).claim
        assert other == claim


def test_locally_the_claim_does_not_hold_and_the_score_over_predicts(large):
    y, score = large["fracture"], large["ai_score"]
    assert y.mean() == pytest.approx(0.15, abs=0.005)
    assert _sensitivity(large) < 0.95 - 0.08
    assert _specificity(large) == pytest.approx(0.90, abs=0.01)
    assert roc_auc_score(y, score) < 0.98 - 0.02
    assert score.mean() - y.mean() > 0.04


def test_the_tool_fails_in_the_oldest_patients_and_on_the_legacy_device(large):
    by_age = {band: _sensitivity(g) for band, g in large.groupby("age_band")}
    assert by_age["80+"] < by_age["18-39"] - 0.15
    assert by_age["80+"] < by_age["65-79"] < by_age["40-64"] < by_age["18-39"] + 0.01
    by_device = {device: _sensitivity(g) for device, g in large.groupby("device")}
    assert by_device["CR-1"] < min(v for k, v in by_device.items() if k != "CR-1") - 0.15
    # An acquisition shift: the legacy device sees the same prevalence, specificity and ages.
    legacy, digital = large[large["device"] == "CR-1"], large[large["device"] != "CR-1"]
    assert legacy["fracture"].mean() == pytest.approx(digital["fracture"].mean(), abs=0.01)
    assert _specificity(legacy) == pytest.approx(_specificity(digital), abs=0.01)
    assert (legacy["age_band"] == "80+").mean() == pytest.approx(
        (digital["age_band"] == "80+").mean(), abs=0.01
    )
    # Women are missed more (they are older and more often osteoporotic); the overseas site
    # and the deprivation quintiles are not worse.
    assert _sensitivity(large[large["sex"] == "F"]) < _sensitivity(large[large["sex"] == "M"])
    overseas = _sensitivity(large[large["territory"] == "overseas"])
    assert overseas >= _sensitivity(large[large["territory"] == "metropolitan"])
    quintiles = [_sensitivity(g) for _, g in large.groupby("deprivation_quintile")]
    assert max(quintiles) - min(quintiles) < 0.05
    assert large.loc[large["territory"] == "overseas", "deprivation_quintile"].mean() > 3.5


def test_osteoporosis_and_the_legacy_device_are_the_causes():
    frame = make_fracture_audit(
        200_000, osteoporotic_visibility=1.0, legacy_visibility=1.0, random_state=1
    ).frame
    for column in ("age_band", "device", "sex", "territory"):
        for _, group in frame.groupby(column):
            assert _sensitivity(group) == pytest.approx(0.95, abs=0.015)


def test_the_shipped_cohort_has_the_findings_the_pages_state():
    # The figures of book/capstone_audit.md, book/instructor/capstone_audit.md and of the
    # notebook's model answer.
    bunch = make_fracture_audit(6_000, random_state=2039)
    frame = bunch.frame
    y, flag, score = frame["fracture"], frame["ai_positive"], frame["ai_score"]
    assert bunch.claim["sensitivity"] == 0.943 and bunch.claim["specificity"] == 0.88
    assert int(y.sum()) == 895 and int(flag.sum()) == 1_257 and round(y.mean(), 3) == 0.149
    assert int(flag[y == 1].sum()) == 755
    low, high = proportion_ci(755, 895)
    assert (round(_sensitivity(frame), 3), round(low, 3), round(high, 3)) == (0.844, 0.818, 0.867)
    assert _verdict(frame, 0.80) == GOOD_ENOUGH and high < 0.943
    negatives = int((y == 0).sum())
    low, high = proportion_ci(int(((y == 0) & (flag == 0)).sum()), negatives)
    assert (round(_specificity(frame), 3), round(low, 3), round(high, 3)) == (0.902, 0.893, 0.910)
    assert judge_against_minimum((low, high), 0.85) == GOOD_ENOUGH
    low, high = proportion_ci(755, 1_257)
    assert (round(755 / 1_257, 3), round(low, 3), round(high, 3)) == (0.601, 0.573, 0.628)
    assert round(float(1 - y[flag == 0].mean()), 3) == 0.970
    assert round(predictive_values(0.943, 0.88, y.mean()).ppv, 3) == 0.579
    assert round(roc_auc_score(y, score), 3) == 0.942
    calibration = calibration_summary(y, score)
    assert round(calibration["mean_predicted"], 3) == 0.205
    assert round(calibration["calibration_in_the_large"], 3) == 0.056
    assert round(calibration["brier_score"], 3) == 0.067
    # Devices and sites.
    by_device = {d: g for d, g in frame.groupby("device")}
    assert round(_sensitivity(by_device["CR-1"]), 3) == 0.660
    digital = [k for k in by_device if k != "CR-1"]
    assert [round(_sensitivity(by_device[d]), 3) for d in digital] == [0.869, 0.851, 0.877]
    assert all(0.144 <= round(g["fracture"].mean(), 3) <= 0.154 for g in by_device.values())
    assert all(0.898 <= round(_specificity(g), 3) <= 0.906 for g in by_device.values())
    assert round(_sensitivity(frame[frame["site"] == "B"]), 3) == 0.794
    # Groups.
    verdicts = {
        (column, str(value)): _verdict(group, 0.80)
        for column in ("sex", "age_band", "deprivation_quintile", "territory", "device")
        for value, group in frame.groupby(column)
    }
    assert {k for k, v in verdicts.items() if v == NOT_GOOD_ENOUGH} == {
        ("age_band", "80+"),
        ("device", "CR-1"),
    }
    uncertain = {k for k, v in verdicts.items() if v == COLLECT_MORE_DATA and k[0] != "device"}
    assert uncertain == {
        ("sex", "F"),
        ("age_band", "65-79"),
        ("deprivation_quintile", "1"),
        ("deprivation_quintile", "2"),
        ("deprivation_quintile", "4"),
    }
    oldest = frame[frame["age_band"] == "80+"]
    found = int(oldest.loc[oldest["fracture"] == 1, "ai_positive"].sum())
    low, high = proportion_ci(found, int(oldest["fracture"].sum()))
    assert (round(_sensitivity(oldest), 3), round(low, 3), round(high, 3)) == (0.731, 0.664, 0.791)
    assert round(_sensitivity(frame[frame["age_band"] == "65-79"]), 3) == 0.819
    assert round(_sensitivity(frame[frame["sex"] == "F"]), 3) == 0.797
    assert round(_sensitivity(frame[frame["sex"] == "M"]), 3) == 0.899
    share_oldest = frame.groupby("sex")["age_band"].apply(lambda s: (s == "80+").mean())
    assert round(share_oldest["F"], 2) == 0.24 and round(share_oldest["M"], 2) == 0.12

    # Second-reading policies: the model answer's, a band alone, the failing groups alone.
    def policy(low_score: float, groups: dict[str, list[str]]) -> tuple[float, float]:
        chosen = score.between(low_score, THRESHOLD, inclusive="left")
        for column, values in groups.items():
            chosen |= frame[column].isin(values)
        unchecked = ((y == 1) & (flag == 0) & ~chosen).sum() / 895
        return round(float(chosen.mean()), 3), round(float(unchecked), 3)

    failing = {"age_band": ["80+"], "device": ["CR-1"]}
    assert policy(0.15, failing) == (0.330, 0.039)
    assert policy(0.03, {}) == (0.258, 0.046)
    assert policy(1.0, failing) == (0.271, 0.070)


def test_the_assignment_states_the_claim_the_generator_makes():
    # The notebook's introduction and hidden tests type the claim in; it must be the claim of
    # the cohort it ships (tests/assignment_cases/capstone_audit.py).
    claim = make_fracture_audit(6_000, random_state=2039).claim
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    intro = "".join(cells[0]["source"])
    assert (
        f"Sensitivity {claim['sensitivity']}, specificity {claim['specificity']}, "
        f"AUC {claim['auc']}"
    ) in intro
    assert f"{THRESHOLD}" in intro
    hidden = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert f"_se, _sp = {claim['sensitivity']}, {claim['specificity']}" in hidden


def test_every_cohort_is_adult_and_prevalence_is_kept():
    frame = make_fracture_audit(50_000, prevalence=0.3, random_state=2).frame
    assert frame["fracture"].mean() == pytest.approx(0.3, abs=0.01)
    assert set(frame["age_band"]) == set(AGE_BANDS)
    assert np.isin(frame["deprivation_quintile"], [1, 2, 3, 4, 5]).all()
