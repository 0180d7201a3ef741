"""Small, tested helpers for module 5, "Protecting health data".

The measures of a released table are computed with one pandas ``groupby`` over the
quasi-identifiers (the columns an attacker can also find elsewhere: postcode, sex, date of
birth...). Rows that share the same values of every quasi-identifier form an *equivalence
class*; an attacker who knows those values cannot tell the rows of a class apart.

- :func:`equivalence_class_sizes`, :func:`k_anonymity`, :func:`l_diversity`: the measures;
- :func:`age_band`, :func:`truncate_postcode`, :func:`suppress_small_classes`: generalisation
  and suppression, the two ways of raising *k*;
- :func:`link_unique_matches`: the linkage attack (join on the quasi-identifiers, keep the
  rows that match exactly one person of the public list);
- :func:`reidentification_risk`: the risk a released table leaves (1 / class size);
- :func:`laplace_count_scale`, :func:`dp_count`: a count released with OpenDP's Laplace
  mechanism, and the scale it uses;
- :func:`dp_counts_by_category`: one count per category (month, area...) released together,
  for the budget of one count when each person falls in one category (parallel composition);
- :func:`count_measurement`, :func:`counts_by_category_measurement`,
  :func:`sequential_composition`: the mechanisms themselves, whose ``map(1)`` is the privacy
  loss for one person more or less; :func:`count_error_bound`: the error that 95 % of the
  releases of a count stay within;
- :func:`max_posterior`: how sure an attacker can become, at most, after an epsilon-DP release;
- :func:`membership_advantage`: the advantage of a confidence-threshold membership inference
  attack on a fitted scikit-learn classifier.

None of this depends on pycanon or anjana (they pin old versions of numpy and pandas).

OpenDP is imported only when a differential privacy helper is first called. Where it cannot
be imported (the browser edition, JupyterLite, runs in Pyodide, which has no OpenDP), the same
helpers run the course's NumPy version of the same mechanisms, :mod:`medai.privacy_fallback`:
fine for learning, never for releasing real data. :func:`opendp_available` says which runs,
and :func:`dp_library_note` says it in a sentence for the notebooks.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import metadata
from types import ModuleType

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from sklearn.metrics import roc_curve

from medai import privacy_fallback
from medai.i18n import _, got

__all__ = [
    "age_band",
    "count_error_bound",
    "count_measurement",
    "counts_by_category_measurement",
    "dp_count",
    "dp_counts_by_category",
    "dp_library_note",
    "equivalence_class_sizes",
    "k_anonymity",
    "l_diversity",
    "laplace_count_scale",
    "link_unique_matches",
    "max_posterior",
    "membership_advantage",
    "opendp_available",
    "reidentification_risk",
    "sequential_composition",
    "suppress_small_classes",
    "truncate_postcode",
]

_NO_QUASI_IDENTIFIERS = "Give at least one quasi-identifier column."
_UNKNOWN_COLUMN = "Column not in the table:"
_EMPTY_TABLE = "The table has no rows: k and l are not defined for an empty release."
_BAD_WIDTH = "The width of an age band must be a positive integer (in years)."
_BAD_DIGITS = "The number of postcode digits to keep must be an integer from 0 to 5."
_BAD_K = "k must be an integer of at least 1."
_BAD_EPSILON = "epsilon must be a positive number."
_BAD_PRIOR = "The prior must be a probability strictly between 0 and 1."
_NO_CATEGORIES = "Give at least one category, with no repeats."
_UNKNOWN_CATEGORY = "Every value must be one of the categories; these are not:"
_FALLBACK_NOTE = (
    "In the browser (JupyterLite) OpenDP is not available: this cell uses the course's NumPy "
    "version of the same mechanism. On the course's server it uses OpenDP."
)


def _check_columns(frame: pd.DataFrame, columns: Sequence[str]) -> list[str]:
    columns = [columns] if isinstance(columns, str) else list(columns)
    if not columns:
        raise ValueError(_(_NO_QUASI_IDENTIFIERS))
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(
            f"{_(_UNKNOWN_COLUMN)} "
            + _("{missing}; the columns are {columns}.").format(
                missing=missing, columns=list(frame.columns)
            )
        )
    return columns


def equivalence_class_sizes(frame: pd.DataFrame, quasi_identifiers: Sequence[str]) -> pd.Series:
    """Size of the equivalence class of each row.

    Parameters
    ----------
    frame : DataFrame of shape (n_rows, n_columns)
        The released table.
    quasi_identifiers : list of str
        The columns an attacker could know from elsewhere.

    Returns
    -------
    Series of shape (n_rows,)
        For each row (same index as ``frame``), how many rows share its values of every
        quasi-identifier, itself included. Missing values count as a value of their own.
    """
    columns = _check_columns(frame, quasi_identifiers)
    return frame.groupby(columns, dropna=False, sort=False)[columns[0]].transform("size")


def k_anonymity(frame: pd.DataFrame, quasi_identifiers: Sequence[str]) -> int:
    """The *k* of a table: the size of its smallest equivalence class.

    A table is *k*-anonymous when every row shares its quasi-identifiers with at least
    *k* - 1 other rows (Sweeney 2002).

    Raises
    ------
    ValueError
        :data:`_EMPTY_TABLE` for a table without rows, :data:`_NO_QUASI_IDENTIFIERS`.
    KeyError
        :data:`_UNKNOWN_COLUMN` when a quasi-identifier is not a column.
    """
    sizes = equivalence_class_sizes(frame, quasi_identifiers)
    if sizes.empty:
        raise ValueError(_(_EMPTY_TABLE))
    return int(sizes.min())


def l_diversity(frame: pd.DataFrame, quasi_identifiers: Sequence[str], sensitive: str) -> int:
    """The *l* of a table (distinct l-diversity).

    The smallest number of distinct values of the sensitive column found in an equivalence
    class (Machanavajjhala et al. 2007). With *l* = 1, some class has a single diagnosis:
    whoever is known to be in that class has that diagnosis, however large *k* is.
    """
    columns = _check_columns(frame, quasi_identifiers)
    _check_columns(frame, [sensitive])
    if frame.empty:
        raise ValueError(_(_EMPTY_TABLE))
    distinct = frame.groupby(columns, dropna=False, sort=False)[sensitive].nunique(dropna=False)
    return int(distinct.min())


def age_band(age: ArrayLike, width: int = 10) -> pd.Series:
    """Generalise ages (in whole years) into bands such as ``"40-49"``.

    Bands start at multiples of ``width``: with ``width=10``, 40 to 49 is ``"40-49"``.

    Raises
    ------
    ValueError
        :data:`_BAD_WIDTH`.
    """
    if isinstance(width, bool) or int(width) != width or width < 1:
        raise ValueError(f"{_(_BAD_WIDTH)} {got(width)}")
    width = int(width)
    age = pd.Series(age) if not isinstance(age, pd.Series) else age
    low = (age.astype(int) // width) * width
    if width == 1:
        return low.astype(str)
    return low.astype(str) + "-" + (low + width - 1).astype(str)


def truncate_postcode(postcode: ArrayLike, digits: int) -> pd.Series:
    """Generalise 5-digit postcodes by keeping their first ``digits`` digits.

    The dropped digits become ``*``: ``truncate_postcode(["75013"], 2)`` gives ``"75***"``.

    Raises
    ------
    ValueError
        :data:`_BAD_DIGITS`.
    """
    if isinstance(digits, bool) or int(digits) != digits or not 0 <= digits <= 5:
        raise ValueError(f"{_(_BAD_DIGITS)} {got(digits)}")
    codes = pd.Series(postcode) if not isinstance(postcode, pd.Series) else postcode
    codes = codes.astype(str).str.zfill(5)
    return codes.str[: int(digits)] + "*" * (5 - int(digits))


def suppress_small_classes(
    frame: pd.DataFrame, quasi_identifiers: Sequence[str], k: int
) -> pd.DataFrame:
    """Drop the rows whose equivalence class has fewer than ``k`` rows.

    The rows kept keep their index, so a release can be traced back to the source rows.
    The result is *k*-anonymous (or empty).
    """
    if isinstance(k, bool) or int(k) != k or k < 1:
        raise ValueError(f"{_(_BAD_K)} {got(k)}")
    sizes = equivalence_class_sizes(frame, quasi_identifiers)
    return frame[sizes >= k]


def link_unique_matches(
    released: pd.DataFrame, public: pd.DataFrame, on: Sequence[str]
) -> pd.DataFrame:
    """The linkage attack: join a release to a public list on the quasi-identifiers.

    A released row is *re-identified* when its values of ``on`` are unique in the release
    and match exactly one person of the public list: the attacker then puts that person's
    name on the row. (The match may still be wrong, if the patient is not on the public
    list and someone else is; an attacker cannot tell.)

    Returns
    -------
    DataFrame
        One row per re-identified released row: the released columns (index kept) plus the
        public list's other columns.
    """
    columns = _check_columns(released, on)
    _check_columns(public, columns)
    unique_released = released[equivalence_class_sizes(released, columns) == 1]
    unique_public = public[equivalence_class_sizes(public, columns) == 1]
    extra = [c for c in unique_public.columns if c not in columns]
    linked = (
        unique_released.reset_index()
        .merge(unique_public[columns + extra], on=columns, how="inner", suffixes=("", "_public"))
        .set_index(unique_released.index.name or "index")
    )
    linked.index.name = released.index.name
    return linked


def reidentification_risk(frame: pd.DataFrame, quasi_identifiers: Sequence[str]) -> dict:
    """Re-identification risk of each row of a release, summarised.

    An attacker who knows a patient's quasi-identifiers and that the patient is in the table
    picks one row of the patient's class at random: the chance of picking the right one is
    1 / class size (the "prosecutor" risk).

    Returns
    -------
    dict
        ``max_risk`` (1 / k), ``average_risk`` (mean over the rows of 1 / class size, which
        equals the number of classes divided by the number of rows) and ``unique_rows``
        (rows alone in their class).
    """
    sizes = equivalence_class_sizes(frame, quasi_identifiers)
    if sizes.empty:
        raise ValueError(_(_EMPTY_TABLE))
    return {
        "max_risk": float(1.0 / sizes.min()),
        "average_risk": float((1.0 / sizes).mean()),
        "unique_rows": int((sizes == 1).sum()),
    }


@cache
def _opendp() -> ModuleType | None:
    """OpenDP's prelude, its "contrib" features on; None where OpenDP cannot be imported.

    Imported on first use, once: ``import medai`` stays fast and works in the browser.
    """
    try:
        import opendp.prelude as dp
    except ImportError:
        return None
    dp.enable_features("contrib")
    return dp


def opendp_available() -> bool:
    """Whether the differential privacy helpers run OpenDP (True) or the NumPy version (False).

    False in the browser edition (JupyterLite), where OpenDP cannot be loaded.
    """
    return _opendp() is not None


def dp_library_note() -> str:
    """One sentence for a notebook cell: which library releases the counts here.

    With OpenDP, its name and version; without, that the cell uses the course's NumPy
    version of the same mechanism, and OpenDP on the course's server.
    """
    if not opendp_available():
        return _(_FALLBACK_NOTE)
    return _("This cell uses OpenDP {version}.").format(version=_opendp_version())


@cache
def _opendp_version() -> str:
    # Read once: looking it up takes milliseconds, and the explorer shows it at every update.
    return metadata.version("opendp")


def count_measurement(scale: float):
    """A count plus discrete Laplace noise of the given scale: a mechanism, ready to release.

    OpenDP's ``make_count >> then_laplace(scale)`` on a vector of booleans (one per person
    counted), or the course's NumPy version where OpenDP is not available. Call it on the
    data to release a count; its ``map(1)``, the privacy loss for one person more or less,
    is 1 / scale.
    """
    dp = _opendp()
    if dp is None:
        return privacy_fallback.make_count(scale)
    domain = dp.vector_domain(dp.atom_domain(T=bool))
    return dp.t.make_count(domain, dp.symmetric_distance()) >> dp.m.then_laplace(scale=float(scale))


def counts_by_category_measurement(categories: Sequence[str], scale: float):
    """One count per category, each with its own noise: ``make_count_by_categories``.

    OpenDP's ``make_count_by_categories >> then_laplace(scale)`` on a vector of strings, or
    the course's NumPy version where OpenDP is not available. Its privacy map at 1 (one
    person more or less) is 1 / scale, whatever the number of categories:
    :func:`dp_counts_by_category` releases with it.
    """
    dp = _opendp()
    if dp is None:
        return privacy_fallback.make_count_by_categories(categories, scale)
    domain = dp.vector_domain(dp.atom_domain(T=str))
    return dp.t.make_count_by_categories(
        domain, dp.symmetric_distance(), categories=list(categories), null_category=False
    ) >> dp.m.then_laplace(scale=float(scale))


def sequential_composition(measurements: Sequence):
    """Several releases about the same people, as one mechanism: their privacy losses add up.

    OpenDP's ``make_composition``, or the course's NumPy version where OpenDP is not
    available. The measurements must all come from this module's helpers.
    """
    dp = _opendp()
    if dp is None:
        return privacy_fallback.make_composition(measurements)
    return dp.c.make_composition(list(measurements))


def count_error_bound(scale: float, alpha: float = 0.05) -> float:
    """The error that a share 1 - alpha of the releases of a count stay within.

    For discrete Laplace noise of the given scale (1 / epsilon for a count): OpenDP's
    ``discrete_laplacian_scale_to_accuracy``, or the same exact formula in NumPy where OpenDP
    is not available (:func:`medai.privacy_fallback.discrete_laplace_accuracy`). About ±6.4
    at scale 2 (epsilon 0.5) and alpha 0.05.
    """
    dp = _opendp()
    if dp is None:
        return privacy_fallback.discrete_laplace_accuracy(scale, alpha)
    return float(dp.discrete_laplacian_scale_to_accuracy(float(scale), float(alpha)))


def laplace_count_scale(epsilon: float) -> float:
    """Scale of the Laplace noise that makes a count epsilon-differentially private.

    Adding or removing one patient changes a count by at most 1 (its sensitivity), so the
    noise scale is 1 / epsilon (Dwork et al. 2006). With OpenDP the scale is found with its
    ``binary_search_param`` on the same measurement as :func:`dp_count`, so that the two
    agree; the NumPy version's privacy map is 1 / scale exactly, so its scale is 1 / epsilon.
    """
    _check_epsilon(epsilon)
    dp = _opendp()
    if dp is None:
        return 1.0 / float(epsilon)
    return float(dp.binary_search_param(count_measurement, d_in=1, d_out=float(epsilon)))


def dp_count(values: ArrayLike, epsilon: float) -> int:
    """Release the number of true values with epsilon-differential privacy.

    The count of ``values`` (one boolean per patient) plus discrete Laplace noise of scale
    1 / epsilon, drawn by OpenDP from a cryptographically secure generator (or, where OpenDP
    is not available, by the course's NumPy version, seeded by the operating system): the
    result cannot be seeded, which is the point.
    """
    _check_epsilon(epsilon)
    flags = [bool(v) for v in np.asarray(values).ravel()]
    measurement = count_measurement(1.0 / float(epsilon))
    return int(measurement([f for f in flags if f]))


def dp_counts_by_category(
    values: ArrayLike, categories: Sequence[str], epsilon: float
) -> pd.Series:
    """Release the count of each category with epsilon-differential privacy, for one epsilon.

    Each value is one person's category (the month of their diagnosis, their area...).
    Adding or removing one person changes one count, by 1: the whole vector of counts has
    sensitivity 1, so Laplace noise of scale 1 / epsilon on every count makes the *whole*
    release epsilon-DP (Dwork 2011, "histogram queries"; parallel composition). This holds
    only because each person is in one category: counts of the same people released again
    and again add up instead (sequential composition).

    Parameters
    ----------
    values : array-like of str, shape (n_people,)
        One category per person.
    categories : sequence of str
        The categories to release, in order (a category nobody is in gets a noisy 0).
    epsilon : float
        The privacy budget of the whole release.

    Returns
    -------
    Series of shape (n_categories,)
        The noisy counts (integers, possibly negative), indexed by category.

    Raises
    ------
    ValueError
        :data:`_BAD_EPSILON`, :data:`_NO_CATEGORIES`, :data:`_UNKNOWN_CATEGORY`.
    """
    _check_epsilon(epsilon)
    labels = [str(c) for c in categories]
    if not labels or len(set(labels)) != len(labels):
        raise ValueError(_(_NO_CATEGORIES))
    data = [str(v) for v in np.asarray(values, dtype=object).ravel()]
    unknown = sorted(set(data) - set(labels))
    if unknown:
        raise ValueError(f"{_(_UNKNOWN_CATEGORY)} {unknown[:5]}.")
    measurement = counts_by_category_measurement(labels, 1.0 / float(epsilon))
    return pd.Series([int(v) for v in measurement(data)], index=labels, name=_("noisy count"))


def max_posterior(prior: ArrayLike, epsilon: ArrayLike) -> np.ndarray | float:
    """The most an attacker can believe a fact about one person after an epsilon-DP release.

    Whatever the release, its probability with the person's data is at most e^epsilon times
    its probability without (the definition). By Bayes' rule the attacker's odds that the
    person is in the data (in a register of patients with a disease: that they have it) are
    then multiplied by at most e^epsilon: from a prior p, the posterior is at most
    ``e^eps * p / (e^eps * p + 1 - p)``. With p = 0.5: 0.525 at epsilon 0.1, 0.731 at 1,
    0.993 at 5.

    Parameters
    ----------
    prior : float or array-like
        The attacker's probability before the release, strictly between 0 and 1.
    epsilon : float or array-like
        The privacy budget of the release (broadcast with ``prior``).

    Returns
    -------
    float or ndarray
        The largest possible posterior probability (a float for scalar inputs).

    Raises
    ------
    ValueError
        :data:`_BAD_PRIOR`, :data:`_BAD_EPSILON`.
    """
    p = np.asarray(prior, dtype=float)
    eps = np.asarray(epsilon, dtype=float)
    if not np.all((p > 0) & (p < 1)):
        raise ValueError(f"{_(_BAD_PRIOR)} {got(prior)}")
    if not np.all(np.isfinite(eps) & (eps > 0)):
        raise ValueError(f"{_(_BAD_EPSILON)} {got(epsilon)}")
    factor = np.exp(eps)
    result = factor * p / (factor * p + 1 - p)
    return float(result) if result.ndim == 0 else result


def _check_epsilon(epsilon: float) -> None:
    if isinstance(epsilon, bool) or not np.isfinite(epsilon) or epsilon <= 0:
        raise ValueError(f"{_(_BAD_EPSILON)} {got(epsilon)}")


def membership_advantage(
    model, X_members: ArrayLike, y_members: ArrayLike, X_others: ArrayLike, y_others: ArrayLike
) -> float:
    """Advantage of the best confidence-threshold membership inference attack.

    The attacker sees the probability the model gives to each patient's true label and
    guesses "was in the training set" when it is above a threshold. The advantage is the
    largest true-positive rate minus false-positive rate over all thresholds (Yeom et al.
    2018): 0 means the model's outputs reveal nothing about membership, 1 that membership
    can be read off perfectly.
    """
    confidence = []
    for X, y in ((X_members, y_members), (X_others, y_others)):
        proba = model.predict_proba(X)
        columns = np.searchsorted(model.classes_, np.asarray(y))
        confidence.append(proba[np.arange(len(columns)), columns])
    is_member = np.r_[np.ones(len(confidence[0])), np.zeros(len(confidence[1]))]
    fpr, tpr, _thresholds = roc_curve(is_member, np.concatenate(confidence))
    return float(np.max(tpr - fpr))
