"""Certificates are rendered and sealed on first request, then served as stored.

Each language is a certificate of its own: rendered, sealed and stored once, so every
download of it is the same file and `/verify` recognises it by its SHA-256.
"""

import hashlib

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from pledge.certificates.render import CertificateContent, render_certificate
from pledge.certificates.seal import seal
from pledge.extensions import db
from pledge.i18n import in_language
from pledge.models import Certificate
from pledge.reference import OFFICIAL_LANGUAGE
from pledge.urls import verify_url


def build_certificate(record, language=OFFICIAL_LANGUAGE):
    """Return the sealed certificate PDF of `record` in `language` (not stored)."""
    institution = current_app.config["SIGNING_INSTITUTION"]
    content = CertificateContent.of(record, verify_url(record), institution, language)
    pdf = render_certificate(content)
    reason = in_language(_l("Certificate of signing %(number)s", number=content.number), language)
    return seal(pdf, reason=reason, location=record.event.place)


def certificate_for(record, language=OFFICIAL_LANGUAGE):
    """Return `record`'s stored Certificate in `language`, rendering and sealing it on first request.

    Later calls return the stored bytes unchanged, whatever happens to the record
    (a revoked record keeps its certificate; the verification page tells).
    """
    stored = Certificate.for_record(record, language)
    if stored is not None:
        return stored
    pdf = build_certificate(record, language)
    stored = Certificate(record=record, language=language, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest())
    db.session.add(stored)
    try:
        db.session.commit()
    except IntegrityError:
        # Another request issued it first: serve that one, so every copy is identical.
        db.session.rollback()
        stored = Certificate.for_record(record, language)
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
