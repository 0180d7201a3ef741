"""Tests of medai.quiz: every answer gets its own explanation, in the widget and without it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import ipywidgets as widgets
import pytest

from medai.quiz import (
    _ANSWER_OUT_OF_RANGE,
    _CHOICE_OUT_OF_RANGE,
    _EMPTY_PROMPT,
    _EXPLANATIONS_MISMATCH,
    _NO_CHOICE_FEEDBACK,
    _NO_QUESTIONS,
    _QUESTION_OUT_OF_RANGE,
    _TOO_FEW_OPTIONS,
    Question,
    Quiz,
)

PPV_QUESTION = Question(
    prompt="A test with 90% sensitivity and 90% specificity is used where 1% have the disease. "
    "Roughly what share of positive results are true positives?",
    options=["About 90%", "About 8%", "About 50%"],
    answer=1,
    explanations=[
        "90% is the sensitivity, not the PPV: at low prevalence false alarms dominate.",
        "Right: 9 true positives for every 99 false positives, so the PPV is about 8%.",
        "PPV is 50% only when true and false positives are equal in number.",
    ],
)
FNR_QUESTION = Question(
    prompt="In fracture triage, which error rate matters most per group?",
    options=["False-negative rate", "Selection rate"],
    answer=0,
    explanations=["Yes: a missed fracture goes home untreated.", "It says nothing of misses."],
)


@pytest.fixture
def quiz() -> Quiz:
    return Quiz([PPV_QUESTION, FNR_QUESTION], title="Module 2 <self-check>")


def _widgets_of(quiz: Quiz, kind: type) -> list:
    found = []

    def walk(widget):
        if isinstance(widget, kind):
            found.append(widget)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(quiz.widget)
    return found


def _feedback(quiz: Quiz, index: int) -> str:
    # each question block is [prompt, choices, button, feedback]
    return quiz.widget.children[1 + index].children[3].value


def test_wrong_choice_shows_that_options_explanation(quiz):
    assert quiz.check(0, 0) is False
    feedback = _feedback(quiz, 0)
    assert "Not quite" in feedback
    assert "90% is the sensitivity, not the PPV" in feedback
    # the explanations of the other options are not given away
    assert "9 true positives" not in feedback
    assert "equal in number" not in feedback
    assert quiz.score == 0
    assert quiz.results == [False, None]


def test_right_choice_is_confirmed_with_its_explanation(quiz):
    assert quiz.check(0, 1) is True
    feedback = _feedback(quiz, 0)
    assert "Correct" in feedback and "Not quite" not in feedback
    assert "9 true positives for every 99 false positives" in feedback
    assert quiz.score == 1


def test_score_counts_the_last_check_of_each_question(quiz):
    quiz.check(0, 2)
    quiz.check(0, 1)
    quiz.check(1, 1)
    assert quiz.score == 1
    quiz.check(1, 0)
    assert quiz.score == 2
    assert "2 of 2" in quiz.widget.children[-1].value


def test_radio_buttons_start_empty_and_check_button_reads_them(quiz):
    radios = _widgets_of(quiz, widgets.RadioButtons)
    buttons = _widgets_of(quiz, widgets.Button)
    assert len(radios) == len(buttons) == 2
    assert all(radio.value is None for radio in radios)
    assert all(button.description == "Check" for button in buttons)

    buttons[0].click()  # nothing chosen yet
    assert _NO_CHOICE_FEEDBACK in _feedback(quiz, 0)
    assert quiz.results == [None, None]

    radios[0].value = 2  # the learner picks the third option, then presses Check
    buttons[0].click()
    assert "equal in number" in _feedback(quiz, 0)
    assert quiz.results == [False, None]


def test_check_selects_the_choice_in_the_widget(quiz):
    quiz.check(1, 1)
    assert _widgets_of(quiz, widgets.RadioButtons)[1].value == 1


@pytest.mark.parametrize(
    ("index", "choice", "message"), [(5, 0, _QUESTION_OUT_OF_RANGE), (0, 3, _CHOICE_OUT_OF_RANGE)]
)
def test_check_rejects_out_of_range(quiz, index, choice, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        quiz.check(index, choice)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"explanations": ["only one"]}, _EXPLANATIONS_MISMATCH),
        ({"answer": 2}, _ANSWER_OUT_OF_RANGE),
        ({"answer": -1}, _ANSWER_OUT_OF_RANGE),
        ({"answer": True}, _ANSWER_OUT_OF_RANGE),
        ({"options": ["alone"], "explanations": ["x"], "answer": 0}, _TOO_FEW_OPTIONS),
        ({"prompt": "   "}, _EMPTY_PROMPT),
    ],
)
def test_invalid_question_raises_the_constant_message(kwargs, message):
    fields = {
        "prompt": "Which?",
        "options": ["a", "b"],
        "answer": 0,
        "explanations": ["because a", "because b"],
    }
    with pytest.raises(ValueError, match=re.escape(message)):
        Question(**(fields | kwargs))


def test_empty_quiz_is_rejected():
    with pytest.raises(ValueError, match=re.escape(_NO_QUESTIONS)):
        Quiz([])


class _DetailsParser(HTMLParser):
    """Collects the text inside each <details> element."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.details: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "details":
            self.depth += 1
            self.details.append("")

    def handle_endtag(self, tag):
        if tag == "details":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.details[-1] += data


def test_static_html_hides_answers_and_explanations_in_details(quiz):
    bundle = quiz._repr_mimebundle_()
    page = bundle["text/html"]
    assert page.count("<summary>Show the answer</summary>") == 2
    parser = _DetailsParser()
    parser.feed(page)
    assert len(parser.details) == 2
    for question, hidden in zip(quiz.questions, parser.details, strict=True):
        assert question.options[question.answer] in hidden
        for explanation in question.explanations:
            assert explanation in hidden
            # explanations appear only behind the disclosure
            assert page.count(explanation) == 1
    # prompts and options are visible outside the disclosure
    assert "Roughly what share" in page and "About 8%" in page
    # text is escaped, never interpreted as HTML
    assert "&lt;self-check&gt;" in page and "<self-check>" not in page


def test_bundle_keeps_the_widget_and_a_plain_text_version(quiz):
    bundle = quiz._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == quiz.widget.model_id
    plain = bundle["text/plain"]
    assert "B. About 8%" in plain
    assert "9 true positives" not in plain  # no answers in the text version
