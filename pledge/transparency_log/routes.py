"""`/e/<slug>/log.json`: the current epoch of the event's transparency log, a page at a time."""

from flask import Blueprint, abort, jsonify, request, url_for

from pledge import transparency
from pledge.lookups import public_event_or_404

bp = Blueprint("transparency_log", __name__)

ALGORITHM = (
    "RFC 9162 Merkle tree over the leaves in index order: leaf hash = SHA-256(0x00 || leaf), "
    "node hash = SHA-256(0x01 || left || right); leaf = 'kind|at|fingerprint|consent=0 or 1' "
    "(UTF-8), or for an epoch's first leaf 'epoch E, previous chain head <hex>, size N'"
)


@bp.app_template_global("log_head")
def log_head(event):
    """The event's log head for any template (the wall, certificates): `log_head(event).size`."""
    return transparency.head(event)


@bp.get("/e/<slug>/log.json")
def log_json(slug):
    event = public_event_or_404(slug)
    after = request.args.get("after", "0")
    if not after.isdigit() or len(after) > 12:
        abort(400)
    rows, more = transparency.entries(event, int(after))
    head = transparency.head(event)
    response = jsonify(
        event=event.slug,
        head={"epoch": head.epoch, "size": head.size, "root": head.root},
        algorithm=ALGORITHM,
        entries=[
            {
                "index": row.leaf_index,
                "at": row.at.strftime(transparency.TIME_FORMAT),
                "kind": row.kind,
                "fingerprint": row.fingerprint,
                "consent": row.consent,
                "leaf": transparency.leaf_data(row).decode("utf-8"),
            }
            for row in rows
        ],
        next=url_for(".log_json", slug=event.slug, after=rows[-1].leaf_index + 1) if more else None,
    )
    response.headers["Cache-Control"] = "public, max-age=10"
    return response
