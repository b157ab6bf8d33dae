"""The transparency log: a per-event, hash-chained list of what happened to signatures.

Every signature, revocation, erasure and amendment (a change of public content, as when
migration 0007 named areas by code) appends an entry: a gap-free sequence number, the
time, the kind, the SHA-256 fingerprint of the record's canonical public content
(SignatureRecord.fingerprint()) and the chain hash

    chain_hash = SHA-256(previous chain hash + "\\n" + "seq|at|kind|fingerprint")

starting from 64 zeros. Whoever kept a copy of an earlier head (printed on the wall and
on certificates) can tell if any entry up to it was edited, removed, reordered or
inserted. Appending is serialised per event by updating the event's LogHead row first,
in the caller's transaction: PostgreSQL holds that row's lock until the commit, SQLite
holds its single write lock, so two signatures of one event never share a number and
a rolled-back signature leaves no gap.
"""

import hashlib
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from pledge.extensions import db
from pledge.models import LogEntry, LogHead, SignatureRecord, SignatureState, utcnow
from pledge.models.transparency import GENESIS

KINDS = ("signature", "revocation", "erasure", "amendment")
PAGE_SIZE = 100


def entry_line(seq, at, kind, fingerprint):
    """Return the canonical text of an entry, the part its chain hash covers."""
    return f"{seq}|{at.strftime('%Y-%m-%dT%H:%M:%S.%fZ')}|{kind}|{fingerprint}"


def chain(previous, seq, at, kind, fingerprint):
    """Return the chain hash of an entry that follows `previous`."""
    text = f"{previous}\n{entry_line(seq, at, kind, fingerprint)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append(event, kind, record, now=None):
    """Add the next entry of `event`'s log for `record` to the session and return it.

    The caller commits: the entry is stored with the change it records, or not at all.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown log entry kind {kind!r}")
    if event.id is None:
        db.session.flush()
    at = now or utcnow()
    moved = _next_seq(event.id)
    if moved is None:  # the event's first entry: create its head, then move it
        dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
        db.session.execute(
            dialect.insert(LogHead)
            .values(event_id=event.id, seq=0, chain_hash=GENESIS)
            .on_conflict_do_nothing(index_elements=["event_id"])
        )
        moved = _next_seq(event.id)
    seq, previous = moved
    fingerprint = record.fingerprint()
    chain_hash = chain(previous, seq, at, kind, fingerprint)
    db.session.execute(
        update(LogHead)
        .where(LogHead.event_id == event.id)
        .values(chain_hash=chain_hash)
        .execution_options(synchronize_session=False)
    )
    entry = LogEntry(
        event_id=event.id, seq=seq, at=at, kind=kind, fingerprint=fingerprint, chain_hash=chain_hash
    )
    entry.record = record
    db.session.add(entry)
    return entry


def _next_seq(event_id):
    """Move the event's log head to the next number; return (seq, previous hash) or None."""
    return db.session.execute(
        update(LogHead)
        .where(LogHead.event_id == event_id)
        .values(seq=LogHead.seq + 1)
        .returning(LogHead.seq, LogHead.chain_hash)
        .execution_options(synchronize_session=False)
    ).one_or_none()


@dataclass(frozen=True)
class Head:
    seq: int
    chain_hash: str


def head(event):
    """Return the event's log head (sequence and chain hash); seq 0 when it is empty."""
    row = db.session.get(LogHead, event.id)
    if row is None:
        return Head(0, GENESIS)
    return Head(row.seq, row.chain_hash)


def entries(event, after=0, size=None):
    """Return (entries with seq > after, in order, at most `size` (PAGE_SIZE); whether more follow)."""
    size = size or PAGE_SIZE
    query = (
        select(LogEntry)
        .where(LogEntry.event_id == event.id, LogEntry.seq > after)
        .order_by(LogEntry.seq)
        .limit(size + 1)
    )
    rows = db.session.scalars(query).all()
    return rows[:size], len(rows) > size


@dataclass(frozen=True)
class Verification:
    entries: int
    problem: str | None = None  # what is wrong with the first bad entry
    seq: int | None = None  # the first bad entry's sequence number

    @property
    def ok(self):
        return self.problem is None


def verify(event):
    """Recompute `event`'s log from its records; return a Verification naming the first bad entry."""
    rows = db.session.scalars(
        select(LogEntry).where(LogEntry.event_id == event.id).order_by(LogEntry.seq, LogEntry.id)
    ).all()
    records = {
        record.id: record
        for record in db.session.scalars(select(SignatureRecord).where(SignatureRecord.event_id == event.id))
    }
    problems = []  # (seq, message); the smallest seq is reported
    previous, last_entry, kinds_seen = GENESIS, {}, {}
    for expected, row in enumerate(rows, start=1):
        if row.seq != expected:
            problems.append((min(row.seq, expected), f"entry {expected} is missing or out of order"))
            break
        if row.chain_hash != chain(previous, row.seq, row.at, row.kind, row.fingerprint):
            problems.append((row.seq, f"entry {row.seq}: the chain hash does not match"))
            break
        previous = row.chain_hash
        record = records.get(row.signature_id)
        seen = kinds_seen.setdefault(row.signature_id, set())
        if record is None:
            problems.append((row.seq, f"entry {row.seq}: its signature record is missing"))
        elif (row.kind == "signature") == bool(seen) or (row.kind != "signature" and "signature" not in seen):
            problems.append((row.seq, f"entry {row.seq}: a {row.kind} entry out of place"))
        seen.add(row.kind)
        last_entry[row.signature_id] = row
    problems.extend(_record_problems(records, last_entry, kinds_seen))
    current = head(event)
    if (current.seq, current.chain_hash) != ((rows[-1].seq, rows[-1].chain_hash) if rows else (0, GENESIS)):
        problems.append((len(rows) + 1, f"entry {len(rows) + 1}: the head names an entry that is missing"))
    if not problems:
        return Verification(len(rows))
    seq, message = min(problems, key=lambda problem: problem[0])
    return Verification(len(rows), message, None if seq == float("inf") else seq)


def _record_problems(records, last_entry, kinds_seen):
    for record_id, record in records.items():
        entry = last_entry.get(record_id)
        if entry is None:
            yield (
                float("inf"),
                f"signature record {record.certificate_label} has no entry in the log",
            )
            continue
        if entry.fingerprint != record.fingerprint():
            yield entry.seq, f"entry {entry.seq}: the fingerprint does not match its signature record"
        if record.state == SignatureState.REVOKED and "revocation" not in kinds_seen[record_id]:
            yield entry.seq, f"entry {entry.seq}: its record is revoked but no revocation was logged"
        if record.erased_at is not None and "erasure" not in kinds_seen[record_id]:
            yield entry.seq, f"entry {entry.seq}: its record was erased but no erasure was logged"
