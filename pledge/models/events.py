"""Events: one signing of a declaration, with its window and its state."""

import enum
import re
from zoneinfo import ZoneInfo

from sqlalchemy import CheckConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pledge import regions
from pledge.extensions import db
from pledge.models.types import UTCDateTime, utcnow

# What an event's address may hold (the console's form checks the same).
SLUG_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# The official record's number: the organiser sets the pattern, the portal fills the date.
DEFAULT_RECORD_NUMBER = "BA/{tanggal}/{bulan}/{tahun}/{penyelenggara}"


class EventState(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (CheckConstraint("state IN ('draft', 'open', 'closed')", name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(db.String(80), unique=True)
    title: Mapped[str] = mapped_column(db.String(200))
    place: Mapped[str] = mapped_column(db.String(200))
    # The province (a governor's election) or kabupaten/kota the event is for; None only
    # for an event migrated from free text that matched no region (the console asks).
    region_code: Mapped[str | None] = mapped_column(db.ForeignKey("regions.code"), index=True)
    held_on = mapped_column(db.Date, nullable=False)
    # The region's zone (WIB, WITA, WIT): every time of the event is read in it.
    timezone: Mapped[str] = mapped_column(db.String(64), default="Asia/Makassar")
    # The number of the official record, e.g. "BA/{tanggal}/{bulan}/{tahun}/{penyelenggara}".
    record_number_pattern: Mapped[str] = mapped_column(
        db.String(160), default=DEFAULT_RECORD_NUMBER, server_default=DEFAULT_RECORD_NUMBER
    )
    state: Mapped[str] = mapped_column(db.String(16), default=EventState.DRAFT.value)
    opens_at = mapped_column(UTCDateTime, nullable=True)
    closes_at = mapped_column(UTCDateTime, nullable=True)
    phone_required: Mapped[bool] = mapped_column(default=False)
    # When set, a consenting signer's name reaches the wall only once an organiser approves it.
    moderates_names: Mapped[bool] = mapped_column(default=False, server_default=db.false())
    # Data protection: contacts are erased this many days after the event closed
    # (`flask pledge retention apply`); signature images too when the flag is set.
    retention_days: Mapped[int] = mapped_column(default=365, server_default="365")
    retention_erases_images: Mapped[bool] = mapped_column(default=False, server_default=db.false())
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    # Moved by every console change of the event, its texts, organisers or officials: the
    # processes' copies of the event (pledge.event_cache) are current while it stands still.
    revision: Mapped[int] = mapped_column(default=1, server_default="1")

    documents = relationship(
        "Document", back_populates="event", order_by="Document.position", lazy="selectin"
    )
    institutions = relationship(
        "EventInstitution",
        back_populates="event",
        order_by="EventInstitution.position",
        cascade="all, delete-orphan",
    )
    officials = relationship(
        "EventOfficial",
        back_populates="event",
        order_by="EventOfficial.position",
        cascade="all, delete-orphan",
    )

    @property
    def area(self):
        """The event's region as a pledge.regions.Area (None when it has none)."""
        return regions.get(self.region_code)

    @property
    def organiser_names(self):
        """The organising institutions' names, in the order the organiser gave them."""
        return [institution.name for institution in self.institutions]

    @property
    def signing_officials(self):
        return [official for official in self.officials if official.role == "official"]

    @property
    def witnesses(self):
        return [official for official in self.officials if official.role == "witness"]

    @property
    def zone(self):
        return ZoneInfo(self.timezone)

    @classmethod
    def by_slug(cls, slug):
        """Return the event with this slug, or None (also for text no slug can be, a NUL byte say)."""
        if not slug or not SLUG_PATTERN.fullmatch(slug):
            return None
        return db.session.scalar(select(cls).where(cls.slug == slug))

    def refusal(self, now=None):
        """Return why signing is refused at `now`, or None when it is accepted.

        The answer is one of "draft", "closed", "not_yet" and "ended".
        """
        now = now or utcnow()
        if self.state == EventState.DRAFT:
            return "draft"
        if self.state == EventState.CLOSED:
            return "closed"
        if self.opens_at and now < self.opens_at:
            return "not_yet"
        if self.closes_at and now >= self.closes_at:
            return "ended"
        return None

    def current_versions(self):
        """Return the version each document currently asks people to sign."""
        return [document.current_version for document in self.documents]
