"""The browser edition's differential privacy: medai without OpenDP.

In JupyterLite the notebooks run in Pyodide, where OpenDP cannot be loaded. Three promises:

- medai imports OpenDP only when a differential privacy helper is first called, so every
  module of the package imports without it;
- without it, the same helpers (and the explorer) run the course's NumPy version of the same
  mechanisms, :mod:`medai.privacy_fallback`, whose noise has the discrete Laplace distribution
  and whose error bound is OpenDP's, exactly;
- module 5's notebook runs top to bottom without OpenDP, and says so where it matters.

"Without OpenDP" is made real in a fresh interpreter: a ``sitecustomize`` module on its path
puts a finder first in ``sys.meta_path`` that refuses ``opendp``, as an interpreter where it
is not installed would.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import numpy as np
import opendp.prelude as dp
import pytest
from nbclient import NotebookClient

from medai.privacy import _FALLBACK_NOTE
from medai.privacy_fallback import (
    _BAD_ALPHA,
    _BAD_D_IN,
    _BAD_SCALE,
    _NO_MEASUREMENTS,
    discrete_laplace_accuracy,
    discrete_laplace_noise,
    make_composition,
    make_count,
    make_count_by_categories,
)

NOTEBOOK = Path(__file__).parents[1] / "notebooks" / "protecting_health_data.md"

BLOCK_OPENDP = '''\
"""Make OpenDP impossible to import, as in Pyodide (JupyterLite), where it is not installed."""
import sys


class _NoOpenDP:
    def find_spec(self, name, path=None, target=None):
        if name == "opendp" or name.startswith("opendp."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, _NoOpenDP())
'''


@pytest.fixture
def no_opendp_env(tmp_path: Path) -> dict[str, str]:
    """An environment whose Python interpreters cannot import OpenDP."""
    site = tmp_path / "no_opendp"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCK_OPENDP, encoding="utf-8")
    path = os.pathsep.join(p for p in [str(site), os.environ.get("PYTHONPATH", "")] if p)
    return {**os.environ, "PYTHONPATH": path}


def run_python(code: str, env: dict[str, str]) -> dict:
    """Run code in a fresh interpreter; it prints one JSON object as its last line."""
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


IMPORT_EVERY_MODULE = """
import importlib, json, pkgutil, sys
import medai
names = sorted(i.name for i in pkgutil.walk_packages(medai.__path__, "medai."))
for name in names:
    importlib.import_module(name)
"""


# The noise and the error bound of the NumPy version


def discrete_laplace_pmf(k: np.ndarray, scale: float) -> np.ndarray:
    q = np.exp(-1 / scale)
    return (1 - q) / (1 + q) * q ** np.abs(k)


@pytest.mark.parametrize("scale", [0.5, 1.0, 2.0, 10.0])
def test_the_noise_has_the_discrete_laplace_distribution(scale):
    n = 200_000
    noise = discrete_laplace_noise(scale, n, random_state=7)
    assert noise.dtype == np.int64 and noise.shape == (n,)
    q = np.exp(-1 / scale)
    variance = 2 * q / (1 - q) ** 2
    # Moments, within 5 standard errors (the fourth moment from the probabilities themselves).
    support = np.arange(-int(60 * scale) - 20, int(60 * scale) + 21)
    pmf = discrete_laplace_pmf(support, scale)
    assert pmf.sum() == pytest.approx(1.0)
    assert (pmf * support**2).sum() == pytest.approx(variance)
    fourth = (pmf * support**4).sum()
    assert abs(noise.mean()) < 5 * np.sqrt(variance / n)
    assert abs(noise.var() - variance) < 5 * np.sqrt((fourth - variance**2) / n)
    # The frequency of each value near 0, within 5 standard errors of its probability.
    for k in range(-3, 4):
        p = discrete_laplace_pmf(np.array(k), scale)
        assert abs((noise == k).mean() - p) < 5 * np.sqrt(p * (1 - p) / n) + 1e-9, k
    # Symmetric, and one integer when no size is given.
    assert abs((noise > 0).mean() - (noise < 0).mean()) < 0.01
    assert isinstance(discrete_laplace_noise(scale, random_state=0), int)


def test_the_noise_grows_with_the_scale_and_is_seeded_only_on_request():
    small, large = (discrete_laplace_noise(s, 5_000, random_state=1) for s in (1.0, 10.0))
    assert large.std() > 5 * small.std()
    assert np.array_equal(
        discrete_laplace_noise(2.0, 50, random_state=3),
        discrete_laplace_noise(2.0, 50, random_state=3),
    )
    # Unseeded, two runs of 50 draws at scale 2 agree with probability below 0.2 ** 50.
    assert not np.array_equal(discrete_laplace_noise(2.0, 50), discrete_laplace_noise(2.0, 50))


@pytest.mark.parametrize("scale", [0.1, 0.5, 1.0, 2.0, 10.0, 100.0, 1000.0])
@pytest.mark.parametrize("alpha", [0.01, 0.05, 0.5, 1.0])
def test_the_error_bound_is_opendps(scale, alpha):
    dp.enable_features("contrib")
    expected = dp.discrete_laplacian_scale_to_accuracy(float(scale), float(alpha))
    assert discrete_laplace_accuracy(scale, alpha) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("scale", [0.5, 1.0, 2.0, 10.0])
@pytest.mark.parametrize("alpha", [0.01, 0.05, 0.2])
def test_the_error_bound_is_exact_for_the_distribution(scale, alpha):
    # A release is at least `bound` away from the truth with probability at most alpha, and
    # the bound cannot be lowered by a whole unit: the next integer below is passed more often.
    bound = discrete_laplace_accuracy(scale, alpha)
    support = np.arange(-int(80 * scale) - 20, int(80 * scale) + 21)
    pmf = discrete_laplace_pmf(support, scale)

    def beyond(k: float) -> float:
        return float(pmf[np.abs(support) >= k].sum())

    assert beyond(bound) <= alpha + 1e-12
    assert beyond(np.ceil(bound) - 1) > alpha
    # and the draws agree: the share of draws at least `bound` away is at most about alpha
    noise = discrete_laplace_noise(scale, 100_000, random_state=11)
    share = (np.abs(noise) >= bound).mean()
    assert share < alpha + 5 * np.sqrt(alpha * (1 - alpha) / noise.size)


# The mechanisms of the NumPy version: same releases, same privacy maps as OpenDP's


def test_a_count_is_the_number_of_records_plus_the_noise():
    data = [True] * 37
    released = [make_count(2.0, random_state=5)(data) for _ in range(3)]
    rng = np.random.default_rng(5)
    expected = 37 + discrete_laplace_noise(2.0, random_state=rng)
    assert released == [expected] * 3  # same seed, same release
    assert isinstance(released[0], int)


def test_counts_by_category_count_each_category_and_drop_the_others():
    months = ["Jan", "Feb", "Mar"]
    data = ["Jan", "Jan", "Mar", "Dec", "Jan"]  # "Dec" is not a category: not counted
    released = make_count_by_categories(months, 1.0, random_state=4)(data)
    noise = discrete_laplace_noise(1.0, 3, random_state=np.random.default_rng(4))
    assert released == [3 + noise[0], 0 + noise[1], 1 + noise[2]]
    assert all(isinstance(v, int) for v in released)


def test_with_almost_no_noise_the_releases_are_opendps():
    # At scale 0.001 the noise is 0 except with probability about e^-1000: both libraries
    # then release the exact answers, which shows they count the same thing.
    dp.enable_features("contrib")
    months = ["Jan", "Feb", "Mar"]
    data = ["Jan", "Jan", "Mar", "Dec", "Jan"]
    opendp_counts = dp.t.make_count_by_categories(
        dp.vector_domain(dp.atom_domain(T=str)),
        dp.symmetric_distance(),
        categories=months,
        null_category=False,
    ) >> dp.m.then_laplace(scale=0.001)
    assert make_count_by_categories(months, 0.001)(data) == opendp_counts(data) == [3, 0, 1]
    opendp_count = dp.t.make_count(
        dp.vector_domain(dp.atom_domain(T=bool)), dp.symmetric_distance()
    ) >> dp.m.then_laplace(scale=0.001)
    flags = [True, False, True, True]  # make_count counts records, whatever their value
    assert make_count(0.001)(flags) == opendp_count(flags) == 4


@pytest.mark.parametrize("scale", [0.5, 1.0, 4.0])
@pytest.mark.parametrize("d_in", [0, 1, 3])
def test_the_privacy_maps_are_opendps(scale, d_in):
    dp.enable_features("contrib")
    count = dp.t.make_count(
        dp.vector_domain(dp.atom_domain(T=bool)), dp.symmetric_distance()
    ) >> dp.m.then_laplace(scale=scale)
    by_category = dp.t.make_count_by_categories(
        dp.vector_domain(dp.atom_domain(T=str)),
        dp.symmetric_distance(),
        categories=["a", "b", "c"],
        null_category=False,
    ) >> dp.m.then_laplace(scale=scale)
    composed = dp.c.make_composition([count] * 5)
    ours = make_count(scale)
    assert ours.map(d_in) == pytest.approx(count.map(d_in))
    assert make_count_by_categories(["a", "b", "c"], scale).map(d_in) == pytest.approx(
        by_category.map(d_in)
    )
    assert make_composition([ours] * 5).map(d_in) == pytest.approx(composed.map(d_in))


def test_a_composition_releases_each_part_on_the_same_data():
    year = make_composition([make_count(1.0, random_state=s) for s in range(12)])
    releases = year([True] * 20)
    assert len(releases) == 12
    assert releases == [make_count(1.0, random_state=s)([True] * 20) for s in range(12)]
    assert "not OpenDP" in repr(year)


def test_bad_input_gets_a_clear_message():
    for scale in (0, -1.0, float("inf"), float("nan"), True):
        with pytest.raises(ValueError, match=re.escape(_BAD_SCALE)):
            make_count(scale)
    with pytest.raises(ValueError, match=re.escape(_BAD_SCALE)):
        discrete_laplace_noise(0.0)
    for alpha in (0, 1.5, -0.1):
        with pytest.raises(ValueError, match=re.escape(_BAD_ALPHA)):
            discrete_laplace_accuracy(1.0, alpha)
    for d_in in (-1, 1.5, True):
        with pytest.raises(ValueError, match=re.escape(_BAD_D_IN)):
            make_count(1.0).map(d_in)
    with pytest.raises(ValueError, match=re.escape(_NO_MEASUREMENTS)):
        make_composition([])


# Without OpenDP installed


def test_medai_does_not_import_opendp_until_it_is_needed():
    result = run_python(
        IMPORT_EVERY_MODULE
        + """
loaded_on_import = "opendp" in sys.modules
from medai.privacy import dp_count, opendp_available
available = opendp_available()
print(json.dumps({"modules": len(names), "loaded_on_import": loaded_on_import,
                  "available": available, "loaded_after": "opendp" in sys.modules,
                  "count": dp_count([True] * 3, 1.0)}))
""",
        dict(os.environ),
    )
    assert result["modules"] > 20
    assert result["loaded_on_import"] is False
    assert result["available"] is True and result["loaded_after"] is True
    assert isinstance(result["count"], int)


def test_without_opendp_every_module_imports_and_the_helpers_fall_back(no_opendp_env):
    result = run_python(
        IMPORT_EVERY_MODULE
        + """
try:
    import opendp  # noqa: F401
    blocked = False
except ImportError:
    blocked = True
from medai import privacy
from medai.widgets import PrivacyBudgetExplorer
months = [f"2025-{m:02d}" for m in range(1, 13)]
explorer = PrivacyBudgetExplorer({"diabetes": 360, "HIV": 3}, epsilon=0.5, n_releases=20)
explorer.set_epsilon(1.0)
draws = [privacy.dp_count([True] * 40 + [False] * 10, 1.0) for _ in range(300)]
print(json.dumps({
    "modules": names,
    "blocked": blocked,
    "available": privacy.opendp_available(),
    "note": privacy.dp_library_note(),
    "scale": privacy.laplace_count_scale(0.5),
    "bound": privacy.count_error_bound(2.0),
    "count_map": privacy.count_measurement(2.0).map(1),
    "categories_map": privacy.counts_by_category_measurement(months, 1.0).map(1),
    "year_map": privacy.sequential_composition([privacy.count_measurement(1.0)] * 12).map(1),
    "by_month": privacy.dp_counts_by_category(["2025-01"] * 30, months, 1.0).tolist(),
    "mean": sum(draws) / len(draws),
    "distinct": len(set(draws)),
    "explorer_error": explorer.error_95,
    "explorer_certified": explorer.certified_epsilon,
    "explorer_html": explorer.static_html(),
    "explorer_releases": explorer.releases.to_numpy().tolist(),
    "opendp_loaded": "opendp" in sys.modules,
}))
""",
        no_opendp_env,
    )
    assert result["blocked"] is True and result["opendp_loaded"] is False
    assert {"medai.privacy", "medai.privacy_fallback", "medai.widgets.privacy_budget"} <= set(
        result["modules"]
    )
    assert result["available"] is False
    assert result["note"] == _FALLBACK_NOTE
    # The same numbers as OpenDP's (checked against it in this process).
    dp.enable_features("contrib")
    assert result["scale"] == pytest.approx(2.0)
    assert result["bound"] == pytest.approx(dp.discrete_laplacian_scale_to_accuracy(2.0, 0.05))
    assert result["count_map"] == pytest.approx(0.5)
    assert result["categories_map"] == pytest.approx(1.0)
    assert result["year_map"] == pytest.approx(12.0)
    assert result["explorer_error"] == pytest.approx(
        dp.discrete_laplacian_scale_to_accuracy(1.0, 0.05)
    )
    assert result["explorer_certified"] == pytest.approx(1.0)
    # Noisy releases around the truth (scale 1: sd of a mean of 300 draws about 0.08).
    assert abs(result["mean"] - 40) < 0.6 and result["distinct"] > 1
    assert len(result["by_month"]) == 12 and abs(result["by_month"][0] - 30) <= 30
    releases = np.array(result["explorer_releases"])
    assert releases.shape == (2, 20) and (np.abs(releases - [[360], [3]]) <= 30).all()
    assert _FALLBACK_NOTE in result["explorer_html"]


@pytest.mark.kernel
def test_the_notebook_runs_without_opendp_and_says_so(no_opendp_env):
    notebook = jupytext.read(NOTEBOOK)
    notebook.cells.append(
        nbformat.v4.new_code_cell('import sys\nprint("opendp loaded:", "opendp" in sys.modules)')
    )
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": NOTEBOOK.parent}},
    )
    client.execute(env=no_opendp_env)
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "opendp loaded: False" in printed
    # Every cell that builds a mechanism says it runs the NumPy version, and the explorer too.
    assert printed.count(_FALLBACK_NOTE) == 3
    assert "OpenDP 0." not in printed
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert _FALLBACK_NOTE in html
    # It still draws its figures and shows its widgets.
    assert any("image/png" in o.get("data", {}) for o in outputs)
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
