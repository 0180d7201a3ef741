"""medai speaks the notebook's language: every message has its French, typeset as French is.

Three kinds of checks, each finding what it checks rather than listing it:

- the catalogue: every message the code wraps in ``_()`` or marks with ``N_()`` (found by
  reading medai's code) has a French entry in :data:`medai.locale_fr.MESSAGES` with the same
  format fields, no entry is left that no code uses, and no message is translated at import
  time (so that ``set_language`` after ``import medai`` works);
- French typography of every French entry (:func:`typography_mistakes`);
- behaviour: in French, every explorer of :mod:`medai.widgets`, every figure of
  :mod:`medai.plots`, the quiz, a check of :mod:`medai.grading`, a refused argument and every
  dataset's ``DESCR`` show French and no English; back in English, English again.

Every test leaves the language English (:func:`_english_afterwards`).
"""

from __future__ import annotations

import ast
import html
import importlib
import inspect
import pkgutil
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import test_datasets_common as datasets_common  # noqa: E402
import test_plots_common as plots_common  # noqa: E402
import test_widgets_common as widgets_common  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import medai  # noqa: E402
from medai import grading  # noqa: E402
from medai.datasets import PUBLISHED_ACCURACY, make_patient_register  # noqa: E402
from medai.evidence import natural_frequencies  # noqa: E402
from medai.i18n import NARROW_NBSP, get_language, set_language  # noqa: E402
from medai.locale_fr import MESSAGES  # noqa: E402
from medai.plots import alt_text  # noqa: E402
from medai.privacy import dp_library_note  # noqa: E402
from medai.quiz import Question, Quiz  # noqa: E402
from medai.tables import interval_label, readable  # noqa: E402
from medai.teams import policy_descriptions, team_outcomes  # noqa: E402
from medai.widgets import ThresholdExplorer  # noqa: E402

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(medai.__path__, "medai.")
    if not info.name.startswith("medai.locale_fr")
)

#: ``_()`` calls whose argument is a variable: module -> argument -> where its messages are
#: marked (with ``N_``) so that the catalogue has them. A new one must be added here.
DYNAMIC = {
    "medai.datasets._description": {
        "inspect.cleandoc(generator.__doc__ or '')": "the docstrings of description(make_x)"
    },
    "medai.plots.clinician_in_charge": {
        "str(level)": "EXPERIENCE_LEVELS (medai.datasets.clinician_in_charge)",
        "label": "_ACCURACY's labels",
    },
    "medai.plots.groups": {"label": "_ERROR_RATES"},
    "medai.plots.judging_evidence": {"name": "DEFAULT_SETTINGS' names"},
    "medai.teams": {"description": "POLICIES"},
    "medai.widgets.group_thresholds": {"label": "METRIC_LABELS"},
    "medai.widgets.human_ai_team": {"description": "_SLIDERS", "tooltip": "_SLIDERS"},
    "medai.widgets.prevalence": {"name": "PRESETS' names and _CUSTOM"},
}


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    set_language("en")
    plt.close("all")


@pytest.fixture
def french() -> None:
    set_language("fr")


# --- the catalogue ----------------------------------------------------------------------


def _calls(tree: ast.AST, names: tuple[str, ...]) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in names
            and len(node.args) == 1
        ):
            yield node


def _resolve(module: object, node: ast.Call) -> list[str] | None:
    """The messages a ``_()``, ``N_()`` or ``description()`` call can show; None if dynamic."""
    arg = node.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [arg.value]
    if node.func.id == "description" and isinstance(arg, ast.Name):
        return [inspect.cleandoc(getattr(module, arg.id).__doc__)]
    if isinstance(arg, ast.Name) and isinstance(getattr(module, arg.id, None), str):
        return [getattr(module, arg.id)]  # a module constant: _(_NAME)
    if isinstance(arg, ast.Subscript) and isinstance(arg.value, ast.Name):
        table = getattr(module, arg.value.id, None)  # a module table: _(LABELS[key])
        if isinstance(table, dict) and all(isinstance(v, str) for v in table.values()):
            return list(table.values())
    return None


def _collect() -> tuple[dict[str, set[str]], set[tuple[str, str]]]:
    """Every message medai wraps or marks (with the modules), and the dynamic calls."""
    messages: dict[str, set[str]] = {}
    dynamic = set()
    for name in MODULES:
        module = importlib.import_module(name)
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        for node in _calls(tree, ("_", "N_", "description")):
            found = _resolve(module, node)
            if found is None:
                assert node.func.id == "_", f"{name}: {ast.unparse(node)} marks no literal"
                dynamic.add((name, ast.unparse(node.args[0])))
            for message in found or []:
                messages.setdefault(message, set()).add(name)
    return messages, dynamic


MESSAGES_IN_CODE, DYNAMIC_CALLS = _collect()


def _fields(text: str) -> Counter:
    """The format fields of a message: name, conversion and format spec, with their counts."""
    return Counter(
        (name, conversion, spec)
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


def test_the_messages_are_found():
    assert {"Threshold", "Got {value!r}.", grading.DIFFERS} <= set(MESSAGES_IN_CODE)
    assert "Screening (1 in 100)" in MESSAGES_IN_CODE  # marked with N_
    descr = datasets_common.GENERATORS["make_reader_study"].__doc__
    assert inspect.cleandoc(descr) in MESSAGES_IN_CODE  # a DESCR
    assert len(MESSAGES_IN_CODE) > 300


def test_every_message_has_its_french():
    missing = sorted(set(MESSAGES_IN_CODE) - set(MESSAGES))
    assert not missing, f"add the French of {missing[:10]} to medai/locale_fr.py"


def test_the_catalogue_has_no_message_the_code_does_not_use():
    unused = sorted(set(MESSAGES) - set(MESSAGES_IN_CODE))
    assert not unused, f"remove {unused[:10]} from medai/locale_fr.py"


@pytest.mark.parametrize("message", sorted(MESSAGES), ids=lambda m: m[:40])
def test_a_message_and_its_french_have_the_same_fields(message):
    assert _fields(MESSAGES[message]) == _fields(message)


def test_every_dynamic_call_is_known():
    known = {(module, arg) for module, args in DYNAMIC.items() for arg in args}
    assert known == DYNAMIC_CALLS, (
        "a _() call with a variable argument must say in DYNAMIC where its messages are "
        f"marked: new {DYNAMIC_CALLS - known}, gone {known - DYNAMIC_CALLS}"
    )


def _translated_at_import(tree: ast.Module) -> list[str]:
    """``_()`` calls outside any function body: they would run when the module is imported."""
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            body = node.body if isinstance(node.body, list) else [node.body]
            for statement in body:
                inside.update(id(call) for call in _calls(statement, ("_",)))
    return [ast.unparse(call) for call in _calls(tree, ("_",)) if id(call) not in inside]


@pytest.mark.parametrize("name", MODULES)
def test_nothing_is_translated_at_import_time(name):
    module = importlib.import_module(name)
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    assert not _translated_at_import(tree), "translate when shown (N_ marks a constant)"


def test_the_import_time_check_finds_a_constant_and_a_default():
    tree = ast.parse('X = _("a")\ndef f(y=_("b")):\n    return _("c")\n')
    assert _translated_at_import(tree) == ["_('a')", "_('b')"]


# --- French typography -----------------------------------------------------------------


def _prose(text: str) -> str:
    """What a reader reads as French: without examples, code, markup and format fields.

    A field stands for a number or a word, as a ``0``.
    """
    blocks = [b for b in text.split("\n\n") if not re.search(r"^>>>", b, flags=re.MULTILINE)]
    text = "\n\n".join(blocks)
    text = re.sub(r"``.*?``", " ", text, flags=re.DOTALL)
    text = re.sub(r":[a-z]+:`[^`]*`", " ", text)
    text = re.sub(r"<[^>]*>", "", text)
    return re.sub(r"\{[^{}]*\}", "0", text)


def typography_mistakes(french: str, english: str = "") -> list[str]:
    """Where ``french`` breaks the French typography of the course.

    The rule: a narrow no-break space U+202F (and no other space) right before ``;``, ``:``,
    ``!`` and ``?``, between a number and ``%``, and inside « »; a decimal comma (never
    ``0.5``); a thousands separator that is not a comma (a number ``1,000`` of the English
    is not kept as it is). Code, markup, examples and format fields are left out.
    """
    prose = _prose(french)
    mistakes = []
    for match in re.finditer(r"[;:!?]", prose):
        if match.start() and prose[match.start() - 1] != NARROW_NBSP:
            mistakes.append(f"no U+202F before {match.group()!r}: {prose[: match.end()][-30:]!r}")
    for match in re.finditer(r"\d[ \u00a0]?%", prose):
        mistakes.append(f"a number and % without U+202F: {match.group()!r}")
    for match in re.finditer(r"«(?!\u202f)|(?<!\u202f)»", prose):
        mistakes.append(f"guillemets without U+202F inside: {prose[match.start() - 10 :][:20]!r}")
    for match in re.finditer(r"\d\.\d", prose):
        mistakes.append(f"a decimal point: {prose[match.start() - 10 :][:20]!r}")
    for thousands in set(re.findall(r"\b\d{1,3}(?:,\d{3})+\b", _prose(english))):
        if re.search(rf"(?<![\d,]){thousands}(?![\d,])", prose):
            mistakes.append(f"the English thousands of {thousands!r}")
    return mistakes


def test_the_typography_rule_finds_each_mistake():
    nnbsp = NARROW_NBSP
    assert typography_mistakes(f"Seuil{nnbsp}: 0,5 ; 12,5{nnbsp}% «{nnbsp}oui{nnbsp}»") == [
        "no U+202F before ';': 'Seuil\\u202f: 0,5 ;'"
    ]
    assert len(typography_mistakes("Seuil: 0,5")) == 1
    assert len(typography_mistakes("Seuil : 0,5")) == 1  # a plain space
    assert len(typography_mistakes("12,5%")) == len(typography_mistakes("12,5 %")) == 1
    assert len(typography_mistakes(f"«oui{nnbsp}»")) == 1
    assert len(typography_mistakes("0.5")) == 1
    assert len(typography_mistakes("Pour 1,000 patients", "Per 1,000 patients")) == 1
    # Code, markup, fields and examples are not French prose.
    assert not typography_mistakes("``x: 0.5`` <p style='a:b'>{value:.1%}</p>\n\n>>> x = 1.5")
    assert not typography_mistakes(f"Pour 1{nnbsp}000 patients{nnbsp}: 12,5{nnbsp}%")


@pytest.mark.parametrize("message", sorted(MESSAGES), ids=lambda m: m[:40])
def test_the_french_is_typeset_as_french(message):
    assert not typography_mistakes(MESSAGES[message], message)


# --- behaviour --------------------------------------------------------------------------

#: Words of the English messages that the French never uses: their presence is English left.
ENGLISH_WORDS = [
    "Threshold",
    "Sensitivity",
    "Specificity",
    "Prevalence",
    "flagged",
    "missed",
    "false alarm",
    "Radiologist",
    "hospital",
    "Reliability",
    "Observed",
    "predicted",
    "Per 1,000",
    "Policy",
    "Setting",
    "Check",
    "curve",
    " the ",
    " and ",
    " of ",
    " with ",
    " by ",
    " per ",
    " rate",
]
#: The messages of the code whose French differs (or is missing), as a learner could see them.
ENGLISH = {english for english in MESSAGES_IN_CODE if MESSAGES.get(english) != english}
FRENCH = {french for english, french in MESSAGES.items() if english != french}


def _english_left(texts: list[str]) -> list[str]:
    """The texts that are English: a catalogue message left untranslated, or English words."""
    left = [t for t in texts if t in ENGLISH and t not in FRENCH]
    left += [
        f"{word!r} in {t!r}" for t in texts for word in ENGLISH_WORDS if word.lower() in t.lower()
    ]
    return left


def _flat(text: str) -> str:
    """``text`` on one line; narrow no-break spaces kept (``str.split`` would drop them)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _html_texts(value: str) -> list[str]:
    """The texts of an HTML fragment: between its tags, and its alternative texts."""
    texts = [html.unescape(a) for a in re.findall(r'\balt="([^"]*)"', value)]
    for chunk in re.split(r"<[^>]*>", value):
        if chunk.strip():
            texts.append(_flat(html.unescape(chunk)))
    return texts


def _shown(widget: widgets.Widget) -> list[str]:
    """Every text a widget shows: labels, tooltips, options, and the text of its HTML."""
    texts = []
    for w in widgets_common._descendants(widget):
        for trait in ("description", "tooltip"):
            if w.has_trait(trait) and getattr(w, trait):
                texts.append(getattr(w, trait))
        if isinstance(w, widgets.HTML | widgets.Label) and w.value:
            texts += _html_texts(w.value)
        texts += [str(label) for label in getattr(w, "_options_labels", ())]
    return texts


#: The explorers' arguments, with the names a French notebook would give.
FRENCH_ARGUMENTS = {
    **widgets_common.ARGUMENTS,
    "scores": {"tel que livré": widgets_common.ARGUMENTS["y_score"], "au carré": 0.5},
    "counts": {"Diabète, tout le registre": 360, "VIH, femmes de 20 à 29 ans": 3},
}
FRENCH_ARGUMENTS["scores"]["au carré"] = FRENCH_ARGUMENTS["y_score"] ** 2


def _explorer(name: str):
    cls = widgets_common.EXPLORERS[name]
    parameters = inspect.signature(cls).parameters
    return cls(**{p: FRENCH_ARGUMENTS[p] for p in parameters if p in FRENCH_ARGUMENTS})


@pytest.mark.parametrize("name", list(widgets_common.EXPLORERS))
def test_an_explorer_shows_french_in_french_and_english_in_english(name):
    english = _shown(_explorer(name).widget) + _html_texts(_explorer(name).static_html())
    assert set(english) & ENGLISH, "the English explorer shows the English messages"
    assert not [t for t in english if t in FRENCH and t not in ENGLISH]
    set_language("fr")
    explorer = _explorer(name)
    texts = _shown(explorer.widget) + _html_texts(explorer.static_html())
    assert set(texts) & FRENCH, "the French explorer shows the French messages"
    assert not _english_left(texts)
    assert not [m for t in texts for m in typography_mistakes(t) if "U+202F" in m]


def _figure_texts(drawn: Axes | Figure) -> list[str]:
    figure = drawn if isinstance(drawn, Figure) else drawn.figure
    texts = [t.get_text() for t in figure.findobj(Text) if t.get_text().strip()]
    return texts + [alt_text(ax) for ax in figure.get_axes() if ax.get_label() != "<colorbar>"]


#: The figures' arguments, with the names a French notebook would give.
FRENCH_PLOT_ARGUMENTS = {
    **plots_common.ARGUMENTS,
    "results": dict(
        zip(
            ["Radiologue seul", "Zone de renvoi"],
            plots_common.ARGUMENTS["results"].values(),
            strict=True,
        )
    ),
}


def _draw(plot) -> Axes | Figure:
    parameters = inspect.signature(plot).parameters
    return plot(**{p: FRENCH_PLOT_ARGUMENTS[p] for p in parameters if p in FRENCH_PLOT_ARGUMENTS})


@pytest.mark.parametrize("plot", list(plots_common.PLOTS.values()), ids=list(plots_common.PLOTS))
def test_a_figure_is_labelled_in_french_and_in_english(plot):
    english = _figure_texts(_draw(plot))
    set_language("fr")
    texts = _figure_texts(_draw(plot))
    assert not _english_left(texts)
    assert not [m for t in texts for m in typography_mistakes(t) if "U+202F" in m]
    assert any(NARROW_NBSP + ":" in t for t in texts), "the alt text is French"
    if any(t in ENGLISH for t in english):
        assert set(texts) & FRENCH


def test_a_figures_percentages_and_levels_are_french(french):
    ax = plots_common.PLOTS["plot_accuracy_by_ai_correctness"](PUBLISHED_ACCURACY)
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["peu expérimentés", "moyennement expérimentés", "très expérimentés"]
    values = [t.get_text() for t in ax.texts]
    assert f"80{NARROW_NBSP}%" in values  # 0.797, a bar label
    assert ax.yaxis.get_major_formatter()(0.5, 0) == f"50{NARROW_NBSP}%"


def test_the_quiz_speaks_french(french):
    quiz = Quiz([Question("Combien font 2 + 2 ?", ["3", "4"], 1, ["Non.", "Oui."])])
    texts = _shown(quiz.widget)
    assert "Vérifier" in texts and "Réponse" in texts and "Autoévaluation" in texts
    assert quiz.check(0, 0) is False
    feedback = " ".join(_shown(quiz.widget))
    assert (
        "✗ Pas tout à fait." in feedback
        and f"Vous avez choisi «{NARROW_NBSP}3{NARROW_NBSP}»" in feedback
    )
    assert f"Score{NARROW_NBSP}: 0 sur 1 justes (1 vérifiées)." in feedback
    page = quiz.to_html()
    assert "Afficher la réponse" in page and f"Réponse{NARROW_NBSP}: <strong>B. 4" in page
    assert not _english_left(_shown(quiz.widget) + _html_texts(page))
    set_language("en")
    assert Quiz(quiz.questions).title == "Self-check"


def test_a_check_fails_in_french(french):
    with pytest.raises(AssertionError) as wrong_type:
        grading.expect_real("0.25", 0.25, "SHARE")
    assert str(wrong_type.value) == "SHARE doit être un nombre (un float), pas un objet de type str"
    with pytest.raises(AssertionError) as wrong_value:
        grading.expect_real(0.3, 0.25, "SHARE")
    assert str(wrong_value.value) == "SHARE diffère de la valeur calculée à partir des données"
    # The hidden test's own message is the assignment's, in the assignment's language.
    with pytest.raises(AssertionError, match="^la part est fausse$"):
        grading.expect_real(0.3, 0.25, "SHARE", "la part est fausse")


def test_a_refused_argument_is_explained_in_french(french):
    y_true, y_score = widgets_common.ARGUMENTS["y_true"], widgets_common.ARGUMENTS["y_score"]
    with pytest.raises(ValueError) as threshold:
        ThresholdExplorer(y_true, y_score, initial_threshold=1.5)
    assert str(threshold.value) == (
        f"Le seuil doit être compris entre 0 et 1. Valeur reçue{NARROW_NBSP}: 1.5."
    )
    with pytest.raises(ValueError) as size:
        make_patient_register(3)
    assert str(size.value) == (
        f"n_samples doit être un entier supérieur ou égal à 10. Valeur reçue{NARROW_NBSP}: 3."
    )


def test_tables_and_notes_are_french(french, backend):
    frame = pd.DataFrame({"sensibilité": [0.9123, np.nan], "patients": [1234, 56]})
    page = readable(frame, {"sensibilité": "{:.1%}", "patients": "{:,}"}).to_html()
    assert f"91,2{NARROW_NBSP}%" in page and f"1{NARROW_NBSP}234" in page
    assert "nan" not in page.lower()
    assert interval_label(0.1, 0.2) == f"10{NARROW_NBSP}% à 20{NARROW_NBSP}%"
    table = natural_frequencies(0.9, 0.9, 0.01)
    assert list(table.index) == ["Test positif", "Test négatif", "Total"]
    assert list(table.columns) == ["Malades", "Non malades", "Total"]
    assert dp_library_note().startswith(("Cette cellule utilise OpenDP", "Dans le navigateur"))
    assert policy_descriptions()["reader_alone"].startswith(f"Radiologue seul{NARROW_NBSP}:")
    result = team_outcomes([1, 0], [0.9, 0.1], "reader_alone", reader_sensitivity=0.9,
                           reader_specificity=0.9)  # fmt: skip
    assert result.reads_per_1000 == 1000  # numbers stay numbers: only what is shown changes


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _numbers(text: str) -> set[str]:
    """The numbers of a text, as written (not those inside names such as SpO2 or 2_500)."""
    return set(re.findall(r"(?<![\w.,])\d+(?:,\d{3})*(?:\.\d+)?(?![\w])", text))


@pytest.mark.parametrize("make", list(datasets_common.GENERATORS.values()),
                         ids=list(datasets_common.GENERATORS))  # fmt: skip
def test_a_datasets_description_is_french_and_keeps_its_numbers_and_citations(make):
    n = datasets_common._size(make)
    english = datasets_common._call(make, n, random_state=0).DESCR
    set_language("fr")
    french = datasets_common._call(make, n, random_state=0).DESCR
    assert french == MESSAGES[english] != english
    # The three paragraphs of every DESCR (tests/test_datasets_common.py), in French.
    for section in (
        "Imite ",
        f"Ajusté sur{NARROW_NBSP}: ",
        f"Diffère de la réalité{NARROW_NBSP}: ",
    ):
        assert re.search(f"^{section}", french, flags=re.MULTILINE), section
    flat = _flat(french)
    for number in _numbers(english):
        in_french = number.replace(",", NARROW_NBSP).replace(".", ",")
        assert number in flat or in_french in flat, f"{number} is not in the French"
    for author in set(re.findall(r"([A-Z][a-z]+(?: [A-Z][a-z]+)?) et al", _flat(english))):
        assert _strip_accents(author) in _strip_accents(flat), f"{author} et al. is not cited"
    assert get_language() == "fr"


def test_a_datasets_description_follows_the_language_after_import():
    make = datasets_common.GENERATORS["make_patient_register"]
    set_language("fr")
    assert make(20, random_state=0).DESCR.startswith("Un registre hospitalier pseudonymisé")
    set_language("en")
    assert make(20, random_state=0).DESCR.startswith("A pseudonymised hospital register")


def test_numbers_stay_numbers_in_the_data(french):
    frame = make_patient_register(20, random_state=0).frame
    assert frame["sex"].isin(["F", "M"]).all()  # the data's values are data, not text
    assert np.issubdtype(frame["age"].dtype, np.integer)
