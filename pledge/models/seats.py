"""Seats: the institutions and offices an event expects to sign, each with an invitation."""

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pledge.extensions import db
from pledge.models.types import UTCDateTime, utcnow


class Seat(db.Model):
    """One expected signer: a group, an institution or office, perhaps a kecamatan (its code).

    The invitation link carries the seat's id and nonce, signed; the seat is used up
    when a signature record is linked to it.
    """

    __tablename__ = "seats"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), index=True)
    category: Mapped[str] = mapped_column(db.String(40))
    institution: Mapped[str] = mapped_column(db.String(200))
    position: Mapped[str] = mapped_column(db.String(200), default="")
    area_code: Mapped[str | None] = mapped_column(db.ForeignKey("regions.code"))
    nonce: Mapped[str] = mapped_column(db.String(32), default=lambda: secrets.token_urlsafe(16))
    signature_id: Mapped[int | None] = mapped_column(db.ForeignKey("signatures.id"), unique=True)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    event = relationship("Event")

    @property
    def is_used(self):
        return self.signature_id is not None

    @classmethod
    def of_event(cls, event):
        query = select(cls).where(cls.event_id == event.id).order_by(cls.category, cls.institution, cls.id)
        return db.session.scalars(query).all()
