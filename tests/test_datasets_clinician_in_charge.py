"""make_reader_study: the published automation-bias figures come back, and the design holds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from medai.datasets import EXPERIENCE_LEVELS, PUBLISHED_ACCURACY, make_reader_study
from medai.datasets.clinician_in_charge import level_parameters


def accuracy_table(frame: pd.DataFrame) -> pd.DataFrame:
    table = frame.groupby(["experience", "ai_correct"])["reader_correct"].mean().unstack()
    return table.rename(columns={1: "accuracy_ai_correct", 0: "accuracy_ai_wrong"})


def test_shape_columns_and_design():
    study = make_reader_study(27, random_state=0)
    frame = study.frame
    assert frame.shape == (27 * 40, 5)
    assert list(frame.columns) == [
        "reader_id", "experience", "case_id", "ai_correct", "reader_correct",
    ]  # fmt: skip
    assert frame["reader_id"].nunique() == 27 and frame["case_id"].nunique() == 40
    # every reader reads every case once, and the AI is wrong on the same 12 cases for all
    assert not frame.duplicated(["reader_id", "case_id"]).any()
    wrong_cases = frame.loc[frame["ai_correct"] == 0].groupby("reader_id")["case_id"].agg(frozenset)
    assert wrong_cases.nunique() == 1 and len(wrong_cases.iloc[0]) == 12
    assert frame.groupby("experience")["reader_id"].nunique().to_dict() == dict.fromkeys(
        EXPERIENCE_LEVELS, 9
    )
    assert set(frame["reader_correct"]) <= {0, 1}
    assert study.target_name == "reader_correct" and "Dratsch" in study.DESCR
    assert study.published.equals(PUBLISHED_ACCURACY)


def test_many_readers_reproduce_the_published_accuracies():
    frame = make_reader_study(3000, random_state=1).frame
    table = accuracy_table(frame)[list(PUBLISHED_ACCURACY.columns)]
    np.testing.assert_allclose(table.to_numpy(), PUBLISHED_ACCURACY.to_numpy(), atol=0.02)
    drop = table["accuracy_ai_correct"] - table["accuracy_ai_wrong"]
    assert drop.is_monotonic_decreasing  # the most experienced are dragged down least


def test_without_spread_the_model_reproduces_the_published_pair_exactly():
    params = level_parameters()
    implied_right = params["trust"] + (1 - params["trust"]) * params["accuracy_alone"]
    implied_wrong = (1 - params["trust"]) * params["accuracy_alone"]
    assert implied_right.to_numpy() == pytest.approx(PUBLISHED_ACCURACY["accuracy_ai_correct"])
    assert implied_wrong.to_numpy() == pytest.approx(PUBLISHED_ACCURACY["accuracy_ai_wrong"])
    readers = make_reader_study(6, reader_spread=0.0, random_state=2).readers
    assert readers.groupby("experience")["trust"].nunique().eq(1).all()


@pytest.mark.parametrize(("wrong_fraction", "n_wrong"), [(0.5, 5), (0.01, 1), (0.99, 9)])
def test_the_wrong_fraction_is_respected_with_one_right_and_one_wrong_case(wrong_fraction, n_wrong):
    frame = make_reader_study(9, n_cases=10, wrong_fraction=wrong_fraction, random_state=5).frame
    per_reader = frame.groupby("reader_id")["ai_correct"].sum()
    assert (per_reader == 10 - n_wrong).all()
