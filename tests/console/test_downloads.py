"""Organisers download a signer's certificate, every certificate as a ZIP, the official record."""

import hashlib
import io
import re
import zipfile

import pytest
from sqlalchemy import select

from pledge import transitions
from pledge.certificates.archive import certificates_zip
from pledge.certificates.store import certificate_for
from pledge.certificates.verification import Finding, check_document
from pledge.extensions import db
from pledge.models import AuditEntry, Certificate
from pledge.tokens import signer_token
from tests.builders import make_event, make_signature
from tests.pdfs import page_texts, pdf_text


def signers(event, count, first=0):
    return [
        make_signature(
            event, phone=f"+62812000{first + index:05d}", full_name=f"Penanda Tangan {first + index}"
        )
        for index in range(count)
    ]


def stored_pdf(record):
    return db.session.scalar(select(Certificate.pdf).where(Certificate.signature_id == record.id))


def test_an_organiser_downloads_a_signers_stored_certificate(console):
    record = make_signature(console.event, full_name="Andi Baso")
    issued = certificate_for(record).pdf
    response = console.get(f"/admin/events/{console.event.id}/signatures/{record.id}/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data == issued
    assert f'filename="sertifikat-{record.certificate_label}.pdf"' in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"


def test_a_certificate_never_issued_is_issued_and_stored_on_download(console):
    record = make_signature(console.event, full_name="Andi Baso")
    response = console.get(f"/admin/events/{console.event.id}/signatures/{record.id}/certificate.pdf")
    assert response.data == stored_pdf(record)
    assert "Andi Baso" in pdf_text(response.data)


@pytest.mark.parametrize("issued_before", [True, False], ids=["issued", "never-issued"])
def test_an_erased_signers_certificate_is_gone_with_a_readable_page(console, issued_before):
    record = make_signature(console.event, full_name="Andi Baso")
    if issued_before:
        certificate_for(record)
    transitions.erase(record, actor="panitia@paser.go.id")
    console.get("/lang/en")
    response = console.get(f"/admin/events/{console.event.id}/signatures/{record.id}/certificate.pdf")
    assert response.status_code == 410
    assert response.mimetype == "text/html"
    assert "No longer available" in response.text
    assert "This was removed, at the signer's request" in response.text


def test_erasure_drops_the_certificate_in_every_language_and_each_copy_still_verifies(console):
    event = console.event
    record = make_signature(event, full_name="Andi Baso")
    copies = {language: certificate_for(record, language).pdf for language in ("id", "en")}
    transitions.erase(record, actor="panitia@paser.go.id")
    for language, pdf in copies.items():
        stored = Certificate.for_record(record, language)
        assert stored.pdf is None and stored.sha256 == hashlib.sha256(pdf).hexdigest()
        assert check_document(pdf).finding == Finding.VALID  # the copy the signer kept
        for url in (
            f"/admin/events/{event.id}/signatures/{record.id}/certificate.pdf",
            f"/s/{signer_token(record)}/certificate.pdf",
        ):
            assert console.get(url, query_string={"lang": language}).status_code == 410


def test_after_an_erasure_no_certificate_is_issued_in_a_language_never_asked_for(console):
    record = make_signature(console.event, full_name="Andi Baso")
    certificate_for(record)
    transitions.erase(record, actor="panitia@paser.go.id")
    response = console.get(f"/s/{signer_token(record)}/certificate.pdf", query_string={"lang": "en"})
    assert response.status_code == 410
    assert Certificate.for_record(record, "en") is None
    assert "certificate.pdf" not in console.get(f"/s/{signer_token(record)}").text


def test_a_record_of_another_event_is_not_found_under_this_one(console):
    other = make_event(slug="acara-lain")
    record = make_signature(other)
    response = console.get(f"/admin/events/{console.event.id}/signatures/{record.id}/certificate.pdf")
    assert response.status_code == 404


def read_zip(response):
    assert response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_the_zip_holds_every_certificate_byte_for_byte(console):
    event = console.event
    records = signers(event, 3)
    issued = {record.id: certificate_for(record).pdf for record in records[:2]}  # the third never was
    response = console.get(f"/admin/events/{event.id}/certificates.zip")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="sertifikat-{event.slug}.zip"'
    archive = read_zip(response)
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == sorted(f"sertifikat-{r.certificate_label}.pdf" for r in records)
    for record in records:
        content = archive.read(f"sertifikat-{record.certificate_label}.pdf")
        assert content == stored_pdf(record)
        if record.id in issued:
            assert content == issued[record.id]
    assert "Penanda Tangan 2" in pdf_text(archive.read(f"sertifikat-{records[2].certificate_label}.pdf"))
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.certificates"))
    assert audit.actor == "panitia@paser.go.id" and audit.event_id == event.id


def test_revoked_certificates_are_in_their_folder_and_erased_ones_are_left_out(console):
    event = console.event
    kept, revoked, erased = signers(event, 3)
    certificate_for(erased)
    issued_while_valid = certificate_for(revoked).pdf
    transitions.revoke(revoked, "Ganda", "panitia@paser.go.id")
    transitions.erase(erased, actor="panitia@paser.go.id")
    archive = read_zip(console.get(f"/admin/events/{event.id}/certificates.zip"))
    assert sorted(archive.namelist()) == sorted(
        [
            f"sertifikat-{kept.certificate_label}.pdf",
            f"dicabut/sertifikat-{revoked.certificate_label}.pdf",
        ]
    )
    stamped = archive.read(f"dicabut/sertifikat-{revoked.certificate_label}.pdf")
    assert stamped == Certificate.for_record(revoked, standing="revoked").pdf != issued_while_valid
    assert "DICABUT" in page_texts(stamped)[0] and "Alasan: Ganda" in page_texts(stamped)[0]


def test_the_zip_holds_the_indonesian_certificates_only(console):
    event = console.event
    record = make_signature(event)
    certificate_for(record, "en")
    archive = read_zip(console.get(f"/admin/events/{event.id}/certificates.zip"))
    assert archive.namelist() == [f"sertifikat-{record.certificate_label}.pdf"]
    assert archive.read(archive.namelist()[0]) == certificate_for(record).pdf
    assert archive.read(archive.namelist()[0]) != certificate_for(record, "en").pdf


def test_an_event_without_signatures_gives_an_empty_zip(console):
    archive = read_zip(console.get(f"/admin/events/{console.event.id}/certificates.zip"))
    assert archive.namelist() == []


def test_the_zip_comes_out_one_certificate_at_a_time(app):
    event = make_event()
    records = signers(event, 5)
    pieces = list(certificates_zip(event, batch=2))
    # one piece per certificate, then the central directory
    assert len(pieces) == len(records) + 1
    for record, piece in zip(records, pieces, strict=False):
        assert stored_pdf(record) in piece
    assert pieces[-1].startswith(b"PK\x01\x02")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert len(archive.namelist()) == len(records)


def test_a_signer_erased_while_the_zip_is_written_gets_no_certificate_made_for_it(app):
    event = make_event()
    first, later = signers(event, 2)
    certificate_for(first)  # stored; `later` was never issued
    pieces = certificates_zip(event)
    written = [next(pieces)]  # the batch of both is read, the first certificate written
    transitions.erase(later, actor="panitia@paser.go.id")
    written.extend(pieces)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(written)))
    assert archive.namelist() == [f"sertifikat-{first.certificate_label}.pdf"]
    assert db.session.scalars(select(Certificate).where(Certificate.signature_id == later.id)).all() == []


def test_an_organiser_downloads_the_official_record(console):
    event = console.event
    make_signature(event, full_name="Andi Baso")
    response = console.get(f"/admin/events/{event.id}/record.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="berita-acara-{event.slug}.pdf"'
    text = pdf_text(response.data)
    assert event.title in text and "Andi Baso" in text


def test_the_event_page_links_to_the_downloads(console):
    event = console.event
    page = console.get(f"/admin/events/{event.id}").text
    assert f'href="/admin/events/{event.id}/certificates.zip"' in page
    assert f'href="/admin/events/{event.id}/record.pdf"' in page


def test_the_signatures_list_links_to_each_certificate_but_not_an_erased_one(console):
    event = console.event
    kept, erased = signers(event, 2)
    transitions.erase(erased, actor="panitia@paser.go.id")
    page = console.get(f"/admin/events/{event.id}/signatures").text
    links = re.findall(r'href="/admin/events/\d+/signatures/(\d+)/certificate.pdf"', page)
    assert links == [str(kept.id)]


def test_revoking_in_the_console_shows_revoked_on_the_verification_page(console):
    event = console.event
    record = make_signature(event)
    console.get("/lang/en")
    assert "Valid certificate" in console.get(f"/verify/{record.certificate_number}").text
    response = console.post(
        f"/admin/events/{event.id}/signatures/{record.id}/revoke", data={"reason": "Ditandatangani dua kali"}
    )
    assert response.status_code == 303
    page = console.get(f"/verify/{record.certificate_number}").text
    assert "<h1>Revoked certificate</h1>" in page
    assert "Reason: Ditandatangani dua kali" in page
