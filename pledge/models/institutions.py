"""Who organises an event and who signs its official record.

An event names its organising institutions (Polres Paser with KPU Kabupaten Paser, say),
each with an optional logo, and the officials and witnesses whose signature blocks close
the berita acara. Certificates are issued by the first institutions "through" the portal.
"""

from sqlalchemy import CheckConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pledge.extensions import db


class EventInstitution(db.Model):
    __tablename__ = "event_institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(db.String(200))
    # A PNG checked and re-encoded by pledge.logos (no metadata of the uploader survives).
    logo = mapped_column(db.LargeBinary, nullable=True)

    event = relationship("Event", back_populates="institutions")


class EventOfficial(db.Model):
    """A person whose signature block closes the official record: an official or a witness."""

    __tablename__ = "event_officials"
    __table_args__ = (CheckConstraint("role IN ('official', 'witness')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    role: Mapped[str] = mapped_column(db.String(10), default="official")
    name: Mapped[str] = mapped_column(db.String(200))
    # Rank or position, e.g. "AKBP, Kapolres Paser".
    title: Mapped[str] = mapped_column(db.String(200), default="")
    institution: Mapped[str] = mapped_column(db.String(200), default="")
    # NIP (civil servants) or NRP (police, military); optional.
    id_number: Mapped[str] = mapped_column(db.String(40), default="")

    event = relationship("Event", back_populates="officials")
