"""Moderation as the public sees it: approve, revoke, erase; the audit log; the CSV export."""

import csv
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select

import pledge
from pledge import transitions
from pledge.extensions import db
from pledge.models import AuditEntry, SignatureRecord
from pledge.models.audit import ACTION_LABELS
from pledge.tokens import signer_token
from tests.builders import make_event, make_signature
from tests.console_builders import make_seat


def wall(client, event):
    return client.get(f"/e/{event.slug}/signatories").text


def export(client, event):
    """The organisers' CSV as an English reader downloads it, as a list of dicts by header."""
    client.get("/lang/en")
    response = client.get(f"/admin/events/{event.id}/signatures.csv")
    client.get("/lang/id")
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))


def test_revoking_takes_the_record_off_the_wall_and_says_so_on_its_page(console):
    event = console.event
    record = make_signature(event, full_name="Budi Santoso")
    assert "Budi Santoso" in wall(console, event)
    response = console.post(
        f"/admin/events/{event.id}/signatures/{record.id}/revoke",
        data={"reason": "Ditandatangani atas nama orang lain"},
    )
    assert response.status_code == 303
    assert "Budi Santoso" not in wall(console, event)
    page = console.get(f"/s/{signer_token(record)}").text
    assert "Tanda tangan ini telah dicabut" in page or "dicabut" in page
    assert "Ditandatangani atas nama orang lain" in page
    (row,) = export(console, event)
    assert row["State"] == "revoked" and row["Reason for revocation"] == "Ditandatangani atas nama orang lain"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "signature.revoke"))
    assert entry.actor == "panitia@paser.go.id" and entry.subject == record.certificate_number


def test_revoking_needs_a_public_reason(console):
    record = make_signature(console.event)
    response = console.post(
        f"/admin/events/{console.event.id}/signatures/{record.id}/revoke",
        data={"reason": " "},
        follow_redirects=True,
    )
    assert "Silakan tulis alasan yang akan ditampilkan kepada publik." in response.text
    db.session.expire_all()
    assert record.is_valid


def test_erasing_removes_the_personal_data_and_keeps_the_fingerprint_and_count(console):
    event = console.event
    seat = make_seat(event)
    record = make_signature(event, full_name="Budi Santoso", seat=seat)
    fingerprint = record.fingerprint()
    console.post(f"/admin/events/{event.id}/signatures/{record.id}/erase")
    db.session.expire_all()
    assert record.full_name == "" and record.phone is None and not record.has_signature_mark
    assert record.signed_fingerprint == fingerprint != record.fingerprint() and record.is_valid
    page = wall(console, event)
    assert "Budi Santoso" not in page and page.count('class="card"') == 1
    (row,) = export(console, event)
    assert row["Full name"] == "" and row["WhatsApp number"] == "" and row["Personal data erased"] == "yes"
    assert row["Fingerprint"] == fingerprint
    assert console.get(f"/s/{signer_token(record)}/signature.png").status_code == 404
    assert "(nama dihapus)" in console.get(f"/s/{signer_token(record)}").text
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "signature.erase")) is not None


def test_erasing_twice_changes_nothing_more(app):
    event = make_event()
    record = make_signature(event)
    transitions.erase(record, "a")
    first = record.erased_at
    transitions.erase(record, "b")
    assert record.erased_at == first
    assert (
        len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "signature.erase")).all()) == 1
    )


def test_a_moderated_event_shows_a_name_only_after_approval(console):
    event = console.event
    event.moderates_names = True
    db.session.commit()
    record = make_signature(event, full_name="Budi Santoso")
    assert "Budi Santoso" not in wall(console, event)
    listing = console.get(f"/admin/events/{event.id}/signatures", query_string={"state": "awaiting"}).text
    assert "Budi Santoso" in listing and "Setujui nama" in listing
    approved = console.post(f"/admin/events/{event.id}/signatures/{record.id}/approve", follow_redirects=True)
    assert "Nama Budi Santoso kini tampil di daftar publik." in approved.text
    assert "Budi Santoso" in wall(console, event)
    assert (
        "Budi Santoso"
        not in console.get(f"/admin/events/{event.id}/signatures", query_string={"state": "awaiting"}).text
    )


def test_a_name_without_consent_is_never_approved_onto_the_wall(console):
    event = console.event
    event.moderates_names = True
    db.session.commit()
    record = make_signature(event, full_name="Budi Santoso", show_name=False)
    console.post(f"/admin/events/{event.id}/signatures/{record.id}/approve")
    assert "Budi Santoso" not in wall(console, event)


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"q": "budi"}, ["Budi Santoso"]),
        ({"q": "MUI"}, ["Siti Aminah"]),
        ({"category": "camat"}, ["Budi Santoso"]),
        ({"state": "revoked"}, ["Rina"]),
        ({"state": "valid"}, ["Siti Aminah", "Budi Santoso"]),
        ({}, ["Rina", "Siti Aminah", "Budi Santoso"]),
        # What is typed is text, not a LIKE pattern; a NUL byte is no error (PostgreSQL refuses it).
        ({"q": "%"}, []),
        ({"q": "_"}, []),
        ({"q": "B_di"}, []),
        ({"q": "bud\x00i"}, []),
        ({"q": "\x00"}, ["Rina", "Siti Aminah", "Budi Santoso"]),
    ],
)
def test_the_signatories_list_searches_and_filters(console, query, shown):
    event = console.event
    make_signature(
        event, phone="+6281200000001", full_name="Budi Santoso", category="camat", institution="Kec. Kuaro"
    )
    make_signature(event, phone="+6281200000002", full_name="Siti Aminah", institution="MUI Kab. Paser")
    transitions.revoke(
        make_signature(event, phone="+6281200000003", full_name="Rina", institution="Karang Taruna"), "x", "t"
    )
    page = console.get(f"/admin/events/{event.id}/signatures", query_string=query).text
    names = ["Budi Santoso", "Siti Aminah", "Rina"]
    assert sorted(n for n in names if f"<strong>{n}</strong>" in page) == sorted(shown)


def test_the_audit_log_shows_who_did_what(console):
    event = console.event
    record = make_signature(event)
    console.post(f"/admin/events/{event.id}/signatures/{record.id}/revoke", data={"reason": "Ganda"})
    page = console.get(f"/admin/events/{event.id}/audit").text
    assert "panitia@paser.go.id" in page and "signature.revoke" in page and "reason: Ganda" in page


def test_the_audit_log_names_each_action_in_the_readers_language(console):
    event = console.event
    record = make_signature(event)
    console.post(f"/admin/events/{event.id}/signatures/{record.id}/revoke", data={"reason": "Ganda"})
    page = console.get(f"/admin/events/{event.id}/audit").text
    assert "Tanda tangan dicabut" in page
    console.get("/lang/en")
    page = console.get(f"/admin/events/{event.id}/audit").text
    assert "Signature revoked" in page
    assert '<code class="meta">signature.revoke</code>' in page  # the stored code stays beside it


def test_every_action_the_code_audits_has_a_label():
    source = "\n".join(path.read_text() for path in Path(pledge.__file__).parent.rglob("*.py"))
    codes = set(re.findall(r'record_audit\(\s*[^,]+,\s*"([a-z_]+\.[a-z_]+)"', source))
    codes |= set(re.findall(r'_move_to\([^)]*"([a-z_]+\.[a-z_]+)"', source))
    codes |= set(re.findall(r'\bnote\(\s*[^,]+,\s*[^,]+,\s*"([a-z_]+\.[a-z_]+)"', source))
    assert len(codes) > 20
    assert sorted(codes - ACTION_LABELS.keys()) == []


def test_an_action_without_a_label_shows_its_code():
    assert AuditEntry(action="something.new").action_label == "something.new"


def test_the_export_has_contacts_and_neutralises_formulas(console):
    event = console.event
    make_signature(event, full_name='=HYPERLINK("http://x")', position="+62 jabatan", institution="@instansi")
    (row,) = export(console, event)
    # E.164 starts with "+": a spreadsheet shows it as text, the quote hidden.
    assert row["WhatsApp number"] == "'+6281234567890"
    assert row["Full name"] == '\'=HYPERLINK("http://x")'
    assert row["Position"] == "'+62 jabatan" and row["Institution"] == "'@instansi"
    assert (
        db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.csv")).actor
        == "panitia@paser.go.id"
    )


def test_the_export_lists_every_record_of_the_event_only(console):
    event = console.event
    other = make_event(slug="lain")
    make_signature(event, phone="+6281200000001")
    make_signature(event, phone="+6281200000002")
    make_signature(other, phone="+6281200000003")
    rows = export(console, event)
    assert len(rows) == 2 and all(row["State"] == "valid" for row in rows)
    assert {row["Certificate number"] for row in rows} == {
        r.certificate_label
        for r in db.session.scalars(select(SignatureRecord).where(SignatureRecord.event_id == event.id))
    }


def test_the_export_streams_a_spreadsheet_in_the_readers_language(console):
    event = console.event
    record = make_signature(event, full_name="Budi;=2+5")
    response = console.get(f"/admin/events/{event.id}/signatures.csv")
    assert response.is_streamed  # a row at a time, however many signed
    assert (
        response.headers["Content-Disposition"] == f'attachment; filename="penanda-tangan-{event.slug}.csv"'
    )
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffNomor sertifikat;Status;Waktu tanda tangan (WITA);Nama lengkap;")
    header, row = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    cells = dict(zip(header, row, strict=True))
    assert cells["Nomor sertifikat"] == record.certificate_label  # dashed, as people read it
    assert cells["Status"] == "sah" and cells["Unsur pemangku kepentingan"] == "Tokoh agama"
    assert cells["Kecamatan"] == "Kuaro"
    assert cells["Nama lengkap"] == "Budi;'=2+5"  # no formula, whatever the separator
    local = record.signed_at.astimezone(event.zone).strftime("%Y-%m-%d %H:%M:%S")
    assert cells["Waktu tanda tangan (WITA)"] == local
