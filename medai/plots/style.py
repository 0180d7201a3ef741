"""The course's figure style: a colour-blind-safe palette, per-group styles, alt text.

Every ``plot_*`` function of :mod:`medai.plots` draws on a matplotlib Axes (a new figure when
``ax`` is None) and returns it, with labelled axes, a title and a legend. Groups are told apart
by colour from the Okabe-Ito palette *and* by line style and marker (hatching for bars), so a
figure still reads for colour-blind learners and in greyscale print. :func:`alt_text` turns
any of these Axes into a short description that notebooks reuse as alt text.

The backend is left to the caller: notebooks use the inline backend, tests select Agg.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.ticker import Formatter, FuncFormatter, PercentFormatter
from numpy.typing import ArrayLike

from medai.i18n import _, format_percent, get_language

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

_LENGTH_MISMATCH = "y_true, the scores or predictions, and groups must have the same length."
_EMPTY_INPUT = "There are no patients to plot."


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


def new_axes(ax: Axes | None) -> Axes:
    if ax is None:
        _figure, ax = plt.subplots(figsize=(6, 5), layout="constrained")
    return ax


def percent_formatter() -> Formatter:
    """Tick labels of proportions (0-1) as whole percentages, in the notebook's language.

    matplotlib's ``PercentFormatter(xmax=1, decimals=0)`` in English ("25%"); "25 %" with a
    narrow no-break space in French.
    """
    if get_language() == "en":
        return PercentFormatter(xmax=1, decimals=0)
    return FuncFormatter(lambda value, _position: format_percent(value, 0))


def curve_style(style: GroupStyle) -> dict[str, object]:
    """Line keywords of one group's curve: colour, line style and marker all tell it apart."""
    return {
        "color": style.color,
        "linestyle": style.linestyle,
        "marker": style.marker,
        "markersize": 6,
        "linewidth": 2,
    }


def finish_unit_square(
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
    ax.legend(title=_("Group"), loc=legend_loc)


def _one_line(text: str) -> str:
    # Not str.split(): it would also split at the narrow no-break spaces of French.
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _is_histogram(bars: BarContainer) -> bool:
    """Whether ``bars`` are a histogram's bins: three or more bars, each touching the next
    (the bars of a bar chart, one per category, stand apart)."""
    patches = list(bars.patches)
    return len(patches) >= 3 and all(
        abs(a.get_x() + a.get_width() - b.get_x()) < 1e-9
        for a, b in zip(patches, patches[1:], strict=False)
    )


def alt_text(ax: Axes) -> str:
    """Describe in a few sentences what an Axes shows, for use as alt text.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Typically one returned by a ``plot_*`` function of this module.

    Returns
    -------
    str
        The kind of chart (line chart, bar chart or image), the title, the axis labels, the
        colour scale of an image, each group with its legend entry (the AUC, for ROC
        curves), the reference lines and, for bar charts, every bar's value.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> _, ax = plt.subplots()
    >>> _ = ax.bar(["A", "B"], [0.1, 0.25], label="Missed cases")
    >>> _ = ax.set(title="Misses by group", xlabel="Group", ylabel="Share of cases")
    >>> print(alt_text(ax))  # doctest: +NORMALIZE_WHITESPACE
    Bar chart: Misses by group. Horizontal axis: Group. Vertical axis: Share of cases.
    Groups: Missed cases: A 10.0%, B 25.0%.
    >>> plt.close("all")
    """
    containers = [c for c in ax.containers if isinstance(c, BarContainer)]
    # A bar per category (ax.bar) is described bar by bar; a histogram's bins are not
    # categories, and their heights are counts or densities, not shares.
    bar_groups = [c for c in containers if not _is_histogram(c)]
    histograms = [c for c in containers if c not in bar_groups]
    images = ax.get_images()
    kind = (
        _("Bar chart")
        if bar_groups
        else _("Histogram")
        if histograms
        else _("Image")
        if images
        else _("Line chart")
    )
    sentences = [
        _("{kind}: {title}.").format(kind=kind, title=_one_line(ax.get_title()) or _("untitled"))
    ]
    if ax.get_xlabel():
        sentences.append(_("Horizontal axis: {label}.").format(label=_one_line(ax.get_xlabel())))
    if ax.get_ylabel():
        sentences.append(_("Vertical axis: {label}.").format(label=_one_line(ax.get_ylabel())))
    colorbar = images[0].colorbar if images else None
    if colorbar is not None and colorbar.ax.get_ylabel():
        sentences.append(
            _("Colour scale: {label}.").format(label=_one_line(colorbar.ax.get_ylabel()))
        )
    separator = _("; ")  # between the items of a list in a sentence

    if bar_groups:
        categories = [_one_line(t.get_text()) for t in ax.get_xticklabels()]
        described = []
        for bars in bar_groups:
            values = ", ".join(
                f"{category} {format_percent(value, 1)}"
                for category, value in zip(categories, bars.datavalues, strict=False)
            )
            described.append(_("{label}: {values}").format(label=bars.get_label(), values=values))
        sentences.append(_("Groups: {groups}.").format(groups=separator.join(described)))
    elif histograms:
        labels = [c.get_label() for c in histograms if not c.get_label().startswith("_")]
        labels = labels or [lab for lab in ax.get_legend_handles_labels()[1] if lab]
        if labels:
            sentences.append(_("Groups: {groups}.").format(groups=separator.join(labels)))
    else:
        handles, labels = ax.get_legend_handles_labels()
        groups = [
            lab for h, lab in zip(handles, labels, strict=True) if h.get_gid() != REFERENCE_GID
        ]
        references = [
            lab for h, lab in zip(handles, labels, strict=True) if h.get_gid() == REFERENCE_GID
        ]
        if groups:
            sentences.append(_("Groups: {groups}.").format(groups=separator.join(groups)))
        if references:
            sentences.append(
                _("Reference: {references} (dotted grey line).").format(
                    references=separator.join(references)
                )
            )
    return " ".join(sentences)
