"""Dates and times written the way people in Indonesia read them."""

from zoneinfo import ZoneInfo

from babel.dates import format_date as format_date_babel
from num2words import num2words

ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def zone_abbreviation(tz_name, moment):
    """Return WIB, WITA or WIT for Indonesia's zones, else the UTC offset."""
    if tz_name in ZONE_ABBREVIATIONS:
        return ZONE_ABBREVIATIONS[tz_name]
    offset = moment.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def format_day(day, locale="id"):
    """Return a date as "Senin, 12 Agustus 2024" (or "Monday, 12 August 2024")."""
    return format_date_babel(day, "EEEE, d MMMM y", locale=locale)


def format_clock(local, locale="id"):
    """Return the time of day as Indonesians write it, "10.15" (in English "10:15")."""
    return f"{local:%H.%M}" if locale == "id" else f"{local:%H:%M}"


def format_moment(moment, tz_name, locale="id"):
    """Return an aware datetime as "Senin, 12 Agustus 2024, pukul 10.15 WITA".

    In English: "Monday, 12 August 2024, 10:15 WITA".
    """
    local = moment.astimezone(ZoneInfo(tz_name))
    zone = zone_abbreviation(tz_name, local)
    day = format_day(local.date(), locale)
    clock = format_clock(local, locale)
    if locale == "id":
        return f"{day}, pukul {clock} {zone}"
    return f"{day}, {clock} {zone}"


def format_date(day, locale="id"):
    """Return a date without its weekday, "12 Agustus 2024", as under a signature's place."""
    return format_date_babel(day, "d MMMM y", locale=locale)


def number_in_words(number, locale="id"):
    """Return a whole number in words, "dua belas" (English "twelve"), as official documents write it."""
    return num2words(number, lang=locale)


def date_in_words(day, locale="id"):
    """Return a date written out in words, as an official record opens.

    "Senin, tanggal dua belas, bulan Agustus, tahun dua ribu dua puluh empat"; in English
    "Monday, the twelfth day of August, two thousand and twenty-four". Written-out dates
    are customary in a berita acara because digits are easily altered on paper.
    """
    weekday = format_date_babel(day, "EEEE", locale=locale)
    month = format_date_babel(day, "MMMM", locale=locale)
    year = number_in_words(day.year, locale)
    if locale == "id":
        return f"{weekday}, tanggal {number_in_words(day.day, locale)}, bulan {month}, tahun {year}"
    return f"{weekday}, the {num2words(day.day, lang=locale, to='ordinal')} day of {month}, {year}"


_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def roman_month(day):
    """Return the month of `day` in Roman numerals ("VIII" for August), as letter numbers write it."""
    return _ROMAN[day.month - 1]
