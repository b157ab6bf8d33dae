"""The candidate pairs of an event's elections, as listed on the ballot."""

from sqlalchemy import CheckConstraint, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from pledge.extensions import db


class CandidatePair(db.Model):
    """A pair on one election's ballot (candidate and running mate) and their campaign team."""

    __tablename__ = "candidate_pairs"
    __table_args__ = (
        UniqueConstraint("event_id", "contest", "ballot_number"),
        CheckConstraint("ballot_number > 0", name="ballot_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), index=True)
    # Which election, e.g. "Bupati dan Wakil Bupati Paser".
    contest: Mapped[str] = mapped_column(db.String(120), default="")
    ballot_number: Mapped[int] = mapped_column()
    candidate: Mapped[str] = mapped_column(db.String(200))
    running_mate: Mapped[str] = mapped_column(db.String(200))
    campaign_team: Mapped[str] = mapped_column(db.String(200), default="")

    @property
    def names(self):
        return f"{self.candidate} – {self.running_mate}"

    @classmethod
    def of_event(cls, event):
        """Return the event's pairs by election, then in ballot-number order: the only order shown."""
        query = select(cls).where(cls.event_id == event.id).order_by(cls.contest, cls.ballot_number)
        return db.session.scalars(query).all()

    @classmethod
    def taken(cls, event, contest, ballot_number):
        query = select(cls.id).where(
            cls.event_id == event.id, cls.contest == contest, cls.ballot_number == ballot_number
        )
        return db.session.scalar(query) is not None
