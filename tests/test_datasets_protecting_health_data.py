"""Generators of module 5: the columns, and the linkage the lesson relies on.

What every generator promises (shape, seeds, DESCR, refused arguments) is in
test_datasets_common.py."""

from __future__ import annotations

import pandas as pd
import pytest

from medai.datasets import make_patient_register, make_voter_list
from medai.datasets.protecting_health_data import (
    _NOT_A_REGISTER,
    _TOO_FEW_VOTERS,
    DIAGNOSES,
    POSTCODES,
    QUASI_IDENTIFIERS,
)
from medai.privacy import k_anonymity, link_unique_matches


def test_make_patient_register():
    bunch = make_patient_register(800, random_state=3)
    frame = bunch.frame
    assert list(frame.columns) == ["pseudonym", "postcode", "sex", "birth_date", "age", "diagnosis"]
    assert bunch.quasi_identifiers == QUASI_IDENTIFIERS and bunch.target_name == "diagnosis"
    assert set(frame["postcode"]) <= set(POSTCODES) and set(frame["sex"]) == {"F", "M"}
    assert set(frame["diagnosis"]) <= set(DIAGNOSES)
    assert frame["age"].between(20, 88).all() and frame["pseudonym"].is_unique
    # the identities are the key kept apart: one name per pseudonym
    assert list(bunch.identities["pseudonym"]) == list(frame["pseudonym"])
    # age agrees with the date of birth (on 2025-01-01)
    birth = pd.to_datetime(frame["birth_date"])
    assert ((2025 - birth.dt.year - (birth.dt.strftime("%m-%d") > "01-01")) == frame["age"]).all()
    # the property the lesson relies on: almost everyone is unique on the three attributes
    assert k_anonymity(frame, QUASI_IDENTIFIERS) == 1
    unique_share = (frame.groupby(QUASI_IDENTIFIERS)["sex"].transform("size") == 1).mean()
    assert unique_share > 0.99
    # and diabetes becomes commoner with age, so that an age analysis has something to find
    big = make_patient_register(20_000, random_state=0).frame
    diabetes = (big["diagnosis"] == "diabetes").groupby(big["age"] >= 60).mean()
    assert diabetes[True] > diabetes[False] + 0.05


def test_make_voter_list():
    register = make_patient_register(1_000, random_state=1)
    voters = make_voter_list(3_000, register=register, coverage=0.5, random_state=2)
    frame = voters.frame
    assert list(frame.columns) == ["name", *QUASI_IDENTIFIERS]
    # half the patients are on the list under their real names
    patients = register.frame.merge(register.identities, on="pseudonym")
    on_list = patients.merge(frame, on=["name", *QUASI_IDENTIFIERS])
    assert 500 <= len(on_list) <= 505  # a chance namesake at the same address and birth date
    # the linkage attack names about the patients on the list, and is almost always right
    linked = link_unique_matches(register.frame, frame, QUASI_IDENTIFIERS)
    assert 470 <= len(linked) <= 500
    truth = linked.merge(register.identities, on="pseudonym", suffixes=("", "_true"))
    assert (truth["name"] == truth["name_true"]).mean() > 0.97
    with pytest.raises(ValueError, match=_TOO_FEW_VOTERS):
        make_voter_list(100, register=register, coverage=0.5, random_state=0)
    with pytest.raises(TypeError, match=_NOT_A_REGISTER):
        make_voter_list(3_000, register=register.frame)
