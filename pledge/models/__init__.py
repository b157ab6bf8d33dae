"""The domain's tables; import models from here."""

from pledge.models.accounts import Organiser
from pledge.models.audit import AuditEntry, record_audit
from pledge.models.candidates import CandidatePair
from pledge.models.documents import Document, DocumentVersion, VersionLocked, canonical_text
from pledge.models.events import Event, EventState
from pledge.models.seats import Seat
from pledge.models.signatures import SignatureRecord, SignatureState
from pledge.models.types import utcnow

__all__ = [
    "AuditEntry",
    "CandidatePair",
    "Document",
    "DocumentVersion",
    "Event",
    "EventState",
    "Organiser",
    "Seat",
    "SignatureRecord",
    "SignatureState",
    "VersionLocked",
    "canonical_text",
    "record_audit",
    "utcnow",
]
