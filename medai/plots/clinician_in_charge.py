"""Figures of module 6, "The clinician stays in charge": deferral, automation bias, trade-offs.

- :func:`plot_deferral_band` -- the tool's scores with and without a fracture, and the band
  of uncertain scores deferred to a radiologist;
- :func:`plot_accuracy_by_ai_correctness` -- readers' accuracy when the AI suggestion is
  right and when it is wrong, per level of experience (automation bias);
- :func:`plot_team_tradeoff` -- missed fractures against radiologist reads, one point per
  human-AI policy.

Each draws on a matplotlib Axes (a new figure when ``ax`` is None) and returns it, in the
style of :mod:`medai.plots.style`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from medai.i18n import N_, _, format_number, format_percent
from medai.plots.data_to_decision import THRESHOLD_GID, plot_score_distributions
from medai.plots.style import PALETTE, REFERENCE_COLOR, group_styles, new_axes, percent_formatter
from medai.teams import TeamResult, deferral_decisions

__all__ = [
    "BAND_GID",
    "HIGH_GID",
    "PUBLISHED_GID",
    "plot_accuracy_by_ai_correctness",
    "plot_deferral_band",
    "plot_team_tradeoff",
]

#: ``gid`` of the shaded band, of the upper threshold line and of the published markers.
BAND_GID = "deferral-band"
HIGH_GID = "high-threshold"
PUBLISHED_GID = "published"

_ACCURACY = {
    "accuracy_ai_correct": (N_("AI suggestion correct"), PALETTE[0], ""),
    "accuracy_ai_wrong": (N_("AI suggestion wrong"), PALETTE[5], "//"),
}
_NO_ACCURACY_COLUMNS = f"The table needs the columns {list(_ACCURACY)}."
_NO_RESULTS = "There are no policies to plot."


def plot_deferral_band(
    y_true: ArrayLike,
    y_score: ArrayLike,
    low: float,
    high: float,
    *,
    condition: str = "fracture",
    bins: int = 25,
    ax: Axes | None = None,
) -> Axes:
    """Histograms of the score with and without the condition, and the deferral band.

    Below ``low`` the tool rules out, at or above ``high`` it flags; the band in between,
    shaded, is read by a radiologist (:func:`medai.teams.deferral_decisions`).

    Parameters
    ----------
    y_true : array-like of shape (n_radiographs,)
        The reference diagnosis (0 or 1), both present.
    y_score : array-like of shape (n_radiographs,)
        The tool's score, between 0 and 1.
    low, high : float
        The band, ``0 <= low <= high <= 1``.
    condition : str, default="fracture"
        The name of the condition, for the legend.
    bins : int, default=25
        Number of bins between 0 and 1.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        The histograms, the two threshold lines (``gid`` :data:`THRESHOLD_GID` for ``low``,
        :data:`HIGH_GID` for ``high``) and the band (``gid`` :data:`BAND_GID`), whose legend
        entry says how many radiographs it holds.
    """
    decisions = deferral_decisions(y_score, low, high)  # checks the band
    ax = plot_score_distributions(y_true, y_score, low, condition=condition, bins=bins, ax=ax)
    low_line = next(line for line in ax.lines if line.get_gid() == THRESHOLD_GID)
    low_line.set_label(_("Rule out below {low}").format(low=format_number(low, 2)))
    ax.axvline(
        high,
        color=REFERENCE_COLOR,
        linestyle=":",
        linewidth=2,
        label=_("Flag at or above {high}").format(high=format_number(high, 2)),
        gid=HIGH_GID,
    )
    n_read = int((decisions == "read").sum())
    ax.axvspan(
        low,
        high,
        color=PALETTE[2],
        alpha=0.15,
        label=_("Read by a radiologist ({n_read} of {n})").format(
            n_read=format_number(n_read, 0), n=format_number(len(decisions), 0)
        ),
        gid=BAND_GID,
    )
    ax.set(
        title=_("The tool decides at the ends; a radiologist reads the middle"),
        xlabel=_("AI score (0–1)"),
    )
    ax.legend(loc="upper center", fontsize="small")
    return ax


def plot_accuracy_by_ai_correctness(
    table: pd.DataFrame, *, published: pd.DataFrame | None = None, ax: Axes | None = None
) -> Axes:
    """Grouped bars of readers' accuracy when the AI suggestion was right and when it was wrong.

    Parameters
    ----------
    table : DataFrame
        One row per level of experience (the index), with the columns
        ``accuracy_ai_correct`` and ``accuracy_ai_wrong`` (proportions, 0-1).
    published : DataFrame, optional
        The same columns for the same levels, drawn as black diamonds (``gid``
        :data:`PUBLISHED_GID`), for example the published figures the data imitate.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        Two bar containers, their heights the proportions, labelled as percentages.
    """
    if not set(_ACCURACY) <= set(table.columns):
        raise ValueError(_(_NO_ACCURACY_COLUMNS))
    ax = new_axes(ax)
    # Levels the course names (EXPERIENCE_LEVELS) are shown in the notebook's language.
    levels = [_(str(level)) for level in table.index]
    positions = np.arange(len(levels))
    width = 0.38
    for i, (column, (label, color, hatch)) in enumerate(_ACCURACY.items()):
        heights = table[column].to_numpy(dtype=float)
        offset = (i - 0.5) * width
        bars = ax.bar(
            positions + offset,
            heights,
            width,
            label=_(label),
            color=color,
            hatch=hatch,
            edgecolor="black",
            linewidth=0.8,
        )
        ax.bar_label(
            bars, labels=[format_percent(h, 0) for h in heights], padding=2, fontsize="small"
        )
        if published is not None:
            ax.plot(
                positions + offset,
                published.loc[table.index, column].to_numpy(dtype=float),
                linestyle="none",
                marker="D",
                color="black",
                markersize=6,
                gid=PUBLISHED_GID,
                label=_("Published figure") if i == 0 else None,
            )
    ax.set_xticks(positions, levels)
    ax.yaxis.set_major_formatter(percent_formatter())
    ax.set(
        ylim=(0, 1.1),
        xlabel=_("Reader's experience"),
        ylabel=_("Readings with the right answer (%)"),
        title=_("Accuracy when the AI is right and when it is wrong"),
    )
    ax.legend(loc="upper left", fontsize="small")
    return ax


def plot_team_tradeoff(results: Mapping[str, TeamResult], *, ax: Axes | None = None) -> Axes:
    """One point per policy: radiologist reads against missed fractures, per 1,000.

    Parameters
    ----------
    results : mapping of str to TeamResult
        Each policy's name (as it should read in the legend) and its result
        (:func:`medai.teams.team_outcomes`).
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        One marker per policy (a ``Line2D`` without line), in the order given, each with a
        legend entry that states its two numbers. Lower left is better on both.
    """
    if not results:
        raise ValueError(_(_NO_RESULTS))
    ax = new_axes(ax)
    styles = group_styles(list(results))
    for name, result in results.items():
        style = styles[str(name)]
        ax.plot(
            [result.reads_per_1000],
            [result.missed_per_1000],
            linestyle="none",
            marker=style.marker,
            markersize=10,
            color=style.color,
            markeredgecolor="black",
            label=_("{policy}: {reads} reads, {missed} missed").format(
                policy=name,
                reads=format_number(result.reads_per_1000, 0),
                missed=format_number(result.missed_per_1000, 1),
            ),
        )
    top = max(r.missed_per_1000 for r in results.values())
    ax.set(
        xlim=(-50, 1050),
        ylim=(0, max(top * 1.15, 1.0)),
        xlabel=_("Radiographs a radiologist reads, per 1,000"),
        ylabel=_("Fractures missed, per 1,000 radiographs"),
        title=_("What each human–AI policy costs and misses"),
    )
    ax.legend(loc="upper right", fontsize="small")
    return ax
