"""Documents to sign and their versions; a version someone signed never changes."""

import hashlib
import unicodedata

from sqlalchemy import UniqueConstraint, event, exists, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from pledge.extensions import db
from pledge.models.types import UTCDateTime, utcnow

# Which versions a signature record agreed to.
agreements = db.Table(
    "signature_agreements",
    db.Column("signature_id", db.ForeignKey("signatures.id"), primary_key=True),
    db.Column("document_version_id", db.ForeignKey("document_versions.id"), primary_key=True),
)


class VersionLocked(Exception):
    """Raised when a signed document version would be changed in place."""


def canonical_text(title, body):
    """Return the canonical form of a document's text, the one its hash covers.

    Unicode NFC, Unix line ends, no trailing spaces, no blank lines at either end.
    """
    text = f"{title}\n\n{body}"
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def text_sha256(title, body):
    return hashlib.sha256(canonical_text(title, body).encode("utf-8")).hexdigest()


class Document(db.Model):
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), index=True)
    key: Mapped[str] = mapped_column(db.String(40))
    position: Mapped[int] = mapped_column(default=0)

    event = relationship("Event", back_populates="documents")
    versions = relationship(
        "DocumentVersion",
        back_populates="document",
        order_by="DocumentVersion.number",
        lazy="selectin",
    )

    @property
    def current_version(self):
        return self.versions[-1] if self.versions else None

    def revise(self, title, body):
        """Set the document's text and return the version that now holds it.

        An unsigned current version is edited in place; once anyone has signed it,
        the text goes into a new version and the signed one stays as it was.
        """
        current = self.current_version
        if current is not None and current.sha256 == text_sha256(title, body):
            return current
        if current is None or current.is_signed():
            current = DocumentVersion(document=self, number=len(self.versions) + 1)
            db.session.add(current)
        current.title, current.body = title, body
        current.sha256 = text_sha256(title, body)
        return current


class DocumentVersion(db.Model):
    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(db.ForeignKey("documents.id"), index=True)
    number: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(db.String(200))
    body: Mapped[str] = mapped_column(db.Text)
    sha256: Mapped[str] = mapped_column(db.String(64))
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    document = relationship("Document", back_populates="versions")

    @property
    def paragraphs(self):
        return [part.strip() for part in self.body.split("\n\n") if part.strip()]

    def is_signed(self):
        """Return whether any signature record agreed to this version."""
        if self.id is None:
            return False
        query = select(exists().where(agreements.c.document_version_id == self.id))
        return bool(db.session.scalar(query))


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_signed_versions(session, flush_context, instances):
    for obj in session.dirty:
        if not isinstance(obj, DocumentVersion):
            continue
        state = inspect(obj)
        changed = any(state.attrs[name].history.has_changes() for name in ("title", "body", "sha256"))
        with session.no_autoflush:
            signed = changed and obj.is_signed()
        if signed:
            raise VersionLocked(f"document version {obj.id} has been signed and cannot change")
