"""The wall's blueprint and the lookup every one of its views starts with."""

from flask import Blueprint, abort

from pledge.models import Event, EventState

bp = Blueprint("wall", __name__)


def public_event(slug):
    """Return the event the public may see, or answer 404 (unknown or still a draft)."""
    event = Event.by_slug(slug)
    if event is None or event.state == EventState.DRAFT:
        abort(404)
    return event
