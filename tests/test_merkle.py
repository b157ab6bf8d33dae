"""RFC 9162 hashing and proofs against the RFC 6962 test vectors of transparency-dev/merkle.

The vectors (leaf inputs, every root, inclusion and consistency proofs) are copied from
github.com/transparency-dev/merkle, testonly/constants.go and proof/verify_test.go.
"""

import pytest

from pledge import merkle

LEAVES = [bytes.fromhex(h) for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                      "606162636465666768696a6b6c6d6e6f")]  # fmt: skip
ROOTS = [
    bytes.fromhex(h)
    for h in (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
LEAF_HASHES = [merkle.leaf_hash(data) for data in LEAVES]


def hashes(*hexes):
    return [bytes.fromhex(h) for h in hexes]


# (leaf number counted from 1, tree size, audit path)
INCLUSION = [
    (1, 1, []),
    (1, 8, hashes("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
    (6, 8, hashes("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
    (3, 3, hashes("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
    (2, 5, hashes("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
]  # fmt: skip

CONSISTENCY = [
    (1, 1, []),
    (1, 8, hashes("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
    (6, 8, hashes("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
    (2, 5, hashes("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
    (6, 7, hashes("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                  "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
]  # fmt: skip


@pytest.mark.parametrize("size", range(9))
def test_every_root_of_the_vectors(size):
    assert merkle.root(LEAF_HASHES[:size]) == ROOTS[size]


def test_appending_to_the_frontier_gives_every_root_in_turn():
    frontier = []
    for size, hashed in enumerate(LEAF_HASHES):
        assert merkle.frontier_root(frontier) == ROOTS[size]
        frontier = merkle.append(frontier, size, hashed)
        assert len(frontier) == (size + 1).bit_count()
    assert merkle.frontier_root(frontier) == ROOTS[8]


def test_a_frontier_that_does_not_fit_its_size_is_refused():
    with pytest.raises(ValueError, match="a frontier of 1 roots cannot hold 3 leaves"):
        merkle.append([LEAF_HASHES[0]], 3, LEAF_HASHES[1])


@pytest.mark.parametrize(("leaf", "size", "path"), INCLUSION)
def test_inclusion_proofs_match_the_vectors_and_verify(leaf, size, path):
    assert merkle.inclusion_proof(LEAF_HASHES[:size], leaf - 1) == path
    merkle.verify_inclusion(leaf - 1, size, LEAF_HASHES[leaf - 1], path, ROOTS[size])


def corrupted_inclusions(index, size, path, root, hashed):
    """The probes transparency-dev/merkle's verifier must refuse, for one good proof."""
    probes = [
        (index - 1, size, root, hashed, path),
        (index + 1, size, root, hashed, path),
        (index ^ 2, size, root, hashed, path),
        (index, size * 2, root, hashed, path),
        (index, size // 2, root, hashed, path),
        (index, size, root, b"WrongLeaf", path),
        (index, size, ROOTS[0], hashed, path),
        (index, size, root, hashed, [*path, root]),
        (index, size, root, hashed, [root, *path]),
        (index, size, root, hashed, [*path, b""]),
    ]
    for n in range(len(path)):
        flipped = list(path)
        flipped[n] = bytes([flipped[n][0] ^ 8]) + flipped[n][1:]
        probes.append((index, size, root, hashed, flipped))
    if path:
        probes.append((index, size, root, hashed, path[:-1]))
    return probes


@pytest.mark.parametrize(("leaf", "size", "path"), INCLUSION)
def test_corrupted_inclusion_proofs_are_refused(leaf, size, path):
    for index, probe_size, root, hashed, probe_path in corrupted_inclusions(
        leaf - 1, size, path, ROOTS[size], LEAF_HASHES[leaf - 1]
    ):
        with pytest.raises(merkle.ProofError):
            merkle.verify_inclusion(index, probe_size, hashed, probe_path, root)


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY)
def test_consistency_proofs_match_the_vectors_and_verify(old, new, proof):
    assert merkle.consistency_proof(LEAF_HASHES[:new], old) == proof
    merkle.verify_consistency(old, new, proof, ROOTS[old], ROOTS[new])


@pytest.mark.parametrize(("old", "new", "proof"), [c for c in CONSISTENCY if c[2]])
def test_corrupted_consistency_proofs_are_refused(old, new, proof):
    good = (ROOTS[old], ROOTS[new])
    probes = [
        (old - 1, new, proof, *good),
        (old + 1, new, proof, *good),
        (old ^ 2, new, proof, *good),
        (old, new * 2, proof, *good),
        (old, new // 2, proof, *good),
        (old, new, proof, b"WrongRoot", ROOTS[new]),
        (old, new, proof, ROOTS[old], b"WrongRoot"),
        (old, new, proof, ROOTS[new], ROOTS[old]),
        (old, new, [], *good),
        (old, new, [*proof, ROOTS[old]], *good),
        (old, new, [ROOTS[new], *proof], *good),
        (old, new, [proof[0], *proof], *good),
        (old, new, proof[:-1], *good),
    ]
    for n in range(len(proof)):
        flipped = list(proof)
        flipped[n] = bytes([flipped[n][0] ^ 16]) + flipped[n][1:]
        probes.append((old, new, flipped, *good))
    for probe in probes:
        with pytest.raises(merkle.ProofError):
            merkle.verify_consistency(*probe)


@pytest.mark.parametrize(
    ("old", "new", "old_root", "new_root", "proof", "message"),
    [
        (2, 1, ROOTS[2], ROOTS[1], [], "the tree shrank from 2 to 1"),
        (3, 3, ROOTS[3], ROOTS[4], [], "two different roots for the size 3"),
        (1, 2, ROOTS[1], ROOTS[2], [], "the consistency proof is empty or malformed"),
    ],
    ids=["truncated", "split view", "no proof"],
)
def test_consistency_refusals_say_what_is_wrong(old, new, old_root, new_root, proof, message):
    with pytest.raises(merkle.ProofError, match=message):
        merkle.verify_consistency(old, new, proof, old_root, new_root)


def test_proofs_of_every_leaf_and_every_prefix_of_a_larger_tree_verify():
    leaves = [merkle.leaf_hash(str(n).encode()) for n in range(37)]
    roots = [merkle.root(leaves[:size]) for size in range(len(leaves) + 1)]
    for size in range(1, len(leaves) + 1):
        for index in range(size):
            merkle.verify_inclusion(
                index, size, leaves[index], merkle.inclusion_proof(leaves[:size], index), roots[size]
            )
        for old in range(size + 1):
            proof = merkle.consistency_proof(leaves[:size], old)
            merkle.verify_consistency(old, size, proof, roots[old], roots[size])
