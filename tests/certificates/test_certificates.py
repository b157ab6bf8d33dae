"""The certificate PDF: what it prints, its text safety, its seal, and storing it once."""

import hashlib
import re

import pytest
import segno

from pledge import certificate_numbers
from pledge.certificates import keys, seal
from pledge.certificates.layout import QRCode
from pledge.certificates.render import CertificateContent
from pledge.certificates.store import certificate_for, verify_url
from pledge.models import Certificate
from pledge.tokens import signer_token
from tests.builders import make_event, make_signature
from tests.pdfs import (
    flip_one_byte,
    font_names,
    page_texts,
    pdf_text,
    qr_points_at,
    seal_status,
    unembedded_fonts,
)


def squeeze(text):
    return re.sub(r"\s+", "", text)


def test_a_certificate_prints_everything_the_signer_agreed_to(app):
    event = make_event()
    record = make_signature(
        event, full_name="Andi Baso", position="Camat Kuaro", institution="Kecamatan Kuaro"
    )
    pdf = certificate_for(record).pdf
    text = pdf_text(pdf)
    for expected in (
        event.title,
        "Tana Paser",
        "Senin, 12 Agustus 2024",
        "Andi Baso",
        "Camat Kuaro",
        "Kecamatan Kuaro",
        "Tokoh agama",  # the category, in Indonesian
        "pukul",
        record.certificate_label,
        f"https://damai.example.id/verify/{record.certificate_number}",
    ):
        assert expected in text, expected
    for version in event.current_versions():
        assert version.title in text
        for paragraph in version.paragraphs:
            assert paragraph in text
        assert version.sha256 in squeeze(text)
    assert record.fingerprint() in squeeze(text)


def test_the_first_page_is_the_certificate_and_the_texts_follow(app):
    record = make_signature(make_event())
    pages = page_texts(certificate_for(record).pdf)
    assert len(pages) >= 2
    assert "SERTIFIKAT" in pages[0] and record.certificate_label in pages[0]
    assert "Lampiran" in pages[1] and record.certificate_label in pages[1]


def test_the_qr_code_points_at_the_public_verification_page(app):
    record = make_signature(make_event())
    assert verify_url(record) == f"https://damai.example.id/verify/{record.certificate_number}"
    content = CertificateContent.of(record, verify_url(record), "Portal Pilkada Damai")
    expected = segno.make_qr(content.verify_url, error="m", mask=0).matrix
    assert drawn_modules(QRCode(content.verify_url, 100)) == [list(row) for row in expected]
    assert qr_points_at(certificate_for(record).pdf, verify_url(record))  # the code page 1 draws


class _RecordingCanvas:
    """Just enough of a reportlab canvas to record the squares a QR code fills."""

    def __init__(self):
        self.squares = []

    def beginPath(self):  # noqa: N802 - reportlab's name
        return self

    def rect(self, x, y, width, height, **kwargs):
        self.squares.append((x, y, width, height))

    def setFillColor(self, colour):  # noqa: N802 - reportlab's name
        pass

    def setFillColorRGB(self, *rgb):  # noqa: N802 - reportlab's name
        pass

    def saveState(self):  # noqa: N802 - reportlab's name
        pass

    def restoreState(self):  # noqa: N802 - reportlab's name
        pass

    def drawPath(self, path, **kwargs):  # noqa: N802 - reportlab's name
        pass


def drawn_modules(qr):
    """Read back, from the squares drawn, which modules of the code are dark."""
    canvas = _RecordingCanvas()
    qr.canv = canvas
    qr.draw()
    size = len(qr.matrix)
    unit = qr.size / (size + 4)
    modules = [[0] * size for _ in range(size)]
    for x, y, width, _height in canvas.squares[1:]:  # the first is the white background
        row = round((qr.size - y) / unit) - 1 - 2
        first = round(x / unit) - 2
        for column in range(first, first + round(width / unit)):
            modules[row][column] = 1
    return modules


def test_the_verification_url_follows_the_request_when_no_public_base_url_is_set(app, client):
    app.config["PUBLIC_BASE_URL"] = None
    record = make_signature(make_event())
    pdf = client.get(f"/s/{signer_token(record)}/certificate.pdf").data
    assert f"http://localhost/verify/{record.certificate_number}" in pdf_text(pdf)


@pytest.mark.parametrize(
    "name",
    [
        "<b>Bold</b> Tag",
        "Ahmad & Sons <i>",
        'Siti "Ani" O\'Neil',
        "</para><para>x",
        '<font size="40" color="red">Big</font>',
        "&amp; literally",
        "Nur'aini Sé Ñoño Çağlar",
    ],
)
def test_a_name_prints_exactly_as_typed(app, name):
    record = make_signature(make_event(), full_name=name)
    text = pdf_text(certificate_for(record).pdf)
    assert name in text


def test_a_name_of_200_characters_fits_on_the_certificate(app):
    name = ("Andi Muhammad Baso Daeng Patompo " * 7)[:200]
    assert len(name) == 200
    record = make_signature(make_event(), full_name=name)
    pages = page_texts(certificate_for(record).pdf)
    assert squeeze(name) in squeeze(pages[0])
    assert record.certificate_label in pages[0]


@pytest.mark.parametrize("name", ["Budi 😀 Santoso", "王小明", "अर्जुन", "Zoë\u0301 \U0001d49c"])
def test_characters_the_font_lacks_never_stop_the_certificate(app, name):
    record = make_signature(make_event(), full_name=name)
    pdf = certificate_for(record).pdf
    assert pdf.startswith(b"%PDF-")
    assert record.certificate_label in pdf_text(pdf)


def test_the_font_is_embedded_from_reportlab(app):
    record = make_signature(make_event())
    pdf = certificate_for(record).pdf
    names = font_names(pdf)
    assert any("Vera" in name for name in names), names
    assert unembedded_fonts(pdf) == set()  # no font left for a reader to substitute


def test_a_certificate_validates_against_the_served_certificate(app, client):
    record = make_signature(make_event())
    pdf = client.get(f"/s/{signer_token(record)}/certificate.pdf").data
    pem = client.get("/seal-certificate.pem")
    assert pem.status_code == 200 and pem.data.startswith(b"-----BEGIN CERTIFICATE-----")
    status = seal_status(pdf, pem.data)
    assert status.bottom_line and status.intact and status.trusted
    assert status.coverage == status.coverage.ENTIRE_FILE


def test_one_changed_byte_fails_validation(app, client):
    record = make_signature(make_event())
    pdf = certificate_for(record).pdf
    pem = client.get("/seal-certificate.pem").data
    status = seal_status(flip_one_byte(pdf), pem)
    assert not status.bottom_line and not status.intact
    assert seal.check_seal(flip_one_byte(pdf)).check == seal.SealCheck.ALTERED


def test_the_seal_names_the_organising_institution(app, client):
    app.config["SEAL_INSTITUTION"] = "Bawaslu Kabupaten Paser"
    pem = client.get("/seal-certificate.pem").data
    assert b"BEGIN CERTIFICATE" in pem
    material = keys.key_material()
    assert "Bawaslu Kabupaten Paser" in material.certificate.subject.rfc4514_string()


def test_the_key_is_read_once_per_process(app, tmp_path):
    record = make_signature(make_event())
    certificate_for(record)
    first = keys.key_material()
    (tmp_path / "signing_key.pem").unlink()  # a second read would fail
    other = make_signature(make_event(slug="kedua"), phone="+6281111111111")
    assert seal.check_seal(certificate_for(other).pdf).check == seal.SealCheck.INTACT
    assert keys.key_material() is first


def test_every_download_returns_the_same_bytes(app, client):
    record = make_signature(make_event())
    url = f"/s/{signer_token(record)}/certificate.pdf"
    first, second = client.get(url), client.get(url)
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    assert first.data == second.data
    stored = Certificate.for_record(record)
    assert stored.sha256 == hashlib.sha256(first.data).hexdigest()


def test_the_filename_carries_the_certificate_number(app, client):
    record = make_signature(make_event())
    response = client.get(f"/s/{signer_token(record)}/certificate.pdf")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f"sertifikat-{certificate_numbers.display(record.certificate_number)}.pdf" in disposition


def test_the_signer_page_offers_the_download(app, client):
    record = make_signature(make_event())
    token = signer_token(record)
    page = client.get(f"/s/{token}")
    assert f'href="/s/{token}/certificate.pdf"' in page.text


def test_a_forged_token_downloads_nothing(app, client):
    make_signature(make_event())
    assert client.get("/s/forged.token/certificate.pdf").status_code == 404


def test_the_english_certificate_prints_the_same_record_in_english(app):
    event = make_event()
    record = make_signature(event, full_name="Andi Baso", area_code="64.01.05")
    text = pdf_text(certificate_for(record, "en").pdf)
    for expected in (
        "CERTIFICATE",
        "Signing of the Declaration",
        "Monday, 12 August 2024",
        "Presented to",
        "Andi Baso",
        "Religious leader · Kecamatan Kuaro",
        "who has read, agreed to and signed:",
        "WITA.",
        "Certificate number",
        record.certificate_label,
        "Annex: the texts signed",
        f"https://damai.example.id/verify/{record.certificate_number}",
    ):
        assert expected in text, expected
    assert re.search(r"on \w+day, \d+ \w+ \d{4}, \d\d:\d\d WITA\.", text)
    for version in event.current_versions():
        assert version.title in text and version.sha256 in squeeze(text)
    assert record.fingerprint() in squeeze(text)


def test_the_english_certificate_is_stored_once_and_apart_from_the_indonesian_one(app, client):
    record = make_signature(make_event())
    url = f"/s/{signer_token(record)}/certificate.pdf"
    indonesian = client.get(url).data
    first, second = client.get(url, query_string={"lang": "en"}), client.get(url, query_string={"lang": "en"})
    assert first.status_code == 200 and first.data == second.data
    assert first.data != indonesian
    assert client.get(url).data == indonesian  # asking for English changed nothing of it
    english = Certificate.for_record(record, "en")
    assert english.sha256 == hashlib.sha256(first.data).hexdigest() and english.language == "en"
    assert Certificate.for_record(record).language == "id"
    assert first.headers["ETag"] == f'"{english.sha256}"'
    disposition = first.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="certificate-{record.certificate_label}.pdf"'


def test_the_english_certificate_is_sealed_like_the_indonesian_one(app, client):
    record = make_signature(make_event())
    pem = client.get("/seal-certificate.pem").data
    for language in ("id", "en"):
        status = seal_status(certificate_for(record, language).pdf, pem)
        assert status.bottom_line and status.intact and status.trusted, language
        assert status.coverage == status.coverage.ENTIRE_FILE
