"""Preprocessors applied to autograded notebooks before nbgrader writes the feedback HTML.

Registered in ``nbgrader_config.py`` through ``GenerateFeedback.preprocessors``, so plain
``nbgrader generate_feedback`` and ``python -m autograder feedback`` give the same result.
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Unicode

HIDDEN_TESTS_PLACEHOLDER = "# (hidden tests ran here: their code is not shown in feedback)"


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
