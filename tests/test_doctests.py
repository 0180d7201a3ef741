"""The examples in medai's docstrings run and show what they say.

Every module of the package is searched, as ``python -m doctest`` would search it, so that an
example cannot rot without a failing test; none may be skipped.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import io
import pkgutil

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import medai  # noqa: E402

MODULES = sorted(info.name for info in pkgutil.walk_packages(medai.__path__, "medai."))


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_of_a_module_run(name):
    module = importlib.import_module(name)
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for example in doctest.DocTestFinder().find(module):
        runner.run(example, out=report.write)
    plt.close("all")
    assert runner.failures == 0, report.getvalue()


@pytest.mark.parametrize("name", MODULES)
def test_no_example_is_skipped(name):
    # A skipped example is never run, so nothing tells when it stops being true.
    assert "doctest: +SKIP" not in inspect.getsource(importlib.import_module(name))


def test_the_examples_are_found():
    found = {
        example.name
        for name in MODULES
        for example in doctest.DocTestFinder().find(importlib.import_module(name))
        if example.examples
    }
    for expected in (
        "medai.datasets.data_to_decision.make_fracture_triage_cohort",
        "medai.widgets.threshold.ThresholdExplorer",
        "medai.plots.style.alt_text",
        "medai.quiz.Quiz",
    ):
        assert expected in found
