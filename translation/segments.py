"""Cut a source file into the units a translator translates, and put it back together.

A file is a list of :class:`Segment`: units to translate (``translate=True``) and the text
between them (blank lines, a notebook's front matter, fence lines with no words), kept as it
is. Joining the segments' texts gives the file back exactly (``tests/test_translation.py``).

- MyST markdown (chapters, MyST notebooks): a unit is a block of non-blank lines; a code
  block (``{code-cell}`` or a plain fenced block) is one unit with its fences, blank lines
  included; a directive's fence (``{exercise}``, ``:::``) does not stop a block, so prose
  inside directives is cut into blocks like the rest.
- Notebooks (``.ipynb``): a unit is a cell's source; metadata are never translated.
- Python files (the course's nbgrader configuration): the whole file is one code unit.
- The tables of contents and the book's configuration: the ``caption:`` and ``title:``
  values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["prose", "code", "text"]

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<marker>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_CODE_INFO = re.compile(r"^\s*(\{code-cell\}|[A-Za-z0-9_+-]*\s*$)")
_HAS_WORDS = re.compile(r"[A-Za-z]{2,}")
_YAML_VALUE = re.compile(r"^(?P<key>\s*(?:-\s+)?(?:caption|title):\s*)(?P<value>.+?)\s*$")


@dataclass(frozen=True)
class Segment:
    """A piece of a source file: a unit to translate, or text kept as it is."""

    text: str
    translate: bool = False
    kind: Kind = "prose"


def join(segments: list[Segment]) -> str:
    """The file the segments came from."""
    return "".join(s.text for s in segments)


def _unit(text: str, kind: Kind) -> Segment:
    """A unit if ``text`` has words to translate, else text kept as it is."""
    return Segment(text, translate=bool(_HAS_WORDS.search(text)), kind=kind)


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter with its ``---`` lines, the rest); the front matter is never translated."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[: end + 5], text[end + 5 :]
    return "", text


def _code_kind(info: str) -> Kind:
    info = info.strip()
    if info.startswith("{code-cell}") or info.split(" ")[0] in ("python", "ipython3", "py"):
        return "code"
    return "text"


def segment_markdown(text: str) -> list[Segment]:
    """The segments of a MyST markdown file."""
    front, body = split_front_matter(text)
    segments = [Segment(front)] if front else []
    lines = body.splitlines(keepends=True)
    block: list[str] = []

    def flush() -> None:
        if block:
            content = "".join(block)
            # The unit is the block without its final newline, so that a translator's text
            # needs none; the newline is kept as text.
            stripped = content.rstrip("\n")
            segments.append(_unit(stripped, "prose"))
            segments.append(Segment(content[len(stripped) :]))
            block.clear()

    directives: list[str] = []  # the fences of the directives open at this line
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line.rstrip("\n"))
        closes = (
            fence is not None
            and bool(directives)
            and not fence["info"].strip()
            and fence["marker"][0] == directives[-1][0]
            and len(fence["marker"]) >= len(directives[-1])
        )
        if closes:
            directives.pop()
        elif (
            fence
            and (fence["marker"][0] == ":" or fence["info"].strip().startswith("{"))
            and not fence["info"].strip().startswith("{code-cell}")
        ):
            directives.append(fence["marker"])
        if not closes and fence and fence["marker"][0] in "`~" and _CODE_INFO.match(fence["info"]):
            # A code block: one unit, to its closing fence (same character, at least as long).
            flush()
            marker = fence["marker"]
            j = i + 1
            while j < len(lines):
                closing = _FENCE.match(lines[j].rstrip("\n"))
                if (
                    closing
                    and closing["marker"][0] == marker[0]
                    and len(closing["marker"]) >= len(marker)
                    and not closing["info"].strip()
                ):
                    break
                j += 1
            content = "".join(lines[i : j + 1])
            stripped = content.rstrip("\n")
            segments.append(_unit(stripped, _code_kind(fence["info"])))
            segments.append(Segment(content[len(stripped) :]))
            i = j + 1
            continue
        if line.strip():
            block.append(line)
        else:
            flush()
            segments.append(Segment(line))
        i += 1
    flush()
    return [s for s in segments if s.text]


def segment_cell(source: str, cell_type: str) -> Segment:
    """A notebook cell's source as one unit (code cells are code, the others prose)."""
    return _unit(source, "code" if cell_type == "code" else "prose")


def segment_python(text: str) -> list[Segment]:
    """A Python file: one code unit."""
    return [_unit(text, "code")]


def segment_yaml(text: str) -> list[Segment]:
    """A table of contents or a book configuration: each ``caption:``/``title:`` value."""
    segments: list[Segment] = []
    for line in text.splitlines(keepends=True):
        match = _YAML_VALUE.match(line.rstrip("\n"))
        if match and not line.lstrip().startswith("#"):
            segments.append(Segment(match["key"]))
            segments.append(_unit(match["value"], "text"))
            segments.append(Segment(line[match.end("value") :]))
        else:
            segments.append(Segment(line))
    return [s for s in segments if s.text]
