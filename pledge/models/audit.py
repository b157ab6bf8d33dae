"""The audit trail: who did what, when."""

import json

from sqlalchemy.orm import Mapped, mapped_column

from pledge.extensions import db
from pledge.models.types import UTCDateTime, utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    actor: Mapped[str] = mapped_column(db.String(200))
    action: Mapped[str] = mapped_column(db.String(60))
    event_id: Mapped[int | None] = mapped_column(db.ForeignKey("events.id"), index=True)
    subject: Mapped[str] = mapped_column(db.String(200), default="")
    detail: Mapped[str] = mapped_column(db.Text, default="{}")

    @property
    def details(self):
        return json.loads(self.detail or "{}")


def record_audit(actor, action, event=None, subject="", detail=None):
    """Add an audit entry to the session; the caller's transaction commits it."""
    entry = AuditEntry(
        actor=actor,
        action=action,
        subject=subject,
        detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True),
    )
    if event is not None:
        if event.id is None:
            db.session.flush()
        entry.event_id = event.id
    db.session.add(entry)
    return entry
