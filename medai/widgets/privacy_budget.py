"""An explorer of the privacy budget epsilon, for module 5 "Protecting health data".

:class:`PrivacyBudgetExplorer` releases counts with OpenDP's Laplace mechanism at the epsilon
chosen on a slider, and shows what the privacy costs in accuracy: the noise scale (1 /
epsilon for a count), the error that 95 % of releases stay within, and a few actual noisy
releases; and what the guarantee means: the factor e^epsilon by which one patient can
change the probability of a release (1.11 at epsilon 0.1, 2.72 at 1, 148 at 5), and the
budget that publishing all the releases shown would spend, since releases about the same
patients add up. A large count (all diabetic patients) survives a small epsilon; a small count (a
rare diagnosis in one group) is drowned. Results are read as properties
(:attr:`~PrivacyBudgetExplorer.table`, :attr:`~PrivacyBudgetExplorer.releases`).

The slider moves with the arrow keys once focused with Tab. OpenDP is imported on first use,
through :mod:`medai.privacy`; in the browser edition (JupyterLite), where it cannot be
loaded, the explorer runs the course's NumPy version of the same mechanism and says so.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as widgets
import numpy as np
import pandas as pd

from medai.i18n import _, format_number, format_percent, got
from medai.privacy import count_error_bound, count_measurement, dp_library_note
from medai.widgets.explorer import Explorer

__all__ = ["PrivacyBudgetExplorer"]

_NO_COUNTS = "Give at least one count to release, as a mapping of label to true count."
_BAD_COUNT = "A count must be a non-negative integer."
_EPSILON_OUT_OF_RANGE = "epsilon must lie between the slider's minimum and maximum."

#: Share of releases whose error exceeds the reported error bound (a 95 % bound).
ALPHA = 0.05
# The slider runs over epsilon = 10**-2 to 10**1 in steps of 10**0.1.
_MIN_EXPONENT, _MAX_EXPONENT, _STEP = -2.0, 1.0, 0.1


class PrivacyBudgetExplorer(Explorer):
    """Release counts with epsilon-differential privacy, and see the accuracy it costs.

    Parameters
    ----------
    counts : mapping of str to int
        Each query's label and its true answer (a count of patients).
    epsilon : float, default=1.0
        The privacy budget spent on each count at first.
    n_releases : int, default=10
        How many noisy releases of each count to draw and show at each update, to show
        their spread. They are releases about the same patients: publishing them all would
        spend ``n_releases`` times epsilon (sequential composition), see
        :attr:`budget_if_all_published`.

    Attributes
    ----------
    widget : ipywidgets.VBox
        The slider and the results, to display.

    Notes
    -----
    A count changes by at most 1 when one patient is added or removed, so OpenDP's
    ``make_count >> then_laplace(scale)`` (:func:`medai.privacy.count_measurement`) is
    epsilon-DP for scale = 1 / epsilon. The noise cannot be seeded: :attr:`table` (scale and
    error bound) is deterministic, :attr:`releases` is not.
    """

    def __init__(
        self, counts: Mapping[str, int], *, epsilon: float = 1.0, n_releases: int = 10
    ) -> None:
        if not counts:
            raise ValueError(_(_NO_COUNTS))
        for value in counts.values():
            if isinstance(value, bool) or int(value) != value or value < 0:
                raise ValueError(f"{_(_BAD_COUNT)} {got(value)}")
        self.counts: dict[str, int] = {str(k): int(v) for k, v in counts.items()}
        self.n_releases = int(n_releases)
        # One boolean per patient counted: the data a count query sees.
        self._data = {label: [True] * n for label, n in self.counts.items()}
        self._slider = widgets.FloatLogSlider(
            value=float(epsilon),
            base=10,
            min=_MIN_EXPONENT,
            max=_MAX_EXPONENT,
            step=_STEP,
            continuous_update=False,
            readout_format=".2f",
            description=_("Privacy budget ε"),
            tooltip=_("Smaller epsilon: more privacy, more noise"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="32em"),
        )
        self._check(epsilon)
        self._slider.observe(lambda change: self.update(), names="value")
        self._results = widgets.HTML()
        self.widget = widgets.VBox(
            [
                widgets.HTML(
                    _(
                        "<p><strong>Privacy budget.</strong> Each count is released with the "
                        "Laplace mechanism at the chosen ε. Use Tab to reach the slider and the "
                        "arrow keys to move it.</p>"
                    )
                ),
                self._slider,
                self._results,
            ]
        )
        self.update()

    def _check(self, epsilon: float) -> None:
        low, high = 10**_MIN_EXPONENT, 10**_MAX_EXPONENT
        if not low - 1e-12 <= float(epsilon) <= high + 1e-12:
            raise ValueError(
                f"{_(_EPSILON_OUT_OF_RANGE)} "
                + _("Got {epsilon!r}; the range is {low}-{high}.").format(
                    epsilon=epsilon, low=low, high=high
                )
            )

    @property
    def epsilon(self) -> float:
        """The privacy budget spent on each count."""
        return float(self._slider.value)

    def set_epsilon(self, epsilon: float) -> None:
        """Move the slider (which triggers one update)."""
        self._check(epsilon)
        if float(epsilon) == self._slider.value:
            self.update()
        else:
            self._slider.value = float(epsilon)

    def update(self) -> None:
        """Calibrate the mechanism to the current epsilon and draw new releases."""
        scale = 1.0 / self.epsilon
        measurement = count_measurement(scale)
        # The privacy loss the mechanism certifies for one patient more or less: epsilon.
        self._certified_epsilon = float(measurement.map(1))
        error = count_error_bound(scale, ALPHA)
        releases = {
            label: [int(measurement(self._data[label])) for _ in range(self.n_releases)]
            for label in self.counts
        }
        self._releases = pd.DataFrame.from_dict(releases, orient="index")
        self._releases.columns = [
            _("release {number}").format(number=i + 1) for i in range(self.n_releases)
        ]
        true = pd.Series(self.counts, dtype=float)
        self._table = pd.DataFrame(
            {
                "true_count": true.astype(int),
                "noise_scale": scale,
                "error_95": error,
                "relative_error_95": (error / true.where(true > 0)),
                "mean_absolute_error": (self._releases.sub(true, axis=0)).abs().mean(axis=1),
            }
        )
        self._results.value = self._render_html()

    @property
    def scale(self) -> float:
        """The Laplace noise scale, 1 / epsilon."""
        return float(self._table["noise_scale"].iloc[0])

    @property
    def probability_factor(self) -> float:
        """e^epsilon: the most one patient can multiply the probability of any release by."""
        return float(np.exp(self.epsilon))

    @property
    def budget_if_all_published(self) -> float:
        """The privacy loss of publishing every release shown: n_releases x epsilon.

        The releases count the same patients, so their budgets add up (sequential
        composition); counts of disjoint patients would not (parallel composition).
        """
        return self.n_releases * self.epsilon

    @property
    def certified_epsilon(self) -> float:
        """The privacy loss the mechanism certifies (its privacy map at 1 patient)."""
        return self._certified_epsilon

    @property
    def error_95(self) -> float:
        """The error that 95 % of releases stay within (:func:`medai.privacy.count_error_bound`)."""
        return float(self._table["error_95"].iloc[0])

    @property
    def table(self) -> pd.DataFrame:
        """Per query: true count, noise scale, 95 % error bound (absolute and relative to the
        count) and the mean absolute error of the releases drawn."""
        return self._table.copy()

    @property
    def releases(self) -> pd.DataFrame:
        """The noisy releases drawn at the last update: one row per query."""
        return self._releases.copy()

    def _render_html(self) -> str:
        rows = []
        for label, row in self._table.iterrows():
            # Integers: a list separated by commas reads the same in French.
            shown = ", ".join(str(v) for v in self._releases.loc[label])
            relative = row["relative_error_95"]
            relative_text = "—" if np.isnan(relative) else f"±{format_percent(relative, 0)}"
            rows.append(
                f'<tr><th scope="row">{html.escape(str(label))}</th>'
                f"<td>{format_number(int(row['true_count']), 0)}</td>"
                f"<td>±{format_number(row['error_95'], 0)}</td>"
                f"<td>{relative_text}</td><td>{shown}</td></tr>"
            )
        header = "".join(
            f'<th scope="col">{h}</th>'
            for h in [
                _("Query"),
                _("True count"),
                _("95 % of releases within"),
                _("Relative"),
                _("Releases"),
            ]
        )
        guarantee = _(
            "<p>ε = {epsilon}: noise scale {scale} (the mechanism certifies a privacy loss of "
            "{certified}). One patient more or less changes the probability of any release by "
            "at most a factor e<sup>ε</sup> = {factor}.</p>"
        ).format(
            epsilon=format_number(self.epsilon, 2),
            scale=format_number(self.scale, 2),
            certified=format_number(self.certified_epsilon, 2),
            factor=format_number(self.probability_factor, 2),
        )
        composition = _(
            "<p>The {n} releases of each count below are about the same patients: publishing "
            "them all would spend {n} × ε = {budget}, not ε.</p>"
        ).format(n=self.n_releases, budget=format_number(self.budget_if_all_published, 2))
        return (
            f'<div class="medai-explorer">{guarantee}{composition}'
            f"<table><caption>{_('Counts released with the Laplace mechanism')}</caption>"
            f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"<p>{html.escape(dp_library_note(), quote=False)}</p></div>"
        )

    def static_html(self) -> str:
        """The current results as an HTML fragment, readable without the widget."""
        return self._results.value

    def __repr__(self) -> str:
        return f"PrivacyBudgetExplorer(epsilon={self.epsilon:.2f}, counts={self.counts})"
