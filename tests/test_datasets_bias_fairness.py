"""Generators of module 4: the published rates they imitate, and what the module relies on.

What every generator promises (shape, seeds, DESCR, refused arguments) is in
test_datasets_common.py."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from medai.datasets import (
    make_care_programme_triage,
    make_cost_proxy_cohort,
    make_pulse_oximetry_cohort,
    make_underrepresented_cohort,
)
from medai.datasets.bias_fairness import FRENCH_AUDIT_GROUPS, make_french_care_programme_triage
from medai.metrics import per_group_metrics


def test_make_pulse_oximetry_cohort_reproduces_the_occult_hypoxaemia_rates():
    # Sjoding et al. 2020: SaO2 < 88 % among readings with SpO2 92-96 %,
    # 11.7 % in Black and 3.6 % in White patients. Tolerance: 1.5 percentage points.
    frame = make_pulse_oximetry_cohort(200_000, random_state=0).frame
    normal_looking = frame[frame["spo2"].between(92, 96)]
    rates = normal_looking.groupby("group")["sao2"].apply(lambda s: (s < 88).mean())
    assert rates["Black"] == pytest.approx(0.117, abs=0.015)
    assert rates["White"] == pytest.approx(0.036, abs=0.015)
    assert (frame["group"] == "Black").mean() == pytest.approx(0.17, abs=0.01)


def test_make_pulse_oximetry_cohort_columns_agree():
    frame = make_pulse_oximetry_cohort(5_000, random_state=1).frame
    assert frame["spo2"].between(50, 100).all()
    expected = ((frame["sao2"] < 88) & (frame["spo2"] >= 92)).astype(int)
    assert (frame["occult_hypoxaemia"] == expected).all()


def test_make_cost_proxy_cohort_reproduces_table_1():
    # Obermeyer et al. 2019, Table 1: 1.20 vs 1.90 active chronic illnesses; mean cost
    # ratio $8,442 / $7,540 = 1.12; 12.3 % Black patients. Tolerances as stated here.
    frame = make_cost_proxy_cohort(200_000, random_state=0).frame
    means = frame.groupby("group")[["chronic_conditions", "cost"]].mean()
    assert means.loc["White", "chronic_conditions"] == pytest.approx(1.20, abs=0.08)
    assert means.loc["Black", "chronic_conditions"] == pytest.approx(1.90, abs=0.08)
    assert means.loc["White", "cost"] == pytest.approx(7_540, rel=0.05)
    assert means.loc["Black", "cost"] / means.loc["White", "cost"] == pytest.approx(1.12, abs=0.05)
    assert (frame["group"] == "Black").mean() == pytest.approx(0.123, abs=0.005)


def test_make_cost_proxy_cohort_cost_understates_need_for_black_patients():
    frame = make_cost_proxy_cohort(100_000, random_state=2).frame
    black_share = {}
    for ranking in ("cost", "chronic_conditions"):
        top = frame[frame[ranking] >= frame[ranking].quantile(0.97)]
        black_share[ranking] = (top["group"] == "Black").mean()
    # Direction of the paper's 17.7 % vs 46.5 %, with a clear margin.
    assert black_share["chronic_conditions"] > black_share["cost"] + 0.10
    # The proxy label flags as many patients as the clinical target.
    assert frame["high_cost"].mean() == pytest.approx(frame["high_need"].mean(), abs=0.002)


def test_make_cost_proxy_cohort_label_bias_comes_from_the_access_gap():
    def capture(access_factor: float) -> pd.Series:
        """Share of high-need patients whom the high-cost label captures, per group."""
        frame = make_cost_proxy_cohort(100_000, access_factor=access_factor, random_state=2).frame
        return frame[frame["high_need"] == 1].groupby("group")["high_cost"].mean()

    equal_access, wide_gap = capture(1.0), capture(0.5)
    # Without the gap the label serves Black patients at least as well (they are sicker).
    assert equal_access["Black"] >= equal_access["White"] - 0.01
    assert wide_gap["White"] - wide_gap["Black"] > 0.15


def test_make_care_programme_triage_fills_capacity_and_misses_more_black_patients():
    bunch = make_care_programme_triage(random_state=0)
    frame = bunch.frame
    test = frame[frame["split"] == "test"]
    assert (frame.loc[frame["split"] == "train", "flagged"] == 0).all()
    assert test["flagged"].mean() == pytest.approx(bunch.capacity, abs=0.002)
    fnr = per_group_metrics(test["high_need"], test["flagged"], test["group"]).by_group[
        "false_negative_rate"
    ]
    assert fnr["Black"] - fnr["White"] > 0.15
    assert "group" not in bunch.feature_names


def test_make_underrepresented_cohort_share_prevalence_and_gap():
    bunch = make_underrepresented_cohort(20_000, random_state=0)
    frame = bunch.frame
    assert (frame["group"] == "minority").mean() == pytest.approx(0.05, abs=0.006)
    assert frame.groupby("group")["disease"].mean().to_numpy() == pytest.approx(
        [0.3, 0.3], abs=0.03
    )

    def auc_by_group(frame: pd.DataFrame) -> pd.Series:
        X, y = frame[bunch.feature_names], frame["disease"]
        score = LogisticRegression().fit(X, y).predict_proba(X)[:, 1]
        return (
            pd.Series(score, index=frame.index)
            .groupby(frame["group"])
            .apply(lambda s: roc_auc_score(y[s.index], s))
        )

    rare = auc_by_group(frame)
    assert rare["majority"] - rare["minority"] > 0.15
    balanced = auc_by_group(
        make_underrepresented_cohort(20_000, minority_fraction=0.5, random_state=0).frame
    )
    assert abs(balanced["majority"] - balanced["minority"]) < 0.05


@pytest.fixture(scope="module")
def large_french():
    bunch = make_french_care_programme_triage(200_000, random_state=0)
    return bunch.frame.join(bunch.unrecorded), bunch


def test_make_french_care_programme_triage_records_no_ethnic_origin_and_its_groups():
    bunch = make_french_care_programme_triage(2_000, random_state=3)
    frame = bunch.frame
    assert bunch.audit_groups == FRENCH_AUDIT_GROUPS
    assert set(FRENCH_AUDIT_GROUPS) <= set(frame.columns)
    assert "group" not in frame.columns and "individually_deprived" not in frame.columns
    assert set(frame["sex"]) == {"F", "M"}
    assert set(frame["age_band"]) == {"18-44", "45-64", "65+"}
    assert set(frame["territory"]) == {"metropolitan", "overseas"}
    # FDep was built for mainland France: overseas patients have no quintile.
    overseas = frame["territory"] == "overseas"
    assert frame.loc[overseas, "fdep_quintile"].isna().all()
    assert set(frame.loc[~overseas, "fdep_quintile"]) == {"Q1", "Q2", "Q3", "Q4", "Q5"}
    assert list(bunch.unrecorded.index) == list(frame.index)
    bands = pd.cut(frame["age"], [0, 44, 64, 200], labels=["18-44", "45-64", "65+"])
    assert (bands.astype(str) == frame["age_band"]).all()
    test = frame[frame["split"] == "test"]
    assert test["flagged"].mean() == pytest.approx(bunch.capacity, abs=0.002)
    assert not set(FRENCH_AUDIT_GROUPS) & set(bunch.feature_names)


def test_make_french_care_programme_triage_reproduces_its_tuned_figures(large_french):
    frame, _ = large_french
    mainland = frame[frame["territory"] == "metropolitan"]
    quintile = mainland["fdep_quintile"].str[1].astype(int)
    # 20 % of mainland patients per quintile (quintiles of the population, Rey et al. 2009).
    assert mainland["fdep_quintile"].value_counts(normalize=True).to_numpy() == pytest.approx(
        [0.2] * 5, abs=0.01
    )
    # The quintile tells individually deprived patients apart with an AUC of about 0.70
    # (Bryere et al. 2017).
    assert roc_auc_score(mainland["individually_deprived"], quintile) == pytest.approx(
        0.70, abs=0.02
    )
    # Mean chronic illnesses, Q5 / Q1: 1.7 for women and 1.3 for men (treated diabetes,
    # Sante publique France, 2012); overseas / mainland: 2 (diabetes, BEH 2023).
    means = mainland.groupby(["sex", "fdep_quintile"])["chronic_conditions"].mean()
    assert means["F", "Q5"] / means["F", "Q1"] == pytest.approx(1.7, abs=0.08)
    assert means["M", "Q5"] / means["M", "Q1"] == pytest.approx(1.3, abs=0.08)
    by_territory = frame.groupby("territory")["chronic_conditions"].mean()
    assert by_territory["overseas"] / by_territory["metropolitan"] == pytest.approx(2.0, abs=0.1)
    assert (frame["territory"] == "overseas").mean() == pytest.approx(0.15, abs=0.005)


def _miss_rates(frame: pd.DataFrame, column: str) -> pd.Series:
    needy = frame[(frame["split"] == "test") & (frame["high_need"] == 1)]
    return 1 - needy.groupby(column)["flagged"].mean()


def test_french_audit_shows_the_gaps_the_chapter_describes(large_french):
    # The chapter and notebook say: deprived communes and overseas patients are missed more,
    # young high-need patients too; women and men alike (ratios 0.8-1.25 hold for sex only).
    frame, _ = large_french
    ratio = {c: _miss_rates(frame, c).max() / _miss_rates(frame, c).min() for c in
             FRENCH_AUDIT_GROUPS}  # fmt: skip
    assert ratio["sex"] < 1.1
    assert ratio["fdep_quintile"] > 1.3 and ratio["territory"] > 1.3 and ratio["age_band"] > 1.3
    assert _miss_rates(frame, "fdep_quintile").idxmax() == "Q5"
    assert _miss_rates(frame, "territory").idxmax() == "overseas"


def test_french_area_proxy_understates_the_gap_of_individually_deprived_patients(large_french):
    frame, _ = large_french
    mainland = frame[frame["territory"] == "metropolitan"]
    by_area = _miss_rates(mainland, "fdep_quintile")
    by_person = _miss_rates(mainland, "individually_deprived")
    proxy_ratio, true_ratio = by_area["Q5"] / by_area["Q1"], by_person[1] / by_person[0]
    assert proxy_ratio > 1.25
    assert true_ratio > proxy_ratio + 0.3


@pytest.mark.parametrize("seed", [1, 2027])
def test_french_cohorts_of_the_notebook_and_assignment_show_the_same_audit(seed):
    # Seeds used by the notebook (1) and the assignment's french_cohort.csv (2027): the
    # chapter describes their audit in words.
    bunch = make_french_care_programme_triage(random_state=seed)
    frame = bunch.frame.join(bunch.unrecorded)
    rates = {c: _miss_rates(frame, c) for c in FRENCH_AUDIT_GROUPS}
    ratio = {c: r.max() / r.min() for c, r in rates.items()}
    assert ratio["sex"] < 1.25
    assert min(ratio["fdep_quintile"], ratio["territory"], ratio["age_band"]) > 1.25
    assert rates["fdep_quintile"].idxmax() == "Q5"
    assert rates["territory"].idxmax() == "overseas"
    assert rates["age_band"].idxmax() == "18-44"
    mainland = frame[frame["territory"] == "metropolitan"]
    by_area = _miss_rates(mainland, "fdep_quintile")
    by_person = _miss_rates(mainland, "individually_deprived")
    assert by_person[1] / by_person[0] > by_area["Q5"] / by_area["Q1"] > 1.25


def test_french_notebook_cohort_figures_quoted_in_the_chapter():
    # "the most deprived quintile is missed about 1.3 times as often as the least deprived,
    # while individually deprived patients [...] are missed more than 1.7 times as often"
    bunch = make_french_care_programme_triage(random_state=1)
    mainland = bunch.frame.join(bunch.unrecorded).query("territory == 'metropolitan'")
    by_area = _miss_rates(mainland, "fdep_quintile")
    by_person = _miss_rates(mainland, "individually_deprived")
    assert by_area["Q5"] / by_area["Q1"] == pytest.approx(1.3, abs=0.07)
    assert by_person[1] / by_person[0] > 1.7


def test_the_no_code_table_of_the_assignment_is_what_the_french_cohort_gives():
    # Part 6 of assignments/bias_fairness prints a table in words (no code); its numbers, and
    # the ratios its statements and the instructor's rubric quote, come from this cohort.
    import nbformat

    root = Path(__file__).parents[1]
    notebook = nbformat.read(root / "assignments/bias_fairness/bias_fairness.ipynb", 4)
    (part,) = (c.source for c in notebook.cells if c.metadata["nbgrader"]["grade_id"] == "part-6")
    rubric = (root / "book/instructor/bias_fairness.md").read_text()
    bunch = make_french_care_programme_triage(random_state=2027)
    frame = bunch.frame.join(bunch.unrecorded)
    needy = frame.query("split == 'test' and territory == 'metropolitan' and high_need == 1")
    rows = {
        "Commune in FDep quintile Q1 (least deprived)": needy["fdep_quintile"] == "Q1",
        "Commune in FDep quintile Q5 (most deprived)": needy["fdep_quintile"] == "Q5",
        "Not individually deprived (study)": needy["individually_deprived"] == 0,
        "Individually deprived (study)": needy["individually_deprived"] == 1,
    }
    rates = {}
    for label, selected in rows.items():
        group = needy[selected]
        missed = int((group["flagged"] == 0).sum())
        rates[label] = missed / len(group)
        assert (
            f"| {label} | {len(group)} | {missed} | {rates[label]:.1%} |".replace("%", " %") in part
        )
    labels = list(rows)
    area, person = rates[labels[1]] / rates[labels[0]], rates[labels[3]] / rates[labels[2]]
    assert f"{area:.2f} times" in part and f"about {person:.1f} times" in part
    assert f"(a ratio of {area:.2f})" in rubric and f"(a ratio of about {person:.1f})" in rubric
