"""The French edition, made from the English sources and the catalogues in ``locales/fr/``.

The English files are the only sources. Each file the French edition needs is cut into
units (:mod:`translation.segments`: a paragraph, a heading, a table, a whole code cell, a
notebook cell); its catalogue ``locales/fr/<path>.po`` holds the French of each unit,
keyed by the English (gettext, read and written with Babel: :mod:`translation.catalogues`).
:mod:`translation.edition` writes the French source tree by putting each unit's French in
place of its English, so the two editions have the same files, cells, nbgrader metadata and
order by construction; :mod:`translation.parity` checks what a translator could still break
in a unit (numbers, code, headings, directives, cross-references).

When an English unit changes, its old French stays in the catalogue but is marked fuzzy
(``python -m translation update``), and ``tests/test_translation.py`` fails until somebody
translates it again: the editions cannot drift silently.

Commands (``python -m translation --help``): ``update`` (catalogues from the sources),
``export``/``import`` (a catalogue as plain text for a translator, and back), ``check``
(what is missing, fuzzy or fails parity), ``build DIR`` (the French source tree).
"""
