"""The course's NumPy version of the OpenDP mechanisms module 5 uses, for the browser.

In the browser edition (JupyterLite) the notebooks run in Pyodide, where OpenDP cannot be
loaded. There :mod:`medai.privacy` falls back on this module, which teaches the same ideas
with the same numbers:

- :func:`discrete_laplace_noise`: integer noise whose probability falls by a factor
  e^(-1/scale) with each unit away from 0 (the discrete Laplace distribution OpenDP adds to
  counts);
- :func:`make_count`, :func:`make_count_by_categories`: a count, or one count per category,
  plus that noise, as a :class:`Measurement` that knows its privacy loss (its *privacy map*:
  d_in people more or less cost d_in / scale);
- :func:`make_composition`: several releases about the same people, whose privacy losses add
  up (sequential composition);
- :func:`discrete_laplace_accuracy`: the error that a share 1 - alpha of releases stay within,
  computed exactly from the distribution (OpenDP's ``discrete_laplacian_scale_to_accuracy``).

**For teaching in the browser only: never use it to release real data.** OpenDP samples the
noise exactly, with integer arithmetic, from a cryptographically secure generator. This
module draws it as the difference of two geometric draws of NumPy's default generator, which
is not cryptographically secure, and whose draws go through floating-point arithmetic, so that
their probabilities are only close to the discrete Laplace's: the kind of gap that
floating-point attacks on differential privacy exploit (Mironov 2012). Neither is hardened
against timing side channels: OpenDP's documentation says so of itself ("Limitations").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from medai.i18n import _, got

__all__ = [
    "Measurement",
    "discrete_laplace_accuracy",
    "discrete_laplace_noise",
    "make_composition",
    "make_count",
    "make_count_by_categories",
]

_BAD_SCALE = "The noise scale must be a positive number."
_BAD_ALPHA = "alpha, the share of releases allowed past the bound, must lie in (0, 1]."
_BAD_D_IN = "d_in, the number of people added or removed, must be a non-negative integer."
_NO_MEASUREMENTS = "Give at least one measurement to compose."

# How the repr of every measurement here ends, so that none passes for one of OpenDP's.
_NOT_OPENDP = "the course's NumPy version, not OpenDP"


def _check_scale(scale: float) -> float:
    if isinstance(scale, bool) or not np.isfinite(scale) or scale <= 0:
        raise ValueError(f"{_(_BAD_SCALE)} {got(scale)}")
    return float(scale)


def discrete_laplace_noise(
    scale: float, size: int | None = None, *, random_state: int | np.random.Generator | None = None
) -> int | np.ndarray:
    """Draw discrete Laplace noise: P(k) is proportional to e^(-|k| / scale), k = ..., -1, 0, 1, ...

    The difference of two independent geometric draws with success probability
    1 - e^(-1/scale) has exactly this distribution; its variance is
    ``2 q / (1 - q) ** 2`` with ``q = e^(-1/scale)``.

    Parameters
    ----------
    scale : float
        The noise scale (1 / epsilon for a count).
    size : int, optional
        How many draws; one integer when omitted.
    random_state : int, Generator or None, default=None
        Seed or generator; None draws a fresh seed from the operating system.

    Returns
    -------
    int or ndarray of shape (size,)
        The noise, as integers.

    Examples
    --------
    >>> noise = discrete_laplace_noise(2.0, size=100_000, random_state=0)
    >>> noise.dtype.kind, round(float(noise.var()), 1)  # 2 q / (1 - q)^2 = 7.84 at scale 2
    ('i', 7.8)
    """
    success = -np.expm1(-1.0 / _check_scale(scale))  # 1 - e^(-1/scale), precise for large scales
    rng = np.random.default_rng(random_state)
    noise = rng.geometric(success, size) - rng.geometric(success, size)
    return int(noise) if size is None else noise.astype(np.int64)


def discrete_laplace_accuracy(scale: float, alpha: float) -> float:
    """The error that a share 1 - alpha of releases stay within, for discrete Laplace noise.

    With q = e^(-1/scale), the noise is at least k away from 0 (k = 1, 2, ...) with
    probability exactly ``2 q^k / (1 + q)``. The bound is the a that solves
    ``2 q^a / (1 + q) = alpha``: ``a = scale * ln(2 / (alpha * (1 + q)))``. A release is at
    least a away from the truth with probability ``2 q^ceil(a) / (1 + q)``, at most alpha.
    This is OpenDP's ``discrete_laplacian_scale_to_accuracy``.

    Examples
    --------
    >>> round(discrete_laplace_accuracy(2.0, 0.05), 2)  # a count at epsilon 0.5
    6.43
    """
    scale = _check_scale(scale)
    if isinstance(alpha, bool) or not 0 < alpha <= 1:
        raise ValueError(f"{_(_BAD_ALPHA)} {got(alpha)}")
    return float(scale * (np.log(2.0 / alpha) - np.log1p(np.exp(-1.0 / scale))))


@dataclass(frozen=True, repr=False)
class Measurement:
    """A randomised release and its privacy map, in the image of OpenDP's ``Measurement``.

    Call it on the data to draw a release; :meth:`map` gives the privacy loss (epsilon)
    when ``d_in`` people are added or removed.
    """

    function: Callable[[Sequence[Any]], Any]
    epsilon_per_person: float
    description: str

    def __call__(self, data: Sequence[Any]) -> Any:
        return self.function(data)

    def map(self, d_in: int) -> float:
        """The privacy loss when d_in people are added to or removed from the data."""
        if isinstance(d_in, bool) or not isinstance(d_in, int | np.integer) or d_in < 0:
            raise ValueError(f"{_(_BAD_D_IN)} {got(d_in)}")
        return float(d_in) * self.epsilon_per_person

    def __repr__(self) -> str:
        return f"Measurement({self.description}; {_NOT_OPENDP})"


def make_count(
    scale: float, *, random_state: int | np.random.Generator | None = None
) -> Measurement:
    """The number of records plus discrete Laplace noise: OpenDP's ``make_count >> then_laplace``.

    One person more or less changes the count by 1, so the release costs 1 / scale.

    Examples
    --------
    >>> count = make_count(2.0, random_state=0)
    >>> count.map(1), count.map(3), isinstance(count([True] * 10), int)
    (0.5, 1.5, True)
    """
    scale = _check_scale(scale)
    rng = np.random.default_rng(random_state)

    def release(data: Sequence[Any]) -> int:
        return len(data) + discrete_laplace_noise(scale, random_state=rng)

    return Measurement(release, 1.0 / scale, f"count + discrete Laplace noise, scale {scale:g}")


def make_count_by_categories(
    categories: Sequence[str],
    scale: float,
    *,
    random_state: int | np.random.Generator | None = None,
) -> Measurement:
    """One count per category, each plus its own noise: OpenDP's ``make_count_by_categories``.

    Values outside ``categories`` are not counted. One person more or less changes one count
    by 1, so the whole vector of counts costs 1 / scale, whatever the number of categories
    (parallel composition).

    Examples
    --------
    >>> months = make_count_by_categories(["Jan", "Feb", "Mar"], 1.0, random_state=0)
    >>> months.map(1), len(months(["Jan", "Jan", "Mar"]))
    (1.0, 3)
    """
    scale = _check_scale(scale)
    labels = list(categories)
    rng = np.random.default_rng(random_state)

    def release(data: Sequence[Any]) -> list[int]:
        counts = Counter(data)
        noise = discrete_laplace_noise(scale, len(labels), random_state=rng)
        return [counts[label] + int(n) for label, n in zip(labels, noise, strict=True)]

    return Measurement(
        release, 1.0 / scale, f"{len(labels)} counts by category + discrete Laplace noise"
    )


def make_composition(measurements: Sequence[Measurement]) -> Measurement:
    """Run several measurements on the same data: their privacy losses add up.

    OpenDP's ``make_composition`` (sequential composition).

    Examples
    --------
    >>> make_composition([make_count(1.0)] * 12).map(1)
    12.0
    """
    parts = list(measurements)
    if not parts:
        raise ValueError(_(_NO_MEASUREMENTS))
    return Measurement(
        lambda data: [part(data) for part in parts],
        sum(part.epsilon_per_person for part in parts),
        f"composition of {len(parts)} releases about the same people",
    )
