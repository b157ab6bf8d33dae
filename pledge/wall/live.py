"""The live view's state: the running total and the newest names, cached per event.

Every viewer polls the same URL, so a cache in front of the app can answer them
all; behind it, each worker process reads the database at most once a second per
event however many screens are watching.
"""

import threading
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import current_app

from pledge.dates import format_clock, zone_abbreviation
from pledge.i18n import current_language
from pledge.models import Event, EventState, counts_for
from pledge.wall.display import Display
from pledge.wall.listing import latest

TTL_SECONDS = 1.0
# More than the largest venue screen holds (nine cards at 1920×1080): live.js shows what fits.
LATEST = 20


@dataclass(frozen=True)
class LiveState:
    slug: str
    timezone: str
    total: int
    latest: list  # [(Cursor, PublicRow)], newest first
    fetched: float  # time.monotonic() when read


def _cache():
    return current_app.extensions.setdefault("wall_live", {"states": {}, "lock": threading.Lock()})


def live_state(slug, clock=time.monotonic):
    """Return the event's LiveState, read afresh when older than TTL_SECONDS; None if not public."""
    cache = _cache()
    state = cache["states"].get(slug)
    if state is not None and clock() - state.fetched < TTL_SECONDS:
        return state
    with cache["lock"]:  # one reader per process refreshes; the others wait and reuse it
        state = cache["states"].get(slug)
        if state is not None and clock() - state.fetched < TTL_SECONDS:
            return state
        event = Event.by_slug(slug)
        if event is None or event.state == EventState.DRAFT:
            cache["states"].pop(slug, None)
            return None
        state = LiveState(
            slug=slug,
            timezone=event.timezone,
            total=counts_for(event.id).total,
            latest=latest(event, LATEST),
            fetched=clock(),
        )
        cache["states"][slug] = state
        return state


def clock_time(moment, tz_name, language="id"):
    """Return "10.15 WITA" (in English "10:15 WITA"): the time of day on the venue's clock."""
    local = moment.astimezone(ZoneInfo(tz_name))
    return f"{format_clock(local, language)} {zone_abbreviation(tz_name, local)}"


def live_document(state):
    """Return the live view's JSON body: display-ready lines, in the reader's language."""
    display = Display(state.timezone)
    lines = []
    for cursor, row in state.latest:
        if row.name:
            headline = row.name
            detail = " · ".join(part for part in (row.position, row.institution) if part)
        else:
            headline, detail = display.a_signatory, display.not_shown
        lines.append(
            {
                "key": str(cursor),
                "headline": headline,
                "detail": detail,
                "group": display.group(row),
                "time": clock_time(row.signed_at, state.timezone, current_language()),
            }
        )
    return {"event": state.slug, "total": state.total, "signatories": lines}
