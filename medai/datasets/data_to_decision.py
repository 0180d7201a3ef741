"""Synthetic cohort for module 1, "From data to decision".

One generator, :func:`make_fracture_triage_cohort`, gives each radiograph of an emergency
department an AI fracture score and the reference diagnosis, split into a validation set (to
choose the decision threshold) and a test set (to report the performance at that threshold).
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import pandas as pd
from scipy.special import expit
from scipy.stats import norm
from sklearn.utils import Bunch

from medai.datasets._validation import RANDOM_STATE, Interval, validate_params
from medai.i18n import _

__all__ = ["make_fracture_triage_cohort"]

#: Default separation of the two score distributions, in standard deviations. With equal
#: variances, sensitivity equals specificity at the midpoint, where both are
#: Phi(separation / 2) = Phi(1.34) = 0.91: the pooled figures of the meta-analysis below.
DEFAULT_SEPARATION = 2.68

_DESCR = """\
Synthetic fracture-triage cohort
--------------------------------

Imitates an emergency department's radiographs, each read by an AI fracture detector that
outputs a score between 0 and 1, and each with a reference diagnosis (``fracture``: 1 if a
fracture is present, as a consensus of musculoskeletal radiologists would establish it).
The radiographs are split at random into a ``validation`` set, on which a decision
threshold is chosen, and a ``test`` set, on which its performance is reported.

**Columns.** ``radiograph_id`` (str), ``split`` ("validation" or "test"), ``ai_score``
(float in [0, 1], rounded to 4 decimals), ``fracture`` (int, 0 or 1).

Tuned to: a systematic review and meta-analysis of AI fracture detection (Kuo et al.,
Radiology 2022; 42 studies), in which the pooled sensitivity and specificity on external
validation sets were both 91 %. The score is drawn so that the same holds here: the latent
reading of a radiograph is normal with unit variance, shifted by ``separation`` (default
2.68) standard deviations when a fracture is present, so that at the threshold where
sensitivity equals specificity, both are Phi(separation / 2), about 91 % (AUC about 0.97).
By default the score is the posterior probability of a fracture given the reading, at the
cohort's prevalence: it is calibrated by construction.

**One detector, several populations.** By default each cohort's score is calibrated at that
cohort's own prevalence, so two cohorts of different prevalences get two different
detectors: the same reading gives a lower score where fractures are rarer. To apply the
*same* detector (the same mapping from reading to score) to another population, pass
``score_prevalence``, the prevalence at which the detector was calibrated (for example 0.2,
the emergency department where it was developed). Then at any threshold the sensitivity and
the specificity are the same in every cohort (up to sampling noise), while the PPV and the
NPV follow each cohort's prevalence, and the score is calibrated only where the prevalence
equals ``score_prevalence``.

Differs from reality: the prevalence (default 20 %) is a teaching choice, not a measured
figure: it varies widely between departments and body regions. Real scores are neither
normal nor calibrated; real fractures differ in how visible they are (subtle
fractures are missed far more often), and performance differs between body regions,
patients and hospitals. There is no image, no patient, no body region and no time here: only
one score and one diagnosis per radiograph, independent of every other radiograph.
"""


@validate_params(
    {
        "n_samples": Interval(Integral, 20, None, closed="left"),
        "prevalence": Interval(Real, 0, 1, closed="neither"),
        "separation": Interval(Real, 0, None, closed="neither"),
        "validation_fraction": Interval(Real, 0, 1, closed="neither"),
        "score_prevalence": [Interval(Real, 0, 1, closed="neither"), None],
        "random_state": RANDOM_STATE,
    }
)
def make_fracture_triage_cohort(
    n_samples: int = 2_000,
    *,
    prevalence: float = 0.2,
    separation: float = DEFAULT_SEPARATION,
    validation_fraction: float = 0.5,
    score_prevalence: float | None = None,
    random_state: int | np.random.Generator | None = None,
) -> Bunch:
    """Radiographs with an AI fracture score and the reference diagnosis.

    Parameters
    ----------
    n_samples : int, default=2000
        Number of radiographs (at least 20).
    prevalence : float, default=0.2
        Expected share of radiographs with a fracture, strictly between 0 and 1.
    separation : float, default=2.68
        Distance between the latent readings of fractured and intact radiographs, in
        standard deviations, above 0. Larger means a better detector (AUC = Phi(separation /
        sqrt 2)).
    validation_fraction : float, default=0.5
        Expected share of radiographs in the ``validation`` split, strictly between 0 and 1;
        the rest is ``test``.
    score_prevalence : float or None, default=None
        The prevalence at which the detector's score is calibrated (strictly between 0 and
        1): the score is the
        probability of a fracture given the reading in a population with this prevalence.
        None means ``prevalence`` (the score is calibrated in this cohort). Give the same
        value to cohorts of different prevalences to apply one and the same detector to
        each: its sensitivity and specificity at a threshold are then the same (up to
        sampling noise) and its PPV and NPV are not. The random draws do not depend on it.
    random_state : int, numpy.random.Generator or None, default=None
        Seed of the one random generator used for every draw.

    Returns
    -------
    sklearn.utils.Bunch
        ``frame`` : DataFrame of shape (n_samples, 4), columns ``radiograph_id``, ``split``,
        ``ai_score``, ``fracture``;
        ``target_name`` : ``"fracture"``; ``score_name`` : ``"ai_score"``;
        ``prevalence``, ``separation``, ``score_prevalence`` : the parameters used (the
        last one is ``prevalence`` when None was given);
        ``DESCR`` : what the data imitate, what they are tuned to and where they differ.

    Examples
    --------
    The detector calibrated in the emergency department (20 %), used where fractures are
    rare: its score over-predicts the risk there.

    >>> rare = make_fracture_triage_cohort(
    ...     5_000, prevalence=0.02, score_prevalence=0.2, random_state=0
    ... ).frame
    >>> print(f"mean score {rare.ai_score.mean():.3f}, fracture rate {rare.fracture.mean():.3f}")
    mean score 0.078, fracture rate 0.021
    """
    calibrated_at = prevalence if score_prevalence is None else score_prevalence
    n = int(n_samples)
    rng = np.random.default_rng(random_state)
    fracture = (rng.random(n) < prevalence).astype(int)
    reading = rng.standard_normal(n) + separation * fracture
    # Posterior probability of a fracture given the reading (equal-variance binormal model):
    # log-likelihood ratio separation * x - separation**2 / 2, plus the prior log-odds of the
    # population where the detector is calibrated.
    prior_log_odds = np.log(calibrated_at / (1 - calibrated_at))
    log_odds = separation * reading - separation**2 / 2 + prior_log_odds
    score = np.round(expit(log_odds), 4)
    split = np.where(rng.random(n) < validation_fraction, "validation", "test")
    frame = pd.DataFrame(
        {
            "radiograph_id": [f"XR{i:05d}" for i in range(n)],
            "split": split,
            "ai_score": score,
            "fracture": fracture,
        }
    )
    return Bunch(
        frame=frame,
        target_name="fracture",
        score_name="ai_score",
        prevalence=float(prevalence),
        separation=float(separation),
        score_prevalence=float(calibrated_at),
        expected_auc=float(norm.cdf(separation / np.sqrt(2))),
        DESCR=_(_DESCR),
    )
