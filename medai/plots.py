"""Per-group figures: ROC curves, calibration and error rates, in a colour-blind-safe style.

Every ``plot_*`` function draws on a matplotlib Axes (a new figure when ``ax`` is None) and
returns it, with labelled axes, a title and a legend. Groups are told apart by colour from the
Okabe-Ito palette *and* by line style and marker (hatching for bars), so a figure still reads
for colour-blind learners and in greyscale print. :func:`alt_text` turns any of these Axes into
a short description that notebooks reuse as alt text.

The backend is left to the caller: notebooks use the inline backend, tests select Agg.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.ticker import PercentFormatter
from numpy.typing import ArrayLike
from sklearn.calibration import calibration_curve
from sklearn.metrics import roc_auc_score, roc_curve

from medai.metrics import per_group_metrics

__all__ = [
    "PALETTE",
    "GroupStyle",
    "alt_text",
    "group_colors",
    "group_styles",
    "plot_calibration_by_group",
    "plot_error_rates_by_group",
    "plot_roc_by_group",
]

#: Okabe & Ito's colour-blind-safe palette, in the order groups receive it. Yellow comes last
#: because it has the lowest contrast on a white background.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#000000",  # black
    "#F0E442",  # yellow
)

#: Reference lines (chance, perfect calibration) are grey and dotted, unlike any group.
REFERENCE_COLOR = "#767676"
REFERENCE_GID = "reference"

_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
# Dotted is kept for the reference lines.
_LINESTYLES = ("-", "--", "-.", (0, (3, 1, 1, 1, 1, 1)))
_HATCHES = ("", "//", "\\\\", "xx", "..", "++", "oo", "--")

LENGTH_MISMATCH = "y_true, the scores or predictions, and groups must have the same length."
EMPTY_INPUT = "There are no patients to plot."
ONE_CLASS_GROUP = "A group has patients of only one outcome class, so its ROC curve is undefined."

_ERROR_RATES = {
    "false_negative_rate": "False-negative rate\n(missed cases)",
    "false_positive_rate": "False-positive rate\n(false alarms)",
}


@dataclass(frozen=True)
class GroupStyle:
    """How one group is drawn.

    A colour, plus a line style, marker and hatch so that groups differ without colour too.
    """

    color: str
    linestyle: str | tuple[int, tuple[int, ...]]
    marker: str
    hatch: str


def _group_names(groups: ArrayLike) -> list[str]:
    """The distinct group names as strings, sorted.

    Sorting makes a group's style independent of the order in which patients appear.
    """
    return sorted({str(g) for g in np.asarray(groups, dtype=object).ravel()})


def group_styles(groups: ArrayLike) -> dict[str, GroupStyle]:
    """Give each group a stable colour, line style, marker and hatch.

    Parameters
    ----------
    groups : array-like
        The group of each patient, or the list of distinct groups.

    Returns
    -------
    dict of str to GroupStyle
        One style per distinct group, keyed by the group name as a string, in sorted order.
        Up to 8 groups get distinct colours and markers; up to 32 get distinct
        colour and line-style pairs.
    """
    styles = {}
    for i, name in enumerate(_group_names(groups)):
        styles[name] = GroupStyle(
            color=PALETTE[i % len(PALETTE)],
            # shift the line style once the colours wrap round, so no two groups look alike
            linestyle=_LINESTYLES[(i + i // len(PALETTE)) % len(_LINESTYLES)],
            marker=_MARKERS[i % len(_MARKERS)],
            hatch=_HATCHES[i % len(_HATCHES)],
        )
    return styles


def group_colors(groups: ArrayLike) -> dict[str, str]:
    """Give each group a stable colour from :data:`PALETTE`.

    Parameters
    ----------
    groups : array-like
        The group of each patient, or the list of distinct groups.

    Returns
    -------
    dict of str to str
        Hex colour per group name; the same set of groups always gets the same colours.
    """
    return {name: style.color for name, style in group_styles(groups).items()}


def _aligned(y_true: ArrayLike, values: ArrayLike, groups: ArrayLike) -> tuple[np.ndarray, ...]:
    y_true, values = np.asarray(y_true).ravel(), np.asarray(values).ravel()
    names = np.asarray([str(g) for g in np.asarray(groups, dtype=object).ravel()], dtype=object)
    if not (len(y_true) == len(values) == len(names)):
        raise ValueError(LENGTH_MISMATCH)
    if len(y_true) == 0:
        raise ValueError(EMPTY_INPUT)
    return y_true, values, names


def _new_axes(ax: Axes | None) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 5), layout="constrained")
    return ax


def _curve_style(style: GroupStyle) -> dict[str, object]:
    """Line keywords of one group's curve: colour, line style and marker all tell it apart."""
    return {
        "color": style.color,
        "linestyle": style.linestyle,
        "marker": style.marker,
        "markersize": 6,
        "linewidth": 2,
    }


def _finish_unit_square(
    ax: Axes, *, reference: str, xlabel: str, ylabel: str, title: str, legend_loc: str
) -> None:
    """Diagonal reference, labels and legend of a plot of two proportions (ROC, calibration)."""
    ax.plot(
        [0, 1],
        [0, 1],
        color=REFERENCE_COLOR,
        linestyle=":",
        linewidth=1.5,
        label=reference,
        gid=REFERENCE_GID,
    )
    ax.set(xlim=(0, 1), ylim=(0, 1.02), xlabel=xlabel, ylabel=ylabel, title=title)
    ax.set_aspect("equal")
    ax.legend(title="Group", loc=legend_loc)


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
        :data:`ONE_CLASS_GROUP` when a group has no patient with, or none without, the
        condition; :data:`LENGTH_MISMATCH` when the inputs differ in length.
    """
    y_true, y_score, names = _aligned(y_true, y_score, groups)
    ax = _new_axes(ax)
    for name, style in group_styles(names).items():
        rows = names == name
        if np.unique(y_true[rows]).size < 2:
            raise ValueError(f"{ONE_CLASS_GROUP} (group {name!r})")
        fpr, tpr, _ = roc_curve(y_true[rows], y_score[rows])
        auc = roc_auc_score(y_true[rows], y_score[rows])
        ax.plot(
            fpr,
            tpr,
            label=f"{name} (AUC = {auc:.2f}, n = {rows.sum()})",
            markevery=0.1,
            **_curve_style(style),
        )
    _finish_unit_square(
        ax,
        reference="Chance (AUC = 0.50)",
        xlabel="False-positive rate (1 − specificity; proportion, 0–1)",
        ylabel="Sensitivity (true-positive rate; proportion, 0–1)",
        title="ROC curve by group",
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
    ax = _new_axes(ax)
    for name, style in group_styles(names).items():
        rows = names == name
        observed, predicted = calibration_curve(y_true[rows], y_prob[rows], n_bins=n_bins)
        ax.plot(predicted, observed, label=f"{name} (n = {rows.sum()})", **_curve_style(style))
    _finish_unit_square(
        ax,
        reference="Perfect calibration",
        xlabel="Mean predicted risk (probability, 0–1)",
        ylabel="Observed frequency of the condition (proportion, 0–1)",
        title="Calibration by group (reliability diagram)",
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
    y_true, y_pred, _ = _aligned(y_true, y_pred, groups)
    by_group = per_group_metrics(y_true, y_pred, groups).by_group[list(_ERROR_RATES)]
    styles = group_styles(by_group.index)
    ax = _new_axes(ax)
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
        ax.bar_label(bars, labels=[f"{h:.1%}" for h in heights], padding=2, fontsize="small")
    ax.set_xticks(positions, list(_ERROR_RATES.values()))
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    top = float(np.nanmax(by_group.to_numpy(dtype=float), initial=0.0))
    ax.set(
        ylim=(0, max(top * 1.2, 0.1)),  # room for the value labels
        xlabel="Type of error",
        ylabel="Error rate (% of patients with / without the condition)",
        title="Error rates by group",
    )
    ax.legend(title="Group")
    return ax


def _one_line(text: str) -> str:
    return " ".join(text.split())


def alt_text(ax: Axes) -> str:
    """Describe in a few sentences what an Axes shows, for use as alt text.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Typically one returned by a ``plot_*`` function of this module.

    Returns
    -------
    str
        The title, the axis labels, each group with its legend entry (the AUC, for ROC
        curves), the reference lines and, for bar charts, every bar's value.
    """
    bar_groups = [c for c in ax.containers if isinstance(c, BarContainer)]
    kind = "Bar chart" if bar_groups else "Line chart"
    sentences = [f"{kind}: {_one_line(ax.get_title()) or 'untitled'}."]
    if ax.get_xlabel():
        sentences.append(f"Horizontal axis: {_one_line(ax.get_xlabel())}.")
    if ax.get_ylabel():
        sentences.append(f"Vertical axis: {_one_line(ax.get_ylabel())}.")

    if bar_groups:
        categories = [_one_line(t.get_text()) for t in ax.get_xticklabels()]
        described = []
        for bars in bar_groups:
            values = ", ".join(
                f"{category} {value:.1%}"
                for category, value in zip(categories, bars.datavalues, strict=False)
            )
            described.append(f"{bars.get_label()}: {values}")
        sentences.append("Groups: " + "; ".join(described) + ".")
    else:
        handles, labels = ax.get_legend_handles_labels()
        groups = [
            lab for h, lab in zip(handles, labels, strict=True) if h.get_gid() != REFERENCE_GID
        ]
        references = [
            lab for h, lab in zip(handles, labels, strict=True) if h.get_gid() == REFERENCE_GID
        ]
        if groups:
            sentences.append("Groups: " + "; ".join(groups) + ".")
        if references:
            sentences.append("Reference: " + "; ".join(references) + " (dotted grey line).")
    return " ".join(sentences)
