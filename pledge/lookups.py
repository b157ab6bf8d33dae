"""The lookups every view starts with, one each: an event by its address, an object of an event."""

from flask import abort
from werkzeug.routing import IntegerConverter

from pledge.event_cache import cached_event
from pledge.extensions import db
from pledge.models import EventState
from pledge.models.events import SLUG_PATTERN

# The largest value of an INTEGER column (ids, leaf indexes): PostgreSQL answers a larger
# one in a query with an error, where a missing row is only a miss.
LARGEST_INTEGER = 2**31 - 1


class RowIdConverter(IntegerConverter):
    """`<int:…>` in the portal's routes: at most LARGEST_INTEGER, so a larger id is a 404 before any query.

    werkzeug's own takes a number of any size, which PostgreSQL refuses (a 500).
    """

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_INTEGER)
        super().__init__(url_map, *args, **kwargs)


def public_event_or_404(slug, attach=True):
    """Return the event the public may see at `slug`, with its texts, organisers and officials.

    Abort with 404 when no event has it, when the event is still a draft, or when `slug`
    cannot be an address at all (a NUL byte, say, which PostgreSQL refuses outright).
    The event comes from the process's copy while its revision stands (pledge.event_cache);
    `attach=False` returns that copy outside the session, to read only.
    """
    if not slug or not SLUG_PATTERN.fullmatch(slug):
        abort(404)
    event = cached_event(slug, attach)
    if event is None or event.state == EventState.DRAFT:
        abort(404)
    return event


def of_event_or_404(model, event, object_id):
    """Return the `model` row with `object_id` when it belongs to `event`; abort with 404 otherwise.

    Another event's seat, record or pair is a 404 like a missing one: the console never
    confirms what exists in an event the organiser does not run.
    """
    found = db.session.get(model, object_id)
    if found is None or found.event_id != event.id:
        abort(404)
    return found
