"""A calibration explorer: can this risk score be read as a probability?

:class:`CalibrationExplorer` takes the true outcomes and one or more versions of a risk score
(for example a vendor's score as delivered and the same score recalibrated on local data with
scikit-learn's ``CalibratedClassifierCV``). A drop-down picks the version, a slider the number
of bins; the explorer shows the reliability diagram (as an accessible inline SVG, redrawn in
well under 100 ms), the reliability table, the Brier score and calibration-in-the-large.
Results are read as properties (:attr:`~CalibrationExplorer.table`,
:attr:`~CalibrationExplorer.summary`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from medai.evidence import calibration_summary, reliability_table
from medai.i18n import _, format_number, format_percent, got
from medai.plots.style import PALETTE, REFERENCE_COLOR
from medai.tables import html_table, interval_label
from medai.widgets.explorer import Explorer

__all__ = ["CalibrationExplorer"]

_NO_SCORES = "Give at least one score, as a mapping of name to predicted probabilities."
_UNKNOWN_SCORE = "Unknown score name."
_BINS_OUT_OF_RANGE = "The number of bins must be a whole number from 2 to 20."

_MIN_BINS, _MAX_BINS = 2, 20
_SIZE, _MARGIN = 320, 48  # SVG size and margin, in pixels


class CalibrationExplorer(Explorer):
    """Reliability diagram, Brier score and calibration-in-the-large of several scores.

    Parameters
    ----------
    y_true : array-like of shape (n_patients,)
        The outcome, 0 or 1.
    scores : mapping of str to array-like of shape (n_patients,)
        Each version of the risk score, by name, as probabilities between 0 and 1.
    n_bins : int, default=10
        Starting number of equal-width bins (2-20).

    Attributes
    ----------
    widget : ipywidgets.VBox
        The controls and the results, to display.
    names : list of str
        The score names, in the order given.
    """

    def __init__(
        self, y_true: ArrayLike, scores: Mapping[str, ArrayLike], *, n_bins: int = 10
    ) -> None:
        if not scores:
            raise ValueError(_(_NO_SCORES))
        _check_bins(n_bins)
        self.names: list[str] = [str(name) for name in scores]
        self._y_true = np.asarray(y_true).ravel()
        self._scores = {str(k): np.asarray(v, dtype=float).ravel() for k, v in scores.items()}
        # Validate every score once (lengths, 0/1 outcome, probabilities).
        self._summaries = {
            name: calibration_summary(self._y_true, prob) for name, prob in self._scores.items()
        }
        style = {"description_width": "initial"}
        self._choice = widgets.Dropdown(
            options=self.names,
            value=self.names[0],
            description=_("Score"),
            style=style,
            layout=widgets.Layout(width="32em"),
        )
        self._bins = widgets.IntSlider(
            value=int(n_bins),
            min=_MIN_BINS,
            max=_MAX_BINS,
            step=1,
            continuous_update=False,
            description=_("Number of bins"),
            style=style,
            layout=widgets.Layout(width="32em"),
        )
        self._choice.observe(self._on_change, names="value")
        self._bins.observe(self._on_change, names="value")
        self._results = widgets.HTML()
        self.widget = widgets.VBox(
            [
                widgets.HTML(
                    _(
                        "<p><strong>Is the score a probability?</strong> Pick a version of the "
                        "score and a number of bins. Points on the dotted diagonal mean that "
                        "predicted and observed risks agree. Use Tab to reach a control and the "
                        "arrow keys to change it.</p>"
                    )
                ),
                self._choice,
                self._bins,
                self._results,
            ]
        )
        self.update()

    def _on_change(self, change: Mapping[str, Any]) -> None:
        self.update()

    def show(self, name: str, n_bins: int | None = None) -> None:
        """Choose the score (and optionally the number of bins), then update once."""
        if name not in self.names:
            raise ValueError(
                f"{_(_UNKNOWN_SCORE)} "
                + _("Got {name!r}; the scores are {names}.").format(name=name, names=self.names)
            )
        if n_bins is not None:
            _check_bins(n_bins)
        self._choice.unobserve(self._on_change, names="value")
        self._bins.unobserve(self._on_change, names="value")
        try:
            self._choice.value = name
            if n_bins is not None:
                self._bins.value = int(n_bins)
        finally:
            self._choice.observe(self._on_change, names="value")
            self._bins.observe(self._on_change, names="value")
        self.update()

    def update(self) -> None:
        """Recompute the reliability table of the chosen score and redraw."""
        self._table = reliability_table(
            self._y_true, self._scores[self.score_name], n_bins=self.n_bins
        )
        self._results.value = self._render_html()

    @property
    def score_name(self) -> str:
        """The score shown."""
        return str(self._choice.value)

    @property
    def n_bins(self) -> int:
        """The current number of bins."""
        return int(self._bins.value)

    @property
    def table(self) -> pd.DataFrame:
        """Reliability table of the score shown (see :func:`medai.evidence.reliability_table`)."""
        return self._table.copy()

    @property
    def summary(self) -> dict[str, float]:
        """Brier score, mean predicted risk, observed rate and calibration-in-the-large."""
        return dict(self._summaries[self.score_name])

    @property
    def summaries(self) -> pd.DataFrame:
        """The :attr:`summary` of every score, one row per score."""
        return pd.DataFrame.from_dict(self._summaries, orient="index")

    # --- rendering -------------------------------------------------------------------------
    def _svg(self) -> str:
        t = self._table
        inner = _SIZE - 2 * _MARGIN

        def x(v: float) -> float:
            return _MARGIN + v * inner

        def y(v: float) -> float:
            return _SIZE - _MARGIN - v * inner

        color = PALETTE[self.names.index(self.score_name) % len(PALETTE)]
        points = " ".join(
            f"{x(p):.1f},{y(o):.1f}"
            for p, o in zip(t["mean_predicted"], t["observed_rate"], strict=True)
        )
        dots = "".join(
            f'<circle cx="{x(p):.1f}" cy="{y(o):.1f}" r="4" fill="{color}"/>'
            for p, o in zip(t["mean_predicted"], t["observed_rate"], strict=True)
        )
        ticks = "".join(
            f'<text x="{x(v):.1f}" y="{_SIZE - _MARGIN + 16}" font-size="11" '
            f'text-anchor="middle">{format_number(v, 1)}</text>'
            f'<text x="{_MARGIN - 6}" y="{y(v) + 4:.1f}" font-size="11" '
            f'text-anchor="end">{format_number(v, 1)}</text>'
            for v in (0.0, 0.5, 1.0)
        )
        name = html.escape(self.score_name)
        bins = _("; ").join(
            _("predicted {predicted}, observed {observed}").format(
                predicted=format_number(p, 2), observed=format_number(o, 2)
            )
            for p, o in zip(t["mean_predicted"], t["observed_rate"], strict=True)
        )
        description = html.escape(
            _("Reliability diagram of {score} with {n} non-empty bins: {bins}.").format(
                score=self.score_name, n=len(t), bins=bins
            )
        )
        return (
            f'<svg role="img" aria-labelledby="medai-cal-title medai-cal-desc" '
            f'width="{_SIZE}" height="{_SIZE}" viewBox="0 0 {_SIZE} {_SIZE}" '
            'xmlns="http://www.w3.org/2000/svg">'
            '<title id="medai-cal-title">'
            + _("Reliability diagram: {score}").format(score=name)
            + "</title>"
            f'<desc id="medai-cal-desc">{description}</desc>'
            f'<rect x="{_MARGIN}" y="{_MARGIN}" width="{inner}" height="{inner}" '
            'fill="none" stroke="#333"/>'
            f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(1)}" y2="{y(1)}" stroke="{REFERENCE_COLOR}" '
            'stroke-dasharray="2,3" stroke-width="1.5"/>'
            f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2"/>'
            f"{dots}{ticks}"
            f'<text x="{_SIZE / 2}" y="{_SIZE - 8}" font-size="12" text-anchor="middle">'
            f"{_('Mean predicted risk')}</text>"
            f'<text x="14" y="{_SIZE / 2}" font-size="12" text-anchor="middle" '
            f'transform="rotate(-90 14 {_SIZE / 2})">{_("Observed rate")}</text>'
            f'<text x="{_SIZE / 2}" y="20" font-size="13" text-anchor="middle">{name}</text>'
            "</svg>"
        )

    def _render_html(self) -> str:
        s = self.summary
        table = html_table(
            [
                _("Predicted risk (bin)"),
                _("Patients"),
                _("Mean predicted risk"),
                _("Observed rate"),
            ],
            [
                [
                    interval_label(r.bin_low, r.bin_high),
                    format_number(int(r.n), 0),
                    format_percent(r.mean_predicted, 1),
                    format_percent(r.observed_rate, 1),
                ]
                for r in self._table.itertuples()
            ],
            caption=_("Reliability table, {n} bins (empty bins left out)").format(n=self.n_bins),
        )
        gap = s["calibration_in_the_large"]
        verdict = (
            _("the score over-predicts the risk on average")
            if gap > 0.005
            else _("the score under-predicts the risk on average")
            if gap < -0.005
            else _("the score matches the risk on average")
        )
        summary = _(
            "<p><strong>Brier score {brier}</strong> (lower is better). Mean predicted risk "
            "{predicted}, observed rate {observed}: calibration-in-the-large {gap} percentage "
            "points, {verdict}.</p>"
        ).format(
            brier=format_number(s["brier_score"], 4),
            predicted=format_percent(s["mean_predicted"], 1),
            observed=format_percent(s["observed_rate"], 1),
            gap=format_number(100 * gap, 1, signed=True),
            verdict=verdict,
        )
        return (
            '<div class="medai-explorer" style="display:flex;gap:1.5em;flex-wrap:wrap">'
            f"<div>{self._svg()}</div><div>{summary}{table}</div></div>"
        )

    def static_html(self) -> str:
        """The current results as an HTML fragment, readable without the widget."""
        return self._results.value

    def __repr__(self) -> str:
        return f"CalibrationExplorer(scores={self.names}, shown={self.score_name!r})"


def _check_bins(n_bins: int) -> None:
    if int(n_bins) != n_bins or not _MIN_BINS <= n_bins <= _MAX_BINS:
        raise ValueError(f"{_(_BINS_OUT_OF_RANGE)} {got(n_bins)}")
