"""Events in the console: create, edit, open and close, and their texts as versions."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from pledge.extensions import db
from pledge.models import AuditEntry, Event, EventState
from tests.builders import errors_in, make_event, make_signature
from tests.console_builders import log_in, make_organiser

NEW_EVENT = {
    "title": "Deklarasi Pilkada Damai Kuaro",
    "slug": "deklarasi-kuaro",
    "place": "Aula Kantor Camat Kuaro",
    "region": "Kabupaten Paser",
    "held_on": "2024-09-02",
    "opens_at": "2024-09-02T08:00",
    "closes_at": "2024-09-02T16:00",
    "moderates_names": "y",
}


@pytest.fixture
def organiser(client):
    account = make_organiser()
    log_in(client)
    return account


def test_an_organiser_creates_an_event_writes_its_texts_and_opens_it(client, organiser):
    response = client.post("/admin/events/new", data=NEW_EVENT)
    assert response.status_code == 303
    event = Event.by_slug("deklarasi-kuaro")
    assert event.state == EventState.DRAFT and event.moderates_names and not event.phone_required
    assert event.opens_at == datetime(2024, 9, 2, 0, 0, tzinfo=UTC)  # 08.00 WITA
    assert event in organiser.events
    assert client.get(response.headers["Location"]).status_code == 200
    assert event.region_code == "64.01" and event.timezone == "Asia/Makassar"
    # It starts from the standard texts, written for its region, to read and adapt.
    declaration, commitment = event.current_versions()
    assert declaration.title == "Deklarasi Pilkada Damai Kabupaten Paser 2024"
    assert "di Kabupaten Paser" in declaration.body and "Bupati dan Wakil Bupati Paser" in declaration.body
    assert "Politik Uang" in commitment.title

    client.post(
        f"/admin/events/{event.id}/documents/{event.documents[0].id}",
        data={"title": "Naskah deklarasi", "body": "Paragraf satu.\r\n\r\nParagraf dua."},
    )
    client.post(f"/admin/events/{event.id}/state", data={"state": "open"})
    db.session.expire_all()
    assert event.state == EventState.OPEN
    assert event.current_versions()[0].paragraphs == ["Paragraf satu.", "Paragraf dua."]
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.event_id == event.id)).all()
    assert actions == ["event.create", "document.revise", "event.open"]
    assert {entry.actor for entry in db.session.scalars(select(AuditEntry))} >= {"panitia@paser.go.id"}


@pytest.mark.parametrize(
    ("change", "field_error"),
    [
        ({"title": ""}, "Silakan tulis judul."),
        ({"slug": "Bukan Alamat"}, "Gunakan hanya huruf kecil, angka, dan tanda hubung."),
        ({"closes_at": "2024-09-02T07:00"}, "Penandatanganan harus ditutup setelah dibuka."),
        ({"opens_at": "0001-01-01T00:00"}, "Silakan isi tanggal antara 2000 dan 2100."),
        ({"closes_at": "9999-12-31T23:00"}, "Silakan isi tanggal antara 2000 dan 2100."),
        ({"held_on": ""}, "Silakan isi tanggal."),
        ({"region": ""}, "Silakan pilih wilayah."),
        (
            {"region": "Gotham"},
            "Tidak ada provinsi, kabupaten, atau kota dengan nama ini. Silakan periksa ejaannya.",
        ),
        (
            {"region": "Bogor"},
            "Beberapa wilayah cocok: Kabupaten Bogor, Kota Bogor. Silakan pilih salah satu dari daftar.",
        ),
        (
            {"record_number_pattern": "BA/{nomor}/2024"},
            "Di antara kurung kurawal hanya boleh {tanggal}, {bulan}, {tahun}, dan {penyelenggara}, misalnya BA/{tanggal}/{bulan}/{tahun}/Polres Paser.",
        ),
    ],
)
def test_creating_an_event_refuses(client, organiser, change, field_error):
    response = client.post("/admin/events/new", data={**NEW_EVENT, **change})
    assert response.status_code == 422
    assert field_error in errors_in(response.text)


def test_an_event_address_is_used_once(client, organiser):
    make_event(slug="deklarasi-kuaro")
    response = client.post("/admin/events/new", data=NEW_EVENT)
    assert "Alamat ini sudah dipakai acara lain." in errors_in(response.text)


def test_editing_an_event_keeps_its_address_and_audits_the_change(client):
    event = make_event()
    make_organiser(events=[event])
    log_in(client)
    data = {**NEW_EVENT, "slug": "alamat-baru", "phone_required": "y", "opens_at": "", "closes_at": ""}
    assert client.post(f"/admin/events/{event.id}", data=data).status_code == 303
    db.session.expire_all()
    assert event.slug == "pilkada-damai-test" and event.title == NEW_EVENT["title"] and event.phone_required
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "event.edit"))
    assert entry.details["title"] == NEW_EVENT["title"] and entry.actor == "panitia@paser.go.id"


def test_closing_an_event_stops_signing(client):
    event = make_event()
    make_organiser(events=[event])
    log_in(client)
    client.post(f"/admin/events/{event.id}/state", data={"state": "closed"})
    db.session.expire_all()
    assert event.state == EventState.CLOSED
    assert client.get(f"/e/{event.slug}/sign").status_code == 403


def test_editing_a_signed_text_makes_a_new_version_and_keeps_the_signed_one(client):
    event = make_event()
    record = make_signature(event)
    make_organiser(events=[event])
    log_in(client)
    document = event.documents[0]
    signed = document.current_version
    response = client.post(
        f"/admin/events/{event.id}/documents/{document.id}",
        data={"title": signed.title, "body": "Teks yang diperbaiki."},
        follow_redirects=True,
    )
    assert "Naskah ini sudah ditandatangani, jadi perubahan Anda disimpan sebagai versi 2." in response.text
    db.session.expire_all()
    assert [version.number for version in document.versions] == [1, 2]
    assert document.versions[0].body == "Isi declaration.\n\nParagraf kedua."
    assert signed in record.versions


def test_editing_an_unsigned_text_changes_it_in_place(client):
    event = make_event(state=EventState.DRAFT)
    make_organiser(events=[event])
    log_in(client)
    document = event.documents[0]
    client.post(
        f"/admin/events/{event.id}/documents/{document.id}", data={"title": "Baru", "body": "Isi baru."}
    )
    db.session.expire_all()
    assert [(v.number, v.title) for v in document.versions] == [(1, "Baru")]


def test_an_admin_lets_an_organiser_run_an_event(client):
    event = make_event()
    make_organiser(email="admin@paser.go.id", admin=True)
    organiser = make_organiser()
    log_in(client, "admin@paser.go.id")
    client.post(f"/admin/events/{event.id}/members", data={"email": "PANITIA@paser.go.id"})
    db.session.expire_all()
    assert organiser.events == [event]
    assert "panitia@paser.go.id" in client.get(f"/admin/events/{event.id}").text
    unknown = client.post(
        f"/admin/events/{event.id}/members", data={"email": "x@y.id"}, follow_redirects=True
    )
    assert "Belum ada akun untuk email ini." in unknown.text
    client.post(f"/admin/events/{event.id}/members/{organiser.id}/remove")
    db.session.expire_all()
    assert organiser.events == []


def test_a_text_keeps_its_lines_and_loses_the_characters_nobody_types(client):
    event = make_event(state=EventState.DRAFT)
    make_organiser(events=[event])
    log_in(client)
    document = event.documents[0]
    body = "Isi\x00 naskah\u202e.\r\n\r\n  Paragraf\tkedua,  dua spasi.\x07"
    answer = client.post(
        f"/admin/events/{event.id}/documents/{document.id}", data={"title": "Baru", "body": body}
    )
    assert answer.status_code == 303
    db.session.expire_all()
    assert document.current_version.body == "Isi naskah.\n\n  Paragraf\tkedua,  dua spasi."


def test_an_email_with_a_nul_is_no_account(client):
    event = make_event()
    make_organiser(email="admin@paser.go.id", admin=True)
    make_organiser()
    log_in(client, "admin@paser.go.id")
    answer = client.post(
        f"/admin/events/{event.id}/members", data={"email": "panitia@paser\x00.go.id"}, follow_redirects=True
    )
    assert answer.status_code == 200
    assert "Belum ada akun untuk email ini." in answer.text


def test_an_organiser_cannot_manage_the_members_of_their_own_event(client):
    event = make_event()
    make_organiser(events=[event])
    log_in(client)
    assert 'id="members"' not in client.get(f"/admin/events/{event.id}").text
    assert client.post(f"/admin/events/{event.id}/members", data={"email": "x@y.id"}).status_code == 404


@pytest.mark.parametrize(
    ("typed", "code", "zone"),
    [
        ("Kabupaten Berau", "64.03", "Asia/Makassar"),
        ("berau", "64.03", "Asia/Makassar"),
        ("Kab. Berau", "64.03", "Asia/Makassar"),
        ("Kabupaten Berau (64.03)", "64.03", "Asia/Makassar"),
        ("Kalimantan Timur", "64", "Asia/Makassar"),
        ("Provinsi Aceh", "11", "Asia/Jakarta"),
        ("Kota Jayapura", "91.71", "Asia/Jayapura"),
    ],
)
def test_the_region_is_picked_by_typing_part_of_its_name(client, organiser, typed, code, zone):
    data = {**NEW_EVENT, "region": typed}
    assert client.post("/admin/events/new", data=data).status_code == 303
    event = Event.by_slug("deklarasi-kuaro")
    assert (event.region_code, event.timezone) == (code, zone)


def test_the_region_field_offers_every_province_and_kabupaten_or_kota(client, organiser):
    page = client.get("/admin/events/new").text
    assert 'list="regions"' in page
    options = re.findall(r'<option value="([^"]+)">', page)
    assert "Kabupaten Berau (64.03)" in options and "Provinsi Kalimantan Timur (64)" in options
    assert len(options) == 38 + 514


def test_a_provincial_event_starts_from_texts_for_the_governor_election(client, organiser):
    data = {**NEW_EVENT, "region": "Kalimantan Timur", "slug": "pilgub-kaltim"}
    client.post("/admin/events/new", data=data)
    declaration, _ = Event.by_slug("pilgub-kaltim").current_versions()
    assert declaration.title == "Deklarasi Pilkada Damai Provinsi Kalimantan Timur 2024"
    assert "Pemilihan Gubernur dan Wakil Gubernur Kalimantan Timur Tahun 2024" in declaration.body
    assert "Bupati" not in declaration.body
