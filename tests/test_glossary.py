"""The bilingual glossary (``book/glossary.md``) holds what its introduction promises.

Read from the page's source, without building the book: every term issue 15 names is there in
English and in French, every entry has a definition in both languages and links to a chapter
that exists, no entry is duplicated, the entries are in alphabetical order under the right
letter, the index of French terms lists every entry, and the French text follows French
typography (a narrow no-break space, U+202F, before ``: ; ? !`` and ``%``; a decimal comma).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "glossary.md"
NNBSP = "\u202f"

#: The pairs issue 15 names: English term of the entry, French term (or its start).
REQUIRED = [
    ("Sensitivity", "sensibilité"),
    ("Specificity", "spécificité"),
    ("Positive predictive value (PPV)", "valeur prédictive positive (VPP)"),
    ("Negative predictive value (NPV)", "valeur prédictive négative (VPN)"),
    ("Calibration", "calibration"),
    ("Overfitting", "surapprentissage"),
    ("Data leakage", "fuite de données"),
    ("Spectrum bias", "biais de spectre"),
    ("Pseudonymisation", "pseudonymisation"),
    ("Anonymisation", "anonymisation"),
    ("Differential privacy", "confidentialité différentielle"),
    ("k-anonymity", "k-anonymat"),
    ("GDPR", "règlement général sur la protection des données (RGPD)"),
    (
        "Data protection impact assessment (DPIA)",
        "analyse d'impact relative à la protection des données (AIPD)",
    ),
    ("Data protection officer (DPO)", "délégué à la protection des données (DPO)"),
]

FRENCH_SPAN = re.compile(r'<span lang="fr">(.*?)</span>', re.S)
DOC_LINK = re.compile(r"\{doc\}`(?:[^`<]*<)?([^`>]+)>?`")
ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")


@dataclass
class Entry:
    term: str
    letter: str
    lines: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(self.lines)

    def paragraph(self, label: str) -> str:
        """The paragraph of the definition that starts with ``label`` (joined lines)."""
        for para in re.split(r"\n\s*\n", self.body):
            text = " ".join(line.strip() for line in para.splitlines())
            if text.startswith(label):
                return text
        return ""

    @property
    def french_term(self) -> str:
        found = FRENCH_SPAN.match(self.paragraph("**French:**").removeprefix("**French:** "))
        return found.group(1) if found else ""


def _entries(text: str) -> list[Entry]:
    """The entries of every ``{glossary}`` block, with the letter heading above the block."""
    entries: list[Entry] = []
    letter = ""
    inside = False
    for line in text.splitlines():
        heading = re.fullmatch(r"## ([A-Z])", line)
        if heading:
            letter = heading.group(1)
        elif line.startswith("```{glossary}"):
            inside = True
        elif inside and line.startswith("```"):
            inside = False
        elif inside and line and not line.startswith((" ", ":")):
            entries.append(Entry(term=line.strip(), letter=letter))
        elif inside and entries:
            entries[-1].lines.append(line)
    return entries


def _sort_key(text: str) -> str:
    """Dictionary order: accents, case, spaces and punctuation ignored."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", plain)


TEXT = PAGE.read_text(encoding="utf-8")
ENTRIES = _entries(TEXT)
BY_TERM = {entry.term: entry for entry in ENTRIES}


def test_the_page_has_between_35_and_60_entries() -> None:
    assert 35 <= len(ENTRIES) <= 60, len(ENTRIES)


@pytest.mark.parametrize(("english", "french"), REQUIRED, ids=[e for e, _ in REQUIRED])
def test_every_term_the_issue_names_is_there_in_both_languages(english: str, french: str) -> None:
    assert english in BY_TERM, f"no entry for {english!r}"
    assert BY_TERM[english].french_term.startswith(french), (
        f"{english!r} is given as {BY_TERM[english].french_term!r}, not {french!r}"
    )


def test_no_entry_is_duplicated() -> None:
    terms = [_sort_key(entry.term) for entry in ENTRIES]
    assert len(terms) == len(set(terms)), sorted(t for t in terms if terms.count(t) > 1)
    french = [_sort_key(entry.french_term) for entry in ENTRIES]
    assert len(french) == len(set(french)), sorted(t for t in french if french.count(t) > 1)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.term for e in ENTRIES])
def test_entry_has_a_french_term_and_a_definition_in_each_language(entry: Entry) -> None:
    assert entry.french_term, f"{entry.term}: no French term in a <span lang='fr'>"
    english = entry.paragraph("**Definition:**")
    assert len(english.split()) >= 8, f"{entry.term}: no English definition"
    french = entry.paragraph('<span lang="fr">**Définition')
    assert french.endswith("</span>"), f"{entry.term}: the French definition is not one span"
    assert len(french.split()) >= 8, f"{entry.term}: no French definition"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.term for e in ENTRIES])
def test_entry_links_to_a_chapter_that_exists(entry: Entry) -> None:
    taught = entry.paragraph("**Taught in:**")
    targets = DOC_LINK.findall(taught)
    assert targets, f"{entry.term}: no {{doc}} link to the chapter that teaches it"
    for target in targets:
        assert (PAGE.parent / f"{target}.md").is_file(), f"{entry.term}: no chapter {target}"


def test_entries_are_in_alphabetical_order_under_their_letter() -> None:
    keys = [_sort_key(entry.term) for entry in ENTRIES]
    assert keys == sorted(keys), "the entries are not in the alphabetical order of the terms"
    for entry in ENTRIES:
        assert entry.term[0].upper() == entry.letter, f"{entry.term} is under {entry.letter}"


def test_the_french_index_lists_every_entry_in_french_order() -> None:
    index = TEXT.split("(glossary-french-index)=", 1)[1]
    rows = re.findall(r'^- <span lang="fr">(.*?)</span>: \{term\}`([^`]+)`$', index, re.M)
    assert sorted(en for _, en in rows) == sorted(BY_TERM), "the index and the entries differ"
    for french, english in rows:
        assert french == BY_TERM[english].french_term, f"{english}: {french!r} in the index"
    keys = [_sort_key(french) for french, _ in rows]
    assert keys == sorted(keys), "the French index is not in alphabetical order"


def _french_texts() -> list[str]:
    """Every French passage of the page, without MyST roles (whose syntax has colons)."""
    return [ROLE.sub("", span) for span in FRENCH_SPAN.findall(TEXT)]


def test_the_typography_check_catches_a_plain_space() -> None:
    assert _typography_faults("Sensibilité : 90 %") == [" :", " %"]
    assert _typography_faults("La VPP\u202f; {cite:p}`gdpr2016`") == []
    assert _typography_faults("une AUC de 0.63") == ["0.6"]


def _typography_faults(text: str) -> list[str]:
    text = ROLE.sub("", text)
    faults = [m.group(0) for m in re.finditer(r"(?<!\u202f)[ \u00a0]?[:;?!%]", text)]
    faults = [f for f in faults if not f.startswith(NNBSP)]
    faults += re.findall(r"\d\.\d", text)  # a decimal point instead of a comma
    return faults


@pytest.mark.parametrize("text", _french_texts(), ids=lambda text: text[:40])
def test_french_text_follows_french_typography(text: str) -> None:
    assert _typography_faults(text) == [], text


def test_the_page_has_french_text_to_check() -> None:
    assert len(_french_texts()) >= 2 * len(ENTRIES)
