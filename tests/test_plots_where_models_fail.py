"""Tests of the module 3 figures: they show the data given, labelled, in accessible colours."""

from __future__ import annotations

import re

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import learning_curve

from medai.plots import PALETTE, alt_text, plot_image_grid, plot_learning_curve, plot_pixel_map
from medai.plots.where_models_fail import CURVE_SHAPES, NOT_IMAGES, NOT_SQUARE, TITLES_MISMATCH


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
        (np.zeros((16, 16)), None, NOT_IMAGES),
        (np.zeros((2, 4, 4)), ["one"], TITLES_MISMATCH),
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
    assert ax.get_xlabel() and ax.get_ylabel()
    colorbar_axes = [a for a in ax.figure.get_axes() if a is not ax]
    assert colorbar_axes and colorbar_axes[0].get_ylabel() == "|coefficient|"


def test_signed_pixel_map_is_centred_on_zero():
    values = np.linspace(-1, 3, 16).reshape(4, 4)
    shown = plot_pixel_map(values, signed=True).get_images()[0]
    low, high = shown.get_clim()
    assert low == -high == -3


def test_pixel_map_rejects_a_non_square_image():
    with pytest.raises(ValueError, match=re.escape(NOT_SQUARE)):
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
    with pytest.raises(ValueError, match=re.escape(CURVE_SHAPES)):
        plot_learning_curve([10, 20], np.zeros((3, 2)), np.zeros((3, 2)))
