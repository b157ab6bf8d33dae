"""The transparency log: a per-event RFC 9162 Merkle tree of what happened to signatures.

Every change a reader or a signer cares about appends a leaf: a signature (with the
signer's consent to show the name), a name approved, a revocation, an erasure (the
consent withdrawn with the name), an amendment. A leaf's data is the line

    kind|at|fingerprint|consent=0 or 1

(the fingerprint is the record's commitment after the change: SHA-256 over its secret salt and
its canonical public content, SignatureRecord.fingerprint()), and the first
leaf of an epoch that follows the old hash chain reads

    epoch E, previous chain head <hex>, size N

The tree's root is signed into checkpoints (pledge.checkpoints); a reader holding one
can check that a leaf is in it and that a later tree extends it. Appending takes the
event's LogHead row first, in the caller's transaction: PostgreSQL holds that row's lock
until the commit, SQLite holds its single write lock, so two changes of one event never
share a leaf and a rolled-back change leaves no gap. The head keeps the tree's right
frontier, so an append costs O(log n) hashes whatever the log's size.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite

from pledge import merkle
from pledge.extensions import db
from pledge.models import LogEntry, LogHead, SignatureCount, SignatureRecord, SignatureState, utcnow
from pledge.models.counts import ALL, AREA, CATEGORY
from pledge.models.transparency import EMPTY_ROOT, GENESIS, KINDS
from pledge.precompiled import Precompiled

PAGE_SIZE = 100
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def leaf_data(entry):
    """Return the bytes a log entry's leaf holds (what its leaf hash covers)."""
    if entry.kind == "epoch":
        return f"epoch {entry.epoch}, previous chain head {entry.fingerprint}, size {entry.seq - 1}".encode()
    return change_leaf(entry.kind, entry.at, entry.fingerprint, entry.consent)


def change_leaf(kind, at, fingerprint, consent):
    """Return the leaf data of a change: kind|at|fingerprint|consent=0 or 1, as bytes."""
    return f"{kind}|{at.strftime(TIME_FORMAT)}|{fingerprint}|consent={int(bool(consent))}".encode()


def frontier_of(text):
    """Return the head's stored frontier as a list of 32-byte hashes."""
    return [bytes.fromhex(text[n : n + 64]) for n in range(0, len(text), 64)]


def _frontier_text(frontier):
    return "".join(node.hex() for node in frontier)


def append(event, kind, record, now=None):
    """Add the next leaf of `event`'s log for `record` as it is now (see append_leaf)."""
    if record.id is None:
        db.session.flush()
    append_leaf(event.id, kind, record.fingerprint(), record.show_name, record.id, now)


def append_leaf(event_id, kind, fingerprint, consent, signature_id, now=None):
    """Add the next leaf of the event's log, for the record `signature_id`, to the transaction.

    `fingerprint` is the record's commitment after the change and `consent` whether its
    name may show. The caller commits: the entry is stored with the change it records, or
    not at all. Raise ValueError for a kind the log does not know.
    """
    if kind not in KINDS or kind == "epoch":
        raise ValueError(f"unknown log entry kind {kind!r}")
    moved = _next_seq(event_id)
    if moved is None:  # the event's first entry: create its head, then move it
        dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
        db.session.execute(
            dialect.insert(LogHead)
            .values(
                event_id=event_id, seq=0, chain_hash=GENESIS, epoch=1, size=0, frontier="", root=EMPTY_ROOT
            )
            .on_conflict_do_nothing(index_elements=["event_id"])
        )
        moved = _next_seq(event_id)
    seq, epoch, size, frontier = moved
    at = now or utcnow()
    leaf = merkle.leaf_hash(change_leaf(kind, at, fingerprint, consent))
    frontier = merkle.append(frontier_of(frontier), size, leaf)
    root = merkle.frontier_root(frontier).hex()
    _STORE.execute(
        {"event": event_id, "new_size": size + 1, "new_frontier": _frontier_text(frontier), "new_root": root}
    )
    _INSERT_ENTRY.execute(
        {
            "event_id": event_id,
            "seq": seq,
            "epoch": epoch,
            "leaf_index": size,
            "at": at,
            "kind": kind,
            "signature_id": signature_id,
            "fingerprint": fingerprint,
            "consent": bool(consent),
            "tree_root": root,
        },
    )


# The statements of an append, written once per database and run on the driver's cursor
# (pledge.precompiled): the ORM's and SQLAlchemy's per-call work was most of the log's cost inside a signing
# (bench/log.py, pledge.precompiled).
_HEADS = LogHead.__table__
_MOVE = Precompiled(
    update(_HEADS)
    .where(_HEADS.c.event_id == bindparam("event"))
    .values(seq=_HEADS.c.seq + 1)
    .returning(_HEADS.c.seq, _HEADS.c.epoch, _HEADS.c.size, _HEADS.c.frontier)
)
_INSERT_ENTRY = Precompiled.insert(
    LogEntry.__table__,
    [
        "event_id",
        "seq",
        "epoch",
        "leaf_index",
        "at",
        "kind",
        "signature_id",
        "fingerprint",
        "consent",
        "tree_root",
    ],
)
_STORE = Precompiled(
    update(_HEADS)
    .where(_HEADS.c.event_id == bindparam("event"))
    .values(size=bindparam("new_size"), frontier=bindparam("new_frontier"), root=bindparam("new_root"))
)


def _next_seq(event_id):
    """Move the event's log head to the next number; return (seq, epoch, size, frontier) or None."""
    return _MOVE.execute({"event": event_id}).one_or_none()


@dataclass(frozen=True)
class Head:
    epoch: int
    size: int  # leaves in the current epoch's tree
    root: str  # its root, hex


def head(event):
    """Return the event's log head (epoch, tree size, root); an empty tree when nothing is logged."""
    row = db.session.get(LogHead, event.id)
    if row is None:
        return Head(1, 0, EMPTY_ROOT)
    return Head(row.epoch, row.size, row.root)


def _current(event):
    return select(LogEntry).where(LogEntry.event_id == event.id, LogEntry.epoch == head(event).epoch)


def entries(event, after=0, size=None):
    """Return (the current epoch's leaves from index `after`, in order, at most `size`
    (PAGE_SIZE); whether more follow)."""
    size = size or PAGE_SIZE
    query = _current(event).where(LogEntry.leaf_index >= after).order_by(LogEntry.leaf_index).limit(size + 1)
    rows = db.session.scalars(query).all()
    return rows[:size], len(rows) > size


def leaf_of(record):
    """Return the current epoch's signature leaf of `record`, or None when it has none."""
    query = _current(record.event).where(LogEntry.signature_id == record.id, LogEntry.kind == "signature")
    return db.session.scalar(query.order_by(LogEntry.leaf_index).limit(1))


def leaf_hashes(event, size=None):
    """Return the leaf hashes of the current epoch's first `size` leaves (all by default)."""
    query = _current(event).order_by(LogEntry.leaf_index)
    if size is not None:
        query = query.where(LogEntry.leaf_index < size)
    return [merkle.leaf_hash(leaf_data(row)) for row in db.session.scalars(query)]


def chain(previous, seq, at, kind, fingerprint):
    """Return the old chain's hash of an entry that follows `previous` (epoch 1 before 0011)."""
    text = f"{previous}\n{seq}|{at.strftime(TIME_FORMAT)}|{kind}|{fingerprint}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Verification:
    entries: int  # leaves of the current epoch
    problem: str | None = None  # what is wrong with the first bad leaf
    leaf: int | None = None  # the first bad leaf's index

    @property
    def ok(self):
        return self.problem is None


class _Problems(list):
    """(leaf index or None, message) pairs; the smallest index is reported first."""

    def add(self, index, message):
        self.append((float("inf") if index is None else index, message))

    def first(self):
        index, message = min(self, key=lambda problem: problem[0])
        return (None if index == float("inf") else index), message


def verify(event, checkpoints=()):
    """Recompute `event`'s tree and replay its leaves against the records and counters.

    `checkpoints` are (size, root hex) pairs the log signed earlier: each must be a
    prefix of the tree. Return a Verification naming the first bad leaf.
    """
    current = db.session.get(LogHead, event.id)
    epoch = current.epoch if current else 1
    rows = db.session.scalars(
        select(LogEntry).where(LogEntry.event_id == event.id).order_by(LogEntry.seq, LogEntry.id)
    ).all()
    old = [row for row in rows if row.epoch < epoch]
    leaves = sorted((row for row in rows if row.epoch == epoch), key=lambda row: (row.leaf_index, row.seq))
    problems = _Problems()
    if epoch > 1:
        _check_old_chain(old, leaves, problems)
    roots = _check_tree(leaves, current, problems)
    wanted = dict(checkpoints)
    for size, root in sorted(wanted.items()):
        if size > len(leaves):
            problems.add(
                len(leaves),
                f"leaf {len(leaves)}: a checkpoint of size {size} was signed; the tree is shorter",
            )
        elif roots[size] != root:
            problems.add(size - 1, f"leaf {size - 1}: the tree differs from the checkpoint of size {size}")
    records = {
        record.id: record
        for record in db.session.scalars(select(SignatureRecord).where(SignatureRecord.event_id == event.id))
    }
    valid = _replay(leaves, records, problems)
    _check_counters(event, valid, problems)
    if not problems:
        return Verification(len(leaves))
    index, message = problems.first()
    return Verification(len(leaves), message, index)


def _check_old_chain(old, leaves, problems):
    """The archived chain must be intact and the epoch's first leaf must name its head."""
    previous = GENESIS
    for expected, row in enumerate(old, start=1):
        if row.seq != expected or row.chain_hash != chain(
            previous, row.seq, row.at, row.kind, row.fingerprint
        ):
            previous = None
            break
        previous = row.chain_hash
    first = leaves[0] if leaves else None
    if first is None or first.kind != "epoch" or first.fingerprint != previous or first.seq != len(old) + 1:
        problems.add(0, "leaf 0: the epoch does not commit to the previous chain's head")


def _check_tree(leaves, current, problems):
    """Recompute the tree leaf by leaf; return the root at every size (hex)."""
    # Times are not checked for order: concurrent signers take their time before the lock
    # that orders them. The roots are what fixes the order.
    frontier, roots = [], [EMPTY_ROOT]
    for index, row in enumerate(leaves):
        if row.leaf_index != index:
            problems.add(index, f"leaf {index} is missing or out of order")
            break
        frontier = merkle.append(frontier, index, merkle.leaf_hash(leaf_data(row)))
        roots.append(merkle.frontier_root(frontier).hex())
        if row.tree_root != roots[-1]:
            problems.add(index, f"leaf {index}: the tree root does not match")
    size = len(roots) - 1
    stored = (current.size, current.root, current.frontier) if current else (0, EMPTY_ROOT, "")
    if stored != (size, roots[-1], _frontier_text(frontier)):
        problems.add(size, f"leaf {size}: the head does not match the tree of {size} leaves")
    return roots


def _replay(leaves, records, problems):
    """Replay each record's leaves against the record; return the ids of the valid ones."""
    seen, last = {}, {}
    for row in leaves:
        if row.kind == "epoch":
            if row.leaf_index != 0:
                problems.add(row.leaf_index, f"leaf {row.leaf_index}: an epoch leaf out of place")
            continue
        kinds = seen.setdefault(row.signature_id, [])
        if row.signature_id not in records:
            problems.add(row.leaf_index, f"leaf {row.leaf_index}: its signature record is missing")
        # A record's first leaf is its signature, and only it; it is revoked and approved at
        # most once. Erasures may repeat: retention erases the contact, a request the name.
        elif (row.kind == "signature") == bool(kinds) or (
            row.kind in ("revocation", "approval") and row.kind in kinds
        ):
            problems.add(row.leaf_index, f"leaf {row.leaf_index}: a {row.kind} leaf out of place")
        kinds.append(row.kind)
        last[row.signature_id] = row
    valid = set()
    for record_id, record in records.items():
        entry = last.get(record_id)
        if entry is None:
            problems.add(None, f"signature record {record.certificate_label} has no leaf in the log")
            continue
        kinds = seen[record_id]
        if "revocation" not in kinds:
            valid.add(record_id)
        named = f"leaf {entry.leaf_index}"
        if entry.fingerprint != record.fingerprint():
            problems.add(entry.leaf_index, f"{named}: the fingerprint does not match its signature record")
        if record.state == SignatureState.REVOKED and "revocation" not in kinds:
            problems.add(entry.leaf_index, f"{named}: its record is revoked but no revocation was logged")
        if record.state == SignatureState.VALID and "revocation" in kinds:
            problems.add(entry.leaf_index, f"{named}: its record was revoked but is valid again")
        if record.erased_at is not None and "erasure" not in kinds:
            problems.add(entry.leaf_index, f"{named}: its record was erased but no erasure was logged")
        if record.show_name and not entry.consent:
            problems.add(entry.leaf_index, f"{named}: the name is shown but no consent was logged")
        if (record.name_approved_at is not None) != ("approval" in kinds):
            problems.add(entry.leaf_index, f"{named}: its name's approval differs from the log")
    return {record_id: records[record_id] for record_id in valid}


def _check_counters(event, valid, problems):
    """The counters must count the records the replay finds valid."""
    replayed = Counter()
    for record in valid.values():
        replayed[(ALL, "")] += 1
        replayed[(CATEGORY, record.category)] += 1
        replayed[(AREA, record.area_code or "")] += 1
    stored = Counter(
        {
            (row.dimension, row.key): row.n
            for row in db.session.scalars(
                select(SignatureCount).where(
                    SignatureCount.event_id == event.id, SignatureCount.dimension.in_((ALL, CATEGORY, AREA))
                )
            )
        }
    )
    for cell in sorted(set(replayed) | set(stored)):
        if replayed[cell] != stored[cell]:
            dimension, key = cell
            problems.add(
                None,
                f"counter {dimension} {key or '-'}: {stored[cell]} in the table, {replayed[cell]} in the log",
            )
