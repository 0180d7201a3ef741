"""What keeps the French edition from being built, or from matching the English one."""

from __future__ import annotations

from pathlib import Path

from translation import catalogues
from translation.parity import check_unit
from translation.typography import check_typography

NO_CATALOGUE = "{source}: no catalogue (run python -m translation update)"
NOT_IN_CATALOGUE = (
    "{source}: {count} unit(s) of the English are not in the catalogue (run python -m "
    "translation update), starting with: {first!r}"
)
NO_FRENCH = "{where}: no French"
FUZZY = "{where}: the English changed, the French is fuzzy"


def problems(root: Path = catalogues.ROOT, paths: list[str] | None = None) -> list[str]:
    """Every unit with no French, a fuzzy French or a parity problem, and every catalogue
    that is out of date with its English file (``paths``: only these files)."""
    found = []
    for source in catalogues.translated_files(root):
        if paths and str(source) not in paths:
            continue
        if not catalogues.catalogue_path(source, root).exists():
            found.append(NO_CATALOGUE.format(source=source))
            continue
        entries = list(catalogues.read(source, root))
        known = {e.english for e in entries}
        absent = [u.text for u in catalogues.units(root / source) if u.text not in known]
        if absent:
            found.append(
                NOT_IN_CATALOGUE.format(source=source, count=len(absent), first=absent[0][:120])
            )
        for n, entry in enumerate(entries):
            where = f"{source} unit {n}"
            if not entry.french:
                found.append(NO_FRENCH.format(where=where))
            elif entry.fuzzy:
                found.append(FUZZY.format(where=where))
            else:
                unit_problems = check_unit(entry.english, entry.french, entry.kind)
                # French prose follows French typography (a unit kept as its English, such
                # as a bilingual glossary entry, is not French prose)
                if entry.kind == "prose" and entry.french != entry.english:
                    unit_problems += check_typography(entry.french)
                found += [f"{where}: {p}" for p in unit_problems]
    return found
