"""Tests of the module 3 figures: they show the data given, labelled, in accessible colours."""

from __future__ import annotations

import re

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold, GroupShuffleSplit, cross_val_score, learning_curve
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from medai.datasets import make_hospital_radiographs
from medai.plots import PALETTE, alt_text, plot_image_grid, plot_learning_curve, plot_pixel_map
from medai.plots.where_models_fail import (
    _BAD_BACKGROUND,
    _BAD_BLOCK,
    _CURVE_SHAPES,
    _NOT_IMAGES,
    _NOT_SQUARE,
    _TITLES_MISMATCH,
    occlusion_map,
)


@pytest.fixture(autouse=True)
def _agg_backend():
    matplotlib.use("Agg")
    yield
    plt.close("all")


def test_image_grid_shows_each_image_with_its_title():
    images = np.random.default_rng(0).integers(0, 256, (7, 16, 16))
    titles = [f"image {i}" for i in range(7)]
    fig = plot_image_grid(images, titles, ncols=4, suptitle="Seven images")
    axes = fig.get_axes()
    assert len(axes) == 7  # the 8th cell of the 2 x 4 grid is removed
    for ax, image, title in zip(axes, images, titles, strict=True):
        shown = ax.get_images()[0]
        np.testing.assert_array_equal(shown.get_array(), image)
        assert shown.get_cmap().name == "gray"
        assert ax.get_title() == title
    assert fig._suptitle.get_text() == "Seven images"


@pytest.mark.parametrize(
    ("images", "titles", "message"),
    [
        (np.zeros((16, 16)), None, _NOT_IMAGES),
        (np.zeros((2, 4, 4)), ["one"], _TITLES_MISMATCH),
    ],
)
def test_image_grid_rejects_bad_input(images, titles, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        plot_image_grid(images, titles)


def test_pixel_map_reshapes_a_flat_vector_and_labels_it():
    values = np.arange(256.0)
    ax = plot_pixel_map(values, title="Coefficients", colorbar_label="|coefficient|")
    shown = ax.get_images()[0]
    np.testing.assert_array_equal(shown.get_array(), values.reshape(16, 16))
    assert shown.get_cmap().name == "viridis"
    assert ax.get_title() == "Coefficients"
    assert "Colour scale: |coefficient|." in alt_text(ax)
    colorbar_axes = [a for a in ax.figure.get_axes() if a is not ax]
    assert colorbar_axes and colorbar_axes[0].get_ylabel() == "|coefficient|"


def test_signed_pixel_map_is_centred_on_zero():
    values = np.linspace(-1, 3, 16).reshape(4, 4)
    shown = plot_pixel_map(values, signed=True).get_images()[0]
    low, high = shown.get_clim()
    assert low == -high == -3


def test_pixel_map_rejects_a_non_square_image():
    with pytest.raises(ValueError, match=re.escape(_NOT_SQUARE)):
        plot_pixel_map(np.zeros(10))


def test_learning_curve_draws_the_means_sklearn_computes():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 20))
    y = (x[:, 0] + rng.normal(size=300) > 0).astype(int)
    sizes, train, test = learning_curve(
        LogisticRegression(), x, y, train_sizes=[0.2, 0.5, 1.0], cv=3, scoring="roc_auc"
    )
    ax = plot_learning_curve(sizes, train, test)
    lines = ax.get_lines()
    assert len(lines) == 2
    np.testing.assert_allclose(lines[0].get_ydata(), train.mean(axis=1))
    np.testing.assert_allclose(lines[1].get_ydata(), test.mean(axis=1))
    assert [to_hex(line.get_color()) for line in lines] == [PALETTE[0].lower(), PALETTE[1].lower()]
    assert lines[0].get_linestyle() != lines[1].get_linestyle()
    text = alt_text(ax)
    assert "Training images" in text and "Validation" in text
    assert f"{test.mean(axis=1)[-1]:.2f}" in text


def test_learning_curve_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=re.escape(_CURVE_SHAPES)):
        plot_learning_curve([10, 20], np.zeros((3, 2)), np.zeros((3, 2)))


class _LooksAtOnePixel:
    """A "model" whose score is one pixel's grey level: hiding that pixel ruins it."""

    def __init__(self, index):
        self.index = index

    def predict_proba(self, X):
        p = np.asarray(X, dtype=float)[:, self.index] / 255
        return np.column_stack([1 - p, p])


def test_occlusion_map_by_hand():
    rng = np.random.default_rng(0)
    y = np.r_[np.ones(20), np.zeros(20)].astype(int)
    X = rng.integers(0, 100, (40, 16)).astype(float)
    X[:, 5] = np.where(y == 1, 200, 50) + rng.normal(0, 5, 40)  # pixel (1, 1) of a 4 x 4 image
    values = occlusion_map(_LooksAtOnePixel(5), X, y, X.mean(axis=0), block=1)
    assert values.shape == (4, 4)
    # hiding pixel (1, 1) behind one constant value gives every image the same score: AUC 0.5
    assert values[1, 1] == pytest.approx(1.0 - 0.5)
    assert np.count_nonzero(values) == 1
    # with 2 x 2 blocks, each pixel gets the mean drop of the blocks that cover it:
    # (1, 1) is covered by 4 blocks, all of which hide it; (0, 0) by one, which hides it too
    values = occlusion_map(_LooksAtOnePixel(5), X, y, X.mean(axis=0), block=2)
    assert values[1, 1] == pytest.approx(0.5) and values[0, 0] == pytest.approx(0.5)
    assert values[3, 3] == pytest.approx(0.0)


def test_occlusion_map_rejects_bad_input():
    X, y = np.zeros((4, 16)), np.array([0, 1, 0, 1])
    with pytest.raises(ValueError, match=re.escape(_NOT_SQUARE)):
        occlusion_map(_LooksAtOnePixel(0), np.zeros((4, 10)), y, np.zeros(10))
    with pytest.raises(ValueError, match=re.escape(_BAD_BLOCK)):
        occlusion_map(_LooksAtOnePixel(0), X, y, np.zeros(16), block=5)
    with pytest.raises(ValueError, match=re.escape(_BAD_BACKGROUND)):
        occlusion_map(_LooksAtOnePixel(0), X, y, np.zeros(15))


def _shortcut_study(**options):
    """Internal (patient-level) and external AUC, and the occlusion map at hospital A."""
    data = make_hospital_radiographs(250, random_state=0, **options)
    frame, pixels = data.frame, data.feature_names
    a = frame[frame["hospital"] == "A"].reset_index(drop=True)
    b = frame[frame["hospital"] == "B"]

    def model():
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))

    internal = cross_val_score(
        model(),
        a[pixels],
        a["disease"],
        groups=a["patient_id"],
        cv=GroupKFold(5),
        scoring="roc_auc",
    ).mean()
    fitted = model().fit(a[pixels], a["disease"])
    external = roc_auc_score(b["disease"], fitted.predict_proba(b[pixels])[:, 1])
    train, test = next(
        GroupShuffleSplit(n_splits=1, test_size=0.25, random_state=0).split(
            a, groups=a["patient_id"]
        )
    )
    held_in, held_out = a.iloc[train], a.iloc[test]
    occluded = model().fit(held_in[pixels], held_in["disease"])
    values = occlusion_map(occluded, held_out[pixels], held_out["disease"], held_in[pixels].mean())
    return internal, external, values


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_an_occlusion_map_finds_a_marker_but_not_a_spread_shortcut():
    # What the module 3 notebook shows: the marker model's map points at the corner; the
    # spread (exposure) shortcut fails at hospital B just as badly, yet its map is brightest
    # over the lower lung fields, like the map of a model without any shortcut.
    marker = _shortcut_study(shortcut_strength=0.9)
    honest = _shortcut_study(shortcut_strength=0.0)
    spread = _shortcut_study(shortcut_strength=0.0, exposure_shortcut=0.08)
    assert np.unravel_index(marker[2].argmax(), (16, 16)) < (4, 4)
    assert marker[0] > 0.95 and marker[1] < marker[0] - 0.25
    assert spread[0] > 0.9 and spread[1] < spread[0] - 0.2, "a shortcut: fails at B"
    assert spread[1] < honest[1] - 0.05, "worse at B than the model without shortcut"
    row, column = np.unravel_index(spread[2].argmax(), (16, 16))
    assert row >= 8 and column >= 4, "brightest over the lower lung fields, not the corner"
    assert spread[2][:4, :4].max() < 0.5 * spread[2].max()
    assert np.corrcoef(spread[2].ravel(), honest[2].ravel())[0, 1] > 0.8, "looks clinical"
    assert np.unravel_index(honest[2].argmax(), (16, 16))[0] >= 8, "honest: the lungs too"
    # The table of Part 5 of the assignment (models X, Y, Z) shows these figures, rounded.
    table = {"X": marker, "Y": spread, "Z": honest}
    rounded = {name: (round(float(r[0]), 2), round(float(r[1]), 2)) for name, r in table.items()}
    assert rounded == {"X": (0.98, 0.67), "Y": (0.91, 0.67), "Z": (0.77, 0.77)}
