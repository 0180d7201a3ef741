"""The contract every generator of medai.datasets keeps, checked on each one found there.

A generator is any public ``make_*`` of :mod:`medai.datasets`; a new one is held to the
contract as soon as it is exported, and one defined in a submodule but not exported fails
:func:`test_every_generator_is_exported`. The per-module test files keep only what is
particular to their generators.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import textwrap
from collections.abc import Callable
from numbers import Integral

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from sklearn.utils import Bunch

import medai.datasets
from medai.datasets._validation import (
    _MUST_BE,
    _RANDOM_STATE_RULE,
    RANDOM_STATE,
    Interval,
    InvalidParameterError,
)

GENERATORS: dict[str, Callable[..., Bunch]] = {
    name: getattr(medai.datasets, name)
    for name in sorted(dir(medai.datasets))
    if name.startswith("make_") and callable(getattr(medai.datasets, name))
}

#: Arguments a generator cannot do without (keyword-only, no default), by parameter name.
REQUIRED: dict[str, Callable[[], object]] = {
    "register": lambda: medai.datasets.make_patient_register(300, random_state=0),
}

#: The three paragraphs of every DESCR, in this order.
SECTIONS = ("Imitates ", "Tuned to: ", "Differs from reality: ")


def _parameters(make: Callable) -> list[inspect.Parameter]:
    return list(inspect.signature(make).parameters.values())


def _constraints(make: Callable) -> dict:
    return make._parameter_constraints


def _size(make: Callable) -> int:
    """A valid, small ``n_samples`` for ``make``: its smallest, or 200 if that is larger."""
    return max(int(_constraints(make)["n_samples"].low), 200)


def _call(make: Callable, n_samples: int, **options: object) -> Bunch:
    required = {
        p.name: REQUIRED[p.name]()
        for p in _parameters(make)
        if p.default is inspect.Parameter.empty and p.kind is p.KEYWORD_ONLY
    }
    return make(n_samples, **required, **options)


def _allowed(constraints: object) -> str:
    """What the validator's message says an argument must be."""
    options = constraints if isinstance(constraints, list) else [constraints]
    return " or ".join(
        "None"
        if option is None
        else _RANDOM_STATE_RULE
        if option == RANDOM_STATE
        else option.describe()
        for option in options
    )


def _refused(make: Callable, name: str, value: object) -> None:
    """``make`` refuses ``value`` for ``name`` with the validator's message."""
    message = _MUST_BE.format(name=name, allowed=_allowed(_constraints(make)[name]), value=value)
    with pytest.raises(InvalidParameterError, match=f"^{re.escape(message)}$"):
        if name == "n_samples":
            _call(make, value)
        else:
            _call(make, _size(make), **{name: value})


generators = pytest.mark.parametrize("make", list(GENERATORS.values()), ids=list(GENERATORS))


def test_generators_are_found():
    # The discovery finds the course's generators, so that a broken import cannot empty it.
    assert {"make_fracture_triage_cohort", "make_reader_study", "make_voter_list"} <= set(
        GENERATORS
    )
    assert len(GENERATORS) >= 12


def test_every_generator_is_exported():
    exported = set(medai.datasets.__all__)
    for info in pkgutil.iter_modules(medai.datasets.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"medai.datasets.{info.name}")
        for name, value in vars(module).items():
            if name.startswith("make_") and getattr(value, "__module__", "") == module.__name__:
                assert name in exported, f"{module.__name__}.{name} is not in medai.datasets"


@generators
def test_n_samples_first_then_keyword_only_options_then_random_state(make):
    parameters = _parameters(make)
    first, *options = parameters
    assert first.name == "n_samples" and first.kind is first.POSITIONAL_OR_KEYWORD
    assert isinstance(first.default, int) and first.default > 0
    assert all(p.kind is p.KEYWORD_ONLY for p in options)
    assert parameters[-1].name == "random_state" and parameters[-1].default is None
    # Every parameter is declared to the validator, n_samples as a whole number with a floor.
    assert set(_constraints(make)) == {p.name for p in parameters}
    floor = _constraints(make)["n_samples"]
    assert isinstance(floor, Interval) and floor.type is Integral and floor.low >= 1
    assert floor.closed in ("both", "left")
    assert _constraints(make)["random_state"] == RANDOM_STATE


@generators
def test_returns_a_bunch_whose_frame_has_n_samples_rows(make):
    n = _size(make)
    bunch = _call(make, n, random_state=0)
    assert isinstance(bunch, Bunch) and isinstance(bunch.frame, pd.DataFrame)
    frame = bunch.frame
    assert frame.index.equals(pd.RangeIndex(len(frame)))
    if "unit_name" in bunch:
        # Several rows per sampled unit (a reader's readings, a patient's images): n_samples
        # units, each with as many rows.
        rows_per_unit = frame.groupby(bunch.unit_name).size()
        assert len(rows_per_unit) == n and rows_per_unit.nunique() == 1
    else:
        assert len(frame) == n
    # Every column a field names is in the frame.
    for field, value in bunch.items():
        if field.endswith("_name"):
            assert value in frame.columns, field
    assert set(bunch.get("feature_names", [])) <= set(frame.columns)


@generators
def test_one_seed_one_frame(make):
    n = _size(make)
    first = _call(make, n, random_state=3).frame
    assert_frame_equal(first, _call(make, n, random_state=3).frame)
    assert not first.equals(_call(make, n, random_state=4).frame)
    # A Generator is used as it is: one stream for every draw, seeded once.
    assert_frame_equal(first, _call(make, n, random_state=np.random.default_rng(3)).frame)
    shared = np.random.default_rng(5)
    assert not _call(make, n, random_state=shared).frame.equals(
        _call(make, n, random_state=shared).frame
    )


@generators
def test_descr_says_what_it_imitates_is_tuned_to_and_where_it_differs(make):
    descr = _call(make, _size(make), random_state=0).DESCR
    paragraphs = [textwrap.dedent(p).strip() for p in re.split(r"\n\s*\n", descr)]
    openings = []
    for section in SECTIONS:
        found = [i for i, p in enumerate(paragraphs) if p.startswith(section)]
        assert len(found) == 1, f"one paragraph must open with {section!r}"
        openings += found
    assert openings == sorted(openings), "in the order Imitates, Tuned to, Differs from reality"


@generators
def test_a_bad_n_samples_gets_the_validators_message(make):
    floor = _constraints(make)["n_samples"]
    too_many = [] if floor.high is None else [int(floor.high) + 1]
    for bad in [int(floor.low) - 1, *too_many, floor.low + 0.5, True, str(int(floor.low))]:
        _refused(make, "n_samples", bad)


@generators
def test_a_bad_random_state_gets_the_validators_message(make):
    seeds = [name for name, c in _constraints(make).items() if c == RANDOM_STATE]
    assert "random_state" in seeds
    for name in seeds:  # random_state, and any other seed (the vendor's)
        for bad in [-1, 2.5, True, "seed", np.random.RandomState(0)]:
            _refused(make, name, bad)


def _outside(interval: Interval) -> list[object]:
    """Values just outside each bound, and values of the wrong kind."""
    values: list[object] = [True, "0.5"]
    low, high = interval.low, interval.high
    if low is not None:
        values.append(low if interval.closed in ("right", "neither") else low - 1)
    if high is not None:
        values.append(high if interval.closed in ("left", "neither") else high + 1)
    if interval.type is not Integral:
        values.append(float("nan"))
    else:
        values.append(float(interval.low or 0) + 0.5)
    return values


@generators
def test_every_option_outside_its_interval_gets_the_validators_message(make):
    for name, constraints in _constraints(make).items():
        if name == "n_samples":
            continue
        for option in constraints if isinstance(constraints, list) else [constraints]:
            if isinstance(option, Interval):
                for bad in _outside(option):
                    _refused(make, name, bad)
