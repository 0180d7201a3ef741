"""Figures of module 2, "Judging the evidence": predictive values across prevalences."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes

from medai.evidence import predictive_values
from medai.i18n import N_, _, format_percent
from medai.plots.style import PALETTE, REFERENCE_COLOR, REFERENCE_GID

__all__ = ["plot_predictive_values"]

#: The settings marked by default: screening and a specialist clinic (illustrative values),
#: named in the notebook's language on the figure.
DEFAULT_SETTINGS: dict[str, float] = {N_("screening"): 0.01, N_("specialist clinic"): 0.33}


def plot_predictive_values(
    sensitivity: float,
    specificity: float,
    *,
    settings: Mapping[str, float] | None = None,
    prevalence_range: tuple[float, float] = (0.001, 0.9),
    ax: Axes | None = None,
) -> Axes:
    """Draw the PPV and NPV of one test against the prevalence, on a logarithmic scale.

    Parameters
    ----------
    sensitivity, specificity : float
        The test's, between 0 and 1.
    settings : mapping of str to float, default=None
        Prevalences to mark with a dotted vertical line and their name; None marks
        :data:`DEFAULT_SETTINGS`.
    prevalence_range : (float, float), default=(0.001, 0.9)
        The prevalences shown.
    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        With a solid PPV curve and a dashed NPV curve (told apart by colour and line style),
        labelled axes with the prevalence in per cent, a title and a legend.
    """
    if settings is None:
        settings = {_(name): prevalence for name, prevalence in DEFAULT_SETTINGS.items()}
    if ax is None:
        import matplotlib.pyplot as plt

        _figure, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
    low, high = prevalence_range
    prevalences = np.logspace(np.log10(low), np.log10(high), 200)
    values = [predictive_values(sensitivity, specificity, p) for p in prevalences]
    ax.plot(prevalences, [v.ppv for v in values], color=PALETTE[0], linewidth=2, label=_("PPV"))
    ax.plot(
        prevalences,
        [v.npv for v in values],
        color=PALETTE[1],
        linewidth=2,
        linestyle="--",
        label=_("NPV"),
    )
    for name, prevalence in settings.items():
        ax.axvline(
            prevalence, color=REFERENCE_COLOR, linestyle=":", linewidth=1.5, gid=REFERENCE_GID
        )
        ax.text(prevalence * 1.08, 0.5, name, rotation=90, va="center", color="#333333")
    ax.set(
        xscale="log",
        xlim=(low, high * 1.1),
        ylim=(0, 1.02),
        xlabel=_("Prevalence (log scale)"),
        ylabel=_("Predictive value (proportion, 0–1)"),
        title=_(
            "Sensitivity {sensitivity}, specificity {specificity}: PPV and NPV by prevalence"
        ).format(
            sensitivity=format_percent(sensitivity, 0), specificity=format_percent(specificity, 0)
        ),
    )
    ticks = sorted({low, 0.01, 0.1, *settings.values(), high})
    # One decimal where a whole percentage would round the prevalence (0.1%).
    ax.set_xticks(
        ticks, [format_percent(t, 0 if round(100 * t, 1).is_integer() else 1) for t in ticks]
    )
    ax.minorticks_off()
    ax.legend(loc="lower right")
    return ax
