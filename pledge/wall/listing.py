"""Reading valid signatures for the public, newest first, a page at a time.

Pages are cut with a cursor (the last row's signing time and id), not an offset, so
a deep page costs what the first costs and a signature arriving between two page
loads neither repeats nor hides a row. PublicRow is the one place that decides what
the public sees of a record: the wall, the live view, JSON and CSV all go through it.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import literal, select, tuple_

from pledge import regions
from pledge.extensions import db
from pledge.lookups import LARGEST_INTEGER
from pledge.models import SignatureRecord, SignatureState
from pledge.reference import CATEGORIES
from pledge.text import clean_line

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
SEARCH_MAX_LENGTH = 100


def _public_columns(event):
    """Only these columns are read: never the phone, the signature image or the keys."""
    return (
        SignatureRecord.id,
        SignatureRecord.signed_at,
        SignatureRecord.name_is_public_in(event).label("name_is_public"),
        SignatureRecord.full_name,
        SignatureRecord.position,
        SignatureRecord.institution,
        SignatureRecord.category,
        SignatureRecord.area_code,
    )


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
            cursor = cls(datetime.strptime(moment, "%Y%m%dT%H%M%S.%f").replace(tzinfo=UTC), int(ident))
        except ValueError:
            return None
        return cursor if 0 <= cursor.id <= LARGEST_INTEGER else None

    @classmethod
    def of(cls, row):
        return cls(row.signed_at, row.id)


@dataclass(frozen=True)
class PublicRow:
    """What the public may see of one signature: the name only with consent."""

    name: str | None
    position: str | None
    institution: str | None
    category: str
    area_code: str | None
    signed_at: datetime

    @classmethod
    def of(cls, record):
        """Return the public view of a record (or of a row with the same attributes)."""
        shown = record.name_is_public
        return cls(
            name=record.full_name if shown else None,
            position=record.position if shown else None,
            institution=record.institution if shown else None,
            category=record.category,
            area_code=record.area_code,
            signed_at=record.signed_at,
        )


@dataclass(frozen=True)
class Filters:
    """What the reader narrowed the list to; unknown values are ignored, not refused."""

    category: str | None = None
    area: str | None = None  # a code of the event's breakdown
    search: str | None = None

    @classmethod
    def from_args(cls, args, event):
        """Read the filters of a URL; `kecamatan=<name>`, from links made before areas had codes, still works."""
        category = args.get("category") or None
        area = args.get("area") or None
        if area is None and args.get("kecamatan"):
            found = regions.match_in(regions.breakdown(event), args.get("kecamatan", "")[:100])
            area = found.code if found else None
        search = clean_line(args.get("q") or "")[:SEARCH_MAX_LENGTH] or None
        return cls(
            category=category if category in CATEGORIES else None,
            area=area if area in regions.breakdown_codes(event) else None,
            search=search,
        )

    def args(self):
        """Return the filters as URL query arguments (the empty ones left out)."""
        pairs = {"category": self.category, "area": self.area, "q": self.search}
        return {key: value for key, value in pairs.items() if value}

    def __bool__(self):
        return bool(self.args())

    def conditions(self, event):
        conditions = []
        if self.category:
            conditions.append(SignatureRecord.category == self.category)
        if self.area:
            conditions.append(SignatureRecord.area_code == self.area)
        if self.search:
            # Only names shown to the public can be found: a search must not reveal
            # that someone who withheld their name has signed.
            conditions.append(SignatureRecord.name_is_public_in(event))
            conditions.append(SignatureRecord.full_name.icontains(self.search, autoescape=True))
        return conditions


NO_FILTERS = Filters()


def _valid_of(event):
    return (SignatureRecord.event_id == event.id, SignatureRecord.state == SignatureState.VALID.value)


def _newest_first(query):
    return query.order_by(SignatureRecord.signed_at.desc(), SignatureRecord.id.desc())


def public_page(event, cursor=None, size=PAGE_SIZE, filters=NO_FILTERS):
    """Return (rows, next cursor or None) of the event's valid signatures, newest first."""
    query = _newest_first(
        select(*_public_columns(event)).where(*_valid_of(event), *filters.conditions(event))
    )
    if cursor is not None:
        # A row-value comparison, not "a < x OR (a = x AND b < y)": with bound
        # parameters SQLite only turns the former into an index range.
        position = tuple_(
            literal(cursor.signed_at, SignatureRecord.signed_at.type),
            literal(cursor.id, SignatureRecord.id.type),
        )
        query = query.where(tuple_(SignatureRecord.signed_at, SignatureRecord.id) < position)
    found = db.session.execute(query.limit(size + 1)).all()
    more = len(found) > size
    found = found[:size]
    next_cursor = Cursor.of(found[-1]) if more else None
    return [PublicRow.of(row) for row in found], next_cursor


def latest(event, size):
    """Return [(cursor, row)] of the newest valid signatures, newest first."""
    query = _newest_first(select(*_public_columns(event)).where(*_valid_of(event))).limit(size)
    return [(Cursor.of(row), PublicRow.of(row)) for row in db.session.execute(query)]


def all_public_rows(event, batch=1000):
    """Yield every valid signature's PublicRow, newest first, fetched `batch` rows at a time."""
    query = _newest_first(select(*_public_columns(event)).where(*_valid_of(event)))
    result = db.session.execute(query.execution_options(yield_per=batch))
    for row in result:
        yield PublicRow.of(row)
