"""The domain's tables; import models from here."""

from pledge.models.accounts import Organiser
from pledge.models.audit import AuditEntry, record_audit
from pledge.models.candidates import CandidatePair
from pledge.models.certificates import Certificate
from pledge.models.counts import (
    Counts,
    SignatureCount,
    count_in,
    count_signature,
    counts_for,
    note_change,
    recount,
)
from pledge.models.documents import Document, DocumentVersion, VersionLocked, canonical_text
from pledge.models.events import Event, EventState
from pledge.models.institutions import EventInstitution, EventOfficial
from pledge.models.issued import DocumentKind, IssuedDocument
from pledge.models.recovery import RecoveryCode
from pledge.models.regions import Region, RegionLevel
from pledge.models.seats import Seat
from pledge.models.signatures import SignatureRecord, SignatureState
from pledge.models.transparency import LogCheckpoint, LogEntry, LogHead, LogNode
from pledge.models.types import utcnow

__all__ = [
    "AuditEntry",
    "CandidatePair",
    "Counts",
    "Certificate",
    "Document",
    "DocumentKind",
    "DocumentVersion",
    "Event",
    "EventInstitution",
    "EventOfficial",
    "EventState",
    "IssuedDocument",
    "RecoveryCode",
    "Region",
    "RegionLevel",
    "SignatureCount",
    "Organiser",
    "Seat",
    "LogCheckpoint",
    "LogEntry",
    "LogHead",
    "LogNode",
    "SignatureRecord",
    "SignatureState",
    "VersionLocked",
    "canonical_text",
    "count_in",
    "count_signature",
    "counts_for",
    "note_change",
    "recount",
    "record_audit",
    "utcnow",
]
