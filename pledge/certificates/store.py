"""Certificates are rendered and sealed on first request, then served as stored."""

import hashlib

from flask import current_app, has_request_context, request, url_for
from sqlalchemy.exc import IntegrityError

from pledge.certificates.render import CertificateContent, render_certificate
from pledge.certificates.seal import seal
from pledge.extensions import db
from pledge.models import Certificate


def public_url(endpoint, **values):
    """Return the absolute URL of `endpoint` under PUBLIC_BASE_URL (else this request's root)."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:  # a command or the console's background work: no request to ask
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not base:
        base = request.url_root if has_request_context() else "http://localhost/"
    return base.rstrip("/") + path


def verify_url(record):
    """The public verification URL printed in `record`'s certificate and QR code."""
    return public_url("verify.number", number=record.certificate_number)


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
