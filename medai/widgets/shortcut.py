"""An explorer of shortcut learning: move the marker's strength, watch both hospitals' AUC.

:class:`ShortcutExplorer` draws the radiographs of
:func:`medai.datasets.make_hospital_radiographs` at each strength of the shortcut (how closely
the scanner's marker follows the disease at hospital A), trains the same model on hospital
A's patients, and measures its AUC on held-out hospital-A patients and at hospital B. Every
strength is computed once, when the explorer is made, so that moving the slider only looks
up a row (well under 100 ms). Results are read as properties (:attr:`auc`, :attr:`results`).

The slider is keyboard-usable: Tab to it, then the arrow keys.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib import colormaps
from PIL import Image
from sklearn.base import ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupShuffleSplit
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from medai.datasets.where_models_fail import make_hospital_radiographs
from medai.i18n import _, format_number, format_percent, got
from medai.widgets.explorer import Explorer

__all__ = ["ShortcutExplorer"]

_STRENGTH_NOT_COMPUTED = "This shortcut strength was not precomputed."
_STRENGTHS_OUT_OF_RANGE = "Shortcut strengths must be distinct values between 0 and 1."

_MAP_SCALE = 12  # each pixel of the coefficient map becomes a 12 x 12 block on screen


def _default_model() -> Pipeline:
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))


def _png(values: np.ndarray) -> bytes:
    """The map as an enlarged viridis PNG (no matplotlib figure: fast enough to precompute)."""
    scaled = values / (values.max() or 1.0)
    rgba = colormaps["viridis"](scaled, bytes=True)
    big = np.kron(rgba, np.ones((_MAP_SCALE, _MAP_SCALE, 1), dtype=np.uint8))
    buffer = io.BytesIO()
    Image.fromarray(big).save(buffer, format="PNG")
    return buffer.getvalue()


class ShortcutExplorer(Explorer):
    """Both hospitals' AUC as the shortcut at hospital A gets stronger or weaker.

    For each strength, the model is trained on 75 % of hospital A's patients (all their
    images) and scored on the other 25 % (internal validation, patient-level split) and on
    every image of hospital B (external validation).

    Parameters
    ----------
    strengths : sequence of float, default=0, 0.1, ..., 1
        Strengths of the shortcut to precompute, each between 0 and 1.
    n_patients : int, default=250
        Patients per draw, over both hospitals.
    random_state : int, default=0
        Seed of the images (the same images at every strength but for the marker) and of
        the patient split.
    make_model : callable, optional
        Returns a fresh scikit-learn classifier with ``predict_proba``; by default a logistic
        regression on standardised pixels.
    initial_strength : float, optional
        Where the slider starts; by default the strongest shortcut.

    Attributes
    ----------
    widget : ipywidgets.VBox
        The slider, the results and the map of where the model looks, to display.
    strengths : list of float
        The precomputed strengths, sorted.
    """

    def __init__(
        self,
        strengths: Sequence[float] = tuple(np.round(np.linspace(0, 1, 11), 2)),
        *,
        n_patients: int = 250,
        random_state: int = 0,
        make_model: Callable[[], ClassifierMixin] | None = None,
        initial_strength: float | None = None,
    ) -> None:
        values = sorted(float(s) for s in strengths)
        if not values or len(set(values)) != len(values) or not 0 <= values[0] <= values[-1] <= 1:
            raise ValueError(f"{_(_STRENGTHS_OUT_OF_RANGE)} {got(list(strengths), as_repr=False)}")
        self.strengths = values
        make_model = make_model or _default_model
        rows, self._maps, self._pngs = [], {}, {}
        split = None
        for strength in values:
            data = make_hospital_radiographs(
                n_patients, shortcut_strength=strength, random_state=random_state
            )
            frame, pixels = data.frame, data.feature_names
            a = frame[frame["hospital"] == "A"]
            b = frame[frame["hospital"] == "B"]
            if split is None:  # the same patients in each part at every strength
                splitter = GroupShuffleSplit(n_splits=1, test_size=0.25, random_state=random_state)
                split = next(splitter.split(a, groups=a["patient_id"]))
            train, test = a.iloc[split[0]], a.iloc[split[1]]
            model = make_model().fit(train[pixels], train["disease"])
            weights = np.abs(_coefficients(model, len(pixels)))
            marker = np.isin(pixels, data.marker_pixels)
            rows.append(
                {
                    "strength": strength,
                    "auc_hospital_a": roc_auc_score(
                        test["disease"], model.predict_proba(test[pixels])[:, 1]
                    ),
                    "auc_hospital_b": roc_auc_score(
                        b["disease"], model.predict_proba(b[pixels])[:, 1]
                    ),
                    "marker_weight_share": float(weights[marker].sum() / weights.sum()),
                    "marker_agreement_a": float((a["marker"] == a["disease"]).mean()),
                }
            )
            side = data.images.shape[1]
            self._maps[strength] = weights.reshape(side, side)
            self._pngs[strength] = _png(self._maps[strength])
        self._results = pd.DataFrame(rows).set_index("strength")

        start = values[-1] if initial_strength is None else float(initial_strength)
        self._check(start)
        self._slider = widgets.SelectionSlider(
            options=[(format_number(s, 2), s) for s in values],
            value=start,
            description=_("Shortcut strength at hospital A"),
            continuous_update=True,  # only a lookup: instant while the slider moves
            style={"description_width": "initial"},
            layout=widgets.Layout(width="36em"),
        )
        self._slider.observe(self._on_slider, names="value")
        self._html = widgets.HTML()
        self._image = widgets.Image(format="png", width=16 * _MAP_SCALE)
        self._map_text = widgets.HTML()  # the map in words, for screen readers
        self.widget = widgets.VBox(
            [
                widgets.HTML(
                    _(
                        "<p><strong>How strongly does the scanner's marker follow the disease "
                        "at hospital A?</strong> 0: not at all; 1: every diseased patient's "
                        "image has it and no other. Use Tab to reach the slider and the arrow "
                        "keys to move it.</p>"
                    )
                ),
                self._slider,
                self._html,
                widgets.HTML(
                    _(
                        "<p>Where the model looks: the size of its coefficient on each pixel "
                        "(bright yellow = large). The top-left corner is where the marker is "
                        "stamped.</p>"
                    )
                ),
                self._image,
                self._map_text,
            ]
        )
        self.update()

    def _check(self, strength: float) -> None:
        if float(strength) not in self._maps:
            raise ValueError(
                f"{_(_STRENGTH_NOT_COMPUTED)} "
                + _("Got {strength}; choose from {strengths}.").format(
                    strength=strength, strengths=self.strengths
                )
            )

    def _on_slider(self, change: dict[str, Any]) -> None:
        self.update()

    @property
    def strength(self) -> float:
        """The strength the slider shows."""
        return float(self._slider.value)

    def set_strength(self, strength: float) -> None:
        """Move the slider to a precomputed strength (and update).

        Raises
        ------
        ValueError
            :data:`_STRENGTH_NOT_COMPUTED` if ``strength`` is not one of :attr:`strengths`.
        """
        self._check(strength)
        self._slider.value = float(strength)

    def update(self) -> None:
        """Show the results of the current strength: a lookup, no training."""
        row = self._results.loc[self.strength]
        self._current = row
        self._html.value = self._render(row)
        self._image.value = self._pngs[self.strength]
        self._map_text.value = f"<p>{html.escape(self.map_description)}</p>"

    @property
    def auc(self) -> dict[str, float]:
        """AUC at the current strength: ``{"A": internal, "B": external}``."""
        return {
            "A": float(self._current["auc_hospital_a"]),
            "B": float(self._current["auc_hospital_b"]),
        }

    @property
    def marker_weight_share(self) -> float:
        """Share of the model's total absolute coefficient that sits on the marker's pixels."""
        return float(self._current["marker_weight_share"])

    @property
    def coefficient_map(self) -> np.ndarray:
        """Absolute coefficient of each pixel at the current strength, (side, side)."""
        return self._maps[self.strength].copy()

    @property
    def results(self) -> pd.DataFrame:
        """Every precomputed strength: AUC at A and B, marker weight share, marker agreement."""
        return self._results.copy()

    @property
    def map_description(self) -> str:
        """Alt text of the coefficient map at the current strength."""
        side = self._maps[self.strength].shape[0]
        top = np.unravel_index(np.argmax(self._maps[self.strength]), (side, side))
        return _(
            "Map of the model's absolute coefficient per pixel, {side} by {side} pixels. The "
            "largest is at row {row}, column {column}; {share} of the total weight sits on the "
            "4 marker pixels of the top-left corner."
        ).format(
            side=side,
            row=top[0],
            column=top[1],
            share=format_percent(self.marker_weight_share, 0),
        )

    def _render(self, row: pd.Series) -> str:
        drop = row["auc_hospital_a"] - row["auc_hospital_b"]
        findings = _(
            "The marker matches the label on {agreement} of hospital A's images. {share} of "
            "the model's weight sits on the marker's 4 pixels (out of {n_pixels})."
        ).format(
            agreement=format_percent(row["marker_agreement_a"], 0),
            share=format_percent(row["marker_weight_share"], 0),
            n_pixels=format_number(self._maps[self.strength].size, 0),
        )
        return (
            '<div class="medai-explorer"><table>'
            f"<caption>{_('Same model, two hospitals')}</caption>"
            f'<thead><tr><th scope="col">{_("Validation")}</th><th scope="col">AUC</th></tr>'
            "</thead><tbody>"
            f'<tr><th scope="row">{_("Hospital A, held-out patients (internal)")}</th>'
            f"<td>{format_number(row['auc_hospital_a'], 3)}</td></tr>"
            f'<tr><th scope="row">{_("Hospital B (external)")}</th>'
            f"<td>{format_number(row['auc_hospital_b'], 3)}</td></tr>"
            "</tbody></table>"
            f"<p>{findings} {html.escape(self._verdict(drop))}</p></div>"
        )

    @staticmethod
    def _verdict(drop: float) -> str:
        if drop > 0.1:
            return _(
                "The AUC falls by {drop} at hospital B: the model learned the shortcut."
            ).format(drop=format_number(drop, 2))
        return _("The AUC differs by {drop} between the hospitals.").format(
            drop=format_number(drop, 2, signed=True)
        )

    def static_html(self) -> str:
        """The current results as an HTML fragment, readable without the widget."""
        return self._html.value

    def __repr__(self) -> str:
        return f"ShortcutExplorer(strength={self.strength}, auc={self.auc})"


def _coefficients(model: Any, n_features: int) -> np.ndarray:
    """The linear coefficients of a fitted model (or of a pipeline's last step)."""
    estimator = model[-1] if isinstance(model, Pipeline) else model
    coef = getattr(estimator, "coef_", None)
    if coef is None:
        # Models without coefficients get an even map rather than an error.
        return np.ones(n_features)
    return np.asarray(coef, dtype=float).ravel()
