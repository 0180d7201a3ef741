"""The book's Sphinx extensions (``book/_ext/<name>.py``), imported by the tests that use them.

They are not a package (Sphinx finds them through ``local_extensions`` in ``_config.yml``), so
the tests load them by path, once per test session; dataclasses need the module registered.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

EXTENSIONS = Path(__file__).resolve().parents[1] / "book" / "_ext"


def load(name: str) -> ModuleType:
    """The extension ``book/_ext/<name>.py``, imported as ``book_ext_<name>``."""
    module_name = f"book_ext_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, EXTENSIONS / f"{name}.py")
    assert spec is not None and spec.loader is not None, f"no extension {name}"
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
