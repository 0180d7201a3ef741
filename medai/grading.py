"""Checks for the assignments' hidden tests: exact types, then values within a tolerance.

A hidden test runs in the student's kernel, after the student's code. It must not be fooled
by an answer that only pretends to be right: an object whose ``__eq__`` always says yes, a
``float`` subclass with rigged comparisons, a number typed where a computation was asked
for. So each check here

1. accepts only exact types: Python's ``float``/``int``/``bool`` and NumPy's scalar types
   (``np.float64`` is what ``series.mean()`` returns: a correct answer must not fail for it),
   never a subclass, which could override comparisons;
2. turns the value into a plain Python number, then compares it with operators.

The code runs in this module, so a name a student defines in the notebook (``abs = ...``)
cannot change it; the grading engine also hides such names from every test cell
(``autograder.execute``). Patching this module or NumPy from a student cell is flagged for
the instructor by ``autograder.cheats``.

Each function raises ``AssertionError`` with a message meant for the student: the feedback
shows it (never the hidden code). The messages are the constants below, in English; a check
raises them in the notebook's language (:func:`medai.set_language`, which the grader's run of
the assignment's setup cell sets too). The ``expect_*``
checks of numbers return None on purpose: nbgrader reads a number a test cell shows at its
end as partial credit, so a cell ending with a check must show nothing.

Examples
--------
In a hidden test cell::

    from medai.grading import expect_real as _expect_real

    _expect_real(LOCAL_PREVALENCE, _data["fracture"].mean(), "LOCAL_PREVALENCE",
                 "LOCAL_PREVALENCE differs from the share of patients with a fracture")
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from medai.i18n import _

__all__ = [
    "BOOL_TYPES",
    "INT_TYPES",
    "REAL_TYPES",
    "as_bool",
    "as_int",
    "as_real",
    "as_reals",
    "expect_bool",
    "expect_int",
    "expect_real",
    "expect_reals",
    "expect_type",
]

#: exact types accepted as a whole number (``bool`` is not one)
INT_TYPES: frozenset[type] = frozenset(
    {int, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64}
)
#: exact types accepted as a real number (a whole number is a real number too)
REAL_TYPES: frozenset[type] = frozenset({float, np.float16, np.float32, np.float64}) | INT_TYPES
#: exact types accepted as a yes/no answer
BOOL_TYPES: frozenset[type] = frozenset({bool, np.bool_})

NOT_REAL = "{name} must be a number (a float), not {kind}"
NOT_FINITE = "{name} must be a finite number, not {value}"
NOT_INT = "{name} must be a whole number (an int), not {kind}"
NOT_BOOL = "{name} must be True or False (a bool), not {kind}"
WRONG_TYPE = "{name} must be a {expected}, not {kind}"
NOT_NUMBERS = "{name} must hold numbers only, not {kind}"
WRONG_LENGTH = "{name} must hold {expected} values, not {length}"
DIFFERS = "{name} differs from the value computed from the data"


def _kind(value: Any) -> str:
    return type(value).__name__


def as_real(value: Any, name: str) -> float:
    """``value`` as a Python float, if it is exactly a real number type (else AssertionError).

    Parameters
    ----------
    value
        The student's answer.
    name
        How the question calls it, for the message (``"LOCAL_AUC"``).

    Returns
    -------
    float
        The plain value; NaN and infinities are refused.
    """
    if type(value) not in REAL_TYPES:
        raise AssertionError(_(NOT_REAL).format(name=name, kind=_kind(value)))
    number = float(value)
    if not math.isfinite(number):
        raise AssertionError(_(NOT_FINITE).format(name=name, value=number))
    return number


def as_int(value: Any, name: str) -> int:
    """``value`` as a Python int, if it is exactly a whole-number type (else AssertionError)."""
    if type(value) not in INT_TYPES:
        raise AssertionError(_(NOT_INT).format(name=name, kind=_kind(value)))
    return int(value)


def as_bool(value: Any, name: str) -> bool:
    """``value`` as a Python bool, if it is exactly ``bool`` or ``np.bool_``."""
    if type(value) not in BOOL_TYPES:
        raise AssertionError(_(NOT_BOOL).format(name=name, kind=_kind(value)))
    return bool(value)


def as_reals(values: Any, name: str) -> np.ndarray:
    """A list, tuple, NumPy array or pandas Series of real numbers as a float array.

    Arrays and Series must have a numeric dtype (an ``object`` array could hold anything);
    lists and tuples are checked element by element with `as_real`.

    Returns
    -------
    ndarray of shape (n,)
        The values, as float64.
    """
    dtype = getattr(values, "dtype", None)
    if dtype is not None:
        library = type(values).__module__.split(".")[0]  # a subclass defined elsewhere: no
        if library not in ("numpy", "pandas") or dtype.kind not in "fiu":
            raise AssertionError(
                NOT_NUMBERS.format(
                    name=name, kind=_("{kind} of {dtype}").format(kind=_kind(values), dtype=dtype)
                )
            )
        array = np.asarray(values, dtype=np.float64).ravel()
    elif type(values) in (list, tuple):
        array = np.array(
            [as_real(v, _("each value of {name}").format(name=name)) for v in values],
            dtype=np.float64,
        )
    else:
        raise AssertionError(_(NOT_NUMBERS).format(name=name, kind=_kind(values)))
    if not np.isfinite(array).all():
        raise AssertionError(_(NOT_FINITE).format(name=name, value=_("NaN or infinity")))
    return array


def expect_real(
    value: Any, expected: Any, name: str, message: str | None = None, *, tol: float = 1e-9
) -> None:
    """Assert that ``value`` is a real number within ``tol`` of ``expected``.

    Parameters
    ----------
    value
        The student's answer.
    expected
        The value the test recomputed (any real number, including NumPy's).
    name
        The answer's name in the question.
    message
        What the student reads when the value differs (default: `DIFFERS`).
    tol
        Largest accepted absolute difference.
    """
    number = as_real(value, name)
    target = float(expected)
    if not abs(number - target) <= tol:  # `not <=` also catches a NaN target
        raise AssertionError(message or _(DIFFERS).format(name=name))


def expect_int(value: Any, expected: Any, name: str, message: str | None = None) -> None:
    """Assert that ``value`` is a whole number equal to ``expected``."""
    if as_int(value, name) != int(expected):
        raise AssertionError(message or _(DIFFERS).format(name=name))


def expect_bool(value: Any, expected: Any, name: str, message: str | None = None) -> None:
    """Assert that ``value`` is a bool equal to ``expected``."""
    if as_bool(value, name) is not bool(expected):
        raise AssertionError(message or _(DIFFERS).format(name=name))


def expect_reals(
    values: Any,
    expected: Iterable[Any],
    name: str,
    message: str | None = None,
    *,
    tol: float = 1e-9,
) -> None:
    """Assert that ``values`` (see `as_reals`) match ``expected`` one by one within ``tol``."""
    array = as_reals(values, name)
    target = np.asarray(expected if hasattr(expected, "dtype") else list(expected), float).ravel()
    if array.shape != target.shape:
        raise AssertionError(
            _(WRONG_LENGTH).format(name=name, expected=target.size, length=array.size)
        )
    if not bool((np.abs(array - target) <= tol).all()):
        raise AssertionError(message or _(DIFFERS).format(name=name))


def expect_type(value: Any, expected: type, name: str) -> Any:
    """Assert that ``type(value) is expected`` (a subclass is refused); return ``value``."""
    if type(value) is not expected:
        raise AssertionError(
            _(WRONG_TYPE).format(name=name, expected=expected.__name__, kind=_kind(value))
        )
    return value
