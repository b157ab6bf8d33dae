"""Issued certificates: the sealed PDF of a signature record, stored once, never rewritten."""

from sqlalchemy import select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pledge.extensions import db
from pledge.models.types import UTCDateTime, utcnow
from pledge.reference import OFFICIAL_LANGUAGE


class Certificate(db.Model):
    """The sealed certificate PDF of a signature record in one language, byte for byte as issued.

    A record has at most one certificate per language (Indonesian, the official one,
    and English on request) and standing: the one issued while it was valid, and once it
    is revoked one marked DICABUT. Each is sealed and verifies on its own.
    """

    __tablename__ = "certificates"
    __table_args__ = (
        db.UniqueConstraint("signature_id", "language", "standing"),
        db.CheckConstraint("standing IN ('valid', 'revoked')", name="standing"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    signature_id: Mapped[int] = mapped_column(db.ForeignKey("signatures.id"))
    language: Mapped[str] = mapped_column(
        db.String(5), default=OFFICIAL_LANGUAGE, server_default=OFFICIAL_LANGUAGE
    )
    # What the PDF says of the record: "valid", or "revoked" (printed DICABUT).
    standing: Mapped[str] = mapped_column(db.String(10), default="valid", server_default="valid")
    # Dropped (None) when the signer's personal data is erased; the hash stays.
    pdf = mapped_column(db.LargeBinary, nullable=True)
    sha256: Mapped[str] = mapped_column(db.String(64), index=True)
    issued_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    record = relationship("SignatureRecord")

    @classmethod
    def for_record(cls, record, language=OFFICIAL_LANGUAGE, standing="valid"):
        query = select(cls).where(
            cls.signature_id == record.id, cls.language == language, cls.standing == standing
        )
        return db.session.scalar(query)

    @classmethod
    def every_language_of(cls, record):
        """Return `record`'s certificates in every language and standing (an erasure drops them all)."""
        return db.session.scalars(select(cls).where(cls.signature_id == record.id)).all()

    @classmethod
    def by_sha256(cls, sha256):
        return db.session.scalar(select(cls).where(cls.sha256 == sha256))
