"""Inclusion and consistency proofs of an event's log, built from the stored leaves.

Every hash a proof holds is the root of a subtree that RFC 9162's recursion cuts out:
a perfect subtree (2**level leaves starting at a multiple of 2**level), or the tree's
right edge, which folds perfect subtrees. A perfect subtree never changes once its
leaves are in, so its hash is cached (LogNode) from CACHED_LEVEL up, and smaller ones
are hashed from at most 2**CACHED_LEVEL leaves read by range. A proof at 100,000
leaves then reads a few dozen small rows instead of every leaf (bench/log.py).
"""

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from pledge import merkle, transparency
from pledge.extensions import db
from pledge.models import LogEntry, LogNode

CACHED_LEVEL = 4  # subtrees of 16 leaves and more are cached


class _Tree:
    """The current epoch's tree of one event, read through the node cache."""

    def __init__(self, event, cached_level):
        self.event_id = event.id
        self.epoch = transparency.head(event).epoch
        self.cached_level = cached_level

    def leaves(self, start, end):
        rows = db.session.execute(
            select(
                LogEntry.kind,
                LogEntry.at,
                LogEntry.fingerprint,
                LogEntry.consent,
                LogEntry.epoch,
                LogEntry.seq,
            )
            .where(
                LogEntry.event_id == self.event_id,
                LogEntry.epoch == self.epoch,
                LogEntry.leaf_index >= start,
                LogEntry.leaf_index < end,
            )
            .order_by(LogEntry.leaf_index)
        ).all()
        if len(rows) != end - start:
            raise ValueError(f"leaves {start} to {end - 1} are not all in the log")
        return [merkle.leaf_hash(transparency.leaf_data(row)) for row in rows]

    def perfect(self, level, index):
        """The hash of the perfect subtree of 2**level leaves from index << level."""
        if level == 0 or level < self.cached_level:
            return merkle.root(self.leaves(index << level, (index + 1) << level))
        cached = db.session.scalar(
            select(LogNode.hash).filter_by(event_id=self.event_id, epoch=self.epoch, level=level, index=index)
        )
        if cached is not None:
            return cached
        # A miss: hash the subtree's leaves level by level (one read) and cache every
        # perfect subtree inside it at the cached levels (one write).
        row = self.leaves(index << level, (index + 1) << level)
        nodes = []
        for above in range(1, level + 1):
            row = [merkle.node_hash(row[n], row[n + 1]) for n in range(0, len(row), 2)]
            if above >= self.cached_level:
                first = index << (level - above)
                nodes += [
                    {
                        "event_id": self.event_id,
                        "epoch": self.epoch,
                        "level": above,
                        "index": first + n,
                        "hash": hashed,
                    }
                    for n, hashed in enumerate(row)
                ]
        dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
        db.session.execute(dialect.insert(LogNode.__table__).on_conflict_do_nothing(), nodes)  # executemany
        return row[0]

    def subtree(self, start, end):
        """The root of leaves start..end-1, a perfect subtree or the tree's right edge."""
        pieces = []
        while start < end:
            level = min((end - start).bit_length() - 1, (start & -start).bit_length() - 1 if start else 64)
            pieces.append(self.perfect(level, start >> level))
            start += 1 << level
        return merkle.frontier_root(pieces)


def _split(n):
    return 1 << ((n - 1).bit_length() - 1)


def inclusion(event, index, size, cached_level=CACHED_LEVEL):
    """Return the audit path of leaf `index` in the tree of the first `size` leaves.

    Commits the nodes it cached. Raise ValueError when the leaf is not in that tree.
    """
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    tree, path = _Tree(event, cached_level), []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index - start < k:
            path.append(tree.subtree(start + k, end))
            end = start + k
        else:
            path.append(tree.subtree(start, start + k))
            start += k
    db.session.commit()
    return path[::-1]


def consistency(event, old, new, cached_level=CACHED_LEVEL):
    """Return the proof that the tree of `old` leaves is a prefix of the tree of `new` leaves.

    Commits the nodes it cached. Raise ValueError when `old` is not between 0 and `new`.
    """
    if not 0 <= old <= new:
        raise ValueError(f"a tree of {new} has no prefix of {old}")
    if old in (0, new):
        return []
    tree = _Tree(event, cached_level)
    proof = _subproof(tree, 0, new, old, True)
    db.session.commit()
    return proof


def _subproof(tree, start, end, m, complete):
    """SUBPROOF(m, D[start:end], b) of RFC 9162 §2.1.4.1."""
    n = end - start
    if m == n:
        return [] if complete else [tree.subtree(start, end)]
    k = _split(n)
    if m <= k:
        return _subproof(tree, start, start + k, m, complete) + [tree.subtree(start + k, end)]
    return _subproof(tree, start + k, end, m - k, False) + [tree.subtree(start, start + k)]
