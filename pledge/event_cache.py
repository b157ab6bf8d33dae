"""The events the public opens, kept by each process and checked by one small query per request.

A public page, the wall's data and a signing all start by loading the event with its
texts, organisers and officials: three SELECTs and a few dozen ORM objects built each
time, for rows that change only when an organiser edits them. Each process keeps them
instead, detached, keyed by the event's revision, which every console change of the event
or of what hangs from it moves (pledge.transitions.events). A request reads the event's id
and revision (one indexed row); when the revision is the one kept, the kept event is
merged into the request's session without a query; otherwise it is loaded afresh.
"""

import threading
from collections import OrderedDict

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, selectinload

from pledge.extensions import db
from pledge.models import Document, Event
from pledge.precompiled import Precompiled

# Events a process keeps; a region's portal runs a handful, a national one a few hundred.
SIZE = 512


class EventCache:
    """Events by address, as detached ORM objects with what public pages read of them."""

    def __init__(self, size=SIZE):
        self._size = size
        self._events = OrderedDict()  # slug -> ((id, revision), detached Event)
        self._lock = threading.Lock()

    def event(self, slug, attach=True):
        """Return the event at `slug` in the request's session, or None when there is none.

        With `attach=False`, the process's kept copy itself, outside any session: its
        columns and the texts, organisers and officials loaded with it can be read, and
        nothing else; it must not be changed. attached() puts it in the session.
        """
        row = _REVISION.execute({"slug": slug}).first()
        if row is None:
            return None
        key = tuple(row)  # (id, revision)
        with self._lock:
            held = self._events.get(slug)
            if held is not None and held[0] == key:
                self._events.move_to_end(slug)
                kept = held[1]
            else:
                kept = None
        if kept is None:
            # Loaded in a session of its own, so that what is kept belongs to no request.
            # The revision read above is at most the loaded one: a change committed in
            # between makes the next request load again, never serve the change late.
            kept = _load(key[0])
            with self._lock:
                self._events[slug] = (key, kept)
                self._events.move_to_end(slug)
                while len(self._events) > self._size:
                    self._events.popitem(last=False)
        return attached(kept) if attach else kept

    def clear(self):
        with self._lock:
            self._events.clear()


# Written once per database and run on the driver's cursor (pledge.precompiled): the ORM's column
# select cost twice as much per request, for two integers.
_EVENTS = Event.__table__
_REVISION = Precompiled(select(_EVENTS.c.id, _EVENTS.c.revision).where(_EVENTS.c.slug == bindparam("slug")))


def _load(event_id):
    with Session(db.engine) as session:
        return session.scalar(
            select(Event)
            .where(Event.id == event_id)
            .options(
                selectinload(Event.documents).selectinload(Document.versions),
                selectinload(Event.institutions),
                selectinload(Event.officials),
            )
        )


def attached(event):
    """Return a kept `event` (EventCache.event with attach=False) in the request's session, without a query.

    An event in the session already is returned as it is.
    """
    return event if event in db.session else db.session.merge(event, load=False)


def register(app):
    app.extensions["pledge.events"] = EventCache()


def cached_event(slug, attach=True):
    """The current app's EventCache's event at `slug` (see EventCache.event)."""
    return current_app.extensions["pledge.events"].event(slug, attach)
