"""medai.privacy, checked against examples small enough to count by hand.

The differential privacy helpers run twice: with OpenDP, and with the course's NumPy version
that replaces it in the browser (``backend`` fixture). The NumPy version's own checks (its
noise, its exact error bound against OpenDP's) and the runs without OpenDP installed are in
``test_privacy_fallback.py``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from medai import privacy
from medai.privacy import (
    _BAD_DIGITS,
    _BAD_EPSILON,
    _BAD_K,
    _BAD_PRIOR,
    _BAD_WIDTH,
    _EMPTY_TABLE,
    _NO_CATEGORIES,
    _NO_QUASI_IDENTIFIERS,
    _UNKNOWN_CATEGORY,
    _UNKNOWN_COLUMN,
    age_band,
    count_error_bound,
    count_measurement,
    counts_by_category_measurement,
    dp_count,
    dp_counts_by_category,
    equivalence_class_sizes,
    k_anonymity,
    l_diversity,
    laplace_count_scale,
    link_unique_matches,
    max_posterior,
    membership_advantage,
    reidentification_risk,
    sequential_composition,
    suppress_small_classes,
    truncate_postcode,
)

QI = ["area", "sex"]


@pytest.fixture
def table() -> pd.DataFrame:
    # Classes on (area, sex): (75, F) rows 0-2, (75, M) rows 3-4, (69, F) row 5.
    # Diagnoses: (75, F) has 2 distinct, (75, M) has 1 (homogeneous), (69, F) has 1.
    return pd.DataFrame(
        {
            "area": ["75", "75", "75", "75", "75", "69"],
            "sex": ["F", "F", "F", "M", "M", "F"],
            "diagnosis": ["flu", "HIV", "flu", "asthma", "asthma", "flu"],
        },
        index=[10, 11, 12, 13, 14, 15],
    )


def test_equivalence_class_sizes_by_hand(table):
    sizes = equivalence_class_sizes(table, QI)
    assert list(sizes.index) == [10, 11, 12, 13, 14, 15]
    assert list(sizes) == [3, 3, 3, 2, 2, 1]


def test_k_and_l_by_hand(table):
    assert k_anonymity(table, QI) == 1
    assert k_anonymity(table, ["area"]) == 1  # the 69 area has one row
    assert k_anonymity(table, ["sex"]) == 2  # M: 2 rows, F: 4 rows
    assert l_diversity(table, QI, "diagnosis") == 1
    assert l_diversity(table.loc[[10, 11, 12]], QI, "diagnosis") == 2
    # k-anonymous is not l-diverse: drop the lone row, k = 2 but (75, M) all have asthma
    kept = table.drop(index=15)
    assert k_anonymity(kept, QI) == 2 and l_diversity(kept, QI, "diagnosis") == 1


def test_missing_values_form_their_own_class():
    frame = pd.DataFrame({"area": ["75", None, None], "sex": ["F", "F", "F"]})
    assert list(equivalence_class_sizes(frame, QI)) == [1, 2, 2]


def test_suppress_small_classes_by_hand(table):
    kept = suppress_small_classes(table, QI, 2)
    assert list(kept.index) == [10, 11, 12, 13, 14]
    assert list(suppress_small_classes(table, QI, 3).index) == [10, 11, 12]
    assert suppress_small_classes(table, QI, 4).empty
    assert k_anonymity(suppress_small_classes(table, QI, 3), QI) >= 3


def test_generalisation_by_hand():
    assert list(age_band([0, 9, 10, 47, 89])) == ["0-9", "0-9", "10-19", "40-49", "80-89"]
    assert list(age_band([47, 20], width=20)) == ["40-59", "20-39"]
    assert list(age_band([47], width=1)) == ["47"]
    assert list(truncate_postcode(["75013", "69001", 1000], 2)) == ["75***", "69***", "01***"]
    assert list(truncate_postcode(["75013"], 0)) == ["*****"]
    assert list(truncate_postcode(["75013"], 5)) == ["75013"]


def test_reidentification_risk_by_hand(table):
    risk = reidentification_risk(table, QI)
    assert risk["max_risk"] == 1.0
    # 3 rows at 1/3, 2 rows at 1/2, 1 row at 1: (1 + 1 + 1) / 6 = 3 classes / 6 rows
    assert risk["average_risk"] == pytest.approx(0.5)
    assert risk["unique_rows"] == 1


def test_link_unique_matches_by_hand(table):
    public = pd.DataFrame(
        {
            "name": ["Ana", "Bo", "Cy", "Di"],
            "area": ["69", "75", "75", "75"],
            "sex": ["F", "M", "M", "F"],
        }
    )
    linked = link_unique_matches(table, public, QI)
    # only (69, F) is unique in the release and matches exactly one person (Ana);
    # (75, M) is a class of two and matches two people.
    assert list(linked.index) == [15]
    assert linked.loc[15, "name"] == "Ana" and linked.loc[15, "diagnosis"] == "flu"
    # a unique released row that matches two people on the public list is not linked
    assert link_unique_matches(table, pd.concat([public, public.iloc[:1]]), QI).empty


def test_errors_have_clear_messages(table):
    with pytest.raises(ValueError, match=re.escape(_NO_QUASI_IDENTIFIERS)):
        k_anonymity(table, [])
    with pytest.raises(KeyError, match=re.escape(_UNKNOWN_COLUMN)):
        k_anonymity(table, ["zip"])
    with pytest.raises(ValueError, match=re.escape(_EMPTY_TABLE)):
        k_anonymity(table.iloc[:0], QI)
    with pytest.raises(ValueError, match=re.escape(_EMPTY_TABLE)):
        l_diversity(table.iloc[:0], QI, "diagnosis")
    with pytest.raises(ValueError, match=re.escape(_BAD_WIDTH)):
        age_band([40], width=0)
    with pytest.raises(ValueError, match=re.escape(_BAD_DIGITS)):
        truncate_postcode(["75013"], 6)
    with pytest.raises(ValueError, match=re.escape(_BAD_K)):
        suppress_small_classes(table, QI, 0)
    with pytest.raises(ValueError, match=re.escape(_BAD_EPSILON)):
        laplace_count_scale(0)
    with pytest.raises(ValueError, match=re.escape(_BAD_EPSILON)):
        dp_count([True], -1.0)


@pytest.mark.parametrize("epsilon", [0.1, 0.5, 1.0, 2.0])
def test_laplace_count_scale_is_one_over_epsilon(backend, epsilon):
    # a count has sensitivity 1, so OpenDP calibrates the noise scale to 1 / epsilon
    assert laplace_count_scale(epsilon) == pytest.approx(1 / epsilon, rel=1e-6)


def test_dp_count_is_noisy_and_centred(backend):
    # OpenDP's noise cannot be seeded: test properties that hold with overwhelming
    # probability. Scale 1 (epsilon 1): P(|noise| > 30) = exp(-30) per draw.
    values = [True] * 40 + [False] * 60
    draws = np.array([dp_count(values, 1.0) for _ in range(400)])
    assert np.all(np.abs(draws - 40) <= 30)
    assert len(set(draws)) > 1  # it is noisy
    # mean of 400 draws: sd of one draw ~1.4, of the mean ~0.07; 1 is > 10 sd
    assert abs(draws.mean() - 40) < 1.0
    # larger epsilon, smaller spread: sd ~14 at epsilon 0.1 against ~1.4 at epsilon 1
    wide = np.array([dp_count(values, 0.1) for _ in range(400)])
    assert wide.std() > 3 * draws.std()


def test_membership_advantage_overfitted_vs_regularised():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 5))
    y = (X[:, 0] + rng.normal(scale=1.5, size=600) > 0).astype(int)
    X_in, y_in, X_out, y_out = X[:300], y[:300], X[300:], y[300:]
    tree = DecisionTreeClassifier(random_state=0).fit(X_in, y_in)
    logistic = LogisticRegression(C=0.1).fit(X_in, y_in)
    leaky = membership_advantage(tree, X_in, y_in, X_out, y_out)
    safe = membership_advantage(logistic, X_in, y_in, X_out, y_out)
    # the unpruned tree is certain on every training patient and wrong on many others
    assert leaky > 0.2
    assert safe < 0.15
    assert 0.0 <= safe <= 1.0 and 0.0 <= leaky <= 1.0


def test_membership_advantage_by_hand():
    class Fixed:
        classes_ = np.array([0, 1])

        def __init__(self, proba_of_one):
            self.p = np.asarray(proba_of_one, dtype=float)

        def predict_proba(self, X):
            p = self.p[np.asarray(X).ravel()]
            return np.column_stack([1 - p, p])

    # members (rows 0, 1) get confidence 0.9 in their label, others (2, 3) 0.6 and 0.95:
    # the best threshold (0.9) catches both members and one non-member: TPR 1 - FPR 0.5
    model = Fixed([0.9, 0.1, 0.6, 0.95])
    advantage = membership_advantage(model, [[0], [1]], [1, 0], [[2], [3]], [1, 1])
    assert advantage == pytest.approx(0.5)


MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]


def test_counts_by_category_cost_one_epsilon_whatever_the_number_of_categories(backend):
    # Parallel composition: one person changes one monthly count, so twelve counts cost
    # what one does. The privacy map certifies it; twelve separate counts of the same people
    # cost twelve times as much (sequential composition).
    for epsilon in (0.5, 1.0):
        assert counts_by_category_measurement(MONTHS, 1 / epsilon).map(1) == pytest.approx(epsilon)
        assert counts_by_category_measurement(MONTHS[:2], 1 / epsilon).map(1) == pytest.approx(
            epsilon
        )
    one_count = count_measurement(1.0)
    assert one_count.map(1) == pytest.approx(1.0)
    assert one_count.map(3) == pytest.approx(3.0)  # three people more or less
    year = sequential_composition([one_count] * 12)
    assert year.map(1) == pytest.approx(12.0)
    assert sequential_composition([one_count, count_measurement(0.5)]).map(1) == pytest.approx(3.0)
    releases = year([True] * 40)
    assert len(releases) == 12 and all(abs(r - 40) <= 30 for r in releases)


def test_the_mechanisms_are_opendps_where_it_is_installed(backend):
    # With OpenDP, the helpers hand out OpenDP's own objects; without, the NumPy version's,
    # whose repr says they are not OpenDP's.
    made = [
        count_measurement(1.0),
        counts_by_category_measurement(MONTHS, 1.0),
        sequential_composition([count_measurement(1.0)] * 2),
    ]
    for measurement in made:
        from_opendp = type(measurement).__module__.startswith("opendp")
        assert from_opendp is (backend == "opendp")
        assert ("not OpenDP" in repr(measurement)) is (backend == "numpy")


@pytest.mark.parametrize(("scale", "expected"), [(2.0, 6.4296), (1.0, 3.3756), (10.0, 30.4448)])
def test_count_error_bound(backend, scale, expected):
    # 2 q^a / (1 + q) = 0.05 with q = e^(-1/scale); at scale 2 (epsilon 0.5): the chapter's 6.4
    assert count_error_bound(scale) == pytest.approx(expected, abs=1e-4)
    assert count_error_bound(scale, 0.01) > count_error_bound(scale)


def test_dp_library_note_says_which_library_runs(backend):
    note = privacy.dp_library_note()
    if backend == "opendp":
        assert note.startswith("This cell uses OpenDP 0.")
    else:
        assert note.startswith("In the browser (JupyterLite) OpenDP is not available")
        assert "NumPy version of the same mechanism" in note


def test_dp_counts_by_category_are_noisy_counts_around_the_truth(backend):
    values = ["2025-01"] * 30 + ["2025-03"] * 5
    draws = pd.DataFrame([dp_counts_by_category(values, MONTHS, 1.0) for _ in range(300)])
    assert list(draws.columns) == MONTHS
    truth = pd.Series(0, index=MONTHS)
    truth["2025-01"], truth["2025-03"] = 30, 5
    # scale 1: each mean of 300 draws is within 0.5 of its count (sd of a mean ~0.08)
    assert (np.abs(draws.mean() - truth) < 0.5).all()
    assert draws.nunique().min() > 1  # every count is noisy
    assert (np.abs(draws - truth) <= 30).all().all()  # P(|noise| > 30) ~ exp(-30)


def test_dp_counts_by_category_refuses_bad_input():
    with pytest.raises(ValueError, match=re.escape(_NO_CATEGORIES)):
        dp_counts_by_category(["a"], [], 1.0)
    with pytest.raises(ValueError, match=re.escape(_NO_CATEGORIES)):
        dp_counts_by_category(["a"], ["a", "a"], 1.0)
    with pytest.raises(ValueError, match=re.escape(_UNKNOWN_CATEGORY)):
        dp_counts_by_category(["a", "z"], ["a", "b"], 1.0)
    with pytest.raises(ValueError, match=re.escape(_BAD_EPSILON)):
        dp_counts_by_category(["a"], ["a"], 0.0)


def test_max_posterior_by_hand_and_against_the_laplace_mechanism():
    # From 50 %: e^eps / (1 + e^eps)
    assert max_posterior(0.5, 0.1) == pytest.approx(0.52498, abs=1e-5)
    assert max_posterior(0.5, 1.0) == pytest.approx(0.73106, abs=1e-5)
    assert max_posterior(0.5, 5.0) == pytest.approx(0.99331, abs=1e-5)
    assert np.allclose(max_posterior(0.01, [0.1, 1.0]), [0.011040, 0.026724], atol=1e-6)
    # The bound is reached by the discrete Laplace mechanism of a count: an attacker who
    # sees a release k <= n and weighs "the patient is in (count n+1)" against "not (n)"
    # has likelihood ratio exactly e^eps, hence the posterior above, never more.
    for epsilon in (0.1, 1.0, 5.0):
        scale, n, ks = 1 / epsilon, 10, np.arange(-20, 40)
        # discrete Laplace probabilities, up to a constant that cancels in the ratio
        ratio = np.exp(-np.abs(ks - (n + 1)) / scale) / np.exp(-np.abs(ks - n) / scale)
        posterior = 0.5 * ratio / (0.5 * ratio + 0.5)
        assert posterior.max() == pytest.approx(max_posterior(0.5, epsilon))
    with pytest.raises(ValueError, match=re.escape(_BAD_PRIOR)):
        max_posterior(1.0, 1.0)
    with pytest.raises(ValueError, match=re.escape(_BAD_EPSILON)):
        max_posterior(0.5, -1.0)
