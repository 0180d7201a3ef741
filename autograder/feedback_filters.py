"""The feedback page's preprocessor: hidden tests' code removed, a table of results first.

Registered in ``nbgrader_config.py`` through ``GenerateFeedback.preprocessors``, so plain
``nbgrader generate_feedback`` and ``python -m autograder feedback`` give the same result.

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
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Unicode

HIDDEN_TESTS_PLACEHOLDER = "# (hidden tests ran here: their code is not shown in feedback)"
HINT_PATTERN = re.compile(r"^\s*#\s*HINT:\s*(?P<hint>.+?)\s*$", flags=re.M)
EXPLANATION_PATTERN = re.compile(r"^\s*#\s*EXPLANATION:\s*(?P<text>.+?)\s*$", flags=re.M)
EXPLANATION_LABEL = "Explanation:"
SUMMARY_ID = "autograder-test-results"
NO_MESSAGE = "the check failed without a message: compare your answer with the question"
#: Longest message shown in the results table.
MAX_MESSAGE = 400
#: Terminal colour codes (IPython colours tracebacks).
ANSI_CODES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
#: the results table's layout; nbgrader's list of unnamed "Test cell" links is hidden (the
#: table names each check)
RESULTS_CSS = (
    "#toc{display:none}"
    f"#{SUMMARY_ID} table{{border-collapse:collapse;margin:1rem 0}}"
    f"#{SUMMARY_ID} th,#{SUMMARY_ID} td{{border:1px solid #767676;padding:.3rem .6rem;"
    "text-align:left;vertical-align:top}"
    f"#{SUMMARY_ID} td p{{margin:0 0 .3rem}}"
)


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


def results_table(rows: list[dict[str, Any]], notice: str = "") -> str:
    """HTML of the results section: an optional notice, then one row per check.

    Parameters
    ----------
    rows
        Dicts with ``name``, ``score``, ``points``, ``error`` (str or None), ``hints`` (list)
        and, optionally, ``explanations`` (list), shown whether the test passed or not.
    notice
        What happened to a submission that could not be graded normally (plain text).

    Returns
    -------
    str
        An HTML fragment; every text is escaped.
    """
    parts = [f'<section id="{SUMMARY_ID}" aria-labelledby="{SUMMARY_ID}-title">']
    parts.append(f'<h2 id="{SUMMARY_ID}-title">Your results, check by check</h2>')
    if notice:
        parts.append(f'<p role="alert"><strong>Note:</strong> {html.escape(notice)}</p>')
    parts.append(
        '<table><thead><tr><th scope="col">Check</th>'
        '<th scope="col">Points</th><th scope="col">Result</th>'
        '<th scope="col">What to look at</th></tr></thead><tbody>'
    )
    for row in rows:
        passed = row["score"] >= row["points"]
        result = "passed" if passed else "not passed"
        advice = ""
        if not passed:
            lines = [*row["hints"], short_message(row["error"]) or NO_MESSAGE]
            advice = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
        for line in row.get("explanations", []):
            advice += f"<p><strong>{EXPLANATION_LABEL}</strong> {html.escape(line)}</p>"
        parts.append(
            f'<tr><th scope="row"><code>{html.escape(row["name"])}</code></th>'
            f"<td>{row['score']:g} / {row['points']:g}</td><td>{result}</td>"
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
        HIDDEN_TESTS_PLACEHOLDER, help="Text that replaces a hidden test region in feedback."
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
        this one (``resources["nbgrader"]["score"]`` is set). The course's template shows it
        first (``resources["autograder_results"]``).
        """
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
                nb.cells.insert(0, new_markdown_cell(results_table(rows, self.notice)))
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
        cell.source = "\n".join([*kept[:first], self.placeholder, *kept[first:]]).rstrip("\n")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                message = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".rstrip()
                output["traceback"] = [message.rstrip(":")]
        return cell, resources
