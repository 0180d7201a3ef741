"""Figures of module 3, "Where algorithms fail": image grids, pixel maps, learning curves.

:func:`occlusion_map` computes the values of one kind of pixel map (an occlusion map: how
much a score drops when a block of pixels is hidden), for :func:`plot_pixel_map` to draw.

Images are drawn in grey, as radiographs are read; maps of where a model looks use the
perceptually uniform, colour-blind-safe ``viridis`` colour map (or ``PuOr`` when the sign
matters), always with a labelled colour bar; learning curves use the course palette with a
different line style and marker per curve.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike
from sklearn.metrics import roc_auc_score

from medai.i18n import _, format_number
from medai.plots.style import PALETTE, new_axes

__all__ = [
    "occlusion_map",
    "plot_image_grid",
    "plot_learning_curve",
    "plot_pixel_map",
]

_NOT_IMAGES = "images must be an array of shape (n_images, height, width)."
_TITLES_MISMATCH = "There must be one title per image."
_NOT_SQUARE = "values must hold a square image: side x side values, or a (side, side) array."
_CURVE_SHAPES = "train_scores and test_scores must have one row per training size."
_BAD_BLOCK = "block must be an integer from 1 to the side of the image."
_BAD_BACKGROUND = "background must hold one value per pixel, like a row of X."


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
        raise ValueError(_(_NOT_IMAGES))
    if titles is not None and len(titles) != len(images):
        raise ValueError(_(_TITLES_MISMATCH))
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
    title: str | None = None,
    colorbar_label: str | None = None,
    signed: bool = False,
) -> Axes:
    """Draw one value per pixel (a coefficient, an importance, an occlusion effect) as an image.

    Parameters
    ----------
    values : array-like of shape (side * side,) or (side, side)
        One value per pixel, row by row.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if None.
    title, colorbar_label : str, optional
        Title of the map and label of its colour bar; by default "Where the model looks" and
        "Importance", in the notebook's language.
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
            raise ValueError(_(_NOT_SQUARE))
        values = values.reshape(side, side)
    if values.ndim != 2 or values.shape[0] != values.shape[1]:
        raise ValueError(_(_NOT_SQUARE))
    ax = new_axes(ax)
    if signed:
        bound = float(np.abs(values).max()) or 1.0
        mappable = ax.imshow(values, cmap="PuOr_r", vmin=-bound, vmax=bound)
    else:
        mappable = ax.imshow(values, cmap="viridis")
    if colorbar_label is None:
        colorbar_label = _("Importance")
    ax.figure.colorbar(mappable, ax=ax, label=colorbar_label, shrink=0.8)
    ax.set(
        title=_("Where the model looks") if title is None else title,
        xlabel=_("Column (pixel)"),
        ylabel=_("Row (pixel)"),
    )
    return ax


def plot_learning_curve(
    train_sizes: ArrayLike,
    train_scores: ArrayLike,
    test_scores: ArrayLike,
    *,
    ax: Axes | None = None,
    score_name: str = "AUC",
    title: str | None = None,
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
    score_name, title : str, optional
        Label of the vertical axis and title ("Learning curve", in the notebook's language, by
        default).

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
        raise ValueError(_(_CURVE_SHAPES))
    ax = new_axes(ax)
    curves = [
        (_("Training"), train, PALETTE[0], "-", "o"),
        (_("Validation (held-out patients)"), test, PALETTE[1], "--", "s"),
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
            label=_("{curve} (last: {score_name} {score})").format(
                curve=name, score_name=score_name, score=format_number(mean[-1], 2)
            ),
        )
    ax.set(
        xlabel=_("Training images"),
        ylabel=score_name,
        title=_("Learning curve") if title is None else title,
    )
    ax.legend(loc="lower right")
    return ax


def occlusion_map(model, X, y: ArrayLike, background: ArrayLike, *, block: int = 3) -> np.ndarray:
    """AUC lost when each block of pixels is hidden: the values of an occlusion map.

    A ``block`` x ``block`` square of every image of ``X`` is replaced by ``background``
    (for example the average training image) and the AUC of the model on ``y`` is measured
    again; the square slides over the image, and each pixel gets the mean drop of the
    squares that cover it. The map shows *where* hiding pixels changes the model's scores
    on these images, not *why*: a shortcut spread over the whole image (a brightness, a
    texture) loses little when any one square is hidden, and does not show.

    Parameters
    ----------
    model : fitted classifier with ``predict_proba``
        Fitted on the columns of ``X``, in the same order.
    X : DataFrame or array of shape (n_images, side * side)
        The images, one row each, pixels row by row (held-out images, not training ones).
    y : array-like of shape (n_images,)
        Their labels (0 or 1), both present.
    background : array-like of shape (side * side,)
        The values put in place of a hidden square.
    block : int, default=3
        Side of the hidden square, in pixels.

    Returns
    -------
    ndarray of shape (side, side)
        The mean drop in AUC when the pixel is hidden (negative where hiding helps).

    Raises
    ------
    ValueError
        :data:`_NOT_SQUARE`, :data:`_BAD_BLOCK`, :data:`_BAD_BACKGROUND`.
    """
    pixels = np.asarray(X, dtype=float)
    side = int(round(np.sqrt(pixels.shape[1]))) if pixels.ndim == 2 else 0
    if side == 0 or side * side != pixels.shape[1]:
        raise ValueError(_(_NOT_SQUARE))
    if isinstance(block, bool) or int(block) != block or not 1 <= block <= side:
        raise ValueError(_(_BAD_BLOCK))
    fill = np.asarray(background, dtype=float).ravel()
    if fill.size != side * side:
        raise ValueError(_(_BAD_BACKGROUND))
    columns = getattr(X, "columns", None)
    labels = np.asarray(y)

    def scores(rows: np.ndarray) -> np.ndarray:
        # Keep the column names the model was fitted with, when it was fitted on a frame.
        data = rows if columns is None else pd.DataFrame(rows, columns=columns)
        return model.predict_proba(data)[:, 1]

    baseline = float(roc_auc_score(labels, scores(pixels)))
    images, fill = pixels.reshape(-1, side, side), fill.reshape(side, side)
    corners = [(r, c) for r in range(side - block + 1) for c in range(side - block + 1)]
    # All the occluded copies are scored in one call: one prediction, not one per block.
    hidden = np.repeat(images[None], len(corners), axis=0)
    for k, (r, c) in enumerate(corners):
        hidden[k, :, r : r + block, c : c + block] = fill[r : r + block, c : c + block]
    all_scores = scores(hidden.reshape(-1, side * side)).reshape(len(corners), len(images))
    drop, covered = np.zeros((side, side)), np.zeros((side, side))
    for (r, c), block_scores in zip(corners, all_scores, strict=True):
        drop[r : r + block, c : c + block] += baseline - roc_auc_score(labels, block_scores)
        covered[r : r + block, c : c + block] += 1
    return drop / covered
