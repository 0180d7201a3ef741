"""Generate each module's CME pre-test and post-test from its question bank.

The banks ``cme/<module>.yml`` are the source of truth. From each, this script writes

- ``assignments/<module>_pre/<module>_pre.ipynb`` and ``assignments/<module>_post/
  <module>_post.ipynb``: nbgrader source notebooks, one answer cell per question (the letter
  in a solution region) and one test cell (its format checked in the open, the letter
  compared in a hidden region, with a message saying what to reread when it is wrong, and
  ``# EXPLANATION:`` lines that the feedback page shows after grading);
- ``book/cme/<module>_pretest.md``: the pre-test as a self-study quiz in the book
  (`medai.quiz.Quiz`, with an explanation for every option). The post-test never goes into
  the book.

Run ``python scripts/make_cme_tests.py`` after changing a bank (or a module's chapter, whose
learning objectives the notebooks quote); ``--check`` writes nothing and exits 1 when a
committed file differs from what the banks give (the tests run it).

A bank holds 8 to 10 questions. Each question is one learning objective of the chapter
(``objective``: its number there), one competency, and two different items on it: ``pre``
and ``post``. An item has a ``prompt``, its ``options`` (two to five; in a pre-test item
each wrong option says ``why`` it is wrong, for the quiz), the ``answer`` letter, an
``explanation`` (why the answer is right) and ``if_wrong`` (what to reread, without giving
the answer away).
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from string import ascii_uppercase
from typing import Any

import nbformat
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.certificates import MODULES, module_objectives  # noqa: E402

BANKS = ROOT / "cme"
KINDS = ("pre", "post")
COMPETENCIES = ("algorithms", "bias-risks", "data", "human")
MIN_QUESTIONS, MAX_QUESTIONS = 8, 10
#: where the course-environment check of every assignment ends (tests/test_assignment_environment)
CHECK_END = "import medai  # noqa: F401 -- raises, with the message\n\n"
#: the line after it that says the language of what medai shows (tests/test_translation.py)
LANGUAGE_LINE = (
    'medai.set_language("en")  # what the helpers show (labels, figures, messages): '
    '"fr" in French\n\n'
)
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
EXPLANATION_PREFIX = "# EXPLANATION: "


class BankError(ValueError):
    """A question bank that cannot make a test; the message says where and why."""


@dataclass(frozen=True)
class Item:
    """One question as a learner sees it, with its answer."""

    prompt: str
    options: tuple[str, ...]
    answer: str
    explanation: str
    if_wrong: str
    why: tuple[str, ...]  # why each option is right or wrong ("" where not given)

    @property
    def letters(self) -> str:
        return ascii_uppercase[: len(self.options)]

    @property
    def answer_index(self) -> int:
        return self.letters.index(self.answer)


@dataclass(frozen=True)
class Question:
    """One learning objective, tested by a pre-test item and a different post-test item."""

    number: int
    slug: str
    objective: int
    competency: str
    pre: Item
    post: Item

    def item(self, kind: str) -> Item:
        return self.pre if kind == "pre" else self.post

    @property
    def name(self) -> str:
        return f"Q{self.number}"

    @property
    def answer_id(self) -> str:
        return f"q{self.number}-{self.slug}"

    @property
    def test_id(self) -> str:
        return f"test-q{self.number}-{self.slug}"


@dataclass(frozen=True)
class Bank:
    """A module's questions and the chapter objectives they test."""

    module: str
    title: str
    objectives: tuple[str, ...]
    questions: tuple[Question, ...]


def _plain(text: Any) -> str:
    """A YAML text as one line (folded blocks keep a trailing newline)."""
    return " ".join(str(text).split())


def _item(raw: dict, where: str, kind: str) -> Item:
    for key in ("prompt", "options", "answer", "explanation", "if_wrong"):
        if not raw.get(key):
            raise BankError(f"{where}: '{key}' is missing")
    options, why = [], []
    for i, option in enumerate(raw["options"]):
        if isinstance(option, dict):
            options.append(_plain(option.get("text", "")))
            why.append(_plain(option.get("why", "")))
        else:
            options.append(_plain(option))
            why.append("")
        if not options[-1]:
            raise BankError(f"{where}: option {i + 1} has no text")
    if not 2 <= len(options) <= 5:
        raise BankError(f"{where}: {len(options)} options (two to five)")
    letters = ascii_uppercase[: len(options)]
    answer = str(raw["answer"])
    if answer not in letters or len(answer) != 1:
        raise BankError(f"{where}: the answer '{answer}' is not one of {', '.join(letters)}")
    item = Item(
        prompt=_plain(raw["prompt"]),
        options=tuple(options),
        answer=answer,
        explanation=_plain(raw["explanation"]),
        if_wrong=_plain(raw["if_wrong"]),
        why=tuple(why),
    )
    if kind == "pre":  # the quiz explains every option
        missing = [letters[j] for j, w in enumerate(item.why) if not w and j != item.answer_index]
        if missing:
            raise BankError(f"{where}: options {missing} need a 'why' (the quiz explains them)")
    if gives_away(item):
        raise BankError(f"{where}: 'if_wrong' gives the answer away; say what to reread instead")
    return item


def gives_away(item: Item) -> bool:
    """Whether the message for a wrong answer names the answer's letter or quotes its text."""
    letter = re.compile(
        rf"(\b(option|answer|letter|choice)\s+{item.answer}\b)|([\"']{item.answer}[\"'])"
    )
    answer_text = item.options[item.answer_index].casefold()
    return bool(letter.search(item.if_wrong)) or answer_text in item.if_wrong.casefold()


def load_bank(module: str, root: Path = ROOT) -> Bank:
    """Read and check ``cme/<module>.yml``."""
    path = root / "cme" / f"{module}.yml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:  # e.g. a colon in an unquoted text
        raise BankError(f"{path.name} is not valid YAML: {exc}") from None
    objectives = tuple(module_objectives(module, root))
    questions = []
    for number, entry in enumerate(raw.get("questions", []), start=1):
        where = f"{path.name}, question {number}"
        slug = str(entry.get("slug", ""))
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
            raise BankError(f"{where}: 'slug' must be lower-case words joined by hyphens")
        objective = entry.get("objective")
        if not isinstance(objective, int) or not 1 <= objective <= len(objectives):
            raise BankError(f"{where}: 'objective' must be 1 to {len(objectives)} (the chapter's)")
        if entry.get("competency") not in COMPETENCIES:
            raise BankError(f"{where}: 'competency' must be one of {COMPETENCIES}")
        pre = _item(entry.get("pre") or {}, f"{where}, pre", "pre")
        post = _item(entry.get("post") or {}, f"{where}, post", "post")
        if pre.prompt == post.prompt:
            raise BankError(f"{where}: the pre- and post-test items must differ")
        questions.append(Question(number, slug, objective, entry["competency"], pre, post))
    if not MIN_QUESTIONS <= len(questions) <= MAX_QUESTIONS:
        raise BankError(
            f"{path.name}: {len(questions)} questions ({MIN_QUESTIONS} to {MAX_QUESTIONS})"
        )
    if raw.get("module") != module:
        raise BankError(f"{path.name}: 'module' must be '{module}'")
    return Bank(module, MODULES[module], objectives, tuple(questions))


# --- the nbgrader notebooks -----------------------------------------------------------------
def _nbgrader(grade_id: str, **flags: Any) -> dict:
    meta = {"grade": False, "grade_id": grade_id, "locked": False, "schema_version": 3}
    meta.update({"solution": False, "task": False}, **flags)
    return {"nbgrader": dict(sorted(meta.items()))}


def _cell(maker, source: str, grade_id: str, tags: list[str] | None = None, **flags: Any):
    cell = maker(source, metadata=_nbgrader(grade_id, **flags))
    if tags:
        cell.metadata["tags"] = tags
    cell.id = grade_id  # stable ids: the committed notebook is exactly what this script makes
    return cell


def environment_check(module: str, root: Path = ROOT) -> str:
    """The course-environment check that starts every assignment (copied from the module's)."""
    nb = nbformat.read(root / "assignments" / module / f"{module}.ipynb", as_version=4)
    source = next(c.source for c in nb.cells if c.cell_type == "code")
    end = source.index(CHECK_END) + len(CHECK_END)
    if source.startswith(LANGUAGE_LINE, end):
        end += len(LANGUAGE_LINE)
    return source[:end]


def what_you_need(module: str, root: Path = ROOT) -> str:
    """The "What you need" paragraph of the module's assignment."""
    first = nbformat.read(root / "assignments" / module / f"{module}.ipynb", as_version=4).cells[0]
    start = first.source.index("**What you need.**")
    end = first.source.find("\n", start)
    return first.source[start : end if end >= 0 else None]


INTRO = {
    "pre": (
        "**{title}. CME pre-test: a diagnostic, taken before the module; its score does not "
        "count toward the certificate.**"
    ),
    "post": (
        "**{title}. CME post-test, taken after the module: its score decides the module's "
        "certificate.**"
    ),
}
HOW_TO_ANSWER = """\
This test has {n} questions on the module's learning objectives. None needs code: read each
question, then, in the cell below it, replace the two lines `# YOUR CODE HERE` and
`raise NotImplementedError(...)` with your answer, one capital letter between quotes (for
example `Q1 = "A"`), and run the cell. The check under each answer only looks at its form;
whether it is right, and why, is in your feedback after grading. Before you submit:
*Kernel → Restart Kernel and Run All Cells*, and check that no cell raises an error.

The module's learning objectives (each question says which one it tests):

{objectives}"""


def module_label(title: str) -> str:
    """``Module 1, From data to decision`` from module_times's ``1. From data to decision``."""
    return "Module " + title.replace(". ", ", ", 1)


def _objectives_list(objectives: tuple[str, ...]) -> str:
    return "\n".join(f"{i}. {text}" for i, text in enumerate(objectives, start=1))


def _option_lines(item: Item) -> str:
    return "\n".join(
        f"- **{letter}.** {text}" for letter, text in zip(item.letters, item.options, strict=True)
    )


def _wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(text, width=92, break_on_hyphens=False))


def test_source(question: Question, item: Item) -> str:
    """The test cell of one question: the form in the open, the letter in a hidden region."""
    name, letters = question.name, item.letters
    allowed = ", ".join(f'"{x}"' for x in letters)
    form = f"{name} must be one capital letter from {letters[0]} to {letters[-1]}, between quotes"
    wrong = f"{name} is not the best answer: {item.if_wrong}"
    return "\n".join(
        [
            "from medai.grading import expect_type",
            "",
            f'expect_type({name}, str, "{name}")',
            f"assert {name} in ({allowed}), (",
            f'    "{form}")',
            HIDDEN_BEGIN,
            f"{EXPLANATION_PREFIX}{item.explanation}",
            f'assert {name} == "{item.answer}", {wrong!r}',
            HIDDEN_END,
        ]
    )


def build_notebook(bank: Bank, kind: str, root: Path = ROOT) -> nbformat.NotebookNode:
    """The nbgrader source notebook of a module's pre-test or post-test."""
    label = "Pre-test" if kind == "pre" else "Post-test"
    intro = "\n\n".join(
        [
            f"# {label}: {bank.title.split('. ', 1)[-1]}",
            INTRO[kind].format(title=module_label(bank.title)),
            what_you_need(bank.module, root),
            HOW_TO_ANSWER.format(
                n=len(bank.questions), objectives=_objectives_list(bank.objectives)
            ),
        ]
    )
    cells = [
        _cell(new_markdown_cell, intro, "intro", locked=True),
        _cell(
            new_code_cell,
            environment_check(bank.module, root)
            + 'print("Answer each question with one capital letter between quotes.")',
            "setup",
            locked=True,
        ),
    ]
    for q in bank.questions:
        item = q.item(kind)
        text = (
            f"## Question {q.number} (objective {q.objective})\n\n{_wrap(item.prompt)}\n\n"
            f"{_option_lines(item)}"
        )
        cells.append(_cell(new_markdown_cell, text, f"question-{q.number}", locked=True))
        answer = (
            f"# Your answer to question {q.number}: one capital letter between quotes, "
            f'for example {q.name} = "A".\n'
            f'### BEGIN SOLUTION\n{q.name} = "{item.answer}"\n### END SOLUTION'
        )
        cells.append(_cell(new_code_cell, answer, q.answer_id, solution=True))
        cells.append(
            _cell(
                new_code_cell,
                test_source(q, item),
                q.test_id,
                tags=[f"competency-{q.competency}"],
                grade=True,
                locked=True,
                points=1,
            )
        )
    nb = new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return nb


# --- the pre-test page of the book ----------------------------------------------------------
PAGE_HEADER = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
    jupytext_version: 1.19.6
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def _py(text: str) -> str:
    return repr(text)


def pretest_page(bank: Bank) -> str:
    """``book/cme/<module>_pretest.md``: the pre-test as a self-check quiz."""
    title = bank.title.split(". ", 1)[-1]
    lines = [
        PAGE_HEADER,
        f"({bank.module}-pretest)=",
        f"# Pre-test: {title}",
        "",
        _wrap(
            f"{module_label(bank.title)}. Take this pre-test **before** the chapter "
            f"({{doc}}`../{bank.module}`): it shows what you already know and what to read for. "
            "It is a diagnostic and does not count toward the certificate. Choose an answer, "
            "then press *Check*: every option, right or wrong, comes with an explanation "
            "(in a page without a kernel, open *Show the answer*)."
        ),
        "",
        _wrap(
            "The post-test, which decides the certificate, asks different questions on the "
            "same objectives; your instructor releases it as a graded assignment after the "
            "module (see {doc}`index`)."
        ),
        "",
        "The module's learning objectives (question *n* of the quiz tests the objective in "
        "brackets):",
        "",
        _objectives_list(bank.objectives),
        "",
        "```{code-cell} ipython3",
        ":tags: [remove-input]",
        "",
        "# The code holds the answers: the page shows only the quiz (remove-input).",
        "import medai",
        "from medai.quiz import Question, Quiz",
        "",
        LANGUAGE_LINE.rstrip("\n"),
        "",
        "quiz = Quiz(",
        "    [",
    ]
    for q in bank.questions:
        item = q.pre
        explanations = [
            item.explanation if j == item.answer_index else item.why[j]
            for j in range(len(item.options))
        ]
        lines += [
            "        Question(",
            f"            {_py(f'({q.objective}) {item.prompt}')},",
            "            [",
            *[f"                {_py(o)}," for o in item.options],
            "            ],",
            f"            answer={item.answer_index},",
            "            explanations=[",
            *[f"                {_py(e)}," for e in explanations],
            "            ],",
            "        ),",
        ]
    lines += [
        "    ],",
        f"    title={_py(f'Pre-test: {title}')},",
        ")",
        "quiz",
        "```",
        "",
        f"Next: the chapter {{doc}}`../{bank.module}`.",
        "",
    ]
    return "\n".join(lines)


# --- writing and checking -------------------------------------------------------------------
def outputs(root: Path = ROOT) -> dict[Path, str]:
    """Every generated file and its text."""
    files = {}
    for module in MODULES:
        if not (root / "cme" / f"{module}.yml").is_file():
            continue
        bank = load_bank(module, root)
        for kind in KINDS:
            aid = f"{module}_{kind}"
            nb = build_notebook(bank, kind, root)
            files[root / "assignments" / aid / f"{aid}.ipynb"] = nbformat.writes(nb) + "\n"
        files[root / "book" / "cme" / f"{module}_pretest.md"] = pretest_page(bank)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 on drift")
    args = parser.parse_args(argv)
    try:
        files = outputs()
    except BankError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    differs = [
        p for p, text in files.items() if not p.is_file() or p.read_text(encoding="utf-8") != text
    ]
    for path in differs:
        print(f"{'differs' if args.check else 'written'}: {path.relative_to(ROOT)}")
    if args.check:
        return 1 if differs else 0
    for path in differs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
