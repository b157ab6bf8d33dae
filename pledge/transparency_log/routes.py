"""`/e/<slug>/log.json`: the event's transparency log, a page at a time."""

from flask import Blueprint, abort, jsonify, request, url_for

from pledge import transparency
from pledge.lookups import public_event_or_404

bp = Blueprint("transparency_log", __name__)

ALGORITHM = (
    "chain_hash = sha256_hex(previous chain_hash + '\\n' + 'seq|at|kind|fingerprint'), "
    "starting from 64 zeros; fingerprint = sha256_hex(salt + canonical public content), a commitment "
    "whose 32-byte salt only the signer holds"
)


@bp.app_template_global("log_head")
def log_head(event):
    """The event's log head for any template (the wall, certificates): `log_head(event).seq`."""
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
        head={"seq": head.seq, "chain_hash": head.chain_hash},
        algorithm=ALGORITHM,
        entries=[
            {
                "seq": row.seq,
                "at": row.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "kind": row.kind,
                "fingerprint": row.fingerprint,
                "chain_hash": row.chain_hash,
            }
            for row in rows
        ],
        next=url_for(".log_json", slug=event.slug, after=rows[-1].seq) if more else None,
    )
    response.headers["Cache-Control"] = "public, max-age=10"
    return response
