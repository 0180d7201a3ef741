"""Every guarantee the instructor pages state names a test that exists and demonstrates it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    ROOT / "book" / "instructor_sandbox.md",
    ROOT / "book" / "instructor_guide.md",
    ROOT / "book" / "instructor_jupyterhub.md",
]


def defined_tests() -> set[str]:
    names = set()
    for path in (ROOT / "tests").glob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names |= {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    return names


def test_every_test_a_page_names_exists() -> None:
    defined = defined_tests()
    for page in PAGES:
        named = set(re.findall(r"`(test_\w+)`", page.read_text(encoding="utf-8")))
        missing = sorted(named - defined)
        assert not missing, f"{page.name} names tests that do not exist: {missing}"


def test_every_guarantee_row_names_a_test() -> None:
    text = (ROOT / "book" / "instructor_sandbox.md").read_text(encoding="utf-8")
    section = text[text.index("## Guarantees") : text.index("## What remains")]
    rows = [r for r in section.splitlines() if r.startswith("| ") and "---" not in r]
    rows = [r for r in rows if not r.startswith(("| the student's code", "| step "))]
    assert len(rows) >= 20
    for row in rows:
        assert re.search(r"`test_\w+", row), f"a guarantee without its test: {row[:80]}"
