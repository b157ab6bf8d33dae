"""The official record's number, filled from the event's pattern."""

from datetime import date

import pytest

from pledge.certificates.record_number import record_number
from pledge.models.events import DEFAULT_RECORD_NUMBER
from tests.builders import make_event


@pytest.mark.parametrize(
    ("pattern", "held_on", "organisers", "number"),
    [
        (
            DEFAULT_RECORD_NUMBER,
            date(2024, 8, 12),
            ("Polres Paser", "KPU Kabupaten Paser"),
            "BA/12/VIII/2024/Polres Paser",
        ),
        (
            DEFAULT_RECORD_NUMBER,
            date(2024, 11, 1),
            ("KPU Kabupaten Berau",),
            "BA/1/XI/2024/KPU Kabupaten Berau",
        ),
        (
            "{day}/{month}/{year}/{organiser}",
            date(2024, 4, 30),
            ("Bawaslu Kota Samarinda",),
            "30/IV/2024/Bawaslu Kota Samarinda",
        ),
        ("B-{TANGGAL}/{Bulan}/BA.{tahun}", date(2024, 12, 9), ("Polres Paser",), "B-9/XII/BA.2024"),
        ("045/{nomor}/{tahun}", date(2024, 8, 12), ("Polres Paser",), "045/{nomor}/2024"),
        ("BA/{tahun}/{penyelenggara}", date(2024, 8, 12), (), "BA/2024"),
        ("", date(2024, 8, 12), ("Polres Paser",), ""),
    ],
    ids=[
        "demo",
        "first-of-the-month",
        "english-names",
        "any-case",
        "unknown-part-kept",
        "no-organiser",
        "empty",
    ],
)
def test_the_number_fills_the_events_pattern(app, pattern, held_on, organisers, number):
    event = make_event(record_number_pattern=pattern, held_on=held_on, organisers=organisers)
    assert record_number(event) == number
