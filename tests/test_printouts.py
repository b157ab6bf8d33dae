"""The printed invitation cards and the venue poster, read back from the PDF."""

import hashlib
import io
import re

from pypdf import PdfReader
from sqlalchemy import select

from pledge import qr
from pledge.extensions import db
from pledge.models import IssuedDocument
from tests.builders import make_event, make_signature
from tests.console_builders import log_in, make_organiser, make_seat
from tests.document_builders import organised_by
from tests.pdfs import images_on_page, metadata, seal_status, unembedded_fonts


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


def logged_in(client, event):
    make_organiser(events=[event])
    log_in(client)


def test_the_cards_hold_one_card_per_unused_seat_eight_to_an_a4_page(client):
    event = make_event()
    seats = [make_seat(event, institution=f"Kecamatan Nomor {n:02d}", area_code=None) for n in range(10)]
    make_signature(event, seat=seats[0])
    logged_in(client, event)
    response = client.get(f"/admin/events/{event.id}/seats/cards.pdf")
    assert response.mimetype == "application/pdf"
    reader, pages = pdf_text(response.data)
    assert len(pages) == 2
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = " ".join(pages)
    assert "Kecamatan Nomor 00" not in text  # it has signed
    assert all(f"Kecamatan Nomor {n:02d}" in text for n in range(1, 10))
    assert pages[0].count("UNDANGAN PENANDATANGANAN") == 8
    assert "hanya dapat dipakai satu kali" in text
    assert text.count("https://damai.example.id/i/") == 9


def test_the_poster_has_the_title_the_address_and_the_steps(client):
    event = make_event(title="Deklarasi Pilkada Damai Kabupaten Paser 2024")
    logged_in(client, event)
    response = client.get(f"/admin/events/{event.id}/poster.pdf")
    reader, (text,) = pdf_text(response.data)
    assert "Deklarasi Pilkada Damai Kabupaten Paser 2024" in text
    assert "Senin, 12 Agustus 2024" in text
    assert f"https://damai.example.id/e/{event.slug}/sign" in text
    assert "Pindai kode QR dengan kamera ponsel." in text


def test_cards_say_who_invites_when_and_where(client):
    event = organised_by(
        make_event(place="Hotel Kyriad Sadurengas, Tana Paser"),
        "Polres Paser",
        "KPU Kabupaten Paser",
        logos=True,
    )
    for n in range(3):
        make_seat(event, institution=f"Kecamatan Nomor {n}", area_code=None)
    logged_in(client, event)
    response = client.get(f"/admin/events/{event.id}/seats/cards.pdf")
    _reader, (text,) = pdf_text(response.data)
    assert text.count("Polres Paser · KPU Kabupaten Paser") == 3
    assert text.count("Senin, 12 Agustus 2024 · Hotel Kyriad Sadurengas, Tana Paser") == 3
    assert images_on_page(response.data) == 3 * 2  # both logos on every card
    assert metadata(response.data).author == "Polres Paser, KPU Kabupaten Paser"


def test_the_poster_says_who_organises_and_shows_their_logos(client):
    event = organised_by(make_event(), "Polres Paser", "KPU Kabupaten Paser", logos=True)
    logged_in(client, event)
    response = client.get(f"/admin/events/{event.id}/poster.pdf")
    _reader, (text,) = pdf_text(response.data)
    assert "Diselenggarakan oleh Polres Paser dan KPU Kabupaten Paser" in text
    assert "Senin, 12 Agustus 2024 · Tana Paser" in text
    assert images_on_page(response.data) == 2


def test_cards_and_posters_are_sealed_and_kept_by_their_fingerprint(client):
    event = make_event()
    make_seat(event)
    logged_in(client, event)
    pem = client.get("/seal-certificate.pem").data
    served = [
        client.get(f"/admin/events/{event.id}/seats/cards.pdf").data,
        client.get(f"/admin/events/{event.id}/poster.pdf", query_string={"lang": "en"}).data,
    ]
    for pdf in served:
        assert seal_status(pdf, pem).bottom_line
        assert unembedded_fonts(pdf) == set()
    kept = db.session.scalars(select(IssuedDocument).order_by(IssuedDocument.id)).all()
    assert [(d.kind, d.language, d.event_id) for d in kept] == [
        ("invitation_cards", "id", event.id),
        ("poster", "en", event.id),
    ]
    assert [d.sha256 for d in kept] == [hashlib.sha256(pdf).hexdigest() for pdf in served]


def test_the_qr_code_svg_draws_the_code_with_its_quiet_zone():
    rows = qr.matrix("https://damai.example.id/i/abc")
    svg = qr.svg("https://damai.example.id/i/abc")
    size = len(rows) + 2 * qr.QUIET_ZONE
    assert f'viewBox="0 0 {size} {size}"' in svg
    runs = [int(length) for length in re.findall(r"M\d+,\d+h(\d+)v1h-\d+z", svg)]
    assert sum(runs) == sum(sum(1 for dark in row if dark) for row in rows)
    # The finder pattern in the top left corner: a dark ring, a light ring, a dark 3×3 core.
    finder = [[rows[y][x] for x in range(7)] for y in range(7)]
    assert finder[0] == [True] * 7 and finder[1] == [True] + [False] * 5 + [True]
    assert finder[3] == [True, False, True, True, True, False, True]
