"""The open data formats: a signatory as JSON, as a CSV line, and the API's description.

Both start from PublicRow, so they publish exactly what the wall shows.
"""

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import gettext as _

from pledge import regions, spreadsheets
from pledge.dates import zone_abbreviation
from pledge.models import RegionLevel
from pledge.reference import category_labels

OPENAPI = Path(__file__).resolve().parent / "openapi.json"
CSV_COLUMNS = (
    "signed_at",
    "name",
    "position",
    "institution",
    "category",
    "category_label",
    "kecamatan",
    "area_code",
    "area_name",
)


def iso_utc(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def area_json(code):
    """Return {"code", "name", "level"} of an area, or None."""
    area = regions.get(code)
    if area is None:
        return None
    return {"code": area.code, "name": area.name, "level": area.level}


def kecamatan_name(code):
    """The name the `kecamatan` fields carry: the area's, when it is a kecamatan."""
    area = regions.get(code)
    return area.name if area is not None and area.level == RegionLevel.DISTRICT else None


def row_json(row):
    """Return one signatory as the JSON schema `Signatory` describes it."""
    return {
        "name": row.name,
        "position": row.position,
        "institution": row.institution,
        "name_shown": row.name is not None,
        "category": row.category,
        "kecamatan": kecamatan_name(row.area_code),
        "area": area_json(row.area_code),
        "signed_at": iso_utc(row.signed_at),
    }


def csv_lines(rows):
    """Yield the open data CSV: stable English column names, UTC times, Indonesian group labels."""
    labels = category_labels("id")

    def label(key):
        return labels.get(key, key)

    lines = (
        (
            iso_utc(row.signed_at),
            row.name,
            row.position,
            row.institution,
            row.category,
            label(row.category),
            kecamatan_name(row.area_code),
            row.area_code,
            regions.area_name(row.area_code),
        )
        for row in rows
    )
    return spreadsheets.csv_lines(CSV_COLUMNS, lines)


def spreadsheet_lines(rows, event, language):
    """Yield the CSV made for a spreadsheet in `language`: its headers, groups, separator and local times."""
    zone = ZoneInfo(event.timezone)
    with force_locale(language):
        header = (
            _("Signed at (%(zone)s)", zone=zone_abbreviation(event.timezone, datetime.now(zone))),
            _("Name"),
            _("Position"),
            _("Institution"),
            _("Stakeholder group"),
            str(regions.words(event).unit),
        )
    labels = category_labels(language)

    def label(key):
        return labels.get(key, key)

    lines = (
        (
            row.signed_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            row.name,
            row.position,
            row.institution,
            label(row.category),
            regions.area_name(row.area_code),
        )
        for row in rows
    )
    return spreadsheets.csv_lines(header, lines, spreadsheets.delimiter_for(language))


def openapi_document():
    """Return the OpenAPI document of the public API (a file kept beside this module)."""
    return json.loads(OPENAPI.read_text(encoding="utf-8"))
