"""Figures of module 1, "From data to decision": a score, a threshold, and what it decides.

- :func:`plot_score_distributions` -- the scores of patients with and without the condition,
  and the threshold that splits them into flagged and not flagged;
- :func:`plot_roc_with_threshold` -- the ROC curve with the operating point of one threshold.

Both draw on a matplotlib Axes (a new figure when ``ax`` is None), return it, and tell the
two classes apart by colour *and* hatching or marker, as the rest of :mod:`medai.plots`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike
from sklearn.metrics import confusion_matrix, roc_auc_score, roc_curve

from medai.i18n import _, format_number, got
from medai.plots.style import (
    _LENGTH_MISMATCH,
    PALETTE,
    REFERENCE_COLOR,
    finish_unit_square,
    new_axes,
)

__all__ = [
    "OPERATING_POINT_GID",
    "THRESHOLD_GID",
    "plot_roc_with_threshold",
    "plot_score_distributions",
]

_ONE_CLASS = "y_true must contain patients both with (1) and without (0) the condition."
_NOT_A_THRESHOLD = "threshold must lie between 0 and 1."
#: ``gid`` of the operating-point marker and of the threshold line, to find them again.
OPERATING_POINT_GID = "operating-point"
THRESHOLD_GID = "threshold"


def _checked(y_true: ArrayLike, y_score: ArrayLike, threshold: float):
    y_true = np.asarray(y_true).ravel().astype(int)
    y_score = np.asarray(y_score, dtype=float).ravel()
    if len(y_true) != len(y_score):
        raise ValueError(_(_LENGTH_MISMATCH))
    if set(np.unique(y_true)) != {0, 1}:
        raise ValueError(_(_ONE_CLASS))
    if not 0.0 <= float(threshold) <= 1.0:
        raise ValueError(f"{_(_NOT_A_THRESHOLD)} {got(threshold)}")
    return y_true, y_score


def plot_score_distributions(
    y_true: ArrayLike,
    y_score: ArrayLike,
    threshold: float,
    *,
    condition: str = "fracture",
    bins: int = 25,
    ax: Axes | None = None,
) -> Axes:
    """Histograms of the score with and without the condition, and the threshold.

    Parameters
    ----------
    y_true : array-like of shape (n_patients,)
        The condition as established by the reference standard (0 or 1).
    y_score : array-like of shape (n_patients,)
        The model's score, between 0 and 1.
    threshold : float
        Patients at or above it are flagged.
    condition : str, default="fracture"
        The name of the condition, for the legend.
    bins : int, default=25
        Number of bins between 0 and 1.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    y_true, y_score = _checked(y_true, y_score, threshold)
    ax = new_axes(ax)
    edges = np.linspace(0, 1, bins + 1)
    without = _("No {condition}").format(condition=condition)
    for label, name, color, hatch in (
        (0, f"{without} (n = {(y_true == 0).sum()})", PALETTE[0], ""),
        (1, f"{condition.capitalize()} (n = {(y_true == 1).sum()})", PALETTE[1], "//"),
    ):
        ax.hist(
            y_score[y_true == label],
            bins=edges,
            color=color,
            alpha=0.6,
            hatch=hatch,
            edgecolor="black",
            linewidth=0.5,
            label=name,
        )
    ax.axvline(
        threshold,
        color=REFERENCE_COLOR,
        linestyle="--",
        linewidth=2,
        label=_("Threshold {threshold}").format(threshold=format_number(threshold, 2)),
        gid=THRESHOLD_GID,
    )
    ax.set(
        xlim=(0, 1),
        xlabel=_("AI score (0–1); flagged when at or above the threshold"),
        ylabel=_("Number of patients"),
        title=_("Scores with and without the condition"),
    )
    ax.set_yscale("log")
    ax.legend(loc="upper center")
    return ax


def plot_roc_with_threshold(
    y_true: ArrayLike,
    y_score: ArrayLike,
    threshold: float,
    *,
    ax: Axes | None = None,
) -> Axes:
    """The ROC curve, with the point where a given threshold operates.

    Parameters
    ----------
    y_true : array-like of shape (n_patients,)
        The condition as established by the reference standard (0 or 1).
    y_score : array-like of shape (n_patients,)
        The model's score, between 0 and 1.
    threshold : float
        The decision threshold: patients at or above it are flagged.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        The curve (with the AUC in the legend), the chance diagonal, and the operating
        point (``gid`` :data:`OPERATING_POINT_GID`) at (1 − specificity, sensitivity).
    """
    y_true, y_score = _checked(y_true, y_score, threshold)
    ax = new_axes(ax)
    fpr, tpr, _thresholds = roc_curve(y_true, y_score)
    auc = roc_auc_score(y_true, y_score)
    ax.plot(
        fpr,
        tpr,
        color=PALETTE[0],
        linewidth=2,
        label=_("AI score (AUC = {auc})").format(auc=format_number(auc, 3)),
    )
    tn, fp, fn, tp = confusion_matrix(y_true, (y_score >= threshold).astype(int)).ravel()
    ax.plot(
        [fp / (fp + tn)],
        [tp / (tp + fn)],
        linestyle="none",
        marker="D",
        markersize=10,
        color=PALETTE[5],
        markeredgecolor="black",
        label=_("Threshold {threshold}").format(threshold=format_number(threshold, 2)),
        gid=OPERATING_POINT_GID,
    )
    finish_unit_square(
        ax,
        reference=_("Chance (AUC = 0.50)"),
        xlabel=_("False-positive rate (1 − specificity; proportion, 0–1)"),
        ylabel=_("Sensitivity (true-positive rate; proportion, 0–1)"),
        title=_("ROC curve and the operating point"),
        legend_loc="lower right",
    )
    ax.legend(loc="lower right")  # no "Group" title: there is one curve
    return ax
