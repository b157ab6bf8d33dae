"""commitment salts: a record's public fingerprint becomes a salted commitment

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 18:00:00.000000

- `signatures.salt`: 32 random bytes (hex) per record, from `secrets`; never public.
- The fingerprint becomes SHA-256(salt ‖ canonical content) (see
  SignatureRecord.fingerprint), so it changes for every record: each record's log gets
  an "amendment" entry with its new fingerprint (or, for a record signed before the log
  existed, its "signature" entry), chained as usual, as revision 0007 did.
- A record erased on request gets no salt (an erasure destroys it); its content leaves
  out position and institution as an erased record's now does, and its amendment
  commits to what remains.

The log's earlier entries keep the unsalted fingerprints they were chained with: they
cannot change without breaking the chain every copy of it checks against (DECISIONS).
"""

import hashlib
import json
import secrets
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

GENESIS = "0" * 64
SALT_BYTES = 32


def _content(connection, record, slug):
    """The record's canonical public content, as SignatureRecord.public_content() writes it."""
    documents = sorted(
        connection.execute(
            sa.text(
                "SELECT v.sha256 FROM document_versions v JOIN signature_agreements a"
                " ON a.document_version_id = v.id WHERE a.signature_id = :id"
            ),
            {"id": record.id},
        ).scalars()
    )
    signed_at = record.signed_at if isinstance(record.signed_at, datetime) else datetime.fromisoformat(record.signed_at)
    erased = record.erased_at is not None
    content = {
        "certificate_number": record.certificate_number,
        "event": slug,
        "full_name": record.full_name,
        "position": "" if erased else record.position,
        "institution": "" if erased else record.institution,
        "category": record.category,
        "area": record.area_code,
        "signed_at": signed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "documents": documents,
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _salt_and_log(connection, now):
    """Give each record its salt (none when erased) and log the fingerprint it now has."""
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    events = connection.execute(sa.text("SELECT id, slug FROM events ORDER BY id")).all()
    for event_id, slug in events:
        records = connection.execute(
            sa.text(
                "SELECT id, certificate_number, full_name, position, institution, category, area_code,"
                " signed_at, erased_at FROM signatures WHERE event_id = :event ORDER BY id"
            ),
            {"event": event_id},
        ).all()
        if not records:
            continue
        head = connection.execute(
            sa.text("SELECT seq, chain_hash FROM log_heads WHERE event_id = :event"), {"event": event_id}
        ).one_or_none()
        if head is None:
            connection.execute(
                sa.text("INSERT INTO log_heads (event_id, seq, chain_hash) VALUES (:event, 0, :genesis)"),
                {"event": event_id, "genesis": GENESIS},
            )
            seq, previous = 0, GENESIS
        else:
            seq, previous = head
        last = {
            signature_id: fingerprint
            for signature_id, fingerprint in connection.execute(
                sa.text("SELECT signature_id, fingerprint FROM log_entries WHERE event_id = :event ORDER BY seq"),
                {"event": event_id},
            )
        }
        for record in records:
            salt = None if record.erased_at is not None else secrets.token_hex(SALT_BYTES)
            if salt is not None:
                connection.execute(
                    sa.text("UPDATE signatures SET salt = :salt WHERE id = :id"), {"salt": salt, "id": record.id}
                )
            salt_bytes = bytes.fromhex(salt) if salt else b""
            fingerprint = hashlib.sha256(salt_bytes + _content(connection, record, slug)).hexdigest()
            if last.get(record.id) == fingerprint:
                continue
            kind = "amendment" if record.id in last else "signature"
            seq += 1
            line = f"{seq}|{stamp}|{kind}|{fingerprint}"
            previous = hashlib.sha256(f"{previous}\n{line}".encode("utf-8")).hexdigest()
            connection.execute(
                sa.text(
                    "INSERT INTO log_entries (event_id, seq, at, kind, signature_id, fingerprint, chain_hash)"
                    " VALUES (:event, :seq, :at, :kind, :record, :fingerprint, :chain)"
                ),
                {"event": event_id, "seq": seq, "at": now, "kind": kind, "record": record.id,
                 "fingerprint": fingerprint, "chain": previous},
            )
        connection.execute(
            sa.text("UPDATE log_heads SET seq = :seq, chain_hash = :chain WHERE event_id = :event"),
            {"seq": seq, "chain": previous, "event": event_id},
        )


def upgrade():
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('salt', sa.String(length=64), nullable=True))
    _salt_and_log(op.get_bind(), datetime.now(UTC).replace(tzinfo=None))


def downgrade():
    raise NotImplementedError("0010 changes every record's fingerprint and its log; restore a backup to go back")
