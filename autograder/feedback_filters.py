"""The feedback page's preprocessor: hidden tests' code removed, a table of results first.

Registered in ``nbgrader_config.py`` through ``GenerateFeedback.preprocessors``, so plain
``nbgrader generate_feedback`` and ``python -m autograder feedback`` give the same result.

Language: every text of the page is in the course's language (``c.Course.language``, see
`autograder.language`): the table's headings and results, the hidden tests' placeholder, the
notes, and nbgrader's own labels, which the course's template ``templates/feedback`` (found
first through ``HTMLExporter.extra_template_basedirs``, see `template_basedirs`) reads from
``resources["autograder_words"]``. Messages the checks wrote are shown as they were written
(a message that is one of the grader's own, e.g. `NO_MESSAGE`, in the course's language).

The results come from the test cells' outputs, which the trusted checker wrote
(`autograder.execute`): nothing a student's code printed is in them, and the hidden tests'
code never ran in the student's kernel, so it cannot be in any output either. What a test
cell shows in feedback is its visible part, its ``# HINT:`` comments and the checker's
message when it failed.

Hints: a test cell may hold comment lines ``# HINT: ...`` (in its visible part or inside its
hidden region). When the test loses points, the feedback shows those lines after the test's
name, with the checker's message (write assertions with a message: ``assert ok, "the rates
must be computed per group"``).

Explanations: comment lines ``# EXPLANATION: ...`` (inside the hidden region, so that the
student version never holds them) are shown for every test, passed or not, once it has been
graded: why the answer is what it is (the CME pre- and post-tests use them, see
``scripts/make_cme_tests.py``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbgrader
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Unicode

from . import language as lang

HIDDEN_TESTS_PLACEHOLDER = "# (hidden tests ran here: their code is not shown in feedback)"
HINT_PATTERN = re.compile(r"^\s*#\s*HINT:\s*(?P<hint>.+?)\s*$", flags=re.M)
EXPLANATION_PATTERN = re.compile(r"^\s*#\s*EXPLANATION:\s*(?P<text>.+?)\s*$", flags=re.M)
SUMMARY_ID = "autograder-test-results"
# what the results table says (in English; their French is in autograder.messages_fr)
RESULTS_TITLE = "Your results, check by check"
NOTICE_LABEL = "Note:"
COLUMNS = ("Check", "Points", "Result", "What to look at")
PASSED = "passed"
NOT_PASSED = "not passed"
EXPLANATION_LABEL = "Explanation:"
NO_MESSAGE = "the check failed without a message: compare your answer with the question"
#: Longest message shown in the results table.
MAX_MESSAGE = 400
#: Terminal colour codes (IPython colours tracebacks).
ANSI_CODES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
#: the course's templates (``feedback/``: nbgrader's feedback page in the course's language)
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: nbgrader's own templates (formgrader's ``formgrade``, its ``feedback``)
NBGRADER_TEMPLATES = Path(nbgrader.__file__).parent / "server_extensions/formgrader/templates"
#: the results table's layout; nbgrader's list of unnamed "Test cell" links is hidden (the
#: table names each check)
RESULTS_CSS = (
    "#toc{display:none}"
    f"#{SUMMARY_ID} table{{border-collapse:collapse;margin:1rem 0}}"
    f"#{SUMMARY_ID} th,#{SUMMARY_ID} td{{border:1px solid #767676;padding:.3rem .6rem;"
    "text-align:left;vertical-align:top}"
    f"#{SUMMARY_ID} td p{{margin:0 0 .3rem}}"
)


def template_basedirs() -> list[str]:
    """``HTMLExporter.extra_template_basedirs`` of the course: its templates, then nbgrader's.

    nbgrader's feedback asks for the template ``feedback``: the course's comes first. Every
    other nbgrader template (formgrader's ``formgrade``) is still found in nbgrader's folder.
    """
    return [str(TEMPLATES), str(NBGRADER_TEMPLATES)]


def _is_test(cell: NotebookNode) -> bool:
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


def short_message(message: str | None) -> str | None:
    """A message fit for the results table: no colour, not too long."""
    if message is None:
        return None
    plain = ANSI_CODES.sub("", message)
    return plain if len(plain) <= MAX_MESSAGE else plain[: MAX_MESSAGE - 1] + "…"


def hint_lines(source: str) -> list[str]:
    """The ``# HINT:`` comments of a test cell, in order."""
    return [m["hint"] for m in HINT_PATTERN.finditer(source)]


def explanation_lines(source: str) -> list[str]:
    """The ``# EXPLANATION:`` comments of a test cell, in order."""
    return [m["text"] for m in EXPLANATION_PATTERN.finditer(source)]


@dataclass(frozen=True)
class CellError:
    """A cell's first error: its name (``ename``) and message (``evalue``, or the name)."""

    name: str
    message: str


def cell_error(cell: NotebookNode) -> CellError | None:
    """The first error output of a cell, or None if it raised nothing."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            name = str(output.get("ename") or "Error")
            return CellError(name, str(output.get("evalue") or "") or name)
    return None


def results_table(rows: list[dict[str, Any]], notice: str = "", language: str = "en") -> str:
    """HTML of the results section: an optional notice, then one row per check.

    Parameters
    ----------
    rows
        Dicts with ``name``, ``score``, ``points``, ``error`` (str or None), ``hints`` (list)
        and, optionally, ``explanations`` (list), shown whether the test passed or not.
    notice
        What happened to a submission that could not be graded normally (plain text, in
        ``language`` already).
    language
        The course's language (`autograder.language.LANGUAGES`).

    Returns
    -------
    str
        An HTML fragment; every text is escaped.
    """

    def say(message: str) -> str:
        return html.escape(lang.text(message, language))

    parts = [f'<section id="{SUMMARY_ID}" aria-labelledby="{SUMMARY_ID}-title">']
    parts.append(f'<h2 id="{SUMMARY_ID}-title">{say(RESULTS_TITLE)}</h2>')
    if notice:
        parts.append(
            f'<p role="alert"><strong>{say(NOTICE_LABEL)}</strong> {html.escape(notice)}</p>'
        )
    headings = "".join(f'<th scope="col">{say(h)}</th>' for h in COLUMNS)
    parts.append(f"<table><thead><tr>{headings}</tr></thead><tbody>")
    for row in rows:
        passed = row["score"] >= row["points"]
        result = say(PASSED if passed else NOT_PASSED)
        advice = ""
        if not passed:
            message = short_message(row["error"]) or NO_MESSAGE
            lines = [*row["hints"], lang.text(message, language)]
            advice = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
        for line in row.get("explanations", []):
            advice += f"<p><strong>{say(EXPLANATION_LABEL)}</strong> {html.escape(line)}</p>"
        score, points = (lang.points(row[k], language) for k in ("score", "points"))
        parts.append(
            f'<tr><th scope="row"><code>{html.escape(row["name"])}</code></th>'
            f"<td>{score} / {points}</td><td>{result}</td>"
            f"<td>{advice}</td></tr>"
        )
    parts.append("</tbody></table></section>")
    return "\n".join(parts)


class HideHiddenTests(NbGraderPreprocessor):
    """Hide hidden tests' code in feedback, keep which test failed and why.

    In every test cell that holds a ``### BEGIN HIDDEN TESTS`` region, the region is replaced
    by a one-line comment, and each error output is cut down to ``ename: evalue`` (a traceback
    quotes the failing line, i.e. the hidden test's code). Write hidden assertions with a
    message: that message is what the student reads.
    """

    placeholder = Unicode(
        "",
        help="Text that replaces a hidden test region in feedback (default: "
        "HIDDEN_TESTS_PLACEHOLDER in the course's language).",
    ).tag(config=True)
    notice = Unicode(
        "", help="Shown above the results: what happened to a submission graded abnormally."
    ).tag(config=True)

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        """Make the table of the tests' results, then strip every test cell.

        The table (test name, points, result, hints) needs the scores that nbgrader's
        ``GetGrades`` puts in the cells, so it is made only when that preprocessor ran before
        this one (``resources["nbgrader"]["score"]`` is set); it is the notebook's first
        cell. The course's template finds its words in ``resources["autograder_words"]``.
        """
        self._language = lang.course_language(self.config)
        resources["autograder_words"] = lang.Words(self._language)
        if "score" in resources.get("nbgrader", {}):
            rows = []
            for cell in nb.cells:
                meta = cell.get("metadata", {}).get("nbgrader", {})
                if not _is_test(cell):
                    continue
                error = cell_error(cell)
                rows.append(
                    {
                        "name": meta.get("grade_id", "?"),
                        "score": float(meta.get("score") or 0.0),
                        "points": float(meta.get("points") or 0.0),
                        "error": error.message if error is not None else None,
                        "hints": hint_lines(cell.source),
                        "explanations": explanation_lines(cell.source),
                    }
                )
            if rows or self.notice:
                table = results_table(rows, self.notice, self._language)
                nb.cells.insert(0, new_markdown_cell(table))
        # after nbconvert's CSSHTMLHeaderPreprocessor, which sets the page's own style
        inlining = resources.setdefault("inlining", {})
        inlining["css"] = [*inlining.get("css", []), RESULTS_CSS]
        return super().preprocess(nb, resources)

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[NotebookNode, dict[str, Any]]:
        """Strip the hidden region and the tracebacks of one test cell.

        Parameters
        ----------
        cell, resources, index
            As for any nbconvert preprocessor.

        Returns
        -------
        tuple
            The cell and the resources.
        """
        if not _is_test(cell):
            return cell, resources
        clearer = ClearHiddenTests(parent=self)
        marker = clearer.begin_test_delimeter
        lines = cell.source.split("\n")
        first = next((i for i, line in enumerate(lines) if marker in line), None)
        if first is None:
            return cell, resources
        clearer._remove_hidden_test_region(cell)
        kept = cell.source.split("\n")
        language = getattr(self, "_language", None) or lang.course_language(self.config)
        placeholder = self.placeholder or lang.text(HIDDEN_TESTS_PLACEHOLDER, language)
        cell.source = "\n".join([*kept[:first], placeholder, *kept[first:]]).rstrip("\n")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                evalue = lang.text(str(output.get("evalue", "")), language)
                message = f"{output.get('ename', 'Error')}: {evalue}".rstrip()
                output["traceback"] = [message.rstrip(":")]
        return cell, resources
