"""The transparency log's tables: one hash-chained entry per signature, revocation, erasure or amendment."""

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pledge.extensions import db
from pledge.models.types import UTCDateTime

GENESIS = "0" * 64


class LogEntry(db.Model):
    """One entry of an event's log; `chain_hash` covers this entry and all before it."""

    __tablename__ = "log_entries"
    __table_args__ = (
        UniqueConstraint("event_id", "seq"),
        CheckConstraint("kind IN ('signature', 'revocation', 'erasure', 'amendment')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"))
    seq: Mapped[int] = mapped_column()
    at = mapped_column(UTCDateTime, nullable=False)
    kind: Mapped[str] = mapped_column(db.String(16))
    # Internal link to the record; the public log shows only the fingerprint.
    signature_id: Mapped[int] = mapped_column(db.ForeignKey("signatures.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(db.String(64))
    chain_hash: Mapped[str] = mapped_column(db.String(64))

    record = relationship("SignatureRecord")


class LogHead(db.Model):
    """The last sequence number and chain hash of an event's log.

    Appending updates this row first: the row lock (PostgreSQL) or the write lock
    (SQLite) it takes makes concurrent appenders for one event wait their turn.
    """

    __tablename__ = "log_heads"

    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(default=0)
    chain_hash: Mapped[str] = mapped_column(db.String(64), default=GENESIS)
