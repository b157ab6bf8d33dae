"""The organisers' CSV of every signature record of an event, contacts included."""

import csv
import io

from sqlalchemy import select

from pledge.extensions import db
from pledge.models import SignatureRecord

COLUMNS = (
    "certificate_number",
    "state",
    "signed_at_utc",
    "full_name",
    "position",
    "institution",
    "category",
    "kecamatan",
    "phone",
    "show_name",
    "name_approved",
    "revoked_at_utc",
    "revoke_reason",
    "erased",
    "fingerprint",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Return a cell a spreadsheet will not run as a formula (a leading quote when needed)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _when(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


def records_csv(event):
    """Yield the CSV of every record of `event` (valid, revoked, erased), a line at a time."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def flush():
        value = out.getvalue()
        out.seek(0)
        out.truncate()
        return value

    writer.writerow(COLUMNS)
    yield "\ufeff" + flush()
    query = (
        select(SignatureRecord)
        .where(SignatureRecord.event_id == event.id)
        .order_by(SignatureRecord.signed_at, SignatureRecord.id)
        .execution_options(yield_per=500)
    )
    for record in db.session.scalars(query):
        row = (
            record.certificate_number,
            record.state,
            _when(record.signed_at),
            record.full_name,
            record.position,
            record.institution,
            record.category,
            record.kecamatan,
            record.phone,
            "yes" if record.show_name else "no",
            "yes" if record.name_approved_at else "no",
            _when(record.revoked_at),
            record.revoke_reason,
            "yes" if record.is_erased else "no",
            record.signed_fingerprint,
        )
        writer.writerow([neutralise(cell) for cell in row])
        yield flush()
