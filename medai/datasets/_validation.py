"""One way to check the arguments of the generators of :mod:`medai.datasets`.

In the spirit of scikit-learn's ``validate_params``: each generator declares, next to its
``def``, what each of its parameters may be, and :func:`validate_params` checks every call
against that declaration before anything is drawn, so that every refusal is worded the same
way (:data:`_MUST_BE`)::

    @validate_params(
        {
            "n_samples": Interval(Integral, 20, None, closed="left"),
            "prevalence": Interval(Real, 0, 1, closed="neither"),
            "random_state": RANDOM_STATE,
        }
    )
    def make_x(n_samples=2_000, *, prevalence=0.2, random_state=None): ...

A parameter may be given several constraints in a list (``[Interval(...), None]`` also
accepts None). The checks never change an argument: the generator receives what the caller
gave, so a check cannot change what a seed draws.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import numpy as np

from medai.i18n import _, format_number, format_value

__all__ = [
    "NO_VALIDATION",
    "RANDOM_STATE",
    "Interval",
    "InvalidParameterError",
    "check_parameter",
    "validate_params",
]

#: How every refused argument is reported: what it must be, then what it was.
_MUST_BE = "{name} must be {allowed}. Got {value!r}."
#: A generator whose declaration and signature disagree: a mistake in the package.
_UNDECLARED = "Every parameter of {function} needs a constraint, and only those: {names}."
#: What a seed may be: what ``numpy.random.default_rng`` accepts, as the generators document it.
_RANDOM_STATE_RULE = "None, an integer of at least 0 or a numpy.random.Generator"
#: Declarations the package itself gets wrong.
_NOT_A_NUMBER_TYPE = "An Interval holds numbers.Integral or numbers.Real values."
_BAD_CLOSED = 'closed must be "both", "left", "right" or "neither".'

#: Marks a parameter as the seed of the generator's random draws.
RANDOM_STATE = "random_state"
#: Marks a parameter the generator checks itself (an object with its own rules).
NO_VALIDATION = "no_validation"

F = TypeVar("F", bound=Callable[..., Any])


class InvalidParameterError(ValueError, TypeError):
    """An argument outside its constraint.

    Both a ValueError and a TypeError, as scikit-learn's, so that callers catching either
    (a number out of range, or not a number at all) catch it.
    """


def _number(value: float) -> str:
    """A bound as a reader writes it: 0, 0.5, 1,000,000 (0,5 and 1 000 000 in French)."""
    if float(value).is_integer():
        return format_number(int(value), 0)
    return format_value("{:g}", value)


@dataclass(frozen=True)
class Interval:
    """Integers or finite real numbers between two bounds, each included or not.

    Parameters
    ----------
    type : numbers.Integral or numbers.Real
        Integers (Python or NumPy, never ``bool``), or real numbers (integers included).
    low, high : float or None
        The bounds; None leaves that side open.
    closed : {"both", "left", "right", "neither"}
        Which bounds belong to the interval, stated at every use.

    Examples
    --------
    >>> from numbers import Integral, Real
    >>> Interval(Real, 0, 1, closed="right").describe()
    'a number above 0 and at most 1'
    >>> Interval(Integral, 20, None, closed="left").accepts(19)
    False
    """

    type: type
    low: float | None
    high: float | None
    closed: Literal["both", "left", "right", "neither"]

    def __post_init__(self) -> None:
        if self.type not in (numbers.Integral, numbers.Real):
            raise TypeError(_NOT_A_NUMBER_TYPE)
        if self.closed not in ("both", "left", "right", "neither"):
            raise ValueError(_BAD_CLOSED)

    def accepts(self, value: object) -> bool:
        """Whether ``value`` is of the type and within the bounds."""
        if isinstance(value, bool) or not isinstance(value, self.type):
            return False
        if not math.isfinite(value):  # NaN passes no bound, and infinity is no count
            return False
        low_in, high_in = self.closed in ("both", "left"), self.closed in ("both", "right")
        if self.low is not None and not (value >= self.low if low_in else value > self.low):
            return False
        return self.high is None or (value <= self.high if high_in else value < self.high)

    def describe(self) -> str:
        """The interval in words: "an integer of at least 20", "a number from 0 to 1".

        In the notebook's language (:func:`medai.set_language`).
        """
        kind = _("an integer") if self.type is numbers.Integral else _("a number")
        low_in, high_in = self.closed in ("both", "left"), self.closed in ("both", "right")
        low = None if self.low is None else _number(self.low)
        high = None if self.high is None else _number(self.high)
        if low is not None and high is not None:
            if low_in and high_in:
                words = _("{kind} from {low} to {high}")
            elif not (low_in or high_in):
                words = _("{kind} strictly between {low} and {high}")
            elif low_in:
                words = _("{kind} of at least {low} and below {high}")
            else:
                words = _("{kind} above {low} and at most {high}")
        elif low is not None:
            words = _("{kind} of at least {low}") if low_in else _("{kind} above {low}")
        elif high is not None:
            words = _("{kind} of at most {high}") if high_in else _("{kind} below {high}")
        else:
            words = "{kind}"
        return words.format(kind=kind, low=low, high=high)


Constraint = Interval | str | None

# A seed given as a number: what numpy.random.default_rng accepts as one.
_SEED = Interval(numbers.Integral, 0, None, closed="left")


def _accepts(constraint: Constraint, value: object) -> bool:
    if constraint is None:
        return value is None
    if constraint == RANDOM_STATE:
        if value is None or isinstance(value, np.random.Generator):
            return True
        return _SEED.accepts(value)
    if constraint == NO_VALIDATION:
        return True
    return constraint.accepts(value)  # type: ignore[union-attr]


def _describe(constraint: Constraint) -> str:
    if constraint is None:
        return "None"
    if constraint == RANDOM_STATE:
        return _(_RANDOM_STATE_RULE)
    return constraint.describe()  # type: ignore[union-attr]


def check_parameter(name: str, value: object, constraints: Constraint | list[Constraint]) -> None:
    """Raise :class:`InvalidParameterError` unless ``value`` meets one of the constraints.

    Examples
    --------
    >>> check_parameter("p", 2, Interval(numbers.Real, 0, 1, closed="both"))
    Traceback (most recent call last):
    ...
    medai.datasets._validation.InvalidParameterError: p must be a number from 0 to 1. Got 2.
    """
    options = list(constraints) if isinstance(constraints, list) else [constraints]
    if any(_accepts(option, value) for option in options):
        return
    allowed = _(" or ").join(_describe(option) for option in options)
    raise InvalidParameterError(_(_MUST_BE).format(name=name, allowed=allowed, value=value))


def validate_params(constraints: Mapping[str, Constraint | list]) -> Callable[[F], F]:
    """Check every argument of a generator against its declared constraint, then call it.

    Every parameter of the generator must have a constraint (:data:`NO_VALIDATION` for one
    it checks itself). Defaults are checked too. The generator keeps its signature, its
    docstring and its name; the declaration is kept as ``_parameter_constraints``.
    """

    def decorate(function: F) -> F:
        signature = inspect.signature(function)
        if set(signature.parameters) != set(constraints):
            names = sorted(set(signature.parameters) ^ set(constraints))
            raise TypeError(_UNDECLARED.format(function=function.__qualname__, names=names))

        @functools.wraps(function)
        def checked(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            for name, value in bound.arguments.items():
                check_parameter(name, value, constraints[name])
            return function(*args, **kwargs)

        checked._parameter_constraints = dict(constraints)  # type: ignore[attr-defined]
        return checked  # type: ignore[return-value]

    return decorate
