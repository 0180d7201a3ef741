"""The JupyterLite site: what the notebooks need in the browser, and the site the book builds.

The first tests read only the sources, ``lite/`` and Pyodide's package list (installed by
``make setup``): every import of every notebook, and of the course's helpers they load, is one
of Pyodide's packages of the pinned release or a pure-Python wheel the site ships. The tests
marked ``book`` read the built student edition (``make book``): the site, its notebooks and
wheels, the launch link of every notebook page, and the display language of the English and
the French sites, which the last test checks in Chromium too. The other browser tests are in
``tests/test_book_browser.py``.
"""

from __future__ import annotations

import json
import re
import zipfile
from contextlib import closing
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import book_extensions
import nbformat
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
HTML_DIR = ROOT / "_build" / "html"
SITE = HTML_DIR / "lite"
FRENCH_SITE = HTML_DIR / "fr" / "lite"


lite = book_extensions.load("lite")
needs = book_extensions.load("lite_requirements")
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.md"))
PRETESTS = sorted((ROOT / "book" / "cme").glob("*_pretest.md"))
ASSIGNMENT_SOURCES = [ROOT / "assignments" / a / f"{a}.ipynb" for a in lite.ASSIGNMENT_IDS]
LITE_SOURCES = NOTEBOOKS + PRETESTS + ASSIGNMENT_SOURCES


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


# --- What the browser must provide ---------------------------------------------------------


@pytest.fixture(scope="module")
def requirements():
    return needs.browser_requirements(LITE_SOURCES)


def test_every_import_of_every_notebook_loads_in_the_browser(requirements) -> None:
    assert requirements.missing == {}, (
        "imports that neither Pyodide nor the site provides (add a pure-Python wheel to "
        f"lite/requirements.txt, or make the import optional): {requirements.missing}"
    )
    # the analysis saw what the notebooks really use
    assert {"numpy", "pandas", "scikit-learn", "matplotlib"} <= requirements.from_pyodide
    assert {"fairlearn", "ipywidgets"} <= requirements.from_site
    assert {"medai.widgets", "medai.quiz", "medai.privacy_fallback"} <= requirements.course_modules


def test_only_module_5_assignment_needs_the_server(requirements) -> None:
    # OpenDP builds its graded measurement: the browser cannot; everything else can.
    assert requirements.server_only == {"opendp": {"protecting_health_data.ipynb"}}


def test_the_graded_assignments_open_in_the_browser() -> None:
    assert len(lite.ASSIGNMENT_IDS) == 7 and "capstone_audit" in lite.ASSIGNMENT_IDS
    assert not [a for a in lite.ASSIGNMENT_IDS if a.endswith(("_pre", "_post"))]


@pytest.mark.parametrize("assignment_id", lite.ASSIGNMENT_IDS)
def test_browser_assignment_is_nbgraders_student_version(assignment_id: str) -> None:
    source = nbformat.read(ROOT / "assignments" / assignment_id / f"{assignment_id}.ipynb", 4)
    student = lite.student_version(assignment_id)
    text = "\n".join(cell.source for cell in student.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "BEGIN MARK SCHEME"):
        assert marker not in text
    # every line of a model answer or a hidden test is gone
    blocks = re.compile(r"BEGIN (?:SOLUTION|HIDDEN TESTS)(.*?)### END", re.S)
    secret, visible = set(), set()
    for cell in source.cells:
        for block in blocks.findall(cell.source):
            secret.update(line.strip() for line in block.splitlines() if len(line.strip()) > 25)
        visible.update(line.strip() for line in blocks.sub("", cell.source).splitlines())
    secret -= visible  # an import the visible checks make too is no secret
    assert secret, "the source has no solution to hide"
    assert secret & {line.strip() for line in text.splitlines()} == set()
    # graded cells keep their nbgrader metadata, so that a download is graded as usual
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in source.cells]
    assert [c.metadata.get("nbgrader", {}).get("grade_id") for c in student.cells] == ids


def test_pyodide_packages_are_in_the_pinned_release(requirements) -> None:
    assert requirements.from_pyodide <= set(needs.pyodide_packages())


def test_the_check_finds_an_import_the_browser_lacks(tmp_path: Path) -> None:
    notebook = tmp_path / "extra.md"
    notebook.write_text(
        "```{code-cell} ipython3\nimport torch\nimport opendp.prelude as dp\n"
        "%matplotlib inline\nfrom medai.privacy import dp_count\n```\n",
        encoding="utf-8",
    )
    found = needs.browser_requirements([notebook])
    # torch is missing; opendp is optional (medai falls back); magics are not Python
    assert set(found.missing) == {"torch"}
    assert found.missing["torch"] == {"extra.md"}
    assert "medai.privacy_fallback" in found.course_modules


def test_the_site_pins_the_pyodide_release_of_the_kernel() -> None:
    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["pyodide"] == PYODIDE_VERSION, (
        "package.json's pyodide (whose package list the import check reads) must be the "
        f"release jupyterlite-pyodide-kernel runs ({PYODIDE_VERSION})"
    )


def test_shipped_wheels_are_the_versions_the_course_is_tested_with() -> None:
    shipped = _pins(needs.SHIPPED_WHEELS)
    pinned = _pins(ROOT / "requirements.txt")
    assert shipped, "lite/requirements.txt lists no wheel"
    assert {name: pinned.get(name) for name in shipped} == shipped


def test_shipped_wheels_are_pure_python() -> None:
    wheels = sorted(needs.WHEELHOUSE.glob("*.whl"))
    names = {re.sub(r"[-_.]+", "-", w.name.split("-")[0]).lower() for w in wheels}
    assert set(_pins(needs.SHIPPED_WHEELS)) <= names, "run `make setup` to download them"
    assert all(w.name.endswith("-py3-none-any.whl") for w in wheels), wheels


def test_setup_cell_installs_what_the_check_found(requirements) -> None:
    note, install = lite.setup_cells(requirements)
    assert "Pyodide CDN" in note.source and "File > Download" in note.source
    lines = install.source.splitlines()
    packages = set(lines[-2].removeprefix("%pip install -q ").split())
    assert packages == requirements.from_pyodide | requirements.from_site
    # the helpers without their server-side dependencies (nbgrader, OpenDP, pyzmq...)
    assert lines[-1] == "%pip install -q --no-deps medai"


def _interface_words(language: str) -> tuple[str, str]:
    """How the interface of a ``language`` book's site names the File menu and its Download.

    From the language pack the site ships, read as ``jupyter lite build`` reads it, and looked
    up as the interface does: File in JupyterLab's strings, Download in JupyterLite's (its own
    command), a string without a translation shown in English.
    """
    locale = lite.INTERFACE_LOCALES.get(language)
    if locale is None:
        return "File", "Download"
    from jupyterlab_server.translation_utils import get_language_pack

    pack, message = get_language_pack(locale)
    assert pack, f"JupyterLab's {locale} language pack is not installed: {message}"
    return _menu_words(pack)


def _menu_words(pack: dict) -> tuple[str, str]:
    """File and Download in a language pack's strings (per domain, gettext's JSON)."""
    download = pack.get("jupyterlite", {}).get("Download", ["Download"])[0]
    return pack["jupyterlab"]["menu\x04File"][0], download


def test_the_french_notes_name_the_menu_as_the_french_interface_shows_it(
    requirements, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(lite._language, "current", "fr")
    menu = " > ".join(_interface_words("fr"))
    assert menu.startswith("Fichier > ")
    notes = [lite.setup_cells(requirements)[0].source, lite._(lite.ASSIGNMENT_NOTE)]
    for note in notes:
        assert menu in " ".join(note.split())
        assert "File" not in note


def test_only_the_french_site_gets_a_default_display_language(tmp_path: Path) -> None:
    lite.write_lite_dir(tmp_path / "fr", "fr")
    lite.write_lite_dir(tmp_path / "en", "en")
    overrides = json.loads((tmp_path / "fr" / lite.OVERRIDES).read_text(encoding="utf-8"))
    assert overrides == {"@jupyterlab/translation-extension:plugin": {"locale": "fr_FR"}}
    assert not (tmp_path / "en" / lite.OVERRIDES).exists()
    # both keep the course's settings
    for language in ("fr", "en"):
        copied = (tmp_path / language / "jupyter-lite.json").read_text(encoding="utf-8")
        assert copied == (lite.LITE_DIR / "jupyter-lite.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("myst", "plain"),
    [
        (
            "Read {doc}`../book/bias_fairness` first.",
            'Read "Bias and fairness" (in the book) first.',
        ),
        ("See {doc}`the chapter <../book/bias_fairness>`.", "See the chapter."),
        ("{cite:t}`obermeyer2019dissecting` showed", "Obermeyer et al. 2019 showed"),
        ("shown {cite:p}`obermeyer2019dissecting`.", "shown (Obermeyer et al. 2019)."),
        ("```{admonition} Try it\n:class: tip\nChange it.\n```", "> **Try it**\n>\n> Change it."),
    ],
)
def test_myst_becomes_plain_markdown(myst: str, plain: str) -> None:
    assert lite.plain_markdown(myst) == plain


def test_launch_link_reaches_the_notebook_from_any_depth() -> None:
    assert lite.launch_href("notebooks/bias_fairness") == (
        "../lite/notebooks/index.html?path=bias_fairness.ipynb"
    )
    assert lite.launch_href("book/cme/bias_fairness_pretest") == (
        "../../lite/notebooks/index.html?path=bias_fairness_pretest.ipynb"
    )


def test_lite_pages_are_the_notebooks_and_the_pretests() -> None:
    docnames = ["notebooks/x", "book/x", "book/cme/x_pretest", "book/cme/index", "book/cme/y"]
    assert lite.lite_docnames(docnames) == ["book/cme/x_pretest", "notebooks/x"]


# --- The built site --------------------------------------------------------------------------


def _require_site(site: Path = SITE) -> None:
    if not (site / "index.html").is_file():
        pytest.fail(f"{site} not built: run `make book`.", pytrace=False)


def _launch_pages() -> list[Path]:
    return [HTML_DIR / f"{d}.html" for d in lite.lite_docnames(_docnames())]


def _docnames() -> list[str]:
    return [str(p.relative_to(ROOT).with_suffix("")) for p in NOTEBOOKS + PRETESTS]


def _assignment_pages() -> list[Path]:
    pages = [*_docnames(), "book/capstone_audit"]
    return [HTML_DIR / f"{d}.html" for d in pages if lite.assignment_of(d)]


def test_every_assignment_has_a_page_that_opens_it() -> None:
    assert sorted(p.stem for p in _assignment_pages()) == lite.ASSIGNMENT_IDS


def _only_link(page: Path, css_class: str) -> str:
    """The notebook a page's one link of this class opens in the site's notebook app."""
    _require_site()
    links = BeautifulSoup(page.read_text("utf-8"), "html.parser").select(f"a.{css_class}")
    assert len(links) == 1, f"{page.name} has {len(links)} links of class {css_class}"
    url = urlsplit(links[0]["href"])
    assert (page.parent / url.path).resolve() == SITE / "notebooks" / "index.html"
    (path,) = parse_qs(url.query)["path"]
    assert (SITE / "files" / path).is_file(), f"{path} is not in the site's files"
    return path


@pytest.mark.book
@pytest.mark.parametrize("page", _launch_pages(), ids=lambda p: p.stem)
def test_every_launch_link_resolves_to_a_file_of_the_build(page: Path) -> None:
    assert _only_link(page, "lite-launch-link") == f"{page.stem}.ipynb"


@pytest.mark.book
@pytest.mark.parametrize("page", _assignment_pages(), ids=lambda p: p.stem)
def test_assignment_link_resolves_to_the_assignment_and_its_data(page: Path) -> None:
    path = _only_link(page, "lite-assignment-link")
    assert path == f"assignments/{page.stem}/{page.stem}.ipynb"
    notebook = nbformat.read(SITE / "files" / path, as_version=4)
    notes = notebook.cells[0].source + notebook.cells[1].source
    assert "A graded assignment, in your browser" in notes
    server = "This assignment needs the course's server. It uses OpenDP" in notes.replace("**", "")
    assert server == (page.stem == "protecting_health_data")
    data = sorted(p.name for p in (ROOT / "assignments" / page.stem).glob("*.csv"))
    assert data and sorted(p.name for p in (SITE / "files" / path).parent.glob("*.csv")) == data


@pytest.mark.book
@pytest.mark.parametrize("source", NOTEBOOKS + PRETESTS, ids=lambda p: p.stem)
def test_browser_notebook_is_the_source_with_the_setup_cells(source: Path) -> None:
    _require_site()
    notebook = nbformat.read(SITE / "files" / f"{source.stem}.ipynb", as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python"  # the Pyodide kernel
    assert "Running in your browser" in notebook.cells[0].source
    assert notebook.cells[1].source.endswith("%pip install -q --no-deps medai")
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.outputs == [] for c in code), "outputs shipped in the browser notebook"
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert not re.search(r"\{[a-z:-]+\}`|```\{", markdown), "MyST syntax left for the reader"
    import jupytext

    original = [c.source for c in jupytext.read(source).cells if c.cell_type == "code"]
    assert [c.source for c in code[1:]] == original


@pytest.mark.book
def test_the_site_ships_the_helpers_and_the_wheels(requirements) -> None:
    _require_site()
    index = json.loads((SITE / "pypi" / "all.json").read_text(encoding="utf-8"))
    assert {"medai"} | requirements.from_site <= set(index)
    (wheel,) = (SITE / "pypi").glob("medai-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    for module in requirements.course_modules:
        path = module.replace(".", "/")
        assert {f"{path}.py", f"{path}/__init__.py"} & shipped, f"{module} not in {wheel.name}"
    settings = json.loads((SITE / "jupyter-lite.json").read_text(encoding="utf-8"))
    kernel = settings["jupyter-config-data"]["litePluginSettings"][
        "@jupyterlite/pyodide-kernel-extension:kernel"
    ]
    # everything comes from the site or from Pyodide: never from PyPI at run time
    assert kernel["disablePyPIFallback"] is True
    assert any(url.startswith("./pypi/all.json") for url in kernel["pipliteUrls"])


def _display_locale(config: Path) -> str | None:
    """The display language a jupyter-lite.json sets (None: JupyterLab's default, English)."""
    data = json.loads(config.read_text(encoding="utf-8"))["jupyter-config-data"]
    overrides = data.get("settingsOverrides", {})
    return overrides.get(lite.TRANSLATION_PLUGIN, {}).get("locale")


@pytest.mark.book
@pytest.mark.parametrize(("language", "site"), [("en", SITE), ("fr", FRENCH_SITE)])
def test_each_site_opens_in_its_books_language(language: str, site: Path) -> None:
    _require_site(site)
    locale = lite.INTERFACE_LOCALES.get(language)
    assert _display_locale(site / "jupyter-lite.json") == locale
    # the apps' own settings (lab/, notebooks/...) set no other language over the site's
    apps = {_display_locale(c) for c in site.glob("*/jupyter-lite.json")}
    assert apps <= {None, locale}, apps
    # the French site ships the language pack it opens in, with the words the notes use
    if locale is not None:
        shipped = json.loads((site / lite.TRANSLATIONS / "all.json").read_text("utf-8"))
        assert locale in shipped["data"]
        pack = json.loads((site / lite.TRANSLATIONS / f"{locale}.json").read_text("utf-8"))
        assert _menu_words(pack["data"]) == _interface_words(language)


# --- The sites' menus in the browser ---------------------------------------------------------


@pytest.mark.book
@pytest.mark.browser
@pytest.mark.parametrize(("language", "site"), [("en", SITE), ("fr", FRENCH_SITE)])
def test_the_notebook_opens_with_the_menu_the_notes_name(language: str, site: Path) -> None:
    """The notebook's menu bar shows File (Fichier), and that menu the notes' Download."""
    from book_site import keep_offline, launch_chromium, serve
    from playwright.sync_api import sync_playwright

    _require_site(site)
    file, download = _interface_words(language)
    with closing(serve(site)) as serving, sync_playwright() as playwright:
        server = next(serving)
        browser = launch_chromium(playwright)
        try:
            context = browser.new_context()
            keep_offline(context, server)  # the kernel's Pyodide is not needed for the menus
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(server.url("notebooks/index.html?path=bias_fairness.ipynb"))
            page.locator(".lm-MenuBar").get_by_text(file, exact=True).click()
            page.locator(".lm-Menu").get_by_text(download, exact=True).wait_for(state="visible")
        finally:
            browser.close()
