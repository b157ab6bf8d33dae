"""The signatory list of an event."""

from flask import Blueprint, abort, render_template, request

from pledge.models import Event, EventState
from pledge.wall.listing import PAGE_SIZE, Cursor, public_page

bp = Blueprint("wall", __name__)


@bp.get("/e/<slug>/signatories")
def signatories(slug):
    event = Event.by_slug(slug)
    if event is None or event.state == EventState.DRAFT:
        abort(404)
    cursor = Cursor.parse(request.args.get("after"))
    rows, next_cursor = public_page(event, cursor, PAGE_SIZE)
    return render_template("wall/signatories.html", event=event, rows=rows, next_cursor=next_cursor)
