"""Tables that the course computes at build time, so that they can never drift from it.

Directives, for the pages a CME body or a dean's office reads:

``{module-updates}``
    Each module's last change: the date of the last commit that touched its chapter,
    notebook, assignment or data generator (``git log -1 --format=%cs -- <files>``), or
    "unknown" where git cannot tell (no git, not a repository, a shallow clone).
``{competency-map}``
    Every graded item of every assignment, read from the nbgrader metadata of its source
    notebook (grade id, points, autograded or graded by hand) with the competency its cell
    tag names, and the points and time of each module per competency.
``{module-hours}``
    The time of each module's parts, from ``scripts/module_times.py`` (its ``count()``),
    with an optional extra column written in the directive's body, one ``module_id: text``
    line per module.

Pages that use them are read again at every build (git dates change without any file
changing).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from languages import language_of, text
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

ROOT = Path(__file__).resolve().parents[2]
#: The four competencies of the course, by cell tag (tests/test_competencies.py checks that
#: every graded cell has exactly one).
COMPETENCIES = {
    "competency-algorithms": "Understand algorithms and their limits",
    "competency-bias-risks": "Identify biases and risks",
    "competency-data": "Protect health data",
    "competency-human": "Keep human responsibility for the decision",
}
UNKNOWN = "unknown"
# The English words of these tables are looked up in languages.FRENCH for the French book.
GIT_TIMEOUT_S = 10


# --- what the tables say -----------------------------------------------------------------


@cache
def module_times(root: Path = ROOT) -> ModuleType:
    """``scripts/module_times.py``, the one place where the course's times are counted."""
    path = root / "scripts" / "module_times.py"
    spec = importlib.util.spec_from_file_location("course_module_times", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def modules(root: Path = ROOT) -> dict[str, str]:
    """The modules in order, id to title."""
    return dict(module_times(root).MODULES)


@dataclass(frozen=True)
class GradedItem:
    """One graded cell of an assignment's nbgrader source notebook."""

    assignment: str
    grade_id: str
    points: float
    autograded: bool
    competency: str | None

    @property
    def how(self) -> str:
        return "automatically" if self.autograded else "by the instructor"


#: the nbgrader assignments a module can have (``assignments/<module><suffix>/``), in the
#: order the competency map shows them
ASSIGNMENT_KINDS = {"": "graded assignment", "_post": "CME post-test", "_pre": "CME pre-test"}


def assignment_notebook(assignment: str, root: Path = ROOT) -> Path:
    return root / "assignments" / assignment / f"{assignment}.ipynb"


def module_assignments(module: str, root: Path = ROOT) -> dict[str, str]:
    """The module's nbgrader assignments that exist, id to kind."""
    return {
        module + suffix: kind
        for suffix, kind in ASSIGNMENT_KINDS.items()
        if assignment_notebook(module + suffix, root).is_file()
    }


def graded_items(assignment: str, root: Path = ROOT) -> list[GradedItem]:
    """Every graded cell of an assignment, in notebook order.

    A cell is graded when its nbgrader metadata has ``grade`` (an autograded test cell, or an
    answer graded by hand when it is also a ``solution``) or ``task`` (graded by hand).
    """
    notebook = json.loads(assignment_notebook(assignment, root).read_text(encoding="utf-8"))
    items = []
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {})
        grading = meta.get("nbgrader", {})
        if not (grading.get("grade") or grading.get("task")):
            continue
        tags = [tag for tag in meta.get("tags", []) if tag in COMPETENCIES]
        items.append(
            GradedItem(
                assignment=assignment,
                grade_id=grading["grade_id"],
                points=float(grading.get("points", 0)),
                autograded=bool(grading.get("grade")) and not grading.get("solution"),
                competency=tags[0] if len(tags) == 1 else None,
            )
        )
    return items


def module_files(module: str, root: Path = ROOT) -> list[str]:
    """The files a learner's module is made of, relative to the root, those that exist:
    chapter, notebook, assignments (with the CME tests) and data generator."""
    candidates = [
        f"book/{module}.md",
        f"notebooks/{module}.md",
        *(f"assignments/{assignment}" for assignment in module_assignments(module, root)),
        f"medai/datasets/{module}.py",
    ]
    return [path for path in candidates if (root / path).exists()]


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # no git on this machine
    return result.stdout.strip() if result.returncode == 0 else None


def last_update(paths: Sequence[str], root: Path = ROOT) -> str:
    """The date (YYYY-MM-DD) of the last commit that touched ``paths``, or "unknown".

    Unknown when git is missing, ``root`` is not in a repository, none of the paths was ever
    committed, or the clone is shallow (its oldest commit would claim every file).
    """
    if not paths or _git(root, "rev-parse", "--is-shallow-repository") != "false":
        return UNKNOWN
    date = _git(root, "log", "-1", "--format=%cs", "--", *paths)
    return date or UNKNOWN


def has_uncommitted_changes(paths: Sequence[str], root: Path = ROOT) -> bool:
    status = _git(root, "status", "--porcelain", "--", *paths)
    return bool(status)


# --- docutils helpers --------------------------------------------------------------------

Cell = str | nodes.Node | Sequence[nodes.Node]


def _cell(content: Cell) -> nodes.entry:
    entry = nodes.entry()
    paragraph = nodes.paragraph()
    if isinstance(content, str):
        paragraph += nodes.Text(content)
    elif isinstance(content, nodes.Node):
        paragraph += content
    else:
        for node in content:
            paragraph += node
    entry += paragraph
    return entry


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    widths: Sequence[int],
    caption: str | None = None,
) -> nodes.table:
    """A docutils table, as a MyST ``list-table`` with a header row would make."""
    result = nodes.table(classes=["colwidths-given"])
    if caption:
        result += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(headers))
    result += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    header_row = nodes.row()
    for header in headers:
        header_row += _cell(header)
    head += header_row
    body = nodes.tbody()
    group += body
    for cells in rows:
        row = nodes.row()
        for content in cells:
            row += _cell(content)
        body += row
    return result


def _points(value: float) -> str:
    return f"{value:g}"


# --- directives --------------------------------------------------------------------------


class _CourseTableDirective(SphinxDirective):
    has_content = False

    @property
    def root(self) -> Path:
        """The book's sources (the French tree for the French book): pages and assignments."""
        return Path(self.env.srcdir)

    def _(self, english: str) -> str:
        return text(self.env.app, english)

    def title(self, module: str) -> str:
        """The module's title in the book's language: "1. From data to decision" in English
        (``scripts/module_times.py``), its number and its chapter's first heading otherwise."""
        english = modules()[module]
        if language_of(self.env.app) == "en":
            return english
        number, _, _ = english.partition(" ")
        chapter = self.root / "book" / f"{module}.md"
        for line in chapter.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return f"{number} {line[2:].strip()}" if number.endswith(".") else line[2:]
        return english

    def note_read_every_build(self) -> None:
        docs = getattr(self.env, "course_maps_docs", set())
        docs.add(self.env.docname)
        self.env.course_maps_docs = docs

    def module_link(self, module: str) -> nodes.Node:
        """The module's title, linked to its chapter."""
        title = self.title(module)
        ref = addnodes.pending_xref(
            "",
            refdomain="std",
            reftype="doc",
            reftarget=f"/book/{module}",
            refexplicit=True,
            refwarn=True,
            refdoc=self.env.docname,
        )
        ref += nodes.inline(title, title)
        return ref


class ModuleUpdates(_CourseTableDirective):
    """Each module's last change, from git."""

    def run(self) -> list[nodes.Node]:
        self.note_read_every_build()
        rows = []
        # Dates and files are the English sources' (the French tree is made from them).
        for module in modules():
            files = module_files(module)
            date = last_update(files)
            if date != UNKNOWN and has_uncommitted_changes(files):
                date += " (and changes not yet committed)"
            date = (
                self._(date)
                if date == UNKNOWN
                else date.replace(
                    " (and changes not yet committed)", self._(" (and changes not yet committed)")
                )
            )
            listing = []
            for index, path in enumerate(files):
                if index:
                    listing.append(nodes.Text(", "))
                listing.append(nodes.literal(path, path))
            rows.append([self.module_link(module), date, listing])
        headers = [self._(h) for h in ("Module", "Last change", "Files")]
        return [table(headers, rows, [30, 25, 45])]


class CompetencyMap(_CourseTableDirective):
    """Every graded item and its competency, and each module's points per competency."""

    def run(self) -> list[nodes.Node]:
        self.note_read_every_build()
        times = module_times()
        summary_rows = []
        details = []
        for module in modules():
            title = self.title(module)
            for assignment, kind in module_assignments(module, self.root).items():
                self.env.note_dependency(str(assignment_notebook(assignment, self.root)))
                items = graded_items(assignment, self.root)
                if assignment == module:
                    summary_rows.append(self.summary_row(module, items, times))
                rows = [
                    [
                        nodes.literal(item.grade_id, item.grade_id),
                        _points(item.points),
                        self._(item.how),
                        self._(COMPETENCIES.get(item.competency or "", "none (untagged)")),
                    ]
                    for item in items
                ]
                details.append(
                    table(
                        [self._(h) for h in ("Graded item", "Points", "Graded", "Competency")],
                        rows,
                        [34, 10, 20, 36],
                        caption=f"{title}\u202f: {self._(kind)} ({assignment})"
                        if self.env.config.language == "fr"
                        else f"{title}: {kind} ({assignment})",
                    )
                )
        summary = table(
            [self._(h) for h in ("Module", "Time", *COMPETENCIES.values(), "All points")],
            summary_rows,
            [22, 10, 14, 14, 14, 14, 12],
            caption=self._("Points of each module's graded assignment, per competency"),
        )
        return [summary, *details]

    def summary_row(self, module: str, items: list[GradedItem], times: ModuleType) -> list[Cell]:
        points = {tag: sum(i.points for i in items if i.competency == tag) for tag in COMPETENCIES}
        return [
            self.module_link(module),
            times.duration(times.count(module).total),
            *(_points(points[tag]) if points[tag] else "" for tag in COMPETENCIES),
            _points(sum(i.points for i in items)),
        ]


class ModuleHours(_CourseTableDirective):
    """The time of each module's parts, with an optional column written in the body."""

    has_content = True
    option_spec = {"column": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        self.note_read_every_build()
        times = module_times()
        extra: dict[str, str] = {}
        for line in self.content:
            if line.strip():
                module, _, text = line.partition(":")
                extra[module.strip()] = text.strip()
        unknown = sorted(set(extra) - set(modules()))
        if unknown:
            raise self.error(f"module-hours: unknown module ids {unknown}")
        column = self.options.get("column")
        headers = [self._(h) for h in ("Module", "Chapter", "Notebook", "Assignment", "In all")]
        if column:
            headers.append(column)
        rows = []
        for module in modules():
            counted = times.count(module)
            row: list[Cell] = [
                self.module_link(module),
                times.duration(counted.chapter),
                times.duration(counted.notebook) if counted.notebook else self._("none"),
                times.duration(counted.assignment),
                times.duration(counted.total),
            ]
            if column:
                inline, messages = self.state.inline_text(extra.get(module, ""), self.lineno)
                row.append([*inline, *messages])
            rows.append(row)
        widths = [28, 12, 12, 14, 12] + ([30] if column else [])
        return [table(headers, rows, widths)]


# --- read the pages again at every build -------------------------------------------------


def _always_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    return sorted(getattr(env, "course_maps_docs", set()) - removed)


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "course_maps_docs", set()).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    env.course_maps_docs = getattr(env, "course_maps_docs", set()) | getattr(
        other, "course_maps_docs", set()
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("module-updates", ModuleUpdates)
    app.add_directive("competency-map", CompetencyMap)
    app.add_directive("module-hours", ModuleHours)
    app.connect("env-get-outdated", _always_outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
