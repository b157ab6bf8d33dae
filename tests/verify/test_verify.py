"""Anyone checks a certificate: by its number, or by uploading its PDF."""

import io
import re

import pytest
from reportlab.pdfgen import canvas
from sqlalchemy import select

from pledge import certificate_numbers, printouts, transitions
from pledge.certificates.record import record_pdf
from pledge.certificates.store import certificate_for
from pledge.dates import format_moment
from pledge.extensions import db
from pledge.models import IssuedDocument
from tests.builders import make_event, make_signature
from tests.conftest import make_app, reset_database
from tests.console_builders import make_seat
from tests.pdfs import flip_one_byte


@pytest.fixture
def english(client):
    client.get("/lang/en")
    return client


def verdict(page):
    """Return the verdict section's heading and lead sentence."""
    section = re.search(r'<section class="card verdict[^"]*" id="verdict">(.*?)</section>', page.text, re.S)
    heading = re.search(r"<h1>(.*?)</h1>", section.group(1), re.S).group(1)
    lead = re.search(r'<p class="lead">(.*?)</p>', section.group(1), re.S)
    return heading.strip(), re.sub(r"\s+", " ", lead.group(1)).strip() if lead else ""


def shows_fingerprint(page, record):
    """Whether the page shows the record's fingerprint (grouped by 8, as on the certificate)."""
    grouped = " ".join(f"<span>{part}</span>" for part in re.findall(".{8}", record.fingerprint()))
    return grouped in page.text


def mistype(number):
    """Change the first character so the check character no longer matches."""
    replacement = "1" if number[0] != "1" else "2"
    return replacement + number[1:]


def test_a_valid_number_shows_the_public_fields_and_the_fingerprint(english):
    record = make_signature(make_event(), show_name=True, full_name="Siti Aminah")
    page = english.get(f"/verify/{record.certificate_number}")
    assert page.status_code == 200
    assert verdict(page)[0] == "Valid certificate"
    assert "Siti Aminah" in page.text and shows_fingerprint(page, record)
    assert "Religious leader" in page.text and "Kuaro" in page.text
    assert record.phone not in page.text and "signature.png" not in page.text


def test_a_name_the_signer_kept_private_stays_private(english):
    record = make_signature(make_event(), show_name=False, full_name="Rahasia Sekali")
    page = english.get(f"/verify/{record.certificate_number}")
    assert "Rahasia Sekali" not in page.text
    assert "Not shown publicly at the signer's request" in page.text
    assert shows_fingerprint(page, record)


def test_a_revoked_number_says_when_and_why(english):
    record = make_signature(make_event())
    transitions.revoke(record, "Ditandatangani atas nama orang lain", "organiser")
    page = english.get(f"/verify/{record.certificate_number}")
    heading, lead = verdict(page)
    assert heading == "Revoked certificate"
    assert lead == (
        f"Certificate {record.certificate_label} was issued by this portal, but the signature was revoked."
    )
    assert "Revoked on " in page.text and "Reason: Ditandatangani atas nama orang lain" in page.text


@pytest.mark.parametrize(
    ("number", "status", "heading", "lead"),
    [
        (
            "unknown",
            404,
            "Unknown certificate",
            "This portal never issued a certificate with the number {number}.",
        ),
        (
            "mistyped",
            404,
            "Probably mistyped",
            "The number {number} is probably mistyped: its last character does not match the others. "
            "Please check it against the certificate and type it again.",
        ),
        (
            "malformed",
            404,
            "Not a certificate number",
            "A certificate number has 9 letters and digits, for example K7QD-M2XA-P.",
        ),
    ],
)
def test_numbers_that_name_no_certificate(english, number, status, heading, lead):
    record = make_signature(make_event())
    typed = {
        "unknown": certificate_numbers.generate(),
        "mistyped": mistype(record.certificate_number),
        "malformed": "HELLO",
    }[number]
    page = english.get(f"/verify/{typed}")
    assert page.status_code == status
    assert verdict(page) == (heading, lead.format(number=typed))


def test_a_number_typed_loosely_leads_to_its_canonical_page(english):
    record = make_signature(make_event())
    loose = certificate_numbers.display(record.certificate_number).lower()
    response = english.get(f"/verify/{loose}")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/verify/{record.certificate_number}"


def test_the_form_takes_a_typed_number(english):
    record = make_signature(make_event())
    typed = " " + certificate_numbers.display(record.certificate_number).lower() + " "
    response = english.get("/verify", query_string={"number": typed})
    assert (
        response.status_code == 303 and response.headers["Location"] == f"/verify/{record.certificate_number}"
    )
    mistyped = english.get("/verify", query_string={"number": mistype(record.certificate_number)})
    assert verdict(mistyped)[0] == "Probably mistyped"


def test_the_form_asks_for_a_number_when_none_is_typed(english):
    page = english.get("/verify", query_string={"number": ""})
    assert "Please type the certificate number." in page.text


def test_the_verification_page_offers_both_ways_in_indonesian(client):
    page = client.get("/verify")
    assert page.status_code == 200
    assert 'name="number"' in page.text and 'type="file"' in page.text
    assert 'href="/seal-certificate.pem"' in page.text
    assert '<html lang="id">' in page.text


def upload(client, data, filename="sertifikat.pdf"):
    return client.post(
        "/verify",
        data={"document": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def plain_pdf(text="Sertifikat palsu"):
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, text)
    pdf.save()
    return out.getvalue()


def test_an_uploaded_certificate_is_genuine_and_valid(english):
    record = make_signature(make_event())
    page = upload(english, certificate_for(record).pdf)
    assert page.status_code == 200
    assert verdict(page) == (
        "Genuine and valid",
        "This PDF is a certificate issued by this portal, unchanged since it was sealed, and the signature stands.",
    )
    assert shows_fingerprint(page, record)


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_certificate_in_either_language_is_genuine_on_upload(english, language):
    record = make_signature(make_event())
    certificate_for(record, "id" if language == "en" else "en")  # the other one exists too
    page = upload(english, certificate_for(record, language).pdf)
    assert verdict(page)[0] == "Genuine and valid"
    assert shows_fingerprint(page, record)


def test_an_uploaded_certificate_of_a_revoked_signature_says_since_when(english):
    record = make_signature(make_event())
    pdf = certificate_for(record).pdf
    transitions.revoke(record, "Permintaan penanda tangan", "organiser")
    page = upload(english, pdf)
    since = format_moment(record.revoked_at, record.event.timezone, "en")
    assert verdict(page) == (
        "Genuine, but revoked",
        "This PDF is a certificate issued by this portal while the signature stood, unchanged since it "
        f"was sealed, but the signature has been revoked since {since}.",
    )
    assert "Reason: Permintaan penanda tangan" in page.text


def test_the_dicabut_certificate_on_upload_is_genuine_and_stamped_revoked(english):
    record = make_signature(make_event())
    transitions.revoke(record, "Permintaan penanda tangan", "organiser")
    page = upload(english, certificate_for(record).pdf)
    assert verdict(page) == (
        "Genuine, stamped REVOKED",
        "This PDF is the certificate this portal issued after the signature was revoked, stamped REVOKED "
        "and unchanged since it was sealed. It is no proof of signing.",
    )
    assert "verdict-revoked" in page.text
    assert "Reason: Permintaan penanda tangan" in page.text and shows_fingerprint(page, record)


def test_an_uploaded_certificate_changed_after_sealing_is_altered(english):
    record = make_signature(make_event())
    page = upload(english, flip_one_byte(certificate_for(record).pdf))
    assert verdict(page) == (
        "Altered after sealing",
        "This PDF carries this portal's seal, but it was changed after it was sealed. "
        "Do not trust what it shows; check the certificate number instead.",
    )
    assert not shows_fingerprint(page, record)


def another_portals_certificate(tmp_path):
    """A certificate sealed by another installation, with a key of its own."""
    # Its own SQLite file, whatever database the suite runs on, so ours is left alone.
    other = make_app(
        tmp_path / "other",
        SEAL_KEY_PATH=str(tmp_path / "other-key.pem"),
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.db'}",
    )
    reset_database(other)
    with other.app_context():
        pdf = certificate_for(make_signature(make_event())).pdf
        db.session.remove()
        db.engine.dispose()
    return pdf


@pytest.mark.parametrize("kind", ["unsealed", "another_portal"])
def test_a_pdf_this_portal_did_not_seal_is_not_ours(english, tmp_path, kind):
    if kind == "unsealed":
        data = plain_pdf()
    else:
        (tmp_path / "other").mkdir()
        data = another_portals_certificate(tmp_path)
    page = upload(english, data)
    assert verdict(page) == (
        "Not issued by this portal",
        "This PDF is not a document sealed by this portal.",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"GIF89a not a pdf",
            "This file is not a PDF. Please choose the PDF you downloaded from the portal.",
        ),
        (
            b"%PDF-" + b"0" * (10 * 1024),
            "The file is larger than 10 KB: no PDF this portal issues is that large.",
        ),
        (None, "Please choose the PDF file to check."),
    ],
)
def test_uploads_that_cannot_be_checked_are_refused_with_a_reason(app, english, data, message):
    app.config["VERIFY_UPLOAD_MAX_BYTES"] = 10 * 1024
    if data is None:
        page = english.post("/verify", data={}, content_type="multipart/form-data")
    else:
        page = upload(english, data)
    assert page.status_code == 422
    assert message in page.text


def test_a_damaged_pdf_gets_a_clear_answer(english):
    page = upload(english, b"%PDF-1.7\n garbage that is no pdf")
    assert verdict(page)[0] == "Not a readable PDF"


CRAFTED_PDFS = {
    "startxref past any offset": b"%PDF-1.7\nstartxref\n99999999999999999999999\n%%EOF",
    "an xref stream that is no deflate": (
        b"%PDF-1.7\n1 0 obj<</Type/XRef/Size 3/W[1 2 1]/Filter/FlateDecode/Length 5>>stream\n"
        b"abcde\nendstream\nendobj\nstartxref\n9\n%%EOF"
    ),
    "an xref of 10^11 entries": (
        b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\nxref\n0 99999999999\n"
        b"0000000000 65535 f \ntrailer<</Root 1 0 R>>\nstartxref\n9\n%%EOF"
    ),
}


@pytest.mark.parametrize("pdf", CRAFTED_PDFS.values(), ids=CRAFTED_PDFS.keys())
def test_a_crafted_pdf_is_answered_as_unreadable_not_with_an_error(english, pdf):
    page = upload(english, pdf)
    assert page.status_code == 200
    assert verdict(page)[0] == "Not a readable PDF"


def test_the_default_upload_limit_is_read_as_megabytes(app):
    from pledge.verify.forms import _megabytes

    assert _megabytes(app.config["VERIFY_UPLOAD_MAX_BYTES"]) == "16 MB"


def test_the_seal_certificate_is_served_as_pem_and_its_old_address_leads_there(client):
    response = client.get("/seal-certificate.pem")
    assert response.status_code == 200
    assert response.mimetype == "application/x-pem-file"
    assert response.data.startswith(b"-----BEGIN CERTIFICATE-----")
    old = client.get("/signing-certificate.pem")
    assert old.status_code == 301 and old.headers["Location"] == "/seal-certificate.pem"


def official_record(event, language="id"):
    out = io.BytesIO()
    record_pdf(event, out, language=language)
    return out.getvalue()


@pytest.mark.parametrize("language", ["id", "en"])
def test_an_uploaded_official_record_says_which_record_it_is(english, language):
    event = make_event(title="Deklarasi Pilkada Damai Kabupaten Paser 2024")
    for n in range(3):
        make_signature(event, phone=f"+6281100000{n:02d}")
    pdf = official_record(event, language)
    document = db.session.scalar(select(IssuedDocument))
    when = format_moment(document.issued_at, event.timezone, "en")
    page = upload(english, pdf)
    assert verdict(page) == (
        "Genuine official record",
        "This PDF is the official record of Deklarasi Pilkada Damai Kabupaten Paser 2024, number "
        f"BA/12/VIII/2024/Polres Paser, drawn up on {when}, listing 3 valid signatories. "
        "It is unchanged since it was sealed.",
    )
    assert "later signatures and revocations are not in it" in page.text


def test_the_record_answer_is_in_the_readers_language(client):
    event = make_event()
    make_signature(event)
    page = upload(client, official_record(event, "en"))
    assert verdict(page)[0] == "Berita acara asli"
    assert re.match(
        r"PDF ini adalah berita acara Deklarasi Pilkada Damai Uji, nomor BA/12/VIII/2024/Polres Paser, yang "
        r"dibuat pada \w+, \d+ \w+ \d{4}, pukul \d\d\.\d\d WITA dan memuat 1 penanda tangan yang sah\.",
        verdict(page)[1],
    )


def test_a_record_of_one_signatory_says_signatory(english):
    event = make_event()
    make_signature(event)
    assert "listing 1 valid signatory." in verdict(upload(english, official_record(event)))[1]


def test_an_altered_record_is_altered(english):
    event = make_event()
    make_signature(event)
    assert verdict(upload(english, flip_one_byte(official_record(event))))[0] == "Altered after sealing"


def test_uploaded_invitation_cards_and_posters_are_recognised(english):
    event = make_event()
    seat = make_seat(event)
    cards = printouts.invitation_cards(event, [(seat, "https://damai.example.id/i/x")])
    poster = printouts.poster(event, "https://damai.example.id/e/x/sign", "en")
    kept = db.session.scalars(select(IssuedDocument).order_by(IssuedDocument.id)).all()
    when = [format_moment(document.issued_at, event.timezone, "en") for document in kept]
    assert verdict(upload(english, cards)) == (
        "Genuine invitation cards",
        f"This PDF holds invitation cards for {event.title}, printed by this portal on {when[0]} "
        "and unchanged since it was sealed.",
    )
    assert verdict(upload(english, poster)) == (
        "Genuine venue poster",
        f"This PDF is the venue poster of {event.title}, printed by this portal on {when[1]} "
        "and unchanged since it was sealed.",
    )


def test_a_record_larger_than_any_other_request_may_be_can_be_checked(tmp_path):
    """The sign form's limit (MAX_CONTENT_LENGTH) does not cap the upload, CSRF check included."""
    app = make_app(tmp_path, MAX_CONTENT_LENGTH=20 * 1024)
    reset_database(app)
    with app.app_context():
        client = app.test_client()
        event = make_event()
        make_signature(event)
        pdf = official_record(event)
        assert len(pdf) > 20 * 1024
        form = client.get("/verify").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        page = client.post(
            "/verify",
            data={"csrf_token": token, "document": (io.BytesIO(pdf), "berita-acara.pdf")},
            content_type="multipart/form-data",
        )
        assert page.status_code == 200 and verdict(page)[0] == "Berita acara asli"
        db.session.remove()
        db.engine.dispose()


def nested_arrays_pdf(depth=200_000):
    """A well-formed PDF whose catalogue is `depth` arrays inside each other."""
    head = b"%PDF-1.7\n"
    body = b"1 0 obj\n" + b"[" * depth + b"]" * depth + b"\nendobj\n"
    xref = b"xref\n0 2\n0000000000 65535 f \n" + f"{len(head):010d} 00000 n \n".encode()
    startxref = str(len(head) + len(body)).encode()
    return head + body + xref + b"trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n" + startxref + b"\n%%EOF"


def test_a_pdf_of_nested_arrays_is_answered_as_unreadable_not_with_an_error(client):
    response = upload(client, nested_arrays_pdf())
    assert response.status_code == 200
    assert "PDF tidak dapat dibaca" in response.text
