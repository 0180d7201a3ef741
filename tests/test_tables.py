"""medai.tables: tables formatted for reading, in notebooks and in the explorers."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from medai.tables import _BAD_BY, CELL_STYLE, html_table, interval_label, readable


def test_readable_formats_columns_and_leaves_missing_cells_blank():
    frame = pd.DataFrame(
        {"sensitivity": [0.9123, np.nan], "patients": [1234, 56]}, index=["claim", "local"]
    )
    html = readable(frame, {"sensitivity": "{:.1%}", "patients": "{:,}"}, caption="Audit").to_html()
    assert "91.2%" in html and "1,234" in html and "Audit" in html
    assert "nan" not in html.lower()  # the empty cell is blank, not NaN
    assert "padding" in html  # cells are spaced, so numbers never run together


def test_readable_formats_rows_and_keeps_the_data():
    frame = pd.DataFrame({"by hand": [0.5, 12.0]}, index=["PPV", "missed per 1,000"])
    formats = {"PPV": "{:.0%}", "missed per 1,000": "{:.1f}", "AUC": "{:.3f}"}  # no AUC row
    styler = readable(frame, formats, by="row")
    html = styler.to_html()
    assert "50%" in html and "12.0" in html
    assert styler.data.equals(frame)
    with pytest.raises(ValueError, match=re.escape(_BAD_BY)):
        readable(frame, by="cell")


def test_html_table_pads_every_cell_and_escapes_text():
    table = html_table(["Bin", "Patients"], [["0% to 10%", "1,995"], ["<b>", "3"]], caption="C")
    assert table.count(CELL_STYLE) == 4  # two headings and two data cells
    assert "&lt;b&gt;" in table and "<caption" in table
    assert table.count("<tr>") == 3


def test_interval_label_reads_as_words():
    assert interval_label(0.0, 0.1) == "0% to 10%"
    assert interval_label(0.25, 0.5, "{:.2f}") == "0.25 to 0.50"
