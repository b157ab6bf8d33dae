"""Open data: the signatories as JSON pages and as one streamed CSV, and the API document."""

import re

from flask import Response, jsonify, request, stream_with_context, url_for

from pledge.models import counts_for
from pledge.reference import CATEGORIES, kecamatan_for
from pledge.wall import caching
from pledge.wall.blueprint import bp, public_event
from pledge.wall.listing import MAX_PAGE_SIZE, PAGE_SIZE, Cursor, Filters, all_public_rows, public_page
from pledge.wall.opendata import csv_lines, iso_utc, openapi_document, row_json


def _page_size():
    try:
        size = int(request.args.get("limit", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return min(max(size, 1), MAX_PAGE_SIZE)


@bp.get("/e/<slug>/signatories.json")
def signatories_json(slug):
    event = public_event(slug)
    filters = Filters.from_args(request.args, event)
    size = _page_size()
    rows, next_cursor = public_page(event, Cursor.parse(request.args.get("after")), size, filters)
    counts = counts_for(event.id)
    next_url = None
    if next_cursor is not None:
        args = {**filters.args(), "after": str(next_cursor)}
        if size != PAGE_SIZE:
            args["limit"] = size
        next_url = url_for(".signatories_json", slug=event.slug, **args)
    document = {
        "event": {"slug": event.slug, "title": event.title, "timezone": event.timezone},
        "total": counts.total,
        "filters": {"category": filters.category, "kecamatan": filters.kecamatan, "q": filters.search},
        "signatories": [row_json(row) for row in rows],
        "next": next_url,
    }
    return caching.open_data(caching.public(jsonify(document), caching.DATA, last_modified=counts.updated_at))


@bp.get("/e/<slug>/totals.json")
def totals_json(slug):
    event = public_event(slug)
    counts = counts_for(event.id)
    kecamatan = {name: counts.by_kecamatan.get(name, 0) for name in kecamatan_for(event.region)}
    kecamatan.update({key: n for key, n in counts.by_kecamatan.items() if key and n})
    document = {
        "event": event.slug,
        "total": counts.total,
        "by_category": {key: counts.by_category.get(key, 0) for key in CATEGORIES},
        "by_kecamatan": kecamatan,
        "without_kecamatan": counts.by_kecamatan.get("", 0),
        "updated_at": iso_utc(counts.updated_at) if counts.updated_at else None,
    }
    return caching.open_data(caching.public(jsonify(document), caching.DATA, last_modified=counts.updated_at))


@bp.get("/e/<slug>/signatories.csv")
def signatories_csv(slug):
    """Every valid public record, streamed: memory stays flat however many signed."""
    event = public_event(slug)
    counts = counts_for(event.id)
    # The counters' version moves on every signature in or out: it names the file's content.
    etag = f"csv-{event.id}-{counts.version}"
    filename = re.sub(r"[^A-Za-z0-9_-]", "", event.slug) or "event"
    headers = {"Content-Disposition": f'attachment; filename="signatories-{filename}.csv"'}
    if caching.not_modified(etag, counts.updated_at):
        response = Response(status=304, headers=headers)
    else:
        rows = all_public_rows(event)
        response = Response(stream_with_context(csv_lines(rows)), mimetype="text/csv", headers=headers)
        response.charset = "utf-8"
    response.set_etag(etag)
    return caching.open_data(caching.public(response, caching.DOWNLOAD, last_modified=counts.updated_at))


@bp.get("/api/openapi.json")
def openapi():
    return caching.open_data(caching.public(jsonify(openapi_document()), caching.STATIC))
