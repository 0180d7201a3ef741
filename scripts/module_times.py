"""How long each part of a module takes, counted from its text and code, and written where
the course states it.

Run ``python scripts/module_times.py`` after changing a chapter, notebook or assignment: it
rewrites the time of each part (the chapter's *Time* row, the notebook's and the
assignment's first line, the instructor page's header, the landing page's table).
``--check`` writes nothing and exits 1 if a stated time differs from the count (the tests
run it).

The count, for a learner who reads English as a second language and does not program:

- reading: ``READING_WPM`` words per minute. Brysbaert's meta-analysis puts adults' silent
  reading of English non-fiction at 238 words per minute on average and most adults between
  175 and 300 (Brysbaert 2019); the course takes the bottom of that range, since its text is
  technical and most of its readers are not native speakers;
- writing an answer: ``WRITING_WPM`` words per minute, the composition rate Karat et al.
  measured at the keyboard (19 words per minute; Karat et al. 1999), for the words the
  model answers hold;
- in a notebook: ``CELL_MINUTES`` to run a code cell and look at what it shows,
  ``WIDGET_MINUTES`` to try a widget, ``QUESTION_MINUTES`` per quiz question;
- in an assignment: ``LINE_MINUTES`` per line of the solution's code (a first try, reading
  the error, trying again) and the same reading rate for the instructions;
- in a chapter: ``EXERCISE_MINUTES`` per self-check exercise, on top of reading it.

The last five rates are the course team's planning assumptions, not measurements: they are
written here, in one place, so that timings from pilot groups can replace them.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
READING_WPM = 175
WRITING_WPM = 19
CELL_MINUTES = 0.5
WIDGET_MINUTES = 3.0
QUESTION_MINUTES = 1.0
LINE_MINUTES = 2.0
EXERCISE_MINUTES = 3.0
#: the modules, in order, by id (chapter ``book/<id>.md``, notebook ``notebooks/<id>.md``
#: when there is one, assignment ``assignments/<id>/<id>.ipynb``), with their titles
MODULES = {
    "data_to_decision": "1. From data to decision",
    "judging_evidence": "2. Judging the evidence",
    "where_models_fail": "3. Where algorithms fail",
    "bias_fairness": "4. Bias and fairness",
    "protecting_health_data": "5. Protecting health data",
    "clinician_in_charge": "6. The clinician stays in charge",
    "capstone_audit": "Capstone: audit a tool before adoption",
}
WORD = re.compile(r"[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9'’.,%-]*")
FENCE = re.compile(r"^(```|~~~)")
TIME_ROW = re.compile(r"(\* - Time\n  - ).*?()(?=\n\* - |\n```)", re.S)
NOTEBOOK_LINE = re.compile(r"(\*\*Module [^*]*?\.)(?: About [^*]*?\.)?(\*\*)")
ASSIGNMENT_LINE = re.compile(r"(Graded assignment)(?:, about [^*]*?)?(\.\*\*)")
INSTRUCTOR_LINE = re.compile(r"(\*\*Time\*\* about )[^·]*?( ·)")
INTRO_TABLE = re.compile(r"(<!-- module-times -->\n)(?:.*?\n)?(<!-- /module-times -->)", re.S)


def words(text: str) -> int:
    """Words of prose (MyST roles, targets and links counted as the words they show)."""
    text = re.sub(r"\{[a-z:]+\}`([^`<]*)(<[^>]*>)?`", r"\1", text)  # {doc}`text <target>`
    text = re.sub(r"\]\([^)]*\)", "]", text)  # [text](url)
    text = re.sub(r"^\(?[\w-]+\)=$", "", text, flags=re.M)  # (label)=
    text = re.sub(r"^:[\w-]+:.*$", "", text, flags=re.M)  # directive options
    return len(WORD.findall(text))


def prose_of_markdown(text: str) -> str:
    """A MyST page without its front matter and code fences (directives' bodies kept)."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    kept, in_code = [], False
    for line in text.splitlines():
        if FENCE.match(line.strip()):
            opener = line.strip().lstrip("`~")
            if in_code:
                in_code = False
            elif opener.startswith("{code-cell}") or opener == "" or opener[0].isalpha():
                in_code = True
            continue
        if not in_code:
            kept.append(line)
    return "\n".join(kept)


def minutes(value: float) -> int:
    """Rounded up to 5 minutes (a time is a promise: never less than the count)."""
    return int(5 * math.ceil(value / 5))


@dataclass
class PartTimes:
    """Minutes of each part of a module (None when the module has no such part)."""

    chapter: int
    notebook: int | None
    assignment: int
    solution_lines: int
    writing: int

    @property
    def total(self) -> int:
        return self.chapter + (self.notebook or 0) + self.assignment


def chapter_minutes(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    exercises = len(re.findall(r"^```\{exercise\}", text, flags=re.M))
    return minutes(words(prose_of_markdown(text)) / READING_WPM + exercises * EXERCISE_MINUTES)


def notebook_minutes(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    cells = re.findall(r"^```\{code-cell\}.*?\n(.*?)^```", text, flags=re.S | re.M)
    widgets = sum(len(re.findall(r"\w+Explorer\(", cell)) for cell in cells)
    questions = sum(cell.count("Question(") for cell in cells)
    reading = words(prose_of_markdown(text)) / READING_WPM
    return minutes(
        reading
        + len(cells) * CELL_MINUTES
        + widgets * WIDGET_MINUTES
        + questions * QUESTION_MINUTES
    )


def _solution_lines(source: str) -> int:
    count, inside = 0, False
    for line in source.splitlines():
        if "### BEGIN SOLUTION" in line:
            inside = True
        elif "### END SOLUTION" in line:
            inside = False
        elif inside and line.strip() and not line.strip().startswith("#"):
            count += 1
    return count


def assignment_minutes(path: Path) -> tuple[int, int, int]:
    """Minutes of an assignment, its lines of solution code, and its minutes of writing."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    reading_words, lines, written = 0, 0, 0
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "markdown":
            if meta.get("solution"):
                written += words(source)  # a model answer: what the learner writes
            else:
                reading_words += words(source)
        elif meta.get("solution"):
            lines += _solution_lines(source)
    writing = written / WRITING_WPM
    total = reading_words / READING_WPM + lines * LINE_MINUTES + writing
    return minutes(total), lines, minutes(writing)


def count(module: str) -> PartTimes:
    """The minutes of each part of one module."""
    notebook = ROOT / "notebooks" / f"{module}.md"
    assignment = ROOT / "assignments" / module / f"{module}.ipynb"
    graded, lines, writing = assignment_minutes(assignment)
    return PartTimes(
        chapter=chapter_minutes(ROOT / "book" / f"{module}.md"),
        notebook=notebook_minutes(notebook) if notebook.is_file() else None,
        assignment=graded,
        solution_lines=lines,
        writing=writing,
    )


def duration(total: int) -> str:
    """``35 min``, or ``2 h 05`` from an hour on."""
    whole, rest = divmod(total, 60)
    return f"{whole} h {rest:02d}" if whole else f"{rest} min"


def time_row(times: PartTimes) -> str:
    """The text of a chapter's *Time* row, wrapped as the chapters' tables are."""
    notebook = f"; hands-on notebook {duration(times.notebook)}" if times.notebook else ""
    text = (
        f"Chapter {duration(times.chapter)}{notebook}; graded assignment "
        f"{duration(times.assignment)} (of which {duration(times.writing)} of writing, and "
        f"{times.solution_lines} lines of code to write); about {duration(times.total)} in "
        "all, for a learner new to programming. Counted from the text and the code: see "
        "{ref}`module-times`."
    )
    return "\n    ".join(textwrap.wrap(text, width=88, break_on_hyphens=False))


def intro_table(all_times: dict[str, PartTimes]) -> str:
    rows = [
        "| Module | Chapter | Notebook | Assignment | In all |",
        "|---|---|---|---|---|",
    ]
    for module, times in all_times.items():
        notebook = duration(times.notebook) if times.notebook else "none"
        rows.append(
            f"| {MODULES[module]} | {duration(times.chapter)} | {notebook} | "
            f"{duration(times.assignment)} ({times.solution_lines} lines of code) | "
            f"{duration(times.total)} |"
        )
    return "\n".join(rows)


def _sub(pattern: re.Pattern[str], replacement: str, text: str, where: Path) -> str:
    new, found = pattern.subn(lambda m: m.group(1) + replacement + m.group(2), text, count=1)
    if not found:
        raise SystemExit(f"{where}: no place to write the time (pattern {pattern.pattern!r})")
    return new


def updates() -> dict[Path, str]:
    """Every file whose stated times differ from the count, with its new text."""
    all_times = {module: count(module) for module in MODULES}
    changed: dict[Path, str] = {}

    def put(path: Path, pattern: re.Pattern[str], text: str) -> None:
        old = changed.get(path) or path.read_text(encoding="utf-8")
        new = _sub(pattern, text, old, path)
        if new != path.read_text(encoding="utf-8"):
            changed[path] = new

    for module, times in all_times.items():
        put(ROOT / "book" / f"{module}.md", TIME_ROW, time_row(times))
        if times.notebook:
            line = f" About {duration(times.notebook)}."
            put(ROOT / "notebooks" / f"{module}.md", NOTEBOOK_LINE, line)
        instructor = ROOT / "book" / "instructor" / f"{module}.md"
        put(instructor, INSTRUCTOR_LINE, duration(times.assignment))
        assignment = ROOT / "assignments" / module / f"{module}.ipynb"
        nb = nbformat.read(assignment, as_version=4)
        first = nb.cells[0]
        new = _sub(
            ASSIGNMENT_LINE, f", about {duration(times.assignment)}", first.source, assignment
        )
        if new != first.source:
            first.source = new
            changed[assignment] = nbformat.writes(nb) + "\n"
    put(ROOT / "book" / "intro.md", INTRO_TABLE, intro_table(all_times) + "\n")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 on drift")
    args = parser.parse_args(argv)
    changed = updates()
    for path in changed:
        print(f"{'differs' if args.check else 'updated'}: {path.relative_to(ROOT)}")
    if args.check:
        return 1 if changed else 0
    for path, text in changed.items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
