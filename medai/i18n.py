"""The language of what the course's helpers show a person: English or French.

A notebook says its language once, in its first code cell (``set_language("fr")`` in the
French edition, ``set_language("en")`` in the English one): from then on widget labels, plot
titles, axis labels, alt text, quiz buttons, the checks' messages and the datasets'
descriptions are in that language, and numbers are written the way that language writes them
(``0,85`` and ``12,5 %`` with a narrow no-break space in French).

Messages are written in English in the code, wrapped in :func:`_`; their French is in
:mod:`medai.locale_fr` (``tests/test_i18n.py`` checks that every wrapped message has one).
A message with fields is translated first, then formatted: ``_("{n} patients").format(n=n)``.
A message written in a module-level table before it is shown (a drop-down's options, a
legend's labels) is marked with :func:`N_`, which returns it unchanged, and translated with
:func:`_` where it is shown. Numbers that a format string writes (``"{:.1%}"``) are
localised by :func:`format_value`.

Examples
--------
>>> set_language("fr")
>>> format_number(0.853, 2), format_percent(0.125)
('0,85', '12,5\u202f%')
>>> set_language("en")
>>> format_number(0.853, 2), format_percent(0.125)
('0.85', '12.5%')
"""

from __future__ import annotations

import re

__all__ = [
    "LANGUAGES",
    "N_",
    "_",
    "format_number",
    "format_percent",
    "format_value",
    "get_language",
    "got",
    "set_language",
]

#: The languages the course is written in.
LANGUAGES = ("en", "fr")

_UNKNOWN_LANGUAGE = "The course speaks {languages}: {language!r} is not one of them."

#: U+202F NARROW NO-BREAK SPACE: French puts it between a number and % (and before ; : ! ?).
NARROW_NBSP = "\u202f"

_state = {"language": "en"}


def set_language(language: str) -> None:
    """Show everything the helpers display in ``language`` ("en" or "fr") from now on."""
    if language not in LANGUAGES:
        raise ValueError(
            _UNKNOWN_LANGUAGE.format(languages=" and ".join(LANGUAGES), language=language)
        )
    _state["language"] = language


def get_language() -> str:
    """The language set by :func:`set_language` ("en" until a notebook says otherwise)."""
    return _state["language"]


def _(message: str) -> str:
    """``message`` (written in English) in the current language."""
    if _state["language"] == "en":
        return message
    from medai.locale_fr import MESSAGES  # only a French notebook pays for the catalogue

    return MESSAGES.get(message, message)


def got(value: object, *, as_repr: bool = True) -> str:
    """How an error message ends: "Got 2.5." with the refused value (its ``repr`` by default)."""
    if as_repr:
        return _("Got {value!r}.").format(value=value)
    return _("Got {value}.").format(value=value)


def N_(message: str) -> str:  # noqa: N802 -- the name gettext gives this marker
    """Mark ``message`` for translation where it is written; :func:`_` translates it when shown.

    For messages kept in module-level tables (``PRESETS = {N_("Screening"): 0.01}``), which
    must stay in English there because code looks them up.
    """
    return message


def format_number(value: float, decimals: int = 2, *, signed: bool = False) -> str:
    """``value`` with ``decimals`` decimals, a decimal comma in French; a sign if ``signed``."""
    sign = "+" if signed else ""
    text = f"{value:{sign},.{decimals}f}"
    if _state["language"] == "fr":
        # 1,234.5 -> 1 234,5: thousands apart with a narrow no-break space, a decimal comma.
        text = text.replace(",", NARROW_NBSP).replace(".", ",")
    return text


def format_percent(value: float, decimals: int = 1, *, signed: bool = False) -> str:
    """The proportion ``value`` (0.125) as a percentage ("12.5%"; "12,5 %" in French)."""
    number = format_number(100 * value, decimals, signed=signed)
    return f"{number}{NARROW_NBSP}%" if _state["language"] == "fr" else f"{number}%"


# In a formatted number: a thousands comma, a decimal point, a percent sign after a digit.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
_PERCENT = re.compile(r"(?<=\d)%")


def format_value(spec: str, value: object) -> str:
    """``spec.format(value)`` (``"{:.1%}"``, ``"{:,}"``), its numbers written as the language
    writes them.

    >>> set_language("fr")
    >>> format_value("{:,.1f} patients", 1234.5), format_value("{:.0%}", 0.25)
    ('1\u202f234,5 patients', '25\u202f%')
    >>> set_language("en")
    >>> format_value("{:.0%}", 0.25)
    '25%'
    """
    text = spec.format(value)
    if _state["language"] != "fr":
        return text
    text = _THOUSANDS.sub(NARROW_NBSP, text)
    text = _DECIMAL_POINT.sub(",", text)
    return _PERCENT.sub(NARROW_NBSP + "%", text)
