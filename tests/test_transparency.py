"""The transparency log: every change is a leaf of a Merkle tree; tampering is named."""

from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from pledge import merkle, transitions, transparency
from pledge.extensions import db
from pledge.models import LogEntry, LogHead, SignatureCount, SignatureRecord, utcnow
from pledge.models.transparency import EMPTY_ROOT
from tests.builders import make_event, make_signature
from tests.log_builders import leaves, recompute_roots, rewind_head


def three_signatures(event):
    return [make_signature(event, phone=f"+62812345678{n:02d}", full_name=f"Penanda {n}") for n in range(3)]


def leaf(event, index):
    return db.session.scalar(
        select(LogEntry).where(LogEntry.event_id == event.id, LogEntry.leaf_index == index)
    )


def test_each_signature_appends_a_leaf_and_the_head_keeps_the_root(app):
    event = make_event()
    records = three_signatures(event)
    rows = leaves(event)
    assert [(row.seq, row.leaf_index, row.kind) for row in rows] == [
        (1, 0, "signature"),
        (2, 1, "signature"),
        (3, 2, "signature"),
    ]
    assert [row.fingerprint for row in rows] == [record.fingerprint() for record in records]
    assert (
        transparency.leaf_data(rows[0])
        == (
            f"signature|{rows[0].at.strftime('%Y-%m-%dT%H:%M:%S.%fZ')}|{records[0].fingerprint()}|consent=1"
        ).encode()
    )
    hashes = [merkle.leaf_hash(transparency.leaf_data(row)) for row in rows]
    assert [row.tree_root for row in rows] == [merkle.root(hashes[: n + 1]).hex() for n in range(3)]
    assert transparency.head(event) == transparency.Head(1, 3, merkle.root(hashes).hex())
    assert transparency.leaf_hashes(event) == hashes
    assert transparency.verify(event).ok


def test_the_head_keeps_the_right_frontier_only(app):
    event = make_event()
    three_signatures(event)
    hashes = transparency.leaf_hashes(event)
    stored = db.session.get(LogHead, event.id)
    assert transparency.frontier_of(stored.frontier) == [merkle.node_hash(hashes[0], hashes[1]), hashes[2]]


def test_an_empty_log_has_the_empty_root(app):
    assert transparency.head(make_event()) == transparency.Head(1, 0, EMPTY_ROOT)


def test_each_event_has_its_own_tree(app):
    first, second = make_event(), make_event(slug="kedua")
    make_signature(first)
    make_signature(second)
    assert transparency.head(first).size == 1 and transparency.head(second).size == 1


def test_approval_revocation_and_erasure_are_leaves_with_the_consent_after_them(app):
    event = make_event(moderates_names=True)
    approved, revoked, erased = three_signatures(event)
    transitions.approve_name(approved, "admin")
    transitions.revoke(revoked, "Ditandatangani atas nama orang lain", "admin")
    signed = erased.fingerprint()
    transitions.erase(erased, actor="admin")
    rows = leaves(event)
    assert [(row.kind, row.signature_id, row.consent) for row in rows[3:]] == [
        ("approval", approved.id, True),
        ("revocation", revoked.id, True),
        ("erasure", erased.id, False),
    ]
    assert rows[2].fingerprint == signed and rows[5].fingerprint == erased.fingerprint() != signed
    assert transparency.verify(event).ok


def test_a_hidden_name_is_logged_without_consent(app):
    event = make_event()
    make_signature(event, show_name=False)
    assert leaf(event, 0).consent is False
    assert transparency.leaf_data(leaf(event, 0)).endswith(b"|consent=0")


def test_a_failed_signature_leaves_no_gap(app):
    event = make_event()
    make_signature(event, phone="+6281234567890")
    with pytest.raises(transitions.AlreadySigned):
        make_signature(event, phone="+6281234567890")
    make_signature(event, phone="+6281234567891")
    assert [row.leaf_index for row in leaves(event)] == [0, 1]
    assert transparency.verify(event).ok


def test_an_unknown_kind_is_refused(app):
    event = make_event()
    record = make_signature(event)
    for kind in ("epoch", "rename"):
        with pytest.raises(ValueError, match=f"unknown log entry kind '{kind}'"):
            transparency.append(event, kind, record)


# The tamper kinds of issue 15, as a database administrator would try them. Each runs on
# SQLite and, with TEST_DATABASE_URL, on PostgreSQL.


def tamper_edited_name(event, records):
    db.session.execute(
        update(SignatureRecord).where(SignatureRecord.id == records[1].id).values(full_name="Orang Lain")
    )


def tamper_edited_leaf(event, records):
    db.session.execute(update(LogEntry).where(LogEntry.leaf_index == 1).values(fingerprint="f" * 64))


def tamper_deleted_row(event, records):
    db.session.execute(delete(LogEntry).where(LogEntry.leaf_index == 1))


def tamper_reordered_rows(event, records):
    db.session.execute(update(LogEntry).where(LogEntry.leaf_index == 1).values(leaf_index=99))
    db.session.execute(update(LogEntry).where(LogEntry.leaf_index == 2).values(leaf_index=1))
    db.session.execute(update(LogEntry).where(LogEntry.leaf_index == 99).values(leaf_index=2))


def tamper_inserted_row(event, records):
    """A second signature leaf for the first record at 1, the others moved down, roots recomputed."""
    for index in (3, 2, 1):
        db.session.execute(
            update(LogEntry).where(LogEntry.leaf_index == index).values(leaf_index=index + 1, seq=index + 2)
        )
    first = leaf(event, 0)
    db.session.add(
        LogEntry(event_id=event.id, seq=2, epoch=1, leaf_index=1, at=first.at, kind="signature",
                 signature_id=first.signature_id, fingerprint=first.fingerprint, consent=True)
    )  # fmt: skip
    db.session.flush()
    recompute_roots(event)


def tamper_un_revoked(event, records):
    transitions.revoke(records[2], "Salah orang", "admin")
    db.session.execute(
        update(SignatureRecord).where(SignatureRecord.id == records[2].id).values(state="valid")
    )
    db.session.execute(
        update(SignatureCount).where(SignatureCount.event_id == event.id).values(n=SignatureCount.n + 1)
    )


def tamper_consent_flipped(event, records):
    db.session.execute(
        update(SignatureRecord).where(SignatureRecord.id == records[1].id).values(show_name=True)
    )


def tamper_approved_without_leaf(event, records):
    db.session.execute(
        update(SignatureRecord)
        .where(SignatureRecord.id == records[1].id)
        .values(name_approved_at=leaf(event, 1).at)
    )


def tamper_counters_edited(event, records):
    db.session.execute(
        update(SignatureCount)
        .where(SignatureCount.event_id == event.id, SignatureCount.dimension == "all")
        .values(n=4)
    )


def tamper_truncated_tail(event, records):
    db.session.execute(delete(LogEntry).where(LogEntry.leaf_index == 2))
    rewind_head(event, 2)


def tamper_revoked_without_leaf(event, records):
    db.session.execute(
        update(SignatureRecord).where(SignatureRecord.id == records[0].id).values(state="revoked")
    )


@pytest.mark.parametrize(
    ("tamper", "index", "problem"),
    [
        (tamper_edited_name, 1, "leaf 1: the fingerprint does not match its signature record"),
        (tamper_edited_leaf, 1, "leaf 1: the tree root does not match"),
        (tamper_deleted_row, 1, "leaf 1 is missing or out of order"),
        (tamper_reordered_rows, 1, "leaf 1: the tree root does not match"),
        (tamper_inserted_row, 1, "leaf 1: a signature leaf out of place"),
        (tamper_un_revoked, 3, "leaf 3: its record was revoked but is valid again"),
        (tamper_consent_flipped, 1, "leaf 1: the name is shown but no consent was logged"),
        (tamper_approved_without_leaf, 1, "leaf 1: its name's approval differs from the log"),
        (tamper_revoked_without_leaf, 0, "leaf 0: its record is revoked but no revocation was logged"),
        (tamper_counters_edited, None, "counter all -: 4 in the table, 3 in the log"),
        (tamper_truncated_tail, None, "signature record {label} has no leaf in the log"),
    ],
    ids=[
        "edited name",
        "edited leaf",
        "deleted row",
        "reordered rows",
        "inserted row",
        "un-revoked",
        "consent flipped",
        "approved without its leaf",
        "revoked without its leaf",
        "counters edited",
        "tail truncated, head rewound",
    ],
)
def test_verification_names_the_first_leaf_that_does_not_match(app, tamper, index, problem):
    event = make_event()
    records = three_signatures(event)
    db.session.execute(
        update(SignatureRecord).where(SignatureRecord.id == records[1].id).values(show_name=False)
    )
    db.session.execute(update(LogEntry).where(LogEntry.leaf_index == 1).values(consent=False))
    db.session.commit()
    recompute_roots(event)
    db.session.commit()
    assert transparency.verify(event).ok
    tamper(event, records)
    db.session.commit()
    result = transparency.verify(event)
    assert (result.ok, result.leaf, result.problem) == (
        False,
        index,
        problem.format(label=records[2].certificate_label),
    )


def test_a_truncated_tail_under_a_signed_checkpoint_is_named(app):
    event = make_event()
    three_signatures(event)
    signed = (3, transparency.head(event).root)
    tamper_truncated_tail(event, [])
    db.session.commit()
    result = transparency.verify(event, checkpoints=[signed])
    assert result.problem == "leaf 2: a checkpoint of size 3 was signed; the tree is shorter"


def test_a_rewritten_tree_under_a_signed_checkpoint_is_named(app):
    event = make_event()
    three_signatures(event)
    signed = (2, transparency.head(event).root)  # the root of 3, claimed for 2: a different tree
    result = transparency.verify(event, checkpoints=[signed])
    assert result.problem == "leaf 1: the tree differs from the checkpoint of size 2"


def test_the_cli_verifies_every_event(app, runner):
    event = make_event()
    three_signatures(event)
    result = runner.invoke(args=["pledge", "log", "verify"])
    head = transparency.head(event)
    assert result.exit_code == 0, result.output
    assert result.output == f"{event.slug}: 3 leaves verified (epoch 1), root {head.root}\n"


def test_the_cli_names_the_first_bad_leaf_and_fails(app, runner):
    event = make_event()
    three_signatures(event)
    tamper_edited_leaf(event, [])
    db.session.commit()
    result = runner.invoke(args=["pledge", "log", "verify", "--event", event.slug])
    assert result.exit_code == 1
    assert result.output == f"{event.slug}: NOT VERIFIED: leaf 1: the tree root does not match\n"


def test_the_public_log_is_paginated_json_without_personal_data(app, client, monkeypatch):
    monkeypatch.setattr(transparency, "PAGE_SIZE", 2)
    event = make_event()
    records = three_signatures(event)
    first = client.get(f"/e/{event.slug}/log.json").get_json()
    assert [item["index"] for item in first["entries"]] == [0, 1]
    head = transparency.head(event)
    assert first["head"] == {"epoch": 1, "size": 3, "root": head.root}
    second = client.get(first["next"]).get_json()
    assert [item["index"] for item in second["entries"]] == [2] and second["next"] is None
    assert set(second["entries"][0]) == {"index", "at", "kind", "fingerprint", "consent", "leaf"}
    published = [item["leaf"].encode() for item in first["entries"] + second["entries"]]
    assert merkle.root([merkle.leaf_hash(data) for data in published]).hex() == head.root
    text = client.get(f"/e/{event.slug}/log.json").text
    for record in records:
        assert record.full_name not in text and record.phone not in text
        assert record.certificate_number not in text


@pytest.mark.parametrize("after", ["-1", "x", "1" * 13, "../1"])
def test_the_public_log_refuses_a_malformed_page(app, client, after):
    event = make_event()
    assert client.get(f"/e/{event.slug}/log.json", query_string={"after": after}).status_code == 400


def test_a_draft_event_has_no_public_log(app, client):
    event = make_event(state="draft")
    assert client.get(f"/e/{event.slug}/log.json").status_code == 404


def test_templates_can_print_the_log_head(app):
    event = make_event()
    three_signatures(event)
    rendered = app.jinja_env.from_string("{{ log_head(event).size }} {{ log_head(event).root }}")
    assert rendered.render(event=event) == f"3 {transparency.head(event).root}"


def test_leaves_out_of_time_order_verify_as_concurrent_signers_make_them(app):
    event = make_event()
    later = utcnow()
    make_signature(event, phone="+6281200000001", now=later)
    make_signature(
        event, phone="+6281200000002", now=later - timedelta(milliseconds=3)
    )  # took the lock second
    assert leaf(event, 1).at < leaf(event, 0).at
    assert transparency.verify(event).ok


def test_a_retention_erasure_then_an_erasure_on_request_verify(app):
    event = make_event()
    record = make_signature(event)
    transitions.erase(record, actor="retention", name=False, image=False)
    transitions.erase(record, actor="admin")
    assert [row.kind for row in leaves(event)] == ["signature", "erasure", "erasure"]
    assert transparency.verify(event).ok


def test_a_second_revocation_leaf_is_out_of_place(app):
    event = make_event()
    record = make_signature(event)
    transitions.revoke(record, "Ganda", "admin")
    transparency.append(event, "revocation", record)
    db.session.commit()
    assert transparency.verify(event).problem == "leaf 2: a revocation leaf out of place"
