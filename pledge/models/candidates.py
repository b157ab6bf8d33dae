"""The candidate pairs of an event's election, as listed on the ballot."""

from sqlalchemy import CheckConstraint, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from pledge.extensions import db


class CandidatePair(db.Model):
    """A pair on the ballot (candidate and running mate) and their campaign team."""

    __tablename__ = "candidate_pairs"
    __table_args__ = (
        UniqueConstraint("event_id", "ballot_number"),
        CheckConstraint("ballot_number > 0", name="ballot_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), index=True)
    ballot_number: Mapped[int] = mapped_column()
    candidate: Mapped[str] = mapped_column(db.String(200))
    running_mate: Mapped[str] = mapped_column(db.String(200))
    campaign_team: Mapped[str] = mapped_column(db.String(200), default="")

    @classmethod
    def of_event(cls, event_id):
        """Return the event's pairs in ballot-number order: the only order the wall uses."""
        query = select(cls).where(cls.event_id == event_id).order_by(cls.ballot_number)
        return db.session.scalars(query).all()
