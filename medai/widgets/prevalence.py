"""A prevalence slider: what a positive and a negative result mean in different settings.

:class:`PrevalenceExplorer` holds a test of fixed sensitivity and specificity and shows, as the
prevalence moves, its PPV and NPV and the natural-frequency table behind them ("of 10,000
patients, ..."). Presets jump between a screening setting and a specialist one. The numbers
come from :mod:`medai.evidence`; the results are read as properties
(:attr:`~PrevalenceExplorer.ppv`, :attr:`~PrevalenceExplorer.npv`,
:attr:`~PrevalenceExplorer.table`).

Every control is keyboard-usable: Tab to a slider or the drop-down, then the arrow keys.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import pandas as pd

from medai.evidence import natural_frequencies, predictive_values
from medai.i18n import N_, _, format_number, format_percent, got
from medai.tables import html_table
from medai.widgets.explorer import Explorer

__all__ = ["PRESETS", "PrevalenceExplorer"]

#: Named settings and their prevalence. Illustrative values, not published figures. The names
#: are the settings' keys, in English; the drop-down shows them in the notebook's language.
PRESETS: dict[str, float] = {
    N_("Screening (1 in 100)"): 0.01,
    N_("General hospital (1 in 20)"): 0.05,
    N_("Specialist clinic (1 in 3)"): 0.33,
}
_CUSTOM = N_("Custom (use the prevalence slider)")

_PREVALENCE_OUT_OF_RANGE = "The prevalence must lie between 0.001 and 0.9."
_ACCURACY_OUT_OF_RANGE = "Sensitivity and specificity must lie between 0.5 and 1."
_UNKNOWN_PRESET = "Unknown setting."

_MIN_PREVALENCE, _MAX_PREVALENCE = 0.001, 0.9


class PrevalenceExplorer(Explorer):
    """PPV, NPV and natural frequencies of one test as the prevalence changes.

    Parameters
    ----------
    sensitivity : float, default=0.9
        The test's sensitivity, 0.5-1.
    specificity : float, default=0.9
        The test's specificity, 0.5-1.
    prevalence : float, default=0.01
        Starting prevalence, 0.001-0.9.
    population : int, default=10_000
        Size of the imagined population of the natural-frequency table.

    Attributes
    ----------
    widget : ipywidgets.VBox
        The controls and the results, to display.

    Examples
    --------
    >>> explorer = PrevalenceExplorer(sensitivity=0.9, specificity=0.9)
    >>> explorer.set_setting("Specialist clinic (1 in 3)")
    >>> round(explorer.ppv, 2)
    0.82
    """

    def __init__(
        self,
        sensitivity: float = 0.9,
        specificity: float = 0.9,
        prevalence: float = 0.01,
        *,
        population: int = 10_000,
    ) -> None:
        _check_accuracy(sensitivity, specificity)
        _check_prevalence(prevalence)
        self.population = int(population)
        self._syncing = False
        slider_style = {"description_width": "initial"}
        layout = widgets.Layout(width="32em")
        self._setting = widgets.Dropdown(
            # (label, value): the label in the notebook's language, the value the English key.
            options=[(_(name), name) for name in [*PRESETS, _CUSTOM]],
            value=_preset_of(prevalence),
            description=_("Setting"),
            style=slider_style,
            layout=layout,
        )
        self._prevalence = widgets.FloatLogSlider(
            value=prevalence,
            base=10,
            min=math.log10(_MIN_PREVALENCE),
            max=math.log10(_MAX_PREVALENCE),
            step=0.05,
            continuous_update=False,
            readout_format=".3f",
            description=_("Prevalence"),
            style=slider_style,
            layout=layout,
        )
        self._sensitivity, self._specificity = (
            widgets.FloatSlider(
                value=value,
                min=0.5,
                max=1.0,
                step=0.01,
                continuous_update=False,
                readout_format=".2f",
                description=name,
                style=slider_style,
                layout=layout,
            )
            for name, value in ((_("Sensitivity"), sensitivity), (_("Specificity"), specificity))
        )
        self._setting.observe(self._on_setting, names="value")
        self._prevalence.observe(self._on_prevalence, names="value")
        for control in (self._sensitivity, self._specificity):
            control.observe(self._on_change, names="value")
        self._results = widgets.HTML()
        self.widget = widgets.VBox(
            [
                widgets.HTML(
                    _(
                        "<p><strong>One test, several settings.</strong> Choose a setting or "
                        "move the prevalence; sensitivity and specificity stay fixed unless you "
                        "move them. Use Tab to reach a control and the arrow keys to change "
                        "it.</p>"
                    )
                ),
                self._setting,
                self._prevalence,
                self._sensitivity,
                self._specificity,
                self._results,
            ]
        )
        self.update()

    # --- controls ---------------------------------------------------------------------
    def _on_setting(self, change: Mapping[str, Any]) -> None:
        if self._syncing or change["new"] == _CUSTOM:
            return
        self._syncing = True
        try:
            self._prevalence.value = PRESETS[change["new"]]
        finally:
            self._syncing = False
        self.update()

    def _on_prevalence(self, change: Mapping[str, Any]) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            self._setting.value = _preset_of(change["new"])
        finally:
            self._syncing = False
        self.update()

    def _on_change(self, change: Mapping[str, Any]) -> None:
        self.update()

    def set_setting(self, name: str) -> None:
        """Jump to one of the :data:`PRESETS` (raises :data:`_UNKNOWN_PRESET` otherwise)."""
        if name not in PRESETS:
            raise ValueError(
                f"{_(_UNKNOWN_PRESET)} "
                + _("Got {name!r}; the settings are {settings}.").format(
                    name=name, settings=list(PRESETS)
                )
            )
        self._setting.value = name

    def set_prevalence(self, prevalence: float) -> None:
        """Move the prevalence slider (raises :data:`_PREVALENCE_OUT_OF_RANGE` if outside)."""
        _check_prevalence(prevalence)
        self._prevalence.value = float(prevalence)

    # --- results ------------------------------------------------------------------------
    def update(self) -> None:
        """Recompute the predictive values and the table, and redraw the results.

        Called by every control; it computes a 2x2 table, so it takes well under a
        millisecond plus the HTML rendering.
        """
        se, sp, p = self.sensitivity, self.specificity, self.prevalence
        values = predictive_values(se, sp, p)
        self._ppv, self._npv = values.ppv, values.npv
        self._table = natural_frequencies(se, sp, p, population=self.population)
        self._results.value = self._render_html()

    @property
    def sensitivity(self) -> float:
        """The test's current sensitivity."""
        return float(self._sensitivity.value)

    @property
    def specificity(self) -> float:
        """The test's current specificity."""
        return float(self._specificity.value)

    @property
    def prevalence(self) -> float:
        """The current prevalence."""
        return float(self._prevalence.value)

    @property
    def setting(self) -> str:
        """The name of the chosen setting, or the custom entry."""
        return str(self._setting.value)

    @property
    def ppv(self) -> float:
        """Positive predictive value at the current prevalence."""
        return self._ppv

    @property
    def npv(self) -> float:
        """Negative predictive value at the current prevalence."""
        return self._npv

    @property
    def table(self) -> pd.DataFrame:
        """Natural frequencies: the 2x2 table in a population of :attr:`population` people.

        Labelled in the language of the last update
        (see :func:`medai.evidence.natural_frequencies`).
        """
        return self._table.copy()

    def _render_html(self) -> str:
        t = self._table
        table = html_table(
            ["", *t.columns],
            [[row, *(format_number(v, 0) for v in values)] for row, values in t.iterrows()],
            caption=_("Of {population} patients at a prevalence of {prevalence}").format(
                population=format_number(self.population, 0),
                prevalence=format_percent(self.prevalence, 1),
            ),
        )
        # Rows: test positive, test negative, total; columns: disease, no disease, total.
        counts = t.to_numpy()
        true_pos, positives = int(counts[0, 0]), int(counts[0, 2])
        false_neg, negatives = int(counts[1, 0]), int(counts[1, 2])
        summary = _(
            "<p><strong>PPV {ppv}</strong>: of {positives} positive results, {true_pos} are "
            "true. <strong>NPV {npv}</strong>: of {negatives} negative results, {false_neg} "
            "miss the disease.</p>"
        ).format(
            ppv=format_percent(self._ppv, 1),
            npv=format_percent(self._npv, 1),
            positives=format_number(positives, 0),
            true_pos=format_number(true_pos, 0),
            negatives=format_number(negatives, 0),
            false_neg=format_number(false_neg, 0),
        )
        return f'<div class="medai-explorer">{table}{summary}</div>'

    def static_html(self) -> str:
        """The current results as an HTML fragment, readable without the widget."""
        return self._results.value

    def __repr__(self) -> str:
        return (
            f"PrevalenceExplorer(sensitivity={self.sensitivity:.2f}, "
            f"specificity={self.specificity:.2f}, prevalence={self.prevalence:.3f})"
        )


def _preset_of(prevalence: float) -> str:
    for name, value in PRESETS.items():
        if abs(value - prevalence) < 1e-9:
            return name
    return _CUSTOM


def _check_prevalence(value: float) -> None:
    if not _MIN_PREVALENCE <= float(value) <= _MAX_PREVALENCE:
        raise ValueError(f"{_(_PREVALENCE_OUT_OF_RANGE)} {got(value)}")


def _check_accuracy(sensitivity: float, specificity: float) -> None:
    for value in (sensitivity, specificity):
        if not 0.5 <= float(value) <= 1.0:
            raise ValueError(f"{_(_ACCURACY_OUT_OF_RANGE)} {got(value)}")
