"""Preprocessors applied to autograded notebooks before nbgrader writes the feedback HTML.

Registered in ``nbgrader_config.py`` through ``GenerateFeedback.preprocessors``, so plain
``nbgrader generate_feedback`` and ``python -m autograder feedback`` give the same result.

Hints: a test cell may hold comment lines ``# HINT: ...`` (in its visible part or inside its
hidden region). When the test loses points, the feedback shows those lines after the test's
name, with the error the test raised (write assertions with a message: ``assert ok, "the
rates must be computed per group"``). The hidden code itself is never shown.
"""

from __future__ import annotations

import html
import re
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Unicode

HIDDEN_TESTS_PLACEHOLDER = "# (hidden tests ran here: their code is not shown in feedback)"
HINT_PATTERN = re.compile(r"^\s*#\s*HINT:\s*(?P<hint>.+?)\s*$", flags=re.M)
SUMMARY_ID = "autograder-test-results"
NO_MESSAGE = "the check failed without a message: compare your answer with the question"
QUOTED_HIDDEN_CODE = (
    "(output removed from the feedback: it quoted the code of hidden tests, for example by "
    "printing the notebook's input history)"
)
QUOTED_IN_MESSAGE = (
    "(the error message quoted the code of hidden tests, so it is not shown: compare your "
    "answer with the question)"
)
#: Hidden-test lines shorter than this are too generic to recognise in an output.
MIN_QUOTED_LINE = 20
#: Longest error message shown in the results table (a student's exception can be anything).
MAX_MESSAGE = 400
#: Terminal colour codes: IPython colours tracebacks, which splits a quoted line into tokens.
ANSI_CODES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


def hidden_lines(nb: NotebookNode, begin: str, end: str) -> set[str]:
    """The distinctive lines of every hidden-test region of a notebook, stripped."""
    lines: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        inside = False
        for line in cell.source.split("\n"):
            if begin in line:
                inside = True
            elif end in line:
                inside = False
            elif inside and len(line.strip()) >= MIN_QUOTED_LINE:
                lines.add(line.strip())
    return lines


def _output_text(output: NotebookNode) -> str:
    parts: list[str] = []
    for key in ("text", "evalue"):
        value = output.get(key, "")
        parts.append("".join(value) if isinstance(value, list) else str(value))
    parts.extend(str(line) for line in output.get("traceback", []))
    for value in output.get("data", {}).values():
        parts.append("".join(value) if isinstance(value, list) else str(value))
    return "\n".join(parts)


def quotes_hidden_code(text: str, lines: set[str]) -> bool:
    """Whether ``text`` (colour codes removed) contains one of the hidden-test ``lines``."""
    plain = ANSI_CODES.sub("", text)
    return any(line in plain for line in lines)


def safe_message(message: str | None, lines: set[str]) -> str | None:
    """An error message fit for the results table: no hidden code, no colour, not too long."""
    if message is None:
        return None
    if quotes_hidden_code(message, lines):
        return QUOTED_IN_MESSAGE
    plain = ANSI_CODES.sub("", message)
    return plain if len(plain) <= MAX_MESSAGE else plain[: MAX_MESSAGE - 1] + "…"


def redact_quoted_hidden_code(nb: NotebookNode, lines: set[str]) -> int:
    """Replace every output that contains a hidden-test line; return how many were replaced.

    Student code runs in the same kernel as the tests, after them for later cells, so it can
    print their source (``In``, ``_ih``, ``inspect``); this keeps it out of the feedback.
    """
    replaced = 0
    for cell in nb.cells:
        outputs = cell.get("outputs", [])
        for index, output in enumerate(outputs):
            if quotes_hidden_code(_output_text(output), lines):
                outputs[index] = NotebookNode(
                    {"output_type": "stream", "name": "stdout", "text": QUOTED_HIDDEN_CODE}
                )
                replaced += 1
    return replaced


def hint_lines(source: str) -> list[str]:
    """The ``# HINT:`` comments of a test cell, in order."""
    return [m["hint"] for m in HINT_PATTERN.finditer(source)]


def cell_error(cell: NotebookNode) -> str | None:
    """``ename: evalue`` of the first error output of a cell, or None if it raised nothing."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".rstrip(": ")
    return None


def results_table(rows: list[dict[str, Any]], notice: str = "") -> str:
    """HTML of the results section: an optional notice, then one row per test.

    Parameters
    ----------
    rows
        Dicts with ``name``, ``score``, ``points``, ``error`` (str or None), ``hints`` (list).
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
        '<table><thead><tr><th scope="col">Check</th><th scope="col">Points</th>'
        '<th scope="col">Result</th><th scope="col">Hint</th></tr></thead><tbody>'
    )
    for row in rows:
        passed = row["score"] >= row["points"]
        result = "passed" if passed else "not passed"
        hint = ""
        if not passed:
            lines = [*row["hints"], row["error"] or NO_MESSAGE]
            hint = "<br>".join(html.escape(line) for line in lines)
        parts.append(
            f"<tr><td><code>{html.escape(row['name'])}</code></td>"
            f"<td>{row['score']:g} / {row['points']:g}</td><td>{result}</td><td>{hint}</td></tr>"
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
        """Put a table of the tests' results first, then strip every test cell.

        The table (test name, points, result, hints) needs the scores that nbgrader's
        ``GetGrades`` puts in the cells, so it is added only when that preprocessor ran before
        this one (``resources["nbgrader"]["score"]`` is set).
        """
        clearer = ClearHiddenTests(parent=self)
        secret = hidden_lines(nb, clearer.begin_test_delimeter, clearer.end_test_delimeter)
        if "score" in resources.get("nbgrader", {}):
            rows = []
            for cell in nb.cells:
                meta = cell.get("metadata", {}).get("nbgrader", {})
                if cell.cell_type != "code" or not utils.is_grade(cell) or utils.is_solution(cell):
                    continue
                rows.append(
                    {
                        "name": meta.get("grade_id", "?"),
                        "score": float(meta.get("score") or 0.0),
                        "points": float(meta.get("points") or 0.0),
                        "error": safe_message(cell_error(cell), secret),
                        "hints": hint_lines(cell.source),
                    }
                )
            if rows or self.notice:
                summary = new_markdown_cell(results_table(rows, self.notice))
                nb.cells.insert(0, summary)
        nb, resources = super().preprocess(nb, resources)
        # after the test cells' tracebacks are cut down to their message
        redact_quoted_hidden_code(nb, secret)
        return nb, resources

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
        if cell.cell_type != "code" or not utils.is_grade(cell) or utils.is_solution(cell):
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
