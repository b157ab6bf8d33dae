"""Signing: the one transaction that turns a filled-in form into a record."""

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from pledge import certificate_numbers, transparency
from pledge.extensions import db
from pledge.models import Seat, SignatureRecord, SignatureState, count_in, utcnow
from pledge.models.documents import agreements
from pledge.models.signatures import commitment, fresh_keys, public_content
from pledge.precompiled import Precompiled
from pledge.transitions import followups


class SigningRefused(Exception):
    """The event does not accept signatures now; `reason` is Event.refusal()'s."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class AlreadySigned(Exception):
    """This phone number has signed the event already; `record` is that signature."""

    def __init__(self, record):
        super().__init__(record.certificate_number)
        self.record = record


class StaleDocuments(Exception):
    """The texts changed while the signer was reading them."""


class SeatTaken(Exception):
    """The invitation's seat was used by another signature meanwhile."""


@dataclass(frozen=True)
class Signer:
    """Who signs, as the form gave it (already validated)."""

    full_name: str
    position: str
    institution: str
    category: str
    area_code: str | None  # the kecamatan (or kabupaten/kota) of the event's breakdown
    phone: str | None
    show_name: bool


@dataclass(frozen=True)
class Outcome:
    record_id: int
    created: bool  # False when a resubmission returned the earlier record
    # What the answer needs: it links to the signer's page and shows the number without
    # loading the record (and its mark).
    access_key: str
    certificate_number: str

    @property
    def certificate_label(self):
        return certificate_numbers.display(self.certificate_number)

    @property
    def record(self):
        """The stored SignatureRecord, loaded in the current session."""
        return db.session.get(SignatureRecord, self.record_id)

    @classmethod
    def of(cls, record, created):
        return cls(record.id, created, record.access_key, record.certificate_number)


_NUMBER_ATTEMPTS = 5
_RECORDS = SignatureRecord.__table__
# What a signing stores of a record: sign() gives exactly these.
_RECORD_COLUMNS = (
    "event_id",
    "full_name",
    "position",
    "institution",
    "category",
    "area_code",
    "phone",
    "show_name",
    "signature_method",
    "signature_strokes",
    "signature_text",
    "signature_image",
    "signed_at",
    "client_key",
    "state",
    "certificate_number",
    "access_key",
    "salt",
)
# Written once per database and run on the driver's cursor (pledge.precompiled): a signing's rows go in without
# the ORM's unit of work or SQLAlchemy's per-statement work (docs/PERFORMANCE.md).
_INSERT_RECORD = Precompiled.insert(_RECORDS, _RECORD_COLUMNS, returning=[_RECORDS.c.id])
_INSERT_AGREEMENTS = Precompiled.insert(agreements, ["signature_id", "document_version_id"])


def sign(event, signer, mark, agreed_version_ids, client_key=None, now=None, seat=None):
    """Store one signature of `event`, with the signer's `mark` (a strokes.SignatureMark), and return an Outcome.

    `agreed_version_ids` must be exactly the ids of the event's current versions.
    A resubmission with the same `client_key` returns the first record. Raise
    SigningRefused when the event does not accept signatures, AlreadySigned when the
    phone number signed before, StaleDocuments when the texts changed meanwhile.
    With a `seat` (an invitation), the record takes the seat in the same transaction,
    or SeatTaken is raised when another record took it first.

    One transaction of a few Core statements: the record, its agreements (one
    executemany), its log leaf, the counters. A phone number or browser key used before
    is found by the table's unique constraints, not by a query on every signing. A
    signer's act is not audited: the log entry is its record in the portal's history
    (the audit log is what organisers and operators do).
    """
    now = now or utcnow()
    reason = event.refusal(now)
    if reason:
        raise SigningRefused(reason)
    versions = event.current_versions()
    if sorted(agreed_version_ids) != sorted(version.id for version in versions):
        if client_key and (earlier := SignatureRecord.for_client_key(event, client_key)):
            return Outcome.of(earlier, created=False)  # sent before the texts changed
        raise StaleDocuments()
    documents = [version.sha256 for version in versions]
    for _ in range(_NUMBER_ATTEMPTS):
        row = {
            "event_id": event.id,
            "full_name": signer.full_name,
            "position": signer.position,
            "institution": signer.institution,
            "category": signer.category,
            "area_code": signer.area_code,
            "phone": signer.phone,
            "show_name": signer.show_name,
            **mark.columns(),
            "signed_at": now,
            "client_key": client_key or None,
            "state": SignatureState.VALID.value,
            **fresh_keys(),
        }
        content = public_content(
            row["certificate_number"],
            event.slug,
            signer.full_name,
            signer.position,
            signer.institution,
            signer.category,
            signer.area_code,
            now,
            documents,
        )
        try:
            record_id = _INSERT_RECORD.execute(row).scalar_one()
            _INSERT_AGREEMENTS.executemany(
                [{"signature_id": record_id, "document_version_id": version.id} for version in versions]
            )
            # The log head's update takes the lock that orders the event's signers.
            transparency.append_leaf(
                event.id, "signature", commitment(row["salt"], content), signer.show_name, record_id, now
            )
            # In the same transaction: the counters move with the record, or neither does.
            count_in(event.id, signer.category, signer.area_code, +1, now)
            if seat is not None:
                _take_seat(seat, record_id)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            # The phone or the browser's key signed before (perhaps a moment ago, in a
            # concurrent request); otherwise the certificate number collided and we draw another.
            if client_key and (earlier := SignatureRecord.for_client_key(event, client_key)):
                return Outcome.of(earlier, created=False)
            if signer.phone and (earlier := SignatureRecord.for_phone(event, signer.phone)):
                raise AlreadySigned(earlier) from None
            continue
        outcome = Outcome(record_id, True, row["access_key"], row["certificate_number"])
        followups.signed(outcome)
        return outcome
    raise RuntimeError("could not allocate a unique certificate number")


def _take_seat(seat, record_id):
    """Link the record to the seat unless another record holds it (a conditional update)."""
    taken = db.session.execute(
        update(Seat)
        .where(Seat.id == seat.id, Seat.signature_id.is_(None))
        .values(signature_id=record_id)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        db.session.rollback()
        raise SeatTaken()
    db.session.expire(seat, ["signature_id"])
