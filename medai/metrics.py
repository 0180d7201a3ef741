"""Per-group clinical metrics, computed once with fairlearn's ``MetricFrame``.

Each metric is a plain ``fn(y_true, y_pred)`` callable so that fairlearn can disaggregate it.
Names follow the clinic rather than machine learning: *sensitivity* (recall), *PPV*
(precision), and the two error rates that matter in triage, the false-negative rate (missed
cases) and the false-positive rate (false alarms).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from fairlearn.metrics import (
    MetricFrame,
    false_negative_rate,
    false_positive_rate,
    selection_rate,
)
from numpy.typing import ArrayLike
from sklearn.metrics import precision_score, recall_score

__all__ = [
    "CLINICAL_METRICS",
    "DIAGNOSTIC_METRICS",
    "npv",
    "per_group_metrics",
    "ppv",
    "sensitivity",
    "specificity",
]


def sensitivity(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Share of the patients who have the condition that the model flags (recall)."""
    return float(recall_score(y_true, y_pred, zero_division=0))


def ppv(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Positive predictive value: share of flagged patients who have the condition."""
    return float(precision_score(y_true, y_pred, zero_division=0))


def specificity(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Share of the patients without the condition whom the model leaves unflagged."""
    return float(recall_score(y_true, y_pred, pos_label=0, zero_division=0))


def npv(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Negative predictive value: share of unflagged patients who do not have the condition."""
    return float(precision_score(y_true, y_pred, pos_label=0, zero_division=0))


def _false_negative_rate(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    return float(false_negative_rate(y_true, y_pred, pos_label=1))


def _false_positive_rate(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    return float(false_positive_rate(y_true, y_pred, pos_label=1))


def _selection_rate(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    return float(selection_rate(y_true, y_pred, pos_label=1))


#: The metrics reported per group across the course, in the order tables show them.
CLINICAL_METRICS: dict[str, Callable[[ArrayLike, ArrayLike], float]] = {
    "sensitivity": sensitivity,
    "false_negative_rate": _false_negative_rate,
    "false_positive_rate": _false_positive_rate,
    "ppv": ppv,
    "selection_rate": _selection_rate,
}


#: The four figures of a diagnostic accuracy study (modules 1 and 2), in the usual order.
DIAGNOSTIC_METRICS: dict[str, Callable[[ArrayLike, ArrayLike], float]] = {
    "sensitivity": sensitivity,
    "specificity": specificity,
    "ppv": ppv,
    "npv": npv,
}


def per_group_metrics(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    groups: ArrayLike,
    *,
    metrics: dict[str, Callable[[ArrayLike, ArrayLike], float]] | None = None,
) -> MetricFrame:
    """Disaggregate clinical metrics by patient group.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        The condition as established by the reference standard (0 or 1).
    y_pred : array-like of shape (n_samples,)
        The model's decision (0 or 1), after the threshold.
    groups : array-like of shape (n_samples,)
        The patient group of each row.
    metrics : dict of str to callable, default=None
        ``fn(y_true, y_pred)`` callables; :data:`CLINICAL_METRICS` when None.

    Returns
    -------
    fairlearn.metrics.MetricFrame
        Read ``.by_group`` (one row per group), ``.overall``, ``.difference()``.
    """
    # A named Series makes the tables read "group" rather than "sensitive_feature_0".
    name = getattr(groups, "name", None) or "group"
    return MetricFrame(
        metrics=CLINICAL_METRICS if metrics is None else metrics,
        y_true=np.asarray(y_true),
        y_pred=np.asarray(y_pred),
        sensitive_features=pd.Series(np.asarray(groups), name=name),
    )
