"""pyproject.toml declares what medai and the autograder import, at versions the pins satisfy.

``pip install .`` must bring every library the helpers and the autograder import at run time;
requirements.txt pins the tested set, and every declared range must accept its pin.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).parents[1]
DECLARED = {
    canonicalize_name(r.name): r
    for r in map(
        Requirement,
        tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"],
    )
}


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def _imported_top_level_modules() -> dict[str, str]:
    """Every module medai and the autograder import (module -> one file that does)."""
    found = {}
    for package in ("medai", "autograder"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def test_every_third_party_import_is_declared():
    distributions = packages_distributions()
    local = {"medai", "autograder"}
    imported = _imported_top_level_modules()
    assert {"numpy", "sklearn", "opendp", "nbgrader", "zmq"} <= set(imported)
    for module, where in imported.items():
        if module in local or module in sys.stdlib_module_names or module == "__future__":
            continue
        owners = {canonicalize_name(d) for d in distributions.get(module, [])}
        assert owners & set(DECLARED), f"{where} imports {module}: declare {owners or module}"


def test_every_declared_range_accepts_its_pin():
    pins = _pins()
    for name, requirement in DECLARED.items():
        assert name in pins, f"{name} is declared but not pinned in requirements.txt"
        assert requirement.specifier.contains(pins[name]), f"{requirement} refuses {pins[name]}"
        # A lower bound, so that pip can resolve the helpers with other pins later.
        assert requirement.specifier and all(s.operator == ">=" for s in requirement.specifier)
