"""Synthetic cohorts for module 2, "Judging the evidence".

One generator, :func:`make_screening_audit`, stages the situation the module teaches: a
vendor validates an AI tool on an enriched set of clear-cut cases and publishes its
sensitivity, specificity and AUC; a hospital then uses the tool for opportunistic screening,
at a much lower prevalence and on a wider spectrum of cases. It returns the hospital's local
validation cohort, the vendor's claim and the vendor's fitted model.
"""

from __future__ import annotations

from numbers import Integral, Real
from types import MappingProxyType

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import Bunch

from medai.datasets._description import description
from medai.datasets._validation import RANDOM_STATE, Interval, validate_params

__all__ = ["SCREENING_FEATURES", "VENDOR_CLAIM", "VENDOR_SEED", "make_screening_audit"]

#: The image-derived measurements the vendor's model reads, in order.
SCREENING_FEATURES = ["vertebral_height_ratio", "bone_density_hu", "texture_score"]

#: Seed of the course's vendor: ``vendor_random_state=VENDOR_SEED`` gives the vendor (model,
#: threshold and claim) that the module's notebook, chapter and assignment all quote.
VENDOR_SEED = 2034
#: The claim of that vendor, as its brochure prints it: what ``make_screening_audit`` measures
#: in the vendor's development study with ``VENDOR_SEED`` (a test checks that it does, and that
#: the chapter, the notebook and the assignment quote these figures and no others).
VENDOR_CLAIM = MappingProxyType(
    {"sensitivity": 0.941, "specificity": 0.906, "auc": 0.978, "prevalence": 0.307,
     "n_patients": 1_000}
)  # fmt: skip

# Standardised shift of each measurement in a clear-cut fracture. Their combined separation
# (about 2.8 standard deviations) puts the vendor's AUC on clear-cut cases near 0.97.
_SHIFT = np.array([1.9, 1.6, 1.3])
# A subtle fracture shows only this share of the clear-cut shift.
_SUBTLE_SCALE = 0.4
# Units of each measurement: value = centre + sign * spread * standardised value.
_UNITS = {
    "vertebral_height_ratio": (0.95, -0.03, 3),
    "bone_density_hu": (160.0, -35.0, 1),
    "texture_score": (50.0, 10.0, 1),
}
# The vendor's development study: 2,000 cases at this prevalence, half to fit, half to test.
_DEVELOPMENT_SIZE = 2_000
_TARGET_SENSITIVITY = 0.94


def _draw(
    rng: np.random.Generator, n: int, prevalence: float, subtle_fraction: float
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Patients with their measurements, fracture (0/1) and whether the fracture is subtle."""
    fracture = (rng.random(n) < prevalence).astype(int)
    subtle = (rng.random(n) < subtle_fraction) & (fracture == 1)
    strength = np.where(subtle, _SUBTLE_SCALE, 1.0) * fracture
    z = rng.normal(size=(n, len(_SHIFT))) + strength[:, None] * _SHIFT
    features = pd.DataFrame(
        {
            name: np.round(centre + spread * z[:, j], decimals)
            for j, (name, (centre, spread, decimals)) in enumerate(_UNITS.items())
        }
    )
    return features, fracture, subtle.astype(int)


def _vendor_development(
    rng: np.random.Generator, prevalence: float
) -> tuple[Pipeline, float, dict[str, float]]:
    """Fit the vendor's model on clear-cut cases, choose its threshold and measure its claim."""
    features, fracture, _subtle = _draw(rng, _DEVELOPMENT_SIZE, prevalence, 0.0)
    half = _DEVELOPMENT_SIZE // 2
    model = make_pipeline(StandardScaler(), LogisticRegression())
    model.fit(features.iloc[:half], fracture[:half])
    score = np.round(model.predict_proba(features.iloc[half:])[:, 1], 4)
    truth = fracture[half:]
    # The vendor's operating point: the highest threshold that finds 94 % of its fractures.
    positives = np.sort(score[truth == 1])
    threshold = float(positives[int(np.floor((1 - _TARGET_SENSITIVITY) * len(positives)))])
    flagged = score >= threshold
    claim = {
        "sensitivity": round(float(flagged[truth == 1].mean()), 3),
        "specificity": round(float(1 - flagged[truth == 0].mean()), 3),
        "auc": round(float(roc_auc_score(truth, score)), 3),
        "prevalence": round(float(truth.mean()), 3),
        "n_patients": int(len(truth)),
    }
    return model, threshold, claim


@validate_params(
    {
        "n_samples": Interval(Integral, 100, None, closed="left"),
        "prevalence": Interval(Real, 0, 1, closed="neither"),
        "subtle_fraction": Interval(Real, 0, 1, closed="both"),
        "development_prevalence": Interval(Real, 0, 1, closed="neither"),
        "vendor_random_state": RANDOM_STATE,
        "random_state": RANDOM_STATE,
    }
)
def make_screening_audit(
    n_samples: int = 2_500,
    *,
    prevalence: float = 0.04,
    subtle_fraction: float = 0.4,
    development_prevalence: float = 0.3,
    vendor_random_state: int | np.random.Generator | None = None,
    random_state: int | np.random.Generator | None = None,
) -> Bunch:
    """A vendor's claim for an AI screening tool, and a local cohort to audit it on.

    Imitates the gap between a vendor's validation and local use in opportunistic screening
    with radiology AI: a tool that looks for vertebral fractures on CT scans done for other
    reasons. The vendor develops and tests its model on an *enriched* set (30 % fractures by
    default) of *clear-cut* fractures, and publishes the sensitivity, specificity and AUC
    measured there. The hospital's cohort has a lower prevalence (4 % by default) and a
    wider spectrum: a share of its fractures are subtle. Its reference standard (the
    ``fracture`` column) is taken as exact.

    Tuned to: nothing published. The vendor's operating point is the threshold that finds
    94 % of its own test fractures; its claim (sensitivity, specificity, AUC) is whatever the
    simulated development study measures, rounded as a brochure would round it. The
    mechanisms are the published ones: a case-control design and a narrow spectrum
    overestimate accuracy (spectrum bias; Lijmer et al., JAMA 1999), and a model fitted
    where the condition is common over-predicts risk where it is rare, so it needs local
    recalibration (Van Calster et al., BMC Medicine 2019).

    Differs from reality: three invented image measurements stand for the image; the model
    is a logistic regression; the fracture is the only finding; there is no reader, no
    missing image and no change over time. The numbers are illustrative only.

    Parameters
    ----------
    n_samples : int, default=2_500
        Patients in the local cohort, at least 100.
    prevalence : float, default=0.04
        Share of local patients with a fracture, strictly between 0 and 1.
    subtle_fraction : float, default=0.4
        Share of local fractures that are subtle (show 40 % of the clear-cut signal), from 0
        to 1.
    development_prevalence : float, default=0.3
        Share of fractures in the vendor's development study, strictly between 0 and 1.
    vendor_random_state : int, numpy.random.Generator or None, default=None
        Seed or generator of the vendor's development study alone. None draws it from
        ``random_state``. :data:`VENDOR_SEED` gives the course's vendor and its claim,
        :data:`VENDOR_CLAIM`, with a local cohort drawn from ``random_state``: one vendor,
        several hospitals.
    random_state : int, numpy.random.Generator or None, default=None
        Seed or generator, for reproducible cohorts. Without ``vendor_random_state``, the
        vendor's development study is drawn first, so the same seed gives the same model
        and claim at any local setting.

    Returns
    -------
    sklearn.utils.Bunch
        ``frame`` : DataFrame of shape (n_samples, 8) with columns ``patient_id``, the three
        measurements of :data:`SCREENING_FEATURES`, ``ai_score`` (the vendor's risk score,
        0-1, 4 decimals), ``ai_positive`` (1 if ``ai_score >= threshold``), ``fracture``
        (reference standard, 0/1) and ``subtle`` (1 for a subtle fracture);
        ``claim`` : dict with the vendor's ``sensitivity``, ``specificity``, ``auc``,
        ``prevalence`` and ``n_patients``; ``threshold`` : float, the vendor's operating
        point; ``model`` : the vendor's fitted scikit-learn pipeline (``predict_proba`` on
        ``frame[feature_names]`` gives ``ai_score`` before rounding); ``feature_names``;
        ``target_name`` : "fracture"; ``DESCR`` : this text.

    Examples
    --------
    The course's vendor, whatever the hospital:

    >>> audit = make_screening_audit(500, vendor_random_state=VENDOR_SEED, random_state=1)
    >>> audit.claim == dict(VENDOR_CLAIM)
    True
    """
    rng = np.random.default_rng(random_state)
    # A separate vendor generator leaves the local draws to ``random_state`` alone.
    vendor_rng = rng if vendor_random_state is None else np.random.default_rng(vendor_random_state)
    model, threshold, claim = _vendor_development(vendor_rng, development_prevalence)
    features, fracture, subtle = _draw(rng, int(n_samples), prevalence, subtle_fraction)
    score = np.round(model.predict_proba(features)[:, 1], 4)
    frame = pd.concat(
        [
            pd.DataFrame({"patient_id": [f"P{i:05d}" for i in range(1, int(n_samples) + 1)]}),
            features,
            pd.DataFrame(
                {
                    "ai_score": score,
                    "ai_positive": (score >= threshold).astype(int),
                    "fracture": fracture,
                    "subtle": subtle,
                }
            ),
        ],
        axis=1,
    )
    return Bunch(
        frame=frame,
        claim=claim,
        threshold=threshold,
        model=model,
        feature_names=list(SCREENING_FEATURES),
        target_name="fracture",
        DESCR=description(make_screening_audit),
    )
