"""The wall's pages: the signatory list, the live view and its feed, the QR code."""

from flask import abort, jsonify, make_response, render_template, request

from pledge import qr
from pledge.lookups import public_event_or_404
from pledge.models import CandidatePair, counts_for
from pledge.urls import sign_url
from pledge.wall import caching
from pledge.wall.blueprint import bp
from pledge.wall.charts import area_bars, category_bars
from pledge.wall.display import Display
from pledge.wall.forms import filter_form
from pledge.wall.listing import PAGE_SIZE, Cursor, Filters, public_page
from pledge.wall.live import live_document, live_state


@bp.get("/e/<slug>/signatories")
def signatories(slug):
    event = public_event_or_404(slug)
    filters = Filters.from_args(request.args, event)
    cursor = Cursor.parse(request.args.get("after"))
    rows, next_cursor = public_page(event, cursor, PAGE_SIZE, filters)
    counts = counts_for(event.id)
    display = Display(event.timezone)
    body = render_template(
        "wall/signatories.html",
        display=display,
        event=event,
        rows=rows,
        next_cursor=next_cursor,
        deep=cursor is not None,
        filters=filters,
        form=filter_form(event, filters, display.categories()),
        counts=counts,
        category_bars=category_bars(counts, display.category),
        area_bars=area_bars(counts, event),
        pairs=CandidatePair.of_event(event),
    )
    return caching.public(make_response(body), caching.PAGE, per_language=True)


@bp.get("/e/<slug>/live")
def live(slug):
    event = public_event_or_404(slug)
    body = render_template(
        "wall/live.html", event=event, counts=counts_for(event.id), sign_url=sign_url(event)
    )
    return caching.public(make_response(body), caching.PAGE, per_language=True)


@bp.get("/e/<slug>/live.json")
def live_feed(slug):
    """The live view's feed: one URL for every screen, so that a cache can answer them all."""
    state = live_state(slug)
    if state is None:
        abort(404)
    return caching.public(jsonify(live_document(state)), caching.LIVE, per_language=True)


@bp.get("/e/<slug>/qr.svg")
def qr_code(slug):
    event = public_event_or_404(slug)
    response = make_response(qr.svg(sign_url(event)))
    response.mimetype = "image/svg+xml"
    return caching.public(response, caching.STATIC)
