"""Counters of valid signatures per event, per category and per area (kecamatan or kabupaten/kota).

They are kept in the transaction that signs, revokes or erases, with an atomic
`n = n + delta` upsert, so they stay exact under concurrent signing and the wall
reads a dozen small rows instead of counting the signature table.
"""

import functools
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import CheckConstraint, bindparam, delete, func, literal, select, text
from sqlalchemy.orm import Mapped, mapped_column

from pledge.extensions import db
from pledge.models.types import UTCDateTime, utcnow
from pledge.precompiled import Precompiled

ALL = "all"
CATEGORY = "category"
AREA = "area"  # the kecamatan, or the kabupaten/kota of a provincial event, by code
# Bumped on every change (a signature in or out), never down: the data's version.
CHANGES = "changes"


class SignatureCount(db.Model):
    __tablename__ = "signature_counts"
    __table_args__ = (
        CheckConstraint("dimension IN ('all', 'category', 'area', 'changes')", name="dimension"),
    )

    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), primary_key=True)
    dimension: Mapped[str] = mapped_column(db.String(12), primary_key=True)
    # The category key or the area's code; "" for ALL, CHANGES and no area.
    key: Mapped[str] = mapped_column(db.String(60), primary_key=True)
    n: Mapped[int] = mapped_column(default=0)
    updated_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)


def _bump(event_id, cells, now):
    """Add each (dimension, key, step) to the event's counters: one upsert statement.

    The rows go in the order given, which callers keep fixed, so concurrent
    transactions lock them in the same order and never deadlock on PostgreSQL.
    """
    values = {"event_id": event_id, "now": now}
    for n, (dimension, key, step) in enumerate(cells):
        values.update({f"dimension_{n}": dimension, f"key_{n}": key, f"step_{n}": step})
    _upsert(len(cells)).execute(values)


@functools.cache
def _upsert(rows):
    """Return the upsert of `rows` counters, written once with bound parameters.

    SQLAlchemy compiles a multi-row INSERT construct again on every call (it is left
    out of its statement cache), which was a quarter of the counters' cost in a
    signing; a text statement, precompiled, is written once per database. SQLite and
    PostgreSQL read the same `ON CONFLICT … DO UPDATE`.
    """
    rows_sql = ", ".join(f"(:event_id, :dimension_{n}, :key_{n}, :step_{n}, :now)" for n in range(rows))
    return Precompiled(
        text(
            f'INSERT INTO signature_counts (event_id, dimension, "key", n, updated_at) VALUES {rows_sql} '  # noqa: S608 (placeholders only)
            'ON CONFLICT (event_id, dimension, "key") '
            "DO UPDATE SET n = signature_counts.n + excluded.n, updated_at = excluded.updated_at"
        ).bindparams(bindparam("now", type_=SignatureCount.__table__.c.updated_at.type))
    )


def count_signature(record, delta, now=None):
    """Add `delta` (+1 or -1) to the counters `record` falls in, in the caller's transaction.

    Call it with +1 when a valid record is stored and with -1 when a valid record
    leaves the public (revoked or erased), before committing.
    """
    event_id = record.event_id if record.event_id is not None else record.event.id
    count_in(event_id, record.category, record.area_code, delta, now)


def count_in(event_id, category, area_code, delta, now=None):
    """Add `delta` to the event's counters of a signature of `category` from `area_code` (see count_signature)."""
    cells = [
        (ALL, "", delta),
        (CATEGORY, category, delta),
        (CHANGES, "", 1),
        (AREA, area_code or "", delta),
    ]
    _bump(event_id, cells, now or utcnow())


def note_change(event_id, now=None):
    """Move the event's data version on without changing a count, in the caller's transaction.

    Call it when a public field of a valid record changes (a corrected name, a withdrawn
    consent): the CSV's ETag is that version, so caches then fetch the new file.
    """
    _bump(event_id, [(CHANGES, "", 1)], now or utcnow())


@dataclass(frozen=True)
class Counts:
    """An event's counters as read: totals and the data's version for caches."""

    total: int
    by_category: dict
    by_area: dict
    version: int
    updated_at: datetime | None


def counts_for(event_id):
    """Return the Counts of an event (a few dozen small rows, whatever the signatures)."""
    rows = db.session.execute(
        select(
            SignatureCount.dimension, SignatureCount.key, SignatureCount.n, SignatureCount.updated_at
        ).where(SignatureCount.event_id == event_id)
    )
    cells = {ALL: {}, CATEGORY: {}, AREA: {}, CHANGES: {}}
    updated = None
    for dimension, key, n, updated_at in rows:
        cells[dimension][key] = n
        if updated is None or updated_at > updated:
            updated = updated_at
    return Counts(
        total=cells[ALL].get("", 0),
        by_category=cells[CATEGORY],
        by_area=cells[AREA],
        version=cells[CHANGES].get("", 0),
        updated_at=updated,
    )


def recount(event_id, now=None):
    """Rebuild an event's counters from its valid signatures (a repair; scans the table).

    The version moves on, so that caches see the rebuilt figures as new data.
    """
    from pledge.models.signatures import SignatureRecord, SignatureState

    now = now or utcnow()
    version = counts_for(event_id).version
    db.session.execute(delete(SignatureCount).where(SignatureCount.event_id == event_id))
    valid = (SignatureRecord.event_id == event_id, SignatureRecord.state == SignatureState.VALID.value)
    area = func.coalesce(SignatureRecord.area_code, "")
    groups = [
        (ALL, select(literal(""), func.count()).where(*valid)),
        (
            CATEGORY,
            select(SignatureRecord.category, func.count()).where(*valid).group_by(SignatureRecord.category),
        ),
        (AREA, select(area, func.count()).where(*valid).group_by(area)),
    ]
    rows = [SignatureCount(event_id=event_id, dimension=CHANGES, key="", n=version + 1, updated_at=now)]
    for dimension, query in groups:
        for key, n in db.session.execute(query):
            rows.append(SignatureCount(event_id=event_id, dimension=dimension, key=key, n=n, updated_at=now))
    db.session.add_all(rows)
