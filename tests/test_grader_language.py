"""What the grader shows a learner is in the course's language (``c.Course.language``).

The French feedback pages are those of the graded ``demo`` course (`autograder_course`),
written again with the course set to French: no new grading batch.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import autograder_course as ac
import nbformat
import pytest
from nbconvert import HTMLExporter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from traitlets.config import Config

from autograder import checker, errors, feedback, feedback_filters, language
from autograder.course import Course
from autograder.messages_fr import MESSAGES
from medai import i18n

TEMPLATE = feedback_filters.TEMPLATES / "feedback" / "index.html.j2"
#: the labels the course's feedback template passes to t("...")
TEMPLATE_CALL = re.compile(r"""\bt\("((?:[^"\\]|\\.)*)"[,)]""")
#: the French puts a narrow no-break space (U+202F) before these, and nothing else
HIGH_PUNCTUATION = re.compile(r"(?<!\u202f)[:;!?%]")


def template_messages() -> set[str]:
    return set(TEMPLATE_CALL.findall(TEMPLATE.read_text(encoding="utf-8")))


def learner_messages() -> set[str]:
    """Every English message of the grader that a learner can read."""
    f = feedback_filters
    return {
        f.RESULTS_TITLE,
        f.NOTICE_LABEL,
        *f.COLUMNS,
        f.PASSED,
        f.NOT_PASSED,
        f.EXPLANATION_LABEL,
        f.NO_MESSAGE,
        f.HIDDEN_TESTS_PLACEHOLDER,
        feedback.NOT_RUN,
        feedback.PAGE_TITLE,
        feedback.NOTHING_FOUND,
        feedback.AND,
        *(m for m in errors.STUDENT_STATUS.values() if m),
        errors.STUDENT_STATUS_UNKNOWN,
        *errors.EXPORT_STUDENT_COMMENT.values(),
        errors.EXPORT_STUDENT_MANUAL,
        checker.KERNEL_GONE,  # shown as the checker wrote it: a message with no field
        *template_messages(),
    }


def fields(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}


def visible_text(markup: str) -> str:
    """A page's text as a reader sees it, on one line: no style, script or tag, entities
    decoded, runs of ordinary spaces and no-break spaces made one space (U+202F is kept)."""
    markup = re.sub(r"<(style|script)\b.*?</\1>", "", markup, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return squeeze(text)


def squeeze(text: str) -> str:
    """Runs of spaces, newlines and U+00A0 as one space (``str.split`` would take U+202F)."""
    return re.sub(r"[ \t\r\n\xa0]+", " ", text).strip()


def english_left(text: str) -> list[str]:
    """The catalogue's English (each piece between fields, as a whole word) found in ``text``.

    A piece the French also holds ("Points", " / ") proves nothing and is skipped.
    """
    found = []
    for english, french in MESSAGES.items():
        for piece in re.split(r"\{[^}]*\}", english):
            piece = piece.strip()
            if len(piece) < 2 or piece in french:
                continue
            start = r"(?<!\w)" if piece[0].isalnum() else ""
            end = r"(?!\w)" if piece[-1].isalnum() else ""
            if re.search(start + re.escape(piece) + end, text):
                found.append(piece)
    return found


# --- the setting ----------------------------------------------------------------------------
def test_the_course_language_is_english_unless_the_config_says_otherwise() -> None:
    assert language.course_language(Config()) == "en"
    assert language.course_language(None) == "en"
    config = Config()
    config.Course.language = "fr"
    assert language.course_language(config) == "fr"
    assert language.course_language(Course.load(ac.REPO_ROOT).config) == "en"


@pytest.mark.parametrize("value", ["de", "FR", "", "français"])
def test_an_unknown_language_is_refused_with_a_message_saying_what_to_set(value: str) -> None:
    config = Config()
    config.Course.language = value
    with pytest.raises(errors.AutograderError) as refused:
        language.course_language(config)
    expected = language.UNKNOWN_COURSE_LANGUAGE.format(language=value, known="en and fr")
    assert str(refused.value) == expected


def test_nbgrader_reads_the_config_without_a_warning_about_the_course_section(
    tiny_course: Path,
) -> None:
    config = tiny_course / "nbgrader_config.py"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'c.Course.language = "en"', 'c.Course.language = "fr"'
        ),
        encoding="utf-8",
    )
    tools = Path(sys.executable).parent  # nbgrader shells out to alembic
    done = subprocess.run(
        [str(tools / "nbgrader"), "db", "assignment", "list"],
        cwd=tiny_course,
        env={**os.environ, "PATH": os.pathsep.join([str(tools), os.environ.get("PATH", "")])},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stdout + done.stderr
    assert language.course_language(Course.load(tiny_course).config) == "fr"


# --- the catalogue --------------------------------------------------------------------------
def test_every_message_a_learner_reads_has_its_french_with_the_same_fields() -> None:
    messages = learner_messages()
    assert not messages - set(MESSAGES), "no French for these messages"
    for english, french in MESSAGES.items():
        assert fields(english) == fields(french), english


def test_every_french_message_is_a_message_of_the_grader() -> None:
    folder = ac.REPO_ROOT / "autograder"
    source = "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.py"))
    source += TEMPLATE.read_text(encoding="utf-8")
    flat = re.sub(r'"\s*\n\s*"', "", source)  # implicit concatenation of string literals
    for english in MESSAGES:
        assert english in flat, f"not a message of the grader: {english!r}"


def test_the_french_follows_french_typography() -> None:
    for english, french in MESSAGES.items():
        assert not HIGH_PUNCTUATION.search(french), french
        assert " \u202f" not in french and "\u202f " not in french, french
        assert (english == french) == (english in {"Points"}), english


def test_numbers_are_written_the_courses_way_and_the_helpers_language_is_left_alone() -> None:
    i18n.set_language("en")
    assert [language.points(v, "fr") for v in (2.0, 0.5, 1.25, 1 / 3)] == [
        "2",
        "0,5",
        "1,25",
        "0,33",
    ]
    assert [language.points(v, "en") for v in (2.0, 0.5, 1.25)] == ["2", "0.5", "1.25"]
    assert language.score(4.0, "en") == "4.0" and language.score(4.0, "fr") == "4"
    assert language.percent(0.875, "fr") == "88\u202f%"
    assert i18n.get_language() == "en"
    i18n.set_language("fr")
    assert language.points(0.5, "en") == "0.5" and i18n.get_language() == "fr"
    i18n.set_language("en")


def test_the_results_table_in_french() -> None:
    rows = [
        {"name": "t", "score": 0.5, "points": 1.0, "error": checker.KERNEL_GONE,
         "hints": [], "explanations": ["parce que"]},
        {"name": "u", "score": 0.0, "points": 2.0, "error": None, "hints": ["h"]},
        {"name": "v", "score": 1.0, "points": 1.0, "error": None, "hints": []},
    ]  # fmt: skip
    table = visible_text(feedback_filters.results_table(rows, "retard", "fr"))
    for french in (
        "Vos résultats, vérification par vérification",
        "Remarque\u202f: retard",
        "t 0,5 / 1 non réussie",
        MESSAGES[checker.KERNEL_GONE],  # the grader's own messages, translated
        "Explication\u202f: parce que",
        MESSAGES[feedback_filters.NO_MESSAGE],
        "v 1 / 1 réussie",
    ):
        assert french in table, french
    assert english_left(table) == []
    english = visible_text(feedback_filters.results_table(rows, "late", "en"))
    assert "t 0.5 / 1 not passed" in english and "v 1 / 1 passed" in english
    assert checker.KERNEL_GONE in english


def test_the_hidden_tests_placeholder_follows_the_course_language() -> None:
    cell = new_code_cell(
        "assert x\n### BEGIN HIDDEN TESTS\nassert x == 1\n### END HIDDEN TESTS",
        metadata={"nbgrader": {"grade": True, "grade_id": "t", "points": 1.0}},
    )
    error = {"output_type": "error", "ename": "AssertionError", "evalue": checker.NO_MESSAGE}
    cell.outputs = [nbformat.from_dict({**error, "traceback": ["assert x == 1"]})]
    config = Config()
    config.Course.language = "fr"
    nb, resources = feedback_filters.HideHiddenTests(config=config).preprocess(
        new_notebook(cells=[cell]), {}
    )
    assert nb.cells[0].source == f"assert x\n{MESSAGES[feedback_filters.HIDDEN_TESTS_PLACEHOLDER]}"
    # the error under the cell: the grader's own message in French, never the hidden code
    assert nb.cells[0].outputs[0].traceback == [f"AssertionError: {MESSAGES[checker.NO_MESSAGE]}"]
    assert resources["autograder_words"].language == "fr"
    config.Course.language = "de"
    with pytest.raises(errors.AutograderError):
        feedback_filters.HideHiddenTests(config=config).preprocess(new_notebook(), {})


def test_the_feedback_template_is_not_left_out_of_the_repository() -> None:
    """Without it, nbgrader's English template would be used, silently."""
    git = shutil.which("git")
    if git is None or not (ac.REPO_ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    for path in sorted(TEMPLATE.parent.iterdir()):
        ignored = subprocess.run(
            [git, "check-ignore", "-q", str(path)], cwd=ac.REPO_ROOT, check=False
        )
        assert ignored.returncode == 1, f"{path.relative_to(ac.REPO_ROOT)} is git-ignored"


def test_every_label_of_the_feedback_template_is_in_the_courses_language() -> None:
    """Every branch of the template (answers, tasks, comments, a late penalty, prompts)."""
    config = Config()
    config.HTMLExporter.extra_template_basedirs = feedback_filters.template_basedirs()
    config.HTMLExporter.template_name = "feedback"  # as nbgrader's GenerateFeedback asks
    css = feedback_filters.NBGRADER_TEMPLATES.parent / "static/node_modules/bootstrap/dist/css"
    config.HTMLExporter.extra_template_paths = [str(css)]
    meta = {
        "w": {"solution": True, "grade": True, "score": 1.5, "points": 2, "comment": "bien"},
        "tk": {"task": True, "score": 0, "points": 1, "comment": "voir"},
        "c": {"solution": True, "grade": True, "score": 0.5, "points": 1},
        "t": {"grade": True, "score": 1, "points": 1},
    }
    nb = new_notebook(
        cells=[
            new_markdown_cell("réponse", metadata={"nbgrader": {**meta["w"], "grade_id": "w"}}),
            new_markdown_cell("tâche", metadata={"nbgrader": {**meta["tk"], "grade_id": "tk"}}),
            new_code_cell(
                "x = 1",
                metadata={"nbgrader": {**meta["c"], "grade_id": "c"}},
                execution_count=3,
                outputs=[new_output("execute_result", {"text/plain": "1"}, execution_count=3)],
            ),
            new_code_cell("y = 1", metadata={"nbgrader": {**meta["t"], "grade_id": "t"}}),
        ]
    )
    pages = {}
    for lang in language.LANGUAGES:
        resources = {
            "nbgrader": {"notebook": "nb", "score": 2.0, "max_score": 4.0, "late_penalty": 0.5},
            "autograder_words": language.Words(lang),
        }
        markup, _ = HTMLExporter(config=config).from_notebook_node(nb, resources=resources)
        assert f'<html lang="{lang}">' in markup
        pages[lang] = visible_text(markup)
    assert english_left(pages["fr"]) == []
    for french in (
        "nb (note\u202f: 2 / 4)",
        "Réponse rédigée (note\u202f: 1,5 / 2)",
        "Pénalité de retard (note\u202f: −0,5)",
        "Commentaires\u202f: bien",
        "Votre tâche Note\u202f: 0 / 1 (Haut de page)",
        "Entrée [3]\u202f: Votre réponse Note\u202f: 0,5 / 1",
        "Sortie [3]\u202f: 1",
        "Entrée [ ]\u202f: Cellule notée\u202f: t",
    ):
        assert french in pages["fr"], french
    for english in (  # nbgrader's own template wrote exactly these
        "nb (Score: 2.0 / 4.0) Written response (Score: 1.5 / 2.0) Comment Task (Score: 0.0",
        "Late submission penalty (Score: -0.5)",
        "Student's task Score: 0.0 / 1.0 (Top) tâche Comments: voir",
        "In [3]: Student's answer Score: 0.5 / 1.0 (Top) x = 1 Out[3]: 1 In [ ]: Grade cell: t",
    ):
        assert english in pages["en"], english


# --- the feedback pages of the graded demo course -------------------------------------------
def set_language(course: Path, value: str) -> None:
    config = course / "nbgrader_config.py"
    text = config.read_text(encoding="utf-8")
    assert 'c.Course.language = "en"' in text
    config.write_text(text.replace('c.Course.language = "en"', f'c.Course.language = "{value}"'))


@pytest.fixture(scope="module")
def french_course(graded_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The graded demo course, its feedback written with ``c.Course.language = "fr"``."""
    course = Path(shutil.copytree(graded_demo, tmp_path_factory.mktemp("fr") / "course"))
    shutil.rmtree(course / "feedback", ignore_errors=True)
    set_language(course, "fr")
    result = feedback.feedback(Course.load(course), ac.ASSIGNMENT)
    assert set(result.written) == {"ann", "bob", "cat"} and not result.without
    assert set(result.status_pages) == {"dan", "eve"}
    return course


def page(course: Path, student: str) -> str:
    return (course / "feedback" / student / ac.ASSIGNMENT / f"{ac.ASSIGNMENT}.html").read_text(
        encoding="utf-8"
    )


@pytest.mark.grading
def test_a_graded_submissions_page_is_all_in_french(french_course: Path) -> None:
    markup = page(french_course, "bob")
    text = visible_text(markup)
    assert '<html lang="fr">' in markup
    for french in (
        "demo (note\u202f: 2 / 4)",
        "Vos résultats, vérification par vérification",
        "Vérification Points Résultat Ce qu'il faut revoir",
        "test-answer-value 0 / 2 non réussie",
        "test-answer-type 1 / 1 réussie",
        "Votre réponse",
        "Cellule notée\u202f: test-answer-value",
        "Note\u202f: 0 / 2 (Haut de page)",
        "Entrée [1]\u202f:",
        MESSAGES[feedback_filters.HIDDEN_TESTS_PLACEHOLDER],
    ):
        assert french in text, french
    # the test cells' own text (hint, message) is the assignment's, translated with it
    assert ac.HINT in text and "answer is not the expected value" in text
    assert english_left(text) == []


@pytest.mark.grading
@pytest.mark.parametrize("student", ["dan", "eve"])
def test_a_page_of_a_submission_that_could_not_be_graded_is_in_french(
    french_course: Path, student: str
) -> None:
    markup = page(french_course, student)
    text = visible_text(markup)
    assert '<html lang="fr">' in markup and "demo (note\u202f: 0 / 4)" in text
    status = ac.EXPECTED_STATUS[student]
    notice = feedback.student_notice(status, 20, "demo.ipynb", "", language="fr")
    assert squeeze(notice) in text
    assert text.count(MESSAGES[feedback.NOT_RUN]) == 3
    assert english_left(text) == []


@pytest.mark.grading
def test_in_english_the_pages_keep_their_english(graded_demo: Path, tmp_path: Path) -> None:
    course = Path(shutil.copytree(graded_demo, tmp_path / "course"))
    shutil.rmtree(course / "feedback", ignore_errors=True)
    feedback.feedback(Course.load(course), ac.ASSIGNMENT)
    markup = page(course, "bob")
    flat = visible_text(markup)
    assert '<html lang="en">' in markup
    for english in (
        "demo (Score: 2.0 / 4.0)",
        "Your results, check by check",
        "test-answer-value 0 / 2 not passed",
        "Student's answer",
        "Grade cell: test-answer-value",
        "Score: 0.0 / 2.0 (Top)",
        "In [1]:",
        feedback_filters.HIDDEN_TESTS_PLACEHOLDER,
    ):
        assert english in flat, english
    assert "Vérification" not in flat and "\u202f" not in flat


@pytest.mark.grading
def test_feedback_refuses_an_unknown_language_before_writing_anything(
    graded_demo: Path, tmp_path: Path
) -> None:
    course = Path(shutil.copytree(graded_demo, tmp_path / "course"))
    shutil.rmtree(course / "feedback", ignore_errors=True)
    set_language(course, "de")
    with pytest.raises(errors.AutograderError) as refused:
        feedback.feedback(Course.load(course), ac.ASSIGNMENT)
    assert str(refused.value) == language.UNKNOWN_COURSE_LANGUAGE.format(
        language="de", known="en and fr"
    )
    assert not (course / "feedback").exists()
