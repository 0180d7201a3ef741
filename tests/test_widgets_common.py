"""The contract every explorer of medai.widgets keeps, checked on each one found there.

An explorer is any public class of :mod:`medai.widgets` that subclasses
:class:`medai.widgets.explorer.Explorer`. Each is built from the arguments below, chosen by
parameter name, and must be: an ipywidgets container whose controls a keyboard reaches
(focusable, enabled, labelled, with arrow-key steps fine enough), shown as the live widget
in a notebook and as HTML and text elsewhere, and updated in under 100 ms. The per-module
test files keep what is particular to each explorer.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import statistics
import timeit
from collections.abc import Callable, Iterator

import ipywidgets as widgets
import numpy as np
import pytest

import medai.widgets
from medai.datasets import make_fracture_triage_cohort
from medai.widgets.explorer import Explorer

EXPLORERS: dict[str, type[Explorer]] = {
    name: value
    for name, value in vars(medai.widgets).items()
    if inspect.isclass(value) and issubclass(value, Explorer) and value is not Explorer
}


def _cohort() -> dict[str, object]:
    frame = make_fracture_triage_cohort(2_000, random_state=1).frame
    y_true, y_score = frame["fracture"].to_numpy(), frame["ai_score"].to_numpy()
    return {
        "y_true": y_true,
        "y_score": y_score,
        "groups": np.where(np.random.default_rng(0).random(len(y_true)) < 0.5, "A", "B"),
        "scores": {"as delivered": y_score, "squared": y_score**2},
        "counts": {"Diabetes, whole register": 360, "HIV, women 20-29": 3},
        # Two strengths on a small cohort: the explorer trains one model per strength.
        "strengths": (0.0, 1.0),
        "n_patients": 80,
    }


ARGUMENTS = _cohort()


def _build(cls: type[Explorer]) -> Explorer:
    """An explorer made from the arguments its constructor names."""
    parameters = inspect.signature(cls).parameters.values()
    missing = [p.name for p in parameters if p.default is p.empty and p.name not in ARGUMENTS]
    assert not missing, f"add an argument for {missing} to ARGUMENTS"
    return cls(**{p.name: ARGUMENTS[p.name] for p in parameters if p.name in ARGUMENTS})


@pytest.fixture(scope="module", params=list(EXPLORERS), ids=list(EXPLORERS))
def explorer(request) -> Explorer:
    return _build(EXPLORERS[request.param])


def _descendants(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _descendants(child)


def _controls(explorer: Explorer) -> list[widgets.Widget]:
    """What a user operates: every widget with a ``disabled`` switch (not text, not images)."""
    return [w for w in _descendants(explorer.widget) if w.has_trait("disabled")]


def _keyboard_steps(control: widgets.Widget) -> int | None:
    """How many presses of an arrow key take a slider from one end to the other."""
    if isinstance(control, widgets.FloatLogSlider | widgets.FloatSlider | widgets.IntSlider):
        return round((control.max - control.min) / control.step)
    return None


def test_explorers_are_found():
    assert {"ThresholdExplorer", "ShortcutExplorer", "PrivacyBudgetExplorer"} <= set(EXPLORERS)
    assert len(EXPLORERS) >= 7


def test_every_explorer_is_exported():
    for info in pkgutil.iter_modules(medai.widgets.__path__):
        module = importlib.import_module(f"medai.widgets.{info.name}")
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, Explorer)
                and value is not Explorer
                and value.__module__ == module.__name__
            ):
                assert EXPLORERS.get(name) is value, f"{module.__name__}.{name} is not exported"


def test_the_widget_is_a_container_of_keyboard_controls(explorer):
    assert isinstance(explorer.widget, widgets.Box)
    controls = _controls(explorer)
    shown = [c for c in controls if c.layout.display != "none"]
    assert shown, "an explorer has at least one control"
    for control in shown:
        name = type(control).__name__
        assert not control.disabled, name
        assert control.tabbable is not False, f"{name} is taken out of the Tab order"
        # A screen reader announces the description; a sighted user reads it next to it.
        assert control.description.strip(), f"{name} has no label"
        steps = _keyboard_steps(control)
        assert steps is None or steps >= 10, f"{control.description}: {steps} arrow-key steps"


def test_a_notebook_shows_the_widget_and_a_page_its_results(explorer):
    bundle = explorer._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == explorer.widget.model_id
    assert bundle["text/html"] == explorer.static_html() and "<" in bundle["text/html"]
    assert bundle["text/plain"] == repr(explorer)
    assert repr(explorer).startswith(f"{type(explorer).__name__}(")


def test_an_update_takes_well_under_100_ms(explorer):
    # A widget must react in under 100 ms, the limit at which a change feels instant.
    times = timeit.repeat(explorer.update, number=1, repeat=7)
    assert statistics.median(times) < 0.1, f"median {statistics.median(times) * 1000:.0f} ms"


def test_every_control_drives_an_update(explorer, monkeypatch):
    # Moving any shown control recomputes the results: no control is decoration.
    calls: list[int] = []
    original: Callable[[], None] = explorer.update
    monkeypatch.setattr(explorer, "update", lambda: (calls.append(1), original())[1])
    for control in _controls(explorer):
        if control.layout.display == "none" or isinstance(control, widgets.Button):
            continue
        before = len(calls)
        _move(control)
        assert len(calls) > before, f"{control.description} changes nothing"


def _move(control: widgets.Widget) -> None:
    """What a keyboard user does: one arrow-key step, or the next option."""
    if isinstance(control, widgets.Checkbox):
        control.value = not control.value
    elif hasattr(control, "options"):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        current = values.index(control.value) if control.value in values else 0
        control.value = values[(current + 1) % len(values)]
    elif isinstance(control, widgets.FloatLogSlider):
        exponent = np.log10(control.value)
        step = control.step if exponent + control.step <= control.max else -control.step
        control.value = 10 ** (exponent + step)
    else:
        step = control.step if control.value + control.step <= control.max else -control.step
        control.value = control.value + step
