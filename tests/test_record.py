"""The official record (berita acara) of an event."""

import io
import re

import pytest

from pledge.certificates import record as record_module
from pledge.certificates.record import record_pdf
from pledge.extensions import db
from tests.builders import make_event, make_signature
from tests.pdfs import flip_one_byte, page_texts, pdf_text, seal_status


def official_record(event, language="id"):
    out = io.BytesIO()
    record_pdf(event, out, language=language)
    return out.getvalue()


def test_an_event_nobody_signed_gets_a_one_page_record(app, client):
    event = make_event()
    pdf = official_record(event)
    pages = page_texts(pdf)
    assert pages[-1].endswith("hal. 1 dari 1") or "hal. 1 dari 1" in pages[-1]
    text = pdf_text(pdf)
    assert "BERITA ACARA" in text and event.title in text
    assert "Belum ada penanda tangan yang sah" in text
    assert "Jumlah penanda tangan yang sah: 0 orang" in text
    assert seal_status(pdf, client.get("/signing-certificate.pem").data).bottom_line


def test_the_record_lists_every_valid_signatory_in_signing_order(app):
    event = make_event()
    first = make_signature(event, phone="+6281100000001", full_name="Pertama <b>Satu</b>", show_name=False)
    revoked = make_signature(event, phone="+6281100000002", full_name="Ditarik Kembali")
    last = make_signature(event, phone="+6281100000003", full_name="Ketiga & Nur'aini", area_code=None)
    revoked.revoke("Salah orang", actor="organiser")
    db.session.commit()

    text = pdf_text(official_record(event))
    assert "Pertama <b>Satu</b>" in text  # the record is for organisers: every name
    assert "Ketiga & Nur'aini" in text
    assert "Ditarik Kembali" not in text
    assert text.index(first.full_name) < text.index(last.full_name)
    assert "Jumlah penanda tangan yang sah: 2 orang" in text
    for version in event.current_versions():
        assert version.title in text and version.sha256 in re.sub(r"\s", "", text)
    for expected in ("Tana Paser", "Senin, 12 Agustus 2024", "Polres Paser", "Waktu (WITA)"):
        assert expected in text


def test_every_page_says_which_page_of_how_many(app, monkeypatch):
    monkeypatch.setattr(record_module, "BATCH", 7)  # several batches, several pages
    event = make_event()
    for n in range(40):
        make_signature(event, phone=f"+62812000000{n:02d}", full_name=f"Penanda {n:02d}")
    pages = page_texts(official_record(event))
    total = len(pages)
    assert total >= 3
    for number, page in enumerate(pages, start=1):
        assert f"hal. {number} dari {total}" in page
    text = " ".join(pages)
    assert all(f"Penanda {n:02d}" in text for n in range(40))
    assert "Jumlah penanda tangan yang sah: 40 orang" in text
    assert all("Tanda tangan" in page for page in pages[1:])  # the headings repeat


def test_the_english_record_numbers_its_pages_and_counts_in_english(app, client, monkeypatch):
    monkeypatch.setattr(record_module, "BATCH", 7)
    event = make_event()
    for n in range(30):
        make_signature(event, phone=f"+62812000000{n:02d}", full_name=f"Penanda {n:02d}")
    pdf = official_record(event, "en")
    pages = page_texts(pdf)
    total = len(pages)
    assert total >= 2
    for number, page in enumerate(pages, start=1):
        assert f"page {number} of {total}" in page and "hal." not in page
        assert "Official record · " + event.title in page
    text = " ".join(pages)
    assert "Number of valid signatories: 30." in text
    assert "Religious leader" in text and "Tokoh agama" not in text
    assert "Monday, 12 August 2024" in text
    assert re.search(r"\d\d-\d\d-\d{4} \d\d:\d\d", text)  # the time written the English way
    assert "version 1" in text and "Fingerprint of the text version (SHA-256)" in text
    assert seal_status(pdf, client.get("/signing-certificate.pem").data).bottom_line


def test_signature_images_are_read_a_batch_at_a_time(app, monkeypatch):
    monkeypatch.setattr(record_module, "BATCH", 5)
    fetched = []
    real_images = record_module._images
    monkeypatch.setattr(record_module, "_images", lambda ids: fetched.append(len(ids)) or real_images(ids))
    event = make_event()
    for n in range(12):
        make_signature(event, phone=f"+62813000000{n:02d}")
    official_record(event)
    assert fetched == [5, 5, 2]


def test_the_record_is_sealed_and_a_changed_byte_breaks_the_seal(app, client):
    event = make_event()
    make_signature(event)
    pdf = official_record(event)
    pem = client.get("/signing-certificate.pem").data
    assert seal_status(pdf, pem).bottom_line
    assert not seal_status(flip_one_byte(pdf), pem).bottom_line


@pytest.mark.parametrize("name", ["<para>x</para>", "A & B", "😀 Emoji", "x" * 120])
def test_any_name_is_printed_safely_in_the_table(app, name):
    event = make_event()
    make_signature(event, full_name=name)
    pdf = official_record(event)
    assert pdf.startswith(b"%PDF-")
    if name.isascii():
        assert re.sub(r"\s", "", name) in re.sub(r"\s", "", pdf_text(pdf))
