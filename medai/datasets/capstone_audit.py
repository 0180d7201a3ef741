"""Synthetic audit data for the capstone, "Audit a tool before adoption".

One generator, :func:`make_fracture_audit`, stages the decision a hospital faces when a vendor
offers it an AI fracture-triage tool for the radiographs of its emergency departments. It
returns the vendor's dossier (claimed performance on the vendor's own validation set, intended
use, CE class, where the data are processed) and a retrospective local cohort: the tool's
score and flag on each radiograph, the reference standard, and only the patient groups that
French data may lawfully hold (sex, age band, a deprivation quintile, the territory) with the
site and acquisition device. The generator is built so that an audit finds something real:
the vendor's figures do not hold locally, the tool misses more fractures in older patients
with osteoporotic bone and on one site's legacy device, and its score over-predicts risk.
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import pandas as pd
from scipy.special import expit
from scipy.stats import norm
from sklearn.metrics import roc_auc_score
from sklearn.utils import Bunch

from medai.datasets._description import description
from medai.datasets._validation import RANDOM_STATE, Interval, validate_params
from medai.i18n import _

__all__ = [
    "AGE_BANDS",
    "AUDIT_COLUMNS",
    "DEVICES",
    "DOSSIER_COLUMNS",
    "SITES",
    "THRESHOLD",
    "make_fracture_audit",
]

#: Age bands of the cohort, youngest first (adults only: the tool's intended use).
AGE_BANDS = ["18-39", "40-64", "65-79", "80+"]
#: Emergency departments of the (invented) hospital group and their territory.
SITES = {"A": "metropolitan", "B": "metropolitan", "C": "overseas"}
#: Acquisition devices: digital radiography (DR) rooms, and site B's legacy computed
#: radiography (CR) unit, the only device of its kind.
DEVICES = {"DR-1": "A", "DR-2": "B", "CR-1": "B", "DR-3": "C"}
#: Columns of the local cohort, in order (``osteoporosis`` is the generator's hidden cause).
AUDIT_COLUMNS = [
    "exam_id", "site", "device", "territory", "sex", "age_band", "deprivation_quintile",
    "ai_score", "ai_positive", "fracture", "osteoporosis",
]  # fmt: skip
#: Columns of the vendor's dossier: one row per item, every value as text.
DOSSIER_COLUMNS = ["section", "item", "value"]

# Separation of the latent reading of a clear-cut fracture from an intact bone, in standard
# deviations: sensitivity 0.95 with specificity 0.90 needs z(0.95) + z(0.90) = 2.93 (AUC 0.98).
_SEPARATION = 2.93
# The vendor's validation study: a case-control set, half fractures, clear-cut cases only.
_VENDOR_SIZE = 1_200
_VENDOR_PREVALENCE = 0.5
# The vendor's operating point: the reading above which a clear-cut fracture is flagged 95 %
# of the time (2.93 - z(0.95)), as a score. It leaves 90 % of intact bones unflagged.
_THRESHOLD_READING = _SEPARATION - norm.ppf(0.95)
THRESHOLD = float(np.round(expit(_SEPARATION * _THRESHOLD_READING - _SEPARATION**2 / 2), 4))
# Teaching choices, not measured figures. Share of radiographs per site and age band; share
# of women per age band; probability of osteoporotic bone by sex and age band; relative
# fracture risk of osteoporotic bone; share of site B's radiographs taken on its CR unit;
# deprivation quintiles (1 = least deprived) of metropolitan and overseas patients.
_SITE_SHARES = {"A": 0.40, "B": 0.35, "C": 0.25}
_AGE_SHARES = [0.30, 0.32, 0.18, 0.20]
_FEMALE_SHARE = [0.45, 0.48, 0.55, 0.65]
_OSTEOPOROSIS = {"F": [0.01, 0.05, 0.20, 0.50], "M": [0.005, 0.02, 0.06, 0.20]}
_OSTEOPOROSIS_RISK = 1.8
_LEGACY_SHARE_AT_B = 0.30
_QUINTILES = {
    "metropolitan": [0.2, 0.2, 0.2, 0.2, 0.2],
    "overseas": [0.05, 0.10, 0.15, 0.30, 0.40],
}
# A share of the clear-cut signal: some must show, and 1 is as clear as the vendor's cases.
_VISIBILITY = Interval(Real, 0, 1, closed="right")


def _score(rng: np.random.Generator, fracture: np.ndarray, visibility: np.ndarray) -> np.ndarray:
    """The tool's score: the posterior of a fracture given the reading, at 50 % prevalence.

    The vendor calibrated its score on its own, half-fracture, validation set; a score of 0.5
    means even odds there, not here.
    """
    reading = rng.standard_normal(len(fracture)) + _SEPARATION * visibility * fracture
    return np.round(expit(_SEPARATION * reading - _SEPARATION**2 / 2), 4)


def _vendor_study(rng: np.random.Generator) -> dict[str, float]:
    """The claim the vendor's validation study measures at its operating point."""
    fracture = np.repeat([1, 0], _VENDOR_SIZE // 2)
    score = _score(rng, fracture, np.ones(_VENDOR_SIZE))
    flagged = score >= THRESHOLD
    claim = {
        "sensitivity": round(float(flagged[fracture == 1].mean()), 3),
        "specificity": round(float(1 - flagged[fracture == 0].mean()), 3),
        "auc": round(float(roc_auc_score(fracture, score)), 3),
        "prevalence": _VENDOR_PREVALENCE,
        "n_radiographs": _VENDOR_SIZE,
    }
    return claim


def _dossier(claim: dict[str, float], threshold: float) -> pd.DataFrame:
    """The vendor's dossier as a hospital would receive it, one item per row.

    The texts are in the notebook's language; the numbers are written as Python writes them,
    so that ``float(value)`` reads them back.
    """
    rows = [
        ("product", "name", _("FxTriage 2 (an invented product)")),
        (
            "product",
            "intended_use",
            _(
                "Detection of fractures on the radiographs of adults (18 "
                "years and over) seen in an emergency department. The tool marks suspected "
                "fractures for the physician, who reads every radiograph; it does not replace "
                "that reading."
            ),
        ),
        (
            "product",
            "regulatory_status",
            _("CE marked, class IIa medical device under Regulation (EU) 2017/745"),
        ),
        (
            "product",
            "score",
            _(
                "A score between 0 and 1, presented as the probability of a "
                "fracture; radiographs at or above the threshold are flagged"
            ),
        ),
        ("product", "threshold", f"{threshold:.4f}"),
        (
            "validation",
            "design",
            _(
                "Retrospective; radiographs with and without a fracture "
                "selected separately (case-control), at two hospitals outside France"
            ),
        ),
        (
            "validation",
            "population",
            _("Adults aged 18 to 75; radiographs from digital radiography (DR) systems only"),
        ),
        ("validation", "reference_standard", _("Consensus of two musculoskeletal radiologists")),
        ("validation", "n_radiographs", str(claim["n_radiographs"])),
        ("validation", "prevalence", f"{claim['prevalence']}"),
        ("validation", "sensitivity", f"{claim['sensitivity']}"),
        ("validation", "specificity", f"{claim['specificity']}"),
        ("validation", "auc", f"{claim['auc']}"),
        ("validation", "subgroup_results", _("Not reported")),
        (
            "data",
            "data_sent",
            _(
                "Each radiograph in DICOM format, with the patient's name "
                "removed but the hospital's patient number, age and sex kept"
            ),
        ),
        (
            "data",
            "processing_location",
            _(
                "The vendor's platform on a public cloud, in a data centre in the European "
                "Union; the result returns to the hospital's imaging system"
            ),
        ),
        (
            "data",
            "hds_certificate",
            _("Health-data hosting (HDS) certification of the host: application in progress"),
        ),
        (
            "data",
            "retention",
            _(
                "Radiographs kept 30 days by the vendor and used to improve the "
                "product unless the hospital objects"
            ),
        ),
    ]
    return pd.DataFrame(rows, columns=DOSSIER_COLUMNS)


@validate_params(
    {
        "n_samples": Interval(Integral, 200, None, closed="left"),
        "prevalence": Interval(Real, 0, 0.5, closed="neither"),
        "osteoporotic_visibility": _VISIBILITY,
        "legacy_visibility": _VISIBILITY,
        "random_state": RANDOM_STATE,
    }
)
def make_fracture_audit(
    n_samples: int = 4_000,
    *,
    prevalence: float = 0.15,
    osteoporotic_visibility: float = 0.45,
    legacy_visibility: float = 0.55,
    random_state: int | np.random.Generator | None = None,
) -> Bunch:
    """A vendor's dossier for a fracture-triage tool, and a local cohort to audit it on.

    Imitates the adoption decision of a French public hospital group (invented) with three
    emergency departments: sites A and B in metropolitan France, site C in an overseas
    department. A vendor offers an AI tool that flags fractures on radiographs. Its dossier
    claims a sensitivity, specificity and AUC measured on its own case-control validation
    set (half fractures, adults aged 18 to 75, digital radiography only), presents the score
    as a probability, and sends the images to its cloud. The hospital's retrospective cohort
    of consecutive radiographs holds the tool's score and flag, the reference standard, and
    the groups French data may lawfully hold: sex, age band, a deprivation quintile (of an
    area-level index of the patient's commune of residence, in the manner of the French FDep
    index of Rey et al., BMC Public Health 2009, built from census variables), the territory
    (metropolitan or overseas), the site and the acquisition device. Ethnic origin is not
    recorded: GDPR article 9 and the French law n° 78-17 forbid processing data that reveal
    it, save narrow exceptions.

    The tool reads a latent signal per radiograph (equal-variance binormal model). A
    fracture in osteoporotic bone shows only ``osteoporotic_visibility`` of a clear-cut
    fracture's signal, and a radiograph from site B's legacy computed-radiography unit
    (``CR-1``) only ``legacy_visibility`` of it. Osteoporosis is commoner with age and in
    women, and it raises the risk of a fracture. So locally the tool misses more fractures
    than claimed, mostly in the oldest patients (more often women) and on ``CR-1``; the
    score, calibrated on a half-fracture set, over-predicts risk at the local prevalence.

    Tuned to: nothing published. The vendor's operating point, :data:`THRESHOLD`, is the
    score at which a clear-cut fracture is flagged 95 % of the time, leaving about 90 % of
    intact bones unflagged (AUC about 0.98); its claim is what a simulated study of 1,200
    such radiographs measures there, rounded as a brochure would round it. The group
    shares, osteoporosis rates and visibilities are teaching choices, large enough for an
    audit of a few thousand radiographs to see them. The mechanisms are the published ones:
    a case-control design and a narrow spectrum overestimate accuracy (Lijmer et al., JAMA
    1999); a score calibrated at one prevalence is miscalibrated at another (Van
    Calster et al., BMC Medicine 2019); acquisition differences between sites shift a
    model's performance (Zech et al., PLOS Medicine 2018).

    Differs from reality: one latent score stands for the image; the reference standard is
    exact; osteoporosis and the device act only through the signal's strength (real
    osteoporotic fractures also differ in type and site); the effect sizes are invented,
    not measured in any published subgroup analysis; the deprivation quintile is drawn
    without a commune, and for overseas patients too, whereas FDep was built for mainland
    France only (here an invented index covers every commune, and overseas patients are
    drawn more deprived, a teaching choice); the hospital group, the vendor, its product and
    dossier are invented.

    Parameters
    ----------
    n_samples : int, default=4_000
        Radiographs in the local cohort (one per patient visit), at least 200.
    prevalence : float, default=0.15
        Expected share of local radiographs with a fracture, strictly between 0 and 0.5.
    osteoporotic_visibility : float, default=0.45
        Share of a clear-cut fracture's signal that a fracture in osteoporotic bone shows,
        above 0 and at most 1; 1 removes the effect.
    legacy_visibility : float, default=0.55
        Share of the signal a radiograph from the legacy ``CR-1`` unit shows, above 0 and at
        most 1; 1 removes the effect.
    random_state : int, numpy.random.Generator or None, default=None
        Seed or generator. The vendor's study is drawn first, so a seed gives the same
        claim whatever the local options.

    Returns
    -------
    sklearn.utils.Bunch
        ``frame`` : DataFrame of shape (n_samples, 11), the columns of :data:`AUDIT_COLUMNS`:
        ``exam_id`` (str), ``site`` ("A", "B", "C"), ``device`` (a key of :data:`DEVICES`),
        ``territory`` ("metropolitan" or "overseas"), ``sex`` ("F" or "M"), ``age_band``
        (one of :data:`AGE_BANDS`), ``deprivation_quintile`` (int, 1 least to 5 most
        deprived), ``ai_score`` (float in [0, 1], 4 decimals), ``ai_positive`` (1 if
        ``ai_score >= threshold``), ``fracture`` (reference standard, 0/1) and
        ``osteoporosis`` (0/1, the hidden cause; an audit would not have it);
        ``dossier`` : DataFrame of shape (18, 3), columns :data:`DOSSIER_COLUMNS`, every
        value a string; ``claim`` : dict with the vendor's ``sensitivity``,
        ``specificity``, ``auc``, ``prevalence`` and ``n_radiographs``; ``threshold`` :
        float, the vendor's operating point (:data:`THRESHOLD`); ``target_name`` : "fracture";
        ``DESCR`` : this text.

    Examples
    --------
    The dossier states the claim the vendor's study measured:

    >>> audit = make_fracture_audit(1_000, random_state=0)
    >>> claimed = audit.dossier.set_index("item")["value"]
    >>> float(claimed["sensitivity"]) == audit.claim["sensitivity"]
    True
    """
    rng = np.random.default_rng(random_state)
    claim = _vendor_study(rng)
    threshold = THRESHOLD
    n = int(n_samples)

    site = rng.choice(list(_SITE_SHARES), size=n, p=list(_SITE_SHARES.values()))
    legacy = (site == "B") & (rng.random(n) < _LEGACY_SHARE_AT_B)
    device = np.select([site == "A", legacy, site == "B"], ["DR-1", "CR-1", "DR-2"], "DR-3")
    territory = np.array([SITES[s] for s in site])
    band = rng.choice(len(AGE_BANDS), size=n, p=_AGE_SHARES)
    sex = np.where(rng.random(n) < np.take(_FEMALE_SHARE, band), "F", "M")
    osteo_rate = np.where(
        sex == "F", np.take(_OSTEOPOROSIS["F"], band), np.take(_OSTEOPOROSIS["M"], band)
    )
    osteoporosis = (rng.random(n) < osteo_rate).astype(int)
    quintile = np.empty(n, dtype=int)
    for place, shares in _QUINTILES.items():
        here = territory == place
        quintile[here] = rng.choice(np.arange(1, 6), size=int(here.sum()), p=shares)

    # Osteoporotic bone breaks more easily; the weights keep the expected prevalence.
    weight = np.where(osteoporosis == 1, _OSTEOPOROSIS_RISK, 1.0)
    risk = np.minimum(prevalence * weight / weight.mean(), 0.95)
    fracture = (rng.random(n) < risk).astype(int)
    visibility = np.where(osteoporosis == 1, osteoporotic_visibility, 1.0) * np.where(
        legacy, legacy_visibility, 1.0
    )
    score = _score(rng, fracture, visibility)

    frame = pd.DataFrame(
        {
            "exam_id": [f"RX{i:05d}" for i in range(1, n + 1)],
            "site": site,
            "device": device,
            "territory": territory,
            "sex": sex,
            "age_band": np.take(AGE_BANDS, band),
            "deprivation_quintile": quintile,
            "ai_score": score,
            "ai_positive": (score >= threshold).astype(int),
            "fracture": fracture,
            "osteoporosis": osteoporosis,
        }
    )
    return Bunch(
        frame=frame,
        dossier=_dossier(claim, threshold),
        claim=claim,
        threshold=threshold,
        target_name="fracture",
        DESCR=description(make_fracture_audit),
    )
