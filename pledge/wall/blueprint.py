"""The wall's blueprint and the lookup every one of its views starts with."""

from flask import Blueprint, abort
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from pledge.extensions import db
from pledge.models import Event, EventState

bp = Blueprint("wall", __name__)


def public_event(slug):
    """Return the event the public may see, or answer 404 (unknown or still a draft)."""
    # The wall never shows the documents: leave them unloaded (Event loads them eagerly).
    query = select(Event).where(Event.slug == slug).options(lazyload(Event.documents))
    event = db.session.scalar(query)
    if event is None or event.state == EventState.DRAFT:
        abort(404)
    return event
