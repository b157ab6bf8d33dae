"""Signing: the one transaction that turns a filled-in form into a record."""

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from pledge import transparency
from pledge.extensions import db
from pledge.models import SignatureRecord, record_audit, utcnow


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


@dataclass(frozen=True)
class Signer:
    """Who signs, as the form gave it (already validated)."""

    full_name: str
    position: str
    institution: str
    category: str
    kecamatan: str | None
    phone: str | None
    show_name: bool


@dataclass(frozen=True)
class Outcome:
    record: SignatureRecord
    created: bool  # False when a resubmission returned the earlier record


_NUMBER_ATTEMPTS = 5


def sign(event, signer, image, method, agreed_version_ids, client_key=None, now=None):
    """Store one signature of `event` and return an Outcome.

    `agreed_version_ids` must be exactly the ids of the event's current versions.
    A resubmission with the same `client_key` returns the first record. Raise
    SigningRefused when the event does not accept signatures, AlreadySigned when the
    phone number signed before, StaleDocuments when the texts changed meanwhile.
    """
    now = now or utcnow()
    reason = event.refusal(now)
    if reason:
        raise SigningRefused(reason)
    if client_key:
        earlier = SignatureRecord.for_client_key(event, client_key)
        if earlier is not None:
            return Outcome(earlier, created=False)
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
            kecamatan=signer.kecamatan,
            phone=signer.phone,
            show_name=signer.show_name,
            signature_image=image,
            signature_method=method,
            signed_at=now,
            client_key=client_key or None,
            versions=versions,
        )
        # The log entry first: updating the log head takes the lock that orders signers.
        transparency.append(event, "signature", record, now=now)
        db.session.add(record)
        record_audit("signer", "signature.create", event=event, subject=record.certificate_number)
        try:
            db.session.commit()
            return Outcome(record, created=True)
        except IntegrityError:
            db.session.rollback()
            # A concurrent request may have taken the phone or the client key;
            # otherwise the certificate number collided and we draw another.
            if client_key and (earlier := SignatureRecord.for_client_key(event, client_key)):
                return Outcome(earlier, created=False)
            if signer.phone and (earlier := SignatureRecord.for_phone(event, signer.phone)):
                raise AlreadySigned(earlier) from None
    raise RuntimeError("could not allocate a unique certificate number")


def erase(record, actor, name=True, image=True, now=None):
    """Erase the signer's contact, and their name and signature image unless told not to.

    The record stays (its certificate number, position, institution, group and the texts
    agreed to), so the log still adds up: the signature's entry keeps the fingerprint it
    had, and an "erasure" entry records the fingerprint of what remains. Commits.
    """
    now = now or utcnow()
    record.phone = None
    if image:
        record.signature_image = None
    if name:
        record.full_name = ""
        record.show_name = False
    record.erased_at = now
    erased = ["contact"] + (["image"] if image else []) + (["name"] if name else [])
    record_audit(
        actor,
        "signature.erase",
        event=record.event,
        subject=record.certificate_number,
        detail={"erased": erased},
    )
    transparency.append(record.event, "erasure", record, now=now)
    db.session.commit()
