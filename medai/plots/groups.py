"""Per-group figures: ROC curves, calibration and error rates, one curve or bar per group."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike
from sklearn.calibration import calibration_curve
from sklearn.metrics import roc_auc_score, roc_curve

from medai.i18n import N_, _, format_number, format_percent
from medai.metrics import per_group_metrics
from medai.plots.style import (
    _EMPTY_INPUT,
    _LENGTH_MISMATCH,
    curve_style,
    finish_unit_square,
    group_styles,
    new_axes,
    percent_formatter,
)

_ONE_CLASS_GROUP = "A group has patients of only one outcome class, so its ROC curve is undefined."

_ERROR_RATES = {
    "false_negative_rate": N_("False-negative rate\n(missed cases)"),
    "false_positive_rate": N_("False-positive rate\n(false alarms)"),
}


def _aligned(y_true: ArrayLike, values: ArrayLike, groups: ArrayLike) -> tuple[np.ndarray, ...]:
    y_true, values = np.asarray(y_true).ravel(), np.asarray(values).ravel()
    names = np.asarray([str(g) for g in np.asarray(groups, dtype=object).ravel()], dtype=object)
    if not (len(y_true) == len(values) == len(names)):
        raise ValueError(_(_LENGTH_MISMATCH))
    if len(y_true) == 0:
        raise ValueError(_(_EMPTY_INPUT))
    return y_true, values, names


def plot_roc_by_group(
    y_true: ArrayLike, y_score: ArrayLike, groups: ArrayLike, *, ax: Axes | None = None
) -> Axes:
    """Draw one ROC curve per group, with each group's AUC in the legend.

    Parameters
    ----------
    y_true : array-like of shape (n_patients,)
        The condition as established by the reference standard (0 or 1).
    y_score : array-like of shape (n_patients,)
        The model's risk score; higher means more likely to have the condition.
    groups : array-like of shape (n_patients,)
        The patient group of each row.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes, with the chance diagonal as a reference.

    Raises
    ------
    ValueError
        :data:`_ONE_CLASS_GROUP` when a group has no patient with, or none without, the
        condition; :data:`_LENGTH_MISMATCH` when the inputs differ in length.
    """
    y_true, y_score, names = _aligned(y_true, y_score, groups)
    ax = new_axes(ax)
    for name, style in group_styles(names).items():
        rows = names == name
        if np.unique(y_true[rows]).size < 2:
            raise ValueError(f"{_(_ONE_CLASS_GROUP)} " + _("(group {name!r})").format(name=name))
        fpr, tpr, _thresholds = roc_curve(y_true[rows], y_score[rows])
        auc = roc_auc_score(y_true[rows], y_score[rows])
        ax.plot(
            fpr,
            tpr,
            label=_("{group} (AUC = {auc}, n = {n})").format(
                group=name, auc=format_number(auc, 2), n=rows.sum()
            ),
            markevery=0.1,
            **curve_style(style),
        )
    finish_unit_square(
        ax,
        reference=_("Chance (AUC = 0.50)"),
        xlabel=_("False-positive rate (1 − specificity; proportion, 0–1)"),
        ylabel=_("Sensitivity (true-positive rate; proportion, 0–1)"),
        title=_("ROC curve by group"),
        legend_loc="lower right",
    )
    return ax


def plot_calibration_by_group(
    y_true: ArrayLike,
    y_prob: ArrayLike,
    groups: ArrayLike,
    *,
    n_bins: int = 10,
    ax: Axes | None = None,
) -> Axes:
    """Draw one reliability curve per group: predicted risk against observed frequency.

    Parameters
    ----------
    y_true : array-like of shape (n_patients,)
        The condition as established by the reference standard (0 or 1).
    y_prob : array-like of shape (n_patients,)
        The model's predicted probability of the condition, between 0 and 1.
    groups : array-like of shape (n_patients,)
        The patient group of each row.
    n_bins : int, default=10
        Number of equal-width bins of predicted risk; empty bins are left out.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes, with the perfect-calibration diagonal as a reference. A group whose curve
        lies below the diagonal has its risk overestimated; above, underestimated.
    """
    y_true, y_prob, names = _aligned(y_true, y_prob, groups)
    ax = new_axes(ax)
    for name, style in group_styles(names).items():
        rows = names == name
        observed, predicted = calibration_curve(y_true[rows], y_prob[rows], n_bins=n_bins)
        ax.plot(predicted, observed, label=f"{name} (n = {rows.sum()})", **curve_style(style))
    finish_unit_square(
        ax,
        reference=_("Perfect calibration"),
        xlabel=_("Mean predicted risk (probability, 0–1)"),
        ylabel=_("Observed frequency of the condition (proportion, 0–1)"),
        title=_("Calibration by group (reliability diagram)"),
        legend_loc="upper left",
    )
    return ax


def plot_error_rates_by_group(
    y_true: ArrayLike, y_pred: ArrayLike, groups: ArrayLike, *, ax: Axes | None = None
) -> Axes:
    """Draw grouped bars of the false-negative and false-positive rate of each group.

    In triage a false negative is a missed case, usually the costlier error; a false positive
    is a false alarm. The rates come from :func:`medai.metrics.per_group_metrics`.

    Parameters
    ----------
    y_true : array-like of shape (n_patients,)
        The condition as established by the reference standard (0 or 1).
    y_pred : array-like of shape (n_patients,)
        The model's decision (0 or 1), after the threshold.
    groups : array-like of shape (n_patients,)
        The patient group of each row.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes; one bar container per group, its bars' heights the rates as proportions
        (shown as percentages on the axis and above each bar).
    """
    y_true, y_pred, _names = _aligned(y_true, y_pred, groups)
    by_group = per_group_metrics(y_true, y_pred, groups).by_group[list(_ERROR_RATES)]
    styles = group_styles(by_group.index)
    ax = new_axes(ax)
    positions = np.arange(len(_ERROR_RATES))
    width = 0.8 / len(by_group)
    for i, (group, rates) in enumerate(by_group.iterrows()):
        name = str(group)
        heights = rates.to_numpy(dtype=float)
        bars = ax.bar(
            positions + (i - (len(by_group) - 1) / 2) * width,
            heights,
            width,
            label=name,
            color=styles[name].color,
            hatch=styles[name].hatch,
            edgecolor="black",
            linewidth=0.8,
        )
        ax.bar_label(
            bars, labels=[format_percent(h, 1) for h in heights], padding=2, fontsize="small"
        )
    ax.set_xticks(positions, [_(label) for label in _ERROR_RATES.values()])
    ax.yaxis.set_major_formatter(percent_formatter())
    top = float(np.nanmax(by_group.to_numpy(dtype=float), initial=0.0))
    ax.set(
        ylim=(0, max(top * 1.2, 0.1)),  # room for the value labels
        xlabel=_("Type of error"),
        ylabel=_("Error rate (% of patients with / without the condition)"),
        title=_("Error rates by group"),
    )
    ax.legend(title=_("Group"))
    return ax
