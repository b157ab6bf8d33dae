"""The open data formats: a signatory as JSON, as a CSV line, and the API's description.

Both start from PublicRow, so they publish exactly what the wall shows.
"""

import csv
import io
import json
from datetime import UTC
from pathlib import Path

from flask_babel import force_locale

from pledge.reference import category_label

OPENAPI = Path(__file__).resolve().parent / "openapi.json"
CSV_COLUMNS = ("signed_at", "name", "position", "institution", "category", "category_label", "kecamatan")
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def iso_utc(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def row_json(row):
    """Return one signatory as the JSON schema `Signatory` describes it."""
    return {
        "name": row.name,
        "position": row.position,
        "institution": row.institution,
        "name_shown": row.name is not None,
        "category": row.category,
        "kecamatan": row.kecamatan,
        "signed_at": iso_utc(row.signed_at),
    }


def neutralise(cell):
    """Return `cell` so that no spreadsheet reads it as a formula (a leading quote)."""
    if cell and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_lines(rows):
    """Yield the CSV text: a UTF-8 byte order mark and header, then a line per row.

    The mark lets spreadsheets read Indonesian names right; labels are in Indonesian.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    labels = {}
    for row in rows:
        if row.category not in labels:
            with force_locale("id"):
                labels[row.category] = category_label(row.category)
        buffer.seek(0)
        buffer.truncate()
        cells = (
            iso_utc(row.signed_at),
            row.name or "",
            row.position or "",
            row.institution or "",
            row.category,
            labels[row.category],
            row.kecamatan or "",
        )
        writer.writerow([neutralise(cell) for cell in cells])
        yield buffer.getvalue()


def openapi_document():
    """Return the OpenAPI document of the public API (a file kept beside this module)."""
    return json.loads(OPENAPI.read_text(encoding="utf-8"))
