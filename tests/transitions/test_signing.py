"""sign(), the one transaction that stores a signature, called as the domain function it is."""

from datetime import timedelta

import pytest
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
