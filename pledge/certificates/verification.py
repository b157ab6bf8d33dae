"""Answers to "is this genuine?": a certificate by its number, or any PDF the portal seals.

An uploaded PDF must carry this portal's seal, intact over the whole file, and be a file
the portal issued: its SHA-256 is that of a stored certificate (either standing) or of
an issued document (an official record, a sheet of invitation cards, a venue poster).
"""

import enum
from dataclasses import dataclass

from pledge import certificate_numbers
from pledge.certificates.content import REVOKED
from pledge.certificates.seal import SealCheck, check_seal
from pledge.models import Certificate, DocumentKind, IssuedDocument, SignatureRecord


class Finding(enum.StrEnum):
    VALID = "valid"  # issued here and the signature record stands
    REVOKED = "revoked"  # issued here, the signature record was revoked since
    REVOKED_COPY = "revoked_copy"  # the certificate stamped DICABUT, issued after the revocation
    RECORD = "record"  # an official record (berita acara) issued here
    INVITATION_CARDS = "invitation_cards"  # a sheet of invitation cards printed here
    POSTER = "poster"  # a venue poster printed here
    UNKNOWN = "unknown"  # a well-formed number that this portal never issued
    MISTYPED = "mistyped"  # the check character does not match: a typo
    MALFORMED = "malformed"  # not a certificate number at all
    ALTERED = "altered"  # a PDF sealed here, changed after sealing
    NOT_OURS = "not_ours"  # a PDF this portal did not seal
    NOT_PDF = "not_pdf"  # not a PDF that can be read


_DOCUMENT_FINDINGS = {
    DocumentKind.RECORD: Finding.RECORD,
    DocumentKind.INVITATION_CARDS: Finding.INVITATION_CARDS,
    DocumentKind.POSTER: Finding.POSTER,
}


@dataclass(frozen=True)
class Verdict:
    finding: Finding
    record: SignatureRecord | None = None
    certificate: Certificate | None = None  # the stored certificate an uploaded copy is
    document: IssuedDocument | None = None  # the issued document an uploaded copy is


def _standing(record, certificate=None):
    if certificate is not None and certificate.standing == REVOKED:
        return Verdict(Finding.REVOKED_COPY, record, certificate)
    return Verdict(Finding.VALID if record.is_valid else Finding.REVOKED, record, certificate)


def check_number(text):
    """Return the Verdict on a typed certificate number."""
    try:
        compact = certificate_numbers.normalise(text)
    except certificate_numbers.MistypedNumber:
        return Verdict(Finding.MISTYPED)
    if compact is None:
        return Verdict(Finding.MALFORMED)
    record = SignatureRecord.by_certificate_number(compact)
    if record is None:
        return Verdict(Finding.UNKNOWN)
    return _standing(record)


def check_document(pdf_bytes):
    """Return the Verdict on an uploaded PDF: which of the portal's documents it is, if any."""
    report = check_seal(pdf_bytes)
    if report.check == SealCheck.UNREADABLE:
        return Verdict(Finding.NOT_PDF)
    if report.check == SealCheck.FOREIGN:
        return Verdict(Finding.NOT_OURS)
    if report.check == SealCheck.ALTERED:
        return Verdict(Finding.ALTERED)
    stored = Certificate.by_sha256(report.sha256)
    if stored is not None:
        return _standing(stored.record, stored)
    issued = IssuedDocument.by_sha256(report.sha256)
    if issued is not None:
        return Verdict(_DOCUMENT_FINDINGS[DocumentKind(issued.kind)], document=issued)
    return Verdict(Finding.NOT_OURS)
