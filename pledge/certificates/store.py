"""Certificates are rendered and sealed on first request, then served as stored."""

import hashlib

from flask import current_app
from sqlalchemy.exc import IntegrityError

from pledge.certificates.render import CertificateContent, render_certificate
from pledge.certificates.seal import seal
from pledge.extensions import db
from pledge.models import Certificate
from pledge.urls import verify_url


def build_certificate(record):
    """Return the sealed certificate PDF of `record` (not stored)."""
    institution = current_app.config["SIGNING_INSTITUTION"]
    content = CertificateContent.of(record, verify_url(record), institution)
    pdf = render_certificate(content)
    return seal(pdf, reason=f"Sertifikat penandatanganan {content.number}", location=record.event.place)


def certificate_for(record):
    """Return `record`'s stored Certificate, rendering and sealing it on first request.

    Later calls return the stored bytes unchanged, whatever happens to the record
    (a revoked record keeps its certificate; the verification page tells).
    """
    stored = Certificate.for_record(record)
    if stored is not None:
        return stored
    pdf = build_certificate(record)
    stored = Certificate(record=record, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest())
    db.session.add(stored)
    try:
        db.session.commit()
    except IntegrityError:
        # Another request issued it first: serve that one, so every copy is identical.
        db.session.rollback()
        stored = Certificate.for_record(record)
    return stored


def download_name(record):
    return f"sertifikat-{record.certificate_label}.pdf"
