"""French typography in the French of a prose unit: what a French reader expects.

- a narrow no-break space (U+202F) or a no-break space (U+00A0) before ``;``, ``!``, ``?``,
  ``:`` and ``%``, and inside « guillemets »: never a plain space, never nothing;
- a decimal comma: a number written ``0.85`` in French prose is an English number.

Code spans, maths, links, roles, directive and option lines are left out: they are code.
"""

from __future__ import annotations

import re

from translation.parity import CODE_SPAN, MATH

_NOT_PROSE = re.compile(
    rf"{CODE_SPAN.pattern}|{MATH.pattern}"
    r"|\]\([^)]*\)|<[^>\n]+>|https?://\S+"
    r"|\{[\w:-]+\}|^\s*(?:`{3,}|~{3,}|:{3,}).*$|^\s*:[\w-]+:.*$|^\(.*\)=$",
    re.S | re.M,
)
_NBSP = "\u202f\u00a0"
RULES = {
    "a plain space before ; ! ? : or % (French puts a narrow no-break space)": re.compile(
        r"(?<=\S) [;!?:%](?=\s|$|[*_)»])", re.M
    ),
    "no space before ; ! or ? (French puts a narrow no-break space)": re.compile(
        r"(?<=[A-Za-zÀ-ÿ0-9»)*_])[;!?](?=\s|$)", re.M
    ),
    "no space before : (French puts a narrow no-break space)": re.compile(
        rf"(?<=[A-Za-zÀ-ÿ»)])(?<![{_NBSP}]):(?=\s)", re.M
    ),
    "a number glued to % (French puts a narrow no-break space)": re.compile(r"\d%"),
    "a guillemet without its no-break space": re.compile(
        r"«(?=[^\u202f\u00a0])|(?<=[^\u202f\u00a0])»"
    ),
    "a decimal point in French prose": re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])"),
}


def check_typography(french: str) -> list[str]:
    """The French typography rules a prose unit breaks, with an example of each."""
    prose = _NOT_PROSE.sub(" ", french)
    problems = []
    for rule, pattern in RULES.items():
        match = pattern.search(prose)
        if match:
            start = max(match.start() - 25, 0)
            problems.append(f"{rule}: ...{prose[start : match.end() + 10]!r}...")
    return problems
