"""Figures for the notebooks, in one colour-blind-safe style with alt text.

- :mod:`medai.plots.style` -- the palette, per-group styles and :func:`alt_text`, shared by all;
- :mod:`medai.plots.groups` -- per-group ROC curves, calibration and error rates.

- :mod:`medai.plots.judging_evidence` -- PPV and NPV of a test across prevalences (module 2).
- :mod:`medai.plots.data_to_decision` -- score distributions and the ROC operating point of
  a threshold (module 1).
- :mod:`medai.plots.where_models_fail` -- image grids, pixel maps and learning curves
  (module 3).
- :mod:`medai.plots.clinician_in_charge` -- the deferral band, accuracy when the AI is right
  or wrong, and the trade-off between human-AI policies (module 6).

A module's own figures live in ``medai/plots/<module>.py`` and are re-exported here. Error
messages are private constants of the module that raises them; ``tests/test_plots_common.py``
holds every ``plot_*`` function to the contract they share (labelled axes, the palette, alt
text, drawing on a given Axes).
"""

from medai.plots.clinician_in_charge import (
    plot_accuracy_by_ai_correctness,
    plot_deferral_band,
    plot_team_tradeoff,
)
from medai.plots.data_to_decision import plot_roc_with_threshold, plot_score_distributions
from medai.plots.groups import (
    plot_calibration_by_group,
    plot_error_rates_by_group,
    plot_roc_by_group,
)
from medai.plots.judging_evidence import plot_predictive_values
from medai.plots.style import (
    PALETTE,
    REFERENCE_COLOR,
    REFERENCE_GID,
    GroupStyle,
    alt_text,
    group_colors,
    group_styles,
)
from medai.plots.where_models_fail import (
    plot_image_grid,
    plot_learning_curve,
    plot_pixel_map,
)

__all__ = [
    "PALETTE",
    "REFERENCE_COLOR",
    "REFERENCE_GID",
    "GroupStyle",
    "alt_text",
    "group_colors",
    "group_styles",
    "plot_accuracy_by_ai_correctness",
    "plot_calibration_by_group",
    "plot_deferral_band",
    "plot_error_rates_by_group",
    "plot_image_grid",
    "plot_learning_curve",
    "plot_pixel_map",
    "plot_roc_with_threshold",
    "plot_predictive_values",
    "plot_roc_by_group",
    "plot_score_distributions",
    "plot_team_tradeoff",
]
