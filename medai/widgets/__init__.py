"""Interactive explorers (ipywidgets) for the hands-on notebooks, all keyboard-usable.

- :mod:`medai.widgets.group_thresholds` -- one decision threshold per patient group, with the
  per-group metrics and the fairness criteria that hold (module 4).

A module's own widgets live in ``medai/widgets/<name>.py`` and are re-exported here.
"""

from medai.widgets.group_thresholds import (
    CRITERIA,
    NOT_BINARY,
    SCORE_OUT_OF_RANGE,
    THRESHOLD_OUT_OF_RANGE,
    TOO_FEW_GROUPS,
    UNKNOWN_GROUP,
    GroupThresholdExplorer,
)

__all__ = [
    "CRITERIA",
    "NOT_BINARY",
    "SCORE_OUT_OF_RANGE",
    "THRESHOLD_OUT_OF_RANGE",
    "TOO_FEW_GROUPS",
    "UNKNOWN_GROUP",
    "GroupThresholdExplorer",
]
