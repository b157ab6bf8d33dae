"""Dates written out as an official record writes them, and month numbers in Roman numerals."""

from datetime import date

import pytest

from pledge.dates import date_in_words, format_date, number_in_words, roman_month


@pytest.mark.parametrize(
    ("day", "indonesian", "english"),
    [
        (
            date(2024, 8, 12),
            "Senin, tanggal dua belas, bulan Agustus, tahun dua ribu dua puluh empat",
            "Monday, the twelfth day of August, two thousand and twenty-four",
        ),
        (
            date(2024, 8, 1),
            "Kamis, tanggal satu, bulan Agustus, tahun dua ribu dua puluh empat",
            "Thursday, the first day of August, two thousand and twenty-four",
        ),
        (
            date(2024, 11, 11),
            "Senin, tanggal sebelas, bulan November, tahun dua ribu dua puluh empat",
            "Monday, the eleventh day of November, two thousand and twenty-four",
        ),
        (
            date(2024, 9, 21),
            "Sabtu, tanggal dua puluh satu, bulan September, tahun dua ribu dua puluh empat",
            "Saturday, the twenty-first day of September, two thousand and twenty-four",
        ),
        (
            date(2000, 1, 31),
            "Senin, tanggal tiga puluh satu, bulan Januari, tahun dua ribu",
            "Monday, the thirty-first day of January, two thousand",
        ),
        (
            date(2030, 12, 2),
            "Senin, tanggal dua, bulan Desember, tahun dua ribu tiga puluh",
            "Monday, the second day of December, two thousand and thirty",
        ),
        (
            date(2024, 11, 27),
            "Rabu, tanggal dua puluh tujuh, bulan November, tahun dua ribu dua puluh empat",
            "Wednesday, the twenty-seventh day of November, two thousand and twenty-four",
        ),
    ],
)
def test_a_date_is_written_out_in_words_in_either_language(day, indonesian, english):
    assert date_in_words(day, "id") == indonesian
    assert date_in_words(day, "en") == english


@pytest.mark.parametrize(
    ("number", "indonesian", "english"),
    [
        (0, "nol", "zero"),
        (1, "satu", "one"),
        (11, "sebelas", "eleven"),
        (60, "enam puluh", "sixty"),
        (1000, "seribu", "one thousand"),
    ],
)
def test_counts_are_written_out_too(number, indonesian, english):
    assert number_in_words(number, "id") == indonesian
    assert number_in_words(number, "en") == english


@pytest.mark.parametrize(
    ("month", "roman"), [(1, "I"), (4, "IV"), (8, "VIII"), (9, "IX"), (11, "XI"), (12, "XII")]
)
def test_months_in_roman_numerals(month, roman):
    assert roman_month(date(2024, month, 1)) == roman


def test_a_date_without_its_weekday_closes_a_record():
    assert format_date(date(2024, 8, 12)) == "12 Agustus 2024"
    assert format_date(date(2024, 8, 12), "en") == "12 August 2024"
