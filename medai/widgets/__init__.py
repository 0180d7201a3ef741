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
- :mod:`medai.widgets.privacy_budget` -- counts released with differential privacy at a
  privacy budget epsilon, and the accuracy it costs (module 5): OpenDP on the course's
  server, :mod:`medai.privacy_fallback` in the browser, where OpenDP does not load.
- :mod:`medai.widgets.shortcut` -- the strength of a shortcut at one hospital, and the AUC at
  both hospitals (module 3).
- :mod:`medai.widgets.human_ai_team` -- a radiologist and a tool under a human-AI policy:
  missed fractures and radiologist reads per 1,000 (module 6).

A module's own widgets live in ``medai/widgets/<name>.py`` and are re-exported here; each
subclasses :class:`medai.widgets.explorer.Explorer`, which shows the widget in a notebook and
its current results as HTML in the static book. Its labels and results are in the notebook's
language (:func:`medai.set_language`) when it is built. Error messages are private constants of the
module that raises them; ``tests/test_widgets_common.py`` holds every explorer to the
contract they share (a container of labelled, keyboard-focusable controls that updates in
under 100 ms).
"""

from medai.widgets.calibration import CalibrationExplorer
from medai.widgets.group_thresholds import CRITERIA, GroupThresholdExplorer
from medai.widgets.human_ai_team import HumanAITeamExplorer
from medai.widgets.prevalence import PRESETS, PrevalenceExplorer
from medai.widgets.privacy_budget import PrivacyBudgetExplorer
from medai.widgets.shortcut import ShortcutExplorer
from medai.widgets.threshold import ThresholdExplorer

__all__ = [
    "CRITERIA",
    "PRESETS",
    "CalibrationExplorer",
    "GroupThresholdExplorer",
    "HumanAITeamExplorer",
    "PrevalenceExplorer",
    "PrivacyBudgetExplorer",
    "ShortcutExplorer",
    "ThresholdExplorer",
]
