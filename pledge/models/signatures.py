"""Signature records: who signed which texts, and in what state the record is."""

import enum
import hashlib
import json
import secrets

from sqlalchemy import CheckConstraint, Index, UniqueConstraint, and_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pledge import certificate_numbers, strokes
from pledge.extensions import db
from pledge.models.documents import agreements
from pledge.models.types import UTCDateTime, utcnow

SALT_BYTES = 32  # 256 bits: a guess of the content cannot be tested without the salt


def new_salt():
    """Return a fresh commitment salt: SALT_BYTES random bytes from `secrets`, as hex."""
    return secrets.token_hex(SALT_BYTES)


def fresh_keys():
    """Return a new record's drawn values: its certificate number, private link key and salt."""
    return {
        "certificate_number": certificate_numbers.generate(),
        "access_key": secrets.token_urlsafe(24),
        "salt": new_salt(),
    }


def public_content(
    certificate_number,
    event_slug,
    full_name,
    position,
    institution,
    category,
    area_code,
    signed_at,
    document_hashes,
    erased=False,
):
    """Return a record's public content in canonical form (sorted JSON).

    It names the signer as the public may see them and the exact texts agreed to (their
    SHA-256); private fields (phone, image, salt) are not part of it. Once erased, it
    holds no position or institution (the name is already gone): with no salt left, its
    hash must not point at anyone.
    """
    content = {
        "certificate_number": certificate_number,
        "event": event_slug,
        "full_name": full_name,
        "position": "" if erased else position,
        "institution": "" if erased else institution,
        "category": category,
        "area": area_code,
        "signed_at": signed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "documents": sorted(document_hashes),
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def commitment(salt, content):
    """Return SHA-256(salt ‖ content) in hex: the salt's 32 bytes (its hex decoded), then the
    content's UTF-8 bytes, nothing between; without a salt (erased), the content's hash alone."""
    return hashlib.sha256((bytes.fromhex(salt) if salt else b"") + content.encode("utf-8")).hexdigest()


class SignatureState(enum.StrEnum):
    VALID = "valid"
    REVOKED = "revoked"


class SignatureRecord(db.Model):
    """One person's signing of an event's documents."""

    __tablename__ = "signatures"
    __table_args__ = (
        UniqueConstraint("event_id", "phone"),
        UniqueConstraint("event_id", "client_key"),
        CheckConstraint("state IN ('valid', 'revoked')", name="state"),
        CheckConstraint("signature_method IN ('drawn', 'typed')", name="signature_method"),
        Index("ix_signatures_wall", "event_id", "state", "signed_at", "id"),
        Index("ix_signatures_wall_category", "event_id", "state", "category", "signed_at", "id"),
        Index("ix_signatures_wall_area", "event_id", "state", "area_code", "signed_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"))
    full_name: Mapped[str] = mapped_column(db.String(200))
    position: Mapped[str] = mapped_column(db.String(200))
    institution: Mapped[str] = mapped_column(db.String(200))
    category: Mapped[str] = mapped_column(db.String(40))
    # The kecamatan (or, for a provincial event, the kabupaten/kota) the signer speaks for.
    area_code: Mapped[str | None] = mapped_column(db.ForeignKey("regions.code"))
    # Private: E.164, never shown on a public surface.
    phone: Mapped[str | None] = mapped_column(db.String(20))
    # Private: the signer's mark, one of three. Drawn strokes in the pad's compact text
    # (pledge.strokes); a typed name, drawn with the font; or, in records made before
    # strokes, the drawn or typed image as a PNG cropped to its ink.
    signature_strokes: Mapped[str | None] = mapped_column(db.Text)
    signature_text: Mapped[str | None] = mapped_column(db.String(80))
    signature_image = mapped_column(db.LargeBinary, nullable=True)
    signature_method: Mapped[str] = mapped_column(db.String(10))
    show_name: Mapped[bool] = mapped_column(default=False)
    signed_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    certificate_number: Mapped[str] = mapped_column(db.String(16), unique=True)
    # The secret behind the signer's private link; the link carries it signed.
    access_key: Mapped[str] = mapped_column(db.String(64), unique=True)
    # A key the signer's browser makes, so that a resubmission is recognised.
    client_key: Mapped[str | None] = mapped_column(db.String(64))
    state: Mapped[str] = mapped_column(db.String(10), default=SignatureState.VALID.value)
    revoked_at = mapped_column(UTCDateTime, nullable=True)
    revoke_reason: Mapped[str | None] = mapped_column(db.String(500))
    # When the event moderates names: when an organiser let this name onto the wall.
    name_approved_at = mapped_column(UTCDateTime, nullable=True)
    # When the signer's personal data was erased on request (UU PDP): name, contact
    # and signature image are gone. The fingerprint of the public content as signed
    # is kept beside the log's entry for it, so the public history stays checkable.
    erased_at = mapped_column(UTCDateTime, nullable=True)
    erased_fingerprint: Mapped[str | None] = mapped_column(db.String(64))
    # Private: the random salt of the record's commitment (fingerprint()), SALT_BYTES as
    # hex. Only the signer sees it (private page, certificate annex); an erasure destroys it.
    salt: Mapped[str | None] = mapped_column(db.String(2 * SALT_BYTES))

    event = relationship("Event")
    versions = relationship("DocumentVersion", secondary=agreements, lazy="selectin")

    def __init__(self, **kwargs):
        super().__init__(**{**fresh_keys(), **kwargs})

    @property
    def certificate_label(self):
        """The certificate number as people read it, in groups."""
        return certificate_numbers.display(self.certificate_number)

    @property
    def has_signature_mark(self):
        """Whether the record still holds the signer's mark (strokes, typed name or image)."""
        return bool(self.signature_strokes or self.signature_text or self.signature_image)

    @property
    def signature_mark(self):
        """The signer's mark as a strokes.SignatureMark, or None once erased."""
        if not self.has_signature_mark:
            return None
        return strokes.SignatureMark(
            self.signature_method, self.signature_strokes, self.signature_text, self.signature_image
        )

    def clear_signature_mark(self):
        """Forget the signer's mark, whichever kind it is (an erasure)."""
        self.signature_strokes = self.signature_text = self.signature_image = None

    @property
    def is_valid(self):
        return self.state == SignatureState.VALID

    @property
    def is_erased(self):
        return self.erased_at is not None

    @property
    def name_is_public(self):
        """Whether the wall may show the name: consent, not erased, approved when moderated."""
        if not self.show_name or self.is_erased:
            return False
        return self.name_approved_at is not None or not self.event.moderates_names

    @classmethod
    def name_is_public_in(cls, event):
        """The SQL form of `name_is_public` for the records of `event`."""
        clause = and_(cls.show_name.is_(True), cls.erased_at.is_(None))
        if event.moderates_names:
            clause = and_(clause, cls.name_approved_at.is_not(None))
        return clause

    @classmethod
    def by_certificate_number(cls, number):
        return db.session.scalar(select(cls).where(cls.certificate_number == number))

    @classmethod
    def by_access_key(cls, key):
        return db.session.scalar(select(cls).where(cls.access_key == key))

    @classmethod
    def for_phone(cls, event, phone, locked=False):
        """The event's record signed with `phone`; `locked` takes its row lock (PostgreSQL) till the commit."""
        query = select(cls).where(cls.event_id == event.id, cls.phone == phone)
        return db.session.scalar(query.with_for_update() if locked else query)

    @classmethod
    def for_client_key(cls, event, client_key):
        query = select(cls).where(cls.event_id == event.id, cls.client_key == client_key)
        return db.session.scalar(query)

    def public_content(self):
        """Return the record's public content in canonical form (see public_content())."""
        return public_content(
            self.certificate_number,
            self.event.slug,
            self.full_name,
            self.position,
            self.institution,
            self.category,
            self.area_code,
            self.signed_at,
            [version.sha256 for version in self.versions],
            erased=self.is_erased,
        )

    def fingerprint(self):
        """Return the record's commitment as it is now, in hex: SHA-256(salt ‖ content).

        The bytes hashed are the 32 bytes of the salt (its 64 hex digits decoded)
        followed by the UTF-8 bytes of public_content(), nothing between. Without the
        salt a guessed name cannot be checked against it. An erased record has no salt
        left and no personal field in its content: its fingerprint is the SHA-256 of the
        content alone.
        """
        return commitment(self.salt, self.public_content())

    @property
    def signed_fingerprint(self):
        """The fingerprint as signed, the one its certificate prints (kept through an erasure)."""
        return self.erased_fingerprint or self.fingerprint()
