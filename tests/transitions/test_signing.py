"""sign(), the one transaction that stores a signature, called as the domain function it is."""

from datetime import timedelta

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from pledge import strokes, transitions
from pledge.extensions import db
from pledge.models import AuditEntry, EventState, LogEntry, SignatureRecord, counts_for, utcnow
from tests.builders import KUARO, drawn_strokes, make_event

SIGNER = transitions.Signer(
    full_name="Andi Baso",
    position="Camat Kuaro",
    institution="Kecamatan Kuaro",
    category="camat",
    area_code=KUARO,
    phone="+6281234567890",
    show_name=True,
)


def sign(event, signer=SIGNER, **options):
    versions = [version.id for version in event.current_versions()]
    mark = strokes.SignatureMark.drawn(drawn_strokes())
    return transitions.sign(event, signer, mark, options.pop("versions", versions), **options)


def stored(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_signature_is_the_record_its_agreements_its_log_entry_and_its_counts_in_one_commit(app):
    event = make_event()
    outcome = sign(event)
    db.session.rollback()  # nothing was left uncommitted
    record = db.session.get(SignatureRecord, outcome.record.id)
    assert outcome.created and record.certificate_label == outcome.certificate_label
    assert {version.id for version in record.versions} == {version.id for version in event.current_versions()}
    assert db.session.scalars(select(LogEntry.kind)).all() == ["signature"]
    assert counts_for(event.id).by_area == {KUARO: 1}
    # A public signing is recorded by its log entry; the audit log keeps what organisers do.
    assert stored(AuditEntry) == 0


def test_the_same_form_sent_again_returns_the_first_record(app):
    event = make_event()
    first = sign(event, client_key="kunci")
    again = sign(event, client_key="kunci")
    assert not again.created and again.record.id == first.record.id
    assert stored(SignatureRecord) == 1


@pytest.mark.parametrize(
    ("prepare", "refusal"),
    [
        ({"state": EventState.DRAFT}, transitions.SigningRefused),
        ({"state": EventState.CLOSED}, transitions.SigningRefused),
        ({"closes_at": utcnow() - timedelta(minutes=1)}, transitions.SigningRefused),
    ],
)
def test_an_event_that_does_not_accept_signatures_refuses_with_why(app, prepare, refusal):
    event = make_event(**prepare)
    with pytest.raises(refusal):
        sign(event)
    assert stored(SignatureRecord) == 0


def test_a_number_signs_once_and_texts_changed_meanwhile_are_refused(app):
    event = make_event()
    versions = [version.id for version in event.current_versions()]
    sign(event)
    with pytest.raises(transitions.AlreadySigned):
        sign(event, client_key="lain")
    transitions.revise_text(event.documents[0], "panitia", "Naskah baru", "Isi baru.")
    other = transitions.Signer(**{**SIGNER.__dict__, "phone": "+6281200000009"})
    with pytest.raises(transitions.StaleDocuments):
        sign(event, other, versions=versions)
    assert stored(SignatureRecord) == 1


def statements_of(action):
    """Run `action` and return the SQL statements it sent (their first three words), in order."""
    statements = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        statements.append(" ".join(statement.lower().split()[:3]))

    sa_event.listen(db.engine, "before_cursor_execute", remember)
    try:
        action()
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", remember)
    return statements


def test_a_signing_is_a_few_statements_in_one_transaction(app):
    event = make_event()
    event.current_versions()  # loaded, as the views' kept event has them
    sign(event, signer=SIGNER)  # the log's head exists from the first signing on
    event.current_versions()
    other = transitions.Signer(**{**SIGNER.__dict__, "phone": "+6281234567891"})
    statements = statements_of(lambda: sign(event, signer=other, client_key="kunci-2"))
    # No lookup of the phone or the browser's key first: the unique constraints refuse a second use.
    assert statements == [
        "insert into signatures",
        "insert into signature_agreements",
        "update log_heads set",  # the next number, under the event's lock
        "update log_heads set",  # the tree's new size and root
        "insert into log_entries",
        "insert into signature_counts",
    ]


def test_a_phone_that_signed_is_refused_by_its_constraint_and_nothing_is_left(app):
    event = make_event()
    sign(event)
    with pytest.raises(transitions.AlreadySigned) as refused:
        sign(event, client_key="another-browser")
    assert refused.value.record.phone == SIGNER.phone
    assert stored(SignatureRecord) == 1 and stored(LogEntry) == 1
    assert counts_for(event.id).total == 1


def test_a_resubmission_after_the_texts_changed_still_returns_the_first_record(app):
    event = make_event()
    first = sign(event, client_key="kunci")
    again = sign(event, client_key="kunci", versions=[])
    assert not again.created and again.record_id == first.record_id
