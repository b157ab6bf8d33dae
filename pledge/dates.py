"""Dates and times written the way people in Indonesia read them."""

from zoneinfo import ZoneInfo

from babel.dates import format_date

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
    return format_date(day, "EEEE, d MMMM y", locale=locale)


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
