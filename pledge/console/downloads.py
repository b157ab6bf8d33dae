"""Downloads for organisers: a signer's certificate, all certificates as a ZIP, the official record."""

import io

from flask import Response, abort, make_response, stream_with_context
from sqlalchemy import select

from pledge.certificates.archive import archive_name, certificates_zip
from pledge.certificates.record import record_pdf
from pledge.certificates.store import certificate_for, download_name
from pledge.console import bp
from pledge.console.access import actor, event_or_404
from pledge.extensions import db
from pledge.models import SignatureRecord, record_audit


def _attachment(body, mimetype, filename):
    response = make_response(body)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/events/<int:event_id>/signatures/<int:record_id>/certificate.pdf")
def signer_certificate(event_id, record_id):
    event = event_or_404(event_id)
    record = db.session.scalar(
        select(SignatureRecord).where(SignatureRecord.id == record_id, SignatureRecord.event_id == event.id)
    )
    if record is None:
        abort(404)
    if record.erased_at is not None:
        abort(410)  # erased at the signer's request: the PDF printed their name
    stored = certificate_for(record)
    if stored.pdf is None:
        abort(410)
    return _attachment(stored.pdf, "application/pdf", download_name(record))


@bp.get("/events/<int:event_id>/certificates.zip")
def certificates_archive(event_id):
    event = event_or_404(event_id)
    record_audit(actor(), "export.certificates", event=event)
    db.session.commit()
    response = Response(stream_with_context(certificates_zip(event)), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{archive_name(event)}"'
    return response


@bp.get("/events/<int:event_id>/record.pdf")
def official_record(event_id):
    event = event_or_404(event_id)
    out = io.BytesIO()
    record_pdf(event, out)
    return _attachment(out.getvalue(), "application/pdf", f"berita-acara-{event.slug}.pdf")
