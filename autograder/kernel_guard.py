"""What runs inside the student's kernel around every test cell, so that tests judge fairly.

A test cell runs in the student's kernel after the student's code (that is how nbgrader
works), so that code could change what the test sees: a name that shadows a builtin
(``abs = lambda x: 0``), a library function replaced (``np.isclose = ...``,
``sklearn.metrics.roc_auc_score = ...``), ``sys.modules`` or ``__builtins__`` swapped, or the
working folder changed to one holding doctored data files. `Guard` undoes all of that for
the duration of each test cell, then puts the student's state back exactly as it was, so an
honest notebook behaves the same before and after. What it protects:

- the builtins, and every callable of the modules the notebook imports from `LIBRARIES`
  (as they were before the student's first cell ran), and their ``sys.modules`` entries;
- the notebook's globals: names that shadow a builtin are hidden during the test;
- the working folder: the test runs in the submission's folder.

This module is sent as source by ``autograder.execute`` and executed before the first cell
into a module of its own (``sys.modules[MODULE_NAME]``), so its code looks up builtins in
its own namespace, never in the notebook's. It uses the standard library only.

Limits: the guard is code in the student's process, like the tests. Code that targets the
guard itself (it is open source) can still defeat it; ``autograder.cheats`` flags such code
for the instructor, and the grader fails the submission when the guard's reply does not
come back (see ``autograder.execute``).
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import os
import sys
from typing import Any

#: name of the guard's module in ``sys.modules`` inside the kernel
MODULE_NAME = "_autograder_guard"
#: global the guard sets on each step, read back by the grader through user_expressions
NONCE_NAME = "__autograder_nonce__"
#: top-level packages whose callables are restored for the tests (those tests rely on)
LIBRARIES = frozenset(
    {
        "builtins",
        "math",
        "statistics",
        "warnings",
        "numpy",
        "pandas",
        "scipy",
        "sklearn",
        "fairlearn",
        "opendp",
        "medai",
    }
)
_MISSING = object()


def importable_modules(names: list[str]) -> list[str]:
    """The module names, among ``names``, that belong to `LIBRARIES` (sorted, unique)."""
    return sorted({n for n in names if n.split(".")[0] in LIBRARIES})


class Guard:
    """Snapshot of the real libraries, and the switch between the student's state and it.

    Parameters
    ----------
    user_ns
        The notebook's global namespace (IPython's ``user_ns``).
    workdir
        The submission's folder, where every test cell runs.
    modules
        Modules to import now, before any student code, so that their real functions are
        in the snapshot (the modules the notebook and its tests import).
    """

    def __init__(self, user_ns: dict[str, Any], workdir: str, modules: list[str]) -> None:
        self.user_ns = user_ns
        self.workdir = workdir
        for name in importable_modules(modules):
            with contextlib.suppress(Exception):  # one the notebook cannot import either
                importlib.import_module(name)
        self.builtins_snapshot = dict(vars(builtins))
        self.modules: dict[str, tuple[Any, dict[str, Any]]] = {}
        for name, module in list(sys.modules.items()):
            if module is None or name.split(".")[0] not in LIBRARIES:
                continue
            try:
                namespace = vars(module)
            except TypeError:
                continue
            callables = {k: v for k, v in list(namespace.items()) if callable(v)}
            self.modules[name] = (module, callables)
        self.saved: tuple | None = None

    def before(self, nonce: str) -> None:
        """Switch to the real libraries and a clean view of the globals, for a test cell."""
        self._restore()  # in case the 'after' of the previous test cell did not run
        ns = self.user_ns
        shadows = {k: ns.pop(k) for k in list(ns) if k in self.builtins_snapshot and k[:2] != "__"}
        old_builtins = ns.get("__builtins__", _MISSING)
        ns["__builtins__"] = builtins
        patched: list[tuple[dict[str, Any], str, Any]] = []
        for key, value in self.builtins_snapshot.items():
            current = vars(builtins).get(key, _MISSING)
            if current is not value:
                patched.append((vars(builtins), key, current))
                vars(builtins)[key] = value
        for name, (module, callables) in self.modules.items():
            current = sys.modules.get(name, _MISSING)
            if current is not module:
                patched.append((sys.modules, name, current))
                sys.modules[name] = module
            namespace = vars(module)
            for key, value in callables.items():
                current = namespace.get(key, _MISSING)
                if current is not value:
                    patched.append((namespace, key, current))
                    namespace[key] = value
        try:
            cwd: str | None = os.getcwd()
        except OSError:  # the student's folder was removed
            cwd = None
        os.chdir(self.workdir)
        self.saved = (shadows, old_builtins, patched, cwd)
        ns[NONCE_NAME] = nonce

    def after(self, nonce: str) -> None:
        """Put back the student's state as it was before the test cell."""
        self._restore()
        self.user_ns[NONCE_NAME] = nonce

    def _restore(self) -> None:
        if self.saved is None:
            return
        ns = self.user_ns
        shadows, old_builtins, patched, cwd = self.saved
        self.saved = None
        for namespace, key, value in reversed(patched):
            if value is _MISSING:
                namespace.pop(key, None)
            else:
                namespace[key] = value
        if old_builtins is _MISSING:
            ns.pop("__builtins__", None)
        else:
            ns["__builtins__"] = old_builtins
        for key, value in shadows.items():
            ns.setdefault(key, value)  # a name the test cell defined itself wins
        if cwd is not None:
            with contextlib.suppress(OSError):
                os.chdir(cwd)


def setup_code(workdir: str, modules: list[str], nonce: str) -> str:
    """The snippet, run before the first cell, that installs the guard in the kernel."""
    from pathlib import Path

    source = Path(__file__).read_text(encoding="utf-8")
    return (
        "import sys as __ag_sys, types as __ag_types\n"
        f"__ag_module = __ag_types.ModuleType({MODULE_NAME!r})\n"
        f"exec(compile({source!r}, {'<' + MODULE_NAME + '>'!r}, 'exec'), vars(__ag_module))\n"
        f"__ag_sys.modules[{MODULE_NAME!r}] = __ag_module\n"
        f"__ag_module.guard = __ag_module.Guard(get_ipython().user_ns, {workdir!r}, {modules!r})\n"
        f"{NONCE_NAME} = {nonce!r}\n"
        "del __ag_sys, __ag_types, __ag_module\n"
    )


def step_code(step: str, nonce: str) -> str:
    """The snippet of one step, ``"before"`` or ``"after"`` a test cell."""
    return f"import {MODULE_NAME} as __ag\n__ag.guard.{step}({nonce!r})\ndel __ag\n"
