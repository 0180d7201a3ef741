"""Generator of module 3: the images, and the failures the lesson relies on.

What every generator promises (shape, seeds, DESCR, refused arguments) is in
test_datasets_common.py."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from pandas.testing import assert_frame_equal
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold, KFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from medai.datasets import make_hospital_radiographs
from medai.datasets.where_models_fail import marker_pixels, pixel_names


def _model():
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))


@pytest.fixture(scope="module")
def radiographs():
    return make_hospital_radiographs(250, random_state=0)


def test_make_hospital_radiographs_shapes_and_documentation(radiographs):
    frame, images = radiographs.frame, radiographs.images
    assert frame.shape == (250 * 4, 5 + 16 * 16)
    assert images.shape == (1000, 16, 16) and images.dtype == np.uint8
    assert radiographs.feature_names == pixel_names(16)
    assert list(frame.columns[:5]) == ["image_id", "patient_id", "hospital", "disease", "marker"]
    # the pixel columns are the images, row by row
    np.testing.assert_array_equal(
        frame[radiographs.feature_names].to_numpy(), images.reshape(1000, -1)
    )
    assert frame[radiographs.feature_names].to_numpy().min() >= 0
    assert frame[radiographs.feature_names].to_numpy().max() <= 255
    assert set(frame["hospital"]) == {"A", "B"}
    assert frame.groupby("hospital")["patient_id"].nunique().to_dict() == {"A": 150, "B": 100}
    # every patient has 4 images with one label and one hospital
    per_patient = frame.groupby("patient_id").agg(
        n=("image_id", "size"), labels=("disease", "nunique"), sites=("hospital", "nunique")
    )
    assert (per_patient["n"] == 4).all() and (per_patient[["labels", "sites"]] == 1).all().all()
    assert radiographs.target_name == "disease" and radiographs.group_name == "patient_id"
    assert radiographs.unit_name == "patient_id"
    descr = radiographs.DESCR.lower()
    assert "caricature" in descr and "zech" in descr


def test_the_strength_changes_the_marker_and_nothing_else():
    weak = make_hospital_radiographs(80, shortcut_strength=0.0, random_state=1)
    strong = make_hospital_radiographs(80, shortcut_strength=1.0, random_state=1)
    outside = [c for c in weak.feature_names if c not in weak.marker_pixels]
    assert_frame_equal(weak.frame[outside], strong.frame[outside])
    assert not weak.frame["marker"].equals(strong.frame["marker"])
    # the marker is drawn where the documentation says, and nowhere else
    drawn = strong.frame[strong.frame["marker"] == 1]
    assert (drawn[strong.marker_pixels] >= 240).all().all()
    assert (
        strong.marker_pixels
        == marker_pixels(16)
        == ["px_01_01", "px_01_02", "px_02_01", "px_02_02"]
    )


def test_the_exposure_shortcut_brightens_diseased_images_at_hospital_a_only():
    plain = make_hospital_radiographs(80, shortcut_strength=0.0, random_state=1)
    assert_frame_equal(
        plain.frame,
        make_hospital_radiographs(
            80, shortcut_strength=0.0, exposure_shortcut=0.0, random_state=1
        ).frame,
    )
    bright = make_hospital_radiographs(
        80, shortcut_strength=0.0, exposure_shortcut=0.08, random_state=1
    )
    pixels = plain.feature_names
    shift = bright.frame[pixels].to_numpy(float) - plain.frame[pixels].to_numpy(float)
    target = (plain.frame["hospital"] == "A") & (plain.frame["disease"] == 1)
    # 0.08 of the 0-255 scale is about 20 grey levels on every pixel (less where it clips)
    assert np.median(shift[target.to_numpy()]) == pytest.approx(0.08 * 255, abs=1)
    assert (shift[~target.to_numpy()] == 0).all()
    assert_frame_equal(bright.frame.drop(columns=pixels), plain.frame.drop(columns=pixels))


def test_the_marker_follows_the_disease_at_hospital_a_only():
    frame = make_hospital_radiographs(2000, images_per_patient=2, random_state=2).frame
    a, b = frame[frame["hospital"] == "A"], frame[frame["hospital"] == "B"]
    # P(marker | disease) = 0.5 + 0.5 * 0.9 and P(marker | no disease) = 0.05 at A; 0.5 at B
    rates_a = a.groupby("disease")["marker"].mean()
    assert rates_a[1] == pytest.approx(0.95, abs=0.02) and rates_a[0] == pytest.approx(
        0.05, abs=0.02
    )
    rates_b = b.groupby("disease")["marker"].mean()
    assert rates_b[1] == pytest.approx(0.5, abs=0.04) and rates_b[0] == pytest.approx(0.5, abs=0.04)
    prevalence = frame.groupby("hospital")["disease"].mean()
    assert prevalence["A"] == pytest.approx(0.5, abs=0.03)
    assert prevalence["B"] == pytest.approx(0.3, abs=0.03)


def test_a_model_learns_the_shortcut_and_fails_at_hospital_b(radiographs):
    frame, pixels = radiographs.frame, radiographs.feature_names
    a, b = frame[frame["hospital"] == "A"], frame[frame["hospital"] == "B"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = _model().fit(a[pixels], a["disease"])
        internal = cross_val_score(
            _model(),
            a[pixels],
            a["disease"],
            groups=a["patient_id"],
            cv=GroupKFold(5),
            scoring="roc_auc",
        ).mean()
    external = roc_auc_score(b["disease"], model.predict_proba(b[pixels])[:, 1])
    assert internal > 0.9, "near-perfect inside hospital A"
    assert external < internal - 0.2, "and a collapse at hospital B"
    top = np.argsort(-np.abs(model[-1].coef_.ravel()))[:4]
    assert sorted(pixels[i] for i in top) == sorted(radiographs.marker_pixels)


def test_an_image_level_split_leaks_and_a_patient_level_split_does_not(radiographs):
    frame = radiographs.frame
    a = frame[frame["hospital"] == "A"]
    pixels = [c for c in radiographs.feature_names if c not in radiographs.marker_pixels]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        image_level = cross_val_score(
            _model(),
            a[pixels],
            a["disease"],
            cv=KFold(5, shuffle=True, random_state=0),
            scoring="roc_auc",
        ).mean()
        patient_level = cross_val_score(
            _model(),
            a[pixels],
            a["disease"],
            groups=a["patient_id"],
            cv=GroupKFold(5),
            scoring="roc_auc",
        ).mean()
    assert image_level > patient_level + 0.1
    assert patient_level > 0.6, "the opacity alone carries a real, weaker signal"


def test_other_sizes_work():
    bunch = make_hospital_radiographs(300, images_per_patient=3, image_size=24, random_state=0)
    assert bunch.images.shape == (900, 24, 24)
    assert len(bunch.feature_names) == 24 * 24
