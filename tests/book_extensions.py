"""The book's Sphinx extensions (``book/_ext/<name>.py``), imported by the tests that use them.

They are not a package: Sphinx finds them through ``local_extensions`` in ``_config.yml``,
which puts their folder on ``sys.path``. The tests do the same, so that an extension imports
another by its plain name, as it does in a build.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

EXTENSIONS = Path(__file__).resolve().parents[1] / "book" / "_ext"


def load(name: str) -> ModuleType:
    """The extension ``book/_ext/<name>.py``."""
    if str(EXTENSIONS) not in sys.path:
        sys.path.insert(0, str(EXTENSIONS))
    return importlib.import_module(name)
