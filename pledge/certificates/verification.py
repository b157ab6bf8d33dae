"""Answers to "is this certificate genuine?", by number or by the PDF itself."""

import enum
from dataclasses import dataclass

from pledge import certificate_numbers
from pledge.certificates.seal import SealCheck, check_seal
from pledge.models import Certificate, SignatureRecord


class Finding(enum.StrEnum):
    VALID = "valid"  # issued here and the signature record stands
    REVOKED = "revoked"  # issued here, the signature record was revoked since
    UNKNOWN = "unknown"  # a well-formed number that this portal never issued
    MISTYPED = "mistyped"  # the check character does not match: a typo
    MALFORMED = "malformed"  # not a certificate number at all
    ALTERED = "altered"  # a PDF sealed here, changed after sealing
    NOT_OURS = "not_ours"  # a PDF this portal did not seal as a certificate
    NOT_PDF = "not_pdf"  # not a PDF that can be read


@dataclass(frozen=True)
class Verdict:
    finding: Finding
    record: SignatureRecord | None = None


def _standing(record):
    return Verdict(Finding.VALID if record.is_valid else Finding.REVOKED, record)


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
    """Return the Verdict on an uploaded certificate PDF.

    The seal must be this portal's and cover the whole file unchanged; the file
    must then be one this portal issued (its SHA-256 is that of a stored certificate).
    """
    report = check_seal(pdf_bytes)
    if report.check == SealCheck.UNREADABLE:
        return Verdict(Finding.NOT_PDF)
    if report.check == SealCheck.FOREIGN:
        return Verdict(Finding.NOT_OURS)
    if report.check == SealCheck.ALTERED:
        return Verdict(Finding.ALTERED)
    stored = Certificate.by_sha256(report.sha256)
    if stored is None:
        return Verdict(Finding.NOT_OURS)
    return _standing(stored.record)
