"""Certificates are rendered and sealed once (by the queue, or at the first request), then served as stored.

Each language and standing is a certificate of its own: rendered, sealed and stored once,
so every download of it is the same file and `/verify` recognises it by its SHA-256.
While a record is valid its downloads serve the certificate of standing "valid"; once
it is revoked they serve one of standing "revoked", stamped DICABUT. The valid one stays
stored, so a copy kept from before still verifies ("genuine, but revoked since …").
"""

import hashlib

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from pledge import metrics
from pledge.certificates.content import REVOKED, VALID, CertificateContent
from pledge.certificates.render import render_certificate
from pledge.certificates.seal import seal
from pledge.extensions import db
from pledge.i18n import in_language
from pledge.models import Certificate, SignatureState, utcnow
from pledge.reference import OFFICIAL_LANGUAGE
from pledge.urls import verify_url


def standing_of(record):
    """Return the standing a certificate of `record` issued now carries: "valid" or "revoked"."""
    return REVOKED if record.state == SignatureState.REVOKED else VALID


def build_certificate(record, language=OFFICIAL_LANGUAGE, standing=VALID, now=None):
    """Return the sealed certificate PDF of `record` in `language` and `standing` (not stored)."""
    institution = current_app.config["SEAL_INSTITUTION"]
    content = CertificateContent.of(record, verify_url(record), institution, language, standing, now)
    pdf = render_certificate(content)
    if standing == REVOKED:
        reason = _l("Revoked certificate of signing %(number)s", number=content.number)
    else:
        reason = _l("Certificate of signing %(number)s", number=content.number)
    return seal(pdf, reason=in_language(reason, language), location=record.event.place)


def certificate_for(record, language=OFFICIAL_LANGUAGE, issued_by="request"):
    """Return `record`'s stored Certificate in `language` for its standing now, issuing it when missing.

    The queue's job (pledge.certificates.queue) issues it soon after the signing; a
    request that comes first, or finds no queue, issues it itself (`issued_by` says
    which, for the metrics). Later calls return the stored bytes unchanged. A revoked
    record is served its DICABUT certificate, issued once after the revocation.
    """
    standing = standing_of(record)
    stored = Certificate.for_record(record, language, standing)
    if stored is not None:
        return stored
    now = utcnow()
    pdf = build_certificate(record, language, standing, now)
    stored = Certificate(
        record=record,
        language=language,
        standing=standing,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        issued_at=now,
    )
    db.session.add(stored)
    try:
        db.session.commit()
    except IntegrityError:
        # Another request (or the job) issued it first: serve that one, so every copy is identical.
        db.session.rollback()
        return Certificate.for_record(record, language, standing)
    metrics.CERTIFICATES_ISSUED.labels(standing=standing, issued_by=issued_by).inc()
    return stored


def certificate_to_download(record, language=OFFICIAL_LANGUAGE):
    """Return `record`'s stored Certificate in `language` for a download, or None when it is gone.

    Once the signer's data is erased on request no certificate is served, nor issued in a
    language never asked for before: it would be a certificate emptied of its signer.
    """
    if record.is_erased:
        return None
    stored = certificate_for(record, language)
    return stored if stored.pdf is not None else None


def download_name(record, language=OFFICIAL_LANGUAGE):
    """Return the certificate's file name, "sertifikat-…" or in English "certificate-…"."""
    return in_language(_l("certificate-%(label)s.pdf", label=record.certificate_label), language)
