"""The organisers' CSV of every signature record of an event, contacts included.

Written for a spreadsheet in the reader's language (pledge.spreadsheets): headers, states,
groups and yes/no in that language, times in the event's zone, certificate numbers as
people read them (K7QD-M2XA-P). Records are read a batch at a time without their
signature images, so the file streams in flat memory however many signed.
"""

from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import defer

from pledge import certificate_numbers, regions, spreadsheets
from pledge.dates import zone_abbreviation
from pledge.extensions import db
from pledge.models import SignatureRecord, SignatureState, utcnow
from pledge.reference import category_labels

BATCH = 500


def _header(event, zone):
    return (
        _("Certificate number"),
        _("State"),
        _("Signed at (%(zone)s)", zone=zone),
        _("Full name"),
        _("Position"),
        _("Institution"),
        _("Stakeholder group"),
        str(regions.words(event).unit),
        _("WhatsApp number"),
        _("Name shown"),
        _("Name approved"),
        _("Revoked at (%(zone)s)", zone=zone),
        _("Reason for revocation"),
        _("Personal data erased"),
        _("Fingerprint"),
    )


def records_csv(event, language):
    """Yield the CSV of every record of `event` (valid, revoked, erased) in `language`, a line at a time."""
    tz = ZoneInfo(event.timezone)
    with force_locale(language):
        header = _header(event, zone_abbreviation(event.timezone, utcnow().astimezone(tz)))
        words = {
            "yes": _("yes"),
            "no": _("no"),
            SignatureState.VALID: _("valid"),
            SignatureState.REVOKED: _("revoked"),
        }
    labels = category_labels(language)

    def label(key):
        return labels.get(key, key)

    def when(moment):
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S") if moment else ""

    def yes_no(flag):
        return words["yes"] if flag else words["no"]

    query = (
        select(SignatureRecord)
        .where(SignatureRecord.event_id == event.id)
        .options(defer(SignatureRecord.signature_image), defer(SignatureRecord.signature_strokes))
        .order_by(SignatureRecord.signed_at, SignatureRecord.id)
        .execution_options(yield_per=BATCH)
    )
    rows = (
        (
            certificate_numbers.display(record.certificate_number),
            words.get(record.state, record.state),
            when(record.signed_at),
            record.full_name,
            record.position,
            record.institution,
            label(record.category),
            regions.area_name(record.area_code),
            record.phone,
            yes_no(record.show_name),
            yes_no(record.name_approved_at),
            when(record.revoked_at),
            record.revoke_reason,
            yes_no(record.is_erased),
            record.signed_fingerprint,
        )
        for record in db.session.scalars(query)
    )
    return spreadsheets.csv_lines(header, rows, spreadsheets.delimiter_for(language))
