"""The French edition: complete, in step with the English one, and checked unit by unit.

The French source tree is made from the English files and the catalogues in ``locales/fr``
(``translation``). These tests hold that

- every unit of every file the French edition needs has a French that is not fuzzy, and
  keeps its English's numbers, code and markup (:func:`translation.check.problems`);
- the checks themselves catch what they must (a dropped number, a changed token, a moved
  cross-reference...);
- the French tree has the English tree's files, notebook cells, nbgrader metadata (grade
  ids, points, locks), code cells (the same program, strings and comments aside), headings
  and code blocks;
- the French book and course say they are French (Sphinx's language, the grader's
  language, nbgrader's stubs), and the book's extensions have the French of what they write.

The French notebooks execute in the French book's build (``make book``, ``-W``), the French
assignments go through the grading path in ``tests/test_grading_pipeline.py`` and
``tests/test_cme.py``, and the built pages are checked in ``tests/test_book_languages.py``.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import book_extensions
import pytest

from translation import catalogues, check, parity
from translation.segments import join, segment_markdown, segment_yaml

ROOT = catalogues.ROOT
SOURCES = catalogues.translated_files()


# --- the units ------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [s for s in SOURCES if s.suffix != ".ipynb"], ids=str)
def test_a_file_is_its_segments_joined(source: Path) -> None:
    path = ROOT / source
    assert join(catalogues.segments(path)) == path.read_text(encoding="utf-8")


def test_a_code_cell_is_one_unit_and_a_directive_is_cut_into_blocks() -> None:
    text = (
        "# Title\n\nSome text.\n\n```{code-cell} ipython3\nx = 1\n\ny = 2\n```\n\n"
        "```{exercise}\n:label: ex-1\n\nFirst paragraph.\n\nSecond one.\n```\n"
    )
    units = [s for s in segment_markdown(text) if s.translate]
    assert [u.kind for u in units] == ["prose", "prose", "code", "prose", "prose", "prose"]
    assert units[2].text == "```{code-cell} ipython3\nx = 1\n\ny = 2\n```"
    assert units[3].text == "```{exercise}\n:label: ex-1"
    assert join(segment_markdown(text)) == text


def test_a_table_of_contents_translates_its_captions_only() -> None:
    text = 'parts:\n  - caption: "Module 1: From data"\n    chapters:\n      - file: book/x\n'
    units = [s.text for s in segment_yaml(text) if s.translate]
    assert units == ['"Module 1: From data"']


# --- the checks -----------------------------------------------------------------------------


def test_numbers_are_the_same_however_each_language_writes_them() -> None:
    english = "Of 1,724 patients, 12.5% had a PPV of 0.85 at `0.5` and $p = 0.05$."
    french = "Sur 1\u202f724 patients, 12,5\u202f% avaient une VPP de 0,85 à `0.5` et $p = 0{,}05$."
    assert parity.check_numbers(english, french) == []
    dropped = "Sur 1\u202f724 patients, 12,5\u202f% avaient une VPP élevée à `0.5` et $p = 0{,}05$."
    assert "0.85" in parity.check_numbers(english, dropped)[0]
    assert parity.check_numbers("0.85", "0,58")  # a typo in a number is caught


def test_code_may_change_its_strings_and_comments_only() -> None:
    english = (
        '# Compute it\nprint(f"{n} patients")\nassert x, "wrong"\n'
        "### BEGIN SOLUTION\nx = 1\n### END SOLUTION"
    )
    french = (
        '# Le calculer\nprint(f"{n} patients")\nassert x, "faux"\n'
        "### BEGIN SOLUTION\nx = 1\n### END SOLUTION"
    )
    assert parity.check_code(english, french) == []
    assert parity.check_code(english, french.replace("x = 1", "x = 2"))
    assert parity.check_code(english, french.replace("{n} patients", "{m} patients"))
    assert parity.check_code(english, french.replace("### BEGIN SOLUTION\n", ""))
    assert parity.check_code(english, french.replace('f"{n}', 'f"{n!r}'))


def test_markup_keeps_headings_directives_labels_and_targets() -> None:
    english = (
        "(sec-ppv)=\n## Predictive values\n\nSee {doc}`../book/intro` and {cite:p}`x2020`.\n"
        "```{exercise} Compute it\n:label: ex-ppv\n```"
    )
    french = (
        "(sec-ppv)=\n## Valeurs prédictives\n\nVoir {doc}`l'accueil <../book/intro>` et "
        "{cite:p}`x2020`.\n```{exercise} Le calculer\n:label: ex-ppv\n```"
    )
    assert parity.check_markup(english, french) == []
    assert parity.check_markup(english, french.replace("## ", "### "))
    assert parity.check_markup(english, french.replace("x2020", "y2021"))
    assert parity.check_markup(english, french.replace("(sec-ppv)=", "(sec-vpp)="))
    assert parity.check_markup(english, french.replace(":label: ex-ppv", ":label: ex-vpp"))
    assert parity.check_markup(english, french.replace("../book/intro", "../book/about"))


def test_a_changed_english_unit_makes_its_french_fuzzy(tmp_path: Path) -> None:
    """The drift guard: change the English, update, and the check names the unit."""
    (tmp_path / "book").mkdir()
    page = tmp_path / "book" / "page.md"
    page.write_text("# A page\n\nThe PPV was 0.85 in 2020.\n", encoding="utf-8")
    source = Path("book/page.md")
    catalogues.update(source, tmp_path)
    catalog = catalogues.load(catalogues.catalogue_path(source, tmp_path))
    catalog["# A page"].string = "# Une page"
    catalog["The PPV was 0.85 in 2020."].string = "La VPP était de 0,85 en 2020."
    catalogues.save(catalog, catalogues.catalogue_path(source, tmp_path))
    assert catalogues.translations(source, tmp_path)["# A page"] == "# Une page"

    page.write_text("# A page\n\nThe PPV was 0.87 in 2020.\n", encoding="utf-8")
    # before the update, the check sees a unit the catalogue lacks
    before = check.problems(tmp_path, [str(source)])
    assert any("are not in the catalogue" in p and "0.87" in p for p in before), before
    catalogues.update(source, tmp_path)
    entries = list(catalogues.read(source, tmp_path))
    changed = next(e for e in entries if "0.87" in e.english)
    assert changed.fuzzy and changed.french == "La VPP était de 0,85 en 2020."
    assert "The PPV was 0.87 in 2020." not in catalogues.translations(source, tmp_path)
    assert any("fuzzy" in p for p in check.problems(tmp_path, [str(source)]))


def test_an_update_leaves_an_unchanged_catalogue_byte_for_byte(tmp_path: Path) -> None:
    # Changing one English file rewrites its catalogue only: no churn in the others' dates.
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.md").write_text("# A page\n\nText.\n", encoding="utf-8")
    source = Path("book/page.md")
    catalogues.update(source, tmp_path)
    target = catalogues.catalogue_path(source, tmp_path)
    catalog = catalogues.load(target)
    catalog.creation_date = catalog.creation_date.replace(year=2001)
    catalogues.save(catalog, target)
    before = target.read_bytes()
    catalogues.update(source, tmp_path)
    assert target.read_bytes() == before


def test_the_plain_text_round_trip_stores_a_translators_french(tmp_path: Path) -> None:
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.md").write_text("# A page\n\nText.\n", encoding="utf-8")
    source = Path("book/page.md")
    catalogues.update(source, tmp_path)
    text = catalogues.export_text(source, tmp_path)
    text = text.replace("⟦fr 0⟧\n", "⟦fr 0⟧\n# Une page\n").replace("⟦fr 1⟧\n", "⟦fr 1⟧\nTexte.\n")
    catalogues.import_text(text, tmp_path)
    assert catalogues.translations(source, tmp_path) == {
        "# A page": "# Une page",
        "Text.": "Texte.",
    }


# --- the catalogues are complete ------------------------------------------------------------


def test_every_unit_has_a_french_that_keeps_its_englishs_parity() -> None:
    found = check.problems()
    assert not found, f"{len(found)} problem(s), the first ones:\n" + "\n".join(found[:40])


# --- the French tree ------------------------------------------------------------------------


def _notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("source", SOURCES, ids=str)
def test_the_french_tree_has_the_same_structure(source: Path, french_tree: Path) -> None:
    english, french = ROOT / source, french_tree / source
    assert french.is_file()
    if source.suffix == ".ipynb":
        en, fr = _notebook(english), _notebook(french)
        assert en["metadata"] == fr["metadata"]
        assert len(en["cells"]) == len(fr["cells"])
        for a, b in zip(en["cells"], fr["cells"], strict=True):
            # cell type and every metadata: nbgrader's grade ids, points, locks, tags
            assert (a["cell_type"], a["metadata"]) == (b["cell_type"], b["metadata"])
            if a["cell_type"] == "code":
                assert parity.check_code("".join(a["source"]), "".join(b["source"])) == []
    elif source.suffix == ".md":
        en_text, fr_text = english.read_text("utf-8"), french.read_text("utf-8")
        heading = re.compile(r"^(#{1,6}) ", re.M)
        assert heading.findall(en_text) == heading.findall(fr_text)
        assert en_text.count("```{code-cell}") == fr_text.count("```{code-cell}")


def test_the_french_tree_is_a_french_book_and_course(french_tree: Path) -> None:
    config = (french_tree / "_config.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s+language: fr$", config, re.M)
    nbgrader = (french_tree / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "VOTRE CODE ICI" in nbgrader and "VOTRE RÉPONSE ICI" in nbgrader
    assert re.search(r'^c\.Course\.language = "fr"', nbgrader, re.M)
    notebooks = [*french_tree.glob("notebooks/*.md"), *french_tree.glob("assignments/*/*.ipynb")]
    for notebook in notebooks:
        text = notebook.read_text("utf-8")
        assert 'set_language(\\"fr\\")' in text or 'set_language("fr")' in text, notebook
    # the French pages name nbgrader's French stubs, the ones the French course releases
    for page in [*french_tree.rglob("*.md"), *french_tree.rglob("*.ipynb")]:
        if "_build" not in page.parts:
            text = page.read_text("utf-8")
            assert "YOUR CODE HERE" not in text and "YOUR ANSWER HERE" not in text, page
    # the data files travel with the assignments
    for data in ROOT.glob("assignments/*/*.csv"):
        assert (french_tree / data.relative_to(ROOT)).read_bytes() == data.read_bytes()


# --- what the book's extensions write -------------------------------------------------------


def _extension_texts(module: str, names: tuple[str, ...]) -> set[str]:
    """The string literals an extension passes to the given functions, and the constants."""
    path = ROOT / "book" / "_ext" / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {
        node.targets[0].id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }
    found: set[str] = set()

    def literal(node: ast.AST) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
        elif isinstance(node, ast.Name) and node.id in constants:
            literal(constants[node.id])
        elif isinstance(node, ast.Tuple | ast.List):
            for element in node.elts:
                literal(element)

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in names and node.args:
                literal(node.args[-1] if name == "text" else node.args[0])
    return found


def test_the_book_extensions_have_the_french_of_what_they_write() -> None:
    languages = book_extensions.load("languages")
    lite = book_extensions.load("lite")
    course_maps = book_extensions.load("course_maps")
    texts = _extension_texts("course_maps", ("_", "text"))
    texts |= set(course_maps.COMPETENCIES.values())
    texts |= set(course_maps.ASSIGNMENT_KINDS.values()) | {course_maps.UNKNOWN}
    texts |= {item.how for item in course_maps.graded_items("data_to_decision")}
    texts.add("none (untagged)")  # the competency cell of an untagged item
    texts |= _extension_texts("editions", ("text",)) | _extension_texts("a11y", ("translate",))
    missing = sorted(t for t in texts if t not in languages.FRENCH)
    assert not missing
    lite_texts = _extension_texts("lite", ("_",))
    assert lite_texts, "no text found in lite.py"
    missing = sorted(t for t in lite_texts if t not in lite.FRENCH_TEXTS | languages.FRENCH)
    assert not missing
    # the French keeps each text's {fields}
    for english, french in {**languages.FRENCH, **lite.FRENCH_TEXTS}.items():
        assert re.findall(r"\{\w+\}", english) == re.findall(r"\{\w+\}", french), english


def test_the_language_switch_leads_to_the_same_page() -> None:
    languages = book_extensions.load("languages")
    assert languages.switch_href("book/intro", "en") == "../fr/book/intro.html"
    assert languages.switch_href("book/intro", "fr") == "../../book/intro.html"
    assert languages.switch_href("index", "en") == "fr/index.html"
    assert languages.switch_href("book/cme/index", "fr") == "../../../book/cme/index.html"


def test_a_figures_alt_text_is_text_and_a_french_span_is_read_the_french_way() -> None:
    english = (
        '```{code-cell} ipython3\n---\nmystnb:\n  image:\n    alt: "Histograms of the\n'
        '      scores."\n---\nax = plot(y, 0.5)\n```'
    )
    french = english.replace('"Histograms of the\n      scores."', '"Histogrammes des scores."')
    assert parity.check_code(english, french) == []
    assert parity.check_code(english, french.replace("0.5", "0.6"))
    assert parity.check_code(english, french.replace("mystnb:", "mystnb2:"))
    glossary = 'A PPV of 0.63.\n<span lang="fr">Une VPP de 0,63.</span>'
    assert parity.check_numbers(glossary, glossary) == []


def test_french_typography_is_checked() -> None:
    from translation.typography import check_typography

    good = "La VPP\u202f: 0,85 à 12,5\u202f%\u202f; voir `0.5` et «\u202fsuffisant\u202f»\u202f!"
    assert check_typography(good) == []
    for bad in ("La VPP : 0,85", "La VPP: 0,85", "à 12,5% près", "une AUC de 0.85 ici", "oui;"):
        assert check_typography(bad), bad
    assert check_typography("«suffisant»")


def test_a_translators_text_that_does_not_fit_its_catalogue_is_refused(tmp_path: Path) -> None:
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.md").write_text("# A page\n", encoding="utf-8")
    catalogues.update(Path("book/page.md"), tmp_path)
    with pytest.raises(ValueError, match="does not start with a line"):
        catalogues.import_text("⟦en 0⟧ prose\n# A page\n", tmp_path)
    with pytest.raises(ValueError, match="has no unit 7"):
        catalogues.import_text("⟦file book/page.md⟧\n⟦fr 7⟧\n# Une page\n", tmp_path)
