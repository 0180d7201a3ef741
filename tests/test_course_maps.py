"""The pages a CME body and a dean's office read are computed from the course, not typed.

- ``book/competency_map.md`` lists every graded item of every assignment (from nbgrader's
  metadata) with its points, how it is graded and its competency, and each module's time;
- ``book/about.md`` gives each module's last change from git, or "unknown";
- ``book/training_map.md`` gives each module's time from ``scripts/module_times.py``.

The tables come from the directives of ``book/_ext/course_maps.py``; the built pages are read
from the student edition (``make book``).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import book_extensions
import nbformat
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


maps = book_extensions.load("course_maps")
MODULES = maps.modules(ROOT)


def _built(page: str) -> BeautifulSoup:
    path = HTML / "book" / f"{page}.html"
    if not path.is_file():
        pytest.fail(f"{path} is not built: run `make book` first.", pytrace=False)
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _rows(soup: BeautifulSoup) -> list[list[str]]:
    """The body rows of every table of the page's article, as cell texts."""
    return [
        [" ".join(cell.get_text(" ").split()) for cell in row.find_all("td")]
        for row in soup.select("article table tbody tr")
    ]


def _graded_cells(assignment: str) -> list[dict]:
    """The graded cells of an assignment, read here with nbformat (not the extension)."""
    nb = nbformat.read(ROOT / "assignments" / assignment / f"{assignment}.ipynb", as_version=4)
    found = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") or meta.get("task"):
            tags = [t for t in cell.metadata.get("tags", []) if t.startswith("competency-")]
            found.append({**meta, "tags": tags})
    return found


# --- the competency map ------------------------------------------------------------------


def test_the_modules_are_the_courses() -> None:
    assert list(MODULES)[:2] == ["data_to_decision", "judging_evidence"]
    assert "capstone_audit" in MODULES and len(MODULES) >= 7


def test_graded_items_are_read_from_nbgrader_metadata(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()

    def cell(kind: str, grading: dict, tags: list[str]) -> nbformat.NotebookNode:
        new = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        return new("x", metadata={"nbgrader": grading, "tags": tags})

    nb.cells = [
        cell("code", {"grade": True, "solution": False, "grade_id": "test-a", "points": 2}, []),
        cell(
            "markdown",
            {"grade": True, "solution": True, "grade_id": "why", "points": 4},
            ["competency-human", "other"],
        ),
        cell("markdown", {"task": True, "grade_id": "task-b", "points": 1.5}, ["competency-data"]),
        cell("code", {"solution": True, "grade_id": "answer", "grade": False}, []),
        nbformat.v4.new_markdown_cell("instructions"),
    ]
    (tmp_path / "assignments" / "m").mkdir(parents=True)
    nbformat.write(nb, tmp_path / "assignments" / "m" / "m.ipynb")
    items = maps.graded_items("m", tmp_path)
    assert [(i.grade_id, i.points, i.autograded, i.competency) for i in items] == [
        ("test-a", 2.0, True, None),
        ("why", 4.0, False, "competency-human"),
        ("task-b", 1.5, False, "competency-data"),
    ]
    assert items[0].how == "automatically" and items[1].how == "by the instructor"


def _assignments_of_modules() -> list[str]:
    """Every nbgrader assignment of a module: its own folder or one named <module>_<kind>."""
    folders = sorted(p.parent.name for p in (ROOT / "assignments").glob("*/*.ipynb"))
    return [
        folder
        for folder in folders
        if any(folder == m or folder.startswith(f"{m}_") for m in MODULES)
        and (ROOT / "assignments" / folder / f"{folder}.ipynb").is_file()
    ]


def _tables_by_caption(soup: BeautifulSoup) -> dict[str, list[list[str]]]:
    tables = {}
    for table in soup.select("article table"):
        caption = table.find("caption")
        text = " ".join(caption.get_text(" ").split()) if caption else ""
        rows = [
            [" ".join(td.get_text(" ").split()) for td in tr.find_all("td")]
            for tr in table.select("tbody tr")
        ]
        tables[text] = rows
    return tables


def test_every_assignment_of_a_module_is_on_the_map() -> None:
    found = _assignments_of_modules()
    assert set(MODULES) <= set(found)
    kinds = {a for m in MODULES for a in maps.module_assignments(m, ROOT)}
    assert set(found) == kinds, f"assignments of an unknown kind: {set(found) - kinds}"


@pytest.mark.book
@pytest.mark.parametrize("assignment", _assignments_of_modules())
def test_the_competency_map_lists_every_graded_item(assignment: str) -> None:
    tables = _tables_by_caption(_built("competency_map"))
    caption = next((c for c in tables if f"({assignment})" in c), None)
    assert caption, f"the competency map has no table for {assignment}: {sorted(tables)}"
    rows = {row[0]: row for row in tables[caption]}
    cells = _graded_cells(assignment)
    assert cells, f"{assignment} has no graded cell"
    assert len(rows) == len(cells), f"{assignment}: items on the map {sorted(rows)}"
    for meta in cells:
        grade_id = meta["grade_id"]
        assert grade_id in rows, f"{assignment}: {grade_id} is not on the competency map"
        _, points, how, competency = rows[grade_id]
        assert float(points) == float(meta["points"]), grade_id
        autograded = bool(meta.get("grade")) and not meta.get("solution")
        assert how == ("automatically" if autograded else "by the instructor"), grade_id
        assert competency == maps.COMPETENCIES[meta["tags"][0]], grade_id


@pytest.mark.book
def test_the_competency_map_adds_up_each_module() -> None:
    soup = _built("competency_map")
    summary = soup.select("article table")[0]
    headers = [" ".join(th.get_text(" ").split()) for th in summary.select("thead th")]
    assert headers[2:6] == list(maps.COMPETENCIES.values())
    times = maps.module_times(ROOT)
    rows = [
        [" ".join(td.get_text(" ").split()) for td in tr.find_all("td")]
        for tr in summary.select("tbody tr")
    ]
    assert [row[0] for row in rows] == list(MODULES.values())
    for module, row in zip(MODULES, rows, strict=True):
        cells = _graded_cells(module)
        assert row[1] == times.duration(times.count(module).total)
        assert float(row[-1]) == sum(float(c["points"]) for c in cells)
        for tag, shown in zip(maps.COMPETENCIES, row[2:6], strict=True):
            expected = sum(float(c["points"]) for c in cells if c["tags"] == [tag])
            assert float(shown or 0) == expected, (module, tag)


# --- the last change of each module ------------------------------------------------------


def _git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def test_last_update_is_the_last_commit_of_the_files(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "book").mkdir()
    (repo / "book" / "m.md").write_text("one\n")
    (repo / "other.md").write_text("other\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "first", date="2021-03-04T10:00:00+00:00")
    (repo / "book" / "m.md").write_text("two\n")
    _git(repo, "commit", "-q", "-am", "second", date="2022-05-06T10:00:00+00:00")
    (repo / "other.md").write_text("changed\n")
    _git(repo, "commit", "-q", "-am", "third", date="2023-07-08T10:00:00+00:00")
    assert maps.last_update(["book/m.md"], repo) == "2022-05-06"
    assert maps.last_update(["book/m.md", "other.md"], repo) == "2023-07-08"
    assert maps.last_update(["never_committed.md"], repo) == maps.UNKNOWN
    assert maps.last_update([], repo) == maps.UNKNOWN
    assert not maps.has_uncommitted_changes(["book/m.md"], repo)
    (repo / "book" / "m.md").write_text("three\n")
    assert maps.has_uncommitted_changes(["book/m.md"], repo)
    # a shallow clone would date every file by its one commit: unknown
    shallow = tmp_path / "shallow"
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    assert maps.last_update(["book/m.md"], shallow) == maps.UNKNOWN


def test_last_update_is_unknown_without_git(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "m.md").write_text("x\n")
    assert maps.last_update(["m.md"], tmp_path) == maps.UNKNOWN  # not a repository
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))  # no git program at all
    assert maps.last_update(["book/intro.md"], ROOT) == maps.UNKNOWN


@pytest.mark.book
def test_the_about_page_dates_every_module() -> None:
    rows = {row[0]: row for row in _rows(_built("about")) if row}
    for module, title in MODULES.items():
        assert title in rows, f"the about page has no row for {module}"
        _, date, files = rows[title]
        expected = maps.last_update(maps.module_files(module, ROOT), ROOT)
        assert date.split(" ")[0] == expected
        assert DATE.match(date) or date == maps.UNKNOWN, date
        assert f"book/{module}.md" in files and f"assignments/{module}" in files
    text = _built("about").get_text(" ")
    assert "to be declared" in text  # the authors' template, never invented names


# --- the training map ----------------------------------------------------------------------


@pytest.mark.book
def test_the_training_map_gives_the_counted_hours() -> None:
    times = maps.module_times(ROOT)
    rows = {row[0]: row for row in _rows(_built("training_map")) if row}
    for module, title in MODULES.items():
        counted = times.count(module)
        row = rows[title]
        assert row[1] == times.duration(counted.chapter)
        assert row[4] == times.duration(counted.total)
        assert row[5], f"{module} has no proposed domain"


@pytest.mark.book
def test_the_landing_page_links_the_pages_for_reviewers() -> None:
    links = {a["href"] for a in _built("intro").select("article a[href]")}
    for page in ("about", "competency_map", "training_map"):
        assert f"{page}.html" in links, f"the landing page does not link to {page}"


def test_every_test_the_about_page_names_exists() -> None:
    text = (ROOT / "book" / "about.md").read_text(encoding="utf-8")
    files = set(re.findall(r"`(tests/[\w/]+\.py)`", text))
    assert files, "the about page names the tests that check its rules"
    for name in files:
        assert (ROOT / name).is_file(), f"the about page names {name}, which does not exist"
    for function in re.findall(r"`(test_\w+)`", text):
        defined = any(
            f"def {function}(" in path.read_text(encoding="utf-8")
            for path in (ROOT / "tests").glob("test_*.py")
        )
        assert defined, f"the about page names {function}, which is not a test"
