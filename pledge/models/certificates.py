"""Issued certificates: the sealed PDF of a signature record, stored once, never rewritten."""

from sqlalchemy import select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pledge.extensions import db
from pledge.models.types import UTCDateTime, utcnow


class Certificate(db.Model):
    """The sealed certificate PDF of one signature record, byte for byte as first issued."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    signature_id: Mapped[int] = mapped_column(db.ForeignKey("signatures.id"), unique=True)
    # Dropped (None) when the signer's personal data is erased; the hash stays.
    pdf = mapped_column(db.LargeBinary, nullable=True)
    sha256: Mapped[str] = mapped_column(db.String(64), index=True)
    issued_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    record = relationship("SignatureRecord")

    @classmethod
    def for_record(cls, record):
        return db.session.scalar(select(cls).where(cls.signature_id == record.id))

    @classmethod
    def by_sha256(cls, sha256):
        return db.session.scalar(select(cls).where(cls.sha256 == sha256))
