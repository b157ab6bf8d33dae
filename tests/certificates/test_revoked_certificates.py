"""Revoked means DICABUT, plainly: every download of a revoked record serves a stamped certificate."""

import io
import re
import zipfile

import pytest

from pledge import transitions
from pledge.certificates.store import certificate_for
from pledge.certificates.verification import Finding, check_document
from pledge.models import Certificate
from pledge.tokens import signer_token
from pledge.urls import verify_url
from tests.builders import make_event, make_signature
from tests.pdfs import metadata, page_texts, qr_points_at, seal_status

REASON = "Ditandatangani atas nama orang lain"


def revoke(record, reason=REASON):
    transitions.revoke(record, reason, "panitia@paser.go.id")


def test_every_download_of_a_revoked_record_serves_the_dicabut_certificate(console):
    event = console.event
    record = make_signature(event, full_name="Andi Baso")
    issued_while_valid = certificate_for(record).pdf
    revoke(record)
    served = {
        "signer": console.get(f"/s/{signer_token(record)}/certificate.pdf").data,
        "console": console.get(f"/admin/events/{event.id}/signatures/{record.id}/certificate.pdf").data,
    }
    archive = zipfile.ZipFile(io.BytesIO(console.get(f"/admin/events/{event.id}/certificates.zip").data))
    served["zip"] = archive.read(f"dicabut/sertifikat-{record.certificate_label}.pdf")
    assert len(set(served.values())) == 1  # one stamped certificate, stored once
    stamped = served["signer"]
    assert stamped != issued_while_valid
    first = page_texts(stamped)[0]
    assert re.search(r"Tanda tangan ini DICABUT pada \w+, \d+ \w+ \d{4}, pukul \d\d\.\d\d WITA\.", first)
    assert f"Alasan: {REASON}" in first
    assert "Sertifikat ini tidak lagi berlaku sebagai bukti penandatanganan." in first
    assert re.search(r"DICABUT sejak \d+ \w+ \d{4}", first)  # the stamp across the page
    assert "Andi Baso" in first and record.certificate_label in first  # the same layout under it
    assert "DICABUT" in page_texts(stamped)[1]  # and on every annex page
    assert metadata(stamped).title == f"Sertifikat penandatanganan {record.certificate_label} (DICABUT)"
    pem = console.get("/seal-certificate.pem").data
    assert seal_status(stamped, pem).bottom_line


def test_the_certificate_issued_while_valid_stays_stored_and_still_verifies(console):
    record = make_signature(console.event)
    valid = certificate_for(record)
    revoke(record)
    stamped = certificate_for(record)
    assert (valid.standing, stamped.standing) == ("valid", "revoked")
    assert Certificate.for_record(record, standing="valid").pdf == valid.pdf
    assert check_document(valid.pdf).finding == Finding.REVOKED
    assert check_document(stamped.pdf).finding == Finding.REVOKED_COPY
    assert certificate_for(record).pdf == stamped.pdf  # issued once


def test_a_record_revoked_before_any_download_gets_only_the_stamped_certificate(client):
    record = make_signature(make_event())
    revoke(record)
    response = client.get(f"/s/{signer_token(record)}/certificate.pdf")
    assert response.status_code == 200 and "DICABUT" in page_texts(response.data)[0]
    assert [c.standing for c in Certificate.every_language_of(record)] == ["revoked"]


def test_the_english_revoked_certificate_says_revoked(client):
    record = make_signature(make_event())
    revoke(record)
    pdf = client.get(f"/s/{signer_token(record)}/certificate.pdf", query_string={"lang": "en"}).data
    first = page_texts(pdf)[0]
    assert re.search(r"This signature was REVOKED on \w+day, \d+ \w+ \d{4}, \d\d:\d\d WITA\.", first)
    assert f"Reason: {REASON}" in first and "This certificate is no longer proof of signing." in first
    assert re.search(r"REVOKED since \d+ \w+ \d{4}", first)
    assert "DICABUT" not in first


@pytest.mark.parametrize("standing", ["valid", "revoked"])
def test_the_qr_code_of_either_certificate_leads_to_the_verification_page(client, standing):
    record = make_signature(make_event())
    if standing == "revoked":
        revoke(record)
    pdf = certificate_for(record).pdf
    assert qr_points_at(pdf, verify_url(record))
    page = client.get(f"/verify/{record.certificate_number}")
    expected = "Sertifikat berlaku" if standing == "valid" else "Sertifikat dicabut"
    assert f"<h1>{expected}</h1>" in page.text


def test_the_signer_page_of_a_revoked_record_says_dicabut_at_the_top(client):
    record = make_signature(make_event())
    revoke(record)
    page = client.get(f"/s/{signer_token(record)}").text
    top = page[page.index("<main") :]
    assert top.index('<p class="alert" id="revoked"><strong>DICABUT</strong></p>') < top.index("<h1>")
    assert "<h1>Tanda tangan ini telah dicabut</h1>" in page
    assert f"Alasan: {REASON}" in page and "Dicabut pada " in page
    assert "Sertifikat Anda kini berstempel DICABUT" in page


def test_a_revoked_and_then_erased_record_has_no_certificate_to_download(client):
    record = make_signature(make_event())
    certificate_for(record)
    revoke(record)
    certificate_for(record)
    transitions.erase(record, actor="panitia@paser.go.id")
    assert client.get(f"/s/{signer_token(record)}/certificate.pdf").status_code == 410
    assert all(c.pdf is None for c in Certificate.every_language_of(record))
