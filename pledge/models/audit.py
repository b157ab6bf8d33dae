"""The audit trail: who did what, when."""

import json

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from pledge.extensions import db
from pledge.models.types import UTCDateTime, utcnow

# Stable codes are stored (scripts and queries read them); labels are translated when shown.
ACTION_LABELS = {
    "candidates.add": _l("Candidate pair added"),
    "candidates.remove": _l("Candidate pair removed"),
    "document.revise": _l("Text revised"),
    "event.create": _l("Event created"),
    "event.edit": _l("Event edited"),
    "event.open": _l("Signing opened"),
    "event.close": _l("Signing closed"),
    "event.institution_add": _l("Organising institution added"),
    "event.institution_logo": _l("Logo of an organising institution changed"),
    "event.institution_remove": _l("Organising institution removed"),
    "event.official_add": _l("Official or witness added"),
    "event.official_remove": _l("Official or witness removed"),
    "event.member_add": _l("Organiser added to the event"),
    "event.member_remove": _l("Organiser removed from the event"),
    "export.certificates": _l("All certificates downloaded (ZIP)"),
    "export.csv": _l("All records downloaded (CSV)"),
    "kiosk.start": _l("Kiosk opened"),
    "kiosk.stop": _l("Kiosk left"),
    "kiosk.exit_refused": _l("Wrong password to leave the kiosk"),
    "organiser.create": _l("Organiser account created"),
    "organiser.login": _l("Logged in"),
    "organiser.login_refused": _l("Login refused"),
    "organiser.set_password": _l("Password changed"),
    "seat.add": _l("Seat added"),
    "seat.delete": _l("Seat removed"),
    "seat.reissue": _l("New invitation link made"),
    "signature.create": _l("Signature received"),
    "signature.approve": _l("Name approved for the wall"),
    "signature.revoke": _l("Signature revoked"),
    "signature.erase": _l("Personal data erased"),
    "signature.fresh_link": _l("Fresh private link handed over"),
    "signature.recovery_code": _l("Recovery code sent to the signer's number"),
    "signature.recovered": _l("Private page opened with a recovery code"),
}


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

    @property
    def action_label(self):
        """The action in the reader's language; a code without a label shows as stored."""
        label = ACTION_LABELS.get(self.action)
        return str(label) if label is not None else self.action


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
