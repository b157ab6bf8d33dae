"""What happens to a signature record after signing: approval, revocation, erasure, a fresh link.

Each function is the whole change: the record, its audit entry, its log entry, the
counters and the data version public caches follow (pledge.models.counts), committed.
"""

import secrets

from pledge import transparency
from pledge.extensions import db
from pledge.models import Certificate, SignatureState, count_signature, note_change, record_audit, utcnow
from pledge.tokens import token_for_key
from pledge.transitions import followups
from pledge.transitions.refusals import Refused


def approve_name(record, actor, now=None):
    """Let a consenting signer's name onto the wall of an event that moderates names; commit.

    Raise Refused("revoked"), ("erased"), ("no_consent") or ("approved") when there is no
    name to let through.
    """
    if not record.is_valid:
        raise Refused("revoked")
    if record.is_erased:
        raise Refused("erased")
    if not record.show_name:
        raise Refused("no_consent")
    if record.name_approved_at is not None:
        raise Refused("approved")
    now = now or utcnow()
    record.name_approved_at = now
    transparency.append(record.event, "approval", record, now=now)
    record_audit(actor, "signature.approve", event=record.event, subject=record.certificate_number)
    note_change(record.event_id, now)  # the name now shows: caches must fetch again
    db.session.commit()


def revoke(record, reason, actor, now=None):
    """Revoke a valid record with a public reason and commit; it stays in the database.

    It leaves the public counters, and the revocation is appended to the event's
    transparency log. Raise Refused("revoked") when it was revoked already.
    """
    if not record.is_valid:
        raise Refused("revoked")
    now = now or utcnow()
    count_signature(record, -1, now)
    record.state = SignatureState.REVOKED.value
    record.revoked_at = now
    record.revoke_reason = reason
    transparency.append(record.event, "revocation", record, now=now)
    record_audit(
        actor,
        "signature.revoke",
        event=record.event,
        subject=record.certificate_number,
        detail={"reason": reason},
    )
    db.session.commit()
    followups.revoked(record)


def erase(record, actor, name=True, image=True, now=None):
    """Erase a signer's personal data and commit: the contact always, the signature
    image and the name unless told not to.

    Erasing the name is the erasure on request (UU PDP): the record is marked erased,
    its name leaves every public surface (the data version moves, so no cache keeps
    it), and the stored certificate PDFs (every language and standing), which print the
    name and the image, are dropped (their hashes stay, so a copy the signer kept still
    verifies). The retention period erases less: contacts, and images where the event
    says so. The record itself stays (certificate number, group, area, the texts agreed
    to), so counts and the log add up: the signature's log entry keeps the fingerprint
    as signed (also kept on the record) and an "erasure" entry records the fingerprint
    of what remains. Erasing an erased record changes nothing.
    """
    if record.is_erased:
        return
    now = now or utcnow()
    erased = ["contact"]
    record.phone = None
    if image and record.has_signature_mark:
        record.clear_signature_mark()
        erased.append("image")
    if name:
        record.erased_fingerprint = record.fingerprint()
        # The salt goes too: nobody, the signer included, can open the commitment again.
        record.full_name = ""
        record.salt = None
        record.show_name = False
        record.erased_at = now
        erased.append("name")
        note_change(record.event_id, now)
    if "name" in erased or "image" in erased:
        for certificate in Certificate.every_language_of(record):
            certificate.pdf = None
    record_audit(
        actor,
        "signature.erase",
        event=record.event,
        subject=record.certificate_number,
        detail={"erased": erased},
    )
    transparency.append(record.event, "erasure", record, now=now)
    db.session.commit()


def hand_over_fresh_link(record, actor):
    """Give the record a new private link, so that every earlier one stops working; commit.

    Return the new link's token. Raise Refused("erased") for an erased record: there is
    no page left to hand over.
    """
    if record.is_erased:
        raise Refused("erased")
    record.access_key = secrets.token_urlsafe(24)
    record_audit(actor, "signature.fresh_link", event=record.event, subject=record.certificate_number)
    access_key = record.access_key
    db.session.commit()
    return token_for_key(access_key)
