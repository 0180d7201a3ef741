"""The checks hidden tests use (`medai.grading`): right answers pass, pretenders fail."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from medai import grading


class AlwaysEqual(float):
    """A float that claims to equal, and to be close to, anything."""

    def __eq__(self, other):
        return True

    __le__ = __ge__ = __lt__ = __gt__ = __eq__
    __hash__ = float.__hash__

    def __sub__(self, other):
        return AlwaysEqual(0.0)

    __rsub__ = __sub__

    def __abs__(self):
        return AlwaysEqual(0.0)


class AlwaysEqualInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


@pytest.mark.parametrize("value", [0.25, np.float64(0.25), np.float32(0.25), 1, np.int64(1)])
def test_real_answers_of_every_plain_type_pass(value) -> None:
    expected = float(value)
    grading.expect_real(value, expected, "X")
    assert type(grading.as_real(value, "X")) is float


def test_series_mean_is_accepted() -> None:
    # what a student naturally writes: a NumPy scalar, not a Python float
    share = pd.Series([0, 1, 1, 0]).mean()
    assert type(share) is np.float64
    grading.expect_real(share, 0.5, "SHARE")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (AlwaysEqual(0.3), grading.NOT_REAL.format(name="X", kind="AlwaysEqual")),
        ("0.25", grading.NOT_REAL.format(name="X", kind="str")),
        (True, grading.NOT_REAL.format(name="X", kind="bool")),
        (None, grading.NOT_REAL.format(name="X", kind="NoneType")),
        (float("nan"), grading.NOT_FINITE.format(name="X", value=float("nan"))),
        (0.3, grading.DIFFERS.format(name="X")),
    ],
)
def test_pretenders_and_wrong_values_fail_with_their_message(value, message: str) -> None:
    with pytest.raises(AssertionError) as raised:
        grading.expect_real(value, 0.25, "X")
    assert str(raised.value) == message


def test_a_custom_message_replaces_differs() -> None:
    with pytest.raises(AssertionError, match="^the AUC at hospital B is off$"):
        grading.expect_real(0.5, 0.7, "AUC", "the AUC at hospital B is off")


def test_tolerance_is_absolute() -> None:
    grading.expect_real(0.1000001, 0.1, "X", tol=1e-6)
    with pytest.raises(AssertionError):
        grading.expect_real(0.1001, 0.1, "X", tol=1e-6)


def test_int_and_bool() -> None:
    grading.expect_int(np.int64(7), 7, "N")
    grading.expect_bool(np.bool_(True), True, "OK")
    for bad in (AlwaysEqualInt(3), 7.0, True):
        with pytest.raises(AssertionError, match="whole number"):
            grading.expect_int(bad, 7, "N")
    with pytest.raises(AssertionError, match="True or False"):
        grading.expect_bool(1, True, "OK")
    with pytest.raises(AssertionError, match="differs"):
        grading.expect_bool(False, True, "OK")


def test_arrays_lists_and_series() -> None:
    expected = [0.1, 0.2, 0.3]
    for values in (expected, tuple(expected), np.array(expected), pd.Series(expected)):
        grading.expect_reals(values, expected, "V")
        assert grading.as_reals(values, "V").tolist() == expected
    with pytest.raises(AssertionError, match="must hold 3 values, not 2"):
        grading.expect_reals([0.1, 0.2], expected, "V")
    with pytest.raises(AssertionError, match="numbers only"):
        grading.expect_reals(pd.Series([AlwaysEqual(0.1)] * 3, dtype=object), expected, "V")
    with pytest.raises(AssertionError, match="must be a number"):
        grading.expect_reals([AlwaysEqual(0.1)] * 3, expected, "V")
    with pytest.raises(AssertionError, match="differs"):
        grading.expect_reals(np.array([0.1, 0.2, 0.4]), expected, "V")


def test_an_array_subclass_is_refused() -> None:
    class Rigged(np.ndarray):
        pass

    rigged = np.array([0.1, 0.2, 0.3]).view(Rigged)
    with pytest.raises(AssertionError, match="numbers only"):
        grading.expect_reals(rigged, [0.1, 0.2, 0.3], "V")


def test_expect_type_refuses_subclasses() -> None:
    class MyDict(dict):
        pass

    assert grading.expect_type({}, dict, "D") == {}
    with pytest.raises(AssertionError, match="^D must be a dict, not MyDict$"):
        grading.expect_type(MyDict(), dict, "D")


def test_number_checks_return_nothing() -> None:
    # nbgrader would read a number shown at the end of a test cell as partial credit
    assert grading.expect_real(0.5, 0.5, "X") is None
    assert grading.expect_int(3, 3, "N") is None
    assert grading.expect_bool(True, True, "B") is None
    assert grading.expect_reals([0.5], [0.5], "V") is None
