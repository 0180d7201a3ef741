"""Generator of module 2: a vendor's claim that does not hold at a lower prevalence."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from sklearn.metrics import roc_auc_score

from medai.datasets import SCREENING_FEATURES, make_screening_audit
from medai.datasets.judging_evidence import BAD_N_SAMPLES, BAD_PROPORTION, BAD_SUBTLE_FRACTION


def test_make_screening_audit():
    bunch = make_screening_audit(3000, random_state=3)
    frame = bunch.frame
    # Shapes and documentation.
    assert isinstance(frame, pd.DataFrame) and frame.shape == (3000, 8)
    assert list(frame.columns) == [
        "patient_id", *SCREENING_FEATURES, "ai_score", "ai_positive", "fracture", "subtle",
    ]  # fmt: skip
    assert bunch.target_name == "fracture" and bunch.feature_names == SCREENING_FEATURES
    assert "imitates" in bunch.DESCR.lower() and "differs from reality" in bunch.DESCR.lower()
    # Determinism with a seed.
    assert_frame_equal(frame, make_screening_audit(3000, random_state=3).frame)
    assert not frame.equals(make_screening_audit(3000, random_state=4).frame)
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


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_samples": 50}, BAD_N_SAMPLES),
        ({"n_samples": 500.5}, BAD_N_SAMPLES),
        ({"prevalence": 0.0}, BAD_PROPORTION),
        ({"development_prevalence": 1.0}, BAD_PROPORTION),
        ({"subtle_fraction": 1.5}, BAD_SUBTLE_FRACTION),
    ],
)
def test_bad_input_gets_a_clear_message(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_screening_audit(**{"n_samples": 500, **kwargs}, random_state=0)


def test_the_assignment_states_the_claim_the_generator_makes():
    # The assignment's brochure and its hidden tests type the vendor's claim in; it must be
    # the claim of the cohort it ships (tests/assignment_cases/judging_evidence.py).
    claim = make_screening_audit(2_500, random_state=2034).claim
    notebook = Path(__file__).parents[1] / "assignments" / "judging_evidence"
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
    assert (
        f'{{"sensitivity": {claim["sensitivity"]}, "specificity": {claim["specificity"]}, '
        f'"auc": {claim["auc"]}}}'
    ) in hidden
