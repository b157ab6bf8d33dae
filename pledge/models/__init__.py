"""The domain's tables; import models from here."""

from pledge.models.audit import AuditEntry, record_audit
from pledge.models.documents import Document, DocumentVersion, VersionLocked, canonical_text
from pledge.models.events import Event, EventState
from pledge.models.signatures import SignatureRecord, SignatureState
from pledge.models.transparency import LogEntry, LogHead
from pledge.models.types import utcnow

__all__ = [
    "AuditEntry",
    "Document",
    "DocumentVersion",
    "Event",
    "EventState",
    "LogEntry",
    "LogHead",
    "SignatureRecord",
    "SignatureState",
    "VersionLocked",
    "canonical_text",
    "record_audit",
    "utcnow",
]
