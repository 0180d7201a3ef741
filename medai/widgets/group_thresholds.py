"""One decision threshold per patient group, and the fairness criteria that hold (module 4).

:class:`GroupThresholdExplorer` gives each patient group its own decision threshold and shows,
as the sliders move, the per-group clinical metrics and which fairness criteria hold. It is
built the way fairlearn's ``MetricFrame`` is: every update computes once, and the results are
read as properties (:attr:`~GroupThresholdExplorer.table`,
:attr:`~GroupThresholdExplorer.ratios`, :attr:`~GroupThresholdExplorer.criteria`).

A criterion holds when, for every error rate it compares, the smallest group's rate is at
least :data:`MIN_RATIO` (0.8) times the largest one's: the groups' rates lie within a factor
0.8-1.25 of each other. The tolerance is relative on purpose. Being missed 10 % of the time
instead of 5 % is twice the harm, although the difference is only 5 points; an absolute
tolerance of 5 points would call those rates "equal". The 0.8 ratio is the "four-fifths
rule" of US employment law for selection rates (29 CFR 1607.4(D)), applied here to the rates
of errors: a screening convention, not a law of nature, and uncertain on small groups.

:func:`equal_opportunity_thresholds` finds per-group thresholds that give every group the same
sensitivity while flagging no more patients than a programme's fixed capacity.

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

from medai.i18n import N_, _, format_number, format_percent, got
from medai.metrics import CLINICAL_METRICS
from medai.tables import html_table
from medai.widgets.explorer import Explorer

__all__ = [
    "COMPARED_RATES",
    "CRITERIA",
    "MIN_RATIO",
    "GroupThresholdExplorer",
    "equal_opportunity_thresholds",
]

#: Default smallest ratio (lowest rate / highest rate) at which groups count as equal.
MIN_RATIO = 0.8

#: Each fairness criterion and the error rates it asks to be equal across groups. Each rate
#: is that of a harm: equal sensitivity is equal miss rates, equal PPV is equal shares of
#: wrong flags (1 - PPV). Comparing the harms, not their complements, keeps the ratio honest:
#: PPV 0.96 against 0.81 is a ratio of 0.84, but 4 % against 19 % wrong flags is one of 0.2.
CRITERIA: dict[str, tuple[str, ...]] = {
    "equal_opportunity": ("false_negative_rate",),
    "equalised_odds": ("false_negative_rate", "false_positive_rate"),
    "predictive_parity": ("false_discovery_rate",),
    "demographic_parity": ("selection_rate",),
}

#: How the explorer names each criterion, metric and compared rate (in English here; shown in
#: the notebook's language).
CRITERION_LABELS = {
    "equal_opportunity": N_("Equal opportunity (equal sensitivity: equal miss rates)"),
    "equalised_odds": N_("Equalised odds (equal miss rates and equal false-alarm rates)"),
    "predictive_parity": N_("Predictive parity (equal PPV: equal shares of wrong flags)"),
    "demographic_parity": N_("Demographic parity (equal selection rates)"),
}

METRIC_LABELS = {
    "sensitivity": N_("Sensitivity"),
    "false_negative_rate": N_("False-negative rate (missed cases)"),
    "false_positive_rate": N_("False-positive rate (false alarms)"),
    "ppv": N_("PPV"),
    "selection_rate": N_("Selection rate"),
}

#: The rates the criteria compare, with how the explorer names them.
COMPARED_RATES = {
    "false_negative_rate": N_("miss rate (false-negative rate)"),
    "false_positive_rate": N_("false-alarm rate (false-positive rate)"),
    "false_discovery_rate": N_("share of wrong flags (1 - PPV)"),
    "selection_rate": N_("selection rate"),
}

_LENGTH_MISMATCH = "y_true, y_score and groups must have the same length."
_TOO_FEW_GROUPS = "The explorer needs patients from at least two groups."
_NOT_BINARY = "y_true must contain only 0 and 1."
_SCORE_OUT_OF_RANGE = "y_score must be a risk score between 0 and 1."
_THRESHOLD_OUT_OF_RANGE = "Thresholds must lie between 0 and 1."
_UNKNOWN_GROUP = "Unknown group name."
_RATIO_OUT_OF_RANGE = "min_ratio must lie strictly between 0 and 1."
_NO_CASES_IN_GROUP = "Every group needs at least one patient with the condition."
_FLAGS_OUT_OF_RANGE = "n_flags must be a whole number between 0 and the number of patients."

# Ratios within float rounding of the limit count as within it.
_ROUNDING = 1e-9


def rate_ratio(rates: pd.Series) -> float:
    """Smallest rate divided by the largest, as ``MetricFrame.ratio()`` gives it.

    1.0 when every rate is 0 (the groups are equal: no errors anywhere).
    """
    largest = float(rates.max())
    return 1.0 if largest == 0 else float(rates.min()) / largest


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
    min_ratio : float, default=0.8
        A criterion holds when, for each rate it compares, the lowest group's rate divided by
        the highest group's is at least ``min_ratio`` (0.8: the rates lie within a factor
        0.8-1.25 of each other). See :data:`CRITERIA` for the rates compared.

    Attributes
    ----------
    widget : ipywidgets.VBox
        The controls and the results, to display.
    groups : list of str
        The group names, sorted as fairlearn sorts them.

    Examples
    --------
    One threshold for both groups misses more high-need Black patients; the thresholds of
    :func:`equal_opportunity_thresholds` for the programme's 300 places do not:

    >>> from medai.datasets import make_care_programme_triage
    >>> test = make_care_programme_triage(4_000, random_state=0).frame.query("split == 'test'")
    >>> y_true, y_score, groups = test["high_need"], test["risk_score"], test["group"]
    >>> explorer = GroupThresholdExplorer(y_true, y_score, groups)
    >>> explorer.criteria["equal_opportunity"]
    False
    >>> explorer.set_thresholds(equal_opportunity_thresholds(y_true, y_score, groups, 300))
    >>> explorer.criteria["equal_opportunity"]
    True
    """

    def __init__(
        self,
        y_true: ArrayLike,
        y_score: ArrayLike,
        groups: ArrayLike,
        *,
        initial_threshold: float = 0.5,
        min_ratio: float = MIN_RATIO,
    ) -> None:
        y_true = np.asarray(y_true).ravel()
        y_score = np.asarray(y_score, dtype=float).ravel()
        names = np.asarray([str(g) for g in np.asarray(groups, dtype=object).ravel()])
        if not (len(y_true) == len(y_score) == len(names)):
            raise ValueError(_(_LENGTH_MISMATCH))
        if not np.isin(y_true, (0, 1)).all():
            raise ValueError(_(_NOT_BINARY))
        if not ((y_score >= 0) & (y_score <= 1)).all():
            raise ValueError(_(_SCORE_OUT_OF_RANGE))
        _check_threshold(initial_threshold)
        if not 0.0 < float(min_ratio) < 1.0:
            raise ValueError(f"{_(_RATIO_OUT_OF_RANGE)} {got(min_ratio)}")

        # Split the rows by group once, so that an update only compares scores to thresholds.
        # int8 labels: sklearn's input checks (np.unique) run about 3x faster than on int64.
        group_names, codes = np.unique(names, return_inverse=True)
        if len(group_names) < 2:
            raise ValueError(_(_TOO_FEW_GROUPS))
        self.groups: list[str] = [str(g) for g in group_names]
        self.min_ratio = float(min_ratio)
        self._y_true = {g: y_true[codes == i].astype(np.int8) for i, g in enumerate(self.groups)}
        self._y_score = {g: y_score[codes == i] for i, g in enumerate(self.groups)}

        self._syncing = False
        self._last_moved = self.groups[0]
        self._sliders = {g: self._make_slider(g, initial_threshold) for g in self.groups}
        self._same_threshold = widgets.Checkbox(
            value=False,
            description=_("Same threshold for all groups"),
            indent=False,
            tooltip=_("Tie the sliders together: moving one moves them all"),
        )
        self._same_threshold.observe(self._on_same_threshold, names="value")
        self._results = widgets.HTML()
        self.widget = widgets.VBox(
            [
                widgets.HTML(
                    _(
                        "<p><strong>Decision threshold per group.</strong> A patient is flagged "
                        "when their risk score is at or above the threshold. Use Tab to reach a "
                        "slider and the arrow keys to move it.</p>"
                    )
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
            description=_("{group} threshold").format(group=group),
            tooltip=_("Decision threshold for group {group}").format(group=group),
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
            :data:`_UNKNOWN_GROUP` or :data:`_THRESHOLD_OUT_OF_RANGE`.
        """
        unknown = sorted(set(thresholds) - set(self.groups))
        if unknown:
            raise ValueError(
                f"{_(_UNKNOWN_GROUP)} "
                + _("Got {unknown}; the groups are {groups}.").format(
                    unknown=unknown, groups=self.groups
                )
            )
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
        rows, wrong_flags = {}, {}
        for group, threshold in self.thresholds.items():
            y_true = self._y_true[group]
            y_pred = (self._y_score[group] >= threshold).view(np.int8)
            rows[group] = [metric(y_true, y_pred) for metric in CLINICAL_METRICS.values()]
            # Share of flags that are wrong; 0 when nobody is flagged (no wrong flag raised).
            flagged = int(y_pred.sum())
            wrong_flags[group] = int((y_pred & (1 - y_true)).sum()) / flagged if flagged else 0.0
        table = pd.DataFrame.from_dict(rows, orient="index", columns=list(CLINICAL_METRICS))
        table.index.name = "group"
        compared = table[["false_negative_rate", "false_positive_rate"]].assign(
            false_discovery_rate=pd.Series(wrong_flags), selection_rate=table["selection_rate"]
        )
        self._table = table
        self._compared = compared
        self._gaps = table.max() - table.min()
        self._ratios = pd.Series({m: rate_ratio(compared[m]) for m in COMPARED_RATES})
        self._criteria = {
            name: bool(all(self._ratios[m] >= self.min_ratio - _ROUNDING for m in metrics))
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
    def compared_rates(self) -> pd.DataFrame:
        """Per group, the rates of :data:`COMPARED_RATES` (proportions, 0-1)."""
        return self._compared.copy()

    @property
    def ratios(self) -> pd.Series:
        """For each rate of :data:`COMPARED_RATES`, the lowest group's divided by the highest's.

        As ``MetricFrame.ratio()`` computes it; 1.0 when every group's rate is 0.
        """
        return self._ratios.copy()

    @property
    def criteria(self) -> dict[str, bool]:
        """Whether each criterion of :data:`CRITERIA` holds: every ratio at least ``min_ratio``."""
        return dict(self._criteria)

    def _render_html(self) -> str:
        table = html_table(
            [
                _("Group"),
                _("Threshold"),
                _("Patients"),
                *(_(label) for label in METRIC_LABELS.values()),
            ],
            [
                [
                    str(group),
                    format_number(self.thresholds[group], 2),
                    format_number(len(self._y_true[group]), 0),
                    *(format_percent(value, 1) for value in values),
                ]
                for group, values in self._table.iterrows()
            ],
            caption=_("Per-group results at the current thresholds"),
        )
        rule = _(
            "<p>A criterion holds when the lowest group's rate is at least {ratio} times the "
            "highest group's (within a factor {ratio}-{inverse}).</p>"
        ).format(
            ratio=format_number(self.min_ratio, 2), inverse=format_number(1 / self.min_ratio, 2)
        )
        return (
            '<div class="medai-explorer">'
            f"{table}{rule}"
            f"<ul>{''.join(self._describe(name) for name in CRITERIA)}</ul>"
            f"<p>{self._describe_missed_cases()}</p></div>"
        )

    def _describe(self, criterion: str) -> str:
        holds = self._criteria[criterion]
        verdict = _("✓ holds") if holds else _("✗ does not hold")
        details = _("; ").join(
            _("{rate} {values}, ratio {ratio}").format(
                rate=_(COMPARED_RATES[m]),
                values=_(" vs ").join(format_percent(v, 1) for v in self._compared[m]),
                ratio=format_number(self._ratios[m], 2),
            )
            for m in CRITERIA[criterion]
        )
        return _("<li><strong>{criterion}: {verdict}</strong> ({details}).</li>").format(
            criterion=_(CRITERION_LABELS[criterion]), verdict=verdict, details=details
        )

    def _describe_missed_cases(self) -> str:
        fnr = self._table["false_negative_rate"]
        worst = str(fnr.idxmax())
        return _(
            "Most missed cases: group <strong>{group}</strong>, where {rate} of patients with "
            "the condition are not flagged."
        ).format(group=html.escape(worst), rate=format_percent(fnr[worst], 1))

    def static_html(self) -> str:
        """The current results as an HTML fragment, readable without the widget."""
        return self._results.value

    def __repr__(self) -> str:
        return f"GroupThresholdExplorer(groups={self.groups}, thresholds={self.thresholds})"


def _check_threshold(value: float) -> None:
    if not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{_(_THRESHOLD_OUT_OF_RANGE)} {got(value, as_repr=False)}")


def equal_opportunity_thresholds(
    y_true: ArrayLike, y_score: ArrayLike, groups: ArrayLike, n_flags: int
) -> dict[str, float]:
    """Per-group thresholds giving every group the same sensitivity, within a fixed capacity.

    A programme with a fixed number of places cannot flag more patients to reach equal
    sensitivity, as fairlearn's ``ThresholdOptimizer`` does when it maximises balanced
    accuracy. This function raises a common target sensitivity as far as the places allow:
    each group's threshold is the score of its k-th highest-scored patient with the
    condition, k being the target share of the group's patients with the condition, rounded
    up; the target is the highest one whose flags (patients at or above their group's
    threshold, ties included) fit in ``n_flags``. The sensitivities then differ by less than
    one patient per group; places left over by ties and rounding are not given out.

    It reads the outcomes (``y_true``): fit it on training patients, or use it to explore a
    cohort whose outcomes are known, as an audit does.

    Parameters
    ----------
    y_true : array-like of shape (n_patients,)
        The condition as established by the reference standard (0 or 1).
    y_score : array-like of shape (n_patients,)
        The model's risk score, between 0 and 1.
    groups : array-like of shape (n_patients,)
        The patient group of each row.
    n_flags : int
        The number of places: at most this many patients are flagged.

    Returns
    -------
    dict of str to float
        The threshold of each group (flag when the score is at or above it), in the order
        of the sorted group names; 1.0 for a group none of whose patients fits.

    Raises
    ------
    ValueError
        :data:`_LENGTH_MISMATCH`, :data:`_NOT_BINARY`, :data:`_NO_CASES_IN_GROUP` or
        :data:`_FLAGS_OUT_OF_RANGE`.
    """
    y_true = np.asarray(y_true).ravel()
    y_score = np.asarray(y_score, dtype=float).ravel()
    names = np.asarray([str(g) for g in np.asarray(groups, dtype=object).ravel()])
    if not (len(y_true) == len(y_score) == len(names)):
        raise ValueError(_(_LENGTH_MISMATCH))
    if not np.isin(y_true, (0, 1)).all():
        raise ValueError(_(_NOT_BINARY))
    if int(n_flags) != n_flags or not 0 <= n_flags <= len(y_true):
        raise ValueError(f"{_(_FLAGS_OUT_OF_RANGE)} {got(n_flags)}")
    cases, scores = {}, {}
    for name in sorted({str(n) for n in names}):
        rows = names == name
        cases[name] = np.sort(y_score[rows & (y_true == 1)])[::-1]  # highest first
        scores[name] = np.sort(y_score[rows])  # ascending, for counting with searchsorted
        if cases[name].size == 0:
            raise ValueError(
                f"{_(_NO_CASES_IN_GROUP)} " + _("Group {name!r} has none.").format(name=name)
            )

    def thresholds_at(target: float) -> dict[str, float]:
        # Rounded up, so that every group reaches at least the target sensitivity.
        found = {g: int(np.ceil(target * c.size - _ROUNDING)) for g, c in cases.items()}
        return {g: float(cases[g][k - 1]) if k else 1.0 for g, k in found.items()}

    def n_flagged(thresholds: dict[str, float]) -> int:
        return sum(
            s.size - int(np.searchsorted(s, thresholds[g], side="left")) for g, s in scores.items()
        )

    targets = sorted({k / c.size for c in cases.values() for k in range(c.size + 1)})
    # The number flagged grows with the target: find the last target that fits.
    fits = [n_flagged(thresholds_at(t)) <= n_flags for t in targets]
    best = targets[max(i for i, ok in enumerate(fits) if ok)] if fits[0] else 0.0
    return thresholds_at(best)
