"""CSV cells no spreadsheet runs as a formula, whatever separator it splits on."""

import pytest

from pledge.spreadsheets import csv_lines, delimiter_for, neutralise


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        # Read by a spreadsheet that splits on ";" (Indonesian) or "," (English), the
        # piece after the separator would start a formula.
        ("Budi;=2+5", "Budi;'=2+5"),
        ("Budi,=2+5", "Budi,'=2+5"),
        ("Budi; =2+5", "Budi; '=2+5"),
        ("Budi\t@SUM(A1)", "Budi\t'@SUM(A1)"),
        ("Budi;+62", "Budi;'+62"),
        (None, ""),
    ],
)
def test_a_cell_that_would_run_as_a_formula_gets_a_quote(value, cell):
    assert neutralise(value) == cell


@pytest.mark.parametrize(
    "cell", ["Andi Baso", "", "A=B", "5+5", "K7QD-M2XA-P", "Muara Samu, Paser", "Polres Paser; KPU"]
)
def test_ordinary_cells_are_left_as_they_are(cell):
    assert neutralise(cell) == cell


def test_indonesian_files_are_split_on_semicolons_and_english_ones_on_commas():
    assert delimiter_for("id") == ";" and delimiter_for("en") == ","


def test_a_file_starts_with_a_byte_order_mark_and_quotes_a_cell_holding_its_separator():
    text = "".join(csv_lines(("nama", "instansi"), [("Budi;=2+5", "Polres Paser")], delimiter=";"))
    assert text == '\ufeffnama;instansi\r\n"Budi;\'=2+5";Polres Paser\r\n'
