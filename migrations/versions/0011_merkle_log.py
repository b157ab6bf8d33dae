"""merkle log: each event's log becomes an RFC 9162 Merkle tree in a new epoch; approvals
and consent are logged; signed checkpoints are kept

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 17:50:00.000000

The old hash chain stays in the database as epoch 1 and is no longer published (its
entries hold the old fingerprints). Each event that has a log starts epoch 2: its first
leaf commits to the old chain ("epoch 2, previous chain head <hex>, size N"), then one
leaf per current fact of each record, in the order the records were first logged: its
signature (with the consent to show the name as stored), its name's approval, its
revocation, its erasure. Each leaf carries the fingerprint of the record's last log
entry, read from the stored rows and not computed by app code, so this migration stays
valid when the fingerprint's definition changes. The hashing is written out here for
the same reason.
"""
import hashlib
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = "0010"
branch_labels = None
depends_on = None

EMPTY_ROOT = hashlib.sha256(b"").hexdigest()
OLD_KINDS = "kind IN ('signature', 'revocation', 'erasure', 'amendment')"
NEW_KINDS = "kind IN ('signature', 'revocation', 'erasure', 'amendment', 'approval', 'epoch')"


def _leaf(data):
    return hashlib.sha256(b"\x00" + data.encode("utf-8")).digest()


def _node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def _append(frontier, size, hashed):
    while size & 1:
        hashed = _node(frontier.pop(), hashed)
        size >>= 1
    frontier.append(hashed)


def _root(frontier):
    hashed = frontier[-1]
    for left in reversed(frontier[:-1]):
        hashed = _node(left, hashed)
    return hashed


def upgrade():
    with op.batch_alter_table('log_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('epoch', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('leaf_index', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('consent', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('tree_root', sa.String(length=64), nullable=True))
        batch_op.alter_column('chain_hash', existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column('signature_id', existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint(batch_op.f('ck_log_entries_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_log_entries_kind'), NEW_KINDS)
        batch_op.create_index('ix_log_entries_leaf', ['event_id', 'epoch', 'leaf_index'], unique=True)
    with op.batch_alter_table('log_heads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('epoch', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('size', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('frontier', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('root', sa.String(length=64), server_default=EMPTY_ROOT, nullable=False))
    op.create_table(
        'log_checkpoints',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('epoch', sa.Integer(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('root', sa.String(length=64), nullable=False),
        sa.Column('issued_at', sa.DateTime(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_log_checkpoints_event_id_events')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_log_checkpoints')),
        sa.UniqueConstraint('event_id', 'epoch', 'size', name=op.f('uq_log_checkpoints_event_id_epoch_size')),
    )
    op.create_table(
        'log_nodes',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('epoch', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('level', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('index', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('hash', sa.LargeBinary(length=32), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_log_nodes_event_id_events')),
        sa.PrimaryKeyConstraint('event_id', 'epoch', 'level', 'index', name=op.f('pk_log_nodes')),
    )
    _start_epochs(op.get_bind(), datetime.now(UTC).replace(tzinfo=None))


def _start_epochs(connection, now):
    """Give every event that has a log a new epoch built from its records' current facts."""
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    heads = connection.execute(
        sa.text("SELECT event_id, seq, chain_hash FROM log_heads ORDER BY event_id")
    ).all()
    for event_id, seq, chain_head in heads:
        last = {}  # record id -> fingerprint of its last entry, in order of its first entry
        for signature_id, fingerprint in connection.execute(
            sa.text("SELECT signature_id, fingerprint FROM log_entries WHERE event_id = :event ORDER BY seq"),
            {"event": event_id},
        ):
            last[signature_id] = fingerprint
        records = {
            row.id: row
            for row in connection.execute(
                sa.text(
                    "SELECT id, state, show_name, name_approved_at, erased_at FROM signatures"
                    " WHERE event_id = :event"
                ),
                {"event": event_id},
            )
        }
        leaves = [("epoch", None, chain_head, None, f"epoch 2, previous chain head {chain_head}, size {seq}")]
        for record_id, fingerprint in last.items():
            record = records.get(record_id)
            if record is None:
                continue
            consent = bool(record.show_name)
            facts = ["signature"]
            facts += ["approval"] if record.name_approved_at is not None else []
            facts += ["revocation"] if record.state == "revoked" else []
            facts += ["erasure"] if record.erased_at is not None else []
            for kind in facts:
                line = f"{kind}|{stamp}|{fingerprint}|consent={int(consent)}"
                leaves.append((kind, record_id, fingerprint, consent, line))
        frontier = []
        for index, (kind, record_id, fingerprint, consent, line) in enumerate(leaves):
            _append(frontier, index, _leaf(line))
            connection.execute(
                sa.text(
                    "INSERT INTO log_entries (event_id, seq, epoch, leaf_index, at, kind, signature_id,"
                    " fingerprint, consent, tree_root) VALUES (:event, :seq, 2, :index, :at, :kind, :record,"
                    " :fingerprint, :consent, :root)"
                ),
                {"event": event_id, "seq": seq + 1 + index, "index": index, "at": now, "kind": kind,
                 "record": record_id, "fingerprint": fingerprint, "consent": consent,
                 "root": _root(frontier).hex()},
            )
        connection.execute(
            sa.text(
                "UPDATE log_heads SET seq = :seq, epoch = 2, size = :size, frontier = :frontier, root = :root"
                " WHERE event_id = :event"
            ),
            {"seq": seq + len(leaves), "size": len(leaves), "frontier": "".join(node.hex() for node in frontier),
             "root": _root(frontier).hex(), "event": event_id},
        )


def downgrade():
    raise NotImplementedError("0011 moves every log to a Merkle epoch; restore a backup to go back")
