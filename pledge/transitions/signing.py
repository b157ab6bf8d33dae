"""Signing: the one transaction that turns a filled-in form into a record."""

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from pledge import certificate_numbers, transparency
from pledge.extensions import db
from pledge.models import Seat, SignatureRecord, count_signature, utcnow
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
    record: SignatureRecord
    created: bool  # False when a resubmission returned the earlier record
    # Read before the commit expired the record: the answer links to the signer's page and
    # shows the number without loading the record (and its image) again.
    access_key: str
    certificate_number: str

    @property
    def certificate_label(self):
        return certificate_numbers.display(self.certificate_number)

    @classmethod
    def of(cls, record, created):
        return cls(record, created, record.access_key, record.certificate_number)


_NUMBER_ATTEMPTS = 5


def sign(event, signer, mark, agreed_version_ids, client_key=None, now=None, seat=None):
    """Store one signature of `event`, with the signer's `mark` (a strokes.SignatureMark), and return an Outcome.

    `agreed_version_ids` must be exactly the ids of the event's current versions.
    A resubmission with the same `client_key` returns the first record. Raise
    SigningRefused when the event does not accept signatures, AlreadySigned when the
    phone number signed before, StaleDocuments when the texts changed meanwhile.
    With a `seat` (an invitation), the record takes the seat in the same transaction,
    or SeatTaken is raised when another record took it first.
    """
    now = now or utcnow()
    reason = event.refusal(now)
    if reason:
        raise SigningRefused(reason)
    if client_key:
        earlier = SignatureRecord.for_client_key(event, client_key)
        if earlier is not None:
            return Outcome.of(earlier, created=False)
    versions = event.current_versions()
    if sorted(agreed_version_ids) != sorted(version.id for version in versions):
        raise StaleDocuments()
    if signer.phone:
        earlier = SignatureRecord.for_phone(event, signer.phone)
        if earlier is not None:
            raise AlreadySigned(earlier)

    for _ in range(_NUMBER_ATTEMPTS):
        record = SignatureRecord(
            event=event,
            full_name=signer.full_name,
            position=signer.position,
            institution=signer.institution,
            category=signer.category,
            area_code=signer.area_code,
            phone=signer.phone,
            show_name=signer.show_name,
            **mark.columns(),
            signed_at=now,
            client_key=client_key or None,
            versions=versions,
        )
        # The log entry first: updating the log head takes the lock that orders signers. It
        # is the signature's record in the portal's history: a signer's act is not audited
        # (the audit log is what organisers and operators do).
        transparency.append(event, "signature", record, now=now)
        db.session.add(record)
        try:
            # In the same transaction: the counters move with the record, or neither does.
            count_signature(record, +1, now)
            if seat is not None:
                _take_seat(seat, record)
            outcome = Outcome.of(record, created=True)
            db.session.commit()
            followups.signed(outcome)
            return outcome
        except IntegrityError:
            db.session.rollback()
            # A concurrent request may have taken the phone or the client key;
            # otherwise the certificate number collided and we draw another.
            if client_key and (earlier := SignatureRecord.for_client_key(event, client_key)):
                return Outcome.of(earlier, created=False)
            if signer.phone and (earlier := SignatureRecord.for_phone(event, signer.phone)):
                raise AlreadySigned(earlier) from None
    raise RuntimeError("could not allocate a unique certificate number")


def _take_seat(seat, record):
    """Link the record to the seat unless another record holds it (a conditional update)."""
    db.session.flush()
    taken = db.session.execute(
        update(Seat)
        .where(Seat.id == seat.id, Seat.signature_id.is_(None))
        .values(signature_id=record.id)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        db.session.rollback()
        raise SeatTaken()
    db.session.expire(seat, ["signature_id"])
