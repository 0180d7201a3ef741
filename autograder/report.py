"""``report``: a class report in one self-contained HTML file, ``reports/<ID>_report.html``.

What the instructor sees: how many submissions had each status, the distribution of the
autograded scores, the pass rate of each question and each test (a test passes when it got
all its points; a question passes when all its tests did), and the most frequent failures
(the error each failing test raised, read from the autograded notebooks). Figures are PNG
images embedded in base64 with alt text, in the Okabe-Ito palette (`medai.plots.PALETTE`),
each followed by the table of its numbers.
"""

from __future__ import annotations

import base64
import html
import io
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from medai.plots import PALETTE

from . import errors
from . import summary as sm
from .course import Course
from .feedback_filters import cell_error

BEFORE_ANY_ANSWER = "(tests before any answer)"
#: Failures listed in the report.
TOP_FAILURES = 10
MESSAGE_CHARS = 160


@dataclass
class ClassResults:
    """What the report shows, computed from the grade summary and autograded notebooks."""

    assignment_id: str
    statuses: dict[str, int]
    percents: list[float]  # autograded score of each submission, in % of the maximum
    test_pass: dict[str, float]  # test -> share of submissions with full points
    question_pass: dict[str, float]  # question (answer cell) -> share with all its tests passed
    questions: dict[str, list[str]]  # question -> its tests
    failures: list[tuple[str, str, int]]  # (test, error, count), most frequent first
    error_names: dict[str, int]
    submissions: int
    notes: list[str] = field(default_factory=list)


def questions_of(course: Course, assignment_id: str) -> dict[str, list[str]]:
    """Group each test cell under the answer cell before it, in notebook order.

    Parameters
    ----------
    course, assignment_id
        Where the source notebooks are.

    Returns
    -------
    dict
        Answer cell grade id -> grade ids of the test cells that follow it.
    """
    groups: dict[str, list[str]] = {}
    for path in sorted((course.source_dir / assignment_id).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        current = BEFORE_ANY_ANSWER
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
            grade_id = meta.get("grade_id")
            if not grade_id:
                continue
            if meta.get("solution"):
                current = grade_id
            elif meta.get("grade") and cell.cell_type == "code":
                groups.setdefault(current, []).append(grade_id)
    return groups


def _error_message(text: str) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= MESSAGE_CHARS else line[: MESSAGE_CHARS - 1] + "…"


def class_results(course: Course, assignment_id: str) -> ClassResults:
    """Read the grade summary and the autograded notebooks of an assignment.

    Parameters
    ----------
    course, assignment_id
        The graded assignment.

    Returns
    -------
    ClassResults
        The numbers of the report.
    """
    course.check_assignment(assignment_id)
    path = sm.summary_path(course.autograded_dir, assignment_id)
    if not path.is_file():
        raise errors.AutograderError(
            errors.NO_SUMMARY.format(path=path, assignment_id=assignment_id, command="report")
        )
    summary = sm.GradeSummary.read(path)
    if not summary.submissions:
        raise errors.AutograderError(errors.NOTHING_TO_REPORT.format(assignment_id=assignment_id))
    questions = questions_of(course, assignment_id)
    tests = sorted({t for group in questions.values() for t in group})
    n = len(summary.submissions)
    full: Counter[str] = Counter()
    percents = []
    for s in summary.submissions:
        maximum = s.autograded_max_score or 0.0
        percents.append(100.0 * s.autograded_score / maximum if maximum else 0.0)
        for name in tests:
            grade = s.grades.get(name)
            if grade and grade["max_score"] > 0 and grade["score"] >= grade["max_score"]:
                full[name] += 1
    question_pass = {}
    for question, members in questions.items():
        passed = sum(
            all(
                (g := s.grades.get(t)) is not None and g["score"] >= g["max_score"] > 0
                for t in members
            )
            for s in summary.submissions
        )
        question_pass[question] = passed / n
    failures: Counter[tuple[str, str]] = Counter()
    names: Counter[str] = Counter()
    test_set = set(tests)
    for folder in sorted(course.autograded_dir.glob(f"*/{assignment_id}")):
        for nb_path in sorted(folder.glob("*.ipynb")):
            try:
                nb = nbformat.read(nb_path, as_version=4)
            except Exception:  # a damaged autograded notebook only loses its failures
                continue
            for cell in nb.cells:
                grade_id = (cell.get("metadata", {}).get("nbgrader", {}) or {}).get("grade_id")
                error = cell_error(cell) if grade_id in test_set else None
                if error is not None:
                    failures[(grade_id, _error_message(error.message))] += 1
                    names[error.name] += 1
    return ClassResults(
        assignment_id=assignment_id,
        statuses=dict(sorted(Counter(s.status for s in summary.submissions).items())),
        percents=percents,
        test_pass={t: full[t] / n for t in tests},
        question_pass=question_pass,
        questions=questions,
        failures=[(t, m, c) for (t, m), c in failures.most_common(TOP_FAILURES)],
        error_names=dict(names.most_common()),
        submissions=n,
    )


# --- figures --------------------------------------------------------------------------------
#: longest label drawn on a figure (the tables below each figure give the full text)
MAX_LABEL = 40


@dataclass
class Figure64:
    """A figure as base64 PNG, with its alt text."""

    png_base64: str
    alt: str


def _encode(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def plain_label(text: str) -> str:
    """A label drawn as it is written: no maths (``$...$``), at most ``MAX_LABEL`` characters.

    Labels come from grade ids and from the names of the errors students' code raised, so
    they may hold anything; matplotlib would parse ``$...$`` as maths and fail on the
    whole figure.
    """
    text = text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"
    return text.replace("$", r"\$")


def score_histogram(percents: list[float]) -> Figure64:
    """Histogram of the autograded scores, in 10-point bins of % of the maximum."""
    fig = Figure(figsize=(6.4, 3.4))
    ax = fig.add_subplot()
    bins = list(range(0, 101, 10))
    counts, _, _ = ax.hist(percents, bins=bins, color=PALETTE[0], edgecolor="white")
    ax.set_xlabel("autograded score (% of the maximum)")
    ax.set_ylabel("submissions")
    ax.set_title("Distribution of the autograded scores")
    ax.set_xticks(bins)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts of submissions
    described = ", ".join(
        f"{lo}–{lo + 10}%: {int(c)}" for lo, c in zip(bins[:-1], counts, strict=True)
    )
    alt = (
        f"Histogram of the autograded scores of {len(percents)} submissions, in % of the "
        f"maximum. Submissions per 10-point bin: {described}."
    )
    return Figure64(_encode(fig), alt)


def pass_rate_bars(rates: dict[str, float], title: str, what: str) -> Figure64:
    """Horizontal bars of pass rates (0–100 %), one per test or question, in notebook order."""
    labels = list(rates)
    fig = Figure(figsize=(6.4, 0.45 * max(len(labels), 2) + 1.2))
    ax = fig.add_subplot()
    values = [100 * rates[k] for k in labels]
    positions = list(range(len(labels)))[::-1]  # first item at the top
    ax.barh(positions, values, color=PALETTE[2], edgecolor=PALETTE[6], hatch="//")
    ax.set_yticks(positions, [plain_label(k) for k in labels])
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"{what} passed (% of submissions)")
    ax.set_title(title)
    for y, value in zip(positions, values, strict=True):
        # past 85 %, the value goes inside the bar, in white on a dark box: never over its end
        inside = value > 85
        ax.text(
            value - 1 if inside else value + 1,
            y,
            f"{value:.0f}%",
            va="center",
            ha="right" if inside else "left",
            color="white" if inside else "black",
            bbox={"facecolor": PALETTE[6], "edgecolor": "none", "pad": 1} if inside else None,
        )
    described = "; ".join(f"{k}: {100 * rates[k]:.0f}%" for k in labels)
    alt = (
        f"Horizontal bar chart: {title}. Share of submissions that passed each {what}: {described}."
    )
    return Figure64(_encode(fig), alt)


def count_bars(counts: dict[str, int], title: str, xlabel: str) -> Figure64:
    """Vertical bars of counts (statuses, error names), each bar its own palette colour."""
    labels = list(counts)
    fig = Figure(figsize=(6.4, 3.4))
    ax = fig.add_subplot()
    colors = [PALETTE[i % (len(PALETTE) - 1)] for i in range(len(labels))]  # no yellow
    ax.bar([plain_label(k) for k in labels], [counts[k] for k in labels], color=colors)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("submissions" if "status" in xlabel else "failed tests")
    ax.set_title(title)
    ax.tick_params(axis="x", labelrotation=20)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    described = ", ".join(f"{k}: {counts[k]}" for k in labels)
    alt = f"Bar chart: {title}. {described}."
    return Figure64(_encode(fig), alt)


# --- HTML -----------------------------------------------------------------------------------
def _img(figure: Figure64) -> str:
    return f'<img src="data:image/png;base64,{figure.png_base64}" alt="{html.escape(figure.alt)}">'


def _table(header: list[str], rows: list[list[object]]) -> str:
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render(results: ClassResults) -> str:
    """The report as one HTML page (images inline)."""
    r = results
    sections = []
    sections.append(
        "<h2>Statuses</h2>"
        + _img(count_bars(r.statuses, "Submissions per grading status", "grading status"))
        + _table(["status", "submissions"], [[k, v] for k, v in r.statuses.items()])
    )
    mean = sum(r.percents) / len(r.percents)
    median = statistics.median(r.percents)
    sections.append(
        "<h2>Score distribution</h2>"
        + f"<p>Mean {mean:.0f}%, median {median:.0f}% of the autograded points "
        f"({r.submissions} submissions, every status included).</p>"
        + _img(score_histogram(r.percents))
    )
    if r.question_pass:
        sections.append(
            "<h2>Pass rate per question</h2><p>A question passes when all its tests got full "
            "points. Its tests are listed in the table.</p>"
            + _img(pass_rate_bars(r.question_pass, "Pass rate per question", "question"))
            + _table(
                ["question (answer cell)", "passed", "tests"],
                [
                    [q, f"{100 * v:.0f}%", ", ".join(r.questions.get(q, []))]
                    for q, v in r.question_pass.items()
                ],
            )
        )
    if r.test_pass:
        ordered_tests = {t: r.test_pass[t] for group in r.questions.values() for t in group}
        sections.append(
            "<h2>Pass rate per test</h2>"
            + _img(pass_rate_bars(ordered_tests, "Pass rate per test", "test"))
            + _table(["test", "passed"], [[t, f"{100 * v:.0f}%"] for t, v in ordered_tests.items()])
        )
    if r.failures:
        sections.append(
            "<h2>Most frequent failures</h2><p>The error each failing test raised (its "
            "assertion message), most frequent first: where the class struggles.</p>"
            + _img(count_bars(r.error_names, "Errors raised by failing tests", "error name"))
            + _table(["test", "error", "submissions"], [list(f) for f in r.failures])
        )
    else:
        sections.append("<h2>Most frequent failures</h2><p>No test failed.</p>")
    title = f"Class report: {r.assignment_id}"
    made = datetime.now(UTC).isoformat(timespec="seconds")
    return REPORT_PAGE.format(
        title=html.escape(title),
        made=made,
        body="\n".join(f"<section>{s}</section>" for s in sections),
    )


def report_path(course: Course, assignment_id: str) -> Path:
    """``reports/<assignment_id>_report.html`` in the course folder."""
    return course.root / "reports" / f"{assignment_id}_report.html"


def report(course: Course, assignment_id: str, output: Path | None = None) -> Path:
    """Write the class report of a graded assignment.

    Parameters
    ----------
    course, assignment_id
        The graded assignment.
    output
        The HTML file; default `report_path`.

    Returns
    -------
    Path
        The report written.
    """
    page = render(class_results(course, assignment_id))
    output = output or report_path(course, assignment_id)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    return output


REPORT_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 56rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #111; }}
img {{ max-width: 100%; height: auto; display: block; margin: 1rem 0; }}
table {{ border-collapse: collapse; margin-bottom: 1rem; }}
th, td {{ border: 1px solid #767676; padding: 0.3rem 0.6rem; text-align: left; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>Made {made} from the grade summary and the autograded notebooks. Student work: do not
share this page outside the teaching team.</p>
{body}
</body>
</html>
"""
