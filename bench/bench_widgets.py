"""Benchmark the notebooks' widget callbacks against the 100 ms target.

Run with ``.venv/bin/python bench/bench_widgets.py``.

Every module's explorer: the median time of the call its control makes (a slider or a
dropdown change), on the data its notebook uses, against the same 100 ms target.

The per-group threshold explorer (module 4) in detail: for 5,000 and 50,000 synthetic patients
in three groups it times, median of repeated single calls:

- ``update()``, the callback the sliders call;
- a slider move as the frontend makes it (value change -> observer -> update);
- two baselines on the same data: a bare fairlearn ``MetricFrame`` with one trivial metric,
  and :func:`medai.metrics.per_group_metrics` with the five clinical metrics.

It exits with status 1 when an explorer's median, or the 5,000-patient ``update()`` median,
is over 100 ms.
"""

from __future__ import annotations

import statistics
import sys
import timeit
from collections.abc import Callable

import numpy as np
from fairlearn.metrics import MetricFrame

from medai.datasets import make_fracture_triage_cohort
from medai.metrics import per_group_metrics
from medai.widgets import (
    CalibrationExplorer,
    GroupThresholdExplorer,
    HumanAITeamExplorer,
    PrevalenceExplorer,
    PrivacyBudgetExplorer,
    ShortcutExplorer,
    ThresholdExplorer,
)

TARGET_MS = 100.0
GROUPS = ("Black", "White", "Hispanic")


def make_cohort(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Three groups, 30% prevalence, a score that separates the classes less well in one."""
    rng = np.random.default_rng(seed)
    groups = rng.choice(GROUPS, size=n)
    y_true = (rng.random(n) < 0.3).astype(int)
    signal = np.where(groups == "Black", 0.8, 2.0)
    y_score = 1 / (1 + np.exp(-(signal * (y_true - 0.5) + rng.normal(0, 1, size=n))))
    return y_true, y_score, groups


def median_ms(func: Callable[[], object], repeat: int) -> float:
    """Median wall time of one call, in milliseconds (one warm-up call first)."""
    return statistics.median(times_ms(func, repeat))


def times_ms(func: Callable[[], object], repeat: int) -> list[float]:
    """Wall time of each of ``repeat`` single calls, in milliseconds, after a warm-up call."""
    func()
    return [1000 * t for t in timeit.repeat(func, number=1, repeat=repeat)]


def measure(n: int, repeat: int) -> dict[str, float]:
    y_true, y_score, groups = make_cohort(n)
    explorer = GroupThresholdExplorer(y_true, y_score, groups)
    slider = next(c for c in explorer.widget.children if getattr(c, "step", None) == 0.01)
    positions = iter(np.tile(np.round(np.arange(0.2, 0.8, 0.01), 2), 100))

    def move_slider() -> None:
        slider.value = float(next(positions))

    y_pred = (y_score >= 0.5).astype(int)
    update_times = times_ms(explorer.update, repeat)
    return {
        "update": statistics.median(update_times),
        # on a shared machine the fastest run shows the cost without other processes' noise
        "update_best": min(update_times),
        "slider": median_ms(move_slider, repeat),
        "bare": median_ms(
            lambda: MetricFrame(
                metrics=lambda t, p: float(np.mean(t == p)),
                y_true=y_true,
                y_pred=y_pred,
                sensitive_features=groups,
            ),
            repeat,
        ),
        "per_group": median_ms(lambda: per_group_metrics(y_true, y_pred, groups), repeat),
    }


def module_explorers() -> dict[str, Callable[[], object]]:
    """One change of each module's explorer, cycling through the values its control offers."""
    frame = make_fracture_triage_cohort(2000, random_state=1).frame
    threshold = ThresholdExplorer(frame["fracture"].to_numpy(), frame["ai_score"].to_numpy())
    thresholds = iter(np.tile(np.linspace(0.05, 0.95, 19), 100))

    prevalence = PrevalenceExplorer(sensitivity=0.9, specificity=0.95, prevalence=0.01)
    prevalences = iter(np.tile([0.002, 0.01, 0.05, 0.2, 0.5], 100))

    rng = np.random.default_rng(1)
    true_risk = rng.beta(1, 8, 4000)
    y = (rng.random(4000) < true_risk).astype(int)
    scores = {"as delivered": np.clip(true_risk * 2.5, 0, 1), "recalibrated": true_risk}
    calibration = CalibrationExplorer(y, scores)
    bins = iter(np.tile(np.arange(2, 21), 100))

    shortcut = ShortcutExplorer((0.0, 0.5, 1.0), n_patients=200, random_state=0)
    strengths = iter(np.tile([0.0, 0.5, 1.0], 100))

    budget = PrivacyBudgetExplorer({"Diabetes": 360, "HIV, women 20-29": 3}, n_releases=50)
    epsilons = iter(np.tile([0.01, 0.1, 0.5, 1.0, 10.0], 100))

    team = HumanAITeamExplorer(frame["fracture"].to_numpy(), frame["ai_score"].to_numpy())
    highs = iter(np.tile([0.3, 0.45, 0.6, 0.8], 100))

    def show_calibration() -> None:
        n_bins = int(next(bins))
        calibration.show("as delivered" if n_bins % 2 else "recalibrated", n_bins=n_bins)

    return {
        "ThresholdExplorer (module 1)": lambda: setattr(
            threshold, "threshold", float(next(thresholds))
        ),
        "PrevalenceExplorer (module 2)": lambda: prevalence.set_prevalence(
            float(next(prevalences))
        ),
        "CalibrationExplorer (module 2)": show_calibration,
        "ShortcutExplorer (module 3)": lambda: shortcut.set_strength(float(next(strengths))),
        "PrivacyBudgetExplorer (module 5)": lambda: budget.set_epsilon(float(next(epsilons))),
        "HumanAITeamExplorer (module 6)": lambda: team.set(high=float(next(highs))),
    }


def main() -> int:
    print(f"One change of each module's explorer, median of 15 (ms), target {TARGET_MS:.0f} ms")
    all_within_target = True
    for name, change in module_explorers().items():
        median = median_ms(change, 15)
        ok = median <= TARGET_MS
        all_within_target &= ok
        print(f"  {name:<34} {median:>8.1f}  {'OK' if ok else 'OVER'}")
    print()
    header = (
        f"{'patients':>9} {'update()':>10} {'(best)':>7} {'slider move':>12} "
        f"{'bare MetricFrame':>17} "
        f"{'per_group_metrics':>18} {'update/bare':>12}  target {TARGET_MS:.0f} ms"
    )
    print(f"GroupThresholdExplorer callback, {len(GROUPS)} groups, median of repeats (ms)")
    print(header)
    print("-" * len(header))
    within_target = True
    for n, repeat in ((5_000, 30), (50_000, 7)):
        t = measure(n, repeat)
        ok = t["update"] <= TARGET_MS
        if n == 5_000:
            within_target = ok
        print(
            f"{n:>9,} {t['update']:>10.1f} {t['update_best']:>7.1f} {t['slider']:>12.1f} "
            f"{t['bare']:>17.1f} "
            f"{t['per_group']:>18.1f} {t['update'] / t['bare']:>11.2f}x  "
            f"{'OK' if ok else 'OVER'}"
        )
    print(
        "\nupdate() applies medai.metrics.CLINICAL_METRICS to each group's rows; "
        "per_group_metrics gives the same table through fairlearn's MetricFrame."
    )
    return 0 if within_target and all_within_target else 1


if __name__ == "__main__":
    sys.exit(main())
