"""The transparency log: every signature, revocation and erasure, chained; tampering is named."""

import pytest
from sqlalchemy import delete, select, update

from pledge import transitions, transparency
from pledge.extensions import db
from pledge.models import LogEntry, SignatureRecord
from pledge.models.transparency import GENESIS
from tests.builders import make_event, make_signature


def three_signatures(event):
    return [make_signature(event, phone=f"+62812345678{n:02d}", full_name=f"Penanda {n}") for n in range(3)]


def entry(event, seq):
    return db.session.scalar(select(LogEntry).where(LogEntry.event_id == event.id, LogEntry.seq == seq))


def test_each_signature_appends_a_numbered_chained_entry(app):
    event = make_event()
    records = three_signatures(event)
    rows = db.session.scalars(select(LogEntry).order_by(LogEntry.seq)).all()
    assert [row.seq for row in rows] == [1, 2, 3]
    assert [row.kind for row in rows] == ["signature"] * 3
    assert [row.fingerprint for row in rows] == [record.fingerprint() for record in records]
    previous = GENESIS
    for row in rows:
        assert row.chain_hash == transparency.chain(previous, row.seq, row.at, row.kind, row.fingerprint)
        previous = row.chain_hash
    assert transparency.head(event) == transparency.Head(3, rows[-1].chain_hash)
    assert transparency.verify(event).ok


def test_each_event_has_its_own_sequence(app):
    first, second = make_event(), make_event(slug="kedua")
    make_signature(first)
    make_signature(second)
    assert transparency.head(first).seq == 1 and transparency.head(second).seq == 1


def test_a_revocation_and_an_erasure_are_logged_and_the_log_still_verifies(app):
    event = make_event()
    revoked, erased, _ = three_signatures(event)
    transitions.revoke(revoked, "Ditandatangani atas nama orang lain", "admin")
    original = erased.fingerprint()
    transitions.erase(erased, actor="admin")
    kinds = [
        (row.kind, row.signature_id) for row in db.session.scalars(select(LogEntry).order_by(LogEntry.seq))
    ]
    assert kinds[3:] == [("revocation", revoked.id), ("erasure", erased.id)]
    assert entry(event, 2).fingerprint == original
    assert entry(event, 5).fingerprint == erased.fingerprint() != original
    assert erased.phone is None and not erased.has_signature_mark and erased.full_name == ""
    assert transparency.verify(event).ok


def tamper_edit_record(event):
    db.session.execute(update(SignatureRecord).where(SignatureRecord.id == 2).values(full_name="Orang Lain"))


def tamper_edit_entry(event):
    db.session.execute(update(LogEntry).where(LogEntry.seq == 2).values(fingerprint="f" * 64))


def tamper_delete_entry(event):
    db.session.execute(delete(LogEntry).where(LogEntry.seq == 2))


def tamper_delete_last_entry(event):
    db.session.execute(delete(LogEntry).where(LogEntry.seq == 3))


def tamper_reorder(event):
    db.session.execute(update(LogEntry).where(LogEntry.seq == 2).values(seq=99))
    db.session.execute(update(LogEntry).where(LogEntry.seq == 3).values(seq=2))
    db.session.execute(update(LogEntry).where(LogEntry.seq == 99).values(seq=3))


def tamper_insert(event):
    """Insert a well-chained forged entry at 2 and push the later ones down."""
    first = entry(event, 1)
    for seq in (3, 2):
        db.session.execute(update(LogEntry).where(LogEntry.seq == seq).values(seq=seq + 1))
    at, fingerprint = first.at, "a" * 64
    db.session.add(
        LogEntry(
            event_id=event.id,
            seq=2,
            at=at,
            kind="signature",
            signature_id=first.signature_id,
            fingerprint=fingerprint,
            chain_hash=transparency.chain(first.chain_hash, 2, at, "signature", fingerprint),
        )
    )


@pytest.mark.parametrize(
    ("tamper", "seq", "problem"),
    [
        (tamper_edit_record, 2, "entry 2: the fingerprint does not match its signature record"),
        (tamper_edit_entry, 2, "entry 2: the chain hash does not match"),
        (tamper_delete_entry, 2, "entry 2 is missing or out of order"),
        (tamper_delete_last_entry, 3, "entry 3: the head names an entry that is missing"),
        (tamper_reorder, 2, "entry 2: the chain hash does not match"),
        (tamper_insert, 2, "entry 2: a signature entry out of place"),
    ],
    ids=["edited record", "edited entry", "deleted entry", "deleted last entry", "reordered", "inserted"],
)
def test_verification_names_the_first_entry_that_does_not_match(app, tamper, seq, problem):
    event = make_event()
    three_signatures(event)
    tamper(event)
    db.session.commit()
    result = transparency.verify(event)
    assert (result.ok, result.seq, result.problem) == (False, seq, problem)


def test_a_record_missing_from_the_log_is_named(app):
    event = make_event()
    records = three_signatures(event)
    db.session.execute(delete(LogEntry).where(LogEntry.seq == 3))
    db.session.execute(update(transparency.LogHead).values(seq=2, chain_hash=entry(event, 2).chain_hash))
    db.session.commit()
    result = transparency.verify(event)
    assert not result.ok
    assert result.problem == f"signature record {records[2].certificate_label} has no entry in the log"


def test_a_revocation_hidden_from_the_log_is_named(app):
    event = make_event()
    record = three_signatures(event)[0]
    db.session.execute(update(SignatureRecord).where(SignatureRecord.id == record.id).values(state="revoked"))
    db.session.commit()
    assert transparency.verify(event).problem == "entry 1: its record is revoked but no revocation was logged"


def test_a_failed_signature_leaves_no_gap(app):
    event = make_event()
    make_signature(event, phone="+6281234567890")
    with pytest.raises(transitions.AlreadySigned):
        make_signature(event, phone="+6281234567890")
    make_signature(event, phone="+6281234567891")
    assert [row.seq for row in db.session.scalars(select(LogEntry).order_by(LogEntry.seq))] == [1, 2]
    assert transparency.verify(event).ok


def test_the_cli_verifies_every_event(app, runner):
    event = make_event()
    three_signatures(event)
    result = runner.invoke(args=["pledge", "log", "verify"])
    head = transparency.head(event)
    assert result.exit_code == 0, result.output
    assert result.output == f"{event.slug}: 3 entries verified, head 3 {head.chain_hash}\n"


def test_the_cli_names_the_first_bad_entry_and_fails(app, runner):
    event = make_event()
    three_signatures(event)
    tamper_edit_entry(event)
    db.session.commit()
    result = runner.invoke(args=["pledge", "log", "verify", "--event", event.slug])
    assert result.exit_code == 1
    assert result.output == f"{event.slug}: NOT VERIFIED: entry 2: the chain hash does not match\n"


def test_the_public_log_is_paginated_json_without_personal_data(app, client, monkeypatch):
    monkeypatch.setattr(transparency, "PAGE_SIZE", 2)
    event = make_event()
    records = three_signatures(event)
    first = client.get(f"/e/{event.slug}/log.json").get_json()
    assert [item["seq"] for item in first["entries"]] == [1, 2]
    assert first["head"] == {"seq": 3, "chain_hash": transparency.head(event).chain_hash}
    second = client.get(first["next"]).get_json()
    assert [item["seq"] for item in second["entries"]] == [3] and second["next"] is None
    assert set(second["entries"][0]) == {"seq", "at", "kind", "fingerprint", "chain_hash"}
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
    rendered = app.jinja_env.from_string("{{ log_head(event).seq }} {{ log_head(event).chain_hash }}")
    head = transparency.head(event)
    assert rendered.render(event=event) == f"3 {head.chain_hash}"
