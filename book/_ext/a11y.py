"""Accessibility fixes made where the HTML is written (checked with axe by
tests/test_book_accessibility.py).

- **Bibliography.** docutils writes a run of citations as ``<div role="list">`` whose
  entries have the role ``doc-biblioentry``. DPUB-ARIA 1.1 deprecated that role because it is
  not recognised as a child of a list, and axe no longer counts it as a list item: the
  references page held a list without items (``aria-required-children``, critical). Each
  entry is now wrapped in a ``role="listitem"`` element; the entry keeps its id (the
  citations' anchor) and, for now, its role, which tests/test_book_browser.py checks (axe
  reports the deprecated role as a minor finding only).
- **Navigation.** pydata-sphinx-theme opens and closes a page's sub-pages in the sidebar with
  a ``<summary>`` that holds only a chevron icon, so a screen reader announces a control
  without a name (``summary-name``, serious). The theme offers no option for it: we name each
  such toggle after the page whose sub-pages it shows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from bs4 import Tag
from docutils import nodes
from languages import text
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

#: the accessible name of a sidebar toggle, after the page it opens
TOGGLE_LABEL = "Pages under {title}"
#: the name of a toggle whose page has no title we can read (a part's caption, say)
TOGGLE_FALLBACK = "Show or hide the pages below"


def visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    # as docutils does, a run of consecutive citations is one list...
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    # ... but each entry is inside a list item, which the deprecated role no longer is
    self.body.append('<div role="listitem">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="doc-biblioentry"))


def depart_citation(self: HTML5Translator, node: nodes.citation) -> None:
    self.body.append("</div>\n</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        self.body.append("</div>\n")


def name_toggles(tree: Tag, translate: Callable[[str], str] = str) -> None:
    """Give every nameless ``<summary>`` of a navigation tree an ``aria-label``.

    ``translate`` gives the label's words in the book's language (``languages.text``).
    """
    for summary in tree.find_all("summary"):
        if summary.get("aria-label") or summary.get_text(strip=True):
            continue  # already named (a caption inside it, say)
        item = summary.find_parent("li")
        link = item.find("a", recursive=False) if item is not None else None
        title = link.get_text(" ", strip=True) if link is not None else ""
        label = translate(TOGGLE_LABEL).format(title=title) if title else translate(TOGGLE_FALLBACK)
        summary["aria-label"] = label


def _named_toctree(
    generate: Callable[..., Any], translate: Callable[[str], str]
) -> Callable[..., Any]:
    @functools.wraps(generate)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        tree = generate(*args, **kwargs)
        # the theme returns a BeautifulSoup tree (cached per page): naming it in place is
        # idempotent, and the template turns it into HTML afterwards
        if isinstance(tree, Tag):
            name_toggles(tree, translate)
        return tree

    return wrapper


def _name_sidebar_toggles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # the theme puts a new generate_toctree_html in each page's context
    if "generate_toctree_html" in context:
        context["generate_toctree_html"] = _named_toctree(
            context["generate_toctree_html"], lambda english: text(app, english)
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    # after pydata-sphinx-theme has put generate_toctree_html in the context (priority 500)
    app.connect("html-page-context", _name_sidebar_toggles, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
