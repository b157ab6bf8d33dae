"""Every change of state in one place, tested without HTTP: what each transition writes,
what it refuses, and that every public cache sees it (ETag and Last-Modified move)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from pledge import transitions
from pledge.extensions import db
from pledge.models import AuditEntry, EventState, LogEntry, counts_for, utcnow
from tests.builders import make_event, make_signature


def actions(event):
    return db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.event_id == event.id).order_by(AuditEntry.id)
    ).all()


def log_kinds(event):
    return db.session.scalars(
        select(LogEntry.kind).where(LogEntry.event_id == event.id).order_by(LogEntry.seq)
    ).all()


def test_an_event_goes_from_draft_to_open_to_closed_and_never_back(app):
    event = make_event(state=EventState.DRAFT)
    transitions.open_event(event, "panitia")
    with pytest.raises(transitions.Refused, match="open"):
        transitions.open_event(event, "panitia")
    transitions.close_event(event, "panitia")
    with pytest.raises(transitions.Refused, match="closed"):
        transitions.open_event(event, "panitia")
    with pytest.raises(transitions.Refused, match="not_open"):
        transitions.close_event(event, "panitia")
    assert event.state == EventState.CLOSED
    assert actions(event) == ["event.open", "event.close"]


def test_an_event_without_its_texts_or_its_region_does_not_open(app):
    event = make_event(state=EventState.DRAFT, region_code=None)
    with pytest.raises(transitions.Refused, match="region"):
        transitions.open_event(event, "panitia")
    assert event.state == EventState.DRAFT


def test_the_texts_of_a_closed_event_are_final(app):
    event = make_event()
    transitions.close_event(event, "panitia")
    with pytest.raises(transitions.Refused, match="closed"):
        transitions.revise_text(event.documents[0], "panitia", "Judul baru", "Isi baru.")


@pytest.mark.parametrize(
    ("prepare", "reason"),
    [
        (lambda record: transitions.revoke(record, "Ganda", "panitia"), "revoked"),
        (lambda record: transitions.erase(record, "panitia"), "erased"),
        (lambda record: None, "approved"),  # approved once below, then asked again
    ],
)
def test_a_name_that_cannot_go_on_the_wall_is_refused_with_why(app, prepare, reason):
    event = make_event(moderates_names=True)
    record = make_signature(event)
    prepare(record)
    if reason == "approved":
        transitions.approve_name(record, "panitia")
    with pytest.raises(transitions.Refused) as refused:
        transitions.approve_name(record, "panitia")
    assert refused.value.reason == reason


def test_a_name_withheld_by_its_signer_cannot_be_approved(app):
    record = make_signature(make_event(moderates_names=True), show_name=False)
    with pytest.raises(transitions.Refused, match="no_consent"):
        transitions.approve_name(record, "panitia")


def test_a_revocation_is_counted_logged_and_audited_in_one_commit(app):
    event = make_event()
    record = make_signature(event)
    transitions.revoke(record, "Ditandatangani atas nama orang lain", "panitia")
    db.session.rollback()  # nothing was left uncommitted
    assert record.state == "revoked" and counts_for(event.id).total == 0
    assert log_kinds(event) == ["signature", "revocation"]
    assert actions(event)[-1] == "signature.revoke"


def test_a_used_seat_is_neither_removed_nor_given_a_new_link(app):
    event = make_event()
    seat = transitions.add_seat(event, "panitia", "camat", "Kecamatan Kuaro")
    make_signature(event, seat=seat)
    for change in (transitions.remove_seat, transitions.reissue_invitation):
        with pytest.raises(transitions.Refused, match="used"):
            change(seat, "panitia")


# --- caches follow every change -------------------------------------------------------------

LATER = timedelta(seconds=5)


def _changes():
    """(name, prepare, change): `change(event, record, now)` changes what the public sees."""
    return [
        ("approve", {"moderates_names": True}, lambda e, r, now: transitions.approve_name(r, "p", now=now)),
        ("erase", {}, lambda e, r, now: transitions.erase(r, "p", now=now)),
        ("revoke", {}, lambda e, r, now: transitions.revoke(r, "Ganda", "p", now=now)),
        ("edit", {}, lambda e, r, now: transitions.edit_event(e, "p", {"title": "Judul Baru"}, now=now)),
        ("close", {}, lambda e, r, now: transitions.close_event(e, "p", now=now)),
        (
            "sign",
            {},
            lambda e, r, now: make_signature(e, phone="+6281299999999", full_name="Orang Baru", now=now),
        ),
        (
            "pair",
            {},
            lambda e, r, now: transitions.add_candidate_pair(e, "p", "Bupati", 1, "Satu", "Dua", now=now),
        ),
    ]


@pytest.mark.parametrize(("name", "fields", "change"), _changes(), ids=[c[0] for c in _changes()])
@pytest.mark.parametrize(
    "path", ["/e/{slug}/signatories.csv", "/e/{slug}/signatories.json", "/e/{slug}/totals.json"]
)
def test_a_cached_copy_is_stale_after_every_change(client, name, fields, change, path):
    event = make_event(**fields)
    record = make_signature(event, full_name="Nama Awal")
    url = path.format(slug=event.slug)
    first = client.get(url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    change(event, record, utcnow() + LATER)
    # The CSV names its content by the data's version; the JSON by its bytes, so a change
    # that leaves a document as it was (a pair added, for the totals) may still be a 304.
    changed = client.get(url).get_data() != first.get_data()
    if url.endswith(".csv") or changed:
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 200, "ETag did not move"
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 200, (
        "Last-Modified did not move"
    )
