"""Every page of the built book passes axe with no serious or critical finding.

axe-core (bundled by axe-playwright-python, so no network) runs in Debian's Chromium on each
HTML page of the student edition (``_build/html``, built by ``make book``), listed from the
build tree so that a new page is checked without touching this file, and on each page that
only the instructor edition has (``_build/instructor/_build/html``, ``make book-instructor``;
the pages of ``_toc_instructor.yml``). A page is checked once its formulas are typeset and
its colour transitions are over: with every axe rule in the light theme, then with the rules
about colours in the dark theme (the book follows the reader's system setting; nothing else
changes between the two). Moderate and minor findings are not failures. The folders can be
pointed elsewhere with the environment variables ``BOOK_HTML_DIR`` and
``INSTRUCTOR_HTML_DIR`` (a private build, say).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from book_site import (
    ROOT,
    TIMEOUT_MS,
    Site,
    keep_offline,
    launch_chromium,
    require_built_book,
    serve,
)
from playwright.sync_api import Browser, sync_playwright

pytestmark = pytest.mark.browser

HTML_DIR = Path(os.environ.get("BOOK_HTML_DIR", ROOT / "_build" / "html"))
INSTRUCTOR_HTML_DIR = Path(
    os.environ.get("INSTRUCTOR_HTML_DIR", ROOT / "_build" / "instructor" / "_build" / "html")
)
#: generated pages that are not the book's (Sphinx's index and search pages)
NOT_PAGES = {"genindex.html", "search.html"}
#: folders of the build that hold assets, sources or another site (JupyterLite), not pages
NOT_PAGE_FOLDERS = {"_static", "_sources", "_images", "lite", "fr"}
#: the French edition (fr/) has the same templates as the English one: axe checks a sample
#: of its kinds of page (landing, chapter, notebook, pre-test), not every page again
FRENCH_SAMPLE = [
    "fr/index.html",
    "fr/book/intro.html",
    "fr/book/data_to_decision.html",
    "fr/notebooks/data_to_decision.html",
    "fr/book/cme/data_to_decision_pretest.html",
]
#: what fails the test; axe's other impacts are "moderate" and "minor"
FAILING_IMPACTS = {"serious", "critical"}
#: offending elements named per finding in a failure message
SHOWN_TARGETS = 3
#: axe's options per theme a reader may get (pydata-sphinx-theme follows prefers-color-scheme):
#: all rules in the first, the rules whose verdict depends on colours in the other
THEMES: dict[str, dict[str, Any]] = {
    "light": {"resultTypes": ["violations"]},
    "dark": {
        "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
        "resultTypes": ["violations"],
    },
}
# What a reader sees once the page has settled: MathJax typesets after the load event, and
# the theme fades colours in when it switches (axe would measure them half-way).
SETTLE = """async () => {
  if (window.MathJax?.startup?.promise) await window.MathJax.startup.promise;
  const finite = document.getAnimations().filter(
    (a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  await Promise.all(finite.map((a) => a.finished.catch(() => null)));
}"""


def _is_redirect(path: Path) -> bool:
    """Jupyter Book writes the site's index.html as a bare redirect to the root page."""
    with path.open(encoding="utf-8", errors="replace") as file:
        head = file.read(300)
    return head.lstrip().lower().startswith('<meta http-equiv="refresh"')


def built_pages(html_dir: Path) -> list[str]:
    """Every page of a built edition, relative to its folder, in a stable order."""
    pages = []
    for folder, subfolders, files in os.walk(html_dir):
        here = Path(folder)
        if here == html_dir:
            subfolders[:] = [d for d in subfolders if d not in NOT_PAGE_FOLDERS]
        subfolders[:] = [d for d in subfolders if not d.startswith(("_", "."))]
        for name in files:
            path = here / name
            relative = path.relative_to(html_dir).as_posix()
            if name.endswith(".html") and relative not in NOT_PAGES and not _is_redirect(path):
                pages.append(relative)
    return sorted(pages)


def _toc_pages(toc_file: Path) -> list[str]:
    """The page (``x.html``) of every document a table of contents names."""
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    files = [toc["root"]] if "root" in toc else []

    def walk(entries: list[dict[str, Any]]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key, []))

    walk([toc])
    return [f"{Path(file).with_suffix('').as_posix()}.html" for file in files]


STUDENT_PAGES = built_pages(HTML_DIR) + FRENCH_SAMPLE
INSTRUCTOR_PAGES = _toc_pages(ROOT / "_toc_instructor.yml")


def violations(report: dict[str, Any]) -> list[str]:
    """The serious and critical findings of an axe report, one line each."""
    found = []
    for violation in report["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        shown = "; ".join(targets[:SHOWN_TARGETS])
        more = f" (and {len(targets) - SHOWN_TARGETS} more)" if len(targets) > SHOWN_TARGETS else ""
        found.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']}, "
            f"{len(targets)} element(s): {shown}{more}"
        )
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.fixture(scope="module")
def student_site() -> Iterator[Site]:
    require_built_book(HTML_DIR)
    yield from serve(HTML_DIR)


@pytest.fixture(scope="module")
def instructor_site() -> Iterator[Site]:
    require_built_book(INSTRUCTOR_HTML_DIR, "make book-instructor")
    yield from serve(INSTRUCTOR_HTML_DIR)


def check_page(browser: Browser, axe: Axe, site: Site, path: str) -> None:
    """Open a page in a fresh context, offline, and fail on a serious or critical finding."""
    found = []
    context = browser.new_context()
    try:
        keep_offline(context, site)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        response = page.goto(site.url(path), wait_until="load")
        assert response is not None and response.status == 200, (
            f"{path} answered HTTP {response and response.status}: rebuild the book"
        )
        for theme, options in THEMES.items():
            # the reader's system setting changes; the theme follows it (its own listener)
            page.emulate_media(color_scheme=theme)
            page.wait_for_function(f"document.documentElement.dataset.theme === '{theme}'")
            page.evaluate(SETTLE)
            report = axe.run(page, options=options).response
            found += [f"[{theme} theme] {line}" for line in violations(report)]
    finally:
        context.close()
    assert not found, f"axe finds on {path}:\n" + "\n".join(found)


def test_every_page_of_the_student_edition_is_checked() -> None:
    require_built_book(HTML_DIR)
    unbuilt = sorted(set(_toc_pages(ROOT / "_toc.yml")) - set(STUDENT_PAGES))
    assert not unbuilt, f"pages of _toc.yml missing from {HTML_DIR}: {unbuilt}; rebuild the book"
    assert not set(INSTRUCTOR_PAGES) & set(STUDENT_PAGES), "instructor pages in the student book"


def test_finding_is_reported_with_its_page_rule_impact_and_elements() -> None:
    # what a failure says, from a report as axe writes it
    node = {"target": ["#a"]}
    report = {
        "violations": [
            {"id": "summary-name", "impact": "serious", "help": "Needs a name", "nodes": [node]},
            {"id": "region", "impact": "moderate", "help": "In a landmark", "nodes": [node]},
            {"id": "list", "impact": "critical", "help": "List items", "nodes": [node] * 5},
        ]
    }
    assert violations(report) == [
        "summary-name (serious): Needs a name, 1 element(s): #a",
        "list (critical): List items, 5 element(s): #a; #a; #a (and 2 more)",
    ]
    assert violations({"violations": []}) == []


@pytest.mark.parametrize("path", STUDENT_PAGES)
def test_student_page_has_no_serious_accessibility_finding(
    browser: Browser, axe: Axe, student_site: Site, path: str
) -> None:
    check_page(browser, axe, student_site, path)


@pytest.mark.parametrize("path", INSTRUCTOR_PAGES)
def test_instructor_page_has_no_serious_accessibility_finding(
    browser: Browser, axe: Axe, instructor_site: Site, path: str
) -> None:
    check_page(browser, axe, instructor_site, path)
