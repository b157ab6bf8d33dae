"""Every certificate of an event as one ZIP, written piece by piece in constant memory.

The ZIP is written to a file object that only collects what zipfile writes; after each
certificate the collected bytes are handed out and dropped, so a web response can stream
them. Records and their stored PDFs are read together in batches by id (keyset), not with
one open cursor: issuing a missing certificate commits, which would end a server-side
cursor. Once the queue has drained (pledge.certificates.queue) every PDF is stored and
the ZIP is a copy of stored bytes. Revoked records go in a folder of their own with their
DICABUT certificate, the one their downloads serve; erased ones are skipped, their PDF is
gone. The ZIP is the official set: Indonesian certificates only, whatever English ones
were also issued.
"""

import zipfile

from sqlalchemy import and_, case, select

from pledge import certificate_numbers
from pledge.certificates.content import REVOKED, VALID
from pledge.certificates.store import certificate_for, download_name
from pledge.extensions import db
from pledge.models import Certificate, SignatureRecord, SignatureState
from pledge.reference import OFFICIAL_LANGUAGE

# Stored PDFs read per query: about 2 MB of certificates held at a time.
PDF_BATCH = 25
REVOKED_FOLDER = "dicabut/"


class _Chunks:
    """A write-only file object: zipfile writes into it, `take()` empties it."""

    def __init__(self):
        self._parts = []

    def write(self, data):
        self._parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self):
        data = b"".join(self._parts)
        self._parts = []
        return data


def archive_name(event):
    return f"sertifikat-{event.slug}.zip"


def member_name(record):
    folder = REVOKED_FOLDER if record.state == SignatureState.REVOKED.value else ""
    return folder + download_name(record)


class _Member:
    """What a ZIP member's name and time are made of, read with its PDF in the batch query."""

    def __init__(self, row):
        self.id = row.id
        self.state = row.state
        self.certificate_number = row.certificate_number
        self.signed_at = row.signed_at
        self.pdf = row.pdf

    @property
    def certificate_label(self):
        return certificate_numbers.display(self.certificate_number)


def members(event, batch=PDF_BATCH):
    """Yield `event`'s records that still have a certificate, each with its stored Indonesian PDF.

    One query per `batch` records (keyset by id) reads the record's number, state and time
    with the PDF of its standing now, so a ZIP of stored certificates costs one query per
    batch. A record never issued comes with `pdf` None (the caller issues it). A record
    erased after its batch was read still goes in: the ZIP is as the batch found it.
    """
    standing = case((SignatureRecord.state == SignatureState.REVOKED.value, REVOKED), else_=VALID)
    stored = and_(
        Certificate.signature_id == SignatureRecord.id,
        Certificate.language == OFFICIAL_LANGUAGE,
        Certificate.standing == standing,
    )
    last = 0
    while True:
        rows = db.session.execute(
            select(
                SignatureRecord.id,
                SignatureRecord.state,
                SignatureRecord.certificate_number,
                SignatureRecord.signed_at,
                Certificate.pdf,
            )
            .outerjoin(Certificate, stored)
            .where(
                SignatureRecord.event_id == event.id,
                SignatureRecord.erased_at.is_(None),
                SignatureRecord.id > last,
            )
            .order_by(SignatureRecord.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        for row in rows:
            yield _Member(row)
        last = rows[-1].id


def _issued_pdf(record_id):
    """Issue (render, seal, store) the certificate of a record the queue has not reached yet.

    Return None when the record was erased since its batch was read: a certificate
    emptied of its signer is never made.
    """
    # The session's identity map holds records weakly: this one goes once it is written.
    record = db.session.get(SignatureRecord, record_id)
    if record.is_erased:
        return None
    return certificate_for(record).pdf


def certificates_zip(event, batch=PDF_BATCH):
    """Yield the bytes of a ZIP holding every certificate of `event`, one piece per certificate.

    Stored certificates (the queue issues them after signing) are copied as they are; one
    never issued is issued on the way.
    """
    out = _Chunks()
    # PDFs are compressed already: storing them costs no CPU and barely any size.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for member in members(event, batch):
            pdf = member.pdf if member.pdf is not None else _issued_pdf(member.id)
            if pdf is None:
                continue
            info = zipfile.ZipInfo(member_name(member), date_time=_zip_time(member))
            archive.writestr(info, pdf)
            yield out.take()
    yield out.take()


def _zip_time(record):
    moment = record.signed_at
    return (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)
