"""`/e/<slug>/log.json`: the current epoch of the event's transparency log, a page at a time."""

import base64
import re

from flask import Blueprint, abort, current_app, jsonify, request, url_for

from pledge import checkpoints, proofs, transparency
from pledge.lookups import LARGEST_INTEGER, public_event_or_404

bp = Blueprint("transparency_log", __name__)

# A size or index in the query string: ASCII digits only (str.isdigit() also takes "²",
# which int() refuses).
_WHOLE_NUMBER = re.compile(r"[0-9]{1,12}")


def _whole_number(value):
    """Return `value` as an int, at most LARGEST_INTEGER (no leaf index is larger), or None when it is not one."""
    if not _WHOLE_NUMBER.fullmatch(value):
        return None
    return min(int(value), LARGEST_INTEGER)


ALGORITHM = (
    "RFC 9162 Merkle tree over the leaves in index order: leaf hash = SHA-256(0x00 || leaf), "
    "node hash = SHA-256(0x01 || left || right); leaf = 'kind|at|fingerprint|consent=0 or 1' "
    "(UTF-8), or for an epoch's first leaf 'epoch E, previous chain head <hex>, size N'; fingerprint = sha256_hex(salt + canonical public content), "
    "a commitment whose 32-byte salt only the signer holds"
)


@bp.app_template_global("log_head")
def log_head(event):
    """The event's log head for any template (the wall, certificates): `log_head(event).size`."""
    return transparency.head(event)


@bp.app_template_global("log_inclusion")
def log_inclusion(record):
    """Where `record` is in the public log, proof checked (pledge.checkpoints.inclusion)."""
    return checkpoints.inclusion(record)


@bp.get("/e/<slug>/log.json")
def log_json(slug):
    event = public_event_or_404(slug)
    after = _whole_number(request.args.get("after", "0"))
    if after is None:
        abort(400)
    rows, more = transparency.entries(event, after)
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


class BadArgument(ValueError):
    """A proof was asked for with a size or index the tree does not have."""


@bp.errorhandler(BadArgument)
def _refused(error):
    response = jsonify(error=str(error))
    response.status_code = 400
    return response


def _size_argument(name, default, largest):
    """Read a tree size (or index) from the query string; raise BadArgument when it is not one."""
    value = request.args.get(name)
    if value is None:
        return default
    number = _whole_number(value)
    if number is None:
        raise BadArgument(f"{name} must be a whole number")
    if number > largest:
        raise BadArgument(f"{name} {value} is larger than the tree ({largest} leaves)")
    return number


@bp.get("/e/<slug>/log/checkpoint")
def checkpoint(slug):
    """The newest signed checkpoint of the event's log (a signed note), issued when due."""
    event = public_event_or_404(slug)
    note = checkpoints.latest(event).note
    response = current_app.response_class(note, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/e/<slug>/log/inclusion")
def inclusion(slug):
    """The audit path of a leaf in the tree of `size` leaves (the newest checkpoint's by default)."""
    event = public_event_or_404(slug)
    head = transparency.head(event)
    size = _size_argument("size", None, head.size)
    if size is None:
        size = checkpoints.latest(event).size
    index = _size_argument("index", None, head.size)
    if index is None or index >= size:
        raise BadArgument(f"index must name a leaf of the tree of {size} leaves")
    row = transparency.entries(event, index, 1)[0][0]
    return jsonify(
        index=index,
        size=size,
        leaf=transparency.leaf_data(row).decode("utf-8"),
        proof=[base64.b64encode(node).decode() for node in proofs.inclusion(event, index, size)],
    )


@bp.get("/e/<slug>/log/consistency")
def consistency(slug):
    """The proof that the tree of `from` leaves is a prefix of the tree of `to` leaves."""
    event = public_event_or_404(slug)
    head = transparency.head(event)
    old = _size_argument("from", None, head.size)
    new = _size_argument("to", head.size, head.size)
    if old is None or old > new:
        raise BadArgument("from must be a tree size no larger than to")
    return jsonify(
        **{"from": old, "to": new},
        proof=[base64.b64encode(node).decode() for node in proofs.consistency(event, old, new)],
    )


@bp.get("/log-key.txt")
def log_key():
    """The log's public key in signed-note verifier key format: a stable address for monitors."""
    response = current_app.response_class(checkpoints.verifier_key(current_app) + "\n", mimetype="text/plain")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
