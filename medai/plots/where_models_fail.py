"""Figures of module 3, "Where algorithms fail": image grids, pixel maps, learning curves.

Images are drawn in grey, as radiographs are read; maps of where a model looks use the
perceptually uniform, colour-blind-safe ``viridis`` colour map (or ``PuOr`` when the sign
matters), always with a labelled colour bar; learning curves use the course palette with a
different line style and marker per curve.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from medai.plots.style import PALETTE, new_axes

__all__ = [
    "CURVE_SHAPES",
    "NOT_IMAGES",
    "NOT_SQUARE",
    "TITLES_MISMATCH",
    "plot_image_grid",
    "plot_learning_curve",
    "plot_pixel_map",
]

NOT_IMAGES = "images must be an array of shape (n_images, height, width)."
TITLES_MISMATCH = "There must be one title per image."
NOT_SQUARE = "values must hold a square image: side x side values, or a (side, side) array."
CURVE_SHAPES = "train_scores and test_scores must have one row per training size."


def plot_image_grid(
    images: ArrayLike,
    titles: list[str] | None = None,
    *,
    ncols: int = 6,
    suptitle: str | None = None,
) -> Figure:
    """Show grey images side by side, each with a short title.

    Parameters
    ----------
    images : array-like of shape (n_images, height, width)
        Grey levels (any range; each image uses the full grey scale of the set).
    titles : list of str, optional
        One title per image (e.g. "A, disease, marker").
    ncols : int, default=6
        Images per row.
    suptitle : str, optional
        Title of the whole figure.

    Returns
    -------
    matplotlib.figure.Figure
        One Axes per image, without ticks, in reading order.
    """
    images = np.asarray(images)
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(NOT_IMAGES)
    if titles is not None and len(titles) != len(images):
        raise ValueError(TITLES_MISMATCH)
    n = len(images)
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(1.6 * ncols, 1.8 * nrows), layout="constrained", squeeze=False
    )
    low, high = float(images.min()), float(images.max())
    for i, ax in enumerate(axes.ravel()):
        if i >= n:
            ax.remove()
            continue
        ax.imshow(images[i], cmap="gray", vmin=low, vmax=high, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        if titles is not None:
            ax.set_title(titles[i], fontsize=8)
    if suptitle:
        fig.suptitle(suptitle)
    return fig


def plot_pixel_map(
    values: ArrayLike,
    *,
    ax: Axes | None = None,
    title: str = "Where the model looks",
    colorbar_label: str = "Importance",
    signed: bool = False,
) -> Axes:
    """Draw one value per pixel (a coefficient, an importance, an occlusion effect) as an image.

    Parameters
    ----------
    values : array-like of shape (side * side,) or (side, side)
        One value per pixel, row by row.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if None.
    title, colorbar_label : str
        Title of the map and label of its colour bar.
    signed : bool, default=False
        If True, a diverging map centred on 0 (``PuOr``): one colour pushes the score up,
        the other down. Otherwise ``viridis``, from low (dark) to high (yellow).

    Returns
    -------
    matplotlib.axes.Axes
        The map, with row and column numbers on the axes and a colour bar.
    """
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        side = int(round(np.sqrt(values.size)))
        if side * side != values.size:
            raise ValueError(NOT_SQUARE)
        values = values.reshape(side, side)
    if values.ndim != 2 or values.shape[0] != values.shape[1]:
        raise ValueError(NOT_SQUARE)
    ax = new_axes(ax)
    if signed:
        bound = float(np.abs(values).max()) or 1.0
        mappable = ax.imshow(values, cmap="PuOr_r", vmin=-bound, vmax=bound)
    else:
        mappable = ax.imshow(values, cmap="viridis")
    ax.figure.colorbar(mappable, ax=ax, label=colorbar_label, shrink=0.8)
    ax.set(title=title, xlabel="Column (pixel)", ylabel="Row (pixel)")
    return ax


def plot_learning_curve(
    train_sizes: ArrayLike,
    train_scores: ArrayLike,
    test_scores: ArrayLike,
    *,
    ax: Axes | None = None,
    score_name: str = "AUC",
    title: str = "Learning curve",
) -> Axes:
    """Training and validation scores against the number of training examples.

    Takes the output of :func:`sklearn.model_selection.learning_curve`: a wide gap between
    the two curves is overfitting; two low curves that meet are underfitting.

    Parameters
    ----------
    train_sizes : array-like of shape (n_sizes,)
        Number of training examples at each point.
    train_scores, test_scores : array-like of shape (n_sizes, n_folds)
        Scores on the training folds and on the validation folds.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if None.
    score_name, title : str
        Label of the vertical axis and title.

    Returns
    -------
    matplotlib.axes.Axes
        Two curves (mean over folds, with a band of one standard deviation), labelled with
        their last value, so that :func:`medai.plots.alt_text` can describe them.
    """
    sizes = np.asarray(train_sizes, dtype=float).ravel()
    train = np.atleast_2d(np.asarray(train_scores, dtype=float))
    test = np.atleast_2d(np.asarray(test_scores, dtype=float))
    if train.shape[0] != len(sizes) or test.shape[0] != len(sizes):
        raise ValueError(CURVE_SHAPES)
    ax = new_axes(ax)
    curves = [
        ("Training", train, PALETTE[0], "-", "o"),
        ("Validation (held-out patients)", test, PALETTE[1], "--", "s"),
    ]
    for name, scores, color, linestyle, marker in curves:
        mean, sd = scores.mean(axis=1), scores.std(axis=1)
        ax.fill_between(sizes, mean - sd, mean + sd, color=color, alpha=0.2, linewidth=0)
        ax.plot(
            sizes,
            mean,
            color=color,
            linestyle=linestyle,
            marker=marker,
            linewidth=2,
            label=f"{name} (last: {score_name} {mean[-1]:.2f})",
        )
    ax.set(xlabel="Training images", ylabel=score_name, title=title)
    ax.legend(loc="lower right")
    return ax
