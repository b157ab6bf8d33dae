"""Sealed documents other than certificates: the official record, invitation cards, posters.

Each is drawn up anew when downloaded, so only its SHA-256 is kept: enough for /verify
to recognise a copy and say what it is.
"""

import enum

from sqlalchemy import CheckConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pledge.extensions import db
from pledge.models.types import UTCDateTime, utcnow


class DocumentKind(enum.StrEnum):
    RECORD = "record"  # the berita acara
    INVITATION_CARDS = "invitation_cards"
    POSTER = "poster"


class IssuedDocument(db.Model):
    __tablename__ = "issued_documents"
    __table_args__ = (CheckConstraint("kind IN ('record', 'invitation_cards', 'poster')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), index=True)
    kind: Mapped[str] = mapped_column(db.String(20))
    language: Mapped[str] = mapped_column(db.String(5))
    sha256: Mapped[str] = mapped_column(db.String(64), unique=True)
    issued_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    # For a record: its number and how many valid signatories it lists.
    number: Mapped[str] = mapped_column(db.String(200), default="")
    signatories: Mapped[int | None] = mapped_column()

    event = relationship("Event")

    @classmethod
    def by_sha256(cls, sha256):
        return db.session.scalar(select(cls).where(cls.sha256 == sha256))
