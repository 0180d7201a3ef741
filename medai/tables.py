"""Tables a learner reads: spaced columns, units in the headers, blanks for missing values.

Two outputs share one look:

- :func:`readable` turns a DataFrame into a pandas ``Styler`` for a notebook: each column (or
  row) gets its own number format, missing values show as blank cells rather than ``NaN``,
  and cells are padded and right-aligned so that neighbouring numbers never run together;
- :func:`html_table` writes the same kind of table as an HTML fragment, for the explorers
  of :mod:`medai.widgets`, which draw their results as HTML.

:func:`interval_label` writes a bin of a reliability table as "10% to 20%" instead of
pandas' ``(0.1, 0.2]``.

Numbers are written in the notebook's language (:func:`medai.set_language`): in French,
``readable`` and ``interval_label`` write "12,5 %" and "1 234" (decimal comma, narrow
no-break spaces) with the same format strings ("{:.1%}", "{:,}").
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

import pandas as pd
from pandas.io.formats.style import Styler

from medai.i18n import _, format_value, get_language, got

__all__ = ["CELL_STYLE", "html_table", "interval_label", "readable"]

#: Inline style of every cell: the padding keeps neighbouring numbers apart.
CELL_STYLE = "padding:0.3em 0.9em;text-align:right;border-bottom:1px solid #ddd"
_HEADER_STYLE = CELL_STYLE + ";font-weight:bold"
_ROW_HEADER_STYLE = "padding:0.3em 0.9em;text-align:left;border-bottom:1px solid #ddd"
_TABLE_STYLE = "border-collapse:collapse;margin:0.5em 0"
_CAPTION_STYLE = "caption-side:top;text-align:left;font-weight:bold;padding-bottom:0.3em"
_BAD_BY = 'by must be "column" or "row".'


def readable(
    frame: pd.DataFrame,
    formats: Mapping[object, str] | str | None = None,
    *,
    by: str = "column",
    caption: str | None = None,
) -> Styler:
    """A DataFrame styled for reading: number formats, blanks for missing values, spacing.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table. Its index and column names should already say what they hold, with the
        unit ("per 1,000 radiographs", "%").
    formats : mapping or str, optional
        A format string for every cell (``"{:.1%}"``), or one per column (``by="column"``)
        or per row (``by="row"``), keyed by label; labels left out keep pandas' format,
        and keys the table does not have are ignored.
    by : {"column", "row"}, default="column"
        What the keys of ``formats`` name. Rows suit tables whose rows are metrics.
    caption : str, optional
        A title shown above the table.

    Returns
    -------
    pandas.io.formats.style.Styler
        Displays as HTML in a notebook; ``.data`` is ``frame`` unchanged.
    """
    if by not in ("column", "row"):
        raise ValueError(f"{_(_BAD_BY)} {got(by)}")
    french = get_language() == "fr"
    # pandas' own format in French: a decimal comma. No thousands separator, as pandas writes
    # none in English (a column of years or codes must not read "2 016").
    local = {"decimal": ","} if french else {}
    styler = frame.style.format(na_rep="", **local)
    if isinstance(formats, str):
        styler = styler.format(_localised(formats), na_rep="")
    else:
        labels = frame.columns if by == "column" else frame.index
        for label, spec in (formats or {}).items():
            if label not in labels:  # one mapping can serve several tables
                continue
            subset = pd.IndexSlice[:, [label]] if by == "column" else pd.IndexSlice[[label], :]
            styler = styler.format(_localised(spec), subset=subset, na_rep="")
    styler = styler.set_table_styles(
        [
            {"selector": "", "props": _TABLE_STYLE},
            {"selector": "td", "props": CELL_STYLE},
            {"selector": "th.col_heading", "props": _HEADER_STYLE},
            {"selector": "th.row_heading", "props": _ROW_HEADER_STYLE},
            {"selector": "th.index_name", "props": _ROW_HEADER_STYLE},
            {"selector": "caption", "props": _CAPTION_STYLE},
        ]
    )
    return styler.set_caption(caption) if caption else styler


def _localised(spec: str) -> str | Callable[[object], str]:
    """A format string as is in English; in French, a function writing French numbers."""
    if get_language() == "en":
        return spec
    return lambda value: format_value(spec, value)


def html_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    caption: str | None = None,
    row_headers: bool = True,
) -> str:
    """An HTML table with padded, right-aligned cells (text is escaped).

    Parameters
    ----------
    header : sequence of str
        The column headings, including the one above the row headers (may be "").
    rows : sequence of sequences
        The cells of each row, already formatted as text; the first is the row header
        when ``row_headers`` is true.
    caption : str, optional
        A title shown above the table.
    row_headers : bool, default=True
        Whether the first cell of each row is a heading (``<th scope="row">``).

    Returns
    -------
    str
        ``<table>...</table>``.
    """
    head = "".join(
        f'<th scope="col" style="{_HEADER_STYLE}">{html.escape(str(h))}</th>' for h in header
    )
    body = []
    for row in rows:
        cells = [html.escape(str(cell)) for cell in row]
        first = (
            f'<th scope="row" style="{_ROW_HEADER_STYLE}">{cells[0]}</th>'
            if row_headers
            else f'<td style="{CELL_STYLE}">{cells[0]}</td>'
        )
        rest = "".join(f'<td style="{CELL_STYLE}">{c}</td>' for c in cells[1:])
        body.append(f"<tr>{first}{rest}</tr>")
    title = f'<caption style="{_CAPTION_STYLE}">{html.escape(caption)}</caption>' if caption else ""
    return (
        f'<table style="{_TABLE_STYLE}">{title}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def interval_label(low: float, high: float, spec: str = "{:.0%}") -> str:
    """A bin as words, "10% to 20%", with each bound written by ``spec``."""
    return _("{low} to {high}").format(low=format_value(spec, low), high=format_value(spec, high))
