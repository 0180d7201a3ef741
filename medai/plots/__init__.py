"""Figures for the notebooks, in one colour-blind-safe style with alt text.

- :mod:`medai.plots.style` -- the palette, per-group styles and :func:`alt_text`, shared by all;
- :mod:`medai.plots.groups` -- per-group ROC curves, calibration and error rates.

A module's own figures live in ``medai/plots/<module>.py`` and are re-exported here.
"""

from medai.plots.groups import (
    ONE_CLASS_GROUP,
    plot_calibration_by_group,
    plot_error_rates_by_group,
    plot_roc_by_group,
)
from medai.plots.style import (
    EMPTY_INPUT,
    LENGTH_MISMATCH,
    PALETTE,
    REFERENCE_COLOR,
    REFERENCE_GID,
    GroupStyle,
    alt_text,
    group_colors,
    group_styles,
)

__all__ = [
    "EMPTY_INPUT",
    "LENGTH_MISMATCH",
    "ONE_CLASS_GROUP",
    "PALETTE",
    "REFERENCE_COLOR",
    "REFERENCE_GID",
    "GroupStyle",
    "alt_text",
    "group_colors",
    "group_styles",
    "plot_calibration_by_group",
    "plot_error_rates_by_group",
    "plot_roc_by_group",
]
