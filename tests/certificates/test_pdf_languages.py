"""Every PDF is Indonesian unless `?lang=en` asks for English, whatever the interface's language."""

import pytest

from pledge.tokens import signer_token
from tests.builders import make_event, make_signature
from tests.console_builders import make_seat
from tests.document_builders import with_officials
from tests.pdfs import pdf_text

# Each PDF: its path, the start of its file name (Indonesian, English), words only the
# Indonesian one prints, and words only the English one prints.
PDFS = {
    "signer's certificate": (
        lambda event, record: f"/s/{signer_token(record)}/certificate.pdf",
        ("sertifikat-", "certificate-"),
        ("SERTIFIKAT", "Diberikan kepada", "Nomor sertifikat", "Lampiran", "pukul", "Tokoh agama", "hal. 2"),
        ("CERTIFICATE", "Presented to", "Certificate number", "Annex", "Religious leader", "p. 2"),
    ),
    "console's certificate": (
        lambda event, record: f"/admin/events/{event.id}/signatures/{record.id}/certificate.pdf",
        ("sertifikat-", "certificate-"),
        ("SERTIFIKAT", "Periksa keaslian", "Sidik jari", "Senin, 12 Agustus 2024"),
        ("CERTIFICATE", "Check authenticity", "Fingerprint", "Monday, 12 August 2024"),
    ),
    "official record": (
        lambda event, record: f"/admin/events/{event.id}/record.pdf",
        ("berita-acara-", "official-record-"),
        (
            "BERITA ACARA",
            "Nomor:",
            "Daftar penanda tangan yang sah",
            "Waktu (WITA)",
            "Saksi-saksi",
            "hal. 1 dari",
        ),
        ("OFFICIAL RECORD", "Number:", "List of valid signatories", "Time (WITA)", "Witnesses", "page 1 of"),
    ),
    "invitation cards": (
        lambda event, record: f"/admin/events/{event.id}/seats/cards.pdf",
        ("undangan-", "invitations-"),
        (
            "UNDANGAN PENANDATANGANAN",
            "Pindai kode QR",
            "hanya dapat dipakai satu kali",
            "Senin, 12 Agustus 2024",
        ),
        ("INVITATION TO SIGN", "Scan the QR code", "can be used only once", "Monday, 12 August 2024"),
    ),
    "venue poster": (
        lambda event, record: f"/admin/events/{event.id}/poster.pdf",
        ("poster-", "poster-"),
        (
            "Ikut menandatangani",
            "Pindai kode QR",
            "Senin, 12 Agustus 2024",
            "Diselenggarakan oleh",
            "tanggung jawab kita",
        ),
        (
            "Join the signing",
            "Scan the QR code",
            "Monday, 12 August 2024",
            "Organised by",
            "shared responsibility",
        ),
    ),
}


@pytest.fixture
def organiser(console):
    """A logged-in organiser of an event with a witness, one signature and one seat still to sign."""
    with_officials(console.event)
    make_seat(console.event, institution="Kecamatan Long Ikis")
    console.record = make_signature(console.event)
    return console


def fetch(client, name, **query):
    path = PDFS[name][0](client.event, client.record)
    return client.get(path, query_string=query)


@pytest.mark.parametrize("name", PDFS)
def test_a_pdf_is_indonesian_even_for_someone_reading_the_interface_in_english(organiser, name):
    _path, (filename, _), indonesian, english = PDFS[name]
    organiser.get("/lang/en")
    response = fetch(organiser, name)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f'filename="{filename}' in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert [word for word in indonesian if word not in text] == []
    assert [word for word in english if word in text] == []


@pytest.mark.parametrize("name", PDFS)
def test_lang_en_gives_the_english_pdf_with_no_indonesian_label_left(organiser, name):
    _path, (_, filename), indonesian, english = PDFS[name]
    response = fetch(organiser, name, lang="en")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f'filename="{filename}' in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert [word for word in english if word not in text] == []
    assert [word for word in indonesian if word in text] == []


@pytest.mark.parametrize("name", PDFS)
def test_lang_id_asks_for_the_indonesian_pdf_by_name(organiser, name):
    response = fetch(organiser, name, lang="id")
    assert response.status_code == 200
    assert PDFS[name][2][0] in pdf_text(response.data)


@pytest.mark.parametrize("name", PDFS)
@pytest.mark.parametrize("lang", ["xx", "", "EN", "en-US", "fr"])
def test_a_language_the_portal_does_not_speak_is_not_found(organiser, name, lang):
    assert fetch(organiser, name, lang=lang).status_code == 404


def test_the_signer_page_offers_the_certificate_in_english_too(client):
    record = make_signature(make_event())
    token = signer_token(record)
    page = client.get(f"/s/{token}").text
    assert f'href="/s/{token}/certificate.pdf"' in page
    assert (
        f'href="/s/{token}/certificate.pdf?lang=en" hreflang="en" download>Unduh sertifikat Anda dalam bahasa Inggris (PDF)<'
        in page
    )
    client.get("/lang/en")
    assert "Download your certificate in English (PDF)</a>" in client.get(f"/s/{token}").text


@pytest.mark.parametrize(
    ("page", "link", "english", "indonesian"),
    [
        ("", "poster.pdf", "Venue poster in English (PDF)", "Poster lokasi dalam bahasa Inggris (PDF)"),
        ("", "record.pdf", "Official record in English (PDF)", "Berita acara dalam bahasa Inggris (PDF)"),
        (
            "/seats",
            "seats/cards.pdf",
            "Invitation cards in English (PDF)",
            "Kartu undangan dalam bahasa Inggris (PDF)",
        ),
        ("/seats", "poster.pdf", "Venue poster in English (PDF)", "Poster lokasi dalam bahasa Inggris (PDF)"),
        (
            "/signatures",
            "signatures/{record}/certificate.pdf",
            "Certificate in English (PDF)",
            "Sertifikat dalam bahasa Inggris (PDF)",
        ),
    ],
)
def test_console_pages_link_the_english_pdf_beside_the_indonesian_one(
    organiser, page, link, english, indonesian
):
    event = organiser.event
    base = f"/admin/events/{event.id}"
    target = f"{base}/{link.format(record=organiser.record.id)}"
    html = organiser.get(base + page).text
    assert f'href="{target}"' in html
    assert f'href="{target}?lang=en" hreflang="en">{indonesian}</a>' in html
    organiser.get("/lang/en")
    assert f'href="{target}?lang=en" hreflang="en">{english}</a>' in organiser.get(base + page).text
