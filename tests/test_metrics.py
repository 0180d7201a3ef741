"""The clinical metrics against a confusion matrix counted by hand."""

from __future__ import annotations

import pytest

from medai.metrics import DIAGNOSTIC_METRICS, npv, ppv, sensitivity, specificity

# 4 patients with the condition (3 flagged), 6 without (2 flagged):
# TP 3, FN 1, FP 2, TN 4.
Y_TRUE = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
Y_PRED = [1, 1, 1, 0, 1, 1, 0, 0, 0, 0]


@pytest.mark.parametrize(
    ("metric", "expected"),
    [(sensitivity, 3 / 4), (specificity, 4 / 6), (ppv, 3 / 5), (npv, 4 / 5)],
)
def test_metric_matches_hand_count(metric, expected: float) -> None:
    value = metric(Y_TRUE, Y_PRED)
    assert type(value) is float
    assert value == pytest.approx(expected)


def test_undefined_metric_is_zero_not_an_error() -> None:
    # Nobody flagged: PPV has no denominator; the course reports 0 rather than NaN.
    assert ppv([1, 0], [0, 0]) == 0.0
    assert npv([1, 0], [1, 1]) == 0.0


def test_diagnostic_metrics_are_in_the_usual_order() -> None:
    assert list(DIAGNOSTIC_METRICS) == ["sensitivity", "specificity", "ppv", "npv"]
