"""The contract every figure of medai.plots keeps, checked on each ``plot_*`` found there.

Each function is called with the arguments below, chosen by parameter name, and must return
a matplotlib Axes (or a Figure of them) whose every panel is labelled (a title, and both
axis labels where it has axes to read), drawn in the course's colours, and described by
:func:`medai.plots.alt_text`; given an Axes, it draws there. The per-module test files keep
what is particular to each figure (that it shows the numbers it should).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import medai.plots  # noqa: E402
from medai.datasets import PUBLISHED_ACCURACY, make_fracture_triage_cohort  # noqa: E402
from medai.plots import PALETTE, REFERENCE_COLOR, alt_text  # noqa: E402
from medai.teams import team_outcomes  # noqa: E402

PLOTS: dict[str, Callable] = {
    name: getattr(medai.plots, name) for name in medai.plots.__all__ if name.startswith("plot_")
}
#: The course's colours: the palette, the grey of reference lines, and black for edges and
#: markers of published figures.
COLOURS = {c.lower() for c in PALETTE} | {REFERENCE_COLOR.lower(), "#000000"}


def _arguments() -> dict[str, object]:
    frame = make_fracture_triage_cohort(800, random_state=2).frame
    y_true, y_score = frame["fracture"].to_numpy(), frame["ai_score"].to_numpy()
    rng = np.random.default_rng(0)
    reader = {"reader_sensitivity": 0.94, "reader_specificity": 0.94}
    return {
        "y_true": y_true,
        "y_score": y_score,
        "y_prob": y_score,
        "y_pred": (y_score >= 0.5).astype(int),
        "groups": np.where(rng.random(len(y_true)) < 0.5, "A", "B"),
        "threshold": 0.3,
        "low": 0.1,
        "high": 0.7,
        "sensitivity": 0.9,
        "specificity": 0.95,
        "images": rng.integers(0, 256, (4, 16, 16)),
        "titles": [f"image {i}" for i in range(4)],
        "values": np.arange(256.0),
        "train_sizes": [20, 40, 80],
        "train_scores": rng.uniform(0.8, 1.0, (3, 4)),
        "test_scores": rng.uniform(0.6, 0.8, (3, 4)),
        "table": PUBLISHED_ACCURACY,
        "results": {
            "Radiologist alone": team_outcomes(y_true, y_score, "reader_alone", **reader),
            "Deferral": team_outcomes(y_true, y_score, "deferral", low=0.05, high=0.8, **reader),
        },
    }


ARGUMENTS = _arguments()


def _draw(plot: Callable, **extra: object) -> Axes | Figure:
    parameters = inspect.signature(plot).parameters.values()
    missing = [p.name for p in parameters if p.default is p.empty and p.name not in ARGUMENTS]
    assert not missing, f"add an argument for {missing} to ARGUMENTS"
    return plot(**{p.name: ARGUMENTS[p.name] for p in parameters if p.name in ARGUMENTS}, **extra)


def _panels(drawn: Axes | Figure) -> list[Axes]:
    return [drawn] if isinstance(drawn, Axes) else drawn.get_axes()


def _has_axes_to_read(ax: Axes) -> bool:
    """A chart has ticks to read values off; an image thumbnail of a grid has none."""
    return bool(len(ax.get_xticks()) and len(ax.get_yticks()))


plots = pytest.mark.parametrize("plot", list(PLOTS.values()), ids=list(PLOTS))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_plots_are_found():
    assert {"plot_roc_by_group", "plot_image_grid", "plot_team_tradeoff"} <= set(PLOTS)
    assert len(PLOTS) >= 12


def test_every_plot_is_exported():
    for info in pkgutil.iter_modules(medai.plots.__path__):
        module = importlib.import_module(f"medai.plots.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("plot_") and getattr(value, "__module__", "") == module.__name__:
                assert PLOTS.get(name) is value, f"{module.__name__}.{name} is not exported"


@plots
def test_every_panel_is_labelled_and_described(plot):
    drawn = _draw(plot)
    assert isinstance(drawn, Axes | Figure)
    for ax in _panels(drawn):
        title = ax.get_title()
        assert title.strip(), "every panel has a title"
        text = alt_text(ax)
        assert " ".join(title.split()) in text
        if _has_axes_to_read(ax):
            for label in (ax.get_xlabel(), ax.get_ylabel()):
                assert label.strip(), f"{title}: an axis has no label"
                assert " ".join(label.split()) in text
        kind = "Image" if ax.get_images() else ("Bar chart", "Histogram", "Line chart")
        assert text.startswith(kind), text
        # a histogram's bins are not described as labelled bars (matplotlib's "_container0")
        assert "_container" not in text and "_child" not in text, text


@plots
def test_colours_are_the_courses(plot):
    # Images use their own colour maps (grey for radiographs, viridis for maps); every line,
    # bar, band and marker uses the palette, the reference grey, or black.
    for ax in _panels(_draw(plot)):
        used = [to_hex(line.get_color()) for line in ax.get_lines()]
        used += [to_hex(patch.get_facecolor()) for patch in ax.patches]
        used += [to_hex(c) for collection in ax.collections for c in collection.get_facecolor()]
        assert set(used) <= COLOURS, set(used) - COLOURS


#: Every plot but those that draw a figure of several panels (an image grid) takes ``ax``.
ON_AXES = {name: p for name, p in PLOTS.items() if "ax" in inspect.signature(p).parameters}


@pytest.mark.parametrize("plot", list(ON_AXES.values()), ids=list(ON_AXES))
def test_it_draws_on_the_axes_it_is_given(plot):
    _, ax = plt.subplots()
    assert _draw(plot, ax=ax) is ax
    assert ax.has_data()
