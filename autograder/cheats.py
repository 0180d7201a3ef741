"""Flag answer cells whose code could change how the tests judge them (for review only).

A test cell runs in the student's kernel after the student's code, so that code can try to
fool it: patch a module (``np.isclose = lambda *a, **k: True``), patch the shell
(``get_ipython().showtraceback = ...``), redefine a builtin (``isinstance = ...``), or give an
answer an ``__eq__`` that always says yes. The course's hidden tests are written to resist
these (they check exact types and compare builtin values), and the engine records hidden
errors; this scan only tells the instructor where to look. It is a note, never a penalty.
"""

from __future__ import annotations

import ast
import builtins

from nbformat import NotebookNode

BUILTIN_NAMES = frozenset(name for name in dir(builtins) if not name.startswith("_"))


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    if isinstance(node, ast.Call):
        return _root_name(node.func)
    return node.id if isinstance(node, ast.Name) else None


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
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                modules.add((alias.asname or alias.name).split(".")[0])
        elif (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and _root_name(node.value.func) in shells
        ):
            shells.update(t.id for t in node.targets if isinstance(t, ast.Name))
    found: list[str] = []

    def note(text: str) -> None:
        if text not in found:
            found.append(text)

    for node in ast.walk(tree):
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
    return found


def scan_notebook(nb: NotebookNode) -> list[tuple[str, str]]:
    """``(cell name, description)`` for every flagged code cell a student could edit."""
    flagged = []
    for index, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
        if cell.get("cell_type") != "code" or meta.get("locked"):
            continue
        name = meta.get("grade_id") or f"cell {index}"
        flagged.extend((name, what) for what in scan_source(str(cell.get("source", ""))))
    return flagged
