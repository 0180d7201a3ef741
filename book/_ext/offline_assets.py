"""Serve the book's browser scripts from the book itself, so that it reads with no network.

Jupyter Book loads MathJax, RequireJS and the Jupyter widget manager from CDNs by default: in
a hospital network that blocks them, formulas show as raw TeX and widgets as text. These
files come instead from npm packages that ``make setup`` installs into ``node_modules/``
(``package.json`` pins them; ``package-lock.json`` holds their checksums): nothing is fetched
at build or read time. The extension points Sphinx (``mathjax_path``) and myst-nb
(``nb_ipywidgets_js``) at copies under ``_static/vendor/`` and copies them at the end of the
build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
VENDOR = "vendor"  # under _static/

MATHJAX = NODE_MODULES / "mathjax" / "es5"
MATHJAX_ENTRY = "tex-mml-chtml.js"
# What the combined entry loads on demand: TeX extensions, fonts, the menu and its speech.
MATHJAX_PARTS = ["a11y", "adaptors", "input", "output", "sre", "ui"]
WIDGETS = NODE_MODULES / "@jupyter-widgets" / "html-manager" / "dist"
WIDGETS_ENTRY = "embed-amd.js"
# Each bundle in embed-amd.js looks for the icon fonts (webpack's hashed file names) in the
# folder of its own AMD module name, under RequireJS's base URL: REQUIREJS_CONFIG sets that
# base to _static/vendor/, and the fonts are copied to both folders the names give
# ("@jupyter-widgets/controls" and "@jupyter-widgets/html-manager/dist/libembed-amd").
WIDGETS_MODULE = "@jupyter-widgets/html-manager/dist"
WIDGET_FONT_DIRS = ["@jupyter-widgets", WIDGETS_MODULE]
REQUIREJS_CONFIG = "requirejs-config.js"
REQUIREJS_CONFIG_SOURCE = """\
// Read by RequireJS when it loads: the widget manager's modules resolve from this folder.
var require = { baseUrl: document.currentScript.src.replace(/[^/]*$/, "") };
"""
WIDGET_FONTS = ("*.woff", "*.woff2", "*.ttf", "*.eot", "*.svg")
REQUIREJS = NODE_MODULES / "requirejs" / "require.js"

MISSING = (
    "{path} not found: the book serves its own MathJax and widget scripts, installed from npm "
    "by `make setup` (npm ci). Run `make setup`, or `npm ci --ignore-scripts` with the "
    "venv's bin on PATH."
)


def _require(path: Path) -> Path:
    if not path.exists():
        raise ExtensionError(MISSING.format(path=path))
    return path


def _point_to_local_copies(app: Sphinx, config: Config) -> None:
    for path in (MATHJAX / MATHJAX_ENTRY, WIDGETS / WIDGETS_ENTRY, REQUIREJS):
        _require(path)
    config.mathjax_path = f"{VENDOR}/mathjax/{MATHJAX_ENTRY}"
    # myst-nb adds these two scripts to the pages whose notebook saved widget state.
    config.nb_ipywidgets_js = {
        f"{VENDOR}/{REQUIREJS_CONFIG}": {},
        f"{VENDOR}/require.js": {},
        f"{VENDOR}/{WIDGETS_MODULE}/{WIDGETS_ENTRY}": {},
    }


def _copy(app: Sphinx, error: Exception | None) -> None:
    if error is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / VENDOR
    mathjax = target / "mathjax"
    mathjax.mkdir(parents=True, exist_ok=True)
    shutil.copy2(MATHJAX / MATHJAX_ENTRY, mathjax)
    for part in MATHJAX_PARTS:
        shutil.copytree(MATHJAX / part, mathjax / part, dirs_exist_ok=True)
    widgets = target / WIDGETS_MODULE
    widgets.mkdir(parents=True, exist_ok=True)
    shutil.copy2(WIDGETS / WIDGETS_ENTRY, widgets)
    for folder in WIDGET_FONT_DIRS:
        for pattern in WIDGET_FONTS:
            for font in WIDGETS.glob(pattern):
                shutil.copy2(font, target / folder)
    shutil.copy2(REQUIREJS, target)
    (target / REQUIREJS_CONFIG).write_text(REQUIREJS_CONFIG_SOURCE, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, object]:
    # After myst-nb and sphinx.ext.mathjax have declared their settings (priority > 500).
    app.connect("config-inited", _point_to_local_copies, priority=900)
    app.connect("build-finished", _copy)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
