"""Synthetic data for module 5, "Protecting health data".

A hospital's patient register, pseudonymised (names replaced by a code) but keeping the
three quasi-identifiers of Sweeney's study (postcode, sex, date of birth), and a public
list of residents with their names (an electoral roll) on which an attacker can link it.
Both return a :class:`sklearn.utils.Bunch` whose ``frame`` is a :class:`pandas.DataFrame`.
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

from medai.datasets._description import description
from medai.datasets._validation import NO_VALIDATION, RANDOM_STATE, Interval, validate_params
from medai.i18n import _

__all__ = [
    "DIAGNOSES",
    "POSTCODES",
    "QUASI_IDENTIFIERS",
    "REFERENCE_DATE",
    "make_patient_register",
    "make_voter_list",
]

#: The columns an attacker can find in a public list as well (Sweeney 2000).
QUASI_IDENTIFIERS = ["postcode", "sex", "birth_date"]

#: Twelve postcodes of a fictitious health district: three per 3-digit area, four areas.
POSTCODES = [f"99{area}{town}0" for area in "1234" for town in "012"]

#: Date at which ages are computed (age in whole years on that day).
REFERENCE_DATE = pd.Timestamp("2025-01-01")

#: Principal diagnoses, the sensitive attribute.
DIAGNOSES = ["asthma", "depression", "diabetes", "fracture", "heart failure", "HIV"]

_FIRST_BIRTH = pd.Timestamp("1936-01-02")  # the oldest patients are 88 on REFERENCE_DATE
_LAST_BIRTH = pd.Timestamp("2004-12-31")  # the youngest are 20
# Hospital patients are older than the population: birth dates drawn from a Beta skewed
# towards the earliest dates for the register, uniform for the other residents.
_PATIENT_AGE_BETA = (1.0, 1.4)
_FIRST_NAMES = {
    "F": ["Camille", "Louise", "Léa", "Manon", "Chloé", "Inès", "Jeanne", "Alice", "Lina", "Rose"],
    "M": ["Gabriel", "Louis", "Raphaël", "Jules", "Adam", "Lucas", "Hugo", "Arthur", "Paul", "Noé"],
}
_SURNAMES = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
]  # fmt: skip

_NOT_A_REGISTER = "register must be the Bunch returned by make_patient_register."
_TOO_FEW_VOTERS = "n_samples must be at least the number of register patients on the list"
_N_SAMPLES = Interval(Integral, 10, None, closed="left")


def _birth_dates(rng: np.random.Generator, n: int, beta: tuple[float, float] | None) -> pd.Series:
    span = (_LAST_BIRTH - _FIRST_BIRTH).days
    position = rng.beta(*beta, n) if beta else rng.random(n)
    days = np.floor(position * (span + 1)).astype(int).clip(0, span)
    return pd.Series(_FIRST_BIRTH + pd.to_timedelta(days, unit="D"))


def _age(birth: pd.Series) -> np.ndarray:
    """Age in whole years on REFERENCE_DATE."""
    before_birthday = (birth.dt.month > REFERENCE_DATE.month) | (
        (birth.dt.month == REFERENCE_DATE.month) & (birth.dt.day > REFERENCE_DATE.day)
    )
    return (REFERENCE_DATE.year - birth.dt.year - before_birthday.astype(int)).to_numpy()


def _names(rng: np.random.Generator, sex: np.ndarray) -> np.ndarray:
    n = len(sex)
    first = np.where(sex == "F", rng.choice(_FIRST_NAMES["F"], n), rng.choice(_FIRST_NAMES["M"], n))
    last = rng.choice(_SURNAMES, n)
    return np.char.add(np.char.add(first.astype(str), " "), last.astype(str))


def _diagnoses(rng: np.random.Generator, age: np.ndarray, sex: np.ndarray) -> np.ndarray:
    """Draw one principal diagnosis per patient; diabetes and heart failure rise with age."""
    old = (age - 20) / 68.0
    weights = np.column_stack(
        [
            0.20 - 0.15 * old,  # asthma: commoner in the young
            np.where(sex == "F", 0.22, 0.15),  # depression
            0.08 + 0.24 * old,  # diabetes
            np.full(len(age), 0.18),  # fracture
            0.01 + 0.22 * old,  # heart failure
            np.where(age < 60, 0.03, 0.01),  # HIV: rare, the most sensitive value
        ]
    )
    weights /= weights.sum(axis=1, keepdims=True)
    draws = rng.random(len(age))[:, None] > np.cumsum(weights, axis=1)
    return np.asarray(DIAGNOSES)[draws.sum(axis=1)]


@validate_params({"n_samples": _N_SAMPLES, "random_state": RANDOM_STATE})
def make_patient_register(
    n_samples: int = 1_500,
    *,
    random_state: int | np.random.Generator | None = None,
) -> Bunch:
    """A pseudonymised hospital register with quasi-identifiers and a diagnosis.

    Imitates the kind of table a hospital shares "without names": each patient's name has
    been replaced by a random code (a pseudonym), but the postcode, sex and full date of
    birth are kept. Sweeney (2000) showed that these three attributes are unique for most
    of the US population, so such a table can be linked to any public list that holds them
    (in her case, a voter list) and the diagnoses put back on names.

    Tuned to: nothing clinical. The quasi-identifiers are the three of Sweeney's study; the
    patients are older than the population, and diabetes and heart failure become commoner
    with age, so that an age-by-sex analysis has something to find.

    Differs from reality: one diagnosis per patient from six; a fictitious district of twelve
    postcodes ("99xx0") and 20- to 88-year-olds; no correlation between postcode and health;
    names drawn at random from short lists (two patients may share a name).

    Parameters
    ----------
    n_samples : int, default=1_500
        Number of patients, at least 10.
    random_state : int, numpy.random.Generator or None, default=None
        Seed or generator, for reproducible registers.

    Returns
    -------
    sklearn.utils.Bunch
        ``frame`` : DataFrame of shape (n_samples, 6) with columns ``pseudonym`` (str),
        ``postcode`` (str, 5 digits), ``sex`` ("F" or "M"), ``birth_date`` (str,
        YYYY-MM-DD), ``age`` (int, on 2025-01-01), ``diagnosis`` (str, one of
        :data:`DIAGNOSES`);
        ``identities`` : DataFrame of shape (n_samples, 2), ``pseudonym`` and ``name``: the
        key the hospital keeps apart (it is what makes the data *pseudonymised*);
        ``quasi_identifiers`` : :data:`QUASI_IDENTIFIERS`; ``target_name`` : "diagnosis";
        ``DESCR`` : this text.
    """
    rng = np.random.default_rng(random_state)
    # Beta(1.0, 1.4) puts more mass on early positions: early birth dates, older patients.
    birth = _birth_dates(rng, n_samples, _PATIENT_AGE_BETA)
    sex = rng.choice(["F", "M"], n_samples)
    age = _age(birth)
    pseudonym = [f"{code:08x}" for code in rng.choice(16**8, n_samples, replace=False)]
    frame = pd.DataFrame(
        {
            "pseudonym": pseudonym,
            "postcode": rng.choice(POSTCODES, n_samples),
            "sex": sex,
            "birth_date": birth.dt.strftime("%Y-%m-%d"),
            "age": age.astype(int),
            "diagnosis": _diagnoses(rng, age, sex),
        }
    )
    identities = pd.DataFrame({"pseudonym": pseudonym, "name": _names(rng, sex)})
    return Bunch(
        frame=frame,
        identities=identities,
        quasi_identifiers=list(QUASI_IDENTIFIERS),
        target_name="diagnosis",
        DESCR=description(make_patient_register),
    )


@validate_params(
    {
        "n_samples": _N_SAMPLES,
        "register": NO_VALIDATION,
        "coverage": Interval(Real, 0, 1, closed="right"),
        "random_state": RANDOM_STATE,
    }
)
def make_voter_list(
    n_samples: int = 4_000,
    *,
    register: Bunch,
    coverage: float = 0.6,
    random_state: int | np.random.Generator | None = None,
) -> Bunch:
    """A public list of residents with names and quasi-identifiers (an electoral roll).

    Imitates the voter list Sweeney (2000) bought for a few dollars and linked, on postcode,
    sex and date of birth, to hospital discharge data released without names. Here a share
    ``coverage`` of the register's patients are on the list under their real names; the
    other people on the list are residents of the same district who were not in hospital.

    Tuned to: nothing published; the coverage is a teaching choice (not everyone is
    registered to vote).

    Differs from reality: the list and the register agree exactly on every value (no typos,
    no moves); real linkage must cope with errors, which lowers its yield but not its risk.

    Parameters
    ----------
    n_samples : int, default=4_000
        Number of people on the list, at least 10 and at least the register's patients on
        the list.
    register : sklearn.utils.Bunch
        A register made by :func:`make_patient_register` (its ``frame`` and ``identities``).
    coverage : float, default=0.6
        Share of the register's patients who are on the list, above 0 and at most 1.
    random_state : int, numpy.random.Generator or None, default=None
        Seed or generator, for reproducible lists.

    Returns
    -------
    sklearn.utils.Bunch
        ``frame`` : DataFrame of shape (n_samples, 4) with columns ``name``, ``postcode``,
        ``sex``, ``birth_date`` (as in the register), rows in random order;
        ``quasi_identifiers`` : :data:`QUASI_IDENTIFIERS`; ``DESCR`` : this text.

    Raises
    ------
    TypeError
        If ``register`` is not what :func:`make_patient_register` returns.
    ValueError
        If the list is too short for the register's patients it holds.
    """
    if not isinstance(register, Bunch) or "identities" not in register or "frame" not in register:
        raise TypeError(_(_NOT_A_REGISTER))
    rng = np.random.default_rng(random_state)
    patients = register.frame.merge(register.identities, on="pseudonym")
    n_listed = int(round(coverage * len(patients)))
    if n_samples < n_listed:
        raise ValueError(
            f"{_(_TOO_FEW_VOTERS)} "
            + _("({n_listed}), got {n_samples!r}.").format(n_listed=n_listed, n_samples=n_samples)
        )
    listed = patients.iloc[np.sort(rng.choice(len(patients), n_listed, replace=False))]
    n_others = n_samples - n_listed
    other_sex = rng.choice(["F", "M"], n_others)
    others = pd.DataFrame(
        {
            "name": _names(rng, other_sex),
            "postcode": rng.choice(POSTCODES, n_others),
            "sex": other_sex,
            "birth_date": _birth_dates(rng, n_others, None).dt.strftime("%Y-%m-%d"),
        }
    )
    columns = ["name", *QUASI_IDENTIFIERS]
    frame = pd.concat([listed[columns], others[columns]], ignore_index=True)
    frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    return Bunch(
        frame=frame, quasi_identifiers=list(QUASI_IDENTIFIERS), DESCR=description(make_voter_list)
    )
