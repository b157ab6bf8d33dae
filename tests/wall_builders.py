"""Builders for the wall's tests: a crowd of signers and the public surfaces to read."""

import base64

from pledge import transitions
from tests.builders import drawn_png, drawn_strokes, make_signature

# Every public surface, with the path that reads it (slug filled in).
PUBLIC_SURFACES = {
    "wall": "/e/{slug}/signatories",
    "live": "/e/{slug}/live.json",
    "json": "/e/{slug}/signatories.json",
    "csv": "/e/{slug}/signatories.csv",
}


def make_signatures(event, count, start=0, **fields):
    """Store `count` consenting signatures named "Penanda <n>", oldest first; return them."""
    return [
        make_signature(event, phone=None, full_name=f"Penanda {n:03d}", **fields)
        for n in range(start, start + count)
    ]


def make_private_signer(event, **fields):
    """Store a signer who did not consent to show their name, with unmistakable private details."""
    fields.setdefault("full_name", "Rahasia Wiryawan")
    fields.setdefault("position", "Jabatan Rahasia")
    fields.setdefault("institution", "Instansi Rahasia")
    return make_signature(event, phone="+6281299990001", show_name=False, **fields)


def make_pair(event, number, candidate, running_mate, team=""):
    """A candidate pair on the ballot of the event's one election (contest left empty)."""
    return transitions.add_candidate_pair(event, "test", "", number, candidate, running_mate, team)


def private_traces(record):
    """Strings that would betray a record's private fields if a public surface showed them."""
    image = record.signature_image or drawn_png()
    drawn = (record.signature_strokes or drawn_strokes()).split("_")[1]
    return [
        drawn[:24],
        record.phone[3:] if record.phone else "81299990001",
        base64.b64encode(image)[:40].decode(),
        "data:image/png",
        "signature.png",
        record.access_key,
        "127.0.0.1",
        "Werkzeug/",
    ]
