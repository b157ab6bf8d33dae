"""One-time codes that bring a signer who lost their private link back to their page."""

from sqlalchemy import Index
from sqlalchemy.orm import Mapped, mapped_column

from pledge.extensions import db
from pledge.models.types import UTCDateTime, utcnow


class RecoveryCode(db.Model):
    """A code sent to a phone number that signed an event.

    Neither the number nor the code is stored: `phone_digest` and `code_digest` are keyed
    hashes (HMAC with the secret key), so the table says nothing to whoever reads it.
    """

    __tablename__ = "recovery_codes"
    __table_args__ = (Index("ix_recovery_codes_lookup", "event_id", "phone_digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"))
    signature_id: Mapped[int] = mapped_column(db.ForeignKey("signatures.id"), index=True)
    phone_digest: Mapped[str] = mapped_column(db.String(64))
    code_digest: Mapped[str] = mapped_column(db.String(64))
    attempts: Mapped[int] = mapped_column(default=0)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    expires_at = mapped_column(UTCDateTime, nullable=False)
    used_at = mapped_column(UTCDateTime, nullable=True)
