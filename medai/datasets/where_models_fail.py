"""Synthetic radiograph-like images for module 3, "Where algorithms fail".

The generator draws tiny grey images of a caricatured chest, several per patient, from two
hospitals. A faint opacity marks the disease; a bright marker in the top-left corner goes
with the disease at hospital A (where, say, the sicker patients are imaged with a portable
scanner that stamps its marker) but not at hospital B. It imitates the shortcut described by
Zech et al. (PLOS Medicine 2018), where chest radiograph models recognised the hospital and
the department rather than only the disease, and it makes the patient-level leak of an
image-level split visible, because images of one patient share that patient's anatomy.
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

from medai.datasets._description import description
from medai.datasets._validation import RANDOM_STATE, Interval, validate_params

__all__ = ["PIXEL_PREFIX", "make_hospital_radiographs", "marker_pixels", "pixel_names"]

#: Pixel columns are named ``px_<row>_<column>``, rows and columns counted from 0.
PIXEL_PREFIX = "px_"

# Grey levels on a 0-1 scale before the conversion to 8-bit integers.
_AIR = 0.08  # outside the body: dark, like the corners of a radiograph
_SOFT_TISSUE = 0.55
_LUNG = 0.30
_MEDIASTINUM = 0.78
_MARKER = 0.97  # the scanner's marker, a bright square
_MARKER_SIDE = 2  # pixels; the marker sits at rows and columns 1 and 2
# Patient-level anatomy (shared by all images of a patient) and image-level noise, both as
# standard deviations on the 0-1 scale. The anatomy is what makes an image-level split leak.
_ANATOMY_SD = 0.06
_TEXTURE_SD = 0.06
_BRIGHTNESS_SD = 0.03
_NOISE_SD = 0.05
_EXPOSURE_SD = 0.02
# Prevalence of the disease among patients at hospitals A and B: a shift in case mix too.
_PREVALENCE = {"A": 0.5, "B": 0.3}
# Hospital B's scanner renders slightly brighter images: an acquisition shift.
_HOSPITAL_B_EXPOSURE = 0.03
# At hospital B, the marker is on this share of images, whatever the disease.
_HOSPITAL_B_MARKER_RATE = 0.5


def pixel_names(image_size: int = 16) -> list[str]:
    """Names of the pixel columns of an image of ``image_size`` x ``image_size``, row by row."""
    return [f"{PIXEL_PREFIX}{r:02d}_{c:02d}" for r in range(image_size) for c in range(image_size)]


def marker_pixels(image_size: int = 16) -> list[str]:
    """Names of the pixel columns the scanner's marker covers."""
    return [
        f"{PIXEL_PREFIX}{r:02d}_{c:02d}"
        for r in range(1, 1 + _MARKER_SIDE)
        for c in range(1, 1 + _MARKER_SIDE)
    ]


def _chest_template(size: int) -> np.ndarray:
    """A caricature of a frontal chest: body, two dark lung fields, a bright mediastinum."""
    y, x = np.mgrid[0:size, 0:size] / (size - 1)  # 0-1 coordinates
    image = np.full((size, size), _AIR)
    body = ((x - 0.5) / 0.46) ** 2 + ((y - 0.58) / 0.55) ** 2 < 1
    image[body] = _SOFT_TISSUE
    for centre in (0.3, 0.7):
        lung = ((x - centre) / 0.16) ** 2 + ((y - 0.55) / 0.3) ** 2 < 1
        image[lung] = _LUNG
    mediastinum = (np.abs(x - 0.5) < 0.07) & (y > 0.2) & body
    image[mediastinum] = _MEDIASTINUM
    return image


def _smooth_field(rng: np.random.Generator, n: int, size: int) -> np.ndarray:
    """``n`` smooth random fields of ``size`` x ``size``, unit standard deviation.

    Coarse 4 x 4 noise, bilinearly enlarged: patient "anatomy" that varies slowly in space.
    """
    coarse = rng.normal(0.0, 1.0, (n, 4, 4))
    grid = np.linspace(0, 3, size)
    low = np.floor(grid).astype(int).clip(0, 2)
    frac = grid - low
    down, across = (1 - frac)[None, :, None], frac[None, :, None]
    rows = coarse[:, low, :] * down + coarse[:, low + 1, :] * across
    left, right = (1 - frac)[None, None, :], frac[None, None, :]
    field = rows[:, :, low] * left + rows[:, :, low + 1] * right
    return field / field.std(axis=(1, 2), keepdims=True)


@validate_params(
    {
        # a million patients of 4 images would fill gigabytes
        "n_samples": Interval(Integral, 20, 10**6, closed="both"),
        "images_per_patient": Interval(Integral, 1, 20, closed="both"),
        "image_size": Interval(Integral, 12, 64, closed="both"),
        "shortcut_strength": Interval(Real, 0, 1, closed="both"),
        "external_share": Interval(Real, 0, 1, closed="neither"),
        "opacity": Interval(Real, 0, 1, closed="both"),
        "exposure_shortcut": Interval(Real, 0, 0.5, closed="both"),
        "random_state": RANDOM_STATE,
    }
)
def make_hospital_radiographs(
    n_samples: int = 250,
    *,
    images_per_patient: int = 4,
    image_size: int = 16,
    shortcut_strength: float = 0.9,
    external_share: float = 0.4,
    opacity: float = 0.2,
    exposure_shortcut: float = 0.0,
    random_state: int | np.random.Generator | None = None,
) -> Bunch:
    """Tiny synthetic chest "radiographs" from two hospitals, with a shortcut at one of them.

    Imitates the shortcut learning found by Zech et al. (PLOS Medicine 2018): pneumonia
    models trained on chest radiographs from several hospitals also learned to recognise
    the hospital system and the department, whose disease rates differed, so that they
    performed worse on radiographs from other hospitals. Here, at hospital A a bright
    square marker in the top-left corner (think of the portable scanner used for the
    sicker patients) goes with the disease; at hospital B the marker is on half of the
    images whatever the disease. A model that learns the marker scores well at hospital A
    and fails at hospital B. Each patient has several images that share the patient's
    anatomy, so that a split of the images, rather than of the patients, leaks.

    Tuned to: no published figure; the sizes, contrasts and rates are chosen so that the
    lessons show on a laptop in a second (a logistic regression on the pixels). The
    disease is more common at hospital A (50 % of patients) than at B (30 %), echoing the
    very different pneumonia rates of the hospitals in Zech et al., and B's scanner
    renders slightly brighter images.

    Differs from reality: this is a caricature, not an X-ray. Real radiographs have
    hundreds of thousands of pixels, real anatomy, projections, devices, text and
    many diseases; real opacities vary in shape, size and place; real shortcuts are
    subtler (scanner noise, laterality markers, cropping, the patient's position) and
    cannot be switched off by a parameter. Every patient here has the same number of
    images, and the label is the truth, whereas real labels come from reports.

    A second, *spread* shortcut can be switched on with ``exposure_shortcut``: at hospital
    A, every image of a diseased patient is made brighter as a whole (think of an exposure
    setting or a post-processing used for the sicker patients). It has no place in the
    image, so a map of where the model looks does not point at it.

    Parameters
    ----------
    n_samples : int, default=250
        Patients, the sampled unit, over both hospitals (20 to 1,000,000). Each has
        ``images_per_patient`` images: the frame has ``n_samples * images_per_patient``
        rows.
    images_per_patient : int, default=4
        Images per patient, from 1 to 20 (all with the patient's label, as in a follow-up
        series).
    image_size : int, default=16
        Side of the square images, in pixels, from 12 to 64.
    shortcut_strength : float, default=0.9
        How closely the marker follows the disease at hospital A, from 0 (independent,
        on half of the images) to 1 (on every image of a diseased patient and none of the
        others). The marker's probability is ``0.5 + 0.5 * shortcut_strength`` with the
        disease and ``0.5 - 0.5 * shortcut_strength`` without it. Everything else, pixel
        for pixel, is the same whatever the strength, for a given ``random_state``.
    external_share : float, default=0.4
        Share of the patients who come from hospital B, strictly between 0 and 1.
    opacity : float, default=0.2
        Brightness of the disease's opacity (0-1 grey scale) at its centre, from 0 to 1.
    exposure_shortcut : float, default=0.0
        Grey level (0-1 scale, at most 0.5) added to every pixel of the images of diseased
        patients at hospital A only: a shortcut spread over the whole image. 0 (the default)
        leaves every image unchanged; for a given ``random_state``, nothing else changes with it.
    random_state : int, numpy.random.Generator or None, default=None
        Seed or generator, for reproducible images.

    Returns
    -------
    sklearn.utils.Bunch
        ``frame`` : DataFrame of shape (n_samples * images_per_patient, 5 + image_size**2)
        with columns ``image_id``, ``patient_id``, ``hospital`` ("A" or "B"), ``disease``
        (0 or 1, the same for all images of a patient), ``marker`` (1 if the marker is
        drawn) and the pixels ``px_<row>_<column>`` (integers 0-255, row by row);
        ``images`` : uint8 array of shape (n_images, image_size, image_size);
        ``feature_names`` : the pixel columns; ``marker_pixels`` : the columns the marker
        covers; ``target_name`` : "disease"; ``group_name`` : "patient_id", the groups of a
        patient-level split; ``unit_name`` : "patient_id", the column of the sampled unit
        (a patient has ``images_per_patient`` rows); ``DESCR`` : this text.
    """
    n_patients = n_samples  # the sampled unit: a patient, with several images
    rng = np.random.default_rng(random_state)
    size, k = int(image_size), int(images_per_patient)
    n_b = max(1, round(external_share * n_patients))
    hospital = np.array(["A"] * (n_patients - n_b) + ["B"] * n_b)
    prevalence = np.where(hospital == "A", _PREVALENCE["A"], _PREVALENCE["B"])
    disease = (rng.random(n_patients) < prevalence).astype(int)

    # Per patient: anatomy and brightness shared by all their images, and where the opacity
    # lies (lower half of one lung).
    anatomy = _ANATOMY_SD * _smooth_field(rng, n_patients, size)
    anatomy = anatomy + rng.normal(0.0, _TEXTURE_SD, (n_patients, size, size))
    brightness = rng.normal(0.0, _BRIGHTNESS_SD, n_patients)
    side = rng.choice([0.3, 0.7], n_patients)
    height = rng.uniform(0.55, 0.75, n_patients)

    # Per image. Every draw is made whatever the options, so that changing the shortcut's
    # strength changes the marker and nothing else.
    n_images = n_patients * k
    patient = np.repeat(np.arange(n_patients), k)
    noise = rng.normal(0.0, _NOISE_SD, (n_images, size, size))
    exposure = rng.normal(0.0, _EXPOSURE_SD, n_images)
    marker_draw = rng.random(n_images)
    opacity_scale = rng.uniform(0.7, 1.3, n_images)

    y, x = np.mgrid[0:size, 0:size] / (size - 1)
    dx = x[None] - side[patient, None, None]
    dy = y[None] - height[patient, None, None]
    blob = np.exp(-(dx**2 + dy**2) / (2 * 0.1**2))
    img_hospital = hospital[patient]
    img_disease = disease[patient]
    images = (
        _chest_template(size)[None]
        + anatomy[patient]
        + (brightness[patient] + exposure + _HOSPITAL_B_EXPOSURE * (img_hospital == "B"))[
            :, None, None
        ]
        + noise
        + (opacity * opacity_scale * img_disease)[:, None, None] * blob
        # The spread shortcut: no random draw, so that it changes nothing else.
        + (exposure_shortcut * img_disease * (img_hospital == "A"))[:, None, None]
    )
    marker_rate = np.where(
        img_hospital == "A",
        0.5 + 0.5 * shortcut_strength * (2 * img_disease - 1),
        _HOSPITAL_B_MARKER_RATE,
    )
    marker = (marker_draw < marker_rate).astype(int)
    corner = slice(1, 1 + _MARKER_SIDE)
    images[marker == 1, corner, corner] = _MARKER
    pixels = np.rint(np.clip(images, 0.0, 1.0) * 255).astype(np.uint8)

    columns = pixel_names(size)
    meta = pd.DataFrame(
        {
            "image_id": [f"I{i:05d}" for i in range(n_images)],
            "patient_id": [f"P{p:04d}" for p in patient],
            "hospital": img_hospital,
            "disease": img_disease,
            "marker": marker,
        }
    )
    frame = pd.concat(
        [meta, pd.DataFrame(pixels.reshape(n_images, -1).astype(np.int64), columns=columns)],
        axis=1,
    )
    return Bunch(
        frame=frame,
        images=pixels,
        feature_names=columns,
        marker_pixels=marker_pixels(size),
        target_name="disease",
        group_name="patient_id",
        unit_name="patient_id",
        DESCR=description(make_hospital_radiographs),
    )
