"""Flag answer cells whose code tries to change how the tests judge them (for review only).

Tests are judged outside the student's kernel (`checker`), so code that patches a module
(``np.isclose = lambda *a, **k: True``), the shell (``get_ipython().showtraceback = ...``) or
its code execution (``get_ipython().input_transformers_post.append(...)``), redefines a
builtin, changes the working folder or gives an answer an ``__eq__`` that always says yes
changes no verdict. It still says something about the submission: this scan tells the
instructor where to look, including at code that targets the grader's agent in the kernel
(``exec``, tracing hooks, ``ctypes``). It is a note, never a penalty.
"""

from __future__ import annotations

import ast
import builtins

from nbformat import NotebookNode

BUILTIN_NAMES = frozenset(name for name in dir(builtins) if not name.startswith("_"))
#: calls that run code the scan cannot read
DYNAMIC_CODE = frozenset({"exec", "eval", "compile", "__import__"})
#: module functions that change the process in ways a test cell could trip over
PROCESS_HOOKS = {
    ("os", "chdir"): "changes the working folder (os.chdir)",
    ("os", "fchdir"): "changes the working folder (os.fchdir)",
    ("sys", "settrace"): "installs a tracing hook (sys.settrace)",
    ("sys", "setprofile"): "installs a profiling hook (sys.setprofile)",
    ("threading", "settrace"): "installs a tracing hook (threading.settrace)",
}
#: modules that reach below Python's rules
LOW_LEVEL_MODULES = frozenset({"ctypes", "gc"})
#: the grader's agent inside the kernel (see `kernel_agent`)
GUARD_NAMES = frozenset({"_autograder_agent"})


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    if isinstance(node, ast.Call):
        return _root_name(node.func)
    return node.id if isinstance(node, ast.Name) else None


def _is_shell(node: ast.AST, shells: set[str]) -> bool:
    """``get_ipython()`` itself, or a name bound to it."""
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Name) and node.func.id in shells
    return isinstance(node, ast.Name) and node.id in shells and node.id != "get_ipython"


def scan_source(source: str) -> list[str]:
    """What a cell's code does that deserves a look (empty when nothing).

    Parameters
    ----------
    source
        The code of one cell (IPython magics are ignored).

    Returns
    -------
    list of str
        Short descriptions, e.g. ``"assigns an attribute of module 'np' (np.isclose)"``.
    """
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return []
    modules = {"builtins", "__builtins__"}
    shells = {"get_ipython"}
    aliases: dict[str, str] = {}  # local name -> module it stands for
    found: list[str] = []

    def note(text: str) -> None:
        if text not in found:
            found.append(text)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                modules.add((alias.asname or alias.name).split(".")[0])
                if isinstance(node, ast.Import):
                    aliases[alias.asname or alias.name.split(".")[0]] = alias.name.split(".")[0]
                top = (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
                top = top.split(".")[0]
                if top in LOW_LEVEL_MODULES:
                    note(f"imports {top} (it can reach below Python's rules)")
                elif top in GUARD_NAMES:
                    note(f"refers to the grader's agent ({top})")
        elif (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and _root_name(node.value.func) in shells
        ):
            shells.update(t.id for t in node.targets if isinstance(t, ast.Name))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in GUARD_NAMES:
            note(f"refers to the grader's agent ({node.id})")
        elif isinstance(node, ast.Attribute) and _is_shell(node.value, shells):
            note(f"uses the IPython shell ({ast.unparse(node)})")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in DYNAMIC_CODE:
                note(f"calls {func.id}() (code the scan cannot read)")
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                module = aliases.get(func.value.id, func.value.id)
                if (module, func.attr) in PROCESS_HOOKS:
                    note(PROCESS_HOOKS[module, func.attr])
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if node.name == "__eq__":
                note("defines __eq__ (an object could claim to equal any expected value)")
            elif node.name in BUILTIN_NAMES and node.col_offset == 0:
                note(f"redefines the builtin '{node.name}'")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"setattr", "delattr"}
            and node.args
        ):
            root = _root_name(node.args[0])
            if root in modules or root in shells:
                note(f"calls {node.func.id} on '{root}'")
        for target in targets:
            for leaf in ast.walk(target) if isinstance(target, ast.Tuple) else [target]:
                if isinstance(leaf, ast.Attribute | ast.Subscript):
                    root = _root_name(leaf)
                    shown = ast.unparse(leaf)
                    if root in shells:
                        note(f"assigns an attribute of get_ipython() ({shown})")
                    elif root in modules:
                        note(f"assigns an attribute of module '{root}' ({shown})")
                elif isinstance(leaf, ast.Name) and leaf.id in BUILTIN_NAMES:
                    note(f"redefines the builtin '{leaf.id}'")
                elif isinstance(leaf, ast.Name) and leaf.id == "__builtins__":
                    note("replaces __builtins__")
    return found


def scan_notebook(nb: NotebookNode) -> list[tuple[str, str]]:
    """``(cell name, description)`` for every flagged code cell a student could edit."""
    flagged = []
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata")
        meta = meta.get("nbgrader") if isinstance(meta, dict) else None
        meta = meta if isinstance(meta, dict) else {}
        if cell.get("cell_type") != "code" or meta.get("locked"):
            continue
        name = meta.get("grade_id") if isinstance(meta.get("grade_id"), str) else None
        source = cell.get("source", "")
        source = "".join(map(str, source)) if isinstance(source, list) else str(source)
        flagged.extend((name or f"cell {index}", what) for what in scan_source(source))
    return flagged
