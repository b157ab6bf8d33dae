"""The official record (berita acara) of an event, in the customary form."""

import hashlib
import io
import re

import pytest
from sqlalchemy import select

from pledge import transitions
from pledge.certificates import record as record_module
from pledge.certificates.record import record_pdf
from pledge.extensions import db
from pledge.models import IssuedDocument, SignatureRecord, utcnow
from tests.builders import BERAU, KALTIM, TANJUNG_REDEB, legacy_png_mark, make_event, make_signature
from tests.document_builders import organised_by, with_officials
from tests.pdfs import (
    flip_one_byte,
    images_on_page,
    metadata,
    page_lines,
    page_texts,
    pdf_text,
    seal_status,
    unembedded_fonts,
)


def official_record(event, language="id", now=None):
    out = io.BytesIO()
    record_pdf(event, out, language=language, now=now)
    return out.getvalue()


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()


FOOTER = re.compile(
    r"(Berita acara|Official record) BA/|Disegel secara elektronik;|Sealed electronically;|(hal\.|page) \d+ (dari|of) \d+$"
)


def body_text(pdf):
    """The record's text without its page footers, so that a sentence split over two pages reads whole."""
    return " ".join(line for lines in page_lines(pdf) for line in lines if not FOOTER.match(line))


@pytest.fixture
def paser(app):
    """The demo's organisers, official and witnesses, at the demo's venue."""
    event = make_event(
        place="Hotel Kyriad Sadurengas, Tana Paser", title="Deklarasi Pilkada Damai Kabupaten Paser 2024"
    )
    return with_officials(organised_by(event, "Polres Paser", "KPU Kabupaten Paser"))


def test_the_record_opens_with_the_date_in_words_the_place_and_what_was_signed(paser):
    text = body_text(official_record(paser))
    assert "POLRES PASER KPU KABUPATEN PASER BERITA ACARA" in text
    assert "Penandatanganan Deklarasi Pilkada Damai Kabupaten Paser 2024" in text
    assert "Nomor: BA/12/VIII/2024/Polres Paser" in text
    assert (
        "Pada hari ini, Senin, tanggal dua belas, bulan Agustus, tahun dua ribu dua puluh empat, "
        "bertempat di Hotel Kyriad Sadurengas, Tana Paser, Kabupaten Paser, kami yang bertanda tangan "
        "di bawah ini menyatakan bahwa telah dilaksanakan penandatanganan Deklarasi Pilkada Damai "
        "Kabupaten Paser 2024, dengan para penanda tangan membubuhkan tanda tangannya melalui Portal "
        "Pilkada Damai pada naskah “Naskah declaration” dan “Naskah commitment”, yang berbunyi sebagai berikut:"
    ) in text
    for version in paser.current_versions():
        assert f"{version.title} (versi 1)" in text and version.sha256 in text.replace(" ", "")


def test_the_record_closes_with_the_count_the_place_and_date_and_every_signature_block(paser):
    for n in range(3):
        make_signature(paser, phone=f"+6281100000{n:02d}")
    text = body_text(official_record(paser))
    closing = text[text.index("Jumlah penanda tangan yang sah") :]
    assert re.match(
        r"Jumlah penanda tangan yang sah: 3 \(tiga\) orang, sebagaimana tercatat di portal pada "
        r"\w+, \d+ \w+ \d{4}, pukul \d\d\.\d\d WITA\. "
        r"Demikian berita acara ini dibuat dengan sebenarnya untuk dapat dipergunakan sebagaimana mestinya\. "
        r"Tana Paser, 12 Agustus 2024 ",
        closing,
    ), closing[:400]
    for expected in (
        "Kompol, Wakil Kepala Kepolisian Resor Paser",
        "Donny Dwija Romansa",
        "Saksi-saksi",
        "Kepala Badan Kesatuan Bangsa dan Politik",
        "Pemerintah Kabupaten Paser",
        "Nonding",
        "NIP/NRP 196805121990031007",
        "Kapten Inf., Pasi Ops Kodim 0904/Paser",
        "Hari Subagjio",
        "NIP/NRP 11090012340981",
    ):
        assert expected in closing, expected
    assert closing.index("Donny Dwija Romansa") < closing.index("Saksi-saksi") < closing.index("Nonding")


def test_without_officials_each_organiser_gets_a_block_to_fill_in_by_hand(app):
    event = organised_by(make_event(), "Polres Paser", "KPU Kabupaten Paser")
    text = pdf_text(official_record(event))
    blank = "(" + "." * 40 + ")"
    assert f"Atas nama Polres Paser, Atas nama KPU Kabupaten Paser, {blank} {blank}" in text
    assert "Saksi-saksi" not in text


def test_an_event_nobody_signed_gets_a_short_record(app, client):
    event = make_event()
    pdf = official_record(event)
    pages = page_texts(pdf)
    assert all(f"hal. {n} dari {len(pages)}" in page for n, page in enumerate(pages, start=1))
    text = pdf_text(pdf)
    assert "BERITA ACARA" in text and event.title in text
    assert "Belum ada penanda tangan yang sah" in text
    assert "Jumlah penanda tangan yang sah: 0 (nol) orang" in text
    assert seal_status(pdf, client.get("/seal-certificate.pem").data).bottom_line


def test_the_record_lists_every_valid_signatory_in_signing_order(app):
    event = make_event()
    first = make_signature(event, phone="+6281100000001", full_name="Pertama <b>Satu</b>", show_name=False)
    revoked = make_signature(event, phone="+6281100000002", full_name="Ditarik Kembali")
    last = make_signature(event, phone="+6281100000003", full_name="Ketiga & Nur'aini", area_code=None)
    transitions.revoke(revoked, "Salah orang", "organiser")

    text = pdf_text(official_record(event))
    assert "Pertama <b>Satu</b>" in text  # the record is for organisers: every name
    assert "Ketiga & Nur'aini" in text
    assert "Ditarik Kembali" not in text
    assert text.index(first.full_name) < text.index(last.full_name)
    assert "Jumlah penanda tangan yang sah: 2 (dua) orang" in text
    for expected in (
        "Nama, jabatan, instansi",
        "Unsur",
        "Kecamatan",
        "Waktu (WITA)",
        "Tanda tangan",
        "Kuaro",
    ):
        assert expected in text


def test_an_erased_signer_reads_erased_on_request_without_a_signature_image(app):
    event = make_event()
    # Signed before strokes, as images: the kept row draws its image, the erased one none.
    make_signature(event, phone="+6281100000001", full_name="Tetap Ada", mark=legacy_png_mark())
    erased = make_signature(
        event,
        phone="+6281100000002",
        full_name="Akan Dihapus",
        position="Kepala Desa",
        mark=legacy_png_mark(),
    )
    transitions.erase(erased, actor="panitia@paser.go.id")
    pdf = official_record(event)
    text = pdf_text(pdf)
    assert "Akan Dihapus" not in text
    assert "2 (dihapus atas permintaan) Kepala Desa" in text
    assert "Jumlah penanda tangan yang sah: 2 (dua) orang" in text  # still a valid signature
    list_page = next(n for n, page in enumerate(page_texts(pdf)) if "Tetap Ada" in page)
    assert images_on_page(pdf, list_page) == 1  # the erased row draws no image


def test_a_provincial_record_lists_by_regency_or_city(app):
    event = make_event(region_code=KALTIM, place="Samarinda")
    make_signature(event, area_code=BERAU)
    text = pdf_text(official_record(event))
    assert "Kabupaten/kota" in text and "Berau" in text
    assert TANJUNG_REDEB not in text


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
        assert "Berita acara BA/12/VIII/2024/Polres Paser · Deklarasi Pilkada Damai Uji" in page
    text = " ".join(pages)
    assert all(f"Penanda {n:02d}" in text for n in range(40))
    assert "Jumlah penanda tangan yang sah: 40 (empat puluh) orang" in text
    with_rows = [page for page in pages if re.search(r"Penanda \d\d", page)]
    assert all("Nama, jabatan, instansi" in page for page in with_rows)  # the headings repeat


def test_the_english_record(app, client, monkeypatch):
    monkeypatch.setattr(record_module, "BATCH", 7)
    event = with_officials(organised_by(make_event(), "Polres Paser", "KPU Kabupaten Paser"))
    for n in range(30):
        make_signature(event, phone=f"+62812000000{n:02d}", full_name=f"Penanda {n:02d}")
    transitions.erase(event_record(event, "Penanda 03"), actor="panitia")
    pdf = official_record(event, "en")
    pages = page_texts(pdf)
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"page {number} of {total}" in page and "hal." not in page
        assert "Official record BA/12/VIII/2024/Polres Paser · " + event.title in page
    text = squeeze(body_text(pdf))
    for expected in (
        "OFFICIAL RECORD",
        "Signing of the Deklarasi Pilkada Damai Uji",
        "Number: BA/12/VIII/2024/Polres Paser",
        "On this day, Monday, the twelfth day of August, two thousand and twenty-four, at Tana Paser, "
        "Kabupaten Paser, we the undersigned declare that the signing of Deklarasi Pilkada Damai Uji has taken place",
        "(erased on request)",
        "Number of valid signatories: 30 (thirty), as the portal recorded them on",
        "This official record is drawn up truthfully, to be used as and where required.",
        "Tana Paser, 12 August 2024",
        "Witnesses",
        "Religious leader",
        "version 1",
        "Fingerprint of the text version (SHA-256)",
    ):
        assert expected in text, expected
    assert "Tokoh agama" not in text and "Saksi" not in text
    assert re.search(r"\d\d-\d\d-\d{4} \d\d:\d\d", text)  # the time written the English way
    assert seal_status(pdf, client.get("/seal-certificate.pem").data).bottom_line


def event_record(event, name):
    return db.session.scalar(
        select(SignatureRecord).where(SignatureRecord.event_id == event.id, SignatureRecord.full_name == name)
    )


def test_signature_marks_are_read_a_batch_at_a_time(app, monkeypatch):
    monkeypatch.setattr(record_module, "BATCH", 5)
    fetched = []
    real_marks = record_module._marks
    monkeypatch.setattr(record_module, "_marks", lambda ids: fetched.append(len(ids)) or real_marks(ids))
    event = make_event()
    for n in range(12):
        make_signature(event, phone=f"+62813000000{n:02d}")
    official_record(event)
    assert fetched == [5, 5, 2]


def test_the_record_is_sealed_and_a_changed_byte_breaks_the_seal(app, client):
    event = make_event()
    make_signature(event)
    pdf = official_record(event)
    pem = client.get("/seal-certificate.pem").data
    assert seal_status(pdf, pem).bottom_line
    assert not seal_status(flip_one_byte(pdf), pem).bottom_line


def test_every_record_drawn_up_is_kept_by_its_fingerprint(paser):
    make_signature(paser)
    now = utcnow()
    first, second = official_record(paser, now=now), official_record(paser, "en")
    kept = db.session.scalars(select(IssuedDocument).order_by(IssuedDocument.id)).all()
    assert [(d.kind, d.language, d.number, d.signatories) for d in kept] == [
        ("record", "id", "BA/12/VIII/2024/Polres Paser", 1),
        ("record", "en", "BA/12/VIII/2024/Polres Paser", 1),
    ]
    assert [d.sha256 for d in kept] == [hashlib.sha256(pdf).hexdigest() for pdf in (first, second)]
    assert kept[0].issued_at == now.replace(microsecond=kept[0].issued_at.microsecond)
    info = metadata(first)
    assert abs((info.creation_date - now).total_seconds()) < 1
    assert info.author == "Polres Paser, KPU Kabupaten Paser"
    assert (
        info.title
        == "Berita acara BA/12/VIII/2024/Polres Paser: Deklarasi Pilkada Damai Kabupaten Paser 2024"
    )
    assert unembedded_fonts(first) == set()


@pytest.mark.parametrize("name", ["<para>x</para>", "A & B", "😀 Emoji", "x" * 120])
def test_any_name_is_printed_safely_in_the_table(app, name):
    event = make_event()
    make_signature(event, full_name=name)
    pdf = official_record(event)
    assert pdf.startswith(b"%PDF-")
    if name.isascii():
        assert re.sub(r"\s", "", name) in re.sub(r"\s", "", pdf_text(pdf))
