"""The official record's number, filled from the pattern the organiser gave the event.

Indonesian offices number letters as "BA/12/VIII/2024/Polres Paser": a kind, the day, the
month in Roman numerals, the year, the issuing office. The pattern names those parts in
Indonesian ({tanggal} {bulan} {tahun} {penyelenggara}) or English ({day} {month} {year}
{organiser}); anything else in braces is printed as written, so a typo shows on the
record instead of failing it.
"""

import re

from pledge.dates import roman_month

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_ALIASES = {"day": "tanggal", "month": "bulan", "year": "tahun", "organiser": "penyelenggara"}


def record_number(event):
    """Return the number of `event`'s official record, e.g. "BA/12/VIII/2024/Polres Paser"."""
    day = event.held_on
    organisers = event.organiser_names
    values = {
        "tanggal": str(day.day),
        "bulan": roman_month(day),
        "tahun": str(day.year),
        "penyelenggara": organisers[0] if organisers else "",
    }

    def fill(match):
        name = match.group(1).lower()
        value = values.get(_ALIASES.get(name, name))
        return match.group(0) if value is None else value

    number = _PLACEHOLDER.sub(fill, event.record_number_pattern or "")
    # An event without an organiser yet would end in a dangling separator.
    return number.strip(" /-.")
