"""Markers by what tests do, and the fixtures the test modules share.

Markers: a test that starts kernels, grades, opens a browser or reads the built book says so
(``kernel``, ``grading``, ``browser``, ``book``, see ``pyproject.toml``); each such test is
also ``slow``, which ``make test-fast`` leaves out.

Fixtures, the small courses of `autograder_course`, built once:

- ``graded_demo``: the two-question ``demo`` course, released, submitted and graded once per
  session (tests may add feedback and reports to it, never change its submissions);
- ``released_demo``: a fresh copy of the released ``demo`` course for each test;
- ``tiny_course``: a fresh one-question course, not released;
- ``french_tree``: the French edition's source tree (a book and a course folder), written
  from the catalogues once per session (``python -m translation build``).
"""

from __future__ import annotations

import os
from pathlib import Path

import autograder_course as ac
import pytest

#: what makes a test slow
SLOW_KINDS = ("kernel", "grading", "browser", "book")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that starts kernels, grades, opens a browser or reads the built book is slow."""
    for item in items:
        if any(item.get_closest_marker(kind) for kind in SLOW_KINDS):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def graded_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ac.shared_graded_course(tmp_path_factory.getbasetemp())


@pytest.fixture
def released_demo(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return ac.released_copy(tmp_path_factory.getbasetemp(), tmp_path / "course")


@pytest.fixture
def tiny_course(tmp_path: Path) -> Path:
    return ac.tiny_assignment(tmp_path / "course")


@pytest.fixture(params=["opendp", "numpy"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a differential-privacy test with OpenDP, then with the NumPy version the browser
    edition uses (medai.privacy_fallback)."""
    from medai import privacy

    if request.param == "numpy":
        monkeypatch.setattr(privacy, "_opendp", lambda: None)
    assert privacy.opendp_available() is (request.param == "opendp")
    return request.param


@pytest.fixture(scope="session")
def french_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from translation import edition

    root = tmp_path_factory.mktemp("french-edition")
    # While a translation is in progress, TRANSLATION_ALLOW_MISSING=1 puts the English where
    # the French is missing (the tests of the catalogues still fail); make test never sets it.
    edition.build(root, allow_missing=os.environ.get("TRANSLATION_ALLOW_MISSING") == "1")
    return root
