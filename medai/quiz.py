"""Self-check quizzes where every answer, right or wrong, gets an explanation.

A :class:`Quiz` shows as ipywidgets in a live notebook: radio buttons (no option selected at
first; arrow keys move between options) and a Check button per question. Where there is no
kernel, as in the built book, it falls back to plain HTML in which each answer and the
explanation of every option sit behind a "Show the answer" disclosure.

Prompts, options and explanations are plain text: they are escaped, never interpreted as HTML.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from string import ascii_uppercase
from typing import Any

import ipywidgets as widgets

from medai.i18n import _, got

__all__ = ["Question", "Quiz"]

_EMPTY_PROMPT = "A question needs a prompt."
_TOO_FEW_OPTIONS = "A question needs at least two options."
_EXPLANATIONS_MISMATCH = "A question needs exactly one explanation per option."
_ANSWER_OUT_OF_RANGE = "The answer must be the index of one of the options (0 for the first)."
_NO_QUESTIONS = "A quiz needs at least one question."
_NOT_A_QUESTION = "Every item of a quiz must be a Question."
_QUESTION_OUT_OF_RANGE = "There is no question with this index (0 for the first)."
_CHOICE_OUT_OF_RANGE = "The choice must be the index of one of the options (0 for the first)."

_NO_CHOICE_FEEDBACK = "Choose an answer first: Tab to the options, then use the arrow keys."


@dataclass(frozen=True)
class Question:
    """One multiple-choice question with an explanation for every option.

    Parameters
    ----------
    prompt : str
        The question.
    options : list of str
        The possible answers, at least two.
    answer : int
        Index of the correct option (0 for the first).
    explanations : list of str
        Why each option is right or wrong, in the order of ``options``.

    Raises
    ------
    ValueError
        :data:`_EMPTY_PROMPT`, :data:`_TOO_FEW_OPTIONS`, :data:`_EXPLANATIONS_MISMATCH` or
        :data:`_ANSWER_OUT_OF_RANGE`.
    """

    prompt: str
    options: list[str]
    answer: int
    explanations: list[str]

    def __post_init__(self) -> None:
        if not self.prompt.strip():
            raise ValueError(_(_EMPTY_PROMPT))
        if len(self.options) < 2:
            raise ValueError(f"{_(_TOO_FEW_OPTIONS)} {got(len(self.options), as_repr=False)}")
        if len(self.explanations) != len(self.options):
            raise ValueError(
                f"{_(_EXPLANATIONS_MISMATCH)} "
                + _("Got {options} options and {explanations} explanations.").format(
                    options=len(self.options), explanations=len(self.explanations)
                )
            )
        # bool is an int in Python, but True as an answer index is surely a mistake
        if (
            not isinstance(self.answer, int)
            or isinstance(self.answer, bool)
            or not 0 <= self.answer < len(self.options)
        ):
            raise ValueError(f"{_(_ANSWER_OUT_OF_RANGE)} {got(self.answer)}")

    def is_correct(self, choice: int) -> bool:
        """Whether option ``choice`` is the right answer."""
        return choice == self.answer


def _letter(index: int) -> str:
    return ascii_uppercase[index] if index < len(ascii_uppercase) else str(index + 1)


class Quiz:
    """A self-check quiz shown as ipywidgets, with a static HTML fallback.

    Parameters
    ----------
    questions : sequence of Question
        The questions, in order.
    title : str, optional
        Shown above the questions; "Self-check", in the notebook's language, by default.

    Attributes
    ----------
    widget : ipywidgets.VBox
        The quiz as widgets, to display.

    Examples
    --------
    >>> quiz = Quiz([Question("2 + 2?", ["3", "4"], 1, ["Off by one.", "Yes."])])
    >>> quiz.check(0, 0)
    False
    >>> quiz.score
    0
    """

    def __init__(self, questions: Sequence[Question], *, title: str | None = None) -> None:
        self.questions: list[Question] = list(questions)
        if not self.questions:
            raise ValueError(_(_NO_QUESTIONS))
        if not all(isinstance(q, Question) for q in self.questions):
            raise TypeError(_(_NOT_A_QUESTION))
        self.title = _("Self-check") if title is None else title
        self._results: list[bool | None] = [None] * len(self.questions)

        self._choices = [
            widgets.RadioButtons(
                options=[(text, j) for j, text in enumerate(q.options)],
                value=None,  # no initial selection: the learner must commit to an answer
                description=_("Answer"),
                layout=widgets.Layout(width="auto"),
            )
            for q in self.questions
        ]
        self._feedback = [widgets.HTML() for _ in self.questions]
        self._score_line = widgets.HTML()
        blocks = []
        for i, question in enumerate(self.questions):
            button = widgets.Button(
                description=_("Check"),
                tooltip=_("Check your answer to question {number}").format(number=i + 1),
            )
            button.on_click(lambda _button, i=i: self._on_check(i))
            prompt = widgets.HTML(
                "<p><strong>"
                + _("Question {number} of {total}.").format(number=i + 1, total=len(self.questions))
                + f"</strong> {html.escape(question.prompt)}</p>"
            )
            blocks.append(widgets.VBox([prompt, self._choices[i], button, self._feedback[i]]))
        self.widget = widgets.VBox(
            [widgets.HTML(f"<p><strong>{html.escape(self.title)}</strong></p>"), *blocks]
            + [self._score_line]
        )
        self._update_score_line()

    def _on_check(self, index: int) -> None:
        choice = self._choices[index].value
        if choice is None:
            self._feedback[index].value = f'<p role="status">{_(_NO_CHOICE_FEEDBACK)}</p>'
            return
        self.check(index, choice)

    def check(self, index: int, choice: int) -> bool:
        """Answer question ``index`` with option ``choice`` and show the feedback.

        Parameters
        ----------
        index : int
            Which question (0 for the first).
        choice : int
            Which option (0 for the first).

        Returns
        -------
        bool
            Whether the choice is correct. The feedback area then says so and shows the
            explanation of the chosen option.

        Raises
        ------
        ValueError
            :data:`_QUESTION_OUT_OF_RANGE` or :data:`_CHOICE_OUT_OF_RANGE`.
        """
        if not 0 <= index < len(self.questions):
            raise ValueError(f"{_(_QUESTION_OUT_OF_RANGE)} {got(index, as_repr=False)}")
        question = self.questions[index]
        if not 0 <= choice < len(question.options):
            raise ValueError(f"{_(_CHOICE_OUT_OF_RANGE)} {got(choice, as_repr=False)}")
        correct = question.is_correct(choice)
        self._results[index] = correct
        self._choices[index].value = choice
        # Words and a symbol, not colour alone, say whether the answer is right.
        verdict = _("✓ Correct.") if correct else _("✗ Not quite.")
        retry = "" if correct else " " + _("Try another answer.")
        chose = _("You chose “{option}”.").format(option=html.escape(question.options[choice]))
        self._feedback[index].value = (
            f'<p role="status"><strong>{verdict}</strong> {chose} '
            f"{html.escape(question.explanations[choice])}{retry}</p>"
        )
        self._update_score_line()
        return correct

    @property
    def results(self) -> list[bool | None]:
        """Per question: whether the last check was correct, or None if not checked yet."""
        return list(self._results)

    @property
    def score(self) -> int:
        """Number of questions whose last check was correct."""
        return sum(result is True for result in self._results)

    def _update_score_line(self) -> None:
        checked = sum(result is not None for result in self._results)
        self._score_line.value = (
            "<p>"
            + _("Score: {score} of {total} correct ({checked} checked).").format(
                score=self.score, total=len(self.questions), checked=checked
            )
            + "</p>"
        )

    def to_html(self) -> str:
        """The quiz as static HTML, for pages without a kernel.

        Each answer and every option's explanation sit behind a ``<details>`` disclosure,
        which works without JavaScript.
        """
        items = []
        for question in self.questions:
            options = "".join(f"<li>{html.escape(o)}</li>" for o in question.options)
            explanations = "".join(
                f"<li><strong>{_letter(j)}</strong> "
                + (_("(correct):") if question.is_correct(j) else _("(not correct):"))
                + f" {html.escape(e)}</li>"
                for j, e in enumerate(question.explanations)
            )
            answer = question.answer
            shown = _("Answer: {answer}").format(
                answer=f"<strong>{_letter(answer)}. "
                f"{html.escape(question.options[answer])}</strong>"
            )
            items.append(
                f"<li><p>{html.escape(question.prompt)}</p>"
                f'<ol type="A">{options}</ol>'
                f"<details><summary>{_('Show the answer')}</summary>"
                f"<p>{shown}</p>"
                f"<ul>{explanations}</ul></details></li>"
            )
        return (
            f'<section class="medai-quiz"><p><strong>{html.escape(self.title)}</strong></p>'
            f"<ol>{''.join(items)}</ol></section>"
        )

    def to_text(self) -> str:
        """The questions and options as plain text, without the answers."""
        lines = [self.title, ""]
        for i, question in enumerate(self.questions):
            lines.append(f"{i + 1}. {question.prompt}")
            lines.extend(f"   {_letter(j)}. {o}" for j, o in enumerate(question.options))
            lines.append("")
        return "\n".join(lines).rstrip()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **kwargs: Any) -> dict:
        # The widget where a frontend runs it; static HTML and text everywhere else.
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/html"] = self.to_html()
        bundle["text/plain"] = self.to_text()
        return bundle

    def __repr__(self) -> str:
        return f"Quiz(title={self.title!r}, questions={len(self.questions)}, score={self.score})"
