"""``report``: a class report in one self-contained HTML file, ``reports/<ID>_report.html``.

What the instructor sees: how many submissions had each status, the distribution of the
autograded scores, the pass rate of each question and each test (a test passes when it got
all its points; a question passes when all its tests did), and the most frequent failures
(the error each failing test raised, read from the autograded notebooks). Below them, the
answers graded by hand (read from the gradebook, where formgrader writes them: how many are
graded, their mean, how many are still waiting) and, for a CME post-test ``<module>_post``
whose pre-test ``<module>_pre`` was graded too, the pre/post results of the learners who took
both and the learning gain per question (the two tests ask different items on the same
objective under the same question number). Figures are PNG images embedded in base64 with
alt text, in the Okabe-Ito palette (`medai.plots.PALETTE`), each followed by the table of
its numbers.
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
from nbgrader.api import (
    Assignment,
    Grade,
    GradeCell,
    SubmittedAssignment,
    SubmittedNotebook,
)

from medai.plots import PALETTE

from . import errors
from . import summary as sm
from .course import Course
from .feedback_filters import cell_error
from .pages import html_page

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
    hand_graded: list[HandGraded] = field(default_factory=list)
    pre_post: PrePost | None = None


@dataclass
class HandGraded:
    """The hand grades of one answer cell, as formgrader left them in the gradebook."""

    cell: str
    max_score: float
    submissions: int  # submissions that have this cell in the gradebook
    graded: int  # of which a score was given by hand
    mean: float | None  # mean hand score of those graded (None when none is)
    waiting: int  # of which nbgrader still flags for manual grading


@dataclass
class PrePost:
    """A CME post-test against its pre-test, for the learners who took both."""

    pre_id: str
    learners: int  # learners with both tests graded
    pre_mean: float  # their mean pre-test score, % of the maximum
    post_mean: float
    improved: int  # learners whose post-test score is higher
    per_question: list[tuple[str, float, float]]  # (question, pre %, post %) correct


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
        hand_graded=hand_graded(course, assignment_id),
        pre_post=pre_post(course, assignment_id, summary),
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


def hand_graded_cells(course: Course, assignment_id: str) -> list[str]:
    """Grade ids of the answers graded by hand (graded solution cells), in notebook order."""
    cells = []
    for path in sorted((course.source_dir / assignment_id).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
            if meta.get("solution") and meta.get("grade") and meta.get("grade_id"):
                cells.append(meta["grade_id"])
    return cells


def hand_graded(course: Course, assignment_id: str) -> list[HandGraded]:
    """The hand grades of each answer graded by hand, from the gradebook (one query).

    A cell counts as graded when it has a hand score (``manual_score``); it is waiting when
    nbgrader still flags it for manual grading.
    """
    names = hand_graded_cells(course, assignment_id)
    if not names:
        return []
    with course.gradebook() as gb:
        rows = (
            gb.db.query(
                GradeCell.name,
                GradeCell.max_score,
                Grade.manual_score,
                Grade.needs_manual_grade,
            )
            .join(Grade, Grade.cell_id == GradeCell.id)
            .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
            .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
            .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
            .filter(Assignment.name == assignment_id, GradeCell.name.in_(names))
            .all()
        )
    results = []
    for name in names:
        mine = [r for r in rows if r[0] == name]
        scores = [float(r[2]) for r in mine if r[2] is not None]
        maximum = float(mine[0][1]) if mine else 0.0
        results.append(
            HandGraded(
                cell=name,
                max_score=maximum,
                submissions=len(mine),
                graded=len(scores),
                mean=sum(scores) / len(scores) if scores else None,
                waiting=sum(bool(r[3]) for r in mine),
            )
        )
    return results


def _percent(s: sm.SubmissionResult) -> float:
    maximum = s.autograded_max_score or 0.0
    return 100.0 * s.autograded_score / maximum if maximum else 0.0


def _correct(s: sm.SubmissionResult, test: str) -> bool:
    grade = s.grades.get(test)
    return grade is not None and grade["score"] >= grade["max_score"] > 0


def pre_post(course: Course, assignment_id: str, post: sm.GradeSummary) -> PrePost | None:
    """For a CME post-test ``<module>_post``: its results against the pre-test's.

    Only learners whose two tests have an autograded notebook count (a paired comparison).
    Questions are matched by grade id: the generator gives the pre- and post-test items on
    the same objective the same id (``test-q3-...``).

    Returns
    -------
    PrePost or None
        None unless this is a post-test whose pre-test was graded by at least one of the
        post-test's learners.
    """
    if not assignment_id.endswith("_post"):
        return None
    pre_id = assignment_id.removesuffix("_post") + "_pre"
    path = sm.summary_path(course.autograded_dir, pre_id)
    if not path.is_file():
        return None
    counted = sm.HAS_AUTOGRADED_NOTEBOOK
    before = {
        s.student_id: s for s in sm.GradeSummary.read(path).submissions if s.status in counted
    }
    after = {s.student_id: s for s in post.submissions if s.status in counted}
    both = sorted(set(before) & set(after))
    if not both:
        return None
    tests = [t for group in questions_of(course, assignment_id).values() for t in group]
    shared = [t for t in tests if t in set(questions_of_tests(course, pre_id))]
    per_question = [
        (
            test,
            100.0 * sum(_correct(before[s], test) for s in both) / len(both),
            100.0 * sum(_correct(after[s], test) for s in both) / len(both),
        )
        for test in shared
    ]
    pre_scores = [_percent(before[s]) for s in both]
    post_scores = [_percent(after[s]) for s in both]
    return PrePost(
        pre_id=pre_id,
        learners=len(both),
        pre_mean=sum(pre_scores) / len(both),
        post_mean=sum(post_scores) / len(both),
        improved=sum(b > a for a, b in zip(pre_scores, post_scores, strict=True)),
        per_question=per_question,
    )


def questions_of_tests(course: Course, assignment_id: str) -> list[str]:
    """Every test cell's grade id of an assignment, in notebook order."""
    return [t for group in questions_of(course, assignment_id).values() for t in group]


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


#: from this pass rate on, the label goes inside its bar (outside, "100%" would overlap the
#: axis' end)
LABEL_INSIDE_FROM = 85


def value_label_place(value: float) -> tuple[float, bool]:
    """Where a bar's label starts (x, in % of the axis) and whether it is inside the bar."""
    inside = value > LABEL_INSIDE_FROM
    return (value - 1 if inside else value + 1), inside


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
        x, inside = value_label_place(value)
        ax.text(
            x,
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


def pre_post_bars(per_question: list[tuple[str, float, float]]) -> Figure64:
    """Grouped horizontal bars: share correct per question, pre-test and post-test."""
    labels = [q for q, _, _ in per_question]
    fig = Figure(figsize=(6.4, 0.55 * max(len(labels), 2) + 1.4))
    ax = fig.add_subplot()
    positions = list(range(len(labels)))[::-1]
    height = 0.38
    pre = [p for _, p, _ in per_question]
    post = [p for _, _, p in per_question]
    ax.barh([y + height / 2 for y in positions], pre, height, color=PALETTE[1], label="pre-test")
    ax.barh(
        [y - height / 2 for y in positions],
        post,
        height,
        color=PALETTE[0],
        hatch="//",
        edgecolor="white",
        label="post-test",
    )
    ax.set_yticks(positions, [plain_label(k) for k in labels])
    ax.set_xlim(0, 100)
    ax.set_xlabel("learners who answered correctly (%)")
    ax.set_title("Pre-test and post-test, per question")
    ax.legend(loc="lower right")
    described = "; ".join(f"{q}: {a:.0f}% then {b:.0f}%" for q, a, b in per_question)
    alt = (
        "Grouped horizontal bar chart: for each question, the share of the learners who took "
        f"both tests who answered it correctly, in the pre-test then the post-test. {described}."
    )
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
        + f"<p>Mean {mean:.1f}%, median {median:.1f}% of the autograded points "
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
    if r.hand_graded:
        sections.append(
            "<h2>Answers graded by hand</h2><p>From the gradebook, as formgrader left it: "
            "how many answers have a hand score, their mean, and how many nbgrader still "
            "flags for manual grading.</p>"
            + _table(
                ["answer", "graded by hand", "mean score", "still to grade"],
                [
                    [
                        h.cell,
                        f"{h.graded} of {h.submissions}",
                        "none yet" if h.mean is None else f"{h.mean:.2g} / {h.max_score:g}",
                        h.waiting,
                    ]
                    for h in r.hand_graded
                ],
            )
        )
    if r.pre_post is not None:
        p = r.pre_post
        sections.append(
            f"<h2>Pre-test and post-test</h2><p>{p.learners} learner(s) took both "
            f"<code>{html.escape(p.pre_id)}</code> and this post-test: mean score "
            f"{p.pre_mean:.0f}% before, {p.post_mean:.0f}% after ({p.post_mean - p.pre_mean:+.0f} "
            f"points); {p.improved} of them scored higher after. Per question, the share who "
            "answered correctly (the two tests ask different items on the same objective), "
            "and the gain in percentage points:</p>"
            + _img(pre_post_bars(p.per_question))
            + _table(
                ["question", "pre-test", "post-test", "gain (points)"],
                [[q, f"{a:.0f}%", f"{b:.0f}%", f"{b - a:+.0f}"] for q, a, b in p.per_question],
            )
        )
    title = f"Class report: {r.assignment_id}"
    made = datetime.now(UTC).isoformat(timespec="seconds")
    intro = (
        f"<p>Made {made} from the grade summary and the autograded notebooks. Student work: "
        "do not share this page outside the teaching team.</p>"
    )
    body = intro + "\n" + "\n".join(f"<section>{s}</section>" for s in sections)
    return html_page(html.escape(title), body)


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
