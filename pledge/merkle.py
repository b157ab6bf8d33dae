"""RFC 9162 (Certificate Transparency 2.0, as RFC 6962) Merkle tree hashing and proofs.

    leaf hash = SHA-256(0x00 || data)        node hash = SHA-256(0x01 || left || right)

The tree of n leaves splits at the largest power of two below n (RFC 9162 §2.1.1).
A log keeps only its right frontier, the roots of the perfect subtrees its leaves
fill from the left (one per bit of n), so an append costs O(log n) hashes and the
root is folded from the frontier. Proofs are made from the leaf hashes (§2.1.3.1,
§2.1.4.1) and checked with the RFC's verification algorithms (§2.1.3.2, §2.1.4.2),
tested with the RFC 6962 vectors of transparency-dev/merkle. The module depends on
nothing but hashlib, so the monitor script can carry a copy of its checks.
"""

import hashlib

EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A proof does not prove what it claims (wrong size, wrong hashes, wrong root)."""


def leaf_hash(data):
    """Return the hash of a leaf holding `data` (bytes)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    """Return the hash of an interior node over its two children's hashes."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n):
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaf_hashes):
    """Return the Merkle tree hash of the leaves whose hashes are given, in order."""
    frontier = []
    for index, hashed in enumerate(leaf_hashes):
        frontier = append(frontier, index, hashed)
    return frontier_root(frontier)


def append(frontier, size, hashed):
    """Return the frontier of a tree of `size` leaves after appending the leaf hash `hashed`.

    `frontier` is the list of perfect subtree roots, largest (leftmost) first; each set
    bit of `size` has one. Costs at most log2(size) node hashes.
    """
    if len(frontier) != size.bit_count():
        raise ValueError(f"a frontier of {len(frontier)} roots cannot hold {size} leaves")
    frontier = list(frontier)
    while size & 1:
        hashed = node_hash(frontier.pop(), hashed)
        size >>= 1
    frontier.append(hashed)
    return frontier


def frontier_root(frontier):
    """Return the root of the tree whose right frontier is `frontier` (EMPTY_ROOT when empty)."""
    if not frontier:
        return EMPTY_ROOT
    hashed = frontier[-1]
    for left in reversed(frontier[:-1]):
        hashed = node_hash(left, hashed)
    return hashed


def _subtree(leaf_hashes, start, end):
    return root(leaf_hashes[start:end])


def inclusion_proof(leaf_hashes, index):
    """Return the audit path (a list of hashes) of leaf `index` in the tree of `leaf_hashes`.

    Raise ValueError when the index is not in the tree.
    """
    if not 0 <= index < len(leaf_hashes):
        raise ValueError(f"leaf {index} is not in a tree of {len(leaf_hashes)}")
    path = []
    start, end = 0, len(leaf_hashes)
    while end - start > 1:  # walk down from the root; siblings are added leaf-side first
        k = _split(end - start)
        if index - start < k:
            path.append(_subtree(leaf_hashes, start + k, end))
            end = start + k
        else:
            path.append(_subtree(leaf_hashes, start, start + k))
            start += k
    return path[::-1]


def consistency_proof(leaf_hashes, old_size):
    """Return the proof that the tree of the first `old_size` leaves is a prefix of this one.

    Raise ValueError when `old_size` is larger than the tree.
    """
    if not 0 <= old_size <= len(leaf_hashes):
        raise ValueError(f"a tree of {len(leaf_hashes)} has no prefix of {old_size}")
    if old_size in (0, len(leaf_hashes)):
        return []
    return _subproof(leaf_hashes, 0, len(leaf_hashes), old_size, True)


def _subproof(leaf_hashes, start, end, m, complete):
    """SUBPROOF(m, D[start:end], b) of RFC 9162 §2.1.4.1."""
    n = end - start
    if m == n:
        return [] if complete else [_subtree(leaf_hashes, start, end)]
    k = _split(n)
    if m <= k:
        return _subproof(leaf_hashes, start, start + k, m, complete) + [_subtree(leaf_hashes, start + k, end)]
    return _subproof(leaf_hashes, start + k, end, m - k, False) + [_subtree(leaf_hashes, start, start + k)]


def root_from_inclusion(index, size, hashed, proof):
    """Return the root that `proof` yields for leaf hash `hashed` at `index` of a tree of `size`.

    RFC 9162 §2.1.3.2. Raise ProofError when the proof cannot be a path of that leaf.
    """
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size}")
    fn, sn = index, size - 1
    result = hashed
    for sibling in proof:
        if len(sibling) != 32:
            raise ProofError("a proof hash is not 32 bytes")
        if sn == 0:
            raise ProofError("the proof is longer than the path")
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            result = node_hash(result, sibling)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the proof is shorter than the path")
    return result


def verify_inclusion(index, size, hashed, proof, expected_root):
    """Check that leaf hash `hashed` is leaf `index` of the tree of `size` with `expected_root`.

    Raise ProofError when it is not.
    """
    if len(hashed) != 32:
        raise ProofError("the leaf hash is not 32 bytes")
    if root_from_inclusion(index, size, hashed, proof) != expected_root:
        raise ProofError(f"leaf {index} is not in the tree of {size} with that root")


def verify_consistency(old_size, new_size, proof, old_root, new_root):
    """Check that the tree (`old_size`, `old_root`) is a prefix of (`new_size`, `new_root`).

    RFC 9162 §2.1.4.2. Raise ProofError when it is not (a rewrite, a truncation, a fork).
    """
    if old_size > new_size:
        raise ProofError(f"the tree shrank from {old_size} to {new_size}")
    if old_size == new_size:
        if proof:
            raise ProofError("a proof between equal sizes must be empty")
        if old_root != new_root:
            raise ProofError(f"two different roots for the size {old_size}")
        return
    if old_size == 0:
        if proof:
            raise ProofError("a proof from the empty tree must be empty")
        return
    if not proof or any(len(node) != 32 for node in proof):
        raise ProofError("the consistency proof is empty or malformed")
    proof = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the first node
        proof.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for node in proof[1:]:
        if sn == 0:
            raise ProofError("the consistency proof is too long")
        if fn & 1 or fn == sn:
            fr = node_hash(node, fr)
            sr = node_hash(node, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, node)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the consistency proof is too short")
    if fr != old_root or sr != new_root:
        raise ProofError(f"the tree of {new_size} does not extend the tree of {old_size}")
