"""The model rules: document versions, signing windows, certificate numbers."""

from datetime import timedelta

import pytest

from pledge import certificate_numbers, transitions
from pledge.extensions import db
from pledge.models import AuditEntry, EventState, SignatureRecord, VersionLocked, canonical_text, utcnow
from tests.builders import make_event, make_signature


def test_a_version_stores_the_sha256_of_its_canonical_text(app):
    event = make_event()
    version = event.documents[0].current_version
    import hashlib

    assert version.sha256 == hashlib.sha256(canonical_text(version.title, version.body).encode()).hexdigest()


def test_canonical_text_ignores_line_ends_trailing_spaces_and_composition():
    assert canonical_text("Judul", "Baris  \r\nkedua\r\n\r\n") == canonical_text("Judul", "Baris\nkedua")
    assert canonical_text("Caf\u0065\u0301", "x") == canonical_text("Caf\u00e9", "x")


def test_an_unsigned_version_is_edited_in_place(app):
    document = make_event().documents[0]
    document.revise("Judul baru", "Isi baru")
    db.session.commit()
    assert [v.number for v in document.versions] == [1]
    assert document.current_version.title == "Judul baru"


def test_editing_a_signed_document_makes_a_new_version(app):
    event = make_event()
    record = make_signature(event)
    document = event.documents[0]
    signed = document.current_version
    new = document.revise("Judul baru", "Isi baru")
    db.session.commit()
    assert [v.number for v in document.versions] == [1, 2]
    assert new is not signed and new.sha256 != signed.sha256
    assert signed.title == "Naskah declaration"
    assert signed in record.versions


def test_a_signed_version_cannot_be_changed_in_place(app):
    event = make_event()
    make_signature(event)
    signed = event.documents[0].current_version
    signed.body = "Diubah diam-diam"
    with pytest.raises(VersionLocked):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize(
    ("state", "opens", "closes", "refusal"),
    [
        (EventState.OPEN, None, None, None),
        (EventState.DRAFT, None, None, "draft"),
        (EventState.CLOSED, None, None, "closed"),
        (EventState.OPEN, timedelta(hours=1), None, "not_yet"),
        (EventState.OPEN, None, timedelta(hours=-1), "ended"),
        (EventState.OPEN, timedelta(hours=-1), timedelta(hours=1), None),
    ],
)
def test_an_event_accepts_signatures_only_when_open_and_in_its_window(app, state, opens, closes, refusal):
    now = utcnow()
    event = make_event(
        state=state,
        opens_at=now + opens if opens else None,
        closes_at=now + closes if closes else None,
    )
    assert event.refusal(now) == refusal


def test_opening_and_closing_leave_audit_entries(app):
    event = make_event(state=EventState.DRAFT)
    transitions.open_event(event, "organiser@example.id")
    transitions.close_event(event, "organiser@example.id")
    actions = [entry.action for entry in db.session.query(AuditEntry).filter_by(event_id=event.id)]
    assert actions == ["event.open", "event.close"]


def test_signed_at_comes_back_in_utc(app):
    record = make_signature(make_event())
    db.session.expire_all()
    again = db.session.get(SignatureRecord, record.id)
    assert again.signed_at.utcoffset() == timedelta(0)
    assert abs(again.signed_at - utcnow()) < timedelta(minutes=1)


def test_revoking_keeps_the_record_with_its_reason(app):
    record = make_signature(make_event())
    transitions.revoke(record, "Ditandatangani atas nama orang lain", "admin")
    assert record.state == "revoked" and record.revoke_reason.startswith("Ditandatangani")
    assert db.session.query(AuditEntry).filter_by(action="signature.revoke").count() == 1


def test_the_fingerprint_covers_public_content_not_private_fields(app):
    record = make_signature(make_event())
    before = record.fingerprint()
    record.phone = "+6281111111111"
    assert record.fingerprint() == before
    record.full_name = "Nama Lain"
    assert record.fingerprint() != before


class TestCertificateNumbers:
    def test_a_new_number_is_short_and_checks(self):
        number = certificate_numbers.generate()
        assert len(number) == 9
        assert certificate_numbers.normalise(number) == number

    def test_every_place_draws_from_the_whole_alphabet(self):
        # 3,000 numbers: a character missing from a place by chance is below 1 in 10^40.
        bodies = [certificate_numbers.generate()[:8] for _ in range(3000)]
        for place in range(8):
            assert {body[place] for body in bodies} == set(certificate_numbers.ALPHABET), place

    def test_it_is_read_in_groups_and_typed_loosely(self):
        number = certificate_numbers.generate()
        label = certificate_numbers.display(number)
        assert label.count("-") == 2
        assert certificate_numbers.normalise(f"  {label.lower()} ") == number

    def test_letters_that_look_like_digits_are_read_as_digits(self):
        body = "0000111A"
        number = body + certificate_numbers.check_character(body)
        assert certificate_numbers.normalise(number.replace("0", "O").replace("1", "l")) == number

    def test_every_single_typo_is_caught(self):
        number = certificate_numbers.generate()
        for index in range(len(number)):
            for char in certificate_numbers.ALPHABET:
                if char == number[index]:
                    continue
                typo = number[:index] + char + number[index + 1 :]
                with pytest.raises(certificate_numbers.MistypedNumber):
                    certificate_numbers.normalise(typo)

    def test_swapping_two_neighbours_is_caught(self):
        number = "K7QDM2XA" + certificate_numbers.check_character("K7QDM2XA")
        for index in range(len(number) - 1):
            if number[index] == number[index + 1]:
                continue
            swapped = number[:index] + number[index + 1] + number[index] + number[index + 2 :]
            with pytest.raises(certificate_numbers.MistypedNumber):
                certificate_numbers.normalise(swapped)

    @pytest.mark.parametrize("text", ["", "ABC", "K7QD-M2XA-PP", "../../etc", "K7QD M2XA !"])
    def test_what_cannot_be_a_number_is_none(self, text):
        assert certificate_numbers.normalise(text) is None
