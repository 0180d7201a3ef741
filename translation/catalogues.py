"""The French catalogues: which files are translated, their units, and their ``.po`` files.

``locales/fr/<path>.po`` holds the French of the English file ``<path>``. Entries follow the
file's order; a unit's kind (prose, code, text) is kept as an automatic comment (``#.``)
so that a translator and the checks know what it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from translation.segments import (
    Segment,
    segment_cell,
    segment_markdown,
    segment_python,
    segment_yaml,
)

ROOT = Path(__file__).resolve().parents[1]
LANGUAGE = "fr"
LOCALES = Path("locales") / LANGUAGE

#: The English files the French edition translates (globs, relative to the course's root).
TRANSLATED = (
    "_config.yml",
    "_toc.yml",
    "_toc_instructor.yml",
    "nbgrader_config.py",
    "book/*.md",
    "book/cme/*.md",
    "book/instructor/*.md",
    "notebooks/*.md",
    "assignments/*/*.ipynb",
)


def translated_files(root: Path = ROOT) -> list[Path]:
    """The English files the French edition translates, relative to ``root``, sorted."""
    return sorted({p.relative_to(root) for g in TRANSLATED for p in root.glob(g)})


def catalogue_path(source: Path, root: Path = ROOT) -> Path:
    """The catalogue of the English file ``source`` (relative to ``root``)."""
    return root / LOCALES / f"{source}.po"


def segments(path: Path) -> list[Segment]:
    """The segments of a file, by its kind (a notebook's are its cells' sources)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        cells = json.loads(text)["cells"]
        return [segment_cell("".join(c["source"]), c["cell_type"]) for c in cells]
    if path.suffix == ".md":
        return segment_markdown(text)
    if path.suffix == ".py":
        return segment_python(text)
    if path.suffix in (".yml", ".yaml"):
        return segment_yaml(text)
    raise ValueError(f"{path}: no way to cut this kind of file into units")


def units(path: Path) -> Iterator[Segment]:
    """The units to translate of a file, in order."""
    return (s for s in segments(path) if s.translate)


@dataclass(frozen=True)
class Entry:
    """One unit of a catalogue: its English, its French ("" if none) and its state."""

    english: str
    french: str
    kind: str
    fuzzy: bool

    @property
    def done(self) -> bool:
        return bool(self.french) and not self.fuzzy


def template(path: Path) -> Catalog:
    """A catalogue of the units of ``path`` with no French."""
    catalog = Catalog(locale=LANGUAGE, project="ai-medicine", fuzzy=False)
    for unit in units(path):
        if unit.text not in catalog:
            catalog.add(unit.text, auto_comments=[unit.kind])
    return catalog


def load(path: Path) -> Catalog:
    """A catalogue read from its ``.po`` file."""
    with path.open("rb") as f:
        return read_po(f, locale=LANGUAGE)


def save(catalog: Catalog, path: Path) -> None:
    """Write ``catalog`` to ``path``: no line wrapping, entries in the source's order."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=0, omit_header=False, sort_output=False, include_lineno=False)


def update(source: Path, root: Path = ROOT) -> tuple[int, int]:
    """Bring the catalogue of ``source`` in line with it: new units added, changed ones fuzzy.

    Returns (units with no French, fuzzy units) after the update.
    """
    fresh = template(root / source)
    target = catalogue_path(source, root)
    if target.exists():
        catalog = load(target)
        created = catalog.creation_date  # kept: a file whose units did not change stays as is
        catalog.update(fresh, no_fuzzy_matching=False)
        # Babel appends new entries at the end: put them back in the file's order, keep
        # the obsolete ones (the translator's memory) at the end of the file.
        ordered = Catalog(locale=LANGUAGE, project="ai-medicine", fuzzy=False)
        for message in fresh:
            if message.id:
                ordered[message.id] = catalog[message.id]
                ordered[message.id].auto_comments = message.auto_comments
        ordered.obsolete = catalog.obsolete
        ordered.creation_date = created
        catalog = ordered
    else:
        catalog = fresh
    save(catalog, target)
    entries = list(read(source, root))
    return sum(not e.french for e in entries), sum(e.fuzzy and bool(e.french) for e in entries)


def read(source: Path, root: Path = ROOT) -> Iterator[Entry]:
    """The entries of the catalogue of ``source``, in the file's order."""
    catalog = load(catalogue_path(source, root))
    for message in catalog:
        if message.id:
            kind = message.auto_comments[0] if message.auto_comments else "prose"
            yield Entry(message.id, message.string or "", kind, message.fuzzy)


def translations(source: Path, root: Path = ROOT) -> dict[str, str]:
    """English unit -> French, for the units translated and not fuzzy."""
    path = catalogue_path(source, root)
    if not path.exists():
        return {}
    return {e.english: e.french for e in read(source, root) if e.done}


# --- Plain text for a translator -----------------------------------------------------------
# A catalogue as text with no escaping: each unit's English after a line "⟦en N⟧", its French
# after "⟦fr N⟧" (empty until translated, the old French of a fuzzy unit otherwise, with
# "⟦fr N fuzzy⟧"). A translator fills in or corrects the French and imports the file back.
EN_MARK, FR_MARK = "⟦en {n}⟧", "⟦fr {n}{state}⟧"
NOT_A_TRANSLATION = (
    "the text does not start with a line ⟦file <path>⟧ (see python -m translation export)"
)
NO_SUCH_UNIT = "{source} has no unit {number} (its catalogue has {count}): export it again"


def export_text(source: Path, root: Path = ROOT, only_todo: bool = False) -> str:
    """The catalogue of ``source`` as plain text."""
    parts = [f"⟦file {source}⟧\n"]
    for n, entry in enumerate(read(source, root)):
        if only_todo and entry.done:
            continue
        state = " fuzzy" if entry.fuzzy and entry.french else ""
        parts.append(f"{EN_MARK.format(n=n)} {entry.kind}\n{entry.english}\n")
        parts.append(f"{FR_MARK.format(n=n, state=state)}\n{entry.french}\n")
    return "".join(parts)


def parse_text(text: str) -> tuple[Path, dict[int, str]]:
    """(the English file, unit number -> French) from a translator's text."""
    header = re.match(r"⟦file (.+?)⟧\n", text)
    if not header:
        raise ValueError(NOT_A_TRANSLATION)
    pieces = re.split(r"^⟦(en|fr) (\d+)([^⟧]*)⟧[^\n]*\n", text[header.end() :], flags=re.M)
    french: dict[int, str] = {}
    for i in range(1, len(pieces), 4):
        language, number, body = pieces[i], int(pieces[i + 1]), pieces[i + 3]
        if language == "fr" and body.strip():
            french[number] = body.rstrip("\n")
    return Path(header[1]), french


def import_text(text: str, root: Path = ROOT) -> tuple[Path, int]:
    """Store a translator's French in the catalogue; returns (file, units stored)."""
    source, french = parse_text(text)
    path = catalogue_path(source, root)
    catalog = load(path)
    ids = [m.id for m in catalog if m.id]
    unknown = sorted(set(french) - set(range(len(ids))))
    if unknown:
        raise ValueError(NO_SUCH_UNIT.format(source=source, number=unknown[0], count=len(ids)))
    for number, text_fr in french.items():
        message = catalog[ids[number]]
        # A unit keeps the English's final newlines (a notebook cell may end with one).
        message.string = text_fr + message.id[len(message.id.rstrip("\n")) :]
        message.flags.discard("fuzzy")
    save(catalog, path)
    return source, len(french)
