"""A radiologist and a tool as a team: choose a policy, see what it misses and what it costs.

:class:`HumanAITeamExplorer` holds a cohort (the tool's scores and the reference diagnosis)
and a radiologist of given sensitivity and specificity. The learner picks how the two work
together (:data:`medai.teams.POLICIES`: the radiologist alone, the tool alone, AI as second
reader, a triage rule-out, a deferral band, concurrent reading with some trust in the tool)
and moves its thresholds; the explorer shows the fractures missed, the false alarms and the
radiographs a radiologist reads, per 1,000, next to the radiologist alone and the tool
alone. All the arithmetic is :func:`medai.teams.team_outcomes`; the widget only displays it.

Every control is keyboard-usable: Tab to the drop-down or a slider, then the arrow keys.
The sliders a policy does not use are hidden, so Tab only visits the ones that matter.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
from numpy.typing import ArrayLike

from medai.i18n import N_, _, format_number, format_percent, got
from medai.teams import POLICIES, TeamResult, team_outcomes
from medai.widgets.explorer import Explorer

__all__ = ["HumanAITeamExplorer"]

_UNKNOWN_CONTROL = "Unknown control."

#: Which sliders each policy uses (the reader's two sliders are always shown).
_USES: dict[str, tuple[str, ...]] = {
    "reader_alone": (),
    "tool_alone": ("threshold",),
    "second_reader": ("threshold",),
    "triage": ("threshold",),
    "deferral": ("low", "high"),
    "concurrent": ("threshold", "trust"),
}
_LABELS = {
    "reader_alone": N_("Radiologist alone"),
    "tool_alone": N_("Tool alone"),
    "second_reader": N_("AI as second reader"),
    "triage": N_("Triage (rule-out)"),
    "deferral": N_("Deferral band"),
    "concurrent": N_("Concurrent reading"),
}
_SLIDERS = {
    # name: (description, minimum, maximum, step, tooltip), the texts shown in the
    # notebook's language
    "reader_sensitivity": (N_("Radiologist's sensitivity"), 0.5, 1.0, 0.01, N_("without the tool")),
    "reader_specificity": (N_("Radiologist's specificity"), 0.5, 1.0, 0.01, N_("without the tool")),
    "threshold": (N_("Tool's threshold"), 0.0, 1.0, 0.01, N_("the tool flags at or above it")),
    "low": (N_("Rule out below"), 0.0, 1.0, 0.01, N_("the tool rules out below this score")),
    "high": (N_("Flag at or above"), 0.0, 1.0, 0.01, N_("the tool flags at or above this score")),
    "trust": (
        N_("Trust in the tool"),
        0.0,
        1.0,
        0.05,
        N_("probability of adopting the tool's call"),
    ),
}


class HumanAITeamExplorer(Explorer):
    """Missed fractures and radiologist reads per 1,000 radiographs under a human-AI policy.

    Parameters
    ----------
    y_true : array-like of shape (n_radiographs,)
        The reference diagnosis (1: fracture, 0: none).
    y_score : array-like of shape (n_radiographs,)
        The tool's score, between 0 and 1.
    policy : str, default="deferral"
        The starting policy, a key of :data:`medai.teams.POLICIES`.
    reader_sensitivity, reader_specificity : float, default=0.94
        The radiologist's, without the tool (0.5-1). The default is the pooled figure of
        clinicians in the meta-analysis of Kuo et al. (Radiology 2022).
    threshold, low, high, trust : float
        Where the other sliders start (see :func:`medai.teams.team_outcomes`).
    condition : str, default="fracture"
        The name of the condition, for the labels.

    Attributes
    ----------
    widget : ipywidgets.VBox
        The controls and the results, to display.

    Examples
    --------
    >>> explorer = HumanAITeamExplorer([1, 0, 0, 1], [0.9, 0.1, 0.3, 0.6])
    >>> explorer.set(policy="reader_alone")
    >>> explorer.result.reads_per_1000
    1000.0
    """

    def __init__(
        self,
        y_true: ArrayLike,
        y_score: ArrayLike,
        *,
        policy: str = "deferral",
        reader_sensitivity: float = 0.94,
        reader_specificity: float = 0.94,
        threshold: float = 0.5,
        low: float = 0.05,
        high: float = 0.8,
        trust: float = 0.5,
        condition: str = "fracture",
    ) -> None:
        self._y_true = np.asarray(y_true).ravel()
        self._y_score = np.asarray(y_score, dtype=float).ravel()
        self.condition = str(condition)
        start = {
            "reader_sensitivity": reader_sensitivity,
            "reader_specificity": reader_specificity,
            "threshold": threshold,
            "low": low,
            "high": high,
            "trust": trust,
        }
        # Check every input once, with the arithmetic's own messages.
        team_outcomes(self._y_true, self._y_score, policy, **start)
        self._syncing = False
        layout = widgets.Layout(width="32em")
        style = {"description_width": "12em"}
        self._policy = widgets.Dropdown(
            options=[(_(_LABELS[key]), key) for key in POLICIES],
            value=policy,
            description=_("Policy"),
            style=style,
            layout=layout,
        )
        self._policy.observe(self._on_policy, names="value")
        self._sliders: dict[str, widgets.FloatSlider] = {}
        for name, (description, low_, high_, step, tooltip) in _SLIDERS.items():
            slider = widgets.FloatSlider(
                value=float(start[name]),
                min=low_,
                max=high_,
                step=step,
                continuous_update=False,  # recompute on release, not while dragging
                readout_format=".2f",
                description=_(description),
                tooltip=_(tooltip),
                style=style,
                layout=widgets.Layout(width="32em"),
            )
            slider.observe(self._on_slider, names="value")
            self._sliders[name] = slider
        self._description = widgets.HTML()
        self._results = widgets.HTML()
        self.widget = widgets.VBox(
            [
                widgets.HTML(
                    _(
                        "<p><strong>Who reads what?</strong> Choose how the radiologist and the "
                        "tool work together, then move the thresholds. Use Tab to reach a "
                        "control and the arrow keys to change it.</p>"
                    )
                ),
                self._policy,
                self._description,
                *self._sliders.values(),
                self._results,
            ]
        )
        self.update()

    # --- controls -----------------------------------------------------------------------
    def _on_policy(self, change: Mapping[str, Any]) -> None:
        if not self._syncing:
            self.update()

    def _on_slider(self, change: Mapping[str, Any]) -> None:
        if self._syncing:
            return
        # Keep low <= high: the slider that moved wins, the other follows.
        low, high = self._sliders["low"], self._sliders["high"]
        if low.value > high.value:
            self._syncing = True
            try:
                if change["owner"] is low:
                    high.value = low.value
                else:
                    low.value = high.value
            finally:
                self._syncing = False
        self.update()

    def set(self, **values: Any) -> None:
        """Move controls by name (``policy`` and the slider names), then update once.

        Raises
        ------
        ValueError
            :data:`_UNKNOWN_CONTROL` for a name that is not a control, or the message of
            :func:`medai.teams.team_outcomes` for a value it refuses (the controls are then
            left as they were).
        """
        unknown = set(values) - {"policy", *self._sliders}
        if unknown:
            raise ValueError(f"{_(_UNKNOWN_CONTROL)} {got(sorted(unknown), as_repr=False)}")
        settings = {**self.settings, **values}
        policy = settings.pop("policy")
        team_outcomes(self._y_true[:0], self._y_score[:0], policy, **settings)
        self._syncing = True
        try:
            self._policy.value = policy
            for name, slider in self._sliders.items():
                slider.value = float(settings[name])
        finally:
            self._syncing = False
        self.update()

    @property
    def settings(self) -> dict[str, Any]:
        """The current policy and slider values."""
        return {"policy": self.policy} | {
            name: float(slider.value) for name, slider in self._sliders.items()
        }

    @property
    def policy(self) -> str:
        """The current policy, a key of :data:`medai.teams.POLICIES`."""
        return str(self._policy.value)

    # --- results ------------------------------------------------------------------------
    def update(self) -> None:
        """Recompute the team and the two baselines, show the sliders the policy uses.

        Three passes of :func:`medai.teams.team_outcomes` over the cohort: well under a
        millisecond each for a few thousand radiographs.
        """
        settings = self.settings
        policy = settings.pop("policy")
        for name, slider in self._sliders.items():
            used = name.startswith("reader_") or name in _USES[policy]
            slider.layout.display = None if used else "none"
        reader = {k: settings[k] for k in ("reader_sensitivity", "reader_specificity")}
        self._result = team_outcomes(self._y_true, self._y_score, policy, **settings)
        tool_threshold = settings["high"] if policy == "deferral" else settings["threshold"]
        self._baselines = {
            "reader_alone": team_outcomes(self._y_true, self._y_score, "reader_alone", **reader),
            "tool_alone": team_outcomes(
                self._y_true, self._y_score, "tool_alone", threshold=tool_threshold, **reader
            ),
        }
        self._description.value = f"<p>{html.escape(_(POLICIES[policy]))}</p>"
        self._results.value = self._render_html(tool_threshold)

    @property
    def result(self) -> TeamResult:
        """The current team's missed fractures, false alarms and reads, per 1,000."""
        return self._result

    @property
    def baselines(self) -> dict[str, TeamResult]:
        """The radiologist alone, and the tool alone at the current threshold (``high`` for a
        deferral band)."""
        return dict(self._baselines)

    def _render_html(self, tool_threshold: float) -> str:
        cond = html.escape(self.condition)
        rows = [
            (_("This team: {policy}").format(policy=_(_LABELS[self.policy])), self._result),
            (_("Radiologist alone"), self._baselines["reader_alone"]),
            (
                _("Tool alone (threshold {threshold})").format(
                    threshold=format_number(tool_threshold, 2)
                ),
                self._baselines["tool_alone"],
            ),
        ]
        body = "".join(
            f'<tr><th scope="row">{html.escape(name)}</th>'
            f"<td>{format_number(r.missed_per_1000, 1)}</td>"
            f"<td>{format_number(r.false_alarms_per_1000, 1)}</td>"
            f"<td>{format_number(r.reads_per_1000, 0)}</td></tr>"
            for name, r in rows
        )
        alone = self._baselines["reader_alone"]
        missed_change = self._result.missed_per_1000 - alone.missed_per_1000
        saved = alone.reads_per_1000 - self._result.reads_per_1000
        misses = (
            _("<strong>{n} more {condition}s</strong>")
            if missed_change > 0
            else _("<strong>{n} fewer {condition}s</strong>")
        ).format(n=format_number(abs(missed_change), 1), condition=cond)
        caption = _("Per 1,000 radiographs like these ({share} with a {condition})").format(
            share=format_percent(float(np.mean(self._y_true)), 0), condition=cond
        )
        header = "".join(
            f'<th scope="col">{label}</th>'
            for label in (
                _("Missed {condition}s").format(condition=cond),
                _("False alarms"),
                _("Radiologist reads"),
            )
        )
        comparison = _(
            "<p>Compared with the radiologist alone, this team misses {misses} and saves "
            "<strong>{saved} reads</strong> per 1,000 radiographs.</p>"
        ).format(misses=misses, saved=format_number(saved, 0))
        return (
            '<div class="medai-explorer">'
            f"<table><caption>{caption}</caption>"
            f"<thead><tr><td></td>{header}</tr></thead><tbody>{body}</tbody></table>"
            f"{comparison}</div>"
        )

    def static_html(self) -> str:
        """The current results as an HTML fragment, readable without the widget."""
        return self._description.value + self._results.value

    def __repr__(self) -> str:
        r = self._result
        return (
            f"HumanAITeamExplorer(policy={self.policy!r}, "
            f"missed_per_1000={r.missed_per_1000:.1f}, reads_per_1000={r.reads_per_1000:.0f})"
        )
