"""medai's public names: what the course imports exists, and error messages are not among them.

The notebooks, the assignments (their hidden tests included) and the benchmarks import
medai's names; a rename that breaks one of them fails here in a second, long before the
notebooks run. Error messages are private constants (``_NAME``) of the module that raises
them: the tests assert them, the course never imports them.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import pkgutil
import re
from pathlib import Path

import pytest

import medai

ROOT = Path(__file__).parents[1]
MODULES = sorted(info.name for info in pkgutil.walk_packages(medai.__path__, "medai."))
#: medai.grading's messages are the grading engine's interface, asserted by its own tests.
OWN_MESSAGES = {"medai.grading"}
IMPORT = re.compile(r"from (medai(?:\.\w+)*) import (\([^)]*\)|[^\n]*)")


def _course_sources() -> dict[str, str]:
    """The code of every notebook, assignment and benchmark, by path."""
    sources = {}
    for path in sorted((ROOT / "notebooks").glob("*.md")):
        sources[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "assignments").glob("*/*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        sources[str(path.relative_to(ROOT))] = code
    for path in sorted((ROOT / "bench").glob("*.py")):
        sources[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return sources


def _imported_names() -> dict[tuple[str, str], list[str]]:
    """Every ``from medai... import name`` of the course: (module, name) -> where."""
    found: dict[tuple[str, str], list[str]] = {}
    for source, text in _course_sources().items():
        for module, names in IMPORT.findall(text):
            for item in names.strip("()").split(","):
                name = item.split("#")[0].split(" as ")[0].strip()
                if name:
                    found.setdefault((module, name), []).append(source)
    return found


IMPORTED = _imported_names()


def test_the_course_imports_are_found():
    sources = {source.split("/")[0] for where in IMPORTED.values() for source in where}
    assert sources == {"notebooks", "assignments", "bench"}
    assert (
        "notebooks/where_models_fail.md" in IMPORTED["medai.datasets", "make_hospital_radiographs"]
    )


@pytest.mark.parametrize(("module", "name"), list(IMPORTED), ids=[f"{m}.{n}" for m, n in IMPORTED])
def test_every_name_the_course_imports_exists(module, name):
    where = IMPORTED[module, name]
    imported = importlib.import_module(module)
    assert hasattr(imported, name) or importlib.util.find_spec(f"{module}.{name}"), (
        f"{where} import {name} from {module}"
    )
    assert not name.startswith("_"), f"{where} import the private {name}"


@pytest.mark.parametrize("name", MODULES)
def test_every_name_in_all_exists(name):
    module = importlib.import_module(name)
    for public in getattr(module, "__all__", []):
        assert hasattr(module, public), f"{name}.__all__ lists {public}"


def _reads_like_a_message(value: object) -> bool:
    return isinstance(value, str) and (value.rstrip().endswith((".", ":")) or " must " in value)


@pytest.mark.parametrize("name", [m for m in MODULES if m not in OWN_MESSAGES])
def test_error_messages_are_private(name):
    module = importlib.import_module(name)
    public = {
        attribute: value
        for attribute, value in vars(module).items()
        if attribute.isupper() and not attribute.startswith("_")
    }
    messages = sorted(
        attribute for attribute, value in public.items() if _reads_like_a_message(value)
    )
    assert not messages, f"{name} makes its messages public: {messages}"
    exported = [
        n for n in getattr(module, "__all__", []) if _reads_like_a_message(getattr(module, n))
    ]
    assert not exported, f"{name} exports messages: {exported}"
