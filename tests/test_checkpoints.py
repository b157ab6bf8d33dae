"""Signed checkpoints and proofs: what a monitor or a signer fetches to check the log."""

import base64
import stat
from datetime import timedelta

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pledge import checkpoints, merkle, transparency
from pledge.extensions import db
from pledge.models import LogCheckpoint, utcnow
from tests.builders import make_event, make_signature

HOST = "damai.example.id"  # PUBLIC_BASE_URL's host in the tests' configuration


def sign_some(event, n, start=0):
    return [make_signature(event, phone=f"+628123450{start + k:04d}") for k in range(n)]


def parse_note(note, verifier):
    """Check a signed note against a verifier key; return its text lines. Raise InvalidSignature."""
    name, key_hash, key = verifier.split("+", 2)
    text, _, signatures = note.partition("\n\n")
    line = signatures.strip()
    assert line.startswith(f"\u2014 {name} ")
    blob = base64.b64decode(line.split(" ")[2])
    raw = base64.b64decode(key)
    assert raw[0] == 1 and blob[:4].hex() == key_hash
    Ed25519PublicKey.from_public_bytes(raw[1:]).verify(blob[4:], (text + "\n").encode())
    return text.split("\n")


def test_keys_init_creates_the_log_key_beside_the_seal_key(app, runner, tmp_path):
    result = runner.invoke(args=["pledge", "keys", "init"])
    assert result.exit_code == 0, result.output
    assert f"Created the log key {tmp_path / 'log_key.pem'}" in result.output
    assert stat.S_IMODE((tmp_path / "log_key.pem").stat().st_mode) == 0o600
    again = runner.invoke(args=["pledge", "keys", "init"])
    assert f"The log key {tmp_path / 'log_key.pem'} exists already" in again.output


def test_the_checkpoint_is_a_signed_note_the_public_key_verifies(app, client):
    event = make_event()
    sign_some(event, 3)
    verifier = client.get("/log-key.txt").text.strip()
    assert verifier.startswith(f"{HOST}/log+")
    note = client.get(f"/e/{event.slug}/log/checkpoint").text
    head = transparency.head(event)
    assert parse_note(note, verifier) == [
        f"{HOST}/e/{event.slug}/log/1",
        "3",
        base64.b64encode(bytes.fromhex(head.root)).decode(),
    ]


def test_a_forged_checkpoint_fails_the_signature(app, client):
    event = make_event()
    sign_some(event, 2)
    verifier = client.get("/log-key.txt").text.strip()
    note = client.get(f"/e/{event.slug}/log/checkpoint").text.replace("\n2\n", "\n1\n", 1)
    with pytest.raises(InvalidSignature):
        parse_note(note, verifier)


def test_checkpoints_are_batched_and_every_one_is_kept(app, client):
    event = make_event()
    sign_some(event, 2)
    first = client.get(f"/e/{event.slug}/log/checkpoint").text
    sign_some(event, 1, start=10)
    assert client.get(f"/e/{event.slug}/log/checkpoint").text == first  # within the batching delay
    stored = db.session.query(LogCheckpoint).one()
    stored.issued_at = utcnow() - timedelta(seconds=6)
    db.session.commit()
    second = client.get(f"/e/{event.slug}/log/checkpoint").text
    assert second != first and "\n3\n" in second
    assert [(c.size, c.note) for c in db.session.query(LogCheckpoint).order_by(LogCheckpoint.size)] == [
        (2, first),
        (3, second),
    ]
    later = utcnow() + timedelta(minutes=1)
    assert checkpoints.latest(event, now=later).note == second  # the tree did not grow: no new signature


def test_signing_issues_no_checkpoint(app):
    event = make_event()
    sign_some(event, 3)
    assert db.session.query(LogCheckpoint).count() == 0


def test_an_inclusion_proof_checks_against_the_checkpoint(app, client):
    event = make_event()
    sign_some(event, 5)
    lines = client.get(f"/e/{event.slug}/log/checkpoint").text.split("\n")
    size, root = int(lines[1]), base64.b64decode(lines[2])
    for index in range(size):
        answer = client.get(f"/e/{event.slug}/log/inclusion", query_string={"index": index}).get_json()
        assert (answer["index"], answer["size"]) == (index, 5)
        proof = [base64.b64decode(node) for node in answer["proof"]]
        merkle.verify_inclusion(index, size, merkle.leaf_hash(answer["leaf"].encode()), proof, root)


def test_a_consistency_proof_links_two_checkpoints(app, client):
    event = make_event()
    sign_some(event, 3)
    old = transparency.head(event)
    sign_some(event, 4, start=10)
    new = transparency.head(event)
    answer = client.get(f"/e/{event.slug}/log/consistency", query_string={"from": 3}).get_json()
    assert (answer["from"], answer["to"]) == (3, 7)
    proof = [base64.b64decode(node) for node in answer["proof"]]
    merkle.verify_consistency(3, 7, proof, bytes.fromhex(old.root), bytes.fromhex(new.root))


@pytest.mark.parametrize(
    ("path", "query", "error"),
    [
        ("inclusion", {"index": "x"}, "index must be a whole number"),
        ("inclusion", {"index": "3"}, "index must name a leaf of the tree of 3 leaves"),
        ("inclusion", {"index": "0", "size": "9"}, "size 9 is larger than the tree (3 leaves)"),
        ("inclusion", {}, "index must name a leaf of the tree of 3 leaves"),
        ("consistency", {}, "from must be a tree size no larger than to"),
        ("consistency", {"from": "3", "to": "2"}, "from must be a tree size no larger than to"),
        ("consistency", {"from": "1" * 13}, "from must be a whole number"),
        ("consistency", {"from": "4"}, "from 4 is larger than the tree (3 leaves)"),
    ],
)
def test_a_proof_for_a_tree_that_does_not_exist_is_refused(app, client, path, query, error):
    event = make_event()
    sign_some(event, 3)
    response = client.get(f"/e/{event.slug}/log/{path}", query_string=query)
    assert (response.status_code, response.get_json()) == (400, {"error": error})


def test_the_api_document_describes_the_log(app, client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    for path in ("/e/{slug}/log.json", "/e/{slug}/log/checkpoint", "/e/{slug}/log/inclusion",
                 "/e/{slug}/log/consistency", "/log-key.txt"):  # fmt: skip
        assert "get" in paths[path]


def test_verify_checks_the_tree_against_every_issued_checkpoint(app, runner):
    event = make_event()
    sign_some(event, 3)
    checkpoints.latest(event)
    db.session.query(LogCheckpoint).update({"root": "0" * 64})
    db.session.commit()
    result = runner.invoke(args=["pledge", "log", "verify"])
    assert result.exit_code == 1
    assert "NOT VERIFIED: leaf 2: the tree differs from the checkpoint of size 3" in result.output
