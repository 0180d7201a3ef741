"""The two languages of the book: a switch on every page, and the extensions' own words.

The English edition is built into ``<html>/``, the French one (from the French source tree,
``python -m translation build``) into ``<html>/fr/``, with the same page names: every page
links to the same page in the other language, at the top of its article. The instructor
editions do the same between theirs.

The texts the book's extensions write into pages (table headings, the browser launch boxes,
the instructor banner) are written in English and looked up here with :func:`text` for a
French build (``language: fr`` in the French ``_config.yml``); ``tests/test_translation.py``
checks that each has its French.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

#: Each language of the book, as its own speakers name it.
NAMES = {"en": "English", "fr": "Français"}
#: Where the French edition sits in the English one's HTML folder.
FRENCH_FOLDER = "fr"
SWITCH_HTML = (
    '<nav class="language-switch" aria-label="{label}"><a href="{href}" hreflang="{language}" '
    'lang="{language}">{text}</a></nav>\n'
)
SWITCH_TEXT = {"en": "Cette page en français", "fr": "This page in English"}
SWITCH_LABEL = {"en": "Language", "fr": "Langue"}

#: The French of every English text the book's extensions write into pages.
FRENCH: dict[str, str] = {
    # course_maps.py
    "Understand algorithms and their limits": "Comprendre les algorithmes et leurs limites",
    "Identify biases and risks": "Identifier les biais et les risques",
    "Protect health data": "Protéger les données de santé",
    "Keep human responsibility for the decision": (
        "Garder la responsabilité humaine de la décision"
    ),
    "Module": "Module",
    "Last change": "Dernière modification",
    "Files": "Fichiers",
    " (and changes not yet committed)": " (et des modifications pas encore enregistrées)",
    "unknown": "inconnue",
    "Graded item": "Élément noté",
    "Points": "Points",
    "Graded": "Notation",
    "Competency": "Compétence",
    "none (untagged)": "aucune (non étiqueté)",
    "Time": "Durée",
    "All points": "Total des points",
    "Points of each module's graded assignment, per competency": (
        "Points du devoir noté de chaque module, par compétence"
    ),
    "Chapter": "Chapitre",
    "Notebook": "Notebook",
    "Assignment": "Devoir",
    "In all": "En tout",
    "none": "aucun",
    "automatically": "automatiquement",
    "by the instructor": "par l'enseignant",
    "graded assignment": "devoir noté",
    "CME pre-test": "pré-test DPC",
    "CME post-test": "post-test DPC",
    # editions.py
    "Instructor edition: rubrics, expected values and model answers. For the teaching team "
    "only; never publish it (students get the student edition).": (
        "Édition enseignant\u202f: grilles de correction, valeurs attendues et réponses "
        "modèles. Pour l'équipe pédagogique seulement\u202f; ne la publiez jamais (les "
        "étudiants reçoivent l'édition étudiant)."
    ),
    # a11y.py
    "Pages under {title}": "Pages sous {title}",
    "Show or hide the pages below": "Afficher ou masquer les pages suivantes",
}


def language_of(app: Sphinx) -> str:
    """The language of the book being built ("en" unless its configuration says "fr")."""
    return "fr" if (app.config.language or "en").startswith("fr") else "en"


def text(app: Sphinx, english: str) -> str:
    """``english``, in the language of the book being built."""
    return FRENCH.get(english, english) if language_of(app) == "fr" else english


def switch_href(pagename: str, language: str) -> str:
    """From a page of the ``language`` edition to the same page in the other language."""
    up = "../" * pagename.count("/")
    if language == "fr":
        return f"../{up}{pagename}.html"
    return f"{up}{FRENCH_FOLDER}/{pagename}.html"


def add_switch(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is None or "body" not in context:
        return  # the search page, the index: generated pages have no twin to switch to
    language = language_of(app)
    other = "en" if language == "fr" else "fr"
    switch = SWITCH_HTML.format(
        label=SWITCH_LABEL[language],
        href=switch_href(pagename, language),
        language=other,
        text=SWITCH_TEXT[language],
    )
    context["body"] = switch + context["body"]


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("html-page-context", add_switch)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
