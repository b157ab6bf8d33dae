"""Reading valid signatures for the public, newest first, a page at a time.

Pages are cut with a cursor (the last row's signing time and id), not an offset, so
a deep page costs what the first costs and a signature arriving between two page
loads neither repeats nor hides a row.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, or_, select

from pledge.extensions import db
from pledge.models import SignatureRecord, SignatureState

PAGE_SIZE = 50


@dataclass(frozen=True)
class Cursor:
    signed_at: datetime
    id: int

    def __str__(self):
        return f"{self.signed_at.strftime('%Y%m%dT%H%M%S.%f')}_{self.id}"

    @classmethod
    def parse(cls, text):
        """Return the cursor written in `text`, or None when there is none or it is malformed."""
        if not text or len(text) > 60:
            return None
        moment, _, ident = text.partition("_")
        try:
            return cls(datetime.strptime(moment, "%Y%m%dT%H%M%S.%f").replace(tzinfo=UTC), int(ident))
        except ValueError:
            return None


@dataclass(frozen=True)
class PublicRow:
    """What the public may see of one signature: the name only with consent."""

    name: str | None
    position: str | None
    institution: str | None
    category: str
    kecamatan: str | None
    signed_at: datetime

    @classmethod
    def of(cls, record):
        shown = record.name_is_public
        return cls(
            name=record.full_name if shown else None,
            position=record.position if shown else None,
            institution=record.institution if shown else None,
            category=record.category,
            kecamatan=record.kecamatan,
            signed_at=record.signed_at,
        )


def public_page(event, cursor=None, size=PAGE_SIZE):
    """Return (rows, next cursor or None) of the event's valid signatures."""
    query = (
        select(SignatureRecord)
        .where(SignatureRecord.event_id == event.id, SignatureRecord.state == SignatureState.VALID.value)
        .order_by(SignatureRecord.signed_at.desc(), SignatureRecord.id.desc())
        .limit(size + 1)
    )
    if cursor is not None:
        query = query.where(
            or_(
                SignatureRecord.signed_at < cursor.signed_at,
                and_(SignatureRecord.signed_at == cursor.signed_at, SignatureRecord.id < cursor.id),
            )
        )
    records = db.session.scalars(query).all()
    more = len(records) > size
    records = records[:size]
    next_cursor = Cursor(records[-1].signed_at, records[-1].id) if more else None
    return [PublicRow.of(record) for record in records], next_cursor
