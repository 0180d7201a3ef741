"""Interactive explorers (ipywidgets) for the hands-on notebooks, all keyboard-usable.

- :mod:`medai.widgets.threshold` -- one decision threshold on a risk score: the confusion
  matrix, sensitivity, specificity, PPV, NPV, the point on the ROC curve, and missed cases
  per 1,000 patients (module 1).
- :mod:`medai.widgets.prevalence` -- PPV and NPV of one test as the prevalence moves, with
  natural frequencies (module 2).
- :mod:`medai.widgets.calibration` -- reliability diagram and Brier score of a risk score,
  before and after recalibration (module 2).
- :mod:`medai.widgets.group_thresholds` -- one decision threshold per patient group, with the
  per-group metrics and the fairness criteria that hold (module 4).
- :mod:`medai.widgets.privacy_budget` -- counts released with differential privacy (OpenDP) at
  a privacy budget epsilon, and the accuracy it costs (module 5).
- :mod:`medai.widgets.shortcut` -- the strength of a shortcut at one hospital, and the AUC at
  both hospitals (module 3).
- :mod:`medai.widgets.human_ai_team` -- a radiologist and a tool under a human-AI policy:
  missed fractures and radiologist reads per 1,000 (module 6).

A module's own widgets live in ``medai/widgets/<name>.py`` and are re-exported here; each
subclasses :class:`medai.widgets.explorer.Explorer`, which shows the widget in a notebook and
its current results as HTML in the static book.
"""

from medai.widgets.calibration import NO_SCORES, UNKNOWN_SCORE, CalibrationExplorer
from medai.widgets.group_thresholds import (
    CRITERIA,
    NOT_BINARY,
    SCORE_OUT_OF_RANGE,
    THRESHOLD_OUT_OF_RANGE,
    TOO_FEW_GROUPS,
    UNKNOWN_GROUP,
    GroupThresholdExplorer,
)
from medai.widgets.human_ai_team import UNKNOWN_CONTROL, HumanAITeamExplorer
from medai.widgets.prevalence import (
    PRESETS,
    PREVALENCE_OUT_OF_RANGE,
    UNKNOWN_PRESET,
    PrevalenceExplorer,
)
from medai.widgets.privacy_budget import (
    BAD_COUNT,
    EPSILON_OUT_OF_RANGE,
    NO_COUNTS,
    PrivacyBudgetExplorer,
)
from medai.widgets.shortcut import ShortcutExplorer
from medai.widgets.threshold import (
    NOT_BINARY_LABELS,
    ONE_CLASS_ONLY,
    SCORE_NOT_IN_RANGE,
    THRESHOLD_NOT_IN_RANGE,
    ThresholdExplorer,
)

__all__ = [
    "BAD_COUNT",
    "CRITERIA",
    "EPSILON_OUT_OF_RANGE",
    "NO_COUNTS",
    "NO_SCORES",
    "NOT_BINARY",
    "NOT_BINARY_LABELS",
    "ONE_CLASS_ONLY",
    "PRESETS",
    "PREVALENCE_OUT_OF_RANGE",
    "SCORE_NOT_IN_RANGE",
    "SCORE_OUT_OF_RANGE",
    "THRESHOLD_NOT_IN_RANGE",
    "THRESHOLD_OUT_OF_RANGE",
    "TOO_FEW_GROUPS",
    "UNKNOWN_CONTROL",
    "UNKNOWN_GROUP",
    "UNKNOWN_PRESET",
    "UNKNOWN_SCORE",
    "CalibrationExplorer",
    "GroupThresholdExplorer",
    "HumanAITeamExplorer",
    "PrevalenceExplorer",
    "PrivacyBudgetExplorer",
    "ShortcutExplorer",
    "ThresholdExplorer",
]
