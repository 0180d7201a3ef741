"""The hands-on notebooks in the browser: a JupyterLite site built with the book, under lite/.

Learners who will not install Python open a notebook page and follow its launch link: the
notebook opens in JupyterLite, where Python runs in the browser tab (Pyodide), on their
computer. At the end of each HTML build this extension

- writes every hands-on notebook of the table of contents as an ``.ipynb`` (no outputs),
  opened by a cell that installs the course's helpers and what they import;
- builds the course's helpers (``medai``) into a wheel and ships it in the site, with the
  pure-Python wheels of ``lite/requirements.txt`` (downloaded by ``make setup``);
- runs ``jupyter lite build`` (jupyterlite-core, with the Pyodide kernel) into ``lite/`` of
  the HTML output; the French book's site opens in JupyterLab's French interface (its
  language pack, :data:`INTERFACE_LOCALES`);

and puts a launch box at the top of every notebook page. The packages Pyodide provides
(NumPy, pandas, scikit-learn...) are fetched from the Pyodide CDN the first time a notebook
runs: no registry ships them. :func:`browser_requirements` works out, from the notebooks'
imports and the helpers' own, which packages come from Pyodide and which from the site; the
tests hold it to Pyodide's package list of the pinned release (``lite_requirements.py``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from docutils import nodes
from languages import FRENCH, language_of
from lite_requirements import (
    COURSE_PACKAGE,
    MISSING_SETUP,
    ROOT,
    WHEELHOUSE,
    BrowserRequirements,
    browser_requirements,
    normalise,
    shipped_wheels,
)
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

NOTEBOOKS = ROOT / "notebooks"
#: the packages of pyproject.toml (tool.setuptools.packages.find), built into the wheel
WHEEL_PACKAGES = (COURSE_PACKAGE, "autograder")
#: JupyterLite's settings (jupyter-lite.json, jupyter_lite_config.json)
LITE_DIR = ROOT / "lite"
#: the CME pre-tests (self-study quizzes), also opened in the browser
PRETEST = re.compile(r"book/cme/\w+_pretest")
#: the site's folder in the HTML output
OUTPUT = "lite"
#: how the notes name the imports only the course's server has (lite_requirements.OPTIONAL)
DISPLAY_NAMES = {"opendp": "OpenDP"}
ASSIGNMENTS = ROOT / "assignments"
#: the graded assignments that open in the browser (not the CME pre/post-tests)
ASSIGNMENT_IDS = sorted(
    p.name for p in ASSIGNMENTS.iterdir() if p.is_dir() and not p.name.endswith(("_pre", "_post"))
)
#: the kernel JupyterLite's Pyodide extension registers
KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
#: JupyterLab's display language of each book's site, when not English: the locale of a
#: language pack requirements.txt pins (jupyter lite build ships every pack installed, so that
#: a reader can switch in Settings > Language; the English site keeps JupyterLab's default)
INTERFACE_LOCALES = {"fr": "fr_FR"}
#: the JupyterLab settings that choose the display language
TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"
#: JupyterLite's file of default settings in the lite dir, merged into the site's
#: jupyter-lite.json (``settingsOverrides``)
OVERRIDES = "overrides.json"
#: where the site keeps each language pack it ships (JupyterLite's translations API)
TRANSLATIONS = "api/translations"
MISSING_LANGUAGE_PACK = (
    "JupyterLab's {locale} language pack is not installed (the site would open in English): "
    "run `make setup`, which installs requirements.txt."
)

INSTALL_COMMENT = (
    "# Installs what the notebook imports: Pyodide's packages from its CDN, the others\n"
    "# from this site. The course's helpers come without their server-side dependencies.\n"
)
SETUP_NOTE = """\
**Running in your browser.** This copy of the notebook runs in JupyterLite: Python runs in
this browser tab, on your computer, and nothing you type is sent to a server. Run the next
cell first (select it, then Shift+Enter): it installs the course's helpers. The first time,
the browser downloads Python and the scientific packages from the Pyodide CDN
(cdn.jsdelivr.net), so it needs the internet; later visits use the browser's cache. Your
changes stay in this browser only: to keep them, use File > Download.
"""
ASSIGNMENT_NOTE = """\
**A graded assignment, in your browser.** Write your answers and run the visible checks
here: they check the form of your answers only. The points come from the course's grader,
which runs the hidden tests on the course's server after you submit: when you are done, use
File > Download and hand in the downloaded `.ipynb` as your instructor asks (the course's
JupyterHub or the LMS). Keep the file's name, and leave the set-up cells below as they are:
the grader ignores them.
"""
SERVER_ONLY_NOTE = """\
**This assignment needs the course's server.** It uses {modules}, which does not run in the
browser: read it here, but do it on the course's JupyterHub (or with the course installed,
`make lab`), where its checks and its grading work.
"""
LAUNCH_HTML = """\
<div class="admonition tip lite-launch">
<p class="admonition-title">Run this notebook in your browser</p>
<p><a class="lite-launch-link" href="{href}">Open it in JupyterLite</a>: nothing to install,
Python runs in your browser. The first start downloads Python and its scientific packages
from the Pyodide CDN, so it needs the internet. Module 5's notebook uses a NumPy version of
OpenDP's mechanisms there.</p>{assignment}
</div>
"""
ASSIGNMENT_BOX_HTML = """\
<div class="admonition tip lite-launch">
<p class="admonition-title">Do the assignment in your browser</p>{assignment}
</div>
"""
ASSIGNMENT_LINK_HTML = """
<p>The module's graded assignment opens there too:
<a class="lite-assignment-link" href="{href}">open the assignment in JupyterLite</a>. Its
visible checks run in the browser; the points come from the course's grader once you submit
the downloaded notebook.</p>"""

#: The French of the texts above, for the French book (beside their English, to keep in step;
#: the book's other extension texts are in languages.FRENCH). The notes name the menus as the
#: French interface shows them: "Download" is JupyterLite's own command, which no language
#: pack translates.
FRENCH_TEXTS = {
    INSTALL_COMMENT: (
        "# Installe ce que le notebook importe\u202f: les paquets de Pyodide depuis son CDN,\n"
        "# les autres depuis ce site. Les outils du cours viennent sans leurs dépendances\n"
        "# côté serveur.\n"
    ),
    SETUP_NOTE: """\
**Dans votre navigateur.** Cette copie du notebook s'exécute dans JupyterLite\u202f: Python
tourne dans cet onglet du navigateur, sur votre ordinateur, et rien de ce que vous tapez
n'est envoyé à un serveur. Exécutez d'abord la cellule suivante (sélectionnez-la, puis
Maj+Entrée)\u202f: elle installe les outils du cours. La première fois, le navigateur
télécharge Python et les paquets scientifiques depuis le CDN de Pyodide (cdn.jsdelivr.net)\u202f;
il faut donc une connexion à internet, et les visites suivantes utilisent le cache du
navigateur. Vos modifications restent dans ce navigateur seulement\u202f: pour les garder,
utilisez Fichier > Download.
""",
    ASSIGNMENT_NOTE: """\
**Un devoir noté, dans votre navigateur.** Écrivez vos réponses et lancez ici les
vérifications visibles\u202f: elles ne contrôlent que la forme de vos réponses. Les points
viennent du correcteur du cours, qui exécute les tests cachés sur le serveur du cours après
votre remise\u202f: quand vous avez fini, utilisez Fichier > Download et remettez le
`.ipynb` téléchargé comme votre enseignant le demande (le JupyterHub du cours ou la
plateforme pédagogique). Gardez le nom du fichier, et laissez telles quelles les cellules
d'installation ci-dessous\u202f: le correcteur les ignore.
""",
    SERVER_ONLY_NOTE: """\
**Ce devoir a besoin du serveur du cours.** Il utilise {modules}, qui ne fonctionne pas dans
le navigateur\u202f: lisez-le ici, mais faites-le sur le JupyterHub du cours (ou avec le cours
installé, `make lab`), où ses vérifications et sa notation fonctionnent.
""",
    LAUNCH_HTML: """\
<div class="admonition tip lite-launch">
<p class="admonition-title">Exécuter ce notebook dans votre navigateur</p>
<p><a class="lite-launch-link" href="{href}">L'ouvrir dans JupyterLite</a>\u202f: rien à
installer, Python tourne dans votre navigateur. Le premier démarrage télécharge Python et ses
paquets scientifiques depuis le CDN de Pyodide\u202f; il faut donc une connexion à internet.
Le notebook du module 5 y utilise une version NumPy des mécanismes d'OpenDP.</p>{assignment}
</div>
""",
    ASSIGNMENT_BOX_HTML: """\
<div class="admonition tip lite-launch">
<p class="admonition-title">Faire le devoir dans votre navigateur</p>{assignment}
</div>
""",
    ASSIGNMENT_LINK_HTML: """
<p>Le devoir noté du module s'y ouvre aussi\u202f:
<a class="lite-assignment-link" href="{href}">ouvrir le devoir dans JupyterLite</a>. Ses
vérifications visibles s'exécutent dans le navigateur\u202f; les points viennent du correcteur
du cours une fois le notebook téléchargé remis.</p>""",
    '"{title}" (in the book)': "«\u202f{title}\u202f» (dans le livre)",
    "and": "et",
}

# The language of the book being built: the notes, boxes and set-up cells follow it (their
# French is in languages.FRENCH). Set when Sphinx starts; one build is one language.
_language = {"current": "en"}


def _(english: str) -> str:
    if _language["current"] != "fr":
        return english
    return FRENCH_TEXTS.get(english) or FRENCH.get(english, english)


def _set_language(app: Sphinx) -> None:
    _language["current"] = language_of(app)


# --- The site ------------------------------------------------------------------------------

BIBLIOGRAPHY = ROOT / "book" / "references.bib"
ROLE = re.compile(r"\{(?P<role>[a-z:-]+)\}`(?P<body>[^`]*)`")
ADMONITION = re.compile(
    r"^```\{admonition\} *(?P<title>[^\n]*)\n(?P<options>(?::[a-z]+:[^\n]*\n)*)(?P<body>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)


@cache
def _citation_labels() -> dict[str, str]:
    """Each bibliography key as the book shows it: "Obermeyer et al. 2019"."""
    from pybtex.database import parse_file

    labels = {}
    for key, entry in parse_file(str(BIBLIOGRAPHY)).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        if people:
            names = [" ".join(p.prelast_names + p.last_names) for p in people]
            who = names[0] if len(names) == 1 else f"{names[0]} et al."
            if len(names) == 2:
                who = f"{names[0]} {_('and')} {names[1]}"
        else:
            who = entry.fields.get("organization") or entry.fields.get("publisher") or key
        labels[key] = f"{who.replace('{', '').replace('}', '')} {entry.fields.get('year', 'n.d.')}"
    return labels


def _citation_label(key: str) -> str:
    return _citation_labels().get(key, key)


def _chapter_title(folder: Path, target: str) -> str:
    path = (folder / f"{target}.md").resolve()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem


def _role_as_text(match: re.Match[str], folder: Path) -> str:
    role, body = match["role"], match["body"]
    if role.startswith("cite"):
        labels = [_citation_label(k.strip()) for k in body.split(",")]
        return f"({'; '.join(labels)})" if role == "cite:p" else "; ".join(labels)
    if role == "doc":
        explicit = re.fullmatch(r"(?P<text>.*?)\s*<(?P<target>[^>]+)>", body)
        if explicit:
            return explicit["text"]
        return _('"{title}" (in the book)').format(title=_chapter_title(folder, body))
    return body


def plain_markdown(text: str, folder: Path = NOTEBOOKS) -> str:
    """A MyST markdown cell as Jupyter's markdown shows it: roles and admonitions as text.

    ``folder`` is the notebook's, against which ``{doc}`` targets are read.
    """
    text = ADMONITION.sub(
        lambda m: "\n".join(
            f"> {line}".rstrip()
            for line in [f"**{m['title']}**", ""] + m["body"].rstrip().splitlines()
        ),
        text,
    )
    return ROLE.sub(lambda match: _role_as_text(match, folder), text)


def setup_cells(requirements: BrowserRequirements, notes: Iterable[str] = ()) -> list[dict]:
    """The notes and the install cell that open every notebook in the browser."""
    import nbformat

    packages = " ".join(sorted(requirements.from_pyodide | requirements.from_site))
    install = (
        _(INSTALL_COMMENT) + f"%pip install -q {packages}\n"
        f"%pip install -q --no-deps {COURSE_PACKAGE}"
    )
    markdown = [nbformat.v4.new_markdown_cell(_(note)) for note in (*notes, SETUP_NOTE)]
    return [*markdown, nbformat.v4.new_code_cell(install)]


def student_version(assignment_id: str, root: Path = ROOT):
    """What nbgrader releases to students: no solutions, no hidden tests, no outputs.

    nbgrader's own preprocessors, with the course's nbgrader_config.py (its code stub); the
    cells keep their nbgrader metadata, so that a notebook downloaded from the browser is
    graded like one fetched from JupyterHub.
    """
    import nbformat
    from nbgrader.preprocessors import (
        ClearHiddenTests,
        ClearMarkScheme,
        ClearOutput,
        ClearSolutions,
    )
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    path = root / "assignments" / assignment_id / f"{assignment_id}.ipynb"
    notebook, resources = nbformat.read(path, as_version=4), {}
    for step in (ClearSolutions, ClearHiddenTests, ClearMarkScheme, ClearOutput):
        notebook, resources = step(config=config).preprocess(notebook, resources)
    return notebook


def for_the_browser(notebook, folder: Path, requirements: BrowserRequirements, notes=()):
    """A notebook as a learner gets it in the browser: no outputs, set-up cells first."""
    import nbformat

    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            # What the book hides (a pre-test's answer key) starts folded in the browser too.
            if {"remove-input", "hide-input"} & set(cell.metadata.get("tags", [])):
                cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        elif cell.cell_type == "markdown":
            cell.source = plain_markdown(cell.source, folder)
    notebook.cells[:0] = setup_cells(requirements, notes)
    notebook.metadata.pop("jupytext", None)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    nbformat.validate(notebook)
    return notebook


def write_notebook(source: Path, target: Path, requirements: BrowserRequirements) -> None:
    import jupytext
    import nbformat

    notebook = for_the_browser(jupytext.read(source), source.parent, requirements)
    nbformat.write(notebook, target)


def write_assignment(
    assignment_id: str, contents: Path, requirements: BrowserRequirements, root: Path = ROOT
):
    """The student version and its data files, in assignments/<id>/ of the site."""
    import nbformat

    source = root / "assignments" / assignment_id
    folder = contents / "assignments" / assignment_id
    folder.mkdir(parents=True)
    for data in source.iterdir():
        if data.is_file() and data.suffix != ".ipynb" and not data.name.startswith("."):
            shutil.copy2(data, folder)
    name = f"{assignment_id}.ipynb"
    needs = sorted(m for m, places in requirements.server_only.items() if name in places)
    notes = [ASSIGNMENT_NOTE]
    if needs:
        names = ", ".join(DISPLAY_NAMES.get(module, module) for module in needs)
        notes.insert(0, _(SERVER_ONLY_NOTE).format(modules=names))
    notebook = for_the_browser(student_version(assignment_id, root), source, requirements, notes)
    nbformat.write(notebook, folder / name)


def lite_sources(docnames: Iterable[str], root: Path = ROOT) -> list[Path]:
    """Every notebook the site holds: the lite pages' sources and the assignments.

    ``root`` is the book's source folder: the French tree for the French book.
    """
    pages = [root / f"{docname}.md" for docname in lite_docnames(docnames)]
    return pages + [root / "assignments" / a / f"{a}.ipynb" for a in ASSIGNMENT_IDS]


def _wheels(staging: Path) -> list[Path]:
    """The course's helpers built into a wheel, and the pure-Python wheels the site ships."""
    built = staging / "wheels"
    with tempfile.TemporaryDirectory() as work:
        # Build from a copy of what the wheel holds: setuptools writes build/ and *.egg-info
        # next to the sources.
        source = Path(work) / "src"
        source.mkdir()
        shutil.copy2(ROOT / "pyproject.toml", source)
        for package in WHEEL_PACKAGES:
            shutil.copytree(
                ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__")
            )
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
            + ["--no-build-isolation", "--wheel-dir", str(built), str(source)],
            check=True,
        )
    wheels = sorted(built.glob("*.whl"))
    for name, version in shipped_wheels().items():
        matches = [
            w
            for w in WHEELHOUSE.glob("*.whl")
            if normalise(w.name.split("-")[0]) == name and w.name.split("-")[1] == version
        ]
        if not matches:
            raise ExtensionError(MISSING_SETUP.format(path=WHEELHOUSE / f"{name}-{version}-*.whl"))
        wheels.append(matches[0])
    return wheels


def lite_docnames(docnames: Iterable[str]) -> list[str]:
    """The pages that open in the browser: the hands-on notebooks and the CME pre-tests."""
    return sorted(d for d in docnames if d.startswith("notebooks/") or PRETEST.fullmatch(d))


def settings_overrides(language: str) -> dict[str, dict[str, str]]:
    """The JupyterLab settings the site of a ``language`` book starts with: its language."""
    locale = INTERFACE_LOCALES.get(language)
    return {TRANSLATION_PLUGIN: {"locale": locale}} if locale else {}


def write_lite_dir(folder: Path, language: str) -> None:
    """JupyterLite's lite dir for the site of a ``language`` book: lite/'s settings, and the
    default settings of :func:`settings_overrides` as an overrides.json when there are any.

    A copy, because JupyterLite writes a cache into its lite dir: the sources stay clean.
    """
    folder.mkdir()
    for name in ("jupyter-lite.json", "jupyter_lite_config.json"):
        shutil.copy2(LITE_DIR / name, folder)
    overrides = settings_overrides(language)
    if overrides:
        (folder / OVERRIDES).write_text(json.dumps(overrides, indent=2), encoding="utf-8")


def build_site(app: Sphinx, error: Exception | None) -> None:
    if error is not None or app.builder.format != "html":
        return
    root = Path(app.srcdir)
    sources = lite_sources(app.env.found_docs, root)
    requirements = browser_requirements(sources)
    notebooks = [source for source in sources if source.suffix == ".md"]
    if requirements.missing:
        raise ExtensionError(f"Imports the browser cannot provide: {requirements.missing}")
    output = Path(app.outdir) / OUTPUT
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as work:
        staging = Path(work)
        contents = staging / "contents"
        contents.mkdir()
        for notebook in notebooks:
            write_notebook(notebook, contents / f"{notebook.stem}.ipynb", requirements)
        for assignment_id in ASSIGNMENT_IDS:
            write_assignment(assignment_id, contents, requirements, root)
        settings = staging / "lite"
        write_lite_dir(settings, _language["current"])
        command = [sys.executable, "-m", "jupyter", "lite", "build"]
        command += ["--lite-dir", str(settings), "--contents", str(contents)]
        command += ["--output-dir", str(output)]
        for wheel in _wheels(staging):
            command += ["--piplite-wheels", str(wheel)]
        done = subprocess.run(command, cwd=staging, capture_output=True, text=True)
    if done.returncode != 0:
        raise ExtensionError(f"jupyter lite build failed:\n{done.stdout[-3000:]}{done.stderr}")
    locale = INTERFACE_LOCALES.get(_language["current"])
    if locale and not (output / TRANSLATIONS / f"{locale}.json").is_file():
        raise ExtensionError(MISSING_LANGUAGE_PACK.format(locale=locale))
    elapsed = time.perf_counter() - started
    logger.info("JupyterLite site (%d notebooks) built in %.1f s", len(sources), elapsed)


# --- The launch box on every notebook page -------------------------------------------------


def launch_href(docname: str, path: str | None = None) -> str:
    """From a page to a notebook of the JupyterLite site (by default, the page's own)."""
    up = "../" * docname.count("/")
    path = path or f"{Path(docname).name}.ipynb"
    return f"{up}{OUTPUT}/notebooks/index.html?path={path}"


def assignment_of(docname: str) -> str | None:
    """The graded assignment a page leads to: its module's (notebooks/<id>, book/<id>)."""
    slug = Path(docname).name
    if slug not in ASSIGNMENT_IDS:
        return None
    # a module's notebook page has the box; the capstone, which has no notebook, its chapter
    if docname == f"notebooks/{slug}":
        return slug
    if docname == f"book/{slug}" and not (NOTEBOOKS / f"{slug}.md").exists():
        return slug
    return None


def add_launch_box(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    assignment = assignment_of(docname)
    if not lite_docnames([docname]) and assignment is None:
        return
    sections = list(doctree.findall(nodes.section))
    if not sections:
        return
    title = sections[0].next_node(nodes.title)
    link = ""
    if assignment is not None:
        path = f"assignments/{assignment}/{assignment}.ipynb"
        link = _(ASSIGNMENT_LINK_HTML).format(href=launch_href(docname, path))
    if lite_docnames([docname]):
        html = _(LAUNCH_HTML).format(href=launch_href(docname), assignment=link)
    else:
        html = _(ASSIGNMENT_BOX_HTML).format(assignment=link)
    box = nodes.raw("", html, format="html")
    sections[0].insert(sections[0].index(title) + 1, box)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", _set_language)
    app.connect("doctree-resolved", add_launch_box)
    app.connect("build-finished", build_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
