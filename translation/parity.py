"""What a translation must keep from its English: the checks run on every translated unit.

- **Numbers.** A unit states the same numbers in both languages: ``1,724`` and ``0.85`` in
  English are ``1 724`` and ``0,85`` in French (a narrow no-break space between thousands, a
  decimal comma); numbers in code spans and maths are read the English way in both.
- **Code.** A code unit is the same program: the same Python tokens, except the text of
  string literals and comments; a string keeps its prefix (``f``, ``r``) and its ``{fields}``,
  and nbgrader's region markers (``### BEGIN SOLUTION``...) stay as they are.
- **Markup.** A prose unit keeps its headings' levels, its directives and their options
  (except the ones that hold text: ``alt``, ``title``, ``caption``), its labels, the targets
  of its cross-references and citations, its links and images, and its substitutions.

Each check returns the problems it found as sentences (empty: the unit is fine).
"""

from __future__ import annotations

import io
import re
import tokenize
from collections import Counter

#: inline code and maths: code, never prose (typography.py leaves them out too)
CODE_SPAN = re.compile(r"``.+?``|`[^`]+`", re.S)
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.S)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_EN_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_FR_THOUSANDS = re.compile(r"(?<=\d)[\u202f\u00a0 ](?=\d{3}(?!\d))")
_FR_DECIMAL = re.compile(r"(?<=\d),(?=\d)")
_ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<content>[^`]*)`")
_EXPLICIT_TARGET = re.compile(r"<([^<>]+)>\s*$")
_LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_LABEL = re.compile(r"^\s*\(([\w:.-]+)\)=\s*$", re.M)
_HEADING = re.compile(r"^(#{1,6})\s", re.M)
_FENCE_LINE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\{[\w:-]+\})?", re.M)
_OPTION = re.compile(r"^\s*:([\w-]+):(.*)$", re.M)
_SUBSTITUTION = re.compile(r"\{\{\s*[\w.]+\s*\}\}")
_HTML_TAG = re.compile(r"</?([a-zA-Z][\w-]*)")
_NBGRADER_MARKER = re.compile(
    r"^\s*(?:#+\s*(?:BEGIN|END) (?:SOLUTION|HIDDEN TESTS)|=== (?:BEGIN|END) MARK SCHEME ===)",
    re.M,
)
#: text the English already writes in French (the glossary's definitions): French rules
_FRENCH_SPAN = re.compile(r'<span lang="fr">(.*?)</span>', re.S)
_FIELD = re.compile(r"(?<!\{)\{(?!\{)([^{}]*)\}")
#: options whose value is text a reader sees, translated with the unit
TEXT_OPTIONS = frozenset({"alt", "title", "caption", "figclass-title", "column"})
#: roles whose content is shown as it is (a term, a file name): only their target must match
REFERENCE_ROLES = frozenset(
    {"doc", "ref", "numref", "cite", "cite:p", "cite:t", "cite:ps", "download", "eq", "prf:ref"}
)


def _mask(pattern: re.Pattern[str], text: str) -> tuple[str, list[str]]:
    found = pattern.findall(text)
    return pattern.sub(" ", text), found


def numbers(text: str, language: str) -> Counter[str]:
    """The numbers ``text`` states, the same whatever the language writes them like."""
    text, french = _mask(_FRENCH_SPAN, text)
    text, spans = _mask(CODE_SPAN, text)
    text, maths = _mask(MATH, text)
    verbatim = " ".join(spans + [m.replace("{,}", ".") for m in maths])

    def french_rules(t: str) -> str:
        return _FR_DECIMAL.sub(".", _FR_THOUSANDS.sub("", t))

    text = french_rules(text) if language == "fr" else _EN_THOUSANDS.sub("", text)
    verbatim = _EN_THOUSANDS.sub("", verbatim)
    found = _NUMBER.findall(text) + _NUMBER.findall(verbatim)
    found += _NUMBER.findall(french_rules(" ".join(french)))
    return Counter(str(float(n)) if "." in n else str(int(n)) for n in found)


def check_numbers(english: str, french: str) -> list[str]:
    """The numbers the French adds or drops."""
    en, fr = numbers(english, "en"), numbers(french, "fr")
    problems = []
    if missing := en - fr:
        problems.append(f"numbers missing from the French: {', '.join(sorted(missing))}")
    if extra := fr - en:
        problems.append(f"numbers the English does not state: {', '.join(sorted(extra))}")
    return problems


def _references(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for match in _ROLE.finditer(text):
        role, content = match["role"], match["content"]
        if role in REFERENCE_ROLES:
            target = _EXPLICIT_TARGET.search(content)
            found[f"{{{role}}}{target[1] if target else content}"] += 1
    return found


def markup(text: str) -> dict[str, object]:
    """What a prose unit's markup must keep, by kind."""
    options = [
        (name, "" if name in TEXT_OPTIONS else value.strip())
        for name, value in _OPTION.findall(text)
    ]
    return {
        "headings": [len(h) for h in _HEADING.findall(text)],
        "directives": [(m[0], m[1]) for m in _FENCE_LINE.findall(text)],
        "options": options,
        "labels": _LABEL.findall(text),
        "references": _references(text),
        "links": Counter(_LINK.findall(text)),
        "substitutions": Counter(_SUBSTITUTION.findall(text)),
        "html tags": Counter(t.lower() for t in _HTML_TAG.findall(CODE_SPAN.sub(" ", text))),
        "nbgrader markers": [m.strip() for m in _NBGRADER_MARKER.findall(text)],
    }


def check_markup(english: str, french: str) -> list[str]:
    """The markup the French changes."""
    en, fr = markup(english), markup(french)
    return [
        f"{kind} differ: English {en[kind]!r}, French {fr[kind]!r}"
        for kind in en
        if en[kind] != fr[kind]
    ]


def _string_shape(token: str) -> tuple[str, tuple[str, ...]]:
    """A string literal's prefix and ``{fields}``: what a translation of it keeps."""
    prefix = re.match(r"[A-Za-z]*", token)[0].lower()
    fields = tuple(sorted(f for f in _FIELD.findall(token) if "{" not in f))
    return prefix, fields


def code_shape(source: str) -> list[tuple[object, ...]] | None:
    """The tokens of Python code with the strings' text and the comments left out.

    None when the source is not Python that tokenizes (shell magics): it is then compared
    line by line, comments aside.
    """
    shape: list[tuple[object, ...]] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.STRING:
                shape.append(("STRING", *_string_shape(token.string)))
            elif token.type == tokenize.COMMENT:
                if _NBGRADER_MARKER.match(token.string):
                    shape.append(("MARKER", token.string.strip()))
            elif token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER):
                shape.append((tokenize.tok_name[token.type], token.string))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    return shape


_TEXT_KEY = re.compile(r"^(\s*)(alt|caption|title):.*")


def _fence_body(unit: str) -> tuple[list[str], str]:
    """(fence and option lines, code) of a fenced code block; ([], unit) for a bare cell.

    A cell's options are ``:name: value`` lines or a YAML header between ``---`` lines
    (``mystnb: image: alt: ...``); the values of ``alt``, ``caption`` and ``title`` are text
    and are left out (with their continuation lines).
    """
    lines = unit.split("\n")
    if not _FENCE_LINE.match(lines[0]):
        return [], unit
    head = [lines[0]]
    body = lines[1:-1]
    while body and _OPTION.match(body[0]):
        head.append(body.pop(0))
    if body and body[0].strip() == "---" and "---" in [b.strip() for b in body[1:]]:
        end = 1 + [b.strip() for b in body[1:]].index("---")
        text_indent = None
        for line in body[: end + 1]:
            indent = len(line) - len(line.lstrip())
            if text_indent is not None and indent > text_indent:
                continue  # the rest of a text value
            text_indent = None
            match = _TEXT_KEY.match(line)
            if match:
                text_indent = len(match[1])
                head.append(f"{match[1]}{match[2]}: <text>")
            else:
                head.append(line)
        body = body[end + 1 :]
    return head + [lines[-1]], "\n".join(body)


def check_code(english: str, french: str) -> list[str]:
    """Where the French code is not the same program as the English."""
    en_head, en_code = _fence_body(english)
    fr_head, fr_code = _fence_body(french)
    if en_head != fr_head:
        return [f"the code block's fence or options differ: {en_head!r} and {fr_head!r}"]
    en, fr = code_shape(en_code), code_shape(fr_code)
    if en is None or fr is None:
        strip = re.compile(r"\s*#.*$")
        if [strip.sub("", line) for line in en_code.split("\n")] != [
            strip.sub("", line) for line in fr_code.split("\n")
        ]:
            return ["the code differs outside its comments"]
        return []
    if en == fr:
        return []
    for position, (a, b) in enumerate(zip(en, fr, strict=False)):
        if a != b:
            return [f"the code differs at token {position}: English {a!r}, French {b!r}"]
    return [f"the code has {len(en)} tokens in English and {len(fr)} in French"]


def check_unit(english: str, french: str, kind: str) -> list[str]:
    """Every problem of one translated unit."""
    if kind == "code":
        return check_code(english, french)
    problems = check_numbers(english, french)
    if kind == "prose":
        problems += check_markup(english, french)
    return problems
