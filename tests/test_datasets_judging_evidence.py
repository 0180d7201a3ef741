"""Generator of module 2: a vendor's claim that does not hold at a lower prevalence."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from sklearn.calibration import CalibratedClassifierCV
from sklearn.frozen import FrozenEstimator
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

from medai.datasets import SCREENING_FEATURES, make_screening_audit
from medai.datasets.judging_evidence import VENDOR_CLAIM, VENDOR_SEED

ROOT = Path(__file__).parents[1]
#: How the brochure reads, in the chapter and in the assignment: one claim in the whole module.
BROCHURE = (
    f"Sensitivity {100 * VENDOR_CLAIM['sensitivity']:.1f} %, specificity "
    f"{100 * VENDOR_CLAIM['specificity']:.1f} %, AUC {VENDOR_CLAIM['auc']}, validated on "
    f"{VENDOR_CLAIM['n_patients']:,} CT scans"
)


def test_make_screening_audit():
    bunch = make_screening_audit(3000, random_state=3)
    frame = bunch.frame
    assert list(frame.columns) == [
        "patient_id", *SCREENING_FEATURES, "ai_score", "ai_positive", "fracture", "subtle",
    ]  # fmt: skip
    assert bunch.target_name == "fracture" and bunch.feature_names == SCREENING_FEATURES
    # The flag is the vendor's threshold on its score, and the score is the model's.
    assert (frame["ai_positive"] == (frame["ai_score"] >= bunch.threshold)).all()
    model_score = bunch.model.predict_proba(frame[SCREENING_FEATURES])[:, 1]
    np.testing.assert_allclose(frame["ai_score"], model_score, atol=5e-5)
    assert frame.loc[frame["subtle"] == 1, "fracture"].eq(1).all()


def test_the_vendor_claim_does_not_hold_locally():
    # What the lesson relies on, on a large cohort: the claim is measured on an enriched,
    # clear-cut set; locally the prevalence is lower, sensitivity and AUC fall, specificity
    # stays, and the score over-predicts risk.
    bunch = make_screening_audit(40_000, random_state=0)
    frame, claim = bunch.frame, bunch.claim
    assert claim["sensitivity"] >= 0.93 and claim["auc"] >= 0.96
    assert 0.25 <= claim["prevalence"] <= 0.35
    y, flag = frame["fracture"], frame["ai_positive"]
    assert y.mean() == pytest.approx(0.04, abs=0.005)
    assert flag[y == 1].mean() < claim["sensitivity"] - 0.1
    assert flag[y == 0].eq(0).mean() == pytest.approx(claim["specificity"], abs=0.03)
    assert roc_auc_score(y, frame["ai_score"]) < claim["auc"] - 0.04
    assert frame["ai_score"].mean() - y.mean() > 0.03
    # Without subtle cases, sensitivity is close to the claim: the spectrum is the cause.
    clear = make_screening_audit(40_000, subtle_fraction=0.0, random_state=0).frame
    assert clear["ai_positive"][clear["fracture"] == 1].mean() == pytest.approx(
        claim["sensitivity"], abs=0.04
    )


def test_the_assignment_states_the_claim_the_generator_makes():
    # The assignment's setup and its hidden tests type the vendor's claim in; it must be the
    # claim of the cohort it ships (tests/assignment_cases/judging_evidence.py).
    claim = make_screening_audit(2_500, random_state=VENDOR_SEED).claim
    assert claim == dict(VENDOR_CLAIM)
    notebook = ROOT / "assignments" / "judging_evidence"
    cells = json.loads((notebook / "judging_evidence.ipynb").read_text(encoding="utf-8"))["cells"]
    setup = "".join(
        next(c for c in cells if c["metadata"]["nbgrader"]["grade_id"] == "setup")["source"]
    )
    stated = (
        f'VENDOR_CLAIM = {{"sensitivity": {claim["sensitivity"]}, "specificity": '
        f'{claim["specificity"]}, "auc": {claim["auc"]}, "prevalence": {claim["prevalence"]}}}'
    )
    assert stated in setup
    hidden = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert f"_bayes({claim['sensitivity']}, {claim['specificity']}, _prev)" in hidden


def _words(text: str) -> str:
    """Text with markup, line breaks and runs of spaces reduced, for searching sentences."""
    return re.sub(r"\s+", " ", text.replace("*", "").replace("> ", " ")).lower()


def test_one_vendor_claim_in_the_whole_module():
    # The course's vendor makes the claim the constant states, whatever the local cohort.
    for kwargs in (
        {"random_state": VENDOR_SEED},
        {"random_state": 7, "vendor_random_state": VENDOR_SEED},
    ):
        bunch = make_screening_audit(2_500, **kwargs)
        assert bunch.claim == dict(VENDOR_CLAIM)
    shipped = make_screening_audit(2_500, random_state=VENDOR_SEED).frame
    notebook_cohort = make_screening_audit(
        2_500, random_state=7, vendor_random_state=VENDOR_SEED
    ).frame
    assert not shipped.equals(notebook_cohort)  # same vendor, another hospital
    # The chapter and the assignment print the same brochure; the notebook uses the constant.
    chapter = _words((ROOT / "book" / "judging_evidence.md").read_text(encoding="utf-8"))
    cells = json.loads(
        (ROOT / "assignments" / "judging_evidence" / "judging_evidence.ipynb").read_text(
            encoding="utf-8"
        )
    )["cells"]
    assignment = _words("".join("".join(c["source"]) for c in cells))
    assert _words(BROCHURE) in chapter and _words(BROCHURE) in assignment
    notebook = (ROOT / "notebooks" / "judging_evidence.md").read_text(encoding="utf-8")
    assert "vendor_random_state=VENDOR_SEED" in notebook and "VENDOR_CLAIM" in notebook
    # No other version of the vendor's figures survives anywhere.
    for stale in ("sensitivity 94%", "specificity 91%", "ppv 82%", "94 %, specificity 91"):
        assert stale not in chapter and stale not in assignment, stale


def test_a_fixed_cut_off_flags_other_patients_after_recalibration():
    # The notebook's recalibration, with its seeds: the ranking stays, but the vendor's
    # cut-off, applied to the recalibrated score, flags far fewer patients and misses more.
    audit = make_screening_audit(2_500, random_state=7, vendor_random_state=VENDOR_SEED)
    local = audit.frame
    x_fit, x_eval, y_fit, y_eval = train_test_split(
        local[audit.feature_names],
        local["fracture"],
        test_size=0.5,
        stratify=local["fracture"],
        random_state=0,
    )
    delivered = audit.model.predict_proba(x_eval)[:, 1]
    recalibrated = (
        CalibratedClassifierCV(FrozenEstimator(audit.model), method="sigmoid")
        .fit(x_fit, y_fit)
        .predict_proba(x_eval)[:, 1]
    )
    y = y_eval.to_numpy()
    assert roc_auc_score(y, recalibrated) == pytest.approx(roc_auc_score(y, delivered))
    before, after = delivered >= audit.threshold, recalibrated >= audit.threshold
    assert after.sum() < before.sum() / 2
    assert after[y == 1].mean() < before[y == 1].mean() - 0.1
    # Flagging as many patients as before, by rank, gives back the same decisions.
    same_count = recalibrated >= np.sort(recalibrated)[::-1][before.sum() - 1]
    assert (same_count == before).mean() > 0.99


def test_the_assignment_verdicts_are_the_ones_the_instructor_page_gives():
    # The shipped cohort judged against the committee's minimums with the module's rule
    # (medai.evidence.judge_against_minimum): one figure of each kind, and the score
    # over-predicts (answer B of the part without code).
    from medai.evidence import calibration_in_the_large, judge_against_minimum, proportion_ci

    frame = make_screening_audit(2_500, random_state=VENDOR_SEED).frame
    y, flag = frame["fracture"].to_numpy(), frame["ai_positive"].to_numpy()
    counts = {
        "sensitivity": (((y == 1) & (flag == 1)).sum(), (y == 1).sum()),
        "specificity": (((y == 0) & (flag == 0)).sum(), (y == 0).sum()),
        "ppv": (((y == 1) & (flag == 1)).sum(), (flag == 1).sum()),
        "npv": (((y == 0) & (flag == 0)).sum(), (flag == 0).sum()),
    }
    minimums = {"sensitivity": 0.85, "specificity": 0.85, "ppv": 0.20, "npv": 0.98}
    verdicts = {
        name: judge_against_minimum(proportion_ci(int(k), int(n)), minimums[name])
        for name, (k, n) in counts.items()
    }
    assert verdicts == {
        "sensitivity": "not good enough",
        "specificity": "good enough",
        "ppv": "collect more data",
        "npv": "good enough",
    }
    assert calibration_in_the_large(y, frame["ai_score"]) > 0.02
