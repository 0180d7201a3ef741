"""Write the French source tree: the English files with each unit's French in its place.

The tree is a course folder of its own: a Jupyter Book (``_config.yml``, ``_toc.yml``, the
pages and notebooks) and an nbgrader course (``nbgrader_config.py``, ``assignments/`` with
their data files). The book's extensions, styles and bibliography are the English ones
(symbolic links), so they are never copied out of step.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from translation.catalogues import ROOT, segments, translated_files, translations
from translation.segments import join

#: Files and folders the French book uses as they are (linked, not copied).
SHARED = ("book/_ext", "book/_static", "book/references.bib")
#: Sphinx's language, set in the French _config.yml.
_SPHINX_LANGUAGE = re.compile(r"^(\s+language:\s*)en\s*$", re.M)

MISSING = "{path}: {count} unit(s) have no French (or only a fuzzy one), starting with:\n{first}"


class MissingTranslationError(ValueError):
    """A unit of a file the French edition needs has no French."""


def french_text(source: Path, root: Path = ROOT, *, allow_missing: bool = False) -> str:
    """The French version of the English file ``source`` (relative to ``root``)."""
    french = translations(source, root)
    parts = segments(root / source)
    missing = [s.text for s in parts if s.translate and s.text not in french]
    if missing and not allow_missing:
        raise MissingTranslationError(
            MISSING.format(path=source, count=len(missing), first=missing[0][:300])
        )
    if source.suffix == ".ipynb":
        notebook = json.loads((root / source).read_text(encoding="utf-8"))
        for cell, part in zip(notebook["cells"], parts, strict=True):
            if part.translate:
                text = french.get(part.text, part.text)
                cell["source"] = text.splitlines(keepends=True)
        return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
    text = join([type(s)(french.get(s.text, s.text), s.translate, s.kind) for s in parts])
    if source.name == "_config.yml":
        text = _SPHINX_LANGUAGE.sub(r"\g<1>fr", text)
    return text


def build(destination: Path, root: Path = ROOT, *, allow_missing: bool = False) -> list[Path]:
    """Write the French tree into ``destination``; returns the files written.

    Every file is written before an error is raised, so that one missing unit does not hide
    the others: the error lists each incomplete file.
    """
    destination.mkdir(parents=True, exist_ok=True)
    written, errors = [], []
    for source in translated_files(root):
        try:
            text = french_text(source, root, allow_missing=allow_missing)
        except MissingTranslationError as error:
            errors.append(str(error))
            continue
        target = destination / source
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")  # unchanged files keep their date
        written.append(source)
    for data in sorted((root / "assignments").glob("*/*")):
        if data.suffix != ".ipynb" and data.is_file():
            target = destination / data.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(data, target)
    for shared in SHARED:
        link = destination / shared
        if link.is_symlink() or link.exists():
            if link.is_symlink() or link.is_file():
                link.unlink()
            else:
                shutil.rmtree(link)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(os.path.relpath(root / shared, link.parent))
    if errors:
        raise MissingTranslationError("\n\n".join(errors))
    return written
