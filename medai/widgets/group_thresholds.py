"""Interactive explorers for the hands-on notebooks.

:class:`GroupThresholdExplorer` gives each patient group its own decision threshold and shows,
as the sliders move, the per-group clinical metrics and which fairness criteria hold. It is
built the way fairlearn's ``MetricFrame`` is: every update computes once, and the results are
read as properties (:attr:`~GroupThresholdExplorer.table`,
:attr:`~GroupThresholdExplorer.criteria`).

Every control is keyboard-usable: sliders move with the arrow keys once focused with Tab, and
the check box toggles with the space bar.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from medai.metrics import CLINICAL_METRICS
from medai.widgets.explorer import Explorer

__all__ = ["CRITERIA", "GroupThresholdExplorer"]

#: Each fairness criterion and the metrics it asks to be equal across groups.
CRITERIA: dict[str, tuple[str, ...]] = {
    "equal_opportunity": ("sensitivity",),
    "equalised_odds": ("sensitivity", "false_positive_rate"),
    "predictive_parity": ("ppv",),
    "demographic_parity": ("selection_rate",),
}

CRITERION_LABELS = {
    "equal_opportunity": "Equal opportunity (equal sensitivity)",
    "equalised_odds": "Equalised odds (equal sensitivity and false-positive rate)",
    "predictive_parity": "Predictive parity (equal PPV)",
    "demographic_parity": "Demographic parity (equal selection rate)",
}

METRIC_LABELS = {
    "sensitivity": "Sensitivity",
    "false_negative_rate": "False-negative rate (missed cases)",
    "false_positive_rate": "False-positive rate (false alarms)",
    "ppv": "PPV",
    "selection_rate": "Selection rate",
}

LENGTH_MISMATCH = "y_true, y_score and groups must have the same length."
TOO_FEW_GROUPS = "The explorer needs patients from at least two groups."
NOT_BINARY = "y_true must contain only 0 and 1."
SCORE_OUT_OF_RANGE = "y_score must be a risk score between 0 and 1."
THRESHOLD_OUT_OF_RANGE = "Thresholds must lie between 0 and 1."
UNKNOWN_GROUP = "Unknown group name."

# Differences within float rounding of the tolerance count as within it.
_ROUNDING = 1e-9


class GroupThresholdExplorer(Explorer):
    """Per-group decision thresholds, with per-group metrics and fairness criteria.

    A patient is flagged when their risk score is at or above their group's threshold.

    Parameters
    ----------
    y_true : array-like of shape (n_patients,)
        The condition as established by the reference standard (0 or 1).
    y_score : array-like of shape (n_patients,)
        The model's risk score, between 0 and 1.
    groups : array-like of shape (n_patients,)
        The patient group of each row; two or more distinct groups, any names.
    initial_threshold : float, default=0.5
        The threshold every group starts with.
    tolerance : float, default=0.05
        The largest between-group difference (in proportion, 0.05 = 5 percentage points) for
        which a criterion is said to hold.

    Attributes
    ----------
    widget : ipywidgets.VBox
        The controls and the results, to display.
    groups : list of str
        The group names, sorted as fairlearn sorts them.

    Examples
    --------
    >>> explorer = GroupThresholdExplorer(y_true, y_score, groups)  # doctest: +SKIP
    >>> explorer  # in a notebook, shows the sliders  # doctest: +SKIP
    >>> explorer.set_thresholds({"Black": 0.3, "White": 0.5})  # doctest: +SKIP
    >>> explorer.criteria["equal_opportunity"]  # doctest: +SKIP
    """

    def __init__(
        self,
        y_true: ArrayLike,
        y_score: ArrayLike,
        groups: ArrayLike,
        *,
        initial_threshold: float = 0.5,
        tolerance: float = 0.05,
    ) -> None:
        y_true = np.asarray(y_true).ravel()
        y_score = np.asarray(y_score, dtype=float).ravel()
        names = np.asarray([str(g) for g in np.asarray(groups, dtype=object).ravel()])
        if not (len(y_true) == len(y_score) == len(names)):
            raise ValueError(LENGTH_MISMATCH)
        if not np.isin(y_true, (0, 1)).all():
            raise ValueError(NOT_BINARY)
        if not ((y_score >= 0) & (y_score <= 1)).all():
            raise ValueError(SCORE_OUT_OF_RANGE)
        _check_threshold(initial_threshold)

        # Split the rows by group once, so that an update only compares scores to thresholds.
        # int8 labels: sklearn's input checks (np.unique) run about 3x faster than on int64.
        group_names, codes = np.unique(names, return_inverse=True)
        if len(group_names) < 2:
            raise ValueError(TOO_FEW_GROUPS)
        self.groups: list[str] = [str(g) for g in group_names]
        self.tolerance = float(tolerance)
        self._y_true = {g: y_true[codes == i].astype(np.int8) for i, g in enumerate(self.groups)}
        self._y_score = {g: y_score[codes == i] for i, g in enumerate(self.groups)}

        self._syncing = False
        self._last_moved = self.groups[0]
        self._sliders = {g: self._make_slider(g, initial_threshold) for g in self.groups}
        self._same_threshold = widgets.Checkbox(
            value=False,
            description="Same threshold for all groups",
            indent=False,
            tooltip="Tie the sliders together: moving one moves them all",
        )
        self._same_threshold.observe(self._on_same_threshold, names="value")
        self._results = widgets.HTML()
        self.widget = widgets.VBox(
            [
                widgets.HTML(
                    "<p><strong>Decision threshold per group.</strong> A patient is flagged "
                    "when their risk score is at or above the threshold. Use Tab to reach a "
                    "slider and the arrow keys to move it.</p>"
                ),
                self._same_threshold,
                *self._sliders.values(),
                self._results,
            ]
        )
        self.update()

    def _make_slider(self, group: str, value: float) -> widgets.FloatSlider:
        slider = widgets.FloatSlider(
            value=value,
            min=0.0,
            max=1.0,
            step=0.01,
            continuous_update=False,  # recompute when the slider is released, not while dragged
            readout_format=".2f",
            description=f"{group} threshold",
            tooltip=f"Decision threshold for group {group}",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="32em"),
        )
        slider.observe(partial(self._on_slider, group), names="value")
        return slider

    @contextmanager
    def _moving_sliders(self) -> Iterator[None]:
        """Silence the observers while the explorer itself moves several sliders.

        So that one change triggers one update.
        """
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = False

    def _on_slider(self, group: str, change: Mapping[str, Any]) -> None:
        if self._syncing:
            return
        self._last_moved = group
        if self._same_threshold.value:
            with self._moving_sliders():
                for slider in self._sliders.values():
                    slider.value = change["new"]
        self.update()

    def _on_same_threshold(self, change: Mapping[str, Any]) -> None:
        if self._syncing or not change["new"]:
            return
        value = self._sliders[self._last_moved].value
        with self._moving_sliders():
            for slider in self._sliders.values():
                slider.value = value
        self.update()

    @property
    def thresholds(self) -> dict[str, float]:
        """The current threshold of each group."""
        return {g: float(s.value) for g, s in self._sliders.items()}

    @property
    def same_threshold(self) -> bool:
        """Whether the sliders are tied together."""
        return bool(self._same_threshold.value)

    @same_threshold.setter
    def same_threshold(self, value: bool) -> None:
        self._same_threshold.value = bool(value)

    def set_thresholds(self, thresholds: Mapping[str, float]) -> None:
        """Move some groups' sliders, then update once.

        Parameters
        ----------
        thresholds : mapping of str to float
            New threshold for each named group; groups left out keep theirs. If the
            thresholds then differ while "same threshold for all groups" is ticked, the box
            is unticked.

        Raises
        ------
        ValueError
            :data:`UNKNOWN_GROUP` or :data:`THRESHOLD_OUT_OF_RANGE`.
        """
        unknown = sorted(set(thresholds) - set(self.groups))
        if unknown:
            raise ValueError(f"{UNKNOWN_GROUP} Got {unknown}; the groups are {self.groups}.")
        for value in thresholds.values():
            _check_threshold(value)
        with self._moving_sliders():
            for group, value in thresholds.items():
                self._sliders[group].value = float(value)
            if len(set(self.thresholds.values())) > 1:
                self._same_threshold.value = False
        self.update()

    def update(self) -> None:
        """Recompute the per-group metrics and criteria at the current thresholds.

        This is the callback the sliders call. It uses the metric functions of
        :data:`medai.metrics.CLINICAL_METRICS` on each group's rows, which gives the same
        numbers as :func:`medai.metrics.per_group_metrics` without the per-row overhead of
        ``MetricFrame`` (see ``bench/bench_widgets.py``).
        """
        rows = {}
        for group, threshold in self.thresholds.items():
            y_true = self._y_true[group]
            y_pred = (self._y_score[group] >= threshold).view(np.int8)
            rows[group] = [metric(y_true, y_pred) for metric in CLINICAL_METRICS.values()]
        table = pd.DataFrame.from_dict(rows, orient="index", columns=list(CLINICAL_METRICS))
        table.index.name = "group"
        gaps = table.max() - table.min()
        self._table = table
        self._gaps = gaps
        self._criteria = {
            name: bool(all(gaps[m] <= self.tolerance + _ROUNDING for m in metrics))
            for name, metrics in CRITERIA.items()
        }
        self._results.value = self._render_html()

    @property
    def table(self) -> pd.DataFrame:
        """Per-group metrics at the current thresholds.

        One row per group, one column per metric of :data:`medai.metrics.CLINICAL_METRICS`
        (proportions, 0-1), as in ``per_group_metrics(...).by_group``.
        """
        return self._table.copy()

    @property
    def gaps(self) -> pd.Series:
        """Largest between-group difference of each metric, as ``MetricFrame.difference()``."""
        return self._gaps.copy()

    @property
    def criteria(self) -> dict[str, bool]:
        """Whether each criterion of :data:`CRITERIA` holds within the tolerance."""
        return dict(self._criteria)

    def _render_html(self) -> str:
        header = "".join(
            f'<th scope="col">{html.escape(label)}</th>'
            for label in ["Group", "Threshold", "Patients", *METRIC_LABELS.values()]
        )
        body = "".join(
            f'<tr><th scope="row">{html.escape(group)}</th>'
            f"<td>{self.thresholds[group]:.2f}</td><td>{len(self._y_true[group]):,}</td>"
            + "".join(f"<td>{value:.1%}</td>" for value in values)
            + "</tr>"
            for group, values in self._table.iterrows()
        )
        return (
            '<div class="medai-explorer">'
            f"<table><caption>Per-group results (tolerance for the criteria: "
            f"{self.tolerance:.0%})</caption><thead><tr>{header}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
            f"<ul>{''.join(self._describe(name) for name in CRITERIA)}</ul>"
            f"<p>{self._describe_missed_cases()}</p></div>"
        )

    def _describe(self, criterion: str) -> str:
        holds = self._criteria[criterion]
        verdict = "✓ holds" if holds else "✗ does not hold"
        gaps = ", ".join(
            f"{METRIC_LABELS[m].lower()} differs by {self._gaps[m]:.1%} between groups"
            for m in CRITERIA[criterion]
        )
        return f"<li><strong>{CRITERION_LABELS[criterion]}: {verdict}</strong> ({gaps}).</li>"

    def _describe_missed_cases(self) -> str:
        fnr = self._table["false_negative_rate"]
        worst = str(fnr.idxmax())
        return (
            f"Most missed cases: group <strong>{html.escape(worst)}</strong>, where "
            f"{fnr[worst]:.1%} of patients with the condition are not flagged."
        )

    def static_html(self) -> str:
        """The current results as an HTML fragment, readable without the widget."""
        return self._results.value

    def __repr__(self) -> str:
        return f"GroupThresholdExplorer(groups={self.groups}, thresholds={self.thresholds})"


def _check_threshold(value: float) -> None:
    if not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{THRESHOLD_OUT_OF_RANGE} Got {value}.")
