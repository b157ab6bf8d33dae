"""Proofs built from the stored log through the node cache equal those built from every leaf."""

import pytest
from sqlalchemy import func, select, update

from pledge import merkle, proofs, transparency
from pledge.extensions import db
from pledge.models import LogNode
from tests.builders import make_event, make_signature


@pytest.fixture
def log_of_21(app):
    """An event whose log holds 21 leaves: a signature and 20 amendments of it."""
    event = make_event()
    record = make_signature(event)
    for _ in range(20):
        transparency.append(event, "amendment", record)
    db.session.commit()
    return event


@pytest.mark.parametrize("cached_level", [1, 2, proofs.CACHED_LEVEL])
def test_every_inclusion_and_consistency_proof_matches_the_leaves(log_of_21, cached_level):
    event = log_of_21
    hashes = transparency.leaf_hashes(event)
    for size in range(1, 22):
        for index in range(size):
            expected = merkle.inclusion_proof(hashes[:size], index)
            assert proofs.inclusion(event, index, size, cached_level) == expected
        for old in range(size + 1):
            assert proofs.consistency(event, old, size, cached_level) == merkle.consistency_proof(
                hashes[:size], old
            )


def test_perfect_subtrees_are_cached_once(log_of_21):
    event = log_of_21
    proofs.inclusion(event, 20, 21, cached_level=2)
    cached = db.session.scalars(select(LogNode.level).order_by(LogNode.level, LogNode.index)).all()
    assert cached == [2, 2, 2, 2, 2, 3, 3, 4]  # 5 x 4 leaves, 2 x 8, 1 x 16
    proofs.inclusion(event, 3, 21, cached_level=2)
    assert db.session.scalar(select(func.count()).select_from(LogNode)) == 8  # nothing new: all were cached


def test_a_wrong_cached_node_makes_the_proof_fail_never_pass(log_of_21):
    event = log_of_21
    proofs.inclusion(event, 20, 21, cached_level=2)
    db.session.execute(update(LogNode).where(LogNode.level == 4).values(hash=b"\x00" * 32))
    db.session.commit()
    proof = proofs.inclusion(event, 20, 21, cached_level=2)
    leaf = transparency.leaf_hashes(event)[20]
    with pytest.raises(merkle.ProofError):
        merkle.verify_inclusion(20, 21, leaf, proof, bytes.fromhex(transparency.head(event).root))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda event: proofs.inclusion(event, 21, 21), "leaf 21 is not in a tree of 21"),
        (lambda event: proofs.consistency(event, 5, 4), "a tree of 4 has no prefix of 5"),
        (lambda event: proofs.inclusion(event, 0, 30), "leaves 16 to 23 are not all in the log"),
    ],
    ids=["leaf beyond the tree", "prefix larger than the tree", "tree larger than the log"],
)
def test_a_proof_of_a_tree_the_log_does_not_hold_is_refused(log_of_21, call, message):
    with pytest.raises(ValueError, match=message):
        call(log_of_21)
