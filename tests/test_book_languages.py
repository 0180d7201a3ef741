"""The two languages of the built book (``make book``, ``make book-instructor``).

- Every page of each edition links to the same page in the other language, and that page
  exists: the English student edition in ``_build/html``, the French one in
  ``_build/html/fr``; the instructor editions the same way in theirs.
- The French pages are French: ``<html lang="fr">``, and their prose is not English. A page
  is English if more than a few of its words are the most common English words; code,
  maths, program output, bibliography entries, and text marked ``lang="en"`` are left out.
  The glossary is bilingual by design and is left out too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
EDITIONS = {
    "student": ROOT / "_build" / "html",
    "instructor": ROOT / "_build" / "instructor" / "_build" / "html",
}
#: the commonest English words that are not also French words
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "is",
        "that",
        "this",
        "with",
        "which",
        "are",
        "for",
        "from",
        "be",
        "by",
        "have",
        "has",
        "was",
        "were",
        "will",
        "would",
        "should",
        "can",
        "not",
        "it",
        "its",
        "you",
        "your",
        "their",
        "they",
        "there",
        "what",
        "when",
        "where",
        "how",
        "each",
        "only",
        "also",
        "but",
        "or",
        "if",
        "than",
        "then",
        "these",
        "those",
        "into",
        "about",
        "after",
        "before",
        "because",
    ]
)
#: the share of English words above which a French page is English somewhere
MAX_ENGLISH_SHARE = 0.02
#: pages left out of the English-words count, and why
BILINGUAL = {"book/glossary": "the glossary gives each term in both languages"}
#: what a reader does not read as the page's prose
NOT_PROSE = (
    "script, style, pre, code, .math, mjx-container, .cell_output, .bibtex-citation, "
    ".citation, [lang=en], .language-switch, nav, header, footer, .bd-sidebar-primary, "
    ".bd-sidebar-secondary, .prev-next-area, .bd-header-article"
)


def _pages(html: Path) -> list[str]:
    """The page names (``book/intro``) of a built edition: its generated pages (index,
    search) and redirects (the root's index.html) aside."""
    return sorted(
        p.relative_to(html).with_suffix("").as_posix()
        for p in html.rglob("*.html")
        if not p.relative_to(html).as_posix().startswith(("fr/", "_", "lite/"))
        and p.stem not in ("genindex", "search", "py-modindex")
        and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:2000]
    )


def _require(path: Path) -> None:
    if not path.is_dir():
        pytest.fail(f"{path} is missing: run `make book book-instructor` first", pytrace=False)


def _switch(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    link = soup.select_one("nav.language-switch a")
    assert link is not None, f"{page}: no language switch"
    return link["href"]


@pytest.mark.book
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_page_leads_to_the_same_page_in_the_other_language(edition: str) -> None:
    html = EDITIONS[edition]
    _require(html / "fr")
    english, french = _pages(html), _pages(html / "fr")
    assert english == french, f"pages in one language only: {set(english) ^ set(french)}"
    for name in english:
        en, fr = html / f"{name}.html", html / "fr" / f"{name}.html"
        assert (en.parent / _switch(en)).resolve() == fr.resolve(), name
        assert (fr.parent / _switch(fr)).resolve() == en.resolve(), name


def english_share(page: Path) -> tuple[float, list[str]]:
    """The share of English words in a page's prose, and the English words found."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article") or soup
    for tag in article.select(NOT_PROSE):
        tag.decompose()
    words = re.findall(r"[A-Za-zÀ-ÿ']+", article.get_text(" "))
    english = [w for w in words if w.lower() in ENGLISH_WORDS]
    return (len(english) / len(words) if words else 0.0), english


@pytest.mark.book
@pytest.mark.parametrize("edition", EDITIONS)
def test_the_french_pages_are_in_french(edition: str) -> None:
    html = EDITIONS[edition] / "fr"
    _require(html)
    english_pages = []
    for name in _pages(html):
        page = html / f"{name}.html"
        assert re.search(r'<html[^>]* lang="fr"', page.read_text(encoding="utf-8")), name
        if name in BILINGUAL:
            continue
        share, words = english_share(page)
        if share > MAX_ENGLISH_SHARE:
            english_pages.append(f"{name}: {share:.1%} English words, e.g. {words[:12]}")
    assert not english_pages, "\n".join(english_pages)


def test_the_english_word_count_tells_english_from_french(tmp_path: Path) -> None:
    """A positive control: the same measure on an English and a French paragraph."""
    english = "<html><article><p>The model flags the patients that the radiologist reads first, and this is why its threshold matters.</p></article></html>"  # noqa: E501
    french = "<html><article><p>Le modèle signale les patients que le radiologue lit en premier, et c'est pourquoi son seuil compte.</p></article></html>"  # noqa: E501
    (tmp_path / "en.html").write_text(english, encoding="utf-8")
    (tmp_path / "fr.html").write_text(french, encoding="utf-8")
    assert english_share(tmp_path / "en.html")[0] > MAX_ENGLISH_SHARE
    assert english_share(tmp_path / "fr.html")[0] <= MAX_ENGLISH_SHARE
