"""The one validator of the generators' arguments: what it accepts, and how it words a refusal."""

from __future__ import annotations

import inspect
import re
from numbers import Integral, Real

import numpy as np
import pytest

from medai.datasets._validation import (
    _BAD_CLOSED,
    _MUST_BE,
    _NOT_A_NUMBER_TYPE,
    _RANDOM_STATE_RULE,
    _UNDECLARED,
    NO_VALIDATION,
    RANDOM_STATE,
    Interval,
    InvalidParameterError,
    check_parameter,
    validate_params,
)


@pytest.mark.parametrize(
    ("interval", "words"),
    [
        (Interval(Integral, 20, None, closed="left"), "an integer of at least 20"),
        (Interval(Integral, 1, 20, closed="both"), "an integer from 1 to 20"),
        (Interval(Integral, 20, 10**6, closed="both"), "an integer from 20 to 1,000,000"),
        (Interval(Real, 0, 1, closed="both"), "a number from 0 to 1"),
        (Interval(Real, 0, 1, closed="neither"), "a number strictly between 0 and 1"),
        (Interval(Real, 0, 1, closed="right"), "a number above 0 and at most 1"),
        (Interval(Real, 0, 0.5, closed="left"), "a number of at least 0 and below 0.5"),
        (Interval(Real, 0, None, closed="neither"), "a number above 0"),
        (Interval(Real, None, 1, closed="right"), "a number of at most 1"),
        (Interval(Real, None, None, closed="neither"), "a number"),
    ],
)
def test_an_interval_says_in_words_which_bounds_it_includes(interval, words):
    assert interval.describe() == words


@pytest.mark.parametrize(
    ("closed", "accepted"),
    [
        ("both", [0, 0.5, 1]),
        ("left", [0, 0.5]),
        ("right", [0.5, 1]),
        ("neither", [0.5]),
    ],
)
def test_closed_says_which_bounds_belong_to_the_interval(closed, accepted):
    interval = Interval(Real, 0, 1, closed=closed)
    assert [v for v in (-0.1, 0, 0.5, 1, 1.1) if interval.accepts(v)] == accepted


def test_integers_are_integers_and_numbers_are_finite():
    whole = Interval(Integral, 0, None, closed="left")
    assert whole.accepts(3) and whole.accepts(np.int64(3))
    for bad in (3.0, 2.5, True, np.True_, "3", None):
        assert not whole.accepts(bad), bad
    real = Interval(Real, None, None, closed="neither")
    assert real.accepts(2) and real.accepts(0.5) and real.accepts(np.float32(0.5))
    for bad in (float("nan"), float("inf"), -np.inf, True, "0.5", None):
        assert not real.accepts(bad), bad


def test_an_interval_states_its_bounds_explicitly():
    with pytest.raises(TypeError):
        Interval(Real, 0, 1)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match=re.escape(_BAD_CLOSED)):
        Interval(Real, 0, 1, closed="open")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=re.escape(_NOT_A_NUMBER_TYPE)):
        Interval(float, 0, 1, closed="both")


@pytest.mark.parametrize("good", [None, 0, 2027, np.int64(7), np.random.default_rng(0)])
def test_a_seed_is_none_a_non_negative_integer_or_a_generator(good):
    check_parameter("random_state", good, RANDOM_STATE)


@pytest.mark.parametrize("bad", [-1, 2.5, True, "0", np.random.RandomState(0), [1, 2]])
def test_other_seeds_are_refused_with_the_rule(bad):
    message = f"random_state must be {_RANDOM_STATE_RULE}. Got {bad!r}."
    with pytest.raises(InvalidParameterError, match=f"^{re.escape(message)}$"):
        check_parameter("random_state", bad, RANDOM_STATE)


def test_a_refusal_names_the_argument_what_it_must_be_and_what_it_was():
    constraint = [Interval(Real, 0, 1, closed="neither"), None]
    check_parameter("score_prevalence", None, constraint)
    check_parameter("score_prevalence", 0.2, constraint)
    with pytest.raises(InvalidParameterError) as refused:
        check_parameter("score_prevalence", 1.0, constraint)
    assert str(refused.value) == (
        "score_prevalence must be a number strictly between 0 and 1 or None. Got 1.0."
    )
    assert str(refused.value) == _MUST_BE.format(
        name="score_prevalence",
        allowed="a number strictly between 0 and 1 or None",
        value=1.0,
    )
    # A ValueError and a TypeError, as scikit-learn's: callers catching either catch it.
    assert isinstance(refused.value, ValueError) and isinstance(refused.value, TypeError)


def _make(n_samples: int = 10, *, share: float = 0.5, other=None, random_state=None):
    """A toy generator."""
    return n_samples, share, other, random_state


CONSTRAINTS = {
    "n_samples": Interval(Integral, 1, None, closed="left"),
    "share": Interval(Real, 0, 1, closed="neither"),
    "other": NO_VALIDATION,
    "random_state": RANDOM_STATE,
}


def test_the_decorator_checks_every_argument_and_passes_them_unchanged():
    make = validate_params(CONSTRAINTS)(_make)
    seed = np.random.default_rng(1)
    thing = object()
    assert make(3, share=0.25, other=thing, random_state=seed) == (3, 0.25, thing, seed)
    assert make() == (10, 0.5, None, None)
    with pytest.raises(InvalidParameterError, match="^share must be"):
        make(3, share=1.5)
    with pytest.raises(InvalidParameterError, match="^n_samples must be"):
        make(0)
    with pytest.raises(TypeError, match="unexpected keyword"):
        make(3, shares=0.5)
    # The generator keeps its name, docstring and signature (the contract test reads it).
    assert make.__name__ == "_make" and make.__doc__ == "A toy generator."
    assert inspect.signature(make) == inspect.signature(_make)
    assert make._parameter_constraints == CONSTRAINTS


def test_the_defaults_are_checked_too():
    def wrong_default(n_samples: int = 0, *, random_state=None):
        return n_samples

    make = validate_params(
        {"n_samples": Interval(Integral, 1, None, closed="left"), "random_state": RANDOM_STATE}
    )(wrong_default)
    with pytest.raises(InvalidParameterError, match="^n_samples must be an integer of at least 1"):
        make()


def test_every_parameter_needs_a_declared_constraint():
    missing = {k: v for k, v in CONSTRAINTS.items() if k != "share"}
    message = _UNDECLARED.format(function="_make", names=["share"])
    with pytest.raises(TypeError, match=re.escape(message)):
        validate_params(missing)(_make)
    with pytest.raises(TypeError, match=re.escape("['extra']")):
        validate_params({**CONSTRAINTS, "extra": None})(_make)
