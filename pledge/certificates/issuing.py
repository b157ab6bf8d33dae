"""Sealing a document other than a certificate, and keeping its fingerprint.

The official record, the invitation cards and the poster are drawn up anew at each
download; only the SHA-256 of each sealed copy is kept (an IssuedDocument row), enough
for /verify to recognise a copy later and say what it is.
"""

import hashlib

from pledge.certificates.seal import seal
from pledge.extensions import db
from pledge.models import IssuedDocument, utcnow


def issue(event, kind, language, pdf, reason, now=None, number="", signatories=None):
    """Seal `pdf` (a document of `event`), store its IssuedDocument and commit; return the sealed bytes."""
    sealed = seal(pdf, reason=reason, location=event.place)
    db.session.add(
        IssuedDocument(
            event=event,
            kind=str(kind),
            language=language,
            sha256=hashlib.sha256(sealed).hexdigest(),
            issued_at=now or utcnow(),
            number=number,
            signatories=signatories,
        )
    )
    db.session.commit()
    return sealed
