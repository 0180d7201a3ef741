"""Open the built book in a real browser (Debian's Chromium, driven by Playwright).

Both editions must have been built first, the student edition with ``make book``
(``_build/html``) and the instructor edition with ``make book-instructor``
(``_build/instructor/_build/html``); these tests serve them over HTTP on 127.0.0.1 and check
what a reader meets: pages that load without JavaScript errors, citations that lead to the
bibliography, images with alternative text, exercise solutions that stay hidden until opened
with the keyboard, and a working search. The instructor pages are opened in the instructor
edition; the student edition must answer "not found" for every one of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from book_site import (
    ROOT,
    TIMEOUT_MS,
    Site,
    keep_offline,
    launch_chromium,
    require_built_book,
    serve,
)
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

pytestmark = pytest.mark.browser

HTML_DIR = ROOT / "_build" / "html"
INSTRUCTOR_HTML_DIR = ROOT / "_build" / "instructor" / "_build" / "html"


BOOK_TITLE = "AI in medicine, hands-on"
LANDING = "book/intro.html"
CHAPTER = "book/bias_fairness.html"
REFERENCES = "book/references.html"
# Works the module 4 chapter must cite: a missing one means a case lost its source.
CITED_AUTHORS = ["Obermeyer", "Sjoding", "Larrazabal", "Kleinberg", "Chouldechova", "Hardt"]


def _module_slugs() -> list[str]:
    """Every module of the table of contents: a part whose chapters are book/X and notebooks/X."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    slugs = []
    for part in toc["parts"]:
        files = [chapter["file"] for chapter in part["chapters"]]
        for file in files:
            slug = Path(file).name
            if file == f"book/{slug}" and f"notebooks/{slug}" in files:
                slugs.append(slug)
    return slugs


def _instructor_pages() -> list[str]:
    """Every page that only the instructor edition has (the parts of _toc_instructor.yml)."""
    toc = yaml.safe_load((ROOT / "_toc_instructor.yml").read_text(encoding="utf-8"))
    return [f"{chapter['file']}.html" for part in toc["parts"] for chapter in part["chapters"]]


MODULES = _module_slugs()
CAPSTONE = "capstone_audit"
CHAPTERS = [f"book/{slug}.html" for slug in MODULES]
NOTEBOOKS = [f"notebooks/{slug}.html" for slug in MODULES]
#: the pages a CME body or a dean's office reads, linked from the landing page
REVIEWER_PAGES = ["book/about.html", "book/competency_map.html", "book/training_map.html"]
INSTRUCTOR_PAGES = _instructor_pages()
ASSIGNMENT_PAGES = [f"book/instructor/{slug}.html" for slug in [*MODULES, CAPSTONE]]
GLOSSARY = "book/glossary.html"
PAGES = [LANDING, *CHAPTERS, *NOTEBOOKS, f"book/{CAPSTONE}.html", *REVIEWER_PAGES, GLOSSARY]
#: a phone's screen in portrait (CSS pixels of a common 6.1-inch phone)
PHONE = {"width": 390, "height": 844}
IMAGE_FILE = re.compile(r"\.(png|jpe?g|gif|svg|webp)$", re.IGNORECASE)


def _require_built_book(html_dir: Path = HTML_DIR, command: str = "make book") -> None:
    require_built_book(html_dir, command)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """The student edition."""
    _require_built_book()
    yield from serve(HTML_DIR)


@pytest.fixture(scope="module")
def instructor_site() -> Iterator[Site]:
    """The instructor edition."""
    _require_built_book(INSTRUCTOR_HTML_DIR, "make book-instructor")
    yield from serve(INSTRUCTOR_HTML_DIR)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Tab:
    page: Page
    errors: list[str]
    network: list[str]


@pytest.fixture
def tab(browser: Browser, site: Site) -> Iterator[Tab]:
    """A fresh page that records console errors, uncaught exceptions and network requests.

    Requests that leave the local server are aborted and recorded, so that the result does
    not depend on whether the test machine has a network.
    """
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    network = keep_offline(context, site)

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        source = message.location.get("url") or ""
        if source in network:
            return  # an aborted off-site request; checked by test_pages_fetch_nothing_off_site
        errors.append(f"console error: {message.text} ({source})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught exception: {exc}"))
    try:
        yield Tab(page=page, errors=errors, network=network)
    finally:
        context.close()


def _open(tab: Tab, site: Site, path: str) -> None:
    """Load a page, failing clearly unless the server answers 200."""
    response = tab.page.goto(site.url(path), wait_until="load")
    assert response is not None, f"no response for {path}"
    assert response.status == 200, (
        f"{path} answered HTTP {response.status}: is the page in _toc.yml and was the book "
        "rebuilt with `make book`?"
    )


def test_book_is_built() -> None:
    _require_built_book()


def test_landing_page_loads_with_its_title(tab: Tab, site: Site) -> None:
    # index.html redirects to the root page of the table of contents.
    tab.page.goto(site.url("index.html"))
    tab.page.wait_for_url(re.compile(re.escape(LANDING) + "$"))
    _open(tab, site, LANDING)
    assert BOOK_TITLE in tab.page.title()
    heading = tab.page.locator("article h1").first.inner_text()
    assert BOOK_TITLE in heading
    # The landing page links to every module's chapter and to the pages for reviewers.
    for chapter in [*CHAPTERS, *REVIEWER_PAGES]:
        assert tab.page.locator(f'article a[href$="{Path(chapter).name}"]').count() > 0, (
            f"the landing page does not link to {chapter}"
        )
    # ... and to no instructor page: the student edition has none
    hrefs = tab.page.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
    assert not [h for h in hrefs if "instructor" in urlsplit(h).path], hrefs
    assert tab.errors == [], "\n".join(tab.errors)


def test_every_module_is_in_the_book() -> None:
    assert len(MODULES) >= 5, f"modules found in _toc.yml: {MODULES}"
    assert "bias_fairness" in MODULES


@pytest.mark.parametrize("path", CHAPTERS)
def test_chapter_loads_without_errors(tab: Tab, site: Site, path: str) -> None:
    _open(tab, site, path)
    body = tab.page.locator("article").inner_text()
    for expected in ("Learning objectives", "Prerequisites", "Time"):
        assert expected in body, f"{path} lacks its '{expected}' item"
    assert tab.errors == [], "\n".join(tab.errors)


@pytest.mark.parametrize("path", [*NOTEBOOKS, f"book/{CAPSTONE}.html", *REVIEWER_PAGES])
def test_page_loads_without_errors(tab: Tab, site: Site, path: str) -> None:
    _open(tab, site, path)
    assert tab.page.locator("article h1").count() >= 1, f"{path} has no title"
    assert tab.errors == [], "\n".join(tab.errors)


def test_every_assignment_has_an_instructor_page() -> None:
    assert set(ASSIGNMENT_PAGES) <= set(INSTRUCTOR_PAGES)
    assert "book/instructor_guide.html" in INSTRUCTOR_PAGES


@pytest.mark.parametrize("path", INSTRUCTOR_PAGES)
def test_instructor_page_loads_in_the_instructor_edition(
    tab: Tab, instructor_site: Site, path: str
) -> None:
    _open(tab, instructor_site, path)
    assert tab.page.locator("article h1").count() >= 1, f"{path} has no title"
    # every page of this edition says it must not be published
    banner = tab.page.locator(".bd-header-announcement")
    assert "Instructor edition" in banner.inner_text(), "the instructor banner is missing"
    assert tab.errors == [], "\n".join(tab.errors)


@pytest.mark.parametrize("path", INSTRUCTOR_PAGES)
def test_student_edition_has_no_instructor_page(tab: Tab, site: Site, path: str) -> None:
    response = tab.page.goto(site.url(path), wait_until="load")
    assert response is not None and response.status == 404, (
        f"{path} is in the student edition (HTTP {response and response.status})"
    )


def test_student_edition_has_no_instructor_banner(tab: Tab, site: Site) -> None:
    _open(tab, site, LANDING)
    assert tab.page.locator(".bd-header-announcement").count() == 0


def test_instructor_edition_links_its_guide_from_the_landing_page(
    tab: Tab, instructor_site: Site
) -> None:
    _open(tab, instructor_site, LANDING)
    link = tab.page.locator('article a[href$="instructor_guide.html"]')
    assert link.count() >= 1, "the instructor edition's landing page does not link its guide"
    link.first.click()
    tab.page.wait_for_url(re.compile(r"instructor_guide\.html$"))
    assert tab.errors == [], "\n".join(tab.errors)


def test_module_4_cites_its_cases(tab: Tab, site: Site) -> None:
    _open(tab, site, CHAPTER)
    links = tab.page.locator("article span.bibtex-citation a")
    titles = " ".join(links.evaluate_all("els => els.map(e => e.title)"))
    for author in CITED_AUTHORS:
        assert author in titles, f"the chapter no longer cites {author}"


@pytest.mark.parametrize("path", CHAPTERS)
def test_chapter_citations_link_to_the_references_page(tab: Tab, site: Site, path: str) -> None:
    _open(tab, site, path)
    links = tab.page.locator("article span.bibtex-citation a")
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(hrefs) >= 5, f"only {len(hrefs)} citations in {path}"

    anchors = set()
    for href in hrefs:
        parts = urlsplit(href)
        assert parts.path.endswith(Path(REFERENCES).name), f"citation {href} is not a reference"
        assert parts.fragment, f"citation {href} has no anchor"
        anchors.add(parts.fragment)

    _open(tab, site, REFERENCES)
    for anchor in sorted(anchors):
        entry = tab.page.locator(f'[id="{anchor}"]')
        assert entry.count() == 1, f"#{anchor} is not on the references page"
        assert entry.get_attribute("role") == "doc-biblioentry", f"#{anchor} is not an entry"
        # Each cited work carries a link to its source (a DOI or, failing that, its address).
        assert entry.locator("a.reference.external").count() >= 1, (
            f"reference #{anchor} has no DOI or link: {entry.inner_text()}"
        )


@pytest.mark.parametrize("path", PAGES)
def test_images_have_alternative_text(tab: Tab, site: Site, path: str) -> None:
    if not (HTML_DIR / path).is_file():
        pytest.fail(
            f"{path} was not built: its source (book/*.md or notebooks/*.md) is missing or "
            "not in _toc.yml. Write it, then run `make book`.",
            pytrace=False,
        )
    _open(tab, site, path)
    images = tab.page.locator("article img").evaluate_all(
        "els => els.map(e => ({src: e.getAttribute('src'), alt: e.getAttribute('alt')}))"
    )
    for image in images:
        alt = (image["alt"] or "").strip()
        assert alt, f"image {image['src']} on {path} has no alternative text"
        # Sphinx falls back to the file name when no alt text is given: that is not a text.
        assert not IMAGE_FILE.search(alt), (
            f"image {image['src']} on {path} has a file name as alternative text ({alt!r}); "
            "describe the figure (for a notebook output: cell metadata mystnb.image.alt)"
        )


@pytest.mark.parametrize("path", CHAPTERS)
def test_chapter_has_self_check_exercises(tab: Tab, site: Site, path: str) -> None:
    _open(tab, site, path)
    solutions = tab.page.locator("article div.solution.dropdown")
    assert solutions.count() >= 2, f"{path} should have at least two self-check solutions"
    assert tab.page.locator("article div.exercise").count() == solutions.count()


@pytest.mark.parametrize("key", ["Enter", " "], ids=["enter", "space"])
def test_solution_is_closed_and_opens_with_the_keyboard(tab: Tab, site: Site, key: str) -> None:
    _open(tab, site, CHAPTER)
    solutions = tab.page.locator("article div.solution.dropdown")
    assert solutions.count() >= 2, "the chapter should have at least two self-check solutions"
    exercises = tab.page.locator("article div.exercise")
    assert exercises.count() == solutions.count()
    # The exercise statement is visible; every solution's body is hidden until asked for.
    assert exercises.first.locator("section").is_visible()
    for index in range(solutions.count()):
        solution = solutions.nth(index)
        solution.locator("button.toggle-button").wait_for(state="attached")
        assert solution.locator("section").is_hidden(), f"solution {index + 1} is shown"
        assert solution.locator("button.toggle-button").get_attribute("aria-expanded") == "false"

    solution = solutions.first
    button = solution.locator("button.toggle-button")
    button.focus()
    assert button.evaluate("b => b === document.activeElement"), "the toggle is not focusable"
    tab.page.keyboard.press(key)
    solution.locator("section").wait_for(state="visible")
    assert button.get_attribute("aria-expanded") == "true"
    # The other solutions stay closed, and the same key closes this one again.
    assert solutions.nth(1).locator("section").is_hidden()
    tab.page.keyboard.press(key)
    solution.locator("section").wait_for(state="hidden")
    assert button.get_attribute("aria-expanded") == "false"
    assert tab.errors == [], "\n".join(tab.errors)


# The book serves its own maths and widget scripts (book/_ext/offline_assets.py): a page that
# fetches anything from another host would break in a hospital network that blocks it.
@pytest.mark.parametrize("path", PAGES)
def test_pages_fetch_nothing_off_site(tab: Tab, site: Site, path: str) -> None:
    if not (HTML_DIR / path).is_file():
        pytest.fail(f"{path} was not built: write its source, then run `make book`.", pytrace=False)
    _open(tab, site, path)
    tab.page.wait_for_load_state("networkidle")
    assert tab.network == [], f"{path} fetches from other hosts: {sorted(set(tab.network))}"
    assert tab.errors == [], "\n".join(tab.errors)


def _pages_with_maths() -> list[str]:
    built = [path for path in PAGES if (HTML_DIR / path).is_file()]
    return [path for path in built if 'class="math' in (HTML_DIR / path).read_text("utf-8")]


def test_some_pages_have_maths() -> None:
    _require_built_book()
    assert "book/judging_evidence.html" in _pages_with_maths()


@pytest.mark.parametrize("path", _pages_with_maths())
def test_maths_render_with_the_network_off(tab: Tab, site: Site, path: str) -> None:
    # Every request off the local server is aborted (the tab fixture): MathJax must come from
    # the book itself, and every formula must be typeset, with no TeX left for the reader.
    _open(tab, site, path)
    tab.page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    tab.page.evaluate("() => MathJax.startup.promise")
    formulas = tab.page.locator("article .math")
    assert formulas.count() > 0
    untypeset = formulas.evaluate_all("els => els.filter(e => !e.querySelector('mjx-container'))")
    assert untypeset == [], f"{len(untypeset)} formula(s) of {path} left as raw TeX"
    text = tab.page.locator("article").inner_text()
    assert "\\(" not in text and "\\[" not in text, f"raw TeX delimiters on {path}"
    assert tab.network == [], sorted(set(tab.network))
    assert tab.errors == [], "\n".join(tab.errors)


@pytest.mark.parametrize("path", [LANDING, CHAPTER, "notebooks/judging_evidence.html"])
def test_pages_read_at_phone_width(tab: Tab, site: Site, path: str) -> None:
    tab.page.set_viewport_size(PHONE)
    _open(tab, site, path)
    # nothing makes the page scroll sideways: code wraps, wide tables scroll in their box
    widths = tab.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1] + 1, f"{path} scrolls sideways at phone width: {widths}"
    overflowing = tab.page.locator("article pre").evaluate_all(
        "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).length"
    )
    assert overflowing == 0, f"{overflowing} code block(s) of {path} are cut at phone width"
    # the page's title leaves the screen to the text
    box = tab.page.locator("article h1").first.bounding_box()
    assert box is not None and box["height"] <= 0.12 * PHONE["height"], box
    assert tab.errors == [], "\n".join(tab.errors)


def test_search_finds_the_chapter(tab: Tab, site: Site) -> None:
    _open(tab, site, "search.html")
    field_ = tab.page.locator("div.bd-search-container form.bd-search input[name=q]")
    field_.fill("calibration")
    field_.press("Enter")
    tab.page.wait_for_url(re.compile(r"search\.html\?q=calibration"))
    results = tab.page.locator("#search-results ul.search li a")
    results.first.wait_for(state="visible")
    hrefs = results.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(Path(CHAPTER).name in (href or "") for href in hrefs), (
        f"searching 'calibration' did not find the chapter: {hrefs}"
    )
    # A word that is nowhere in the book finds nothing.
    _open(tab, site, "search.html?q=zzxqvnotaword")
    tab.page.locator("#search-results").get_by_text(re.compile("did not match")).wait_for()
    assert tab.page.locator("#search-results ul.search li").count() == 0
    assert tab.errors == [], "\n".join(tab.errors)


# --- The notebooks in the browser (JupyterLite, book/_ext/lite.py) ---------------------------

#: where the Pyodide kernel fetches Python and its packages at run time (no registry ships them)
PYODIDE_CDN = "https://cdn.jsdelivr.net/pyodide/"
LITE_TITLES = {
    "bias_fairness.ipynb": "Hands-on: measuring bias per patient group",
    "protecting_health_data_pretest.ipynb": "Pre-test: Protecting health data",
    "assignments/bias_fairness/bias_fairness.ipynb": "Spot the biased classifier",
}


def _wait_for_lite_notebook(tab: Tab, title: str) -> None:
    """Wait until JupyterLite has opened the notebook and rendered its note and its title."""
    for text in ("Running in your browser", title):
        shown = tab.page.locator(".jp-Notebook .jp-RenderedMarkdown", has_text=text)
        shown.first.wait_for(state="visible", timeout=30_000)


def _errors_but_the_kernels(tab: Tab) -> list[str]:
    """With the network off the kernel cannot fetch Pyodide: that error, and no other."""
    return [error for error in tab.errors if PYODIDE_CDN not in error]


@pytest.mark.parametrize("notebook", list(LITE_TITLES))
def test_jupyterlite_opens_the_notebook_with_the_network_off(
    tab: Tab, site: Site, notebook: str
) -> None:
    _open(tab, site, f"lite/notebooks/index.html?path={notebook}")
    _wait_for_lite_notebook(tab, LITE_TITLES[notebook])
    # The shell and the notebook come from the book; only the kernel asks the Pyodide CDN.
    assert [url for url in tab.network if not url.startswith(PYODIDE_CDN)] == []
    assert _errors_but_the_kernels(tab) == [], "\n".join(tab.errors)


def test_launch_link_opens_the_page_notebook_in_jupyterlite(tab: Tab, site: Site) -> None:
    _open(tab, site, "notebooks/judging_evidence.html")
    link = tab.page.locator("article a.lite-launch-link")
    assert link.count() == 1
    link.focus()
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(re.compile(r"/lite/notebooks/index\.html\?path=judging_evidence\.ipynb$"))
    _wait_for_lite_notebook(tab, "Hands-on: judging a vendor's evidence")
    assert _errors_but_the_kernels(tab) == [], "\n".join(tab.errors)
