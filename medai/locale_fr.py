"""The French of every message the helpers show (see :mod:`medai.i18n`).

Keys are the English messages exactly as the code wraps them in ``_()``; values are their
French, as a French clinician writes it (decimal comma, a narrow no-break space U+202F before
%, ; : ! and ?). ``tests/test_i18n.py`` checks that the two sides match: no wrapped message
without its French, no French without its message, the same ``{fields}`` on both sides.
"""

MESSAGES: dict[str, str] = {}
