"""The course's language (``c.Course.language``): what the grader shows a learner is in it.

``nbgrader_config.py`` says it once, ``c.Course.language = "en"`` (or ``"fr"`` in the French
course). Feedback pages (the results table, the notes on a submission graded abnormally, the
page's own headings, nbgrader's labels in the course's template ``templates/feedback``) and
certificates follow it. What the instructor reads (command output, the class report, the
grade summary) stays in English.

Messages are written in English in the code; their French is in
:mod:`autograder.messages_fr`, keyed by the English, with the same ``{fields}``: a message is
translated first, then formatted. Numbers are written by :mod:`medai.i18n` (a decimal comma
in French), never by a second formatter.

Examples
--------
>>> text("passed", "fr"), points(0.5, "fr"), points(2.0, "en")
('réussie', '0,5', '2')
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from medai import i18n

from . import errors

#: the languages the grader speaks to learners
LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
UNKNOWN_COURSE_LANGUAGE = (
    "c.Course.language in nbgrader_config.py is {language!r}, but the grader speaks to "
    "learners in {known} only: set it to one of them."
)


def course_language(config: Any) -> str:
    """``c.Course.language`` of a traitlets config (``nbgrader_config.py``); "en" if unset.

    Raises
    ------
    AutograderError
        When the language is not one of `LANGUAGES`.
    """
    section = config.get("Course", {}) if config is not None else {}
    language = section.get("language", DEFAULT_LANGUAGE)
    if language not in LANGUAGES:
        raise errors.AutograderError(
            UNKNOWN_COURSE_LANGUAGE.format(language=language, known=" and ".join(LANGUAGES))
        )
    return str(language)


def text(message: str, language: str) -> str:
    """``message`` (written in English) in ``language``; unchanged when it has no French."""
    if language == "en":
        return message
    from .messages_fr import MESSAGES

    return MESSAGES.get(message, message)


@contextmanager
def _numbers_in(language: str) -> Iterator[None]:
    """`medai.i18n` writes numbers in ``language`` inside the block, as before after it."""
    before = i18n.get_language()
    i18n.set_language(language)
    try:
        yield
    finally:
        i18n.set_language(before)


def number(value: float, language: str, decimals: int) -> str:
    """``value`` with ``decimals`` decimals: ``0.85``, ``0,85`` in French."""
    with _numbers_in(language):
        return i18n.format_number(value, decimals)


def percent(value: float, language: str, decimals: int = 0) -> str:
    """The proportion ``value`` as a percentage: ``88%``, ``88 %`` (U+202F) in French."""
    with _numbers_in(language):
        return i18n.format_percent(value, decimals)


def points(value: float, language: str) -> str:
    """Points as the results table writes them: ``2``, ``0.5`` (``0,5``), at most 2 decimals."""
    value = float(value)
    if value == round(value):
        return number(value, language, 0)
    return number(value, language, 2).rstrip("0").rstrip(".,")


def score(value: float, language: str) -> str:
    """A page's or a cell's score: nbgrader's ``2.0`` in English, ``2`` or ``0,5`` in French."""
    return str(round(float(value), 2)) if language == "en" else points(value, language)


class Words:
    """What a template needs to speak the course's language (``resources["autograder_words"]``
    on a feedback page): `text` and `score` in `language`."""

    def __init__(self, language: str) -> None:
        self.language = language

    def text(self, message: str, **fields: Any) -> str:
        """``message`` in the page's language, formatted with ``fields``."""
        return text(message, self.language).format(**fields)

    def score(self, value: float) -> str:
        """A score as the page writes it (see `score`)."""
        return score(value, self.language)
