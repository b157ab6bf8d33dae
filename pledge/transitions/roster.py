"""What happens to an event's roster: seats added, removed, their invitation links renewed."""

import secrets

from pledge.extensions import db
from pledge.models import Seat, record_audit
from pledge.transitions.refusals import Refused


def _add(event, actor, category, institution, position="", area_code=None):
    seat = Seat(
        event=event,
        category=category,
        institution=institution,
        position=position or "",
        area_code=area_code or None,
    )
    db.session.add(seat)
    db.session.flush()
    record_audit(actor, "seat.add", event=event, subject=str(seat.id), detail={"institution": institution})
    return seat


def add_seat(event, actor, category, institution, position="", area_code=None):
    """Add one seat to the event's roster; commit; return it."""
    seat = _add(event, actor, category, institution, position, area_code)
    db.session.commit()
    return seat


def add_seats(event, actor, rows):
    """Add every seat of `rows` (dicts for add_seat, read from a CSV) in one commit: all or none."""
    seats = [_add(event, actor, **row) for row in rows]
    db.session.commit()
    return seats


def remove_seat(seat, actor):
    """Remove an unused seat (its invitation link stops working); commit. Raise Refused("used")."""
    if seat.is_used:
        raise Refused("used")
    record_audit(
        actor, "seat.delete", event=seat.event, subject=str(seat.id), detail={"institution": seat.institution}
    )
    db.session.delete(seat)
    db.session.commit()


def reissue_invitation(seat, actor):
    """Give an unused seat a new nonce, so that every earlier invitation link is refused; commit.

    Raise Refused("used") once the seat has signed.
    """
    if seat.is_used:
        raise Refused("used")
    seat.nonce = secrets.token_urlsafe(16)
    record_audit(actor, "seat.reissue", event=seat.event, subject=str(seat.id))
    db.session.commit()
