"""The transparency log's tables: an event's entries, its head, and the checkpoints it signed.

An event's log runs in epochs. Epoch 1 of an event logged before migration 0011 is the
old hash chain (`chain_hash`), kept as it was; every later epoch, and the first of a
newer event, is an RFC 9162 Merkle tree whose leaves are the entries in `leaf_index`
order (pledge.transparency). Only the current epoch is published.
"""

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pledge.extensions import db
from pledge.models.types import UTCDateTime

GENESIS = "0" * 64
EMPTY_ROOT = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"  # SHA-256 of nothing
KINDS = ("signature", "revocation", "erasure", "amendment", "approval", "epoch")


class LogEntry(db.Model):
    """One entry of an event's log: a leaf of its epoch's tree (or a link of the old chain)."""

    __tablename__ = "log_entries"
    __table_args__ = (
        UniqueConstraint("event_id", "seq"),
        CheckConstraint(f"kind IN ({', '.join(repr(kind) for kind in KINDS)})", name="kind"),
        Index("ix_log_entries_leaf", "event_id", "epoch", "leaf_index", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"))
    # Numbers every entry of the event, across epochs, without a gap.
    seq: Mapped[int] = mapped_column()
    epoch: Mapped[int] = mapped_column(default=1, server_default="1")
    # The leaf's position in its epoch's tree, from 0; None in the old chain.
    leaf_index: Mapped[int | None] = mapped_column()
    at = mapped_column(UTCDateTime, nullable=False)
    kind: Mapped[str] = mapped_column(db.String(16))
    # Internal link to the record (none for an epoch's first leaf); the public log shows
    # only the fingerprint.
    signature_id: Mapped[int | None] = mapped_column(db.ForeignKey("signatures.id"), index=True)
    # The record's fingerprint after the change; an epoch leaf holds the old chain's head.
    fingerprint: Mapped[str] = mapped_column(db.String(64))
    # Whether the signer's consent to show the name stood after the change.
    consent: Mapped[bool | None] = mapped_column()
    # The old chain's hash (epoch 1 of a log begun before migration 0011), else None.
    chain_hash: Mapped[str | None] = mapped_column(db.String(64))
    # The root of the epoch's tree once this leaf is in: where a check names the first change.
    tree_root: Mapped[str | None] = mapped_column(db.String(64))

    record = relationship("SignatureRecord")


class LogHead(db.Model):
    """Where an event's log stands: the last sequence number, its epoch's tree size,
    right frontier and root.

    Appending updates this row first: the row lock (PostgreSQL) or the write lock
    (SQLite) it takes makes concurrent appenders for one event wait their turn.
    """

    __tablename__ = "log_heads"

    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(default=0)
    # The old chain's last hash (kept for the record once a new epoch began).
    chain_hash: Mapped[str] = mapped_column(db.String(64), default=GENESIS)
    epoch: Mapped[int] = mapped_column(default=1, server_default="1")
    size: Mapped[int] = mapped_column(default=0, server_default="0")
    # The roots of the perfect subtrees, largest first, as hex joined without separator.
    frontier: Mapped[str] = mapped_column(db.Text, default="", server_default="")
    root: Mapped[str] = mapped_column(db.String(64), default=EMPTY_ROOT, server_default=EMPTY_ROOT)


class LogCheckpoint(db.Model):
    """A signed checkpoint (C2SP tlog-checkpoint as a signed note) the log issued; all are kept."""

    __tablename__ = "log_checkpoints"
    __table_args__ = (UniqueConstraint("event_id", "epoch", "size"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"))
    epoch: Mapped[int] = mapped_column()
    size: Mapped[int] = mapped_column()
    root: Mapped[str] = mapped_column(db.String(64))
    issued_at = mapped_column(UTCDateTime, nullable=False)
    # The signed note exactly as served: the checkpoint's lines, a blank line, the signature.
    note: Mapped[str] = mapped_column(db.Text)


class LogNode(db.Model):
    """A cached hash of a perfect subtree of an epoch's tree (2**level leaves from index << level).

    Derived data, filled when a proof needs it: a complete perfect subtree never changes,
    so proofs at any size read O(log n) of these instead of every leaf. A wrong row can
    only make a proof fail against the signed checkpoint, never make a false one pass.
    """

    __tablename__ = "log_nodes"

    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), primary_key=True)
    epoch: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    level: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    index: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(db.LargeBinary(32))
