"""Every certificate of an event as one ZIP, written piece by piece in constant memory.

The ZIP is written to a file object that only collects what zipfile writes; after each
certificate the collected bytes are handed out and dropped, so a web response can stream
them. Records are read in batches by id (keyset), not with one open cursor: rendering a
missing certificate commits, which would end a server-side cursor. Revoked records go in
a folder of their own with their DICABUT certificate, the one their downloads serve;
erased ones are skipped, their PDF is gone. The ZIP is the official set:
Indonesian certificates only, whatever English ones were also issued.
"""

import zipfile

from sqlalchemy import select

from pledge.certificates.store import certificate_for, download_name, standing_of
from pledge.extensions import db
from pledge.models import Certificate, SignatureRecord, SignatureState
from pledge.reference import OFFICIAL_LANGUAGE

BATCH = 100
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


def record_ids(event, batch=BATCH):
    """Yield the ids of `event`'s records that still have a certificate, batch by batch."""
    last = 0
    while True:
        ids = db.session.scalars(
            select(SignatureRecord.id)
            .where(
                SignatureRecord.event_id == event.id,
                SignatureRecord.erased_at.is_(None),
                SignatureRecord.id > last,
            )
            .order_by(SignatureRecord.id)
            .limit(batch)
        ).all()
        if not ids:
            return
        yield from ids
        last = ids[-1]


def _pdf_of(record):
    """The stored Indonesian PDF of `record` for its standing, rendered and stored first when never issued."""
    pdf = db.session.scalar(
        select(Certificate.pdf).where(
            Certificate.signature_id == record.id,
            Certificate.language == OFFICIAL_LANGUAGE,
            Certificate.standing == standing_of(record),
        )
    )
    if pdf is None:
        pdf = certificate_for(record).pdf
    return pdf


def certificates_zip(event, batch=BATCH):
    """Yield the bytes of a ZIP holding every certificate of `event`, one piece per certificate."""
    out = _Chunks()
    # PDFs are compressed already: storing them costs no CPU and barely any size.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for record_id in record_ids(event, batch):
            record = db.session.get(SignatureRecord, record_id)
            if record.erased_at is not None:  # erased while we were writing
                continue
            pdf = _pdf_of(record)
            if pdf is None:
                continue
            info = zipfile.ZipInfo(member_name(record), date_time=_zip_time(record))
            archive.writestr(info, pdf)
            db.session.expunge(record)  # keep the session small: nothing of it is needed again
            yield out.take()
    yield out.take()


def _zip_time(record):
    moment = record.signed_at
    return (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)
