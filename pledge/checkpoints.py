"""Signed checkpoints of each event's log (C2SP tlog-checkpoint in a C2SP signed note).

A checkpoint is the note

    <origin>          e.g. pilkada.example/e/pilkada-damai-paser-2024/log/2
    <tree size>
    <base64 root hash>

    — <key name> <base64(key hash || Ed25519 signature)>

signed with the log's Ed25519 key (instance/log_key.pem, 0600, created by `flask pledge
keys init` beside the seal key, or on first use). The origin names the portal's host, the event and the
epoch, so no two trees share one. Checkpoints are issued lazily: when one is asked for
and the newest is older than CHECKPOINT_INTERVAL seconds and the tree grew, a new one is
signed and stored; otherwise the newest is served. So signing never pays a signature,
and under load the log signs at most one checkpoint per event every few seconds (a
CT log's merge delay). Every checkpoint issued is kept, so `flask pledge log verify`
can check that the tree still extends each of them.
"""

import base64
import hashlib
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import current_app, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from pledge import merkle, proofs, transparency
from pledge.extensions import db
from pledge.models import LogCheckpoint, utcnow

KEY_FILENAME = "log_key.pem"
ED25519 = b"\x01"  # the signed-note signature type of Ed25519


def key_path(app):
    """Return the path of the log's signing key."""
    return Path(app.config.get("LOG_KEY_PATH") or Path(app.instance_path) / KEY_FILENAME)


def ensure_log_key(app):
    """Create the log's Ed25519 key (mode 0600) when none exists; return True when it was created."""
    path = key_path(app)
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it meanwhile
        return False
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem)
    return True


def _private_key(app):
    """Return the log's key, created on first use like the seal's."""
    ensure_log_key(app)
    return serialization.load_pem_private_key(key_path(app).read_bytes(), password=None)


def host():
    """The portal's host name as origins and the key name print it."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    return urlsplit(base).netloc if base else request.host


def key_name():
    return f"{host()}/log"


def _public_bytes(app):
    return (
        _private_key(app)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


def key_hash(name, public):
    """The signed-note key hash: the first 4 bytes of SHA-256(name || "\\n" || 0x01 || key)."""
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public).digest()[:4]


def verifier_key(app):
    """Return the log's public key in signed-note verifier key format: name+hash+base64 key."""
    name, public = key_name(), _public_bytes(app)
    return f"{name}+{key_hash(name, public).hex()}+{base64.b64encode(ED25519 + public).decode()}"


def origin(event, epoch):
    return f"{host()}/e/{event.slug}/log/{epoch}"


def body(event, epoch, size, root_hex):
    """Return the checkpoint's text (the signed part), ending in a newline."""
    return f"{origin(event, epoch)}\n{size}\n{base64.b64encode(bytes.fromhex(root_hex)).decode()}\n"


def sign_note(app, text):
    """Return `text` as a signed note: the text, a blank line, the signature line."""
    key = _private_key(app)
    name, public = key_name(), _public_bytes(app)
    signature = key.sign(text.encode("utf-8"))
    return f"{text}\n\u2014 {name} {base64.b64encode(key_hash(name, public) + signature).decode()}\n"


def latest(event, now=None):
    """Return the newest checkpoint of `event`'s current epoch, issuing one when it is due.

    Due when there is none yet, or the tree grew and the newest is older than
    CHECKPOINT_INTERVAL seconds.
    """
    now = now or utcnow()
    head = transparency.head(event)
    newest = db.session.scalar(
        select(LogCheckpoint)
        .where(LogCheckpoint.event_id == event.id, LogCheckpoint.epoch == head.epoch)
        .order_by(LogCheckpoint.size.desc())
        .limit(1)
    )
    interval = timedelta(seconds=current_app.config.get("CHECKPOINT_INTERVAL", 5))
    if newest is not None and (newest.size >= head.size or now - newest.issued_at < interval):
        return newest
    app = current_app._get_current_object()
    checkpoint = LogCheckpoint(
        event_id=event.id,
        epoch=head.epoch,
        size=head.size,
        root=head.root,
        issued_at=now,
        note=sign_note(app, body(event, head.epoch, head.size, head.root)),
    )
    db.session.add(checkpoint)
    try:
        db.session.commit()
    except IntegrityError:  # another request signed this size first: serve theirs
        db.session.rollback()
        return db.session.scalar(
            select(LogCheckpoint).where(
                LogCheckpoint.event_id == event.id,
                LogCheckpoint.epoch == head.epoch,
                LogCheckpoint.size == head.size,
            )
        )
    return checkpoint


def issued(event):
    """Return (size, root hex) of every checkpoint of `event`'s current epoch, oldest first."""
    epoch = transparency.head(event).epoch
    return db.session.execute(
        select(LogCheckpoint.size, LogCheckpoint.root)
        .where(LogCheckpoint.event_id == event.id, LogCheckpoint.epoch == epoch)
        .order_by(LogCheckpoint.size)
    ).all()


def verify_note(app, note):
    """Check a checkpoint note's signature with the log's key; return (size, root bytes).

    Raise ValueError when the note is not one this log signed.
    """
    text, _, signature = note.partition("\n\n")
    name, public = key_name(), _public_bytes(app)
    parts = signature.strip().split(" ")
    if len(parts) != 3 or parts[:2] != ["\u2014", name]:
        raise ValueError("the checkpoint is not signed by this log's key")
    blob = base64.b64decode(parts[2])
    try:
        if blob[:4] != key_hash(name, public):
            raise InvalidSignature()
        _private_key(app).public_key().verify(blob[4:], (text + "\n").encode("utf-8"))
    except InvalidSignature:
        raise ValueError("the checkpoint's signature does not verify") from None
    lines = text.split("\n")
    return int(lines[1]), base64.b64decode(lines[2])


@dataclass(frozen=True)
class Inclusion:
    """Where a record's signature is in its event's log and whether the proof checked."""

    position: int  # the leaf's index + 1, as people count
    size: int | None  # the checkpoint's tree size; None until a checkpoint covers the leaf
    checked: bool = False  # the inclusion proof verified against the signed checkpoint

    @property
    def pending(self):
        return self.size is None


def inclusion(record):
    """Check `record`'s signature leaf against the newest signed checkpoint (issued when due).

    Return an Inclusion, or None when the record has no leaf in the current epoch. The
    proof is computed from the stored leaves and verified, with the note's signature,
    against the checkpoint: a leaf or a checkpoint changed since makes `checked` False.
    """
    entry = transparency.leaf_of(record)
    if entry is None:
        return None
    app = current_app._get_current_object()
    checkpoint = latest(record.event)
    if entry.leaf_index >= checkpoint.size:
        return Inclusion(entry.leaf_index + 1, None)
    try:
        size, root = verify_note(app, checkpoint.note)
        proof = proofs.inclusion(record.event, entry.leaf_index, size)
        mine = merkle.leaf_hash(transparency.leaf_data(entry))
        merkle.verify_inclusion(entry.leaf_index, size, mine, proof, root)
    except (ValueError, IndexError):  # merkle.ProofError is a ValueError
        return Inclusion(entry.leaf_index + 1, checkpoint.size, checked=False)
    return Inclusion(entry.leaf_index + 1, size, checked=True)
