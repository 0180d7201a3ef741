"""A decision threshold on one risk score, and what it decides (module 1).

:class:`ThresholdExplorer` turns a score into decisions at the threshold of a slider and
shows, as the slider moves, the confusion matrix, sensitivity, specificity, PPV and NPV, the
operating point on the ROC curve, and the missed cases and false alarms per 1,000 patients.
Every update computes once; the results are read as properties
(:attr:`~ThresholdExplorer.confusion`, :attr:`~ThresholdExplorer.metrics`,
:attr:`~ThresholdExplorer.operating_point`, :attr:`~ThresholdExplorer.per_1000`).

The slider is keyboard-usable: Tab to reach it, then the arrow keys (Page Up and Page Down
for larger steps, Home and End for the ends). The ROC figure is an ``<img>`` with alternative
text that follows the threshold (:attr:`~ThresholdExplorer.figure_alt`), in the live widget
as in the static book: ``ipywidgets.Image`` cannot carry alternative text, so the figure is
shown inside an ``ipywidgets.HTML``.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from numpy.typing import ArrayLike
from sklearn.metrics import confusion_matrix, roc_auc_score

from medai.i18n import N_, _, format_number, format_percent, got
from medai.metrics import DIAGNOSTIC_METRICS
from medai.plots.data_to_decision import OPERATING_POINT_GID, plot_roc_with_threshold
from medai.tables import html_table
from medai.widgets.explorer import Explorer

__all__ = [
    "ThresholdExplorer",
]

_LENGTHS_DIFFER = "y_true and y_score must have the same length."
_NOT_BINARY_LABELS = "y_true must contain only 0 and 1."
_ONE_CLASS_ONLY = "y_true must contain patients both with and without the condition."
_SCORE_NOT_IN_RANGE = "y_score must be a score between 0 and 1."
_THRESHOLD_NOT_IN_RANGE = "The threshold must lie between 0 and 1."

#: How the results name each metric (in English here; shown in the notebook's language).
METRIC_LABELS = {
    "sensitivity": N_("Sensitivity"),
    "specificity": N_("Specificity"),
    "ppv": N_("PPV"),
    "npv": N_("NPV"),
}


class ThresholdExplorer(Explorer):
    """One decision threshold on a risk score, with its confusion matrix and metrics.

    A patient is flagged when their score is at or above the threshold.

    Parameters
    ----------
    y_true : array-like of shape (n_patients,)
        The condition as established by the reference standard (0 or 1), both present.
    y_score : array-like of shape (n_patients,)
        The model's score, between 0 and 1.
    initial_threshold : float, default=0.5
        Where the slider starts.
    condition : str, default="fracture"
        The name of the condition, for the labels ("missed fractures").
    figure : bool, default=True
        Whether to draw the ROC curve with the operating point (the slowest part).

    Attributes
    ----------
    widget : ipywidgets.VBox
        The slider and the results, to display.
    n_patients, prevalence : int, float
        The size of the cohort and the share of patients with the condition.

    Examples
    --------
    >>> from medai.datasets import make_fracture_triage_cohort
    >>> cohort = make_fracture_triage_cohort(2_000, random_state=0).frame
    >>> explorer = ThresholdExplorer(cohort["fracture"], cohort["ai_score"], figure=False)
    >>> explorer.threshold = 0.2  # what moving the slider does
    >>> sensitivity, missed = explorer.metrics["sensitivity"], explorer.per_1000["missed"]
    >>> print(f"sensitivity {sensitivity:.0%}, {missed:.0f} missed fractures per 1,000")
    sensitivity 90%, 20 missed fractures per 1,000
    """

    def __init__(
        self,
        y_true: ArrayLike,
        y_score: ArrayLike,
        *,
        initial_threshold: float = 0.5,
        condition: str = "fracture",
        figure: bool = True,
    ) -> None:
        y_true = np.asarray(y_true).ravel()
        y_score = np.asarray(y_score, dtype=float).ravel()
        if len(y_true) != len(y_score):
            raise ValueError(_(_LENGTHS_DIFFER))
        if not np.isin(y_true, (0, 1)).all():
            raise ValueError(_(_NOT_BINARY_LABELS))
        if np.unique(y_true).size < 2:
            raise ValueError(_(_ONE_CLASS_ONLY))
        if not ((y_score >= 0) & (y_score <= 1)).all():
            raise ValueError(_(_SCORE_NOT_IN_RANGE))
        _check_threshold(initial_threshold)
        # int8 labels: scikit-learn's input checks run faster than on int64.
        self._y_true = y_true.astype(np.int8)
        self._y_score = y_score
        self.condition = str(condition)
        self.n_patients = int(len(y_true))
        self.prevalence = float(self._y_true.mean())

        self._slider = widgets.FloatSlider(
            value=float(initial_threshold),
            min=0.0,
            max=1.0,
            step=0.01,
            continuous_update=False,  # recompute on release, not while dragging
            readout_format=".2f",
            description=_("Threshold"),
            tooltip=_("Decision threshold: patients at or above it are flagged"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="32em"),
        )
        self._slider.observe(self._on_slider, names="value")
        self._results = widgets.HTML()
        self._figure: Figure | None = None
        self._png = b""
        # An <img> with alt text inside HTML: ipywidgets.Image renders no alt attribute.
        self._figure_view = widgets.HTML(layout=widgets.Layout(width="360px"))
        if figure:
            self._draw_background(initial_threshold)
        self.widget = widgets.VBox(
            [
                widgets.HTML(
                    _(
                        "<p><strong>Decision threshold.</strong> A patient is flagged as "
                        "'{condition}' when the AI score is at or above the threshold. Use Tab "
                        "to reach the slider and the arrow keys to move it.</p>"
                    ).format(condition=html.escape(self.condition))
                ),
                self._slider,
                widgets.HBox([self._results, self._figure_view] if figure else [self._results]),
            ]
        )
        self.update()

    def _draw_background(self, threshold: float) -> None:
        """Draw the ROC curve once and keep it as a bitmap; updates only redraw the point.

        Redrawing the whole figure at every move takes over 100 ms on a small machine;
        restoring the bitmap and drawing one marker takes a few milliseconds.
        """
        self._auc = float(roc_auc_score(self._y_true, self._y_score))
        self._figure = Figure(figsize=(4.2, 4.2), dpi=80, layout="constrained")
        self._canvas = FigureCanvasAgg(self._figure)
        ax = self._figure.add_subplot()
        plot_roc_with_threshold(self._y_true, self._y_score, threshold, ax=ax)
        self._point = next(line for line in ax.lines if line.get_gid() == OPERATING_POINT_GID)
        self._point.set_label(_("Operating point"))
        ax.legend(loc="lower right")
        self._point.set_visible(False)
        self._canvas.draw()
        self._figure.set_layout_engine("none")  # freeze the layout of the bitmap
        self._background = self._canvas.copy_from_bbox(self._figure.bbox)
        self._point.set_visible(True)

    def _draw_point(self) -> None:
        self._canvas.restore_region(self._background)
        self._point.set_data([self._operating_point[0]], [self._operating_point[1]])
        self._figure.axes[0].draw_artist(self._point)
        buffer = io.BytesIO()
        PIL.Image.frombuffer(
            "RGBA", self._canvas.get_width_height(), self._canvas.buffer_rgba()
        ).save(buffer, format="png")
        self._png = buffer.getvalue()
        self._figure_view.value = self._img_tag()

    def _img_tag(self) -> str:
        encoded = base64.b64encode(self._png).decode("ascii")
        return (
            f'<img src="data:image/png;base64,{encoded}" '
            f'alt="{html.escape(self.figure_alt or "")}" width="360">'
        )

    def _on_slider(self, change: Mapping[str, Any]) -> None:
        self.update()

    @property
    def threshold(self) -> float:
        """The current threshold (setting it moves the slider and updates)."""
        return float(self._slider.value)

    @threshold.setter
    def threshold(self, value: float) -> None:
        _check_threshold(value)
        if float(value) == self._slider.value:
            self.update()
        else:
            self._slider.value = float(value)  # the observer calls update()

    def update(self) -> None:
        """Recompute every result at the current threshold; the slider's callback."""
        y_pred = (self._y_score >= self.threshold).view(np.int8)
        tn, fp, fn, tp = (
            int(v) for v in confusion_matrix(self._y_true, y_pred, labels=[0, 1]).ravel()
        )
        self._confusion = {"tp": tp, "fp": fp, "fn": fn, "tn": tn}
        self._metrics = {
            name: float(metric(self._y_true, y_pred)) for name, metric in DIAGNOSTIC_METRICS.items()
        }
        self._operating_point = (fp / (fp + tn), tp / (tp + fn))
        self._per_1000 = {
            "missed": 1000 * fn / self.n_patients,
            "false_alarms": 1000 * fp / self.n_patients,
            "flagged": 1000 * (tp + fp) / self.n_patients,
        }
        if self._figure is not None:
            self._draw_point()
        self._results.value = self._render_html()

    @property
    def confusion(self) -> dict[str, int]:
        """Counts at the current threshold: ``tp``, ``fp``, ``fn``, ``tn``."""
        return dict(self._confusion)

    @property
    def metrics(self) -> dict[str, float]:
        """Sensitivity, specificity, PPV and NPV (proportions, 0-1; 0 when undefined)."""
        return dict(self._metrics)

    @property
    def operating_point(self) -> tuple[float, float]:
        """The point on the ROC curve: (1 - specificity, sensitivity)."""
        return self._operating_point

    @property
    def per_1000(self) -> dict[str, float]:
        """Missed cases, false alarms and flagged patients per 1,000 patients like these."""
        return dict(self._per_1000)

    @property
    def figure_alt(self) -> str | None:
        """The alternative text of the ROC figure at the current threshold (None if not drawn)."""
        if self._figure is None:
            return None
        fpr, tpr = self._operating_point
        return _(
            "ROC curve of the AI score (AUC {auc}) with the operating point of threshold "
            "{threshold} at false-positive rate {fpr} and sensitivity {tpr}."
        ).format(
            auc=format_number(self._auc, 3),
            threshold=format_number(self.threshold, 2),
            fpr=format_number(fpr, 2),
            tpr=format_number(tpr, 2),
        )

    def _render_html(self) -> str:
        c, cond = self._confusion, html.escape(self.condition)
        count = {key: format_number(value, 0) for key, value in c.items()}
        matrix = html_table(
            [_("Reference diagnosis"), _("Flagged"), _("Not flagged")],
            [
                [self.condition.capitalize(), _("{n} true positives").format(n=count["tp"]),
                 _("{n} false negatives (missed)").format(n=count["fn"])],
                [_("No {condition}").format(condition=self.condition),
                 _("{n} false positives").format(n=count["fp"]),
                 _("{n} true negatives").format(n=count["tn"])],
            ],
            caption=_("Confusion matrix, threshold {threshold} ({n} patients)").format(
                threshold=format_number(self.threshold, 2), n=format_number(self.n_patients, 0)
            ),
        )  # fmt: skip
        metrics = "".join(
            "<li>"
            + _("{label}: {value}").format(
                label=_(METRIC_LABELS[name]), value=format_percent(value, 1)
            )
            + "</li>"
            for name, value in self._metrics.items()
        )
        p = {key: format_number(value, 0) for key, value in self._per_1000.items()}
        summary = _(
            "<p>Per 1,000 patients like these ({prevalence} with a {condition}): "
            "<strong>{missed} missed {condition}s</strong> and "
            "<strong>{false_alarms} false alarms</strong>, {flagged} flagged.</p>"
        ).format(prevalence=format_percent(self.prevalence, 0), condition=cond, **p)
        return f'<div class="medai-explorer">{matrix}<ul>{metrics}</ul>{summary}</div>'

    def static_html(self) -> str:
        """The results and, if drawn, the ROC figure as an inline image with alt text."""
        if self._figure is None:
            return self._results.value
        return self._results.value + self._figure_view.value

    def __repr__(self) -> str:
        return (
            f"ThresholdExplorer(threshold={self.threshold:.2f}, "
            f"n_patients={self.n_patients}, prevalence={self.prevalence:.3f})"
        )


def _check_threshold(value: float) -> None:
    if not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{_(_THRESHOLD_NOT_IN_RANGE)} {got(value, as_repr=False)}")
