"""Generator of module 1: radiographs with an AI fracture score and the reference diagnosis.

What every generator promises (shape, seeds, DESCR, refused arguments) is in
test_datasets_common.py; here, what this one is tuned to and what the module relies on."""

from __future__ import annotations

import numpy as np
import pytest
from pandas.testing import assert_frame_equal
from scipy.stats import norm
from sklearn.metrics import precision_score, recall_score, roc_auc_score

from medai.datasets import make_fracture_triage_cohort


def test_make_fracture_triage_cohort():
    bunch = make_fracture_triage_cohort(4000, random_state=3)
    frame = bunch.frame
    assert list(frame.columns) == ["radiograph_id", "split", "ai_score", "fracture"]
    assert bunch.target_name == "fracture" and bunch.score_name == "ai_score"
    assert frame["radiograph_id"].is_unique
    assert set(frame["split"]) == {"validation", "test"}
    assert set(frame["fracture"]) == {0, 1}
    assert frame["ai_score"].between(0, 1).all()
    assert "Kuo et al" in bunch.DESCR
    # The notebook prints the DESCR up to its list of columns: what the cohort imitates.
    assert bunch.DESCR.split("**Columns.**")[0].rstrip().endswith("is reported.")
    # The detector calibrated at the cohort's own prevalence is the default.
    assert bunch.score_prevalence == bunch.prevalence == 0.2
    assert_frame_equal(
        frame, make_fracture_triage_cohort(4000, score_prevalence=0.2, random_state=3).frame
    )


def test_one_detector_keeps_its_sensitivity_at_another_prevalence():
    # The detector calibrated in the emergency department (20 %), used at 2 %: at a fixed
    # threshold, sensitivity and specificity are those of the same detector, the PPV is not.
    threshold, separation = 0.5, 2.68
    common = make_fracture_triage_cohort(200_000, prevalence=0.2, random_state=0)
    rare = make_fracture_triage_cohort(
        200_000, prevalence=0.02, score_prevalence=0.2, random_state=1
    )
    assert rare.score_prevalence == 0.2 and rare.prevalence == 0.02
    # Where the score equals the threshold, on the latent reading (equal-variance binormal):
    cut = (separation**2 / 2 - np.log(threshold / (1 - threshold) * 0.2 / 0.8)) / separation
    expected_sensitivity = norm.sf(cut - separation)  # 0.795
    expected_specificity = norm.cdf(cut)  # 0.968
    ppv = {}
    for name, bunch in (("common", common), ("rare", rare)):
        y = bunch.frame["fracture"]
        flags = (bunch.frame["ai_score"] >= threshold).astype(int)
        # Four standard errors of a proportion on the ~4,000 fractures of the rare cohort.
        se = np.sqrt(expected_sensitivity * (1 - expected_sensitivity) / y.sum())
        assert abs(recall_score(y, flags) - expected_sensitivity) < 4 * se, name
        assert abs(recall_score(y, flags, pos_label=0) - expected_specificity) < 0.005, name
        ppv[name] = precision_score(y, flags)
    assert ppv["common"] > 0.8 and ppv["rare"] < 0.4
    # Without score_prevalence each cohort gets its own detector: sensitivity drops at 2 %.
    own = make_fracture_triage_cohort(200_000, prevalence=0.02, random_state=1).frame
    own_flags = (own["ai_score"] >= threshold).astype(int)
    assert recall_score(own["fracture"], own_flags) < expected_sensitivity - 0.2


def test_the_cohort_matches_the_figures_it_is_tuned_to():
    # What the lesson relies on, on a large cohort: the prevalence asked for, a good but
    # imperfect detector (sensitivity = specificity = 91 % at the midpoint, AUC about 0.97),
    # a calibrated score, and half of the radiographs in each split.
    bunch = make_fracture_triage_cohort(40_000, prevalence=0.2, random_state=0)
    frame = bunch.frame
    y, score = frame["fracture"], frame["ai_score"]
    assert abs(y.mean() - 0.2) < 0.01
    assert abs(roc_auc_score(y, score) - bunch.expected_auc) < 0.005
    assert 0.96 < bunch.expected_auc < 0.98
    # At the midpoint of the readings, the score equals the prevalence.
    flags = (score >= 0.2).astype(int)
    assert abs(recall_score(y, flags) - 0.91) < 0.015
    assert abs(recall_score(y, flags, pos_label=0) - 0.91) < 0.015
    assert abs(score.mean() - y.mean()) < 0.01  # calibrated in the large
    assert abs((frame["split"] == "validation").mean() - 0.5) < 0.01
    # A worse detector separates less.
    worse = make_fracture_triage_cohort(40_000, separation=1.0, random_state=0).frame
    assert roc_auc_score(worse["fracture"], worse["ai_score"]) < 0.8


def test_the_assignment_table_without_code_has_one_right_row():
    # Part 3 of the assignment (no code): the table's five thresholds on the shipped
    # validation radiographs, and the figures the instructor page and the model answer quote.
    data = make_fracture_triage_cohort(2_000, prevalence=0.2, random_state=2027).frame
    val = data[data["split"] == "validation"]
    fracture = val["fracture"].to_numpy() == 1
    rows = {}
    for letter, cut in {"A": 0.05, "B": 0.10, "C": 0.20, "D": 0.30, "E": 0.50}.items():
        flagged = val["ai_score"].to_numpy() >= cut
        rows[letter] = {
            "sensitivity": (flagged & fracture).sum() / fracture.sum(),
            "missed": 1000 * (~flagged & fracture).sum() / len(val),
            "false_alarms": 1000 * (flagged & ~fracture).sum() / len(val),
        }
    meets_goal = [letter for letter, row in rows.items() if row["sensitivity"] >= 0.95]
    assert min(meets_goal, key=lambda letter: rows[letter]["false_alarms"]) == "B"
    assert rows["B"]["sensitivity"] == pytest.approx(0.965, abs=5e-4)
    assert round(rows["B"]["missed"]) == 7 and round(rows["B"]["false_alarms"]) == 114
    # The tempting rows: C has fewer false alarms but misses the goal; E is the default.
    assert rows["C"]["sensitivity"] == pytest.approx(0.925, abs=5e-4)
    assert round(rows["C"]["missed"]) == 15
    assert rows["E"]["sensitivity"] == pytest.approx(0.83, abs=5e-3)
