"""The student edition holds no answer; the instructor edition is the student's plus its part.

The answers are what the instructor pages (every page of ``_toc_instructor.yml``) state that
a student must not read:

- **expected values**: numbers of 3 or more significant digits in the statements of results
  ("with the shipped data, the solution gives..."), the sections on what the automatic checks
  verify, the rubrics with their example answers, and the common difficulties; a number that
  the assignment's released notebook or a page of the student edition's sources already
  states (a published figure, a vendor's claim, a parameter) is not an answer;
- **model-answer and rubric sentences**: every sentence of 8 words or more of the rubric
  sections (criteria, example answers and their comments), of any paragraph marked as an
  example answer (``**Full credit (4/4).**``, ``**Partial credit ...**``,
  ``**Zero credit ...**``), and of the model answers of the assignments' source notebooks;
  a sentence that the released notebook states (the question itself) is not an answer.

Every page of the built student edition (``make book``: its HTML and the page sources it
ships in ``_sources``) is searched for them. The finder is shown to catch a planted leak.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import book_extensions
import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
STUDENT_HTML = ROOT / "_build" / "html"
INSTRUCTOR_BUILD = ROOT / "_build" / "instructor" / "_build"
INSTRUCTOR_HTML = INSTRUCTOR_BUILD / "html"
SHARED_CACHE = ROOT / "_build" / ".jupyter_cache"
MIN_SIGNIFICANT_DIGITS = 3
MIN_SENTENCE_WORDS = 8
#: sections whose numbers are expected results (a "## " heading and its subsections)
RESULT_SECTIONS = re.compile(
    r"results|checks verify|rubric|answer|common difficulties", re.IGNORECASE
)
#: a paragraph elsewhere that states results
RESULT_PARAGRAPH = re.compile(r"shipped data|solution gives|with the solution", re.IGNORECASE)
#: sections whose every sentence is an answer (a "## " heading and its subsections)
RUBRIC_SECTION = re.compile(r"^rubric|answer key|model answer", re.IGNORECASE)
#: how the instructor pages mark an example answer
CREDIT_MARK = re.compile(r"\*\*(?:Full|Partial|Zero) credit \(\d+(?:\.\d+)?/\d+\)\.\*\*")
NUMBER = re.compile(r"(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])(?!\.\d)")
CODE_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*(\S*)")


editions = book_extensions.load("editions")


# --- text normalisation, shared by both sides ---------------------------------------------

_TYPOGRAPHY = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "–": "-",
        "—": "-",
        "−": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "…": "...",
    }
)


def normalise(text: str) -> str:
    """One form for the same words: straight quotes, plain dashes and spaces, lower case."""
    text = html.unescape(text).translate(_TYPOGRAPHY).replace('"', "")
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" (?=[.,;:)])|(?<=\() ", "", text).strip().lower()


def number_value(token: str) -> str:
    return token.replace(",", "")


def significant_digits(token: str) -> int:
    digits = number_value(token)
    if "." in digits:
        return len(digits.replace(".", "").lstrip("0"))
    return len(digits.strip("0"))


def numbers_in(text: str) -> set[str]:
    return {number_value(token) for token in NUMBER.findall(text)}


# --- reading a MyST page -------------------------------------------------------------------


@dataclass
class Paragraph:
    section: str  # the "## " heading above it ("" before the first)
    text: str  # Markdown, code spans removed
    words: str  # the text a reader sees (code spans kept, markup removed)


def _unmark(text: str) -> str:
    """What a reader sees of a Markdown line: roles, links and emphasis reduced to text."""
    text = re.sub(r"\{cite(?::\w+)?\}`[^`]*`", "", text)  # citations: see read_page
    text = re.sub(r"\{[\w:-]+\}`([^`<]*?)\s*(?:<[^>]*>)?`", r"\1", text)  # {doc}`text <x>`
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](url)
    text = text.replace("`", "").replace("**", "").replace("\\", "")
    return re.sub(r"(?<![\w*])\*(?!\s)([^*]+?)\*(?!\w)", r"\1", text)  # *emphasis*


def paragraphs(markdown: str) -> Iterator[Paragraph]:
    """The prose of a page by paragraph (list items and table cells count as paragraphs).

    Code blocks are skipped; a directive's body (``{list-table}``, ``{exercise}``) is prose.
    """
    section, block = "", []
    fences: list[tuple[str, bool]] = []  # the open fences: (marker, holds code)

    def flush() -> Iterator[Paragraph]:
        if block:
            joined = " ".join(block)
            no_code = re.sub(r"`[^`]*`", " ", joined)
            yield Paragraph(section, no_code, _unmark(joined))
            block.clear()

    for line in markdown.splitlines():
        fence = CODE_FENCE.match(line)
        if fence:
            yield from flush()
            marker, opener = fence.groups()
            if fences and not opener and marker.startswith(fences[-1][0]):
                fences.pop()
            elif not (fences and fences[-1][1]):
                is_code = not opener.startswith("{") or opener.startswith("{code-cell")
                fences.append((marker, is_code))
            continue
        if any(is_code for _, is_code in fences):
            continue
        stripped = line.strip()
        heading = re.match(r"^(#{1,6})\s+(.*)", stripped)
        if heading:
            yield from flush()
            if len(heading.group(1)) <= 2:
                section = heading.group(2)
            continue
        if not stripped or stripped.startswith(":") or re.match(r"^\(.*\)=$", stripped):
            yield from flush()
            continue
        item = re.match(r"^(?:\* )?(?:- |\d+\. )(.*)", stripped)
        if item:  # a list item or a table cell starts a paragraph
            yield from flush()
            stripped = item.group(1)
        block.append(stripped)
    yield from flush()


def sentences(text: str) -> list[str]:
    """Sentences of at least MIN_SENTENCE_WORDS words, normalised."""
    parts = re.split(r'(?<=[.!?:;])["”]?\s+(?=["“*\[(]?[A-Z0-9])', text)
    found = []
    for part in parts:
        part = normalise(part).strip(" '")
        if len(part.split()) >= MIN_SENTENCE_WORDS:
            found.append(part)
    return found


# --- what the instructor pages hold ----------------------------------------------------------


def _toc(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def student_docs() -> list[str]:
    return editions.toc_files(_toc(ROOT / editions.STUDENT_TOC))


def instructor_pages() -> list[Path]:
    return sorted(ROOT / f"{doc}.md" for doc in editions.instructor_docs(ROOT))


def assignment_of(page: Path) -> Path | None:
    notebook = ROOT / "assignments" / page.stem / f"{page.stem}.ipynb"
    return notebook if page.parent.name == "instructor" and notebook.is_file() else None


@cache
def released_text(notebook: Path) -> str:
    """The text of the notebook students receive: nbgrader's release, without outputs."""
    from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme, ClearSolutions

    nb = nbformat.read(notebook, as_version=4)
    for preprocessor in (ClearSolutions, ClearHiddenTests, ClearMarkScheme):
        nb, _ = preprocessor().preprocess(nb, {})
    return "\n".join(cell.source for cell in nb.cells)


def model_answers(notebook: Path) -> list[str]:
    """The model answers of a source notebook: its markdown cells graded by hand."""
    nb = nbformat.read(notebook, as_version=4)
    return [
        cell.source
        for cell in nb.cells
        if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("solution")
    ]


@cache
def student_source_numbers() -> frozenset[str]:
    """Numbers that the student edition's own sources state (published figures and the like)."""
    found: set[str] = set()
    for doc in student_docs():
        for path in (ROOT / f"{doc}.md", ROOT / f"{doc}.ipynb"):
            if path.is_file():
                found |= numbers_in(path.read_text(encoding="utf-8"))
    return frozenset(found)


@dataclass
class Secrets:
    """The answers one instructor page holds."""

    page: str
    numbers: set[str] = field(default_factory=set)
    sentences: set[str] = field(default_factory=set)


def secrets_of(page: Path, *, with_notebook: bool = True) -> Secrets:
    notebook = assignment_of(page)
    released = released_text(notebook) if notebook else ""
    released_numbers = numbers_in(released)
    released_words = normalise(_unmark(released))
    result = Secrets(page=page.relative_to(ROOT).as_posix())
    marked_texts = []
    for paragraph in paragraphs(page.read_text(encoding="utf-8")):
        is_result = RESULT_SECTIONS.search(paragraph.section) or RESULT_PARAGRAPH.search(
            paragraph.text
        )
        if is_result:
            result.numbers |= {n for n in numbers_in(paragraph.text) if significant_digits(n) >= 3}
        if RUBRIC_SECTION.search(paragraph.section) or CREDIT_MARK.search(paragraph.text):
            marked_texts.append(CREDIT_MARK.sub(" ", _unmark(paragraph.words)))
    if notebook and with_notebook:
        marked_texts += [_unmark(answer) for answer in model_answers(notebook)]
    result.numbers -= released_numbers | student_source_numbers()
    for text in marked_texts:
        result.sentences |= {s for s in sentences(text) if s not in released_words}
    return result


@cache
def all_secrets() -> tuple[Secrets, ...]:
    return tuple(secrets_of(page) for page in instructor_pages())


# --- the finder ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leak:
    where: str
    what: str
    context: str


@dataclass(frozen=True)
class Page:
    """A page of a built edition, as a reader (or a search engine) gets it."""

    name: str
    text: str  # everything
    prose: str  # without the outputs of notebook cells

    @classmethod
    def of_text(cls, name: str, text: str) -> Page:
        return cls(name, text, text)


def read_page(path: Path, root: Path) -> Page:
    name = path.relative_to(root).as_posix()
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix != ".html":
        return Page.of_text(name, _unmark(raw))
    soup = BeautifulSoup(raw, "html.parser")
    # citations are left out on both sides (the source names a key, the page its authors)
    for tag in [*soup(["script", "style"]), *soup.select("span.bibtex-citation")]:
        tag.decompose()
    text = soup.get_text()
    for output in soup.select("div.cell_output"):
        output.decompose()
    return Page(name, text, soup.get_text())


def edition_pages(html_dir: Path) -> Iterator[Path]:
    """Every page of a built edition: its HTML pages and the page sources it ships."""
    for path in sorted(html_dir.rglob("*")):
        relative = path.relative_to(html_dir).as_posix()
        if not path.is_file() or relative.startswith("_static/"):
            continue
        if path.suffix == ".html" or relative.startswith("_sources/"):
            yield path


def find_leaks(pages: Iterable[Page], secrets: Iterable[Secrets]) -> list[Leak]:
    """Every answer sentence found in a page, and every expected value found in its prose.

    A notebook's outputs are left out of the search for numbers: they are computed by the
    notebook's code on its own data (never an assignment's:
    ``test_no_notebook_remakes_an_assignment_data_set``), and tables of three-decimal rates
    hold some of the assignments' values by chance.
    """
    secrets = list(secrets)
    leaks = []
    for page in pages:
        flat = normalise(page.text)
        prose = normalise(page.prose).replace(",", "")
        tokens = numbers_in(page.prose.translate(_TYPOGRAPHY))
        for secret in secrets:
            for number in sorted(secret.numbers & tokens):
                at = re.search(rf"(?<![\w.]){re.escape(number)}(?![\d])", prose)
                context = prose[max(0, at.start() - 60) : at.end() + 60] if at else ""
                leaks.append(Leak(page.name, f"expected value {number} ({secret.page})", context))
            for sentence in sorted(secret.sentences):
                if sentence in flat:
                    leaks.append(Leak(page.name, f"answer sentence ({secret.page})", sentence))
    return leaks


def _report(leaks: list[Leak]) -> str:
    return "\n".join(f"- {leak.where}: {leak.what}: ...{leak.context}..." for leak in leaks[:40])


def _require(html_dir: Path, command: str) -> None:
    if not (html_dir / "index.html").is_file():
        pytest.fail(f"{html_dir} is not built: run `{command}` first.", pytrace=False)


# --- the editions' tables of contents ------------------------------------------------------


def test_instructor_toc_is_the_student_toc_plus_the_instructor_parts() -> None:
    student = _toc(ROOT / editions.STUDENT_TOC)
    extra = _toc(ROOT / editions.INSTRUCTOR_PARTS)
    generated = editions.instructor_toc(ROOT)
    assert generated["root"] == student["root"]
    assert generated["parts"] == student["parts"] + extra["parts"]
    assert editions.edition_of(ROOT / editions.STUDENT_TOC, ROOT) == editions.STUDENT
    # no page is in both: an instructor page never enters the student edition
    assert not set(student_docs()) & editions.instructor_docs(ROOT)
    assert "book/instructor/judging_evidence" in editions.instructor_docs(ROOT)


@pytest.mark.book
def test_the_written_instructor_toc_is_the_generated_one(tmp_path: Path) -> None:
    written = tmp_path / "_toc.yml"
    editions.write_instructor_toc(written, ROOT)
    assert _toc(written) == editions.instructor_toc(ROOT)
    assert editions.edition_of(written, ROOT) == editions.INSTRUCTOR
    built = ROOT / "_build" / "instructor" / "_toc.yml"
    if built.is_file():  # the one `make book-instructor` used
        assert _toc(built) == editions.instructor_toc(ROOT), (
            f"{built} is stale: run `make book-instructor`"
        )


def test_every_assignment_has_its_instructor_page() -> None:
    pages = {page.stem for page in instructor_pages() if assignment_of(page)}
    assignments = {p.parent.name for p in (ROOT / "assignments").glob("*/*.ipynb")}
    assignments = {name for name in assignments if (ROOT / "book" / f"{name}.md").is_file()}
    assert assignments and assignments <= pages, sorted(assignments - pages)


# --- the collection of answers -------------------------------------------------------------


@pytest.mark.parametrize(
    "page", [p for p in instructor_pages() if assignment_of(p)], ids=lambda p: p.stem
)
def test_each_instructor_page_yields_answers_to_look_for(page: Path) -> None:
    secrets = secrets_of(page)
    # every assignment page has rubrics with their example answers
    assert len(secrets.sentences) >= 10, sorted(secrets.sentences)
    released = released_text(assignment_of(page))
    assert not secrets.numbers & numbers_in(released), "a released number counted as an answer"


def test_the_pages_state_expected_values_to_look_for() -> None:
    numbers = [n for secrets in all_secrets() for n in secrets.numbers]
    assert len(numbers) >= 40, numbers
    assert sum(bool(secrets.numbers) for secrets in all_secrets()) >= 5


def test_the_collection_keeps_answers_and_drops_published_figures() -> None:
    secrets = secrets_of(ROOT / "book" / "instructor" / "judging_evidence.md")
    # the solution's results on the shipped data
    assert {"0.717", "0.212", "0.899"} <= secrets.numbers
    # the vendor's claim is quoted by the chapter and the released notebook: not an answer
    assert "0.978" not in secrets.numbers
    assert any(s.startswith("b: the points lie below the diagonal") for s in secrets.sentences)


def test_paragraphs_and_sentences_follow_the_markdown() -> None:
    text = (
        "## Rubric for X (2 points)\n\n```{list-table}\n:header-rows: 1\n\n* - 1\n"
        "  - reads the direction from the figure, not from the `AUC` alone.\n```\n\n"
        '**Full credit (2/2).** "B: the points lie below the diagonal, so the score '
        'over-predicts here." *One point for each criterion that the answer meets.*\n\n'
        "```python\nx = 0.123\n```\n"
    )
    found = list(paragraphs(text))
    assert all(p.section == "Rubric for X (2 points)" for p in found)
    assert not any("0.123" in p.text for p in found)  # code is not prose
    words = [s for p in found for s in sentences(CREDIT_MARK.sub(" ", p.words))]
    assert "b: the points lie below the diagonal, so the score over-predicts here." in words
    assert "one point for each criterion that the answer meets." in words
    assert significant_digits("0.0710") == 3 and significant_digits("2,500") == 2
    assert numbers_in("flags 1,257 of 6,000 (96.5 %), v0.1404") == {"1257", "6000", "96.5"}


def test_the_finder_detects_a_planted_model_answer_and_expected_value() -> None:
    secrets = all_secrets()
    judging = next(s for s in secrets if s.page.endswith("judging_evidence.md"))
    sentence = next(s for s in sorted(judging.sentences) if s.startswith("b: the points"))
    # a fake student page: the sentence in smart quotes, split by inline markup
    words = sentence.split()
    planted = (
        "<html><body><article><p>A learner wrote: “"
        + " ".join(words[:4])
        + " <em>"
        + " ".join(words[4:])
        + "</em>”</p><p>The sensitivity was 0.717 here.</p></article></body></html>"
    )
    fake = Page.of_text("fake.html", BeautifulSoup(planted, "html.parser").get_text(" "))
    kinds = {leak.what.split(" (")[0] for leak in find_leaks([fake], secrets)}
    assert "answer sentence" in kinds
    assert "expected value 0.717" in kinds
    clean = Page.of_text("clean.html", "The sensitivity was 0.72, and 0.7171 is another number.")
    assert find_leaks([clean], secrets) == []
    # a value in a notebook's output is not searched for; an answer sentence there is
    output = Page("nb.html", text=f"0.717 {sentence}", prose="")
    assert [leak.what.split(" (")[0] for leak in find_leaks([output], secrets)] == [
        "answer sentence"
    ]


GENERATOR_CALL = re.compile(r"(make_\w+)\((?:[^()]|\([^()]*\))*?random_state=(\d+)")


def generator_calls(text: str) -> set[tuple[str, str]]:
    """(generator, seed) of every call with a literal random_state."""
    return set(GENERATOR_CALL.findall(text))


def test_no_notebook_remakes_an_assignment_data_set() -> None:
    """The notebooks' outputs are computed on other data than the assignments' files."""
    shipped: dict[tuple[str, str], str] = {}
    for path in sorted((ROOT / "tests" / "assignment_cases").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "DATA_FILES" not in text:
            continue
        block = text[text.index("DATA_FILES") :]
        block = block[: block.index("\n}") + 2]
        for call in generator_calls(block):
            shipped[call] = path.stem
    assert len(shipped) >= 7, shipped  # one data file or more per assignment
    for doc in student_docs():
        path = ROOT / f"{doc}.md"
        if path.is_file():
            same = generator_calls(path.read_text(encoding="utf-8")) & set(shipped)
            assert not same, f"{doc} makes the data of {[shipped[c] for c in same]}: {same}"


# --- the built editions ---------------------------------------------------------------------


@pytest.mark.book
def test_student_edition_holds_no_answer() -> None:
    _require(STUDENT_HTML, "make book")
    pages = [read_page(path, STUDENT_HTML) for path in edition_pages(STUDENT_HTML)]
    assert len(pages) >= 2 * len(student_docs()), "the student edition has too few pages"
    leaks = find_leaks(pages, all_secrets())
    assert not leaks, "answers found in the student edition:\n" + _report(leaks)


@pytest.mark.book
def test_the_finder_finds_every_answer_of_a_page_in_the_instructor_edition() -> None:
    """A positive control on real pages: Sphinx's HTML (smart quotes, emphasis, tables)."""
    _require(INSTRUCTOR_HTML, "make book-instructor")
    for page in instructor_pages():
        secrets = secrets_of(page, with_notebook=False)
        doc = page.relative_to(ROOT).with_suffix(".html")
        found = find_leaks([read_page(INSTRUCTOR_HTML / doc, INSTRUCTOR_HTML)], [secrets])
        numbers = {leak.what.split()[2] for leak in found if leak.what.startswith("expected")}
        words = {leak.context for leak in found if leak.what.startswith("answer")}
        assert numbers == secrets.numbers, f"{doc}: not found {secrets.numbers - numbers}"
        assert words == secrets.sentences, f"{doc}: not found {secrets.sentences - words}"


@pytest.mark.book
def test_student_edition_has_no_instructor_page_nor_link() -> None:
    _require(STUDENT_HTML, "make book")
    hidden = editions.instructor_docs(ROOT)
    present = [
        path.relative_to(STUDENT_HTML).as_posix()
        for path in STUDENT_HTML.rglob("*")
        if any(
            path.relative_to(STUDENT_HTML).as_posix().removeprefix("_sources/").startswith(doc)
            for doc in hidden
        )
    ]
    assert present == [], f"instructor pages in the student edition: {present}"
    assert not (STUDENT_HTML / "book" / "instructor").exists()
    for path in STUDENT_HTML.rglob("*.html"):
        page = path.relative_to(STUDENT_HTML).as_posix()
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for link in soup.find_all(href=True):
            href = link["href"].split("#", 1)[0].split("?", 1)[0]
            if not href or re.match(r"^[a-z][a-z0-9+.-]*:", href):
                continue  # an anchor on the page, or another site
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
            assert posixpath.splitext(target)[0] not in hidden, f"{page} links to {href}"
    index = (STUDENT_HTML / "searchindex.js").read_text(encoding="utf-8")
    for doc in hidden:
        assert f'"{doc}"' not in index, f"the search index lists {doc}"


@pytest.mark.book
def test_instructor_edition_is_the_student_edition_plus_its_part() -> None:
    _require(STUDENT_HTML, "make book")
    _require(INSTRUCTOR_HTML, "make book-instructor")
    for doc in [*student_docs(), *sorted(editions.instructor_docs(ROOT))]:
        assert (INSTRUCTOR_HTML / f"{doc}.html").is_file(), (
            f"{doc} is not in the instructor edition"
        )
    for doc in student_docs():
        assert (STUDENT_HTML / f"{doc}.html").is_file(), f"{doc} is not in the student edition"
    banner = "Instructor edition"
    assert banner in (INSTRUCTOR_HTML / "book" / "intro.html").read_text(encoding="utf-8")
    assert banner not in (STUDENT_HTML / "book" / "intro.html").read_text(encoding="utf-8")


@pytest.mark.book
def test_the_editions_share_one_notebook_cache() -> None:
    _require(INSTRUCTOR_HTML, "make book-instructor")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["execute"]["cache"] == "_build/.jupyter_cache"
    assert (SHARED_CACHE / "global.db").is_file(), "the shared jupyter-cache is missing"
    # the instructor build read the shared cache: it made no cache of its own
    assert not (INSTRUCTOR_BUILD / ".jupyter_cache").exists()
