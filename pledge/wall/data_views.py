"""Open data: the signatories as JSON pages and as one streamed CSV, and the API document."""

import re

from flask import Response, jsonify, request, stream_with_context, url_for

from pledge import regions
from pledge.i18n import pdf_language
from pledge.lookups import public_event_or_404
from pledge.models import RegionLevel, counts_for
from pledge.reference import CATEGORIES
from pledge.wall import caching
from pledge.wall.blueprint import bp
from pledge.wall.listing import MAX_PAGE_SIZE, PAGE_SIZE, Cursor, Filters, all_public_rows, public_page
from pledge.wall.opendata import area_json, csv_lines, iso_utc, openapi_document, row_json, spreadsheet_lines


def _page_size():
    try:
        size = int(request.args.get("limit", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return min(max(size, 1), MAX_PAGE_SIZE)


@bp.get("/e/<slug>/signatories.json")
def signatories_json(slug):
    event = public_event_or_404(slug)
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
        "event": {
            "slug": event.slug,
            "title": event.title,
            "timezone": event.timezone,
            "region": area_json(event.region_code),
        },
        "total": counts.total,
        "filters": {
            "category": filters.category,
            "kecamatan": regions.area_name(filters.area) or None,
            "area": filters.area,
            "q": filters.search,
        },
        "signatories": [row_json(row) for row in rows],
        "next": next_url,
    }
    return caching.open_data(caching.public(jsonify(document), caching.DATA, last_modified=counts.updated_at))


@bp.get("/e/<slug>/totals.json")
def totals_json(slug):
    event = public_event_or_404(slug)
    counts = counts_for(event.id)
    areas = [
        {"code": area.code, "name": area.name, "signatures": counts.by_area.get(area.code, 0)}
        for area in regions.breakdown(event)
    ]
    known = {area["code"] for area in areas}
    areas += [
        {"code": code, "name": regions.area_name(code), "signatures": n}
        for code, n in sorted(counts.by_area.items())
        if code and n and code not in known
    ]
    level = regions.breakdown_level(event)
    by_kecamatan = (
        {area["name"]: area["signatures"] for area in areas} if level == RegionLevel.DISTRICT else {}
    )
    document = {
        "event": event.slug,
        "total": counts.total,
        "by_category": {key: counts.by_category.get(key, 0) for key in CATEGORIES},
        "by_kecamatan": by_kecamatan,
        "without_kecamatan": counts.by_area.get("", 0),
        "breakdown": {"level": str(level), "areas": areas, "without_area": counts.by_area.get("", 0)},
        "updated_at": iso_utc(counts.updated_at) if counts.updated_at else None,
    }
    return caching.open_data(caching.public(jsonify(document), caching.DATA, last_modified=counts.updated_at))


@bp.get("/e/<slug>/signatories.csv")
def signatories_csv(slug):
    """Every valid public record, streamed: memory stays flat however many signed.

    Without `?lang=` the open data format; with `?lang=id` or `?lang=en` a file made for a
    spreadsheet in that language (pledge.spreadsheets).
    """
    event = public_event_or_404(slug)
    language = pdf_language() if "lang" in request.args else None
    counts = counts_for(event.id)
    # The counters' version moves on every signature in or out: it names the file's content.
    etag = f"csv-{event.id}-{counts.version}-{language or 'data'}"
    filename = re.sub(r"[^A-Za-z0-9_-]", "", event.slug) or "event"
    headers = {"Content-Disposition": f'attachment; filename="signatories-{filename}.csv"'}
    if caching.not_modified(etag, counts.updated_at):
        response = Response(status=304, headers=headers)
    else:
        rows = all_public_rows(event)
        lines = spreadsheet_lines(rows, event, language) if language else csv_lines(rows)
        response = Response(stream_with_context(lines), mimetype="text/csv", headers=headers)
        response.charset = "utf-8"
    response.set_etag(etag)
    return caching.open_data(caching.public(response, caching.DOWNLOAD, last_modified=counts.updated_at))


@bp.get("/api/openapi.json")
def openapi():
    return caching.open_data(caching.public(jsonify(openapi_document()), caching.STATIC))
