"""What the notebooks need in the browser (JupyterLite, Pyodide), and where each piece comes from.

:func:`browser_requirements` reads every import of the notebooks, and follows the imports of
the course's helpers they load, and sorts them: Pyodide's own packages (its package list,
``pyodide-lock.json`` of the release the kernel runs, from npm), the pure-Python wheels the
site ships (``lite/requirements.txt``, downloaded by ``make setup``) with their own
requirements under Pyodide's markers, the imports the helpers can do without (OpenDP), and
what nothing provides. ``lite.py`` builds the site from it; ``tests/test_lite.py`` holds it to
the pinned release.
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sphinx.errors import ExtensionError

ROOT = Path(__file__).resolve().parents[2]
#: the pure-Python wheels the site ships, and where `make setup` downloads them
SHIPPED_WHEELS = ROOT / "lite" / "requirements.txt"
WHEELHOUSE = ROOT / ".venv" / "lite-wheels"
PYODIDE_LOCK = ROOT / "node_modules" / "pyodide" / "pyodide-lock.json"
#: the wheels the Pyodide kernel ships itself (its ipykernel, and a widgetsnbextension stub)
KERNEL_INDEX = (
    Path(sys.prefix)
    / "share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension"
    / "static/pypi/all.json"
)
COURSE_PACKAGE = "medai"
#: imports the browser lacks: the helpers fall back; a notebook that makes one itself needs
#: the course's server (module 5's assignment builds OpenDP measurements)
OPTIONAL = {"opendp": "medai.privacy falls back to medai.privacy_fallback (NumPy)"}
#: the environment markers of a wheel's requirements, as Pyodide evaluates them
PYODIDE_MARKERS = {
    "sys_platform": "emscripten",
    "platform_system": "Emscripten",
    "platform_machine": "wasm32",
    "os_name": "posix",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "extra": "",
}
MISSING_SETUP = (
    "{path} not found: run `make setup`, which downloads the browser's wheels and Pyodide's "
    "package list (npm ci)."
)


def _code_cells(notebook: Path) -> list[str]:
    import jupytext

    return [c.source for c in jupytext.read(notebook).cells if c.cell_type == "code"]


def imports_in(source: str) -> set[str]:
    """The absolute module names a piece of Python (or a notebook cell) imports."""
    # IPython magics and shell escapes are not Python.
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    names: set[str] = set()
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            # `from medai.plots import where_models_fail` imports a submodule
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _course_module_file(name: str) -> Path | None:
    path = ROOT.joinpath(*name.split("."))
    for candidate in (path / "__init__.py", path.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _course_modules_reached(names: Iterable[str]) -> dict[str, set[str]]:
    """The helpers' modules the names import, transitively, with what each imports."""
    reached: dict[str, set[str]] = {}
    todo = [n for n in names if n.split(".")[0] == COURSE_PACKAGE]
    while todo:
        name = todo.pop()
        parts = name.split(".")
        # importing a.b.c runs a/__init__, a/b/__init__ and a/b/c
        for depth in range(1, len(parts) + 1):
            module = ".".join(parts[:depth])
            file = _course_module_file(module)
            if module in reached or file is None:
                continue
            reached[module] = imports_in(file.read_text(encoding="utf-8"))
            todo.extend(n for n in reached[module] if n.split(".")[0] == COURSE_PACKAGE)
    return reached


@cache
def pyodide_packages() -> dict[str, dict]:
    """Pyodide's package list (pyodide-lock.json of the release the kernel pins)."""
    if not PYODIDE_LOCK.is_file():
        raise ExtensionError(MISSING_SETUP.format(path=PYODIDE_LOCK))
    return json.loads(PYODIDE_LOCK.read_text(encoding="utf-8"))["packages"]


@cache
def kernel_wheels() -> set[str]:
    """The distributions the Pyodide kernel's own package index provides."""
    return {normalise(name) for name in json.loads(KERNEL_INDEX.read_text(encoding="utf-8"))}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def shipped_wheels() -> dict[str, str]:
    """The pure-Python distributions the site ships: normalised name -> pinned version."""
    pins = {}
    for line in SHIPPED_WHEELS.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[normalise(name)] = version
    return pins


@dataclass
class BrowserRequirements:
    """What the notebooks need in the browser, and where each piece comes from."""

    #: Pyodide's own packages (lock names), loaded from its CDN
    from_pyodide: set[str] = field(default_factory=set)
    #: distributions whose wheels the site ships (lite/requirements.txt)
    from_site: set[str] = field(default_factory=set)
    #: imports nothing provides, with where they are made
    missing: dict[str, set[str]] = field(default_factory=dict)
    #: modules of the course's helpers the notebooks load
    course_modules: set[str] = field(default_factory=set)
    #: OPTIONAL imports a notebook makes itself: it needs the course's server
    server_only: dict[str, set[str]] = field(default_factory=dict)


def _requirements_of(distribution: str) -> list[str]:
    from packaging.requirements import Requirement

    needed = []
    for text in importlib.metadata.requires(distribution) or []:
        requirement = Requirement(text)
        if requirement.marker is None or requirement.marker.evaluate(PYODIDE_MARKERS):
            needed.append(normalise(requirement.name))
    return needed


def browser_requirements(notebooks: Iterable[Path]) -> BrowserRequirements:
    """Sort every import of the notebooks, and of the helpers they load, by provider."""
    found = BrowserRequirements()
    made_in: dict[str, set[str]] = {}
    for notebook in notebooks:
        for source in _code_cells(notebook):
            for name in imports_in(source):
                made_in.setdefault(name, set()).add(notebook.name)
    course = _course_modules_reached(made_in)
    found.course_modules = set(course)
    for module, names in course.items():
        for name in names:
            made_in.setdefault(name, set()).add(module)

    by_import = {imp: pkg for pkg, info in pyodide_packages().items() for imp in info["imports"]}
    to_module = importlib.metadata.packages_distributions()
    shipped = shipped_wheels()
    pending: list[str] = []
    for name, places in sorted(made_in.items()):
        top = name.split(".")[0]
        if top in OPTIONAL:
            notebooks = {p for p in places if not p.startswith(COURSE_PACKAGE)}
            if notebooks:
                found.server_only.setdefault(top, set()).update(notebooks)
            continue
        if top == COURSE_PACKAGE or top in sys.stdlib_module_names:
            continue
        if top in by_import:
            found.from_pyodide.add(by_import[top])
            continue
        distributions = [normalise(d) for d in to_module.get(top, [])]
        if distributions and distributions[0] in shipped:
            pending.append(distributions[0])
        else:
            found.missing.setdefault(top, set()).update(places)
    # A shipped wheel's own requirements come from Pyodide or the site too.
    while pending:
        distribution = pending.pop()
        if distribution in found.from_site:
            continue
        found.from_site.add(distribution)
        for requirement in _requirements_of(distribution):
            if requirement in pyodide_packages():
                found.from_pyodide.add(requirement)
            elif requirement in kernel_wheels():
                continue
            elif requirement in shipped:
                pending.append(requirement)
            else:
                found.missing.setdefault(requirement, set()).add(f"{distribution} (requires)")
    return found
