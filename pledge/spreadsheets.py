"""CSV files people open in a spreadsheet: a byte order mark, the separator their locale
expects, and no cell that a spreadsheet would run as a formula.

A spreadsheet set to Indonesian uses the comma as its decimal mark and splits a CSV on
semicolons; one set to English splits on commas. It runs a cell as a formula when the
cell, or any piece of it that the other separator cuts off, begins with =, +, -, @, a
tab or a carriage return: "Budi;=2+5" is harmless in a comma-separated file read in
English and a formula in Indonesian. So every such piece gets a single quote before it.
"""

import csv
import io
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A separator a spreadsheet might split on, then what would start a formula after it.
_AFTER_SEPARATOR = re.compile(r"([,;\t]\s*)([=+\-@\r])")


def neutralise(value):
    """Return `value` as text that no spreadsheet reads as a formula, whatever it splits on."""
    text = "" if value is None else str(value)
    text = _AFTER_SEPARATOR.sub(r"\1'\2", text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def delimiter_for(language):
    """The separator a spreadsheet in `language`'s locale expects: ";" in Indonesian, "," otherwise."""
    return ";" if language == "id" else ","


def csv_lines(header, rows, delimiter=","):
    """Yield a CSV file a piece at a time: the byte order mark and `header`, then a line per row.

    Every cell is neutralised; rows are read one by one, so memory stays flat.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")

    def take():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([neutralise(cell) for cell in header])
    yield "\ufeff" + take()
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        yield take()
