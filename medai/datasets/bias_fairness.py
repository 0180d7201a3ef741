"""Synthetic cohorts for module 4, "Bias and fairness".

Each generator imitates one published source of bias, is tuned to figures from the paper it
cites (see ``book/references.bib``), and says where it differs from reality. All of them
return a :class:`sklearn.utils.Bunch` whose ``frame`` is a :class:`pandas.DataFrame` with one
row per patient (or per paired reading), whatever the options.
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import Bunch

from medai.datasets._description import description
from medai.datasets._validation import RANDOM_STATE, Interval, validate_params

__all__ = [
    "FRENCH_AUDIT_GROUPS",
    "make_care_programme_triage",
    "make_cost_proxy_cohort",
    "make_french_care_programme_triage",
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

# --- a French care programme ----------------------------------------------------------
# Individual deprivation is drawn from the commune's deprivation (a standard normal score
# whose quintiles are the FDep quintiles) with this correlation: the quintile then tells the
# deprived 20 % apart with an AUC of about 0.70, as the French ecological indices studied by
# Bryere et al. (BMC Public Health 2017) do for individual deprivation.
_FR_AREA_CORRELATION = 0.43
# Quintile cut-points of a standard normal score: 20 % of mainland patients in each FDep
# quintile, and the top 20 % of the personal score are the individually deprived.
_NORMAL_QUINTILE_CUTS = np.array([-0.8416, -0.2533, 0.2533, 0.8416])
# Chronic illnesses rise with individual deprivation: these multipliers make the mean count
# in FDep quintile 5 about 1.7 (women) and 1.3 (men) times that in quintile 1, the ratios
# Sante publique France reports for treated diabetes in 2012 (a stand-in for chronic need).
_FR_DEPRIVED_ILLNESS = {"F": 3.4, "M": 1.95}
# Overseas departments: diabetes is about twice as common as in mainland France (Sante
# publique France, BEH 2023), applied here to every chronic illness.
_FR_OVERSEAS_ILLNESS = 2.0
# Mean active chronic illnesses of a non-deprived patient in mainland France: not a French
# figure (none was found for this count); about 1 patient in 5 then has a high need.
_FR_BASE_ILLNESSES = 1.0
# Spending per illness relative to other patients: assumptions, not published figures. They
# stand for forgone care and fewer specialists, and make the label bias measurable.
_FR_ACCESS = {"deprived": 0.4, "overseas": 0.5}
_FR_EMERGENCY_DEPRIVED = 1.4
#: Age bands of the French audit, as ``(label, lowest age)``.
_FR_AGE_BANDS = (("18-44", 18), ("45-64", 45), ("65+", 65))
#: The groups a French health record holds, audited in the notebook and the assignment.
FRENCH_AUDIT_GROUPS = ["sex", "age_band", "fdep_quintile", "territory"]

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


# What the generators' arguments may be: at least 10 patients, and shares of patients that
# leave both sides non-empty.
_N_SAMPLES = Interval(Integral, 10, None, closed="left")
_SHARE = Interval(Real, 0, 1, closed="neither")
# Spending relative to full access: none is refused, full access (1) is allowed.
_ACCESS = Interval(Real, 0, 1, closed="right")


def _groups(
    rng: np.random.Generator, n: int, fraction: float, names: tuple[str, str]
) -> np.ndarray:
    """Draw the group of each row: ``names[1]`` with probability ``fraction``."""
    return np.where(rng.random(n) < fraction, names[1], names[0])


def _simulate_claims(
    rng: np.random.Generator,
    age: np.ndarray,
    *,
    mean_illnesses: np.ndarray,
    access: np.ndarray,
    emergency_factor: np.ndarray,
) -> dict[str, np.ndarray]:
    """Last year's claims and biomarkers, next year's illnesses and cost, and both labels.

    Parameters
    ----------
    rng : numpy.random.Generator
        The generator every draw comes from, in a fixed order.
    age : ndarray of shape (n,)
        Each patient's age in years.
    mean_illnesses, access, emergency_factor : ndarray of shape (n,)
        Each patient's mean count of active chronic illnesses next year (before the age
        gradient), spending relative to a patient with full access, and multiplier of
        emergency visits for the same illnesses.

    Returns
    -------
    dict of str to ndarray
        The columns ``age`` to ``high_cost`` of :func:`make_cost_proxy_cohort`, in order.
    """
    n = age.size
    # Illness burden: a persistent frailty times an age gradient, centred on the given mean.
    frailty = rng.gamma(1.5, 1 / 1.5, n)
    age_gradient = np.exp(0.02 * (age - 50.0)) / np.exp((0.02 * 14.0) ** 2 / 2)
    # Conditions accumulate: next year's count (the one Table 1 reports) is last year's plus
    # new ones; dividing the rate keeps next year's mean at Table 1's.
    rate = mean_illnesses * frailty * age_gradient / (1 + _NEW_CONDITIONS_SHARE)
    conditions_last_year = rng.poisson(rate)
    conditions = conditions_last_year + rng.poisson(_NEW_CONDITIONS_SHARE * rate)

    # Spending: a base plus a cost per illness, times access; a persistent personal level
    # makes prior cost the best predictor of future cost, as it is in real claims data.
    personal = rng.normal(0.0, 0.6, n)

    def yearly_cost(illnesses: np.ndarray) -> np.ndarray:
        lognormal = np.exp(personal + rng.normal(0.0, 0.4, n) - (0.6**2 + 0.4**2) / 2)
        return access * _COST_BASE_USD * (1.0 + _COST_PER_ILLNESS * illnesses) * lognormal

    prior_cost = yearly_cost(conditions_last_year)
    cost = yearly_cost(conditions)
    outpatient = rng.poisson(access * (3.0 + 1.5 * conditions_last_year))
    emergency = rng.poisson(emergency_factor * (0.08 + 0.09 * conditions_last_year))
    # Biomarkers reflect illness, not access: this is what a better label can use.
    hba1c = 5.6 + 0.3 * conditions_last_year + rng.normal(0, 0.35, n)
    systolic_bp = 119.0 + 6.0 * conditions_last_year + rng.normal(0, 12.0, n)
    creatinine = 0.8 + 0.08 * conditions_last_year + rng.normal(0, 0.12, n)

    high_need = (conditions >= _HIGH_NEED_CONDITIONS).astype(int)
    # The proxy label flags as many patients as the clinical target does, by cost.
    cost_cut = np.quantile(cost, 1.0 - high_need.mean())
    return {
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


def _add_vendor_flags(
    frame: pd.DataFrame,
    rng: np.random.Generator,
    *,
    capacity: float,
    test_size: float,
    split_at: int = 2,
) -> tuple[object, float]:
    """Split, train the vendor's cost model, score everyone, flag the capacity of the test half.

    Adds the columns ``split``, ``risk_score`` and ``flagged`` to ``frame`` in place and
    returns the fitted model and the threshold that fills the capacity.
    """
    n = len(frame)
    is_test = rng.permutation(n) < round(test_size * n)
    frame.insert(split_at, "split", np.where(is_test, "test", "train"))
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    train = frame[~is_test]
    model.fit(train[TRIAGE_FEATURES], train["high_cost"])
    frame["risk_score"] = model.predict_proba(frame[TRIAGE_FEATURES])[:, 1].round(6)
    test_scores = frame.loc[is_test, "risk_score"]
    n_places = round(capacity * is_test.sum())
    threshold = float(np.sort(test_scores.to_numpy())[::-1][n_places - 1])
    frame["flagged"] = (is_test & (frame["risk_score"] >= threshold)).astype(int)
    return model, threshold


@validate_params({"n_samples": _N_SAMPLES, "black_fraction": _SHARE, "random_state": RANDOM_STATE})
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
        Number of readings (one per patient), at least 10.
    black_fraction : float, default=0.17
        Share of readings from Black patients, strictly between 0 and 1.
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
        DESCR=description(make_pulse_oximetry_cohort),
    )


@validate_params(
    {
        "n_samples": _N_SAMPLES,
        "black_fraction": _SHARE,
        "access_factor": _ACCESS,
        "random_state": RANDOM_STATE,
    }
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

    Tuned to: Table 1 of the paper, with 12.3 % Black patients (6,079 of 49,618); on average
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
        Number of patients, at least 10.
    black_fraction : float, default=0.123
        Share of Black patients, strictly between 0 and 1.
    access_factor : float, default=0.76
        Spending on a Black patient relative to a White patient with the same illnesses
        (also scales outpatient visits), above 0 and at most 1. The default reproduces
        Table 1's ratio of mean costs; lower values widen the access gap, 1 removes it.
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
    rng = np.random.default_rng(random_state)
    n = n_samples
    group = _groups(rng, n, black_fraction, ("White", "Black"))
    black = group == "Black"

    def by_group(values: dict[str, float]) -> np.ndarray:
        return np.where(black, values["Black"], values["White"])

    age = np.clip(rng.normal(50.0, 14.0, n), 18.0, 90.0)
    claims = _simulate_claims(
        rng,
        age,
        mean_illnesses=by_group(_COST_MEAN_ILLNESSES),
        access=by_group({"White": 1.0, "Black": access_factor}),
        emergency_factor=by_group(_COST_EMERGENCY_FACTOR),
    )
    frame = pd.DataFrame(
        {"patient_id": [f"P{i:05d}" for i in range(n)], GROUP_COLUMN: group, **claims}
    )
    return Bunch(
        frame=frame,
        feature_names=list(TRIAGE_FEATURES),
        target_name="high_need",
        proxy_name="high_cost",
        group_name=GROUP_COLUMN,
        DESCR=description(make_cost_proxy_cohort),
    )


# The cohort's arguments, and the programme's.
@validate_params(
    {**make_cost_proxy_cohort._parameter_constraints, "capacity": _SHARE, "test_size": _SHARE}
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

    Imitates the use of the cost-ranked care-management algorithm studied by Obermeyer et
    al. (Science 2019): the model never sees the group, yet it misses more high-need Black
    patients, because the bias comes from the label.

    Tuned to: the population of :func:`make_cost_proxy_cohort`, with a larger share of
    Black patients and a wider access gap by default (see ``black_fraction`` and
    ``access_factor`` below).

    Differs from reality: as :func:`make_cost_proxy_cohort`; the vendor's model is a
    logistic regression on seven features, and the programme's places are filled from the
    test half only.

    Parameters
    ----------
    n_samples : int, default=10_000
        Number of patients, at least 10.
    black_fraction : float, default=0.3
        Share of Black patients: higher than in the paper's population, as in a hospital
        serving a more diverse area, so that per-group rates are measured on enough patients.
    access_factor : float, default=0.5
        Spending on a Black patient relative to a White patient with the same illnesses.
        Lower than the 0.76 that reproduces the paper's Table 1: this hospital's access gap
        is wider, so that the harm is large enough to measure on a class-sized cohort.
        With 0.76 the gap in missed high-need patients is a few points, same direction.
    capacity : float, default=0.15
        Share of patients the programme can enrol, strictly between 0 and 1.
    test_size : float, default=0.5
        Share of patients in the test split, strictly between 0 and 1.
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
    rng = np.random.default_rng(random_state)
    cohort = make_cost_proxy_cohort(
        n_samples, black_fraction=black_fraction, access_factor=access_factor, random_state=rng
    )
    model, threshold = _add_vendor_flags(cohort.frame, rng, capacity=capacity, test_size=test_size)
    fields = {**cohort, "DESCR": description(make_care_programme_triage)}
    return Bunch(**fields, model=model, threshold=threshold, capacity=capacity)


@validate_params(
    {
        "n_samples": _N_SAMPLES,
        "overseas_fraction": _SHARE,
        "capacity": _SHARE,
        "test_size": _SHARE,
        "random_state": RANDOM_STATE,
    }
)
def make_french_care_programme_triage(
    n_samples: int = 10_000,
    *,
    overseas_fraction: float = 0.15,
    capacity: float = 0.15,
    test_size: float = 0.5,
    random_state: int | np.random.Generator | None = None,
) -> Bunch:
    """The care-programme triage of :func:`make_care_programme_triage`, with French groups.

    Imitates what a French health record can hold: no ethnic origin (generally not recorded
    in France), but sex, age, the commune's deprivation quintile (FDep, an ecological index
    built for mainland France by Rey et al., BMC Public Health 2009) and the territory
    (mainland France or an overseas department). As in the US case, a vendor's model ranks
    patients by predicted cost for a programme with fixed places, and cost understates the
    need of patients with less access to care; here those are deprived patients and
    patients overseas. The model never sees any group.

    Each patient is also individually deprived or not (20 % are), which the record does not
    hold: it is returned apart, in ``unrecorded``, so that a notebook can show what an audit
    by the area index misses.

    Tuned to: three French figures.

    - the FDep quintile tells individually deprived patients apart with an AUC of about
      0.70, as French ecological indices do (Bryere et al., BMC Public Health 2017);
    - the mean count of chronic illnesses is about 1.7 times higher in FDep quintile 5 than
      in quintile 1 for women and 1.3 times for men: Sante publique France's prevalence
      ratios of treated diabetes in 2012, used as a stand-in for chronic need;
    - chronic illnesses are twice as common overseas as in mainland France: the ratio for
      diabetes (Sante publique France, BEH 2023).

    Differs from reality: the deprivation and territory effects on illness are ratios
    reported for diabetes, applied to every chronic illness; the access factors (spending
    per illness 0.4 for deprived and 0.5 for overseas patients, multiplied for deprived
    patients overseas) are assumptions, not published figures, chosen wide enough for the
    harm to be measured on a class-sized cohort; the illness scale (a mean of 1 chronic
    illness for a non-deprived mainland patient, so that about 1 patient in 5 has a high
    need, as in the US cohort) and the costs are not French figures; overseas patients are
    over-represented (15 % by default, against 3.2 % of the French population in INSEE's
    census of 1 January 2016) so that their rates can be measured, they have no FDep
    quintile (the index was built for mainland France) and the same share of deprivation as
    in mainland France, although poverty is more common overseas; sex has no effect on
    access; ages, illnesses and costs follow :func:`make_cost_proxy_cohort`'s models.

    Parameters
    ----------
    n_samples : int, default=10_000
        Number of patients, at least 10.
    overseas_fraction : float, default=0.15
        Share of patients living in an overseas department, strictly between 0 and 1.
    capacity : float, default=0.15
        Share of the test patients the programme can enrol, strictly between 0 and 1.
    test_size : float, default=0.5
        Share of patients in the test split, strictly between 0 and 1.
    random_state : int, numpy.random.Generator or None, default=None
        Seed or generator, for reproducible cohorts.

    Returns
    -------
    sklearn.utils.Bunch
        ``frame`` : DataFrame of shape (n_samples, 19) with columns ``patient_id``, ``sex``
        ("F" or "M"), ``age_band`` ("18-44", "45-64" or "65+"), ``fdep_quintile`` ("Q1",
        least deprived, to "Q5", most deprived; missing overseas), ``territory``
        ("metropolitan" or "overseas"), ``split``, the features in ``feature_names``,
        ``chronic_conditions``, ``cost``, ``high_need`` (the clinical target),
        ``high_cost`` (the proxy label), ``risk_score`` and ``flagged``, as in
        :func:`make_care_programme_triage`;
        ``unrecorded`` : DataFrame of shape (n_samples, 1), same index, column
        ``individually_deprived`` (0 or 1), which the record does not hold;
        ``audit_groups`` : :data:`FRENCH_AUDIT_GROUPS`; ``model``, ``threshold``,
        ``capacity``, ``feature_names``, ``target_name`` ("high_need"), ``proxy_name``
        ("high_cost"); ``DESCR`` : this text.
    """
    rng = np.random.default_rng(random_state)
    n = n_samples
    sex = np.where(rng.random(n) < 0.5, "F", "M")
    overseas = rng.random(n) < overseas_fraction
    # The commune's deprivation score and the patient's own situation, correlated.
    area = rng.standard_normal(n)
    rho = _FR_AREA_CORRELATION
    personal_score = rho * area + np.sqrt(1 - rho**2) * rng.standard_normal(n)
    # The personal score is standard normal too: its top 20 % are the deprived.
    deprived = personal_score > _NORMAL_QUINTILE_CUTS[-1]
    quintile = np.array(["Q1", "Q2", "Q3", "Q4", "Q5"], dtype=object)[
        np.searchsorted(_NORMAL_QUINTILE_CUTS, area)
    ]
    quintile[overseas] = None

    age = np.clip(rng.normal(50.0, 14.0, n), 18.0, 90.0)
    illness = (
        _FR_BASE_ILLNESSES
        * np.where(
            deprived,
            np.where(sex == "F", _FR_DEPRIVED_ILLNESS["F"], _FR_DEPRIVED_ILLNESS["M"]),
            1.0,
        )
        * np.where(overseas, _FR_OVERSEAS_ILLNESS, 1.0)
    )
    access = np.where(deprived, _FR_ACCESS["deprived"], 1.0) * np.where(
        overseas, _FR_ACCESS["overseas"], 1.0
    )
    claims = _simulate_claims(
        rng,
        age,
        mean_illnesses=illness,
        access=access,
        emergency_factor=np.where(deprived, _FR_EMERGENCY_DEPRIVED, 1.0),
    )
    bands = [label for label, _ in _FR_AGE_BANDS]
    lowest = [low for _, low in _FR_AGE_BANDS]
    age_band = np.array(bands)[np.searchsorted(lowest, claims["age"], side="right") - 1]
    frame = pd.DataFrame(
        {
            "patient_id": [f"F{i:05d}" for i in range(n)],
            "sex": sex,
            "age_band": age_band,
            "fdep_quintile": quintile,
            "territory": np.where(overseas, "overseas", "metropolitan"),
            **claims,
        }
    )
    model, threshold = _add_vendor_flags(
        frame, rng, capacity=capacity, test_size=test_size, split_at=5
    )
    return Bunch(
        frame=frame,
        unrecorded=pd.DataFrame({"individually_deprived": deprived.astype(int)}),
        audit_groups=list(FRENCH_AUDIT_GROUPS),
        feature_names=list(TRIAGE_FEATURES),
        target_name="high_need",
        proxy_name="high_cost",
        model=model,
        threshold=threshold,
        capacity=capacity,
        DESCR=description(make_french_care_programme_triage),
    )


@validate_params(
    {
        "n_samples": _N_SAMPLES,
        "minority_fraction": _SHARE,
        "presentation_shift": Interval(Real, 0, 1, closed="both"),
        "prevalence": _SHARE,
        "random_state": RANDOM_STATE,
    }
)
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

    Two markers are measured. In the majority the disease raises ``marker_a`` by 2 standard
    deviations; in the minority it raises ``marker_b`` by ``2 * presentation_shift`` and
    ``marker_a`` by ``2 * (1 - presentation_shift)`` standard deviations. The share of the
    minority (``minority_fraction``) and the prevalence of the disease (``prevalence``, the
    same in both groups) are reproduced by the draw.

    Tuned to: no published effect size; the sizes are chosen so that the gap shows on a few
    thousand patients.

    Differs from reality: a caricature. Real differences in presentation are partial and
    many-dimensional, and real datasets also differ in label quality and acquisition
    between groups.

    Parameters
    ----------
    n_samples : int, default=5_000
        Number of patients, at least 10.
    minority_fraction : float, default=0.05
        Share of patients in the under-represented group, strictly between 0 and 1.
    presentation_shift : float, default=1.0
        How differently the disease shows in the minority, from 0 (the same) to 1.
    prevalence : float, default=0.3
        Share of patients with the disease, in both groups, strictly between 0 and 1.
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
        DESCR=description(make_underrepresented_cohort),
    )
