"""Synthetic cohorts for module 4, "Bias and fairness".

Each generator imitates one published source of bias, is tuned to figures from the paper it
cites (see ``book/references.bib``), and says where it differs from reality. All of them
return a :class:`sklearn.utils.Bunch` whose ``frame`` is a :class:`pandas.DataFrame` with one
row per patient (or per paired reading), whatever the options.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import Bunch

__all__ = [
    "make_care_programme_triage",
    "make_cost_proxy_cohort",
    "make_pulse_oximetry_cohort",
    "make_underrepresented_cohort",
]

GROUP_COLUMN = "group"

# --- pulse oximetry --------------------------------------------------------------------
# Additive error model SpO2 = SaO2 + offset[group] + N(0, sd). With SaO2 = 99 - Gamma(2.5, 3)
# these offsets reproduce the rates of occult hypoxaemia among readings with SpO2 92-96 %
# reported by Sjoding et al. (2020): 3.6 % in White and 11.7 % in Black patients.
_POX_SAO2_GAMMA = (2.5, 3.0)
_POX_ERROR_SD = 3.5
_POX_OFFSET = {"White": 0.6, "Black": 3.45}

# --- cost as a proxy for need ----------------------------------------------------------
# Means of active chronic illnesses by group (Obermeyer et al. 2019, Table 1: 1.20 and 1.90).
_COST_MEAN_ILLNESSES = {"White": 1.20, "Black": 1.90}
# Yearly cost = access x base x (1 + cost per illness x illnesses) x a log-normal personal
# factor. The base puts White patients' mean near Table 1's $7,540; an access factor of 0.76
# for Black patients brings the ratio of mean costs near Table 1's $8,442 / $7,540 = 1.12
# although Black patients are sicker.
_COST_BASE_USD = 1_420.0
_COST_PER_ILLNESS = 3.6
_COST_ACCESS_BLACK = 0.76
# Outpatient visits scale with access (Table 1: 4.94 vs 4.31 a year) and emergency visits
# are commoner for the same illness burden (Table 1: 0.19 vs 0.35 a year).
_COST_EMERGENCY_FACTOR = {"White": 1.0, "Black": 1.4}
_HIGH_NEED_CONDITIONS = 3
# New chronic conditions in a year, as a share of a patient's yearly rate.
_NEW_CONDITIONS_SHARE = 0.15

#: Features a care-programme model sees: last year's claims and biomarkers, never the group.
TRIAGE_FEATURES = [
    "age",
    "log_prior_cost",
    "outpatient_visits",
    "emergency_visits",
    "hba1c",
    "systolic_bp",
    "creatinine",
]


def _check_fraction(name: str, value: float) -> None:
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must be strictly between 0 and 1, got {value!r}.")


def _check_n_samples(n_samples: int, minimum: int = 10) -> None:
    if int(n_samples) != n_samples or n_samples < minimum:
        raise ValueError(f"n_samples must be an integer of at least {minimum}, got {n_samples!r}.")


def _groups(
    rng: np.random.Generator, n: int, fraction: float, names: tuple[str, str]
) -> np.ndarray:
    """Draw the group of each row: ``names[1]`` with probability ``fraction``."""
    return np.where(rng.random(n) < fraction, names[1], names[0])


def make_pulse_oximetry_cohort(
    n_samples: int = 10_000,
    *,
    black_fraction: float = 0.17,
    random_state: int | np.random.Generator | None = None,
) -> Bunch:
    """Paired pulse-oximetry and arterial-blood-gas readings with a measurement bias.

    Imitates the paired readings analysed by Sjoding et al. (NEJM 2020): the pulse oximeter
    (SpO2) overestimates arterial saturation (SaO2) more in Black than in White patients,
    so a normal-looking SpO2 hides hypoxaemia more often in Black patients.

    Tuned to: among readings with SpO2 between 92 and 96 %, SaO2 < 88 % (occult
    hypoxaemia) in 11.7 % of Black and 3.6 % of White patients' readings (University of
    Michigan cohort); the default share of Black patients, 17 %, is that cohort's.

    Differs from reality: one reading per simulated patient, an additive Gaussian error of
    constant spread, and no dependence on perfusion, device or true saturation level. To
    reach the published rates with so simple a model, the offset between groups (about
    2.9 points) is larger than the mean bias difference reported in most studies; treat
    the rates, not the offset, as the imitated figures.

    Parameters
    ----------
    n_samples : int, default=10_000
        Number of readings (one per patient).
    black_fraction : float, default=0.17
        Share of readings from Black patients.
    random_state : int, numpy.random.Generator or None, default=None
        Seed or generator, for reproducible cohorts.

    Returns
    -------
    sklearn.utils.Bunch
        ``frame`` : DataFrame of shape (n_samples, 5) with columns ``group`` ("Black" or
        "White"), ``sao2`` (arterial saturation, %, the reference), ``spo2`` (pulse
        oximeter, %, integer), ``hypoxaemia`` (1 if SaO2 < 88 %), ``occult_hypoxaemia``
        (1 if SaO2 < 88 % while SpO2 >= 92 %);
        ``target_name`` : "hypoxaemia"; ``group_name`` : "group"; ``DESCR`` : this text.
    """
    _check_n_samples(n_samples)
    _check_fraction("black_fraction", black_fraction)
    rng = np.random.default_rng(random_state)
    group = _groups(rng, n_samples, black_fraction, ("White", "Black"))
    shape, scale = _POX_SAO2_GAMMA
    # Rounded like a blood-gas report, before any flag is derived from it.
    sao2 = np.clip(99.0 - rng.gamma(shape, scale, n_samples), 60.0, 100.0).round(1)
    offset = np.where(group == "Black", _POX_OFFSET["Black"], _POX_OFFSET["White"])
    spo2 = np.clip(np.round(sao2 + offset + rng.normal(0.0, _POX_ERROR_SD, n_samples)), 50, 100)
    hypoxaemia = (sao2 < 88.0).astype(int)
    frame = pd.DataFrame(
        {
            GROUP_COLUMN: group,
            "sao2": sao2,
            "spo2": spo2.astype(int),
            "hypoxaemia": hypoxaemia,
            "occult_hypoxaemia": ((sao2 < 88.0) & (spo2 >= 92)).astype(int),
        }
    )
    return Bunch(
        frame=frame,
        target_name="hypoxaemia",
        group_name=GROUP_COLUMN,
        DESCR=make_pulse_oximetry_cohort.__doc__,
    )


def make_cost_proxy_cohort(
    n_samples: int = 10_000,
    *,
    black_fraction: float = 0.123,
    access_factor: float = _COST_ACCESS_BLACK,
    random_state: int | np.random.Generator | None = None,
) -> Bunch:
    """Patients whose future cost is a biased proxy for their health need.

    Imitates the population of Obermeyer et al. (Science 2019): a commercial algorithm
    ranked patients for a care-management programme by predicted cost. Because less is
    spent on Black patients at the same level of illness, cost understates their need.

    Tuned to Table 1 of the paper: 12.3 % Black patients (6,079 of 49,618); on average
    1.90 active chronic illnesses in Black and 1.20 in White patients; mean yearly cost
    only about 1.12 times higher in Black patients despite their greater illness burden;
    fewer outpatient and more emergency visits in Black patients. As in the paper, the
    share of Black patients among the top 3 % ranked by cost is far below their share
    among the top 3 % ranked by illness (17.7 % vs 46.5 % in the paper, after its
    simulated correction); here the direction holds, the exact figures do not.

    Differs from reality: two groups only; illness is a Poisson count with a Gamma
    frailty; costs are log-normal with one access factor per group; no insurance,
    region, age structure or comorbidity pattern beyond the count.

    Parameters
    ----------
    n_samples : int, default=10_000
        Number of patients.
    black_fraction : float, default=0.123
        Share of Black patients.
    access_factor : float, default=0.76
        Spending on a Black patient relative to a White patient with the same illnesses
        (also scales outpatient visits). The default reproduces Table 1's ratio of mean
        costs; lower values widen the access gap, 1 removes it.
    random_state : int, numpy.random.Generator or None, default=None
        Seed or generator, for reproducible cohorts.

    Returns
    -------
    sklearn.utils.Bunch
        ``frame`` : DataFrame of shape (n_samples, 13) with columns ``patient_id``,
        ``group`` ("Black" or "White"), the features in ``feature_names`` (``age``,
        ``log_prior_cost``, ``outpatient_visits``, ``emergency_visits``, ``hba1c`` (%),
        ``systolic_bp`` (mmHg), ``creatinine`` (mg/dl)), ``chronic_conditions`` (active
        chronic illnesses next year), ``cost`` (next year's cost, USD), ``high_need``
        (1 if at least 3 chronic illnesses: the clinical target) and ``high_cost`` (1 if
        the cost is among the highest, at the same rate as ``high_need``: the proxy
        label);
        ``feature_names`` : list of str; ``target_name`` : "high_need";
        ``proxy_name`` : "high_cost"; ``group_name`` : "group"; ``DESCR`` : this text.
    """
    _check_n_samples(n_samples)
    _check_fraction("black_fraction", black_fraction)
    if not 0.0 < access_factor <= 1.0:
        raise ValueError(f"access_factor must be in (0, 1], got {access_factor!r}.")
    rng = np.random.default_rng(random_state)
    n = n_samples
    group = _groups(rng, n, black_fraction, ("White", "Black"))
    black = group == "Black"

    def by_group(values: dict[str, float]) -> np.ndarray:
        return np.where(black, values["Black"], values["White"])

    age = np.clip(rng.normal(50.0, 14.0, n), 18.0, 90.0)
    # Illness burden: a persistent frailty times an age gradient, centred on the group mean.
    frailty = rng.gamma(1.5, 1 / 1.5, n)
    age_gradient = np.exp(0.02 * (age - 50.0)) / np.exp((0.02 * 14.0) ** 2 / 2)
    # Conditions accumulate: next year's count (the one Table 1 reports) is last year's plus
    # new ones; dividing the rate keeps next year's mean at Table 1's.
    rate = by_group(_COST_MEAN_ILLNESSES) * frailty * age_gradient / (1 + _NEW_CONDITIONS_SHARE)
    conditions_last_year = rng.poisson(rate)
    conditions = conditions_last_year + rng.poisson(_NEW_CONDITIONS_SHARE * rate)

    # Spending: a base plus a cost per illness, times access; a persistent personal level
    # makes prior cost the best predictor of future cost, as it is in real claims data.
    access = by_group({"White": 1.0, "Black": access_factor})
    personal = rng.normal(0.0, 0.6, n)

    def yearly_cost(illnesses: np.ndarray) -> np.ndarray:
        lognormal = np.exp(personal + rng.normal(0.0, 0.4, n) - (0.6**2 + 0.4**2) / 2)
        return access * _COST_BASE_USD * (1.0 + _COST_PER_ILLNESS * illnesses) * lognormal

    prior_cost = yearly_cost(conditions_last_year)
    cost = yearly_cost(conditions)
    outpatient = rng.poisson(access * (3.0 + 1.5 * conditions_last_year))
    emergency = rng.poisson(by_group(_COST_EMERGENCY_FACTOR) * (0.08 + 0.09 * conditions_last_year))
    # Biomarkers reflect illness, not access: this is what a better label can use.
    hba1c = 5.6 + 0.3 * conditions_last_year + rng.normal(0, 0.35, n)
    systolic_bp = 119.0 + 6.0 * conditions_last_year + rng.normal(0, 12.0, n)
    creatinine = 0.8 + 0.08 * conditions_last_year + rng.normal(0, 0.12, n)

    high_need = (conditions >= _HIGH_NEED_CONDITIONS).astype(int)
    # The proxy label flags as many patients as the clinical target does, by cost.
    cost_cut = np.quantile(cost, 1.0 - high_need.mean())
    frame = pd.DataFrame(
        {
            "patient_id": [f"P{i:05d}" for i in range(n)],
            GROUP_COLUMN: group,
            "age": age.round().astype(int),
            "log_prior_cost": np.log(prior_cost).round(3),
            "outpatient_visits": outpatient,
            "emergency_visits": emergency,
            "hba1c": hba1c.round(2),
            "systolic_bp": systolic_bp.round().astype(int),
            "creatinine": np.clip(creatinine, 0.3, None).round(2),
            "chronic_conditions": conditions,
            "cost": cost.round(0),
            "high_need": high_need,
            "high_cost": (cost >= cost_cut).astype(int),
        }
    )
    return Bunch(
        frame=frame,
        feature_names=list(TRIAGE_FEATURES),
        target_name="high_need",
        proxy_name="high_cost",
        group_name=GROUP_COLUMN,
        DESCR=make_cost_proxy_cohort.__doc__,
    )


def make_care_programme_triage(
    n_samples: int = 10_000,
    *,
    black_fraction: float = 0.3,
    access_factor: float = 0.5,
    capacity: float = 0.15,
    test_size: float = 0.5,
    random_state: int | np.random.Generator | None = None,
) -> Bunch:
    """A cost-trained triage model for a care programme, with the cohort it is audited on.

    Draws a cohort with :func:`make_cost_proxy_cohort`, splits it into a training and a
    test half, trains the "vendor" model (standardised logistic regression on
    ``TRIAGE_FEATURES``) to predict the proxy label ``high_cost``, scores every patient,
    and flags the ``capacity`` share of the test patients with the highest scores, as a
    programme with a fixed number of places would.

    The model never sees the group, yet it misses more high-need Black patients: the bias
    comes from the label. What it imitates and how it differs from reality: see
    :func:`make_cost_proxy_cohort`.

    Parameters
    ----------
    n_samples : int, default=10_000
        Number of patients.
    black_fraction : float, default=0.3
        Share of Black patients: higher than in the paper's population, as in a hospital
        serving a more diverse area, so that per-group rates are measured on enough patients.
    access_factor : float, default=0.5
        Spending on a Black patient relative to a White patient with the same illnesses.
        Lower than the 0.76 that reproduces the paper's Table 1: this hospital's access gap
        is wider, so that the harm is large enough to measure on a class-sized cohort.
        With 0.76 the gap in missed high-need patients is a few points, same direction.
    capacity : float, default=0.15
        Share of patients the programme can enrol.
    test_size : float, default=0.5
        Share of patients in the test split.
    random_state : int, numpy.random.Generator or None, default=None
        Seed or generator, for reproducible cohorts.

    Returns
    -------
    sklearn.utils.Bunch
        ``frame`` : the cohort's DataFrame plus ``split`` ("train" or "test"),
        ``risk_score`` (the vendor's predicted probability of high cost) and ``flagged``
        (1 for the test patients the programme enrols; 0 in the training split);
        ``model`` : the fitted scikit-learn pipeline; ``threshold`` : the score cut-off
        that fills the capacity; plus the fields of :func:`make_cost_proxy_cohort`.
    """
    _check_fraction("capacity", capacity)
    _check_fraction("test_size", test_size)
    rng = np.random.default_rng(random_state)
    cohort = make_cost_proxy_cohort(
        n_samples, black_fraction=black_fraction, access_factor=access_factor, random_state=rng
    )
    frame = cohort.frame
    is_test = rng.permutation(n_samples) < round(test_size * n_samples)
    frame.insert(2, "split", np.where(is_test, "test", "train"))

    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    train = frame[~is_test]
    model.fit(train[cohort.feature_names], train[cohort.proxy_name])
    frame["risk_score"] = model.predict_proba(frame[cohort.feature_names])[:, 1].round(6)
    test_scores = frame.loc[is_test, "risk_score"]
    n_places = round(capacity * is_test.sum())
    threshold = float(np.sort(test_scores.to_numpy())[::-1][n_places - 1])
    frame["flagged"] = (is_test & (frame["risk_score"] >= threshold)).astype(int)
    fields = {**cohort, "DESCR": make_care_programme_triage.__doc__}
    return Bunch(**fields, model=model, threshold=threshold, capacity=capacity)


def make_underrepresented_cohort(
    n_samples: int = 5_000,
    *,
    minority_fraction: float = 0.05,
    presentation_shift: float = 1.0,
    prevalence: float = 0.3,
    random_state: int | np.random.Generator | None = None,
) -> Bunch:
    """A diagnostic cohort in which one group is rare and the disease shows differently.

    Imitates representation bias as described for medical imaging classifiers trained on
    data dominated by one group (Larrazabal et al., PNAS 2020): a model fitted to the pooled
    data learns how the disease shows in the majority and performs worse in the group that
    was rare in training, even with no intent and no group variable.

    Two markers are measured. In the majority the disease raises ``marker_a``; in the
    minority it raises ``marker_b`` by ``presentation_shift`` standard deviations and
    ``marker_a`` by ``1 - presentation_shift``. The share of the minority
    (``minority_fraction``) and the prevalence of the disease (``prevalence``, the same in
    both groups) are reproduced by the draw.

    Differs from reality: a caricature, tuned to no published effect size. Real differences
    in presentation are partial and many-dimensional, and real datasets also differ in
    label quality and acquisition between groups.

    Parameters
    ----------
    n_samples : int, default=5_000
        Number of patients.
    minority_fraction : float, default=0.05
        Share of patients in the under-represented group.
    presentation_shift : float, default=1.0
        How differently the disease shows in the minority, from 0 (the same) to 1.
    prevalence : float, default=0.3
        Share of patients with the disease, in both groups.
    random_state : int, numpy.random.Generator or None, default=None
        Seed or generator, for reproducible cohorts.

    Returns
    -------
    sklearn.utils.Bunch
        ``frame`` : DataFrame of shape (n_samples, 4) with columns ``group``
        ("majority" or "minority"), ``marker_a``, ``marker_b`` and ``disease`` (0 or 1);
        ``feature_names`` : ["marker_a", "marker_b"]; ``target_name`` : "disease";
        ``group_name`` : "group"; ``DESCR`` : this text.
    """
    _check_n_samples(n_samples)
    _check_fraction("minority_fraction", minority_fraction)
    _check_fraction("prevalence", prevalence)
    if not 0.0 <= presentation_shift <= 1.0:
        raise ValueError(f"presentation_shift must be between 0 and 1, got {presentation_shift!r}.")
    rng = np.random.default_rng(random_state)
    group = _groups(rng, n_samples, minority_fraction, ("majority", "minority"))
    disease = (rng.random(n_samples) < prevalence).astype(int)
    minority = group == "minority"
    effect = 2.0  # standard deviations between diseased and healthy: AUC about 0.92 alone
    weight_b = np.where(minority, presentation_shift, 0.0)
    marker_a = rng.normal(0, 1, n_samples) + effect * disease * (1.0 - weight_b)
    marker_b = rng.normal(0, 1, n_samples) + effect * disease * weight_b
    frame = pd.DataFrame(
        {
            GROUP_COLUMN: group,
            "marker_a": marker_a.round(3),
            "marker_b": marker_b.round(3),
            "disease": disease,
        }
    )
    return Bunch(
        frame=frame,
        feature_names=["marker_a", "marker_b"],
        target_name="disease",
        group_name=GROUP_COLUMN,
        DESCR=make_underrepresented_cohort.__doc__,
    )
