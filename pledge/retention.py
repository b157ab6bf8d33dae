"""Data protection: erase what an event no longer needs once its retention period has passed."""

from datetime import timedelta

from sqlalchemy import select

from pledge import transitions
from pledge.extensions import db
from pledge.models import AuditEntry, Event, EventState, SignatureRecord, utcnow


def closed_since(event, now=None):
    """Return when `event` stopped accepting signatures, or None while it still may.

    That is its closing time when it has one in the past, else the moment an organiser
    closed it (its audit entry).
    """
    now = now or utcnow()
    if event.closes_at is not None and event.closes_at <= now:
        return event.closes_at
    if event.state != EventState.CLOSED:
        return None
    query = (
        select(AuditEntry.at)
        .where(AuditEntry.event_id == event.id, AuditEntry.action == "event.close")
        .order_by(AuditEntry.at.desc())
        .limit(1)
    )
    return db.session.scalar(query) or event.created_at


def due_events(now=None):
    """Return the events whose retention period has passed."""
    now = now or utcnow()
    due = []
    for event in db.session.scalars(select(Event).order_by(Event.id)):
        closed = closed_since(event, now)
        if closed is not None and closed + timedelta(days=event.retention_days) <= now:
            due.append(event)
    return due


def apply(now=None, actor="retention"):
    """Erase the contacts (and images, where the event says so) that are past retention.

    Return the number of signature records erased; each erasure is logged.
    """
    now = now or utcnow()
    erased = 0
    for event in due_events(now):
        images = event.retention_erases_images
        query = select(SignatureRecord).where(SignatureRecord.event_id == event.id)
        for record in db.session.scalars(query).all():
            if record.phone is None and not (images and record.has_signature_mark):
                continue
            transitions.erase(record, actor, name=False, image=images, now=now)
            erased += 1
    return erased
