"""Builders for tests that tamper with the transparency log as a careful operator would."""

from sqlalchemy import select, update

from pledge import merkle, transparency
from pledge.extensions import db
from pledge.models import LogEntry, LogHead


def leaves(event):
    """Return the entries of `event` in leaf order (a test's event has one epoch)."""
    return db.session.scalars(
        select(LogEntry).where(LogEntry.event_id == event.id).order_by(LogEntry.leaf_index)
    ).all()


def rewind_head(event, size):
    """Set the head to the tree of the first `size` leaves, as a careful tamperer would."""
    hashes = transparency.leaf_hashes(event, size)
    frontier = []
    for index, hashed in enumerate(hashes):
        frontier = merkle.append(frontier, index, hashed)
    db.session.execute(
        update(LogHead)
        .where(LogHead.event_id == event.id)
        .values(
            size=size,
            frontier="".join(node.hex() for node in frontier),
            root=merkle.frontier_root(frontier).hex(),
        )
    )


def recompute_roots(event):
    frontier = []
    for index, row in enumerate(leaves(event)):
        frontier = merkle.append(frontier, index, merkle.leaf_hash(transparency.leaf_data(row)))
        row.tree_root = merkle.frontier_root(frontier).hex()
    rewind_head(event, len(leaves(event)))
